"""Re-crawl every portal of the registry on its own interval: `crawler schedule`, `python scheduler.py`.

Each run is `python -m crawler crawl --sites FILE --site ID --progress 0` in its own
subprocess and session: the Twisted reactor cannot be restarted in one process, a
portal that hangs or crashes then cannot take the scheduler or the other portals
with it, and a hung crawl can be killed with everything it started.

The schedule (one APScheduler job per site, with its next run time) lives in the
crawler's own database, table `scheduler_jobs`, so a restart continues it instead of
starting over. The stored jobs mirror the sites being scheduled: a site that left the
registry (or was not selected with `--site`) loses its job, a changed interval
reschedules it. Only one scheduler may use a database at a time.

SIGINT/SIGTERM: no new run starts, running crawls finish, exit 0. A second signal
stops the running crawls (SIGTERM to their process groups), a third kills them.

The parts: `crawler.monitoring.site_run` (one run in its own process: `run_site`, the
function every stored job names as `crawler.monitoring.schedule:run_site`),
`crawler.monitoring.jobs` (what the stored jobs must look like, and keeping them so),
`crawler.monitoring.store` (APScheduler on the database, one scheduler per database),
`crawler.monitoring.stop_signals`; this module runs them and re-exports their names.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from crawler.crawl.registry import RegistryError, Site, load_sites, polling_summary, select_sites
from crawler.monitoring import metrics
from crawler.monitoring.jobs import (
    FIRST_RUN_SPREAD,
    JITTER_FRACTION,
    JITTER_MAX,
    JOB_FUNC,
    JOB_PREFIX,
    JOB_TABLE,
    MAX_WORKERS,
    RUN_TIMEOUT_FACTOR,
    RUN_TIMEOUT_MAX,
    RUN_TIMEOUT_MIN,
    TIMEZONE,
    JobSpec,
    ScheduleError,
    SyncResult,
    default_run_timeout,
    jitter_seconds,
    job_id,
    job_specs,
    sync_jobs,
    worker_count,
)
from crawler.monitoring.site_run import (
    COMMAND_ENV,
    DISTRIBUTED_ENV,
    KILL_GRACE,
    children,
    default_command,
    run_site,  # the stored jobs' function: keep it importable from here (JOB_FUNC)
)
from crawler.monitoring.stop_signals import StopSignals
from crawler.monitoring.store import InstanceLock, Schedule, start_schedule

__all__ = [
    "COMMAND_ENV", "DISTRIBUTED_ENV", "EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "FIRST_RUN_SPREAD", "JITTER_FRACTION",
    "JITTER_MAX", "JOB_FUNC", "JOB_PREFIX", "JOB_TABLE", "KILL_GRACE", "MAX_WORKERS", "RUN_TIMEOUT_FACTOR",
    "RUN_TIMEOUT_MAX", "RUN_TIMEOUT_MIN", "TIMEZONE", "InstanceLock", "JobSpec", "Schedule", "ScheduleError",
    "StopSignals", "SyncResult", "children", "default_command", "default_run_timeout", "jitter_seconds", "job_id",
    "job_specs", "run", "run_site", "start_schedule", "sync_jobs", "worker_count",
]

log = logging.getLogger("scheduler")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _configure_logging(level: str) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    root.setLevel(level)
    # APScheduler's INFO lines repeat ours; its warnings (skipped or missed runs) stay.
    logging.getLogger("apscheduler").setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)


def run(args: argparse.Namespace) -> int:
    """Run `crawler schedule` with its parsed options (`crawler.cli.schedule`); returns the exit status."""
    from storage import DatabaseError, resolve_db_url

    _configure_logging(args.log_level)
    if getattr(args, "distributed", False):
        os.environ[DISTRIBUTED_ENV] = "1"
    try:
        sites = select_sites(load_sites(args.sites), args.site, args.sites)
        # Absolute: the path is stored with the jobs and a restart may come from elsewhere.
        sites_file = str(Path(args.sites).resolve())
        db_url = resolve_db_url(args.db)
        _start_metrics(args, db_url)
        stop = StopSignals()
        with stop.installed():
            if args.once:
                return _run_once(sites, sites_file=sites_file, db_url=db_url, run_timeout=args.run_timeout, stop=stop)
            return _run_forever(sites, sites_file=sites_file, db_url=db_url, run_timeout=args.run_timeout, stop=stop)
    except (RegistryError, DatabaseError, ScheduleError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _start_metrics(args: argparse.Namespace, db_url: str) -> None:
    """--metrics-port: the scheduler's and the portals' metrics on a port of their own."""
    port = getattr(args, "metrics_port", None)
    if port is None:
        return
    try:
        metrics.serve(port, metrics.lazy_database(db_url), host=getattr(args, "metrics_host", "127.0.0.1"))
    except OSError as exc:
        raise ScheduleError(f"cannot serve metrics on port {port}: {exc.strerror or exc}") from None
    metrics.SCHEDULER_RUNNING.set_function(lambda: len(children))
    metrics.heartbeat()


def _run_forever(sites: Sequence[Site], *, sites_file: str, db_url: str, run_timeout: float | None,
                 stop: StopSignals) -> int:
    from storage.db import redact_url

    schedule = start_schedule(sites, sites_file=sites_file, db_url=db_url, run_timeout=run_timeout)
    code = EXIT_OK
    try:
        log.info("scheduling %d site(s) on %s (%s); %d at a time", len(sites), redact_url(schedule.db.url),
                 schedule.sync, worker_count(len(sites)))
        by_id = {site.id: site for site in sites}
        for job in schedule.scheduler.get_jobs():
            site = by_id[job.kwargs["site_id"]]
            log.info("%s: %s, next run %s, run timeout %.0fs", site.id, polling_summary(site),
                     job.next_run_time.isoformat(timespec="seconds") if job.next_run_time else "paused",
                     job.kwargs["timeout"])
        while not stop.event.wait(1.0):
            metrics.heartbeat()
            if schedule.lost_lock:
                code = EXIT_FAILED  # the reason was logged when the lock was lost
                break
            if not schedule.alive():
                log.error("the scheduler thread stopped unexpectedly; exiting")
                code = EXIT_FAILED
                break
        if stop.first is not None:
            log.info("%s: no new runs; waiting for %d running crawl(s) (signal again to stop them)",
                     signal.Signals(stop.first).name, len(children))
    finally:
        schedule.shutdown(wait=True)
    if stop.forced:
        log.warning("scheduler stopped; running crawls were cut short")
        return 128 + (stop.first or signal.SIGTERM)
    log.info("scheduler stopped")
    return code


def _run_once(sites: Sequence[Site], *, sites_file: str, db_url: str, run_timeout: float | None,
              stop: StopSignals) -> int:
    from storage import open_database

    db = open_database(db_url, create=False)  # fail in one line before starting anything
    db.dispose()
    specs = job_specs(sites, sites_file=sites_file, db_url=db.url, run_timeout=run_timeout)
    with concurrent.futures.ThreadPoolExecutor(worker_count(len(specs)), thread_name_prefix="crawl") as pool:
        futures = {pool.submit(run_site, **spec.kwargs): spec.site_id for spec in specs}
        pending = set(futures)
        while pending:
            _done, pending = concurrent.futures.wait(pending, timeout=1.0)
            if stop.event.is_set():
                skipped = [futures[f] for f in pending if f.cancel()]
                if skipped:
                    log.info("signal: skipping %s", ", ".join(sorted(skipped)))
    codes = [f.result() for f in futures if not f.cancelled()]
    if stop.forced:
        return 128 + (stop.first or signal.SIGTERM)
    return EXIT_OK if all(code == 0 for code in codes) else EXIT_FAILED
