"""`crawler show`: one stored story, every field, its URLs, versions and their diffs."""

from __future__ import annotations

import argparse
import json
import sys
import typing

from crawler.cli import options
from crawler.cli.base import EXIT_OK, CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("show", help="print one stored story: every field, its URLs, versions and their diffs")
    p.add_argument("id", type=options.article_id, metavar="ID")
    options.add_db(p)
    options.add_json(p, "print a JSON object instead of text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from crawler.review.queue import article_json, portal_names, reading, render_article
    from storage import ArticleRepository
    from storage.tags import tags_of

    with reading(args.db) as db:
        article = ArticleRepository(db).get(args.id)
        names = portal_names(db)
        tags = tags_of(db, [args.id]).get(args.id)
        also = _also_published(db, args.id) if article is not None and not args.json else []
    if article is None:
        raise CommandError(f"no article with id {args.id}")
    if args.json:
        json.dump(article_json(article, tags), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(render_article(article, names, tags))
        if also:  # the same story, edited, on other portals (storage.near_dups): earliest first
            print("\nAlso published by:\n" + "\n".join(also))
    return EXIT_OK


def _also_published(db: typing.Any, article_id: int) -> list[str]:
    from crawler.review.queue import local_time
    from storage.near_dups import also_published

    return [f"  {a.site_id}, first seen {local_time(a.first_seen_at)}, {a.url}  (article {a.article_id})"
            for a in also_published(db, article_id)]
