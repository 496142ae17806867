"""`crawler runs`: the recent crawl runs with their figures."""

from __future__ import annotations

import argparse

from crawler.cli import options
from crawler.cli.base import EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("runs", help="list recent crawl runs with their figures")
    options.add_db(p)
    options.add_site(p, "only this site's runs")
    options.add_limit(p, "at most N runs (default: %(default)s)", default=20)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from crawler.review.queue import portal_names, reading, render_runs
    from storage import RunRepository

    with reading(args.db) as db:
        runs = RunRepository(db).recent(site_id=args.site, limit=args.limit)
        names = portal_names(db)
    print(render_runs(runs, names))
    return EXIT_OK
