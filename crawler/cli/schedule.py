"""`crawler schedule` (and `python scheduler.py`): re-crawl every site on its interval until Ctrl-C or SIGTERM.

The scheduler itself is `crawler.monitoring.schedule`; this module declares its options.
"""

from __future__ import annotations

import argparse

from crawler.cli import options
from crawler.monitoring.jobs import RUN_TIMEOUT_FACTOR, RUN_TIMEOUT_MAX, RUN_TIMEOUT_MIN


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("schedule", help="re-crawl every site on its interval until Ctrl-C or SIGTERM")
    add_options(p)
    p.set_defaults(func=run)


def add_options(parser: argparse.ArgumentParser) -> None:
    """The options of `crawler schedule` and `python scheduler.py`."""
    options.add_sites(parser)
    options.add_site(parser, "schedule only this site (repeatable); stored jobs of other sites are removed",
                     repeatable=True)
    options.add_db(parser, help="database URL for the articles and the schedule "
                                "(default: $DATABASE_URL, then sqlite:///data/crawler.sqlite)")
    parser.add_argument("--once", action="store_true",
                        help="crawl each site once now, in parallel, and exit (the stored schedule is untouched)")
    parser.add_argument("--run-timeout", type=options.positive_seconds, metavar="SECONDS",
                        help=f"stop a crawl that runs longer than this (default: {RUN_TIMEOUT_FACTOR} intervals, "
                             f"at least {RUN_TIMEOUT_MIN:.0f}s, at most {RUN_TIMEOUT_MAX:.0f}s)")
    options.add_log_level(parser, "INFO", any_case=True)
    options.add_metrics(parser)
    parser.add_argument("--distributed", action="store_true",
                        help="each run only feeds the site's start requests into Redis ($REDIS_URL) "
                             "for `crawler worker` processes")


def run(args: argparse.Namespace) -> int:
    """The scheduler tells its own errors (one `error:` line, exit 2) and handles its signals."""
    from crawler.monitoring import schedule as scheduler

    return scheduler.run(args)
