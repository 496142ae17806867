"""Crash safety: kill -9 `crawler crawl` at random points, crawl again, check nothing was lost or doubled.

    python bench/crash_trials.py [--trials 20] [--db sqlite|postgres] [--seed N]

Each trial crawls the replica portals into a fresh database, in small batches
(STORE_BATCH_SIZE=2, so writes are many and spread over the crawl), and kills the whole
process group with SIGKILL after a random delay between 0.2 s and the crawl's measured
duration. One trial in three is aimed: the crawl runs in a process where hold_batches_open
(below) keeps each batch's transaction open, rows written but not committed, for
CRAWLER_TEST_HOLD_WRITE_SECONDS, and after its random delay the harness waits until a batch
is held, then kills. After the kill the harness takes a snapshot of what was committed,
crawls again to completion and checks:

* lost: a story of the snapshot missing afterwards, or with another content hash, or one
  of its URLs gone or moved to another story;
* duplicated: a content hash or URL stored twice, an expected story held by two records,
  stories that the replica does not have, an expected URL missing;
* integrity: SQLite `PRAGMA integrity_check` and `PRAGMA foreign_key_check`; PostgreSQL:
  the unique and foreign-key constraints exist; both: no orphan URL or version row, no
  story without a URL.

Kill points: "before" (nothing committed, no write open), "in-txn" (a write transaction
was open at the kill), "between" (some batches committed, none open), "after" (every
story was already committed: the crawl was finishing).
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from crawler.core.urls import canonicalize  # noqa: E402
from replica import ReplicaServer, expected_articles  # noqa: E402

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]
SMALL_BATCHES = ["-s", "STORE_BATCH_SIZE=2", "-s", "STORE_BATCH_SECONDS=0.2"]
HOLD_ENV = "CRAWLER_TEST_HOLD_WRITE_SECONDS"
HOLD_SECONDS = 0.15
HOLD_MARKER_ENV = "CRAWLER_TEST_HOLD_MARKER_DIR"
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")
KILL_POINTS = ("before", "in-txn", "between", "after")

# story id -> (content hash, URLs), as committed.
Snapshot = dict[int, tuple[str, frozenset[str]]]


# -- databases ----------------------------------------------------------------------------------


@contextmanager
def fresh_database(kind: str, workdir: Path) -> Iterator[str]:
    """A new, empty database URL of this kind; a PostgreSQL one is dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / f'crash-{uuid.uuid4().hex[:8]}.sqlite'}"
        return
    name = f"crawler_crash_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0].split("://", 1)[1]
    try:
        yield f"postgresql+psycopg://{base}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _engine(db_url: str) -> Engine:
    return create_engine(db_url)


def _sqlite_path(db_url: str) -> Path:
    return Path(db_url.removeprefix("sqlite:///"))


def _pg_dsn(db_url: str) -> str:
    return db_url.replace("postgresql+psycopg://", "postgresql://", 1)


