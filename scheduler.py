"""Re-crawl every portal of the registry on its own interval.

Each crawl runs in its own subprocess (`python -m crawler crawl --site ID`): the
Twisted reactor cannot be restarted in one process, and a portal that hangs or
crashes its crawl then cannot take the scheduler or the other portals with it.

Run: `python scheduler.py` or `crawler schedule` (Ctrl-C or SIGTERM to stop).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import random
import signal
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from types import FrameType

from apscheduler.schedulers.blocking import BlockingScheduler

from crawler.registry import RegistryError, Site, load_sites, select_sites

log = logging.getLogger("scheduler")
RUN_TIMEOUT_FACTOR = 3  # a run may take up to three intervals before it is killed


def crawl_once(site: Site, sites_file: str, db_url: str | None, extra: Sequence[str] = ()) -> int:
    command = [sys.executable, "-m", "crawler", "crawl", "--sites", sites_file, "--site", site.id,
               "--progress", "0", *extra]
    if db_url:
        command += ["--db", db_url]
    timeout = site.interval.total_seconds() * RUN_TIMEOUT_FACTOR
    try:
        result = subprocess.run(command, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        log.error("%s: crawl took longer than %.0fs and was stopped", site.id, timeout)
        return -1
    if result.returncode:
        log.warning("%s: crawl exited with %s", site.id, result.returncode)
    return result.returncode


def build_scheduler(sites: Sequence[Site], sites_file: str, db_url: str | None) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone="Asia/Ho_Chi_Minh")
    for site in sites:
        seconds = site.interval.total_seconds()
        scheduler.add_job(
            crawl_once,
            "interval",
            seconds=seconds,
            args=[site, sites_file, db_url],
            id=f"crawl:{site.id}",
            name=f"crawl {site.id}",
            # Spread the portals so they do not all start in the same second.
            jitter=max(1, int(seconds * 0.1)),
            next_run_time=_first_run(seconds),
            max_instances=1,
            coalesce=True,
            misfire_grace_time=int(seconds),
            replace_existing=True,
        )
    return scheduler


def _first_run(seconds: float) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=random.uniform(0, min(30.0, seconds)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scheduler", description=__doc__.splitlines()[0])
    parser.add_argument("--sites", default="sites.toml")
    parser.add_argument("--site", action="append", metavar="ID")
    parser.add_argument("--db")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        sites = select_sites(load_sites(args.sites), args.site, args.sites)
    except RegistryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    scheduler = build_scheduler(sites, args.sites, args.db)

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %s: finishing running crawls, then exiting", signum)
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    log.info("scheduling %d site(s)", len(sites))
    with contextlib.suppress(KeyboardInterrupt):
        scheduler.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
