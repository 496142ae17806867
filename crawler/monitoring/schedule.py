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
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import fcntl
import functools
import hashlib
import logging
import math
import os
import random
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO
from zoneinfo import ZoneInfo

from crawler.crawl.registry import RegistryError, Site, load_sites, select_sites

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from storage.db import Database

# Heavy imports (APScheduler, SQLAlchemy) happen inside functions: `crawler --help` and
# every other subcommand build the parser through `add_arguments` and should not pay for them.

log = logging.getLogger("scheduler")

JOB_TABLE = "scheduler_jobs"
JOB_FUNC = "crawler.monitoring.schedule:run_site"  # a textual reference, so stored jobs survive a restart
JOB_PREFIX = "crawl:"
TIMEZONE = "Asia/Ho_Chi_Minh"
COMMAND_ENV = "CRAWLER_SCHEDULE_COMMAND"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

MAX_WORKERS = 8  # crawls at once; each is a full Scrapy process of ~100 MB
RUN_TIMEOUT_FACTOR = 3
RUN_TIMEOUT_MIN = 10 * 60.0  # a 2000-page crawl at one request a second needs ~35 min
RUN_TIMEOUT_MAX = 2 * 3600.0
JITTER_FRACTION = 0.1
JITTER_MAX = 60  # seconds
FIRST_RUN_SPREAD = 30.0  # new jobs start within this many seconds, not all in the same one
KILL_GRACE = 10.0  # seconds between SIGTERM and SIGKILL when a crawl overruns


class ScheduleError(Exception):
    """A problem the user can fix, told in one line."""


# --- one run -----------------------------------------------------------------------------


class _Children:
    """The crawl subprocesses running now, so a second signal can stop them."""

    def __init__(self) -> None:
        # Reentrant: the signal handler that uses it runs in the main thread, possibly
        # on top of another invocation of itself.
        self._lock = threading.RLock()
        self._running: dict[int, str] = {}

    def add(self, pid: int, site_id: str) -> None:
        with self._lock:
            self._running[pid] = site_id

    def discard(self, pid: int) -> None:
        with self._lock:
            self._running.pop(pid, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._running)

    def signal_all(self, signum: int) -> int:
        # Safe against pid reuse: a pid leaves the table before its process is reaped.
        with self._lock:
            for pid in list(self._running):
                _signal_group(pid, signum)
            return len(self._running)


children = _Children()


def _signal_group(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signum)


