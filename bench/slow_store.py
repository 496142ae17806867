"""A slow database under a crawl: another session holds SQLite's write lock for seconds at a time.

    python bench/slow_store.py [--stories 400] [--hold 2.0]

One replica portal (nukeviet) serving its own stories plus `--stories` generated ones is crawled
(full, no delay) into a fresh SQLite file, twice: once alone, once while a thread of this process
holds the database's write lock (BEGIN IMMEDIATE) for `--hold` seconds out of every `--hold` + 0.5.
The crawl's writes then wait for the lock (SQLite's busy time-out), its items wait in the store
pipeline, and Scrapy's scraper stops taking responses once it holds SCRAPER_SLOT_MAX_ACTIVE_SIZE of
them: the crawl slows down instead of piling pages up in memory. Printed for both: peak RSS of the
crawl process (ru_maxrss, wait4), seconds, stories stored once / expected, and the lock's share of the
crawl. A memory that grew with the backlog would show as a peak RSS far above the unhindered crawl's.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crash_trials import FAST, snapshot  # noqa: E402
from replica import ReplicaServer  # noqa: E402
from replica.content import default_posts  # noqa: E402
from replica.model import Post  # noqa: E402
from replica.state import Replica  # noqa: E402
from storage import open_database  # noqa: E402

PORTAL = "nukeviet"


def generated_posts(count: int) -> list[Post]:
    """`count` more nukeviet stories, each its own text, made from the portal's own as templates."""
    own = [p for p in default_posts() if p.portal == PORTAL]
    out = []
    for n in range(count):
        template = own[n % len(own)]
        words = f"số {n + 1} trong đợt cao điểm tấn công trấn áp tội phạm"
        blocks = (f"Bài {words}: lực lượng Công an đã triển khai đồng bộ các biện pháp bảo đảm an ninh trật tự, "
                  "tăng cường tuần tra kiểm soát, nắm chắc tình hình địa bàn và xử lý kịp thời các vụ việc.",
                  f"Kết quả ({words}), nhiều vụ việc được phát hiện, ngăn chặn từ sớm, góp phần giữ vững ổn định "
                  "tình hình an ninh, trật tự, tạo môi trường an toàn cho người dân.")
        out.append(dataclasses.replace(
            template, id=900000 + n, title=f"Tin {words}", lead=None, blocks=blocks, story=None, updated=None,
            quirks=frozenset(), published=template.published.replace(minute=n % 60)))
    return out


class WriteLocker:
    """Holds the SQLite database's write lock for `hold` seconds out of every `hold` + `gap`."""

    def __init__(self, path: Path, hold: float, gap: float = 0.5) -> None:
        self.path, self.hold, self.gap = path, hold, gap
        self.stop = threading.Event()
        self.held = 0.0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            while not self.stop.wait(self.gap):
                conn.execute("BEGIN IMMEDIATE")
                started = time.monotonic()
                self.stop.wait(self.hold)
                conn.execute("COMMIT")
                self.held += time.monotonic() - started
        finally:
            conn.close()

    def __enter__(self) -> WriteLocker:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def crawl(sites: Path, db_url: str) -> tuple[float, float, int]:
    """(peak RSS MiB, seconds, exit code) of one full crawl subprocess."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([sys.executable, "-m", "crawler", "crawl", "--sites", str(sites), "--db", db_url,
                                 "--progress", "0", *FAST], cwd=ROOT, stdout=out, stderr=out)
        _pid, status, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024, time.perf_counter() - started, os.waitstatus_to_exitcode(status)


def scenario(server: ReplicaServer, workdir: Path, name: str, hold: float | None) -> dict[str, float | int | str]:
    sites = workdir / "sites.toml"
    sites.write_text(server.sites_toml(), encoding="utf-8")
    path = workdir / f"{name}.sqlite"
    db_url = f"sqlite:///{path}"
    open_database(db_url).dispose()
    if hold is None:
        rss, seconds, code = crawl(sites, db_url)
        held = 0.0
    else:
        with WriteLocker(path, hold) as locker:
            rss, seconds, code = crawl(sites, db_url)
        held = locker.held
    stored = snapshot(db_url)
    urls = [u for _, us in stored.values() for u in us]
    expected = len(server.expected_articles())
    return {"name": name, "rss": rss, "seconds": seconds, "code": code, "stored": len(stored),
            "expected": expected, "twice": len(urls) - len(set(urls)), "held": held}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=400)
    parser.add_argument("--hold", type=float, default=2.0)
    args = parser.parse_args()
    posts = [*default_posts(), *generated_posts(args.stories)]
    with ReplicaServer(portals=[PORTAL], replica=Replica(posts)) as server, tempfile.TemporaryDirectory() as tmp:
        rows = [scenario(server, Path(tmp), "unhindered", None),
                scenario(server, Path(tmp), f"lock-held-{args.hold:g}s", args.hold)]
    print(f"{'crawl':<16} {'peak RSS':>9} {'seconds':>8} {'exit':>4} {'stored':>9} {'twice':>5} {'lock held':>9}")
    for r in rows:
        share = f"{100 * float(r['held']) / float(r['seconds']):.0f}%"
        print(f"{r['name']:<16} {float(r['rss']):>6.0f}MiB {float(r['seconds']):>8.1f} {r['code']:>4} "
              f"{r['stored']:>4}/{r['expected']:<4} {r['twice']:>5} {share:>9}")
    base, slow = rows
    ok = all(r["code"] == 0 and r["stored"] == r["expected"] and r["twice"] == 0 for r in rows)
    print(f"SLOW_STORE stories={base['expected']} rss_unhindered_mib={float(base['rss']):.0f} "
          f"rss_slow_mib={float(slow['rss']):.0f} seconds_unhindered={float(base['seconds']):.1f} "
          f"seconds_slow={float(slow['seconds']):.1f} {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
