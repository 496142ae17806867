"""`crawler sites`: the registry's sites with their crawl health and alerts."""

from __future__ import annotations

import argparse
import sys

from crawler.cli import options
from crawler.cli.base import EXIT_OK
from crawler.crawl.registry import load_sites


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("sites", help="list the registry's sites with their crawl health and alerts")
    options.add_sites(p)
    options.add_db(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from crawler.review.queue import reading, render_registry, render_sites
    from storage import DatabaseError, RunRepository

    sites = load_sites(args.sites)
    try:
        with reading(args.db) as db:
            overviews = RunRepository(db).overview([s.id for s in sites])
    except (DatabaseError, SQLAlchemyError) as exc:
        # The registry is worth showing on its own: it is what a first-time user checks before any crawl.
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"warning: {reason} (showing the registry only)", file=sys.stderr)
        print(render_registry(sites))
        return EXIT_OK
    print(render_sites(sites, overviews))
    return EXIT_OK
