"""`crawler extract`: extract saved HTML pages offline and print the articles as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from crawler.cli.base import EXIT_OK, EXIT_USAGE, CommandError
from crawler.core.dates import TZ


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("extract", help="extract saved HTML pages offline and print JSON")
    p.add_argument("files", nargs="+", metavar="FILE.html")
    p.add_argument("--url", help="the page's URL (resolves relative links, picks URL-based rules)")
    p.add_argument("--profile", default="auto", help="auto (default), a CMS family name, or generic")
    p.add_argument("--fetched-at", type=fetch_time, metavar="ISO",
                   help="when the page was saved, e.g. 2026-12-05T09:14+07:00 (default: the file's modification "
                        "time); a header clock shows that day, and no later date is a publication date")
    p.add_argument("--explain", action="store_true",
                   help="print every publication-date witness with its score and verdict on stderr")
    p.set_defaults(func=run)


def fetch_time(value: str) -> datetime:
    """An ISO timestamp for --fetched-at; without an offset it is Vietnam time."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO timestamp (e.g. 2026-12-05T09:14+07:00)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=TZ)


def run(args: argparse.Namespace) -> int:
    from crawler.extract import PROFILE_NAMES, Context, extract

    if args.profile not in ("auto", *PROFILE_NAMES):
        raise CommandError(f"unknown profile {args.profile!r} (one of: auto, {', '.join(PROFILE_NAMES)})")
    if args.url and len(args.files) > 1:
        raise CommandError("--url names the page of a single file")
    results = []
    status = EXIT_OK
    for name in args.files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{name}: cannot read: {exc.strerror}") from None
        head = data[:2048].lstrip().lower()
        if b"<" not in head or data[:4] in (b"%PDF", b"PK\x03\x04") or b"\x00" in data[:1024]:
            print(f"error: {name}: not an HTML page", file=sys.stderr)
            status = EXIT_USAGE
            continue
        url = args.url or path.resolve().as_uri()
        fetched_at = args.fetched_at or datetime.fromtimestamp(path.stat().st_mtime, TZ)
        article = extract(url, data, profile=args.profile, fetched_at=fetched_at,
                          context=Context(thorough=args.explain))
        if args.explain and article.dating is not None:
            print(f"{name}: date witnesses (fetched {fetched_at.isoformat(timespec='minutes')}), best first:",
                  file=sys.stderr)
            print("\n".join(f"  {line}" for line in article.dating.explain()), file=sys.stderr)
        results.append({"file": name, **article.to_json()})
    if results:
        json.dump(results[0] if len(results) == 1 else results, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return status