def wait_for_disconnect(db_url: str, timeout: float = 10.0) -> None:
    """After a kill, PostgreSQL ends the dead client's backends; read only once they are gone."""
    if db_url.startswith("sqlite"):
        return
    deadline = time.monotonic() + timeout
    with psycopg.connect(_pg_dsn(db_url), autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchone()
            if not row or row[0] == 0:
                return
            time.sleep(0.05)


def snapshot(db_url: str) -> Snapshot:
    if db_url.startswith("sqlite") and not _sqlite_path(db_url).exists():
        return {}
    engine = _engine(db_url)
    try:
        with engine.connect() as conn:
            tables = set(conn.dialect.get_table_names(conn))
            if "articles" not in tables or "article_urls" not in tables:
                return {}
            hashes: dict[int, str] = {r[0]: r[1] for r in conn.execute(text("SELECT id, content_hash FROM articles"))}
            urls: dict[int, set[str]] = {}
            for article_id, url in conn.execute(text("SELECT article_id, url FROM article_urls")):
                urls.setdefault(article_id, set()).add(url)
    finally:
        engine.dispose()
    return {i: (h, frozenset(urls.get(i, ()))) for i, h in hashes.items()}


def integrity_problems(db_url: str) -> list[str]:
    """What is wrong with the database as a database (empty when nothing is)."""
    problems: list[str] = []
    engine = _engine(db_url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                result = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
                if result != ["ok"]:
                    problems.append(f"integrity_check: {result[:3]}")
                fk = conn.execute(text("PRAGMA foreign_key_check")).all()
                if fk:
                    problems.append(f"foreign_key_check: {len(fk)} row(s), e.g. {tuple(fk[0])}")
            else:
                problems += _missing_pg_constraints(conn)
            checks = {
                "duplicate content_hash": "SELECT content_hash FROM articles GROUP BY content_hash HAVING count(*) > 1",
                "duplicate url": "SELECT url FROM article_urls GROUP BY url HAVING count(*) > 1",
                "orphan article_urls": "SELECT u.id FROM article_urls u LEFT JOIN articles a ON a.id = u.article_id "
                "WHERE a.id IS NULL",
                "orphan article_versions": "SELECT v.id FROM article_versions v LEFT JOIN articles a "
                "ON a.id = v.article_id WHERE a.id IS NULL",
                "story without a URL": "SELECT a.id FROM articles a LEFT JOIN article_urls u ON u.article_id = a.id "
                "WHERE u.id IS NULL",
                "story without a version": "SELECT a.id FROM articles a LEFT JOIN article_versions v "
                "ON v.article_id = a.id WHERE v.id IS NULL",
            }
            for label, query in checks.items():
                rows = conn.execute(text(query)).all()
                if rows:
                    problems.append(f"{label}: {len(rows)}")
    finally:
        engine.dispose()
    return problems


def _missing_pg_constraints(conn: object) -> list[str]:
    from sqlalchemy.engine import Connection

    assert isinstance(conn, Connection)
    rows = conn.execute(
        text(
            "SELECT c.conrelid::regclass::text, c.contype, "
            "array_to_string(array(SELECT a.attname FROM unnest(c.conkey) k "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k), ',') "
            "FROM pg_constraint c WHERE c.contype IN ('u', 'f') AND c.convalidated"
        )
    ).all()
    present = {(table, kind, columns) for table, kind, columns in rows}
    wanted = {
        ("articles", "u", "content_hash"): "unique articles.content_hash",
        ("article_urls", "u", "url"): "unique article_urls.url",
        ("article_urls", "f", "article_id"): "foreign key article_urls.article_id",
        ("article_versions", "f", "article_id"): "foreign key article_versions.article_id",
        ("article_versions", "u", "article_id,version"): "unique article_versions(article_id, version)",
    }
    return [f"constraint missing: {label}" for key, label in wanted.items() if key not in present]


# -- what the replica should leave in the database ------------------------------------------------


def expected_stories(replica: ReplicaServer) -> dict[str, set[str]]:
    """Story key -> its canonical URLs on the replica portals."""
    stories: dict[str, set[str]] = {}
    for exp in expected_articles():
        stories.setdefault(exp.story, set()).add(canonicalize(replica.base_url(exp.portal) + exp.path))
    return stories


def duplication_problems(final: Snapshot, stories: dict[str, set[str]]) -> list[str]:
    problems: list[str] = []
    owner: dict[str, int] = {}
    for article_id, (_hash, urls) in final.items():
        for url in urls:
            if url in owner:
                problems.append(f"URL held by two stories: {url}")
            owner[url] = article_id
    hashes = Counter(h for h, _urls in final.values())
    problems += [f"content hash stored twice: {h}" for h, n in hashes.items() if n > 1]
    for key, story_urls in stories.items():
        missing = sorted(u for u in story_urls if u not in owner)
        if missing:
            problems.append(f"missing after the re-run: {missing[0]} ({key})")
        holders = {owner[u] for u in story_urls if u in owner}
        if len(holders) > 1:
            problems.append(f"one story stored as {len(holders)} records: {key}")
    if len(final) != len(stories):
        problems.append(f"{len(final)} stories stored, {len(stories)} expected")
    return problems


def lost(before: Snapshot, after: Snapshot) -> list[str]:
    """Committed stories that the kill or the re-run took away or changed."""
    problems = []
    for article_id, (content_hash, urls) in before.items():
        now = after.get(article_id)
        if now is None:
            problems.append(f"story {article_id} gone")
        elif now[0] != content_hash:
            problems.append(f"story {article_id}: content hash changed")
        elif not urls <= now[1]:
            problems.append(f"story {article_id}: URL(s) gone: {sorted(urls - now[1])[:2]}")
    return problems


# -- crawling ---------------------------------------------------------------------------------------


