"""`crawler new`: the stories new, updated or removed since the last review."""

from __future__ import annotations

import argparse

from crawler.cli import options
from crawler.cli.base import EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("new", help="list the stories new, updated or removed since the last review")
    options.add_db(p)
    options.add_site(p, "only stories seen on this site")
    options.add_limit(p, "show at most N stories (default: all)")
    options.add_tag_filters(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from crawler.review.queue import portal_names, reading, render_queue, review_queue

    with reading(args.db) as db:
        queue = review_queue(db, site_id=args.site, limit=args.limit, province=args.province,
                             case_type=args.case_type)
        names = portal_names(db)
    print(render_queue(queue, site_id=args.site, names=names, province=args.province, case_type=args.case_type))
    return EXIT_OK
