"""`crawler search`: search the stored stories; no need for diacritics (cong an lang son)."""

from __future__ import annotations

import argparse
import json
import sys

from crawler.cli import options
from crawler.cli.base import EXIT_OK, CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("search", help="search stored stories; no need for diacritics (cong an lang son)")
    p.add_argument("query", metavar="QUERY", help='words, all required; "quoted words" in a row')
    options.add_site(p, "only stories of this site")
    options.add_tag_filters(p)
    options.add_limit(p, "at most N stories (default: %(default)s)", default=20)
    options.add_json(p, "print a JSON array instead of a table")
    options.add_db(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from crawler.review.queue import TERMINAL_WIDTH, local_time, one_line, reading, render_table, shorten
    from storage.search import SearchError, count, search

    try:
        with reading(args.db) as db:
            scope = {"site_id": args.site, "province": args.province, "case_type": args.case_type}
            hits = search(db, args.query, limit=args.limit, **scope)
            total = count(db, args.query, **scope) if hits else 0
    except SearchError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        json.dump([{"id": h.article_id, "title": h.title, "site": h.site_id, "url": h.url,
                    "published_at": h.published_at.isoformat() if h.published_at else None,
                    "first_seen_at": h.first_seen_at.isoformat(), "snippet": h.snippet, "score": h.score}
                   for h in hits], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not hits:
        print(f"no stories match {one_line(args.query)!r}" + (f" on {args.site}" if args.site else "")
              + (f" in {args.province}" if args.province else "") + (f" of type {args.case_type}" if args.case_type
                                                                     else ""))
        return EXIT_OK
    rows = [[str(h.article_id), h.site_id, local_time(h.at), "title" if h.score >= 2 else "text", one_line(h.title)]
            for h in hits]
    table = render_table(["id", "site", "date", "match", "title"], rows, right=[0], shrink=4)
    lines = table[:2]
    for line, hit in zip(table[2:], hits, strict=True):
        lines += [line, "    " + shorten(hit.snippet, TERMINAL_WIDTH - 4)]
    total_text = f"{total}+" if total >= 1000 else str(total)
    lines += ["", f"showing {len(hits)} of {total_text} matching stories (title matches first, then newest)",
              "details: crawler show ID"]
    print("\n".join(lines))
    return EXIT_OK
