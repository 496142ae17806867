"""The scheduler: a stored schedule survives a restart, runs never overlap, one bad portal
does not stop the others, SIGTERM lets a running crawl finish, bad input is one line.

Real APScheduler, real databases and real subprocesses throughout. The crawl command is
swapped (CRAWLER_SCHEDULE_COMMAND) for a tiny script whose behaviour follows the site id
(`ok`, `fail`, `hang`, `slow-25` = 2.5 s) and which appends `site event pid time` lines to
a log, so the tests see exactly when each run started and ended.
"""

from __future__ import annotations

import itertools
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from crawler.crawl.registry import load_sites
from crawler.monitoring.schedule import JOB_TABLE, ScheduleError, start_schedule
from scheduler import main
from storage import RunRepository, open_database

ROOT = Path(__file__).resolve().parent.parent

FAKE_CRAWL = """\
import os, subprocess, sys, time

site = sys.argv[sys.argv.index("--site") + 1]

def note(event, pid=None):
    with open(os.environ["FAKE_CRAWL_LOG"], "a") as log:
        log.write(f"{site} {event} {pid or os.getpid()} {time.time():.6f}\\n")

note("start")
kind, _, arg = site.partition("-")
if kind == "fail":
    sys.exit(3)
if kind == "hang":
    # A helper that ignores SIGTERM: only the SIGKILL to the whole group stops it.
    grandchild = subprocess.Popen([sys.executable, "-c", "import signal, sys, time; "
                                   "signal.signal(signal.SIGTERM, signal.SIG_IGN); print(flush=True); time.sleep(120)"],
                                  stdout=subprocess.PIPE)
    grandchild.stdout.readline()  # its SIGTERM handler is in place
    note("grandchild", grandchild.pid)
    time.sleep(120)
if kind == "slow":
    time.sleep(int(arg) / 10)
note("end")
"""


@dataclass
class Event:
    site: str
    kind: str
    pid: int
    at: float


def write_sites(path: Path, intervals: dict[str, str], polling: str = "fixed") -> Path:
    """Sites on a fixed interval by default: these tests are about the interval jobs themselves
    (adaptive polling: tests/test_polling.py)."""
    path.write_text("".join(
        f'[[sites]]\nid = "{site}"\nname = "Site {site}"\nstart_urls = ["https://{site}.example.vn/"]\n'
        f'interval = "{interval}"\npolling = "{polling}"\n\n'
        for site, interval in intervals.items()
    ), encoding="utf-8")
    return path


