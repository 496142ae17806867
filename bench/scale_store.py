"""Store/dedupe throughput and review-command latency on a database already holding N articles.

    python bench/scale_store.py                      # N = 1,000,000, SQLite and PostgreSQL
    python bench/scale_store.py --n 200000 --backends sqlite
    python bench/scale_store.py --pg-admin postgresql+psycopg://postgres@127.0.0.1:5432/test

For each backend two databases are made in the same run: EMPTY (schema only) and FULL (N articles
of 60 other portals, filled by the database itself with INSERT ... SELECT over generate_series on
PostgreSQL or a recursive CTE on SQLite, not through save_batch: 1M articles take minutes). The same batches of 50
StoryInput go through `ArticleRepository.save_batch` into each:

  new        stories never seen (new URL, new content hash)
  known      the URLs of the `new` phase again, same text            -> outcome "known"
  duplicate  the texts of the `new` phase at new URLs (same hash)      -> outcome "duplicate"
  known-old  (FULL only) URLs spread over the N filled articles, same text; compared with EMPTY's `known`

ratio = FULL / EMPTY articles per second (1.0 = no slowdown with size). Then `crawler new` and
`crawler show ID` are run as subprocesses against both databases (best of 3 wall time, interpreter
start-up included), and the functions behind them (crawler.review.queue.review_queue,
ArticleRepository.get) are timed in-process (best of 3).

The filled articles are marked reviewed (a monitored database whose backlog has been read); the last
rows mark all N unreviewed (a database nobody has reviewed yet) and measure `crawler new --limit 50`,
review_queue(limit=50) and `crawler show ID` again, against the same commands on EMPTY.
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
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text, update  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from crawler.review.queue import review_queue  # noqa: E402
from storage import ArticleRepository, StoryInput, open_database  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.models import Story  # noqa: E402

BATCH = 50
CHUNK = 100_000
BODY = ("Công an tỉnh phối hợp với các đơn vị chức năng kiểm tra, xử lý vi phạm trật tự an toàn giao thông "
        "trên địa bàn; lực lượng chức năng đã lập biên bản, tạm giữ phương tiện và đề nghị xử phạt. ") * 3


# -- filling ----------------------------------------------------------------------------------


# Each filled article i: site fill-(i mod 60), published and first seen 2024-01-01 + 37*i seconds, one URL,
# one version. The rows are made by the database itself (INSERT ... SELECT over generate_series on
# PostgreSQL, a recursive CTE on SQLite): no Python row building, no parameters shipped.
_FILL_SQL = {
    "sqlite": {
        "series": "WITH RECURSIVE s(i) AS (SELECT :lo UNION ALL SELECT i + 1 FROM s WHERE i < :hi - 1) ",
        "from": "FROM s",
        "site": "('fill-' || printf('%03d', i % 60))",
        "hash": "('fill' || printf('%060d', i))",
        "at": "(strftime('%Y-%m-%d %H:%M:%S', '2024-01-01', '+' || (37 * i) || ' seconds') || '.000000')",
        "false": "0",
        "true": "1",
        "json": "'[]'",
    },
    "postgresql": {
        "series": "",
        "from": "FROM generate_series(:lo, :hi - 1) AS s(i)",
        "site": "('fill-' || lpad((i % 60)::text, 3, '0'))",
        "hash": "('fill' || lpad(i::text, 60, '0'))",
        "at": "(timestamptz '2024-01-01 00:00:00+00' + i * interval '37 seconds')",
        "false": "false",
        "true": "true",
        "json": "'[]'::json",
    },
}


def fill_statements(dialect: str, reviewed: bool, site: str | None = None, url_prefix: str | None = None) -> list[str]:
    """The fill's INSERT ... SELECT statements. `site` and `url_prefix` put every row in one site
    (bound as :site and :url_prefix); by default rows are spread over 60 sites."""
    f = dict(_FILL_SQL[dialect])
    if site is not None:
        f["site"] = "CAST(:site AS TEXT)"
    url = ("(:url_prefix || i || '.html')" if url_prefix is not None
           else f"('https://' || {f['site']} || '.example.vn/tin-tuc/bai-viet-so-' || i || '.html')")
    body = "(:body || ' Số ' || i || '.')"
    at = f["at"]
    reviewed_at, needs_review = (at, f["false"]) if reviewed else ("NULL", f["true"])
    return [
        f"{f['series']}INSERT INTO articles (id, content_hash, site_id, url, title, published_at, published_date_only,"
        " author, source, summary, body, images, category, profile, first_seen_at, updated_at, version, removed_at,"
        " reviewed_at, needs_review, changed_at) "
        f"SELECT i, {f['hash']}, {f['site']}, {url}, 'Tin số ' || i || ' về an ninh trật tự', {at}, {f['false']},"
        f" NULL, NULL, NULL, {body}, {f['json']}, 'tin-tuc', 'generic', {at}, {at}, 1, NULL, {reviewed_at},"
        f" {needs_review}, {at} {f['from']}",
        f"{f['series']}INSERT INTO article_urls (id, article_id, url, site_id, first_seen_at, last_seen_at,"
        " removed_at) "
        f"SELECT i, i, {url}, {f['site']}, {at}, {at}, NULL {f['from']}",
        f"{f['series']}INSERT INTO article_versions (id, article_id, version, url, title, summary, body, content_hash,"
        " captured_at) "
        f"SELECT i, i, 1, {url}, 'Tin số ' || i, NULL, {body}, {f['hash']}, {at} {f['from']}",
    ]


def fill(db: Database, n: int, *, reviewed: bool = True, log: Callable[[str], None] = print, first: int = 1,
         site: str | None = None, url_prefix: str | None = None) -> float:
    """Insert articles first..first+n-1 (one URL, one version each) in chunks of CHUNK; returns seconds taken."""
    started = time.perf_counter()
    statements = [text(sql) for sql in fill_statements(db.dialect, reviewed, site, url_prefix)]
    extra = {k: v for k, v in (("site", site), ("url_prefix", url_prefix)) if v is not None}
    end = first + n
    for lo in range(first, end, CHUNK):
        hi = min(lo + CHUNK, end)
        with db.engine.begin() as conn:
            for statement in statements:
                conn.execute(statement, {"lo": lo, "hi": hi, "body": BODY, **extra})
        if (hi - first) % 200_000 == 0 or hi == end:
            log(f"  filled {hi - first:,}/{n:,} ({time.perf_counter() - started:.0f}s)")
    if db.dialect == "postgresql":
        with db.engine.begin() as conn:
            for table in ("articles", "article_urls", "article_versions"):
                # explicit ids were inserted: move the sequences past them
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
    analyze(db, vacuum=True)
    return time.perf_counter() - started


def analyze(db: Database, *, vacuum: bool = False) -> None:
    """Refresh planner statistics (and, on PostgreSQL, the visibility map) as autovacuum would."""
    if db.dialect == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE" if vacuum else "ANALYZE"))
    else:
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))


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


def stories(prefix: str, count: int, *, hash_of: Callable[[int], str] | None = None) -> list[StoryInput]:
    now = datetime.now(UTC)
    return [
        StoryInput(
            site_id="bench-site", url=f"https://bench.example.vn/{prefix}/{i}.html", title=f"Tiêu đề {i}",
            body=[f"Đoạn một của bài {i}.", BODY], content_hash=hash_of(i) if hash_of else
            hashlib.sha256(f"bench-{i}".encode()).hexdigest(), published_at=now, seen_at=now,
        )
        for i in range(count)
    ]


def known_old(n: int, count: int) -> list[StoryInput]:
    """Filled articles re-seen, spread over the whole table (cold index pages)."""
    rng = random.Random(7)
    now = datetime.now(UTC)
    out = []
    for i in sorted(rng.sample(range(1, n + 1), count)):
        out.append(StoryInput(site_id=fill_site(i), url=fill_url(i), title=f"Tin số {i} về an ninh trật tự",
                                 body=[f"{BODY} Số {i}."], content_hash=f"fill{i:060d}", seen_at=now))
    return out


def fill_site(i: int) -> str:
    return f"fill-{i % 60:03d}"


def fill_url(i: int) -> str:
    return f"https://{fill_site(i)}.example.vn/tin-tuc/bai-viet-so-{i}.html"


def run_batches(repo: ArticleRepository, items: list[StoryInput], expect: str) -> float:
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
        fill_seconds = fill(full, n, log=log)
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
        # Worst case: the whole filled history unreviewed (a database nobody has reviewed yet). The
        # baseline is the same command on EMPTY, whose queue holds the few bench stories.
        started = time.perf_counter()
        with full.engine.begin() as conn:
            conn.execute(update(Story).values(reviewed_at=None, needs_review=True))
        # As autovacuum soon would after rewriting every row: without it PostgreSQL has no visibility map
        # for an index-only count of the queue and reads the table (about 1 s at 1M instead of 0.1-0.3 s).
        analyze(full, vacuum=True)
        log(f"[{backend}] {n:,} marked unreviewed in {time.perf_counter() - started:.0f}s")
        unreviewed = ArticleRepository(full).count()
        worst = {
            f"crawler new --limit 50, {unreviewed:,} unreviewed (subprocess)": (
                cli("new", "--limit", "50", "--db", empty_url), cli("new", "--limit", "50", "--db", full_url)),
            f"review_queue(limit=50), {unreviewed:,} unreviewed in-process": (
                lambda: review_queue(empty, limit=50), lambda: review_queue(full, limit=50)),
            f"crawler show ID, {unreviewed:,} unreviewed (subprocess)": (
                cli("show", str(show_empty), "--db", empty_url), cli("show", str(show_full), "--db", full_url)),
        }
        for key, (on_empty, on_full) in worst.items():
            e, f = best_of(on_empty), best_of(on_full)
            rows.append([backend, key, f"{e * 1000:,.0f} ms", f"{f * 1000:,.0f} ms", f"{e / f:.2f}"])
        rows.append([backend, "fill (INSERT ... SELECT, 3 tables, indexes in place)", "-",
                     f"{fill_seconds:.0f} s ({n / fill_seconds:,.0f} articles/s)", "-"])
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


def backend_parser(doc: str | None) -> argparse.ArgumentParser:
    """The options every scale benchmark takes: --n, --backends, --pg-admin, --workdir."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="articles in the FULL database (default 1,000,000)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-admin", default=os.environ.get("BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
                        help="an existing PostgreSQL database to CREATE/DROP the bench databases from")
    parser.add_argument("--workdir", help="where the SQLite files go (default: a temporary directory, removed)")
    return parser


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def each_backend(args: argparse.Namespace, bench: Callable[[Backends, str], list[list[str]]]) -> list[list[str]]:
    """The table rows of ``bench`` run on every backend of --backends; the bench databases are dropped after."""
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        backends = Backends(Path(args.workdir or tmp), args.pg_admin)
        rows: list[list[str]] = []
        try:
            for backend in args.backends.split(","):
                rows += bench(backends, backend)
        finally:
            backends.drop_all()
    return rows


def main() -> int:
    parser = backend_parser(__doc__)
    parser.add_argument("--count", type=int, default=1000, help="articles per phase, in batches of 50 (default 1000)")
    args = parser.parse_args()
    rows = each_backend(args, lambda backends, backend: bench_backend(backends, backend, args.n, args.count, log))
    print(f"store/dedupe throughput and review latency: FULL = {args.n:,} articles already stored, EMPTY = none;")
    print(f"{args.count} articles per phase in batches of {BATCH}; throughput ratio = FULL/EMPTY, "
          "latency ratio = EMPTY/FULL (1.00 = no slowdown; below 1 = slower when full)")
    print(table(["backend", "measure", "EMPTY", "FULL", "ratio"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
