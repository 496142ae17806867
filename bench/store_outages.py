"""The store going away under a crawl: PostgreSQL killed (kill -9) mid-crawl, then started again.

    python bench/store_outages.py

Each scenario crawls the replica portals into a private PostgreSQL cluster (bench/servers.py) in
small batches, kills the server once a few stories are stored, and starts it again after a while:

* ``pg-killed-3s``: back after 3 s, inside STORE_OUTAGE_SECONDS; the crawl must store every story
  itself and end well;
* ``pg-killed-long``: STORE_OUTAGE_SECONDS=3 and the server stays down until the crawl has ended;
  the crawl must stop with a non-zero exit, keep what it could not store in the spool, and the next
  crawl (server back) must store everything.

Checked both times: every expected story stored exactly once (bench.crash_trials), no traceback.
`tests/test_store_outage.py` runs the same scenarios.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from bench.crash_trials import crawl_command, duplication_problems, expected_stories, replica_portals, snapshot  # noqa: E402
from bench.servers import PrivatePostgres  # noqa: E402
from replica import ReplicaServer  # noqa: E402

# Small batches a little apart, so that the crawl is still writing when the database goes.
PACED = ("-s", "STORE_BATCH_SIZE=2", "-s", "STORE_BATCH_SECONDS=0.2", "-s", "DOWNLOAD_DELAY=0.1",
         "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2")


@dataclass
class OutageRun:
    name: str
    returncode: int
    stderr: str
    stored_before_kill: int
    down_seconds: float
    spool_files: int  # batches in the spool when the crawl ended
    problems: list[str]  # after the crawl (short outage) or after the next crawl (long one)
    outcomes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    rerun_returncode: int | None = None
    rerun_stderr: str = ""
    seconds: float = 0.0

    @property
    def tracebacks(self) -> int:
        return self.stderr.count("Traceback") + self.rerun_stderr.count("Traceback")


def stored_count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("select count(*) from articles")).scalar_one())
    except Exception:
        return -1
    finally:
        engine.dispose()


def _env(spool: Path) -> dict[str, str]:
    return {**os.environ, "CRAWLER_SPOOL_DIR": str(spool)}


def _runs(url: str) -> tuple[list[str], list[str]]:
    from storage import RunRepository, open_database

    db = open_database(url)
    try:
        runs = RunRepository(db).recent(limit=20)
    finally:
        db.dispose()
    return [r.outcome for r in runs], [r.failures or "" for r in runs]


def postgres_killed(replica: ReplicaServer, sites: Path, workdir: Path, *, back_after: float | None,
                    limit: float | None = None, at_least: int = 4) -> OutageRun:
    """One crawl; the server killed once `at_least` stories are stored and started again `back_after`
    seconds later (None: after the crawl ended, then a second crawl runs)."""
    from storage import open_database

    spool = workdir / "spool"
    started = time.monotonic()
    with PrivatePostgres() as pg:
        open_database(pg.url).dispose()  # the schema, before any crawl
        extra = ("-s", f"STORE_OUTAGE_SECONDS={limit:g}") if limit is not None else ()
        proc = subprocess.Popen(crawl_command(sites, pg.url, *PACED, *extra), cwd=ROOT, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(spool))
        deadline = time.monotonic() + 60
        while (before := stored_count(pg.url)) < at_least:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                _, err = proc.communicate()
                raise RuntimeError(f"the crawl ended or stalled before the outage:\n{err[-2000:]}")
            time.sleep(0.05)
        pg.kill()
        down = time.monotonic()
        if back_after is not None:
            time.sleep(back_after)
            still_running = proc.poll() is None
            pg.start()
            down = time.monotonic() - down
            _, err = proc.communicate(timeout=300)
            if not still_running:
                err = "the crawl ended while the database was down\n" + err
            run = OutageRun("pg-killed-3s", proc.returncode, err, before, down, len(list(spool.glob("batch-*"))),
                            duplication_problems(snapshot(pg.url), expected_stories(replica)))
        else:
            _, err = proc.communicate(timeout=300)
            files = len(list(spool.glob("batch-*")))
            pg.start()
            down = time.monotonic() - down
            rerun = subprocess.run(crawl_command(sites, pg.url), cwd=ROOT, capture_output=True, text=True,
                                   timeout=300, env=_env(spool))
            run = OutageRun("pg-killed-long", proc.returncode, err, before, down, files,
                            duplication_problems(snapshot(pg.url), expected_stories(replica)),
                            rerun_returncode=rerun.returncode, rerun_stderr=rerun.stderr)
        run.outcomes, run.failures = _runs(pg.url)
    run.seconds = time.monotonic() - started
    return run


def main() -> int:
    with replica_portals() as replica, tempfile.TemporaryDirectory() as tmp:
        sites = Path(tmp) / "sites.toml"
        sites.write_text(replica.sites_toml(), encoding="utf-8")
        expected = len(expected_stories(replica))
        runs = [postgres_killed(replica, sites, Path(tmp) / "short", back_after=3.0),
                postgres_killed(replica, sites, Path(tmp) / "long", back_after=None, limit=3.0)]
    print(f"{'scenario':<16} {'down':>5} {'exit':>4} {'spooled':>7} {'next crawl':>10} {'stored once':>11} "
          f"{'tracebacks':>10}  run record")
    for run in runs:
        next_crawl = "-" if run.rerun_returncode is None else f"exit {run.rerun_returncode}"
        stored = f"{expected - sum('missing' in p for p in run.problems)}/{expected}" if not run.problems else \
            f"{len(run.problems)} problems"
        outcomes = ", ".join(sorted(set(run.outcomes)))
        if run.rerun_returncode is None:
            note = f"{outcomes}; " + next((f for f in run.failures if "database unavailable" in f), "")[:80]
        else:  # the stopped crawl's record waited in the spool; the next crawl stored it with its own
            note = f"{outcomes} (the stopped crawl's, from the spool, and the next crawl's)"
        print(f"{run.name:<16} {run.down_seconds:>4.1f}s {run.returncode:>4} {run.spool_files:>7} {next_crawl:>10} "
              f"{stored:>11} {run.tracebacks:>10}  {note}")
        for problem in run.problems[:5]:
            print(f"    {problem}")
    ok = all(not r.problems and not r.tracebacks for r in runs) and runs[0].returncode == 0 and runs[1].returncode != 0
    print("STORE_OUTAGES " + ("ok" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
