"""The running scheduler: APScheduler with its jobs in the crawler's database, one scheduler per database.

The schedule (one job per site, with its next run time) lives in the crawler's own
database, table `scheduler_jobs`, so a restart continues it instead of starting over.
Only one scheduler may use a database at a time (`InstanceLock`).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from crawler.crawl.registry import Site
from crawler.monitoring.jobs import (
    FIRST_RUN_SPREAD,
    JOB_TABLE,
    TIMEZONE,
    ScheduleError,
    SyncResult,
    job_specs,
    sync_jobs,
    worker_count,
)
from crawler.monitoring.plans import Replanner

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from storage.db import Database

# Heavy imports (APScheduler, SQLAlchemy) happen inside functions: `crawler --help` and
# every other subcommand import this module through `crawler.monitoring.schedule`.

log = logging.getLogger("scheduler")
T = TypeVar("T")


class InstanceLock:
    """Held while a scheduler uses a database: two would run every crawl twice.

    SQLite: an flock on a file next to the database; PostgreSQL: a session advisory lock.
    Both go away with the process, so a crash never leaves a stale lock.
    """

    def __init__(self, db: Database, table: str = JOB_TABLE) -> None:
        self._file: TextIO | None = None
        self._conn: Connection | None = None
        self._engine: Engine | None = None  # PostgreSQL: where the lock is taken (again)
        self._key = 0
        self._where = ""
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
            self._engine, self._key, self._where = db.engine, key, where
            self._conn = self._take()
            if self._conn is None:
                raise ScheduleError(f"another scheduler is already running on {where}")

    def _take(self) -> Connection | None:
        from sqlalchemy import text

        assert self._engine is not None
        conn = self._engine.connect()
        got = conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}).scalar()
        conn.commit()
        if not got:
            conn.close()
            return None
        return conn

    def check(self) -> None:
        """Still hold the lock. PostgreSQL ends an advisory lock with its session, and a server restart
        ends every session: then take it again on a new one. Raises ScheduleError when another
        scheduler took it meanwhile; while the database is still away, its own error (try later)."""
        from sqlalchemy import text

        if self._engine is None:
            return
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT 1"))
                self._conn.commit()
                return
            except Exception:
                self._drop()
        self._conn = self._take()
        if self._conn is None:
            raise ScheduleError(f"another scheduler took over {self._where} while the database was away")
        log.warning("the database is back: the scheduler lock is held again")

    def _drop(self) -> None:
        if self._conn is not None:
            # Closing the DBAPI connection, not returning it to the pool, ends the
            # session and with it the lock, whatever state the connection is in.
            with contextlib.suppress(Exception):
                self._conn.invalidate()
                self._conn.close()
            self._conn = None

    def release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._drop()
        self._engine = None


@functools.cache
def _scheduler_class() -> type:
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.base import STATE_STOPPED

    from storage.db import first_line

    class CrawlScheduler(BackgroundScheduler):
        instance_lock: InstanceLock | None = None
        lost_lock: str | None = None

        def _process_jobs(self) -> float | None:
            # The stock loop lets a job store error from update_job() or
            # get_next_run_time() end the scheduler thread for good: one PostgreSQL
            # restart would silently stop all crawling. Retry instead.
            try:
                with self._jobstores_lock:
                    # Taken first so that a shutdown that began while this thread waited
                    # for the lock does not get new runs submitted to a closed pool.
                    if self.state == STATE_STOPPED or self.lost_lock:
                        return None
                    # No run starts unless this scheduler still holds its lock (a PostgreSQL
                    # restart ends it; it is taken again here, or lost to another scheduler).
                    if self.instance_lock is not None:
                        try:
                            self.instance_lock.check()
                        except ScheduleError as exc:
                            self.lost_lock = str(exc)
                            log.error("%s: this scheduler stops", exc)
                            return None
                    return super()._process_jobs()
            except Exception as exc:
                log.warning("job store error: %s; retrying in %ss", first_line(exc), self.jobstore_retry_interval)
                return float(self.jobstore_retry_interval)

        def while_running(self, action: Callable[[], T]) -> T | None:
            """`action()` under the job store lock, or None once the scheduler stops.

            For a job's listener: shutdown() holds that lock while it waits for the running
            jobs, and their listeners run in those jobs' threads, so waiting for the lock
            there (get_job, modify_job) would never end.
            """
            while self.state != STATE_STOPPED:
                if self._jobstores_lock.acquire(timeout=0.1):
                    try:
                        return None if self.state == STATE_STOPPED else action()
                    finally:
                        self._jobstores_lock.release()
            return None

    return CrawlScheduler


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

    @property
    def lost_lock(self) -> str | None:
        """Why this scheduler must stop: another one took the lock while the database was away."""
        return getattr(self.scheduler, "lost_lock", None)

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
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from sqlalchemy.exc import SQLAlchemyError

    from storage import open_database
    from storage.db import first_line, redact_url

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
    scheduler.instance_lock = lock
    schedule = Schedule(scheduler=scheduler, sync=SyncResult(), db=db, lock=lock)
    # After each run, the site's next one is placed from its history (crawler.monitoring.plans).
    scheduler.add_listener(Replanner(scheduler, db, {site.id: site for site in sites}),
                           EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    try:
        # Paused: the stored jobs are loaded but none runs before they are reconciled.
        scheduler.start(paused=True)
        schedule.sync = sync_jobs(scheduler, specs, spread=spread)
        if not paused:
            scheduler.resume()
    except SQLAlchemyError as exc:
        schedule.shutdown(wait=False)
        raise ScheduleError(f"cannot use the schedule table {table!r} on "
                            f"{redact_url(db.url)}: {first_line(exc)}") from None
    except BaseException:
        schedule.shutdown(wait=False)
        raise
    return schedule
