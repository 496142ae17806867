"""PostgreSQL killed (kill -9, as the OOM killer does) while a crawl runs, on a private cluster of our own.

A short outage: the crawl waits for the database, stores every story itself and ends well, its run
record saying how long the database was away. A long one (longer than STORE_OUTAGE_SECONDS): the crawl
keeps what it could not store in the spool, stops with a non-zero exit code and one clear line, and
the next crawl stores everything. Both times: nothing lost, nothing stored twice, no traceback.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bench.crash_trials import ROOT, crawl_command, duplication_problems, expected_stories, replica_portals, snapshot
from bench.servers import PrivatePostgres
from replica import ReplicaServer
from storage import RunRepository, open_database

pytestmark = pytest.mark.postgres

# Small batches a little apart, so that the crawl is still writing when the database goes.
PACED = ("-s", "STORE_BATCH_SIZE=2", "-s", "STORE_BATCH_SECONDS=0.2", "-s", "DOWNLOAD_DELAY=0.1",
         "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2")


@pytest.fixture(scope="module")
def replica() -> Iterator[ReplicaServer]:
    with replica_portals() as server:
        yield server


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[PrivatePostgres]:
    with PrivatePostgres() as pg:
        open_database(pg.url).dispose()  # the schema, before any crawl
        yield pg


@pytest.fixture
def sites(replica: ReplicaServer, tmp_path: Path) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(replica.sites_toml(), encoding="utf-8")
    return path


def stored_count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("select count(*) from articles")).scalar_one())
    except Exception:
        return -1
    finally:
        engine.dispose()


def start_crawl(sites: Path, db_url: str, tmp_path: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(crawl_command(sites, db_url, *PACED, *extra), cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=spool_env(tmp_path))


def spool_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "CRAWLER_SPOOL_DIR": str(tmp_path / "spool")}


def kill_after_some_stories(pg: PrivatePostgres, proc: subprocess.Popen[str], at_least: int = 4) -> int:
    deadline = time.monotonic() + 60
    while (count := stored_count(pg.url)) < at_least:
        assert proc.poll() is None, "the crawl ended before the outage"
        assert time.monotonic() < deadline, "the crawl stored nothing in a minute"
        time.sleep(0.05)
    pg.kill()
    return count


def check_all_stored_once(replica: ReplicaServer, db_url: str) -> None:
    assert duplication_problems(snapshot(db_url), expected_stories(replica)) == []


def test_a_short_outage_costs_nothing(replica: ReplicaServer, postgres: PrivatePostgres, sites: Path,
                                      tmp_path: Path) -> None:
    proc = start_crawl(sites, postgres.url, tmp_path)
    before = kill_after_some_stories(postgres, proc)
    time.sleep(3)
    assert proc.poll() is None, "the crawl did not wait for the database"
    postgres.start()
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    assert "the database is unavailable" in err and "the database is back after" in err
    check_all_stored_once(replica, postgres.url)
    assert stored_count(postgres.url) > before
    db = open_database(postgres.url)
    try:
        runs = RunRepository(db).recent(limit=10)
    finally:
        db.dispose()
    assert {r.outcome for r in runs} == {"finished"}
    # At least one site met the outage, and its run record says so.
    assert any(r.failures and "database unavailable" in r.failures for r in runs), [r.failures for r in runs]
    assert not (tmp_path / "spool").exists() or not list((tmp_path / "spool").glob("batch-*"))


def test_a_long_outage_stops_the_crawl_and_the_next_one_stores_everything(
        replica: ReplicaServer, postgres: PrivatePostgres, sites: Path, tmp_path: Path) -> None:
    proc = start_crawl(sites, postgres.url, tmp_path, "-s", "STORE_OUTAGE_SECONDS=3")
    kill_after_some_stories(postgres, proc)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode != 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    assert "the crawl stops" in err, err[-3000:]
    spooled = list((tmp_path / "spool").glob("batch-*"))
    if spooled:  # what was waiting to be written when the bound passed (nothing, if only reads were)
        assert f"kept in the spool {tmp_path / 'spool'}" in err, err[-3000:]
    postgres.start()
    rerun = subprocess.run(crawl_command(sites, postgres.url), cwd=ROOT, capture_output=True, text=True,
                           timeout=180, env=spool_env(tmp_path))
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    if spooled:
        assert "stories kept in the spool" in rerun.stderr and "by an earlier crawl" in rerun.stderr
    check_all_stored_once(replica, postgres.url)
    assert not list((tmp_path / "spool").glob("batch-*"))
