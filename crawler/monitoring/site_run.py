"""One scheduled run: `python -m crawler crawl --sites FILE --site ID --progress 0` in a process of its own.

A session of its own too: the Twisted reactor cannot be restarted in one process, a portal
that hangs or crashes then cannot take the scheduler or the other portals with it, and a
hung crawl can be killed with everything it started. `run_site` is the function of the
stored jobs; they name it `crawler.monitoring.schedule:run_site` (re-exported there).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime

from crawler.monitoring import metrics

log = logging.getLogger("scheduler")

COMMAND_ENV = "CRAWLER_SCHEDULE_COMMAND"
KILL_GRACE = 10.0  # seconds between SIGTERM and SIGKILL when a crawl overruns


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
    metrics.scheduled_run_ended(code, duration, timed_out=timed_out)
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
