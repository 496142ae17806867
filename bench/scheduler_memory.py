"""Does the scheduler's memory grow with every run? RSS after 10 and after 200 runs.

    python bench/scheduler_memory.py                 # temporary SQLite job store
    python bench/scheduler_memory.py --db postgresql://postgres@127.0.0.1:5432/test

The real scheduler (`crawler.monitoring.schedule.start_schedule`: SQLAlchemy job store, thread pool,
one subprocess per run, the run and end log lines) runs in this process with intervals
of a fraction of a second and `true` as the crawl command, so a few hundred cycles take
seconds. A cycle is one finished run of one site's job. RSS is read from /proc/self/status.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.crawl.registry import Site  # noqa: E402
from crawler.monitoring.schedule import start_schedule  # noqa: E402
from storage import open_database  # noqa: E402

TABLE = "scheduler_bench_jobs"  # not the real schedule's table, which syncing would empty


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status (Linux only)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--baseline", type=int, default=10, help="cycle whose RSS is the baseline")
    parser.add_argument("--sites", type=int, default=2)
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between runs of one site")
    parser.add_argument("--db", help="job store database (default: a temporary SQLite file)")
    args = parser.parse_args()

    true = shutil.which("true")
    if true is None:
        print("error: no `true` command on PATH", file=sys.stderr)
        return 2
    # The run lines are formatted and written as in production, to nowhere.
    logging.basicConfig(level=logging.INFO, stream=open(os.devnull, "w"))  # noqa: SIM115
    logging.getLogger("apscheduler").setLevel(logging.WARNING)

    sites = [Site(id=f"bench-{i}", name=f"Bench {i}", start_urls=(f"https://bench-{i}.example.vn/",),
                  interval=timedelta(seconds=args.interval)) for i in range(args.sites)]
    samples: dict[int, float] = {}
    cycles = 0
    done = threading.Event()
    lock = threading.Lock()

    def on_run(_event: object) -> None:
        nonlocal cycles
        with lock:
            cycles += 1
            if cycles in (args.baseline, args.cycles) or cycles % 50 == 0:
                samples[cycles] = rss_mib()
            if cycles >= args.cycles:
                done.set()

    with tempfile.TemporaryDirectory(prefix="scheduler-bench-") as tmp:
        db_url = args.db or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        started_rss = rss_mib()
        schedule = start_schedule(sites, sites_file=str(ROOT / "sites.toml"), db_url=db_url, command=[true],
                                  run_timeout=30, paused=True, spread=0, table=TABLE)
        from apscheduler.events import EVENT_JOB_EXECUTED

        schedule.scheduler.add_listener(on_run, EVENT_JOB_EXECUTED)
        started = time.monotonic()
        schedule.scheduler.resume()
        finished = done.wait(timeout=args.cycles * args.interval * 20 + 60)
        elapsed = time.monotonic() - started
        schedule.shutdown()
        db = open_database(db_url, create=False)
        try:
            with db.engine.begin() as conn:
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")
        finally:
            db.dispose()
    if not finished:
        print(f"error: only {cycles} of {args.cycles} cycles ran", file=sys.stderr)
        return 1

    base, last = samples[args.baseline], samples[args.cycles]
    store = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    print(f"scheduler memory: {args.cycles} cycles ({args.sites} site(s) every {args.interval:g}s, "
          f"child `true`, {store} job store) in {elapsed:.1f}s")
    print(f"  before start:      RSS {started_rss:6.1f} MiB")
    for cycle in sorted(samples):
        note = " (baseline)" if cycle == args.baseline else ""
        print(f"  cycle {cycle:>4}:        RSS {samples[cycle]:6.1f} MiB{note}")
    print(f"  cycle {args.cycles} / cycle {args.baseline}: ratio {last / base:.3f}, "
          f"{last - base:+.1f} MiB ({base:.1f} -> {last:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