def wait_for(predicate: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def is_dead(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    # A zombie is dead; in a container nobody may be reaping orphans.
    return "\nState:\tZ" in status


class Harness:
    """Runs `python scheduler.py` against the fake crawl and reads what happened."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.log = tmp_path / "runs.log"
        self.fake = tmp_path / "fake_crawl.py"
        self.fake.write_text(FAKE_CRAWL, encoding="utf-8")
        self.db_url = f"sqlite:///{tmp_path / 'crawler.sqlite'}"
        self.procs: list[subprocess.Popen[bytes]] = []
        self.stderr_path = tmp_path / "scheduler.err"

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CRAWLER_SCHEDULE_COMMAND": shlex.join([sys.executable, str(self.fake)]),
                "FAKE_CRAWL_LOG": str(self.log)}

    def start(self, intervals: dict[str, str], *extra: str) -> subprocess.Popen[bytes]:
        sites = write_sites(self.tmp / "sites.toml", intervals)
        with open(self.stderr_path, "wb") as err:
            proc = subprocess.Popen(
                [sys.executable, str(ROOT / "scheduler.py"), "--sites", str(sites), "--db", self.db_url, *extra],
                cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=err,
            )
        self.procs.append(proc)
        return proc

    def events(self, site: str | None = None, kind: str | None = None) -> list[Event]:
        if not self.log.exists():
            return []
        found = []
        for line in self.log.read_text().splitlines():
            name, event, pid, at = line.split()
            if (site is None or name == site) and (kind is None or event == kind):
                found.append(Event(name, event, int(pid), float(at)))
        return found

    def runs(self, site: str) -> list[tuple[float, float]]:
        """(start, end) of every finished run of `site`."""
        starts = {e.pid: e.at for e in self.events(site, "start")}
        return sorted((starts[e.pid], e.at) for e in self.events(site, "end"))

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def stop(self, proc: subprocess.Popen[bytes], timeout: float = 15) -> int:
        proc.send_signal(signal.SIGTERM)
        return proc.wait(timeout=timeout)

    def cleanup(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        # Crawls run in sessions of their own, so they outlive a killed scheduler.
        for event in self.events():
            with_fake = f"/proc/{event.pid}/cmdline"
            try:
                cmdline = Path(with_fake).read_bytes()
            except OSError:
                continue
            if str(self.fake).encode() in cmdline or b"time.sleep(120)" in cmdline:
                os.kill(event.pid, signal.SIGKILL)


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Harness]:
    h = Harness(tmp_path)
    try:
        yield h
    finally:
        h.cleanup()


# --- the stored schedule -----------------------------------------------------------------


def stored_rows(url: str) -> dict[str, tuple[float, bytes]]:
    db = open_database(url, create=False)
    try:
        with db.engine.connect() as conn:
            rows = conn.execute(text(f"SELECT id, next_run_time, job_state FROM {JOB_TABLE}")).all()
    finally:
        db.dispose()
    return {row.id: (row.next_run_time, bytes(row.job_state)) for row in rows}


def test_stored_schedule_survives_a_restart(db_url: str, tmp_path: Path):
    sites_file = write_sites(tmp_path / "sites.toml", {"a": "1h", "b": "2h", "c": "1h"})
    sites = load_sites(sites_file)
    options = {"sites_file": str(sites_file), "db_url": db_url, "command": ["true"], "paused": True}

    started = datetime.now(UTC).timestamp()
    first = start_schedule(sites, **options)
    try:
        assert sorted(first.sync.added) == ["a", "b", "c"]
        # One scheduler per database: a second would run every crawl twice.
        with pytest.raises(ScheduleError, match="another scheduler is already running"):
            start_schedule(sites, **options)
    finally:
        first.shutdown()
    before = stored_rows(db_url)
    assert sorted(before) == ["crawl:a", "crawl:b", "crawl:c"]
    assert all(started <= next_run <= started + 31 for next_run, _state in before.values())

    second = start_schedule(sites, **options)
    try:
        assert sorted(second.sync.kept) == ["a", "b", "c"]
        assert second.sync.added == second.sync.removed == second.sync.rescheduled == []
        job = second.scheduler.get_job("crawl:a")
        assert job.next_run_time.timestamp() == pytest.approx(before["crawl:a"][0])
    finally:
        second.shutdown()
    # The very same rows: neither re-created nor rewritten.
    assert stored_rows(db_url) == before

    # c leaves the registry, b runs every 30 minutes, the run timeout changes for all.
    sites_file = write_sites(tmp_path / "sites.toml", {"a": "1h", "b": "30m"})
    third = start_schedule(load_sites(sites_file), **{**options, "sites_file": str(sites_file)}, run_timeout=600)
    try:
        assert third.sync.removed == ["crawl:c"]
        assert third.sync.rescheduled == ["b"]
        assert third.sync.updated == ["a"]
        assert third.scheduler.get_job("crawl:b").trigger.interval == timedelta(minutes=30)
        assert third.scheduler.get_job("crawl:a").kwargs["timeout"] == 600
    finally:
        third.shutdown()
    after = stored_rows(db_url)
    assert sorted(after) == ["crawl:a", "crawl:b"]
    # a's settings changed but its next run did not move; b's next run is at most one new interval away.
    assert after["crawl:a"][0] == before["crawl:a"][0] and after["crawl:a"][1] != before["crawl:a"][1]
    assert after["crawl:b"][0] <= min(before["crawl:b"][0], datetime.now(UTC).timestamp() + 1800)


def test_jobs_restored_after_a_restart_run_and_keep_their_schedule(harness: Harness):
    proc = harness.start({"ok": "1s"})
    wait_for(lambda: len(harness.runs("ok")) >= 2, 10, "two runs before the restart")
    assert harness.stop(proc) == 0
    rows = stored_rows(harness.db_url)
    assert list(rows) == ["crawl:ok"]

    runs_before = len(harness.runs("ok"))
    proc = harness.start({"ok": "1s"})
    wait_for(lambda: len(harness.runs("ok")) >= runs_before + 2, 10, "two runs after the restart")
    assert harness.stop(proc) == 0
    assert "0 added, 0 rescheduled, 0 updated, 1 kept, 0 removed" in harness.stderr
    assert stored_rows(harness.db_url)["crawl:ok"][0] > rows["crawl:ok"][0]


# --- runs --------------------------------------------------------------------------------


def test_a_run_longer_than_its_interval_never_overlaps_the_next(harness: Harness):
    # Two sites make two workers: a second run of the slow site would find one free.
    proc = harness.start({"slow-25": "1s", "ok": "1h"})
    wait_for(lambda: len(harness.runs("slow-25")) >= 2, 15, "two runs of a 2.5 s crawl every 1 s")
    assert harness.stop(proc) == 0

    runs = harness.runs("slow-25")
    assert len(harness.events("slow-25", "start")) == len(runs)  # the last one finished too
    for (_start, end), (next_start, _end) in itertools.pairwise(runs):
        assert next_start >= end, f"runs overlap: {runs}"
    # The trigger did fire while the run was still going: overlap was prevented, not avoided.
    assert "maximum number of running instances reached" in harness.stderr


def test_a_failing_and_a_hanging_site_do_not_stop_the_others(harness: Harness):
    proc = harness.start({"ok": "1s", "fail": "1s", "hang": "1s"}, "--run-timeout", "1.5")
    wait_for(lambda: len(harness.events("hang", "start")) >= 2, 15, "the hung site to be killed and run again")
    wait_for(lambda: len(harness.runs("ok")) >= 3, 10, "three runs of the healthy site")
    assert harness.stop(proc) == 0

    assert len(harness.events("fail", "start")) >= 2
    assert "fail: crawl finished: exit code 3" in harness.stderr
    assert "hang: crawl still running after the 1.5s run timeout; stopping process group" in harness.stderr
    assert "hang: crawl finished: exit code -15" in harness.stderr
    # The whole process group went, not just the crawl process.
    for event in harness.events("hang", "start") + harness.events("hang", "grandchild"):
        assert is_dead(event.pid), event
    assert "Traceback" not in harness.stderr
    # The killed and the crashed runs wrote no run row themselves; `crawler runs` still shows them.
    db = open_database(harness.db_url)
    try:
        outcomes = {(r.site_id, r.outcome) for r in RunRepository(db).recent(limit=100)}
    finally:
        db.dispose()
    assert {("hang", "timeout"), ("fail", "exit 3")} <= outcomes
    assert not any(site == "ok" for site, _ in outcomes)  # the fake crawl of "ok" exits 0


def test_sigterm_lets_the_running_crawl_finish_then_exits_0(harness: Harness):
    proc = harness.start({"slow-30": "2s"})
    wait_for(lambda: harness.events("slow-30", "start"), 10, "the first run to start")
    signalled = time.time()
    assert harness.stop(proc) == 0
    stopped = time.time()

    (start,) = harness.events("slow-30", "start")
    (end,) = harness.events("slow-30", "end")
    assert end.pid == start.pid and signalled < end.at < stopped
    assert end.at - start.at >= 3.0  # not cut short
    log = harness.stderr
    assert "waiting for 1 running crawl(s)" in log
    # Stopped after the run finished, not merely before the interpreter joined its thread.
    assert log.index("waiting for 1 running crawl(s)") < log.index("slow-30: crawl finished: exit code 0") \
        < log.index("scheduler stopped")


def test_a_second_signal_stops_the_running_crawls(harness: Harness):
    proc = harness.start({"hang": "2s"})
    wait_for(lambda: harness.events("hang", "grandchild"), 10, "the hung crawl to start")
    proc.send_signal(signal.SIGINT)
    time.sleep(0.5)
    assert proc.poll() is None  # still waiting for the crawl
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=10) == 128 + signal.SIGINT
    for event in harness.events("hang", "start") + harness.events("hang", "grandchild"):
        wait_for(lambda pid=event.pid: is_dead(pid), 5, f"pid {event.pid} to die")
    assert harness.events("hang", "end") == []


def test_once_runs_each_site_once_and_reports_failure(harness: Harness, monkeypatch, capsys):
    for name in ("CRAWLER_SCHEDULE_COMMAND", "FAKE_CRAWL_LOG"):
        monkeypatch.setenv(name, harness.env[name])
    sites = write_sites(harness.tmp / "sites.toml", {"ok": "1h", "fail": "1h"})
    args = ["--sites", str(sites), "--db", harness.db_url, "--once"]

    assert main(args) == 1
    assert sorted(e.site for e in harness.events(kind="start")) == ["fail", "ok"]
    assert main([*args, "--site", "ok"]) == 0
    assert len(harness.events("ok", "start")) == 2
    # --once leaves the stored schedule alone.
    db = open_database(harness.db_url, create=False)
    try:
        assert JOB_TABLE not in inspect(db.engine).get_table_names()
    finally:
        db.dispose()
    assert "Traceback" not in capsys.readouterr().err


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["missing registry", "bad registry", "unknown site", "unreachable database",
                                  "unsupported database", "scheduler already running"])
def test_bad_input_is_one_line_and_exit_2(case: str, tmp_path: Path, capsys):
    sites = write_sites(tmp_path / "sites.toml", {"ok": "1h"})
    db = f"sqlite:///{tmp_path / 'crawler.sqlite'}"
    args = {
        "missing registry": ["--sites", str(tmp_path / "nope.toml"), "--db", db],
        "bad registry": ["--sites", str(write_sites(tmp_path / "bad.toml", {"ok": "soon"})), "--db", db],
        "unknown site": ["--sites", str(sites), "--site", "nope", "--db", db],
        "unreachable database": ["--sites", str(sites), "--db", "postgresql://nobody@127.0.0.1:1/none"],
        "unsupported database": ["--sites", str(sites), "--db", "mysql://x@localhost/y"],
        "scheduler already running": ["--sites", str(sites), "--db", db],
    }[case]
    running = start_schedule(load_sites(sites), sites_file=str(sites), db_url=db, command=["true"], paused=True) \
        if case == "scheduler already running" else None
    try:
        assert main(args) == 2
    finally:
        if running:
            running.shutdown()
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err, err


def test_scheduler_script_prints_one_line_for_a_bad_registry(tmp_path: Path):
    result = subprocess.run([sys.executable, str(ROOT / "scheduler.py"), "--sites", str(tmp_path / "nope.toml")],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == f"error: {tmp_path / 'nope.toml'}: file not found\n"


# --- metrics -------------------------------------------------------------------------------


def test_the_scheduler_serves_its_metrics(harness: Harness):
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = harness.start({"ok": "1s", "fail": "1s"}, "--metrics-port", str(port))

    def scrape() -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
                return answer.read().decode()
        except OSError:
            return ""

    def ran_both() -> bool:
        text_ = scrape()
        # The failed run's row is written just after it is counted.
        return ('crawler_scheduler_runs_total{outcome="success"}' in text_
                and 'crawler_scheduler_runs_total{outcome="failed"}' in text_
                and 'crawler_portal_last_run_success{site="fail"} 0.0' in text_)

    # Generous: each run is a process of its own, slow to start on a loaded two-core machine.
    wait_for(ran_both, 90, "a successful and a failed run counted, and the failed one recorded")
    text_ = scrape()
    assert harness.stop(proc) == 0
    assert "crawler_scheduler_run_duration_seconds_count" in text_
    assert "crawler_scheduler_running_crawls" in text_
    heartbeat = next(line for line in text_.splitlines() if line.startswith("crawler_scheduler_heartbeat_timestamp"))
    assert abs(float(heartbeat.split()[-1]) - time.time()) < 30
    # The failed runs are recorded (the fake crawl writes no run row itself): the portal's figures show them.
    assert "crawler_store_up 1.0" in text_
    assert 'crawler_portal_last_run_success{site="fail"} 0.0' in text_
