"""Crash safety: `crawler crawl` killed with SIGKILL, then crawled again to completion.

A few trials of bench/crash_trials.py (which runs 20 and more): kills before the first
write, inside a held write transaction (CRAWLER_TEST_HOLD_WRITE_SECONDS) and at a random
point. After each re-run nothing committed is lost, nothing is stored twice, every
expected story is there and the database passes its integrity checks.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.crash_trials import Trial, expected_stories, fresh_database, kill_trial, replica_portals
from replica import ReplicaServer

# (delay in seconds, aimed at an open write transaction); None: a random delay over a whole crawl.
# Startup alone takes about 1.5 s, so the first kill lands before any write; the aimed ones wait
# for a held batch after their delay (the first batch, or one in the middle of the crawl).
SQLITE_TRIALS: list[tuple[float | None, bool]] = [(0.3, False), (0.2, True), (2.2, True), (None, False)]
POSTGRES_TRIALS: list[tuple[float | None, bool]] = [(0.2, True), (2.2, True)]


@pytest.fixture(scope="module")
def replica() -> Iterator[ReplicaServer]:
    with replica_portals() as server:
        yield server


@pytest.fixture(scope="module")
def sites_file(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("registry") / "sites.toml"
    path.write_text(replica.sites_toml(), encoding="utf-8")
    return path


def check(trial: Trial) -> None:
    where = f"trial {trial.number} ({trial.db}, kill at {trial.delay:.2f}s, {trial.kill_point})"
    assert trial.rerun_failed == "", where
    assert trial.lost == [], where
    assert trial.duplicated == [], where
    assert trial.integrity == [], where


@pytest.mark.parametrize(("number", "delay", "aimed"), [(i + 1, d, a) for i, (d, a) in enumerate(SQLITE_TRIALS)])
def test_kill_and_recrawl_sqlite(replica: ReplicaServer, sites_file: Path, tmp_path: Path, number: int,
                                 delay: float | None, aimed: bool) -> None:
    with fresh_database("sqlite", tmp_path) as db_url:
        trial = kill_trial(number, sites_file, db_url, expected_stories(replica),
                           random.uniform(0.2, 4.0) if delay is None else delay, aimed)
    check(trial)
    if aimed:
        # The hook held a batch open: the kill landed inside a transaction (or, on a fast
        # machine, the crawl had already written everything by the time of the delay).
        assert trial.kill_point in ("in-txn", "after"), trial


@pytest.mark.postgres
@pytest.mark.parametrize(("number", "delay", "aimed"), [(i + 1, d, a) for i, (d, a) in enumerate(POSTGRES_TRIALS)])
def test_kill_and_recrawl_postgresql(replica: ReplicaServer, sites_file: Path, tmp_path: Path, number: int,
                                     delay: float | None, aimed: bool) -> None:
    with fresh_database("postgres", tmp_path) as db_url:
        trial = kill_trial(number, sites_file, db_url, expected_stories(replica), delay or 0.2, aimed)
    check(trial)
    if aimed:
        assert trial.kill_point in ("in-txn", "after"), trial