def crawl_command(sites: Path, db_url: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites), "--db", db_url, "--progress", "0",
            *FAST, *extra]


# The aimed trials' crawl: `crawler crawl` in a process that first installs hold_batches_open. Run with -c, not as
# a script: the extraction pool's spawned workers then have no main module to import again.
HELD_CRAWL = "import sys; from bench.crash_trials import held_crawl; sys.exit(held_crawl(sys.argv[1:]))"


def held_crawl_command(sites: Path, db_url: str, *extra: str) -> list[str]:
    """crawl_command, each batch held open before its commit (for HOLD_ENV seconds, marked in HOLD_MARKER_ENV)."""
    return [sys.executable, "-c", HELD_CRAWL, *crawl_command(sites, db_url, *extra)[3:]]


def held_crawl(argv: Sequence[str]) -> int:
    """`crawler <argv>` with hold_batches_open installed from the environment (the child of an aimed trial)."""
    marker_dir = os.environ.get(HOLD_MARKER_ENV)
    hold_batches_open(float(os.environ[HOLD_ENV]), Path(marker_dir) if marker_dir else None)
    from crawler.cli import main as crawler_main

    return crawler_main(argv)


def hold_batches_open(seconds: float, marker_dir: Path | None = None) -> None:
    """Keep every ArticleRepository.save_batch transaction open ``seconds`` before it commits, in this process.

    Installed from outside the write path: save_batch is wrapped to mark its calls, and a SQLAlchemy
    ``before_commit`` listener on every Session sleeps when the commit is a batch's: its rows are then written but
    uncommitted long enough for a kill -9 to land inside the transaction (every attempt of a retried batch is
    held, each right before its commit). The marker file exists only while a batch is held: the harness aims at
    it, not at any write lock (the first-use migration and the crawl_runs row take short write locks too), and a
    marker left behind by the kill proves the kill landed inside the held batch.
    """
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from storage.repository import ArticleRepository

    in_batch: ContextVar[bool] = ContextVar("in_batch", default=False)
    save_batch = ArticleRepository.save_batch

    @functools.wraps(save_batch)
    def marked_save_batch(self: ArticleRepository, *args: Any, **kwargs: Any) -> Any:
        token = in_batch.set(True)
        try:
            return save_batch(self, *args, **kwargs)
        finally:
            in_batch.reset(token)

    def hold(session: Session) -> None:
        if not in_batch.get():
            return
        marker = marker_dir / f"held-{os.getpid()}-{threading.get_ident()}" if marker_dir else None
        if marker is not None:
            marker.touch()
        time.sleep(seconds)
        if marker is not None:
            marker.unlink(missing_ok=True)

    ArticleRepository.save_batch = marked_save_batch  # type: ignore[method-assign]
    event.listen(Session, "before_commit", hold)


