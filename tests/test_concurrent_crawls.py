"""Two `crawler crawl` processes of the same portals into the same database, started at the same moment.

What keeps this right is the store's unique constraints (articles.content_hash, article_urls.url)
and upserts that yield to the row another crawl committed first; the schema is also created by
both processes at once, on a database that is empty.
"""

from __future__ import annotations

import subprocess
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

# Small batches: many short transactions from both processes, interleaved.
BATCHES = ["-s", "STORE_BATCH_SIZE=3", "-s", "STORE_BATCH_SECONDS=0.2"]


@pytest.fixture(scope="module")
def replica() -> Iterator[ReplicaServer]:
    with replica_portals() as server:
        yield server


@pytest.fixture(scope="module")
def sites_file(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("registry") / "sites.toml"
    path.write_text(replica.sites_toml(), encoding="utf-8")
    return path


def totals(stdout: str) -> dict[str, int]:
    """The `total` row of a crawl's summary table, numeric columns only."""
    lines = [line for line in stdout.splitlines() if line.strip() and not line.startswith("-")]
    header = lines[0].split()
    row = next(line.split() for line in lines[1:] if line.split()[0] == "total")
    return {name: int(cell) for name, cell in zip(header, row, strict=False) if cell.isdigit()}


def crawl_twice_at_once(sites_file: Path, db_url: str) -> list[subprocess.CompletedProcess[str]]:
    command = crawl_command(sites_file, db_url, *BATCHES)
    procs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        results.append(subprocess.CompletedProcess(command, proc.returncode, out, err))
    return results


def check_concurrent(replica: ReplicaServer, sites_file: Path, db_url: str) -> None:
    results = crawl_twice_at_once(sites_file, db_url)
    for result in results:
        assert result.returncode == 0, result.stderr[-3000:]
        # A lost race must be resolved in storage, not logged as an error and dropped.
        assert "Traceback" not in result.stderr and "ERROR" not in result.stderr, result.stderr[-3000:]
    stories = expected_stories(replica)
    stored = snapshot(db_url)
    assert duplication_problems(stored, stories) == []
    assert integrity_problems(db_url) == []

    counts = [totals(r.stdout) for r in results]
    urls = sum(len(u) for u in stories.values())
    # Each story is new to exactly one of the two crawls; the other finds it known (same URL)
    # or a duplicate (another URL of a story stored first).
    assert sum(c["new"] for c in counts) == len(stories), [r.stdout for r in results]
    for c, result in zip(counts, results, strict=True):
        assert c["updated"] == 0 and c["errors"] == 0, result.stdout
        # Both crawls read every article page once: each page ends as exactly one outcome.
        assert c["new"] + c["known"] + c["dup"] == urls, result.stdout
    assert sum(c["dup"] for c in counts) >= urls - len(stories)


def test_two_crawls_at_once_into_sqlite(replica: ReplicaServer, sites_file: Path, sqlite_url: str) -> None:
    check_concurrent(replica, sites_file, sqlite_url)


@pytest.mark.postgres
def test_two_crawls_at_once_into_postgresql(replica: ReplicaServer, sites_file: Path, postgres_url: str) -> None:
    check_concurrent(replica, sites_file, postgres_url)