def _has_exited(pid: int) -> bool:
    # WNOWAIT leaves the zombie in place: until we reap it, its pid (and so its process
    # group id) cannot be given to an unrelated process we might then signal.
    return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def _wait_unreaped(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    delay = 0.005
    while not _has_exited(pid):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        time.sleep(min(delay, remaining))
        delay = min(delay * 2, 0.1)
    return True


# Set by `crawler schedule --distributed`; an environment variable, not a job argument, so that
# the stored jobs stay the same whichever way the scheduler runs.
DISTRIBUTED_ENV = "CRAWLER_DISTRIBUTED"


def default_command() -> list[str]:
    """The command a run starts, before `crawl --sites ...`; tests and benchmarks swap it."""
    override = os.environ.get(COMMAND_ENV, "").strip()
    return shlex.split(override) if override else [sys.executable, "-m", "crawler"]


def run_site(site_id: str, sites_file: str, db_url: str, timeout: float, command: Sequence[str]) -> int:
    """One crawl of one site in a subprocess; the job function. Never raises, returns the exit code."""
    argv = [*command, "crawl", "--sites", sites_file, "--site", site_id, "--progress", "0"]
    if os.environ.get(DISTRIBUTED_ENV):
        argv.append("--distributed")  # crawler.crawl.distributed: only feed Redis; `crawler worker` processes crawl
    # The URL goes through the environment, not argv: it may hold a password and argv is
    # readable by every user of the machine.
    env = {**os.environ, "DATABASE_URL": db_url}
    started = time.monotonic()
    started_at = datetime.now(UTC)
    try:
        # A session of its own: a terminal's Ctrl-C reaches the scheduler only (which lets
        # the crawl finish), and the process group can be killed as a whole on timeout.
        child = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        log.error("%s: cannot start the crawl: %s", site_id, exc)
        return 127
    children.add(child.pid, site_id)
    log.info("%s: crawl started (pid %d)", site_id, child.pid)
    timed_out = False
    try:
        if not _wait_unreaped(child.pid, timeout):
            timed_out = True
            log.warning("%s: crawl still running after the %gs run timeout; stopping process group %d",
                        site_id, timeout, child.pid)
            _signal_group(child.pid, signal.SIGTERM)
            _wait_unreaped(child.pid, KILL_GRACE)
        # Nothing of a run outlives it: whatever is left in its group (or the crawl itself,
        # if it ignored SIGTERM) is killed. The leader is not reaped yet, so the group id
        # cannot belong to anyone else.
        _signal_group(child.pid, signal.SIGKILL)
    finally:
        children.discard(child.pid)
    code = child.wait()
    duration = time.monotonic() - started
    log.log(logging.INFO if code == 0 else logging.WARNING, "%s: crawl finished: exit code %d in %.1fs%s",
            site_id, code, duration, " (run timeout)" if timed_out else "")
    if code != 0:
        _record_lost_run(site_id, db_url, started_at, "timeout" if timed_out else f"exit {code}")
    return code


def _record_lost_run(site_id: str, db_url: str, started_at: datetime, outcome: str) -> None:
    """A crawl that was killed or crashed wrote no run row itself; `crawler runs` must still show it."""
    try:
        from sqlalchemy import select

        from storage import CrawlRun, RunRepository, open_database

        db = open_database(db_url)
        try:
            with db.sessions() as session:
                recorded = session.execute(
                    select(CrawlRun.id).where(CrawlRun.site_id == site_id, CrawlRun.started_at >= started_at)
                ).first()
            if recorded is None:
                RunRepository(db).record(CrawlRun(
                    site_id=site_id, started_at=started_at, finished_at=datetime.now(UTC), outcome=outcome,
                    mode="unknown", errors=1,
                ))
        finally:
            db.dispose()
    except Exception as exc:  # the schedule must go on even when the database is down
        log.warning("%s: could not record the failed run: %s", site_id, exc)


# --- the schedule ------------------------------------------------------------------------


def default_run_timeout(interval: timedelta) -> float:
    return min(max(interval.total_seconds() * RUN_TIMEOUT_FACTOR, RUN_TIMEOUT_MIN), RUN_TIMEOUT_MAX)


def jitter_seconds(interval: timedelta) -> int | None:
    # APScheduler adds the jitter to each previous (jittered) run time, so the mean period
    # is interval + jitter/2: a tenth of the interval, at most a minute, keeps that small.
    jitter = min(JITTER_MAX, int(interval.total_seconds() * JITTER_FRACTION))
    return jitter or None


def worker_count(sites: int) -> int:
    return max(1, min(MAX_WORKERS, sites))


def job_id(site_id: str) -> str:
    return JOB_PREFIX + site_id


@dataclass(frozen=True)
class JobSpec:
    """What the stored job of one site must look like."""

    site_id: str
    interval: timedelta
    jitter: int | None
    kwargs: dict[str, Any]

    @property
    def misfire_grace_time(self) -> int:
        # With coalescing, the last due run time is never more than one interval (plus
        # jitter) old, so after any downtime exactly one catch-up run is made.
        return max(1, math.ceil(self.interval.total_seconds()) + (self.jitter or 0))

    def options(self) -> dict[str, Any]:
        return {
            "func": JOB_FUNC,
            "args": (),
            "kwargs": self.kwargs,
            "name": f"crawl {self.site_id}",
            "executor": "default",
            "max_instances": 1,
            "coalesce": True,
            "misfire_grace_time": self.misfire_grace_time,
        }

    def trigger(self) -> Any:
        from apscheduler.triggers.interval import IntervalTrigger

        return IntervalTrigger(seconds=self.interval.total_seconds(), jitter=self.jitter, timezone=TIMEZONE)


def job_specs(sites: Sequence[Site], *, sites_file: str, db_url: str, run_timeout: float | None = None,
              command: Sequence[str] | None = None) -> list[JobSpec]:
    prefix = list(command) if command is not None else default_command()
    return [
        JobSpec(
            site_id=site.id,
            interval=site.interval,
            jitter=jitter_seconds(site.interval),
            # Only plain strings and numbers: they are pickled into the job store.
            kwargs={"site_id": site.id, "sites_file": sites_file, "db_url": db_url,
                    "timeout": float(run_timeout or default_run_timeout(site.interval)), "command": prefix},
        )
        for site in sites
    ]


@dataclass
class SyncResult:
    added: list[str] = field(default_factory=list)
    rescheduled: list[str] = field(default_factory=list)  # interval changed: new next run time
    updated: list[str] = field(default_factory=list)  # other settings changed: next run time kept
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # job ids

    def __str__(self) -> str:
        return (f"{len(self.added)} added, {len(self.rescheduled)} rescheduled, {len(self.updated)} updated, "
                f"{len(self.kept)} kept, {len(self.removed)} removed")


def _same_trigger(job: Any, spec: JobSpec) -> bool:
    from apscheduler.triggers.interval import IntervalTrigger

    trigger = job.trigger
    return isinstance(trigger, IntervalTrigger) and trigger.interval == spec.interval and trigger.jitter == spec.jitter


def sync_jobs(scheduler: Any, specs: Sequence[JobSpec], *, spread: float = FIRST_RUN_SPREAD) -> SyncResult:
    """Make the stored jobs match `specs`, keeping the next run time of every unchanged job."""
    result = SyncResult()
    wanted = {job_id(spec.site_id): spec for spec in specs}
    existing = {job.id: job for job in scheduler.get_jobs()}
    now = datetime.now(ZoneInfo(TIMEZONE))  # the zone stored jobs use, so logged times agree
    for jid in existing:
        if jid not in wanted:
            scheduler.remove_job(jid)
            result.removed.append(jid)
    for jid, spec in wanted.items():
        job = existing.get(jid)
        options = spec.options()
        if job is None:
            seconds = spec.interval.total_seconds()
            first = now + timedelta(seconds=random.uniform(0, min(spread, seconds)))
            scheduler.add_job(id=jid, trigger=spec.trigger(), next_run_time=first, **options)
            result.added.append(spec.site_id)
            continue
        current = {"func": job.func_ref, "args": tuple(job.args), "kwargs": dict(job.kwargs), "name": job.name,
                   "executor": job.executor, "max_instances": job.max_instances, "coalesce": job.coalesce,
                   "misfire_grace_time": job.misfire_grace_time}
        changes = {key: value for key, value in options.items() if current[key] != value}
        if not _same_trigger(job, spec) or job.next_run_time is None:
            # The earlier of the stored time and one new interval from now: a shorter
            # interval takes effect at once, a longer one does not delay a due run.
            soonest = now + spec.interval
            changes["trigger"] = spec.trigger()
            changes["next_run_time"] = min(job.next_run_time, soonest) if job.next_run_time else soonest
            result.rescheduled.append(spec.site_id)
        elif changes:
            result.updated.append(spec.site_id)
        else:
            result.kept.append(spec.site_id)
            continue
        scheduler.modify_job(jid, **changes)
    return result


# --- one scheduler per database ------------------------------------------------------------


class InstanceLock:
    """Held while a scheduler uses a database: two would run every crawl twice.

    SQLite: an flock on a file next to the database; PostgreSQL: a session advisory lock.
    Both go away with the process, so a crash never leaves a stale lock.
    """

    def __init__(self, db: Database, table: str = JOB_TABLE) -> None:
        self._file: TextIO | None = None
        self._conn: Connection | None = None
        from sqlalchemy import text
        from sqlalchemy.engine import make_url

        url = make_url(db.url)
        where = url.render_as_string(hide_password=True)
        if db.dialect == "sqlite":
            if not url.database or url.database == ":memory:":
                return
            path = Path(f"{url.database}.{table}.lock")
            try:
                handle = open(path, "a")  # noqa: SIM115 - held for the scheduler's lifetime
            except OSError as exc:
                raise ScheduleError(f"cannot create the scheduler lock file {path}: {exc.strerror}") from None
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                raise ScheduleError(f"another scheduler is already running on {where}") from None
            self._file = handle
        elif db.dialect == "postgresql":
            key = int.from_bytes(hashlib.blake2b(f"vn-police-crawler:{table}".encode(), digest_size=8).digest(),
                                 "big", signed=True)
            conn = db.engine.connect()
            got = conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar()
            conn.commit()
            if not got:
                conn.close()
                raise ScheduleError(f"another scheduler is already running on {where}")
            self._conn = conn

    def release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._conn is not None:
            # Closing the DBAPI connection, not returning it to the pool, ends the
            # session and with it the lock, whatever state the connection is in.
            with contextlib.suppress(Exception):
                self._conn.invalidate()
                self._conn.close()
            self._conn = None


@functools.cache
def _scheduler_class() -> type:
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.base import STATE_STOPPED

    class CrawlScheduler(BackgroundScheduler):
        def _process_jobs(self) -> float | None:
            # The stock loop lets a job store error from update_job() or
            # get_next_run_time() end the scheduler thread for good: one PostgreSQL
            # restart would silently stop all crawling. Retry instead.
            try:
                with self._jobstores_lock:
                    # Taken first so that a shutdown that began while this thread waited
                    # for the lock does not get new runs submitted to a closed pool.
                    if self.state == STATE_STOPPED:
                        return None
                    return super()._process_jobs()
            except Exception as exc:
                log.warning("job store error: %s; retrying in %ss", _one_line(exc), self.jobstore_retry_interval)
                return float(self.jobstore_retry_interval)

    return CrawlScheduler


def _one_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@dataclass
class Schedule:
    """A started scheduler with its database and lock; `shutdown()` releases all three."""

    scheduler: Any
    sync: SyncResult
    db: Database
    lock: InstanceLock

    def shutdown(self, wait: bool = True) -> None:
        try:
            if self.scheduler.running:
                self.scheduler.shutdown(wait=wait)
        finally:
            self.lock.release()
            self.db.dispose()

    def alive(self) -> bool:
        thread = getattr(self.scheduler, "_thread", None)
        return bool(self.scheduler.running and thread is not None and thread.is_alive())


def start_schedule(sites: Sequence[Site], *, sites_file: str, db_url: str | None = None,
                   run_timeout: float | None = None, command: Sequence[str] | None = None,
                   workers: int | None = None, paused: bool = False, spread: float = FIRST_RUN_SPREAD,
                   table: str = JOB_TABLE) -> Schedule:
    """Open the database, take the lock, load and sync the stored jobs, start running them.

    Raises `storage.DatabaseError` or `ScheduleError` with a one-line message.
    """
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from sqlalchemy.exc import SQLAlchemyError

    from storage import open_database

    # Same resolution and driver normalisation as the crawl, and the same engine set-up
    # (WAL and a busy timeout on SQLite, where the crawls write concurrently).
    db = open_database(db_url, create=False)
    try:
        lock = InstanceLock(db, table)
    except BaseException:
        db.dispose()
        raise
    specs = job_specs(sites, sites_file=sites_file, db_url=db.url, run_timeout=run_timeout, command=command)
    scheduler = _scheduler_class()(
        timezone=TIMEZONE,
        jobstores={"default": SQLAlchemyJobStore(engine=db.engine, tablename=table)},
        # Big enough that a hung portal (or several) does not hold up the others.
        executors={"default": ThreadPoolExecutor(workers or worker_count(len(specs)))},
    )
    schedule = Schedule(scheduler=scheduler, sync=SyncResult(), db=db, lock=lock)
    try:
        # Paused: the stored jobs are loaded but none runs before they are reconciled.
        scheduler.start(paused=True)
        schedule.sync = sync_jobs(scheduler, specs, spread=spread)
        if not paused:
            scheduler.resume()
    except SQLAlchemyError as exc:
        schedule.shutdown(wait=False)
        raise ScheduleError(f"cannot use the schedule table {table!r} on "
                            f"{_redact(db.url)}: {_one_line(exc)}") from None
    except BaseException:
        schedule.shutdown(wait=False)
        raise
    return schedule


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<database>"


# --- signals -----------------------------------------------------------------------------


class StopSignals:
    """First SIGINT/SIGTERM: stop scheduling, let runs finish. Second: SIGTERM the runs. Third: SIGKILL."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.count = 0
        self.first: int | None = None

    def handle(self, signum: int, _frame: FrameType | None) -> None:
        self.count += 1
        if self.count == 1:
            self.first = signum
            self.event.set()
            return
        stop_with = signal.SIGTERM if self.count == 2 else signal.SIGKILL
        running = children.signal_all(stop_with)
        # logging's handler locks are reentrant, so this cannot deadlock the main thread.
        log.warning("%s again: sent %s to %d running crawl(s)", signal.Signals(signum).name, stop_with.name, running)

    @property
    def forced(self) -> bool:
        return self.count > 1

    @contextlib.contextmanager
    def installed(self) -> Iterator[StopSignals]:
        previous = {s: signal.signal(s, self.handle) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield self
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


# --- command line ------------------------------------------------------------------------


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `crawler schedule` and `python scheduler.py`."""
    parser.add_argument("--sites", default=os.environ.get("CRAWLER_SITES", "sites.toml"),
                        help="site registry (default: %(default)s)")
    parser.add_argument("--site", action="append", metavar="ID",
                        help="schedule only this site (repeatable); stored jobs of other sites are removed")
    parser.add_argument("--db", help="database URL for the articles and the schedule "
                                     "(default: $DATABASE_URL, then sqlite:///data/crawler.sqlite)")
    parser.add_argument("--once", action="store_true",
                        help="crawl each site once now, in parallel, and exit (the stored schedule is untouched)")
    parser.add_argument("--run-timeout", type=_positive_seconds, metavar="SECONDS",
                        help=f"stop a crawl that runs longer than this (default: {RUN_TIMEOUT_FACTOR} intervals, "
                             f"at least {RUN_TIMEOUT_MIN:.0f}s, at most {RUN_TIMEOUT_MAX:.0f}s)")
    parser.add_argument("--log-level", default="INFO", type=str.upper,
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    parser.add_argument("--distributed", action="store_true",
                        help="each run only feeds the site's start requests into Redis ($REDIS_URL) "
                             "for `crawler worker` processes")


def _configure_logging(level: str) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    root.setLevel(level)
    # APScheduler's INFO lines repeat ours; its warnings (skipped or missed runs) stay.
    logging.getLogger("apscheduler").setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)


def run(args: argparse.Namespace) -> int:
    """Run `crawler schedule` with parsed `add_arguments` options; returns the exit status."""
    from storage import DatabaseError, resolve_db_url

    _configure_logging(args.log_level)
    if getattr(args, "distributed", False):
        os.environ[DISTRIBUTED_ENV] = "1"
    try:
        sites = select_sites(load_sites(args.sites), args.site, args.sites)
        # Absolute: the path is stored with the jobs and a restart may come from elsewhere.
        sites_file = str(Path(args.sites).resolve())
        db_url = resolve_db_url(args.db)
        stop = StopSignals()
        with stop.installed():
            if args.once:
                return _run_once(sites, sites_file=sites_file, db_url=db_url, run_timeout=args.run_timeout, stop=stop)
            return _run_forever(sites, sites_file=sites_file, db_url=db_url, run_timeout=args.run_timeout, stop=stop)
    except (RegistryError, DatabaseError, ScheduleError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run_forever(sites: Sequence[Site], *, sites_file: str, db_url: str, run_timeout: float | None,
                 stop: StopSignals) -> int:
    schedule = start_schedule(sites, sites_file=sites_file, db_url=db_url, run_timeout=run_timeout)
    code = EXIT_OK
    try:
        log.info("scheduling %d site(s) on %s (%s); %d at a time", len(sites), _redact(schedule.db.url),
                 schedule.sync, worker_count(len(sites)))
        for job in schedule.scheduler.get_jobs():
            log.info("%s: every %s, next run %s, run timeout %.0fs", job.kwargs["site_id"], job.trigger.interval,
                     job.next_run_time.isoformat(timespec="seconds") if job.next_run_time else "paused",
                     job.kwargs["timeout"])
        while not stop.event.wait(1.0):
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
