"""Peak RSS of an incremental `crawler crawl` of one replica portal as the stored count grows.

    python bench/crawl_memory.py [--sizes 100000,1000000]

One replica portal (nukeviet) is served in this process. Two SQLite databases, each first given
one full crawl of the portal (so that the measured crawl is incremental), then grown in steps:
  OTHER  N articles of 60 other portals (their URLs are never loaded by this portal's spider);
  SAME   N articles whose URLs belong to the crawled portal (site_id replica-nukeviet). The spider
         loads every known URL of its site at start (ArticleRepository.known_urls -> dict of
         KnownUrl, plus url_shape() of each). last_seen_at is "now", so none is due for a revisit
         and the crawl fetches the same pages as at N = 0.
At each size an incremental crawl runs as a subprocess; its peak RSS is ru_maxrss from wait4().
Also printed: the in-process cost of known_urls() for the SAME database (time; tracemalloc peak).
Filled rows carry no article_versions (the crawl never reads them).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import update  # noqa: E402

from bench.scale_store import fill, fill_site, fill_url  # noqa: E402
from crawler.replica import ReplicaServer  # noqa: E402
from storage import ArticleRepository, open_database  # noqa: E402
from storage.models import ArticleUrl  # noqa: E402

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]
SITE = "replica-nukeviet"


def crawl(sites: Path, db: str, *extra: str) -> tuple[float, float, str]:
    """(peak RSS MiB, seconds, stderr tail) of one crawl subprocess."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites), "--db", db, "--progress", "0",
             *FAST, *extra],
            cwd=ROOT, stdout=out, stderr=err,
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        err.seek(0)
        tail = err.read().decode(errors="replace")[-2000:]
        out.seek(0)
        summary = out.read().decode(errors="replace")
    if proc.returncode:
        raise SystemExit(f"crawl failed ({proc.returncode}): {tail}")
    return usage.ru_maxrss / 1024, seconds, summary


def known_urls_cost(url: str) -> tuple[float, float, int]:
    db = open_database(url)
    try:
        repo = ArticleRepository(db)
        started = time.perf_counter()
        tracemalloc.start()
        known = repo.known_urls(SITE)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return time.perf_counter() - started, peak / 2**20, len(known)
    finally:
        db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    rows: list[tuple[str, int, float, float, str]] = []
    with ReplicaServer(["nukeviet"]) as server, tempfile.TemporaryDirectory(prefix="bench-mem-") as tmp:
        sites = Path(tmp) / "sites.toml"
        sites.write_text(server.sites_toml(), encoding="utf-8")
        base = server.base_url("nukeviet")
        now = datetime.now(UTC)
        for kind in ("other", "same"):
            url = f"sqlite:///{tmp}/{kind}.sqlite"
            crawl(sites, url, "--full")  # the portal's own stories: the measured crawls are incremental
            db = open_database(url)
            filled = 0
            try:
                for size in [0, *sizes]:
                    if size > filled:
                        log(f"[{kind}] filling to {size:,} ...")
                        if kind == "other":
                            fill(db, size - filled, site=fill_site, url=fill_url, start_id=10_000_000 + filled,
                                 log=log, versions=False)
                        else:
                            fill(db, size - filled, site=lambda i: SITE,
                                 url=lambda i: f"{base}/tin-tuc/bai-cu-so-{i}.html", start_id=10_000_000 + filled,
                                 log=log, versions=False)
                            with db.engine.begin() as conn:  # seen recently: not due for a revisit
                                conn.execute(update(ArticleUrl).where(ArticleUrl.id >= 10_000_000)
                                             .values(last_seen_at=now))
                        filled = size
                    server.reset_log()
                    rss, seconds, _ = crawl(sites, url)
                    requests = len(server.request_log)
                    note = ""
                    if kind == "same" and size:
                        t, peak, n = known_urls_cost(url)
                        note = f"known_urls(): {n:,} URLs, {t:.1f}s, tracemalloc peak {peak:,.0f} MiB"
                    rows.append((kind, size, rss, seconds, f"{requests} requests; {note}".rstrip("; ")))
                    log(f"  {kind} {size:,}: {rss:.0f} MiB, {seconds:.1f}s, {requests} requests {note}")
            finally:
                db.dispose()

    print("peak RSS of an incremental `crawler crawl` of one replica portal (nukeviet, SQLite), "
          "database holding N other stored articles")
    print(f"{'articles':<22}{'N':>10}{'peak RSS':>12}{'wall':>8}  notes")
    zero = {kind: next(r[2] for r in rows if r[0] == kind and r[1] == 0) for kind in ("other", "same")}
    for kind, size, rss, seconds, note in rows:
        label = "of other sites" if kind == "other" else "of the SAME site"
        print(f"{label:<22}{size:>10,}{rss:>8.0f} MiB{seconds:>7.1f}s  {note}")
    for size in sizes:
        same = next(r[2] for r in rows if r[0] == "same" and r[1] == size)
        other = next(r[2] for r in rows if r[0] == "other" and r[1] == size)
        print(f"N = {size:,}: other sites +{other - zero['other']:.0f} MiB over N = 0; same site "
              f"+{same - zero['same']:.0f} MiB = {(same - zero['same']) / (size / 100_000):.1f} MiB"
              " per 100k known URLs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
