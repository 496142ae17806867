"""Monitoring crawler for Vietnamese provincial police news portals."""

__version__ = "0.1.0"