def run_crawl(sites: Path, db_url: str, *extra: str, env: dict[str, str] | None = None,
              timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(crawl_command(sites, db_url, *extra), cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


@dataclass
class Trial:
    number: int
    db: str
    delay: float
    aimed: bool
    kill_point: str = ""
    committed_at_kill: int = 0
    stored_after: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    rerun_failed: str = ""

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.integrity or self.rerun_failed)


def kill_trial(number: int, sites: Path, db_url: str, stories: dict[str, set[str]], delay: float,
               aimed: bool, extra: Sequence[str] = ()) -> Trial:
    """One crawl killed with SIGKILL after ``delay`` seconds (then, if aimed, inside a write), re-run, checked."""
    trial = Trial(number, "sqlite" if db_url.startswith("sqlite") else "postgres", delay, aimed)
    env = dict(os.environ)
    markers = Path(tempfile.mkdtemp(prefix="crash-hold-"))
    if aimed:
        env[HOLD_ENV] = str(HOLD_SECONDS)
        env[HOLD_MARKER_ENV] = str(markers)
    command = held_crawl_command if aimed else crawl_command
    # Own session: the kill reaches the whole process group, worker threads included.
    proc = subprocess.Popen(command(sites, db_url, *SMALL_BATCHES, *extra), cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        if aimed:
            # Aim at a held batch (its marker file), not at any write lock: up to 60 s, which
            # outlasts any gap between two batches and a slow start on a loaded machine.
            give_up = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < give_up and not any(markers.iterdir()):
                time.sleep(0.005)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    # A marker outlives its batch only when the kill landed while that batch was held open.
    in_txn = any(markers.iterdir())
    shutil.rmtree(markers, ignore_errors=True)
    wait_for_disconnect(db_url)
    before = snapshot(db_url)
    trial.committed_at_kill = len(before)
    committed_urls = {u for _h, urls in before.values() for u in urls}
    all_urls = {u for urls in stories.values() for u in urls}
    if in_txn:
        trial.kill_point = "in-txn"
    elif not before:
        trial.kill_point = "before"
    elif all_urls <= committed_urls:
        trial.kill_point = "after"
    else:
        trial.kill_point = "between"
    rerun = run_crawl(sites, db_url)
    if rerun.returncode != 0:
        trial.rerun_failed = f"re-run exit {rerun.returncode}: {rerun.stderr.strip()[-300:]}"
    after = snapshot(db_url)
    trial.stored_after = len(after)
    trial.lost = lost(before, after)
    trial.duplicated = duplication_problems(after, stories)
    trial.integrity = integrity_problems(db_url)
    return trial


def typical_duration(sites: Path, kind: str, workdir: Path) -> float:
    """Wall time of one uninterrupted crawl in small batches: the upper bound of the kill delays."""
    with fresh_database(kind, workdir) as db_url:
        started = time.monotonic()
        result = run_crawl(sites, db_url, *SMALL_BATCHES)
        if result.returncode != 0:
            raise SystemExit(f"calibration crawl failed: {result.stderr[-2000:]}")
        return time.monotonic() - started


@contextmanager
def replica_portals() -> Iterator[ReplicaServer]:
    with ReplicaServer() as server:
        # A killed crawl resets its connections; the replica would print a traceback for each.
        for httpd in getattr(server, "_servers", {}).values():
            httpd.handle_error = lambda *_args: None
        yield server


def run_trials(kind: str, trials: int, seed: int, workdir: Path, *, log: bool = True) -> list[Trial]:
    rng = random.Random(seed)
    results = []
    with replica_portals() as server:
        sites = workdir / "sites.toml"
        sites.write_text(server.sites_toml(), encoding="utf-8")
        stories = expected_stories(server)
        longest = typical_duration(sites, kind, workdir)
        if log:
            print(f"{kind}: one crawl in batches of 2 takes {longest:.1f}s; kill delays 0.2-{longest:.1f}s",
                  file=sys.stderr, flush=True)
        for number in range(1, trials + 1):
            delay = rng.uniform(0.2, longest)
            aimed = number % 3 == 0
            with fresh_database(kind, workdir) as db_url:
                trial = kill_trial(number, sites, db_url, stories, delay, aimed)
            results.append(trial)
            if log:
                status = "ok" if trial.ok else "FAIL " + "; ".join(
                    trial.lost + trial.duplicated + trial.integrity + [trial.rerun_failed])[:300]
                print(f"  trial {number:2d}: kill at {delay:4.2f}s{' aimed' if aimed else '':6s} "
                      f"{trial.kill_point:8s} committed {trial.committed_at_kill:2d} -> {trial.stored_after:2d}  "
                      f"{status}", file=sys.stderr, flush=True)
    return results


def summary_table(results: Sequence[Trial]) -> str:
    points = Counter(t.kill_point for t in results)
    by_db = Counter(t.db for t in results)
    rows = [
        ("database", ", ".join(f"{db} {n}" for db, n in sorted(by_db.items()))),
        ("trials", str(len(results))),
        ("aimed at a write", str(sum(t.aimed for t in results))),
        ("kill points", "  ".join(f"{p} {points.get(p, 0)}" for p in KILL_POINTS)),
        ("committed at kill", f"min {min(t.committed_at_kill for t in results)}, "
                              f"max {max(t.committed_at_kill for t in results)}"),
        ("re-run failed", str(sum(bool(t.rerun_failed) for t in results))),
        ("lost", str(sum(len(t.lost) for t in results))),
        ("duplicated / missing", str(sum(len(t.duplicated) for t in results))),
        ("integrity problems", str(sum(len(t.integrity) for t in results))),
        ("trials all ok", f"{sum(t.ok for t in results)}/{len(results)}"),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="crash-trials-") as tmp:
        results = run_trials(args.db, args.trials, args.seed, Path(tmp))
    print(summary_table(results))
    return 0 if all(t.ok for t in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
