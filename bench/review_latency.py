"""Latency of the review inbox, search, the portal page and the feeds on a database of a million articles.

    python bench/review_latency.py                   # N = 1,000,000, SQLite and PostgreSQL
    python bench/review_latency.py --n 200000 --backends sqlite

For each backend two databases are made in the same run: SMALL (1,000 articles, the baseline)
and FULL (N articles), both filled by bench/scale_store.py's INSERT ... SELECT (60 portals, one
article every 37 seconds from 2024-01-01, none reviewed: the whole store is in the inbox, the
worst case) and then indexed for search by the code the repository uses for every story it
stores (storage.search.index_rows), in chunks, and tagged (one of 34 provinces, one or two of 11 case
types, as article_tags rows: the inbox's facets count them). Every page is requested through the Flask
application (`crawler web`'s app, a test client signed in as a reviewer: routing, queries, template
rendering; not the HTTP server) five times after one warm-up request; the table gives the median and the slowest.
ratio = SMALL / FULL median (1.00: no slower on N articles than on 1,000).

The filled text is one ~500-character paragraph repeated with the article's number: every body
holds every common word, every title "an ninh trat tu". That is the hard case for the search
(a word in every story; a query whose words are in every body and no title, so the title tier
finds nothing and the body tier must skip every title match); "so 777" is in one story only.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bench.scale_store import Backends, analyze, backend_parser, each_backend, fill, log, table  # noqa: E402
from bench.sign_in import sign_in  # noqa: E402
from crawler.review import accounts  # noqa: E402
from crawler.web import create_app  # noqa: E402
from storage import open_database  # noqa: E402
from storage import search as search_index  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.reviewers import ReviewerRepository  # noqa: E402

SMALL = 1_000
PASSWORD = "the benchmark's reviewer"
INDEX_CHUNK = 5_000
TIMES = 5
TARGET_MS = 200.0

PAGES: list[tuple[str, str]] = [
    ("inbox, first page", "/"),
    ("inbox, older page (cursor)", "NEXT"),
    ("inbox, one portal", "/?site=fill-007"),
    ("inbox, status new + a month", "/?status=new&since=2024-06-01&until=2024-06-30"),
    ("inbox, status removed (none)", "/?status=removed"),
    ("search: in every title", "/search?q=an+ninh+trat+tu"),
    ("search: in every body, no title", "/search?q=kiem+tra+xu+ly"),
    ("search: one story", "/search?q=%22so+777%22"),
    ("search: one portal", "/search?q=cong+an&site=fill-007"),
    ("search: second page", "/search?q=cong+an&offset=20"),
    ("article page", "/articles/777"),
    ("portal page (health, chart, runs)", "/sites/fill-007"),
    ("Atom feed", "/feed.xml"),
    ("Atom feed, one portal", "/sites/fill-007/feed.xml"),
]


# Tags as a crawl writes them: every story about one of 34 provinces and of one or two of 11 case types.
_TAG_FILL = (
    "INSERT INTO article_tags (article_id, kind, value, rank, detail) SELECT id, 'province', "
    "'p' || (id % 34), 0, '[]' FROM articles",
    "INSERT INTO article_tags (article_id, kind, value, rank, detail) SELECT id, 'type', "
    "'t' || (id % 11), 0, '[]' FROM articles",
    "INSERT INTO article_tags (article_id, kind, value, rank, detail) SELECT id, 'type', "
    "'t' || ((id / 7) % 11), 1, '[]' FROM articles WHERE id % 3 = 0",
)


def tag_all(db: Database) -> float:
    """Tag every filled story (INSERT ... SELECT: the inbox's facets then count real rows)."""
    started = time.perf_counter()
    with db.engine.begin() as conn:
        for statement in _TAG_FILL:
            conn.execute(text(statement))
    return time.perf_counter() - started


def index_all(db: Database, log: Callable[[str], None]) -> float:
    """Index every stored article for search, as the repository indexes each story it stores."""
    started = time.perf_counter()
    after = 0
    done = 0
    while True:
        with db.engine.begin() as conn:
            rows = search_index.story_rows(conn, after=after, limit=INDEX_CHUNK)
            if not rows:
                break
            search_index.index_rows(conn, rows)
        after = rows[-1].article_id
        done += len(rows)
        if done % 100_000 == 0:
            log(f"  indexed {done:,} ({time.perf_counter() - started:.0f}s)")
    analyze(db, vacuum=True)
    return time.perf_counter() - started


def timings(db_url: str) -> dict[str, tuple[float, float]]:
    """Median and slowest milliseconds of each page, after one warm-up request."""
    db = open_database(db_url)
    try:
        if ReviewerRepository(db).get("bench") is None:
            accounts.add(db, "bench", PASSWORD)
    finally:
        db.dispose()
    app = create_app(db_url)  # as `crawler web` serves it: reviewers sign in
    client = app.test_client()
    sign_in(client, "bench", PASSWORD)
    results: dict[str, tuple[float, float]] = {}
    next_page = ""
    try:
        for name, path in PAGES:
            if path == "NEXT":
                path = next_page
            samples = []
            for i in range(TIMES + 1):
                started = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
                body = response.get_data(as_text=True)
                if response.status_code != 200 or "<script" in body:
                    raise SystemExit(f"{path}: HTTP {response.status_code}: {body[:300]}")
                if i:
                    samples.append(elapsed)
            if path == "/":
                found = re.search(r'rel="next" href="([^"]+)"', body)
                if found is None:
                    raise SystemExit("the inbox has no 'Older' link")
                next_page = unescape(found.group(1))
            if path.startswith("/search") and "<li>" not in body:
                raise SystemExit(f"{path}: no hit")
            results[name] = (statistics.median(samples), max(samples))
    finally:
        app.extensions["crawler_db"].dispose()
    return results


def bench_backend(backends: Backends, backend: str, n: int, log: Callable[[str], None]) -> list[list[str]]:
    measured = {}
    for label, size in (("SMALL", SMALL), ("FULL", n)):
        url = backends.url(backend, f"bench_review_{label.lower()}")
        db = open_database(url)
        try:
            log(f"{backend} {label}: filling {size:,} articles")
            fill(db, size, reviewed=False, log=log)
            log(f"{backend} {label}: indexing for search")
            seconds = index_all(db, log)
            log(f"{backend} {label}: indexed in {seconds:.0f}s; tagged in {tag_all(db):.0f}s")
        finally:
            db.dispose()
        measured[label] = timings(url)
    rows = []
    for name, _ in PAGES:
        small, (median, worst) = measured["SMALL"][name], measured["FULL"][name]
        verdict = "" if median < TARGET_MS else " (over 200 ms)"
        rows.append([backend, name, f"{small[0]:.0f} ms", f"{median:.0f} ms{verdict}", f"{worst:.0f} ms",
                     f"{small[0] / median:.2f}"])
    return rows


def main() -> int:
    args = backend_parser(__doc__).parse_args()
    rows = each_backend(args, lambda backends, backend: bench_backend(backends, backend, args.n, log))
    print(f"review inbox and search latency: FULL = {args.n:,} unreviewed articles, SMALL = {SMALL:,}; "
          f"median and slowest of {TIMES} requests through the Flask app; ratio = SMALL/FULL median")
    print(table(["backend", "page", "SMALL", "FULL median", "FULL slowest", "ratio"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
