"""Monitoring: the scheduler that re-crawls each portal in its own process, and alerts."""
