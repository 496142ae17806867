"""A SQLite store that cannot take writes: its disk is full (PRAGMA max_page_count, in
tests/limited_sqlite_crawl.py) or it is read-only (PRAGMA query_only). The crawl stops with one clear
line and exit code 2, keeps what it read in the spool, leaves no partial batch; a later crawl with
room stores everything, once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.crash_trials import (
    ROOT,
    crawl_command,
    duplication_problems,
    expected_stories,
    integrity_problems,
    replica_portals,
    snapshot,
)
from replica import ReplicaServer
from storage import open_database

LIMITED = ROOT / "tests" / "limited_sqlite_crawl.py"
SMALL_BATCHES = ("-s", "STORE_BATCH_SIZE=2", "-s", "STORE_BATCH_SECONDS=0.2")


@pytest.fixture(scope="module")
def replica() -> Iterator[ReplicaServer]:
    with replica_portals() as server:
        yield server


def crawl(replica: ReplicaServer, tmp_path: Path, db_url: str, **limits: str) -> subprocess.CompletedProcess[str]:
    sites = tmp_path / "sites.toml"
    sites.write_text(replica.sites_toml(), encoding="utf-8")
    argv = crawl_command(sites, db_url, *SMALL_BATCHES)
    if limits:
        argv = [sys.executable, str(LIMITED), *argv[3:]]
    env = {**os.environ, "CRAWLER_SPOOL_DIR": str(tmp_path / "spool"), **limits}
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=180, env=env)


@pytest.mark.parametrize("limit", ["full", "read-only"])
def test_a_store_that_refuses_writes_stops_the_crawl_and_loses_nothing(replica: ReplicaServer, tmp_path: Path,
                                                                       limit: str) -> None:
    path = tmp_path / "crawler.sqlite"
    db_url = f"sqlite:///{path}"
    open_database(db_url).dispose()
    with sqlite3.connect(path) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    limits = {"TEST_SQLITE_MAX_PAGES": str(pages + 12)} if limit == "full" else {"TEST_SQLITE_READ_ONLY": "1"}
    first = crawl(replica, tmp_path, db_url, **limits)
    assert first.returncode == 2, first.stderr[-3000:]
    assert "Traceback" not in first.stderr, first.stderr[-3000:]
    if limit == "full":  # some batches fit, then the crawl stops
        assert "the database refuses writes (database or disk is full)" in first.stderr, first.stderr[-3000:]
        assert 0 < len(snapshot(db_url)) < len(expected_stories(replica))
    else:  # refused as it opens the database, before reading a page
        assert first.stderr.strip().splitlines()[-1].endswith("attempt to write a readonly database"), first.stderr
        assert snapshot(db_url) == {}
    assert integrity_problems(db_url) == []  # no partial batch: every story whole, with its URLs
    again = crawl(replica, tmp_path, db_url)
    assert again.returncode == 0, again.stderr[-3000:]
    assert duplication_problems(snapshot(db_url), expected_stories(replica)) == []
    assert not list((tmp_path / "spool").glob("batch-*"))
    # A command that writes (marking stories reviewed) says the same in one line, exit code 2.
    review = subprocess.run([sys.executable, str(LIMITED), "review", "--all", "--db", db_url], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, env={**os.environ, **limits})
    assert review.returncode == 2 and len(review.stderr.strip().splitlines()) == 1, review.stderr
    assert said_by(limit) in review.stderr or "readonly" in review.stderr, review.stderr


def said_by(limit: str) -> str:
    return "database or disk is full" if limit == "full" else "attempt to write a readonly database"


def test_a_slow_database_slows_the_crawl_and_loses_nothing(replica: ReplicaServer, tmp_path: Path) -> None:
    """Another session holds the write lock 1 s out of every 1.5 s (bench/slow_store.py measures memory):
    the crawl's writes wait their turn and every story is stored once."""
    from bench.slow_store import WriteLocker

    path = tmp_path / "crawler.sqlite"
    db_url = f"sqlite:///{path}"
    open_database(db_url).dispose()
    with WriteLocker(path, hold=1.0) as locker:
        run = crawl(replica, tmp_path, db_url)
    assert locker.held > 1.0  # the lock was really held while the crawl ran
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-3000:]
    assert duplication_problems(snapshot(db_url), expected_stories(replica)) == []
