"""PostgreSQL killed (kill -9, as the OOM killer does) while a crawl runs, on a private cluster of our own
(the scenarios of bench/store_outages.py).

A short outage: the crawl waits for the database, stores every story itself and ends well, its run
record saying how long the database was away. A long one (longer than STORE_OUTAGE_SECONDS): the crawl
keeps what it could not store in the spool, stops with a non-zero exit code and one clear line, and
the next crawl stores everything. Both times: nothing lost, nothing stored twice, no traceback.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bench.crash_trials import ROOT, replica_portals
from bench.servers import PrivatePostgres
from bench.store_outages import postgres_killed, stored_count
from replica import ReplicaServer
from storage import RunRepository, open_database

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def replica() -> Iterator[ReplicaServer]:
    with replica_portals() as server:
        yield server


@pytest.fixture
def sites(replica: ReplicaServer, tmp_path: Path) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(replica.sites_toml(), encoding="utf-8")
    return path


def test_a_short_outage_costs_nothing(replica: ReplicaServer, sites: Path, tmp_path: Path) -> None:
    run = postgres_killed(replica, sites, tmp_path, back_after=3.0)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.tracebacks == 0, run.stderr[-3000:]
    assert "the database is unavailable" in run.stderr and "the database is back after" in run.stderr
    assert run.problems == []  # every story stored once, by this crawl
    assert run.spool_files == 0
    assert set(run.outcomes) == {"finished"}
    # At least one site met the outage, and its run record says so.
    assert any("database unavailable" in f for f in run.failures), run.failures


def test_a_long_outage_stops_the_crawl_and_the_next_one_stores_everything(
        replica: ReplicaServer, sites: Path, tmp_path: Path) -> None:
    run = postgres_killed(replica, sites, tmp_path, back_after=None, limit=3.0)
    assert run.returncode != 0, run.stderr[-3000:]
    assert run.tracebacks == 0, run.stderr[-3000:] + run.rerun_stderr[-3000:]
    assert "the crawl stops" in run.stderr, run.stderr[-3000:]
    if run.spool_files:  # what was waiting to be written when the bound passed (none, if only reads were)
        assert f"kept in the spool {tmp_path / 'spool'}" in run.stderr, run.stderr[-3000:]
        assert "by an earlier crawl" in run.rerun_stderr
    assert run.rerun_returncode == 0, run.rerun_stderr[-3000:]
    assert run.problems == []  # every story stored once, after the next crawl
    # The stopped crawl's run records were kept too, and stored by the next crawl.
    assert "kept in the spool for the next crawl" in run.stderr, run.stderr[-3000:]
    assert "store_unavailable" in run.outcomes, run.outcomes
    assert not list((tmp_path / "spool").glob("batch-*"))


def test_the_scheduler_lives_through_a_postgresql_restart(replica: ReplicaServer, tmp_path: Path) -> None:
    """PostgreSQL killed under a running scheduler and started again 6 s later: the scheduler keeps
    running, takes its lock again (a second scheduler is still refused), every site runs again, no
    site runs twice at once, the jobs are all still stored, and SIGTERM ends it cleanly."""
    blocks = replica.sites_toml().split("[[sites]]\n")[1:]
    sites = tmp_path / "sites.toml"
    sites.write_text("".join(f'[[sites]]\npolling = "fixed"\ninterval = "3s"\ndownload_delay = 0.0\n{block}'
                             for block in blocks), encoding="utf-8")
    site_ids = [f"replica-{name}" for name in replica.portals]
    env = {**os.environ, "CRAWLER_SPOOL_DIR": str(tmp_path / "spool")}
    scheduler = [sys.executable, str(ROOT / "scheduler.py"), "--sites", str(sites)]
    with PrivatePostgres() as pg:
        open_database(pg.url).dispose()

        def runs() -> dict[str, list[Any]]:
            db = open_database(pg.url)
            try:
                rows = RunRepository(db).recent(limit=500)
            finally:
                db.dispose()
            return {site: sorted((r for r in rows if r.site_id == site), key=lambda r: r.started_at)
                    for site in site_ids}

        def wait_for(ready: Callable[[], bool], what: str, seconds: float = 90) -> None:
            deadline = time.monotonic() + seconds
            while not ready():
                assert proc.poll() is None, f"the scheduler exited while waiting for {what}"
                assert time.monotonic() < deadline, what
                time.sleep(0.3)

        err_path = tmp_path / "scheduler.err"
        with open(err_path, "wb") as err:
            proc = subprocess.Popen([*scheduler, "--db", pg.url], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
                                    env=env)
            try:
                wait_for(lambda: stored_count(pg.url) > 0 and all(runs().values()), "a first run of every site")
                pg.kill()
                time.sleep(6)
                assert proc.poll() is None, "the scheduler died with the database"
                pg.start()
                back = datetime.now(UTC)
                wait_for(lambda: all(any(r.started_at > back and r.finished_at for r in rs)
                                     for rs in runs().values()), "a run of every site after the restart")
                second = subprocess.run([*scheduler, "--db", pg.url], cwd=ROOT, capture_output=True, text=True,
                                        timeout=30, env=env)
            finally:
                proc.send_signal(signal.SIGTERM)
                code = proc.wait(timeout=120)
        log = err_path.read_text(errors="replace")
        final = runs()
        db = open_database(pg.url)
        try:
            with db.engine.connect() as conn:
                jobs = conn.execute(text("select count(*) from scheduler_jobs")).scalar_one()
        finally:
            db.dispose()
    assert code == 0, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    assert "the scheduler lock is held again" in log, log[-3000:]
    assert second.returncode == 2 and "another scheduler is already running" in second.stderr, second.stderr
    assert jobs == len(site_ids)
    for site, rows in final.items():
        finished = [r for r in rows if r.finished_at]
        for a, b in itertools.pairwise(finished):
            assert b.started_at >= a.finished_at, (site, a.started_at, a.finished_at, b.started_at)
