"""The tagging benchmark's sets (set-N/*.jsonl, written by helpers from BRIEF.md) and its scorer (__main__)."""
