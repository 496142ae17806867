"""Benchmarks, run from the repository root: ``python -m bench.extraction`` (see docs/benchmarks.md)."""
