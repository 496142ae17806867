"""Pages per second of 1, 2 and 4 `crawler worker` processes against one `crawler crawl --full` process.

    python bench/worker_throughput.py [--extra 400] [--rounds 2] [--workers 1,2,4]

The three replica portals are served in this process, grown by EXTRA generated articles each
(bench/crawl_overhead.py's `grow`) so that a crawl lasts tens of seconds. Every crawl stores into
a fresh PostgreSQL database (the distributed set-up: several writers) with DOWNLOAD_DELAY=0,
AutoThrottle off, CONCURRENT_REQUESTS_PER_DOMAIN=8 and ROBOTSTXT_OBEY=False, so that neither
politeness nor the per-portal limit (3 portals x 8 in flight) caps the figures. Each round runs:
  1. the baseline: `python -m crawler crawl --full` (one process, all three sites);
  2. for N in --workers: N `crawler worker --idle-exit` processes, started and ready first, then
     `crawler crawl --distributed --full` feeds the same sites; done when the three cycles closed.
Figures are medians over the rounds. Two clocks: crawl = first started_at .. last finished_at of
the crawl_runs rows (a distributed row spans feed .. cycle closed); wall = the baseline process
from start to exit, or the feeder's start to the last cycle closed (workers already running).
ratio = pages/s / baseline pages/s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl_overhead import SETTINGS, grow  # noqa: E402

PG_ADMIN = os.environ.get("TEST_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
SETS = [arg for k, v in SETTINGS.items() for arg in ("-s", f"{k}={v}")]


@contextmanager
def fresh_database() -> Iterator[str]:
    import psycopg

    name = f"bench_workers_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://{PG_ADMIN.split('://', 1)[1].rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_rows(db_url: str) -> list:
    from storage import RunRepository, open_database

    db = open_database(db_url)
    try:
        return RunRepository(db).recent(limit=100)
    finally:
        db.dispose()


def measured(db_url: str, wall: float) -> tuple[int, float, float]:
    rows = run_rows(db_url)
    pages = sum(r.pages for r in rows)
    span = (max(r.finished_at for r in rows) - min(r.started_at for r in rows)).total_seconds()
    return pages, pages / span, pages / wall


def baseline(sites: Path) -> tuple[int, float, float]:
    with fresh_database() as db_url:
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites), "--db", db_url, "--progress", "0",
             "--full", *SETS], cwd=ROOT, capture_output=True, text=True,
        )
        wall = time.perf_counter() - started
        if result.returncode:
            raise SystemExit(f"crawl failed: {result.stderr[-2000:]}")
        return measured(db_url, wall)


def distributed(sites: Path, n_sites: int, workers: int) -> tuple[int, float, float]:
    import redis

    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    redis_args = ["--redis", REDIS, "--redis-prefix", prefix]
    with fresh_database() as db_url:
        subprocess.run([sys.executable, "-m", "crawler", "db", "upgrade", "--db", db_url], cwd=ROOT, check=True,
                       capture_output=True)
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "crawler", "worker", "--sites", str(sites), "--db", db_url, *redis_args,
                 "--idle-exit", "60", *SETS],
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )
            for _ in range(workers)
        ]
        try:
            for proc in procs:
                assert proc.stderr is not None
                if "worker:" not in proc.stderr.readline():
                    raise SystemExit("a worker did not start")
            time.sleep(2.0)  # every spider of every worker open and polling
            started = time.perf_counter()
            feed = subprocess.run(
                [sys.executable, "-m", "crawler", "crawl", "--distributed", "--full", "--sites", str(sites),
                 "--db", db_url, "--progress", "0", *redis_args, *SETS], cwd=ROOT, capture_output=True, text=True,
            )
            if feed.returncode:
                raise SystemExit(f"feed failed: {feed.stderr[-2000:]}")
            while len(run_rows(db_url)) < n_sites:
                if any(p.poll() is not None for p in procs):
                    raise SystemExit("a worker exited before the cycles closed")
                time.sleep(0.1)
            wall = time.perf_counter() - started
            for proc in procs:  # done: the cycles closed
                proc.terminate()
                proc.communicate(timeout=60)
            return measured(db_url, wall)
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()
                    proc.communicate()
            client = redis.Redis.from_url(REDIS)
            keys = list(client.scan_iter(match=f"{prefix}:*"))
            if keys:
                client.delete(*keys)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--extra", type=int, default=400, help="generated articles added to each portal (default 400)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", default="1,2,4", help="worker counts to measure (default 1,2,4)")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]

    from replica import ReplicaServer

    results: dict[str, list[tuple[int, float, float]]] = {"baseline": [], **{f"{n}": [] for n in counts}}
    with ReplicaServer() as server, tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp:
        grow(server, args.extra)
        sites = Path(tmp) / "sites.toml"
        sites.write_text(server.sites_toml(), encoding="utf-8")
        n_sites = len(server.portals)
        for r in range(args.rounds):
            results["baseline"].append(baseline(sites))
            line = [f"crawl --full {results['baseline'][-1][1]:.0f} pg/s"]
            for n in counts:
                results[f"{n}"].append(distributed(sites, n_sites, n))
                line.append(f"{n} worker(s) {results[f'{n}'][-1][1]:.0f}")
            print(f"  round {r + 1}: " + ", ".join(line), file=sys.stderr, flush=True)

    def med(name: str, index: int) -> float:
        return statistics.median(result[index] for result in results[name])

    cores = os.cpu_count()
    print(f"worker throughput: 3 replica portals + {args.extra} generated articles each, {args.rounds} rounds, "
          f"medians; {cores} CPU cores (the replica server runs on them too)")
    print("settings: DOWNLOAD_DELAY=0 AUTOTHROTTLE_ENABLED=False CONCURRENT_REQUESTS_PER_DOMAIN=8 "
          "ROBOTSTXT_OBEY=False; PostgreSQL, fresh database per crawl")
    print(f"{'set-up':<28}{'pages':>7}{'crawl pg/s':>12}{'ratio':>7}{'wall pg/s':>11}{'ratio':>7}")
    base_crawl, base_wall = med("baseline", 1), med("baseline", 2)
    for name in results:
        label = "crawl --full (baseline)" if name == "baseline" else f"{name} worker(s)"
        crawl, wall = med(name, 1), med(name, 2)
        print(f"{label:<28}{med(name, 0):>7.0f}{crawl:>12.0f}{crawl / base_crawl:>7.2f}{wall:>11.0f}"
              f"{wall / base_wall:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
