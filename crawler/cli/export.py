"""`crawler export`: print the stored articles as JSON lines or CSV."""

from __future__ import annotations

import argparse
import sys

from crawler.cli import options
from crawler.cli.base import EXIT_OK, CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("export", help="print stored articles as JSON lines or CSV")
    options.add_db(p)
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.add_argument("--new", action="store_true", help="only articles not yet reviewed")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    options.add_tag_filters(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from crawler.review.export import records, write_csv, write_jsonl
    from storage import ArticleRepository, open_database

    db = open_database(args.db)
    try:
        try:
            out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"{args.output}: cannot write: {exc.strerror}") from None
        try:
            writer = write_csv if args.format == "csv" else write_jsonl
            count = writer(records(ArticleRepository(db), new_only=args.new, province=args.province,
                                        case_type=args.case_type), out)
        finally:
            if args.output:
                out.close()
    finally:
        db.dispose()
    print(f"exported {count} article(s)", file=sys.stderr)
    return EXIT_OK
