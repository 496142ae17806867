"""`crawler review`: mark stories reviewed, so `crawler new` no longer lists them (recorded under the login name
of whoever runs it)."""

from __future__ import annotations

import argparse
import getpass

from crawler.cli import options
from crawler.cli.base import EXIT_OK, CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("review", help="mark stories reviewed, so `crawler new` no longer lists them")
    p.add_argument("ids", nargs="*", type=options.article_id, metavar="ID")
    p.add_argument("--all", action="store_true", help="mark every unreviewed story")
    options.add_db(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from crawler.review.queue import missing_ids, no_article_message, reading, reviewed_message
    from storage import ArticleRepository

    if args.all == bool(args.ids):
        raise CommandError("give article ids or --all, not both" if args.all else "give article ids or --all")
    with reading(args.db) as db:
        if args.all:
            print(reviewed_message(ArticleRepository(db).review(None, by=_login()), None))
            return EXIT_OK
        missing = missing_ids(db, args.ids)
        if missing:
            raise CommandError(no_article_message(missing))
        marked = ArticleRepository(db).review(args.ids, by=_login())
    print(reviewed_message(marked, len(set(args.ids))))
    return EXIT_OK


def _login() -> str | None:
    """Who runs the command (the reviewer the store records), if the system says."""
    try:
        return getpass.getuser()[:64] or None
    except (OSError, KeyError):
        return None
