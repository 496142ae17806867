"""`crawler feed`: print the Atom feed of new articles, overall or of one site."""

from __future__ import annotations

import argparse
import sys

from crawler.cli import options
from crawler.cli.base import EXIT_OK, CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("feed", help="print the Atom feed of new articles (overall, or of one site)")
    options.add_db(p)
    options.add_site(p, "only articles first seen on this site")
    options.add_limit(p, "at most N entries (default: %(default)s)", default=50)
    options.add_tag_filters(p)
    p.add_argument("--base-url", default="http://127.0.0.1:8080/", metavar="URL",
                   help="where `crawler web` serves, for the feed's links (default: %(default)s)")
    options.add_portal_names(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from crawler.review.feeds import atom_feed
    from crawler.review.queue import reading
    from storage import ArticleRepository

    names = {s.id: s.name for s in options.portal_sites(args.sites)}
    with reading(args.db) as db:
        if args.site and args.site not in names and not ArticleRepository(db).has_known_urls(args.site):
            raise CommandError(f"unknown site {args.site!r}: not in the registry and never crawled")
        body = atom_feed(db, site_id=args.site, site_name=names.get(args.site or ""), limit=args.limit,
                         base_url=args.base_url, province=args.province, case_type=args.case_type)
    sys.stdout.buffer.write(body)
    sys.stdout.flush()
    return EXIT_OK
