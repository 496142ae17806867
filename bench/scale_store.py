"""Store/dedupe throughput and review-command latency on a database already holding N articles.

    python bench/scale_store.py                      # N = 1,000,000, SQLite and PostgreSQL
    python bench/scale_store.py --n 200000 --backends sqlite
    python bench/scale_store.py --pg-admin postgresql+psycopg://postgres@127.0.0.1:5432/test

For each backend two databases are made in the same run: EMPTY (schema only) and FULL (N articles
of 60 other portals, filled with bulk Core INSERTs, not through save_batch). The same batches of 50
StoredArticle go through `ArticleRepository.save_batch` into each:

  new        stories never seen (new URL, new content hash)
  known      the URLs of the `new` phase again, same text            -> outcome "known"
  duplicate  the texts of the `new` phase at new URLs (same hash)      -> outcome "duplicate"
  known-old  (FULL only) URLs spread over the N filled articles, same text; compared with EMPTY's `known`

ratio = FULL / EMPTY articles per second (1.0 = no slowdown with size). Then `crawler new` and
`crawler show ID` are run as subprocesses against both databases (best of 3 wall time, interpreter
start-up included), and the functions behind them (crawler.review.review_queue,
ArticleRepository.get) are timed in-process (best of 3).

The filled articles are marked reviewed (a monitored database whose backlog has been read); a last
row measures `crawler new --limit 50` with the N filled articles all unreviewed.
The filled rows are small (body ~500 characters, one version each): the figures are about index
depth and row counts, not about TOAST/page I/O of 5 KB bodies.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text, update  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from crawler.review import review_queue  # noqa: E402
from storage import ArticleRepository, StoredArticle, open_database  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.models import Article, ArticleUrl, ArticleVersion  # noqa: E402

BATCH = 50
CHUNK = 20_000
BODY = ("Công an tỉnh phối hợp với các đơn vị chức năng kiểm tra, xử lý vi phạm trật tự an toàn giao thông "
        "trên địa bàn; lực lượng chức năng đã lập biên bản, tạm giữ phương tiện và đề nghị xử phạt. ") * 3


# -- filling ----------------------------------------------------------------------------------


def fill(db: Database, n: int, *, site: Callable[[int], str], url: Callable[[int], str], reviewed: bool = True,
         start_id: int = 1, log: Callable[[str], None] = print, versions: bool = True) -> float:
    """Insert n articles (one URL, one version each) with Core executemany; returns seconds taken."""
    started = time.perf_counter()
    base = datetime(2024, 1, 1, tzinfo=UTC)
    for lo in range(start_id, start_id + n, CHUNK):
        hi = min(lo + CHUNK, start_id + n)
        articles, urls, vers = [], [], []
        for i in range(lo, hi):
            at = base + timedelta(seconds=37 * i)
            u = url(i)
            h = hashlib.sha256(f"fill-{i}".encode()).hexdigest()
            body = f"{BODY} Số {i}."
            articles.append({
                "id": i, "content_hash": h, "site_id": site(i), "url": u, "title": f"Tin số {i} về an ninh trật tự",
                "published_at": at, "published_date_only": False, "author": None, "source": None, "summary": None,
                "body": body, "images": [], "category": "tin-tuc", "profile": "generic", "first_seen_at": at,
                "updated_at": at, "version": 1, "removed_at": None, "reviewed_at": at if reviewed else None,
            })
            urls.append({"id": i, "article_id": i, "url": u, "site_id": site(i), "first_seen_at": at,
                         "last_seen_at": at, "removed_at": None})
            if versions:
                vers.append({"id": i, "article_id": i, "version": 1, "url": u, "title": f"Tin số {i}",
                             "summary": None, "body": body, "content_hash": h, "captured_at": at})
        with db.engine.begin() as conn:
            conn.execute(insert(Article), articles)
            conn.execute(insert(ArticleUrl), urls)
            if vers:
                conn.execute(insert(ArticleVersion), vers)
        done = hi - start_id
        if done % 200_000 == 0 or hi == start_id + n:
            log(f"  filled {done:,}/{n:,} ({time.perf_counter() - started:.0f}s)")
    if db.dialect == "postgresql":
        with db.engine.begin() as conn:
            for table in ("articles", "article_urls", "article_versions"):
                # explicit ids were inserted: move the sequences past them, then refresh planner stats
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


# -- databases --------------------------------------------------------------------------------


class Backends:
    def __init__(self, workdir: Path, pg_admin: str) -> None:
        self.workdir = workdir
        self.pg_admin = pg_admin
        self.pg_made: list[str] = []

    def url(self, backend: str, name: str) -> str:
        if backend == "sqlite":
            path = self.workdir / f"{name}.sqlite"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return f"sqlite:///{path}"
        import psycopg

        admin = make_url(self.pg_admin)
        with psycopg.connect(host=admin.host, port=admin.port or 5432, user=admin.username,
                             dbname=admin.database, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        self.pg_made.append(name)
        return admin.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if not self.pg_made:
            return
        import psycopg

        admin = make_url(self.pg_admin)
        with psycopg.connect(host=admin.host, port=admin.port or 5432, user=admin.username,
                             dbname=admin.database, autocommit=True) as conn:
            for name in self.pg_made:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# -- the batches ------------------------------------------------------------------------------


def stories(prefix: str, count: int, *, hash_of: Callable[[int], str] | None = None) -> list[StoredArticle]:
    now = datetime.now(UTC)
    return [
        StoredArticle(
            site_id="bench-site", url=f"https://bench.example.vn/{prefix}/{i}.html", title=f"Tiêu đề {i}",
            body=[f"Đoạn một của bài {i}.", BODY], content_hash=hash_of(i) if hash_of else
            hashlib.sha256(f"bench-{i}".encode()).hexdigest(), published_at=now, seen_at=now,
        )
        for i in range(count)
    ]


def known_old(n: int, count: int) -> list[StoredArticle]:
    """Filled articles re-seen, spread over the whole table (cold index pages)."""
    rng = random.Random(7)
    now = datetime.now(UTC)
    out = []
    for i in sorted(rng.sample(range(1, n + 1), count)):
        out.append(StoredArticle(site_id=fill_site(i), url=fill_url(i), title=f"Tin số {i} về an ninh trật tự",
                                 body=[f"{BODY} Số {i}."],
                                 content_hash=hashlib.sha256(f"fill-{i}".encode()).hexdigest(),
                                 seen_at=now))
    return out


def fill_site(i: int) -> str:
    return f"fill-{i % 60:03d}"


def fill_url(i: int) -> str:
    return f"https://{fill_site(i)}.example.vn/tin-tuc/bai-viet-so-{i}.html"


def run_batches(repo: ArticleRepository, items: list[StoredArticle], expect: str) -> float:
    started = time.perf_counter()
    for lo in range(0, len(items), BATCH):
        outcomes = repo.save_batch(items[lo : lo + BATCH])
        if set(outcomes) != {expect}:
            raise SystemExit(f"expected {expect!r}, got {sorted(set(outcomes))}")
    return len(items) / (time.perf_counter() - started)


def store_phases(db: Database, count: int, n_filled: int) -> dict[str, float]:
    repo = ArticleRepository(db)
    fresh = stories("new", count)
    rates = {
        "new": run_batches(repo, fresh, "new"),
        "known": run_batches(repo, fresh, "known"),
        "duplicate": run_batches(repo, stories("dup", count, hash_of=lambda i: fresh[i].content_hash), "duplicate"),
    }
    if n_filled:
        rates["known-old"] = run_batches(repo, known_old(n_filled, count), "known")
    return rates


# -- review commands --------------------------------------------------------------------------


def best_of(fn: Callable[[], object], times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def cli(*args: str) -> Callable[[], None]:
    def run() -> None:
        result = subprocess.run([sys.executable, "-m", "crawler", *args], cwd=ROOT, capture_output=True, text=True)
        if result.returncode:
            raise SystemExit(f"crawler {' '.join(args)} failed: {result.stderr[-2000:]}")
    return run


def review_latency(db: Database, url: str, show_id: int) -> dict[str, float]:
    repo = ArticleRepository(db)
    return {
        "crawler new (subprocess)": best_of(cli("new", "--db", url)),
        "crawler show ID (subprocess)": best_of(cli("show", str(show_id), "--db", url)),
        "review_queue() in-process": best_of(lambda: review_queue(db)),
        "ArticleRepository.get() in-process": best_of(lambda: repo.get(show_id)),
    }


def bench_backend(backends: Backends, backend: str, n: int, count: int, log: Callable[[str], None]) -> list[list[str]]:
    rows: list[list[str]] = []
    empty_url = backends.url(backend, "bench_scale_empty")
    full_url = backends.url(backend, "bench_scale")
    empty, full = open_database(empty_url), open_database(full_url)
    try:
        log(f"[{backend}] filling {n:,} articles ...")
        fill_seconds = fill(full, n, site=fill_site, url=fill_url, log=log)
        log(f"[{backend}] filled in {fill_seconds:.0f}s ({n / fill_seconds:,.0f} articles/s)")
        base = store_phases(empty, count, 0)
        big = store_phases(full, count, n)
        for phase in ("new", "known", "duplicate", "known-old"):
            ref = base["known" if phase == "known-old" else phase]
            rows.append([backend, f"save_batch {phase}", f"{ref:,.0f}/s", f"{big[phase]:,.0f}/s",
                         f"{big[phase] / ref:.2f}"])
        show_empty = ArticleRepository(empty).flagged(limit=1)[0].id
        show_full = ArticleRepository(full).flagged(limit=1)[0].id
        lat_e = review_latency(empty, empty_url, show_empty)
        lat_f = review_latency(full, full_url, show_full)
        for key in lat_e:
            rows.append([backend, key, f"{lat_e[key] * 1000:,.0f} ms", f"{lat_f[key] * 1000:,.0f} ms",
                         f"{lat_e[key] / lat_f[key]:.2f}"])
        # Worst case: the whole filled history unreviewed (a database nobody has reviewed yet).
        with full.engine.begin() as conn:
            conn.execute(update(Article).values(reviewed_at=None))
        worst_sub = best_of(cli("new", "--limit", "50", "--db", full_url), 1)
        worst_fn = best_of(lambda: review_queue(full, limit=50), 1)
        rows.append([backend, f"crawler new --limit 50, {n:,} unreviewed (subprocess, 1 run)", "-",
                     f"{worst_sub * 1000:,.0f} ms", "-"])
        rows.append([backend, f"review_queue(limit=50), {n:,} unreviewed (1 run)", "-",
                     f"{worst_fn * 1000:,.0f} ms", "-"])
    finally:
        empty.dispose()
        full.dispose()
    return rows


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    def line(cells: list[str]) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        return "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in pairs)

    lines = [line(headers), "  ".join("-" * w for w in widths)]
    for r in rows:
        lines.append(line(r))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="articles in the FULL database (default 1,000,000)")
    parser.add_argument("--count", type=int, default=1000, help="articles per phase, in batches of 50 (default 1000)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-admin", default=os.environ.get("BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
                        help="an existing PostgreSQL database to CREATE/DROP the bench databases from")
    parser.add_argument("--workdir", help="where the SQLite files go (default: a temporary directory, removed)")
    args = parser.parse_args()

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        backends = Backends(Path(args.workdir or tmp), args.pg_admin)
        rows: list[list[str]] = []
        try:
            for backend in args.backends.split(","):
                rows += bench_backend(backends, backend, args.n, args.count, log)
        finally:
            backends.drop_all()
    print(f"store/dedupe throughput and review latency: FULL = {args.n:,} articles already stored, EMPTY = none;")
    print(f"{args.count} articles per phase in batches of {BATCH}; throughput ratio = FULL/EMPTY, "
          "latency ratio = EMPTY/FULL (1.00 = no slowdown; below 1 = slower when full)")
    print(table(["backend", "measure", "EMPTY", "FULL", "ratio"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
