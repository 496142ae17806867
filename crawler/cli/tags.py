"""`crawler tags`: the stories by today's province and by case type; `--backfill` tags the stories stored
before tagging existed."""

from __future__ import annotations

import argparse
import sys

from crawler.cli import options
from crawler.cli.base import EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("tags", help="stories by province (as it is today) and case type; tag old stories")
    options.add_db(p)
    p.add_argument("--backfill", action="store_true",
                   help="tag the stories that have no tags yet (stored before tagging existed)")
    p.add_argument("--new", action="store_true", help="count only the stories not yet reviewed")
    p.add_argument("--all", action="store_true", help="list every province and type, those with no story too")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from crawler.review.queue import reading
    from crawler.tagging import Taxonomy, province_names
    from storage import queue
    from storage.tags import PROVINCE, TYPE, facet_counts

    with reading(args.db) as db:
        if args.backfill:
            from crawler.crawl.tags import backfill

            tagged = backfill(db, progress=lambda n: print(f"  tagged {n} ...", file=sys.stderr, flush=True))
            print(f"tagged {tagged} stor{'y' if tagged == 1 else 'ies'} that had no tags")
        where = [queue.unreviewed()] if args.new else []
        with db.sessions() as session:
            provinces, types = facet_counts(session, PROVINCE, where), facet_counts(session, TYPE, where)
    names = province_names()
    labels = {t.id: t.label for t in Taxonomy.load().types.values()}
    scope = "unreviewed stories" if args.new else "stories"
    print(f"{scope} by province (as it is today; --province takes the key or a name, a former province's too):")
    for key, name in names.items():
        if args.all or provinces.get(key):
            print(f"  {key:16} {name:16} {provinces.get(key, 0):>7}")
    print(f"\n{scope} by case type (--type):")
    for key, label in labels.items():
        if args.all or types.get(key):
            print(f"  {key:20} {label:32} {types.get(key, 0):>7}")
    if not args.all:
        print("\n(crawler tags --all lists every province and type)")
    return EXIT_OK
