"""Requests an incremental re-crawl costs, against a full re-crawl of the same replica portals.

    python bench/recrawl_requests.py [--cycles 20]

Counts what the replica portals receive (robots.txt included). Scenarios, on one database:
  1. first crawl (full);
  2. a full re-crawl of the unchanged portals (`crawler crawl --full`): the baseline;
  3. an incremental re-crawl of the unchanged portals (what the scheduler runs);
  4. k = 1, 2, 3 new articles on each portal, then an incremental re-crawl;
  5. CYCLES audit re-crawls (`--revisit`, every known article fetched again) of unchanged portals
     whose chrome (counters, visit numbers, clocks) changes on every request: false flags counted.
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.core.dates import TZ  # noqa: E402
from replica import ReplicaServer  # noqa: E402
from storage import ArticleRepository, open_database  # noqa: E402

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def crawl(sites: Path, db: str, *extra: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites), "--db", db, "--progress", "0", *FAST, *extra],
        cwd=ROOT, capture_output=True, text=True,
    )
    if result.returncode:
        raise SystemExit(f"crawl failed: {result.stderr[-2000:]}")
    return time.perf_counter() - started


def counted(server: ReplicaServer) -> Counter[str]:
    return Counter(portal for portal, _path, _status in server.request_log)


def fmt(counts: Counter[str]) -> str:
    return ", ".join(f"{portal} {n}" for portal, n in sorted(counts.items())) + f" (total {sum(counts.values())})"


def publish(server: ReplicaServer, k: int, round_no: int) -> None:
    state = server.replica
    for portal in ("nukeviet", "langson", "modern"):
        template = state.posts(portal)[0]
        for i in range(k):
            words = f"vòng {round_no} bài {i} trên cổng {portal}"
            body = (
                f"Nội dung mới ({words}): lực lượng Công an đã triển khai các biện pháp bảo đảm an ninh trật tự, "
                "tăng cường tuần tra kiểm soát, nắm chắc tình hình địa bàn và xử lý kịp thời các vụ việc phát sinh.",
                f"Kết quả ({words}): nhiều vụ việc được phát hiện, ngăn chặn từ sớm, góp phần giữ vững ổn định "
                "tình hình an ninh, trật tự, tạo môi trường an toàn cho người dân.",
            )
            state.publish(dataclasses.replace(
                template, id=state.next_id(portal), title=f"Tin mới {words} về bảo đảm an ninh trật tự",
                published=datetime.now(TZ).replace(microsecond=0), lead=None, blocks=body, story=None,
                updated=None, quirks=frozenset(),
            ))


def flagged(db: str) -> int:
    database = open_database(db)
    try:
        return len(ArticleRepository(database).flagged())
    finally:
        database.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cycles", type=int, default=20)
    args = parser.parse_args()
    with ReplicaServer() as server, tempfile.TemporaryDirectory() as tmp:
        sites = Path(tmp) / "sites.toml"
        sites.write_text(server.sites_toml(), encoding="utf-8")
        db = f"sqlite:///{tmp}/bench.sqlite"
        crawl(sites, db)
        first = counted(server)
        print(f"first crawl:                 {fmt(first)}")

        server.reset_log()
        full_seconds = crawl(sites, db, "--full")
        full = counted(server)
        server.reset_log()
        inc_seconds = crawl(sites, db)
        inc = counted(server)
        print(f"full re-crawl (baseline):    {fmt(full)} in {full_seconds:.1f}s")
        print(f"incremental re-crawl:        {fmt(inc)} in {inc_seconds:.1f}s")
        print(f"ratio incremental / full:    {sum(inc.values()) / sum(full.values()):.3f} of the requests")

        for k in (1, 2, 3):
            publish(server, k, k)
            server.reset_log()
            crawl(sites, db)
            got = counted(server)
            print(f"k={k} new per portal:          {fmt(got)}; bound k+3 = {k + 3} per portal: "
                  f"{'met' if all(n <= k + 3 for n in got.values()) else 'NOT met'}")

        database = open_database(db)
        try:
            ArticleRepository(database).review(None)
        finally:
            database.dispose()
        false_flags = 0
        fetched = 0
        for _ in range(args.cycles):
            server.reset_log()
            crawl(sites, db, "--revisit")
            fetched += sum(counted(server).values())
            false_flags += flagged(db)
        print(f"{args.cycles} audit re-crawls of unchanged portals ({fetched} requests): {false_flags} false flags")
    return 0


if __name__ == "__main__":
    sys.exit(main())
