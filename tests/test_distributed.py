"""Distributed mode: two workers share the Redis queues of the replica portals and store into PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from crawler.core.urls import canonicalize
from replica import ReplicaServer, expected_articles

ROOT = Path(__file__).resolve().parent.parent
REDIS = "redis://127.0.0.1:6379/0"
# Fast, but few requests in flight per worker: the other worker must find work in the queue too.
SETTINGS = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=2"]


def _redis():
    import redis

    return redis.Redis.from_url(REDIS)


def _flush(prefix: str) -> None:
    client = _redis()
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def summary_rows(stdout: str) -> dict[str, dict[str, str]]:
    lines = [line for line in stdout.splitlines() if line.strip() and not line.startswith("-")]
    header = lines[0].split()
    return {cells[0]: dict(zip(header, cells, strict=False)) for cells in (line.split() for line in lines[1:])}


def _runs(db_url: str) -> list:
    from storage import RunRepository, open_database

    db = open_database(db_url)
    try:
        return sorted(RunRepository(db).recent(limit=1000), key=lambda r: (r.started_at, r.site_id))
    finally:
        db.dispose()


def _wait_for_runs(db_url: str, count: int, workers: list[subprocess.Popen], timeout: float = 90.0) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = _runs(db_url)
        if len(runs) >= count:
            return runs
        assert all(w.poll() is None for w in workers), "a worker exited before the cycle closed"
        time.sleep(0.3)
    raise AssertionError(f"{len(_runs(db_url))} run rows after {timeout}s, expected {count}")


def _feed(sites_file: Path, db_url: str, redis_args: list[str], *extra: str) -> subprocess.CompletedProcess[str]:
    feed = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "--distributed", "--sites", str(sites_file),
         "--db", db_url, "--progress", "0", *redis_args, *SETTINGS, *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert feed.returncode == 0, feed.stderr[-3000:]
    return feed


@pytest.mark.redis
@pytest.mark.postgres
def test_two_workers_share_the_queue_store_every_story_once_and_record_one_run_per_cycle(tmp_path, postgres_url):
    """Three cycles (first crawl, incremental, --full) served by two workers started on an empty database.

    Each worker's own start() would choose "full" for every cycle; the feeder's mode must win, and
    each cycle must leave one run row per site whose counts are the two workers' summed.
    """
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    _flush(prefix)
    redis_args = ["--redis", REDIS, "--redis-prefix", prefix]
    with ReplicaServer() as replica:
        sites_file = tmp_path / "sites.toml"
        sites_file.write_text(replica.sites_toml(), encoding="utf-8")
        site_ids = [f"replica-{p}" for p in replica.portals]
        # Idle for 30 s: a worker must outlive the feeder's start-up between cycles on a loaded machine.
        worker_cmd = [sys.executable, "-m", "crawler", "worker", "--sites", str(sites_file), "--db", postgres_url,
                      *redis_args, "--idle-exit", "30", *SETTINGS]
        workers = [
            subprocess.Popen(worker_cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        try:
            for w in workers:  # both ready before the feed, so neither can take the whole crawl alone
                assert w.stderr is not None
                assert "worker:" in w.stderr.readline()
            time.sleep(1.0)
            feed = _feed(sites_file, postgres_url, redis_args)
            # The feeder fetched nothing itself: the start requests wait in Redis (or are taken already).
            assert "feeding 3 site(s)" in feed.stderr, feed.stderr
            assert feed.stderr.count("(full):") == 3, feed.stderr
            first = _wait_for_runs(postgres_url, 3, workers)
            # The portals did not change: the feeder chooses an incremental re-crawl.
            feed = _feed(sites_file, postgres_url, redis_args)
            assert feed.stderr.count("(incremental):") == 3, feed.stderr
            second = _wait_for_runs(postgres_url, 6, workers)
            feed = _feed(sites_file, postgres_url, redis_args, "--full")
            assert feed.stderr.count("(full):") == 3, feed.stderr
            runs = _wait_for_runs(postgres_url, 9, workers)
            outputs = [w.communicate(timeout=90) for w in workers]
        finally:
            for w in workers:
                if w.poll() is None:
                    w.kill()
                    w.communicate()
            leftover = list(_redis().scan_iter(match=f"{prefix}:*:cycle*"))
            _flush(prefix)
        for w, (_out, err) in zip(workers, outputs, strict=True):
            assert w.returncode == 0, err[-3000:]
        assert leftover == [], f"cycles left open in Redis: {leftover}"
        summaries = [summary_rows(out) for out, _ in outputs]
        # Both workers fetched pages: the queue was shared, not taken by one.
        assert all(int(s["total"]["pages"]) > 0 for s in summaries), [o for o, _ in outputs]

        # One row per site per cycle, in the feeder's mode, counts summed over the two workers.
        assert len(runs) == 9 and [r.id for r in runs[:6]] == [r.id for r in second], runs
        cycles = {site: [r for r in runs if r.site_id == site] for site in site_ids}
        assert {site: [r.mode for r in rows] for site, rows in cycles.items()} == {
            site: ["full", "incremental", "full"] for site in site_ids
        }
        assert {r.id for r in first} == {rows[0].id for rows in cycles.values()}
        for site, rows in cycles.items():
            for field, column in (("pages", "pages"), ("new", "new"), ("known", "unchanged")):
                summed = sum(int(s[site][field]) for s in summaries if site in s)
                assert sum(getattr(r, column) for r in rows) == summed, (site, field, rows, summaries)
            full, incremental, again = rows
            assert all(r.outcome == "finished" and r.errors == 0 for r in rows), rows
            assert full.started_at <= full.finished_at <= incremental.started_at <= incremental.finished_at
            # Incremental: the start listings (or the feed) and nothing else; full again: every page again,
            # though both workers saw these articles in the first cycle.
            assert incremental.pages <= len(replica.start_urls(site.removeprefix("replica-"))) + 2, incremental
            assert incremental.new == 0 and again.new == 0
            # Each worker read robots.txt once, in the first cycle, and may have probed a feed or sitemap there
            # that a later cycle knows already (one run in three on a loaded machine: 29 then 25 pages).
            assert again.pages >= full.pages - 2 * len(workers), (full.pages, again.pages)
            assert again.article_pages == full.article_pages > 0, (full.article_pages, again.article_pages)

        export = subprocess.run([sys.executable, "-m", "crawler", "export", "--db", postgres_url],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert export.returncode == 0, export.stderr
        records = [json.loads(line) for line in export.stdout.splitlines()]
        by_url: dict[str, dict] = {}
        for record in records:
            for url in record["urls"]:
                assert url not in by_url, f"{url} stored twice"
                by_url[url] = record
        stories: dict[str, set[int]] = {}
        for exp in expected_articles():
            url = canonicalize(replica.base_url(exp.portal) + exp.path)
            assert url in by_url, f"not captured: {url} ({exp.title})"
            stories.setdefault(exp.story, set()).add(by_url[url]["id"])
        assert all(len(ids) == 1 for ids in stories.values()), stories
        assert len(records) == len(stories), "stored stories that the replica does not have"
        assert sum(rows[0].new for rows in cycles.values()) == len(records)

        shown = subprocess.run([sys.executable, "-m", "crawler", "runs", "--db", postgres_url],
                               cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert shown.returncode == 0, shown.stderr
        rows = [line for line in shown.stdout.splitlines() if line[:2] == "20"]  # the table, not the names line
        assert sum(site in line for line in rows for site in site_ids) == 9, shown.stdout


@pytest.mark.redis
@pytest.mark.postgres
def test_a_feed_while_the_cycle_runs_is_refused_and_a_late_worker_closes_it(tmp_path, postgres_url):
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    _flush(prefix)
    redis_args = ["--redis", REDIS, "--redis-prefix", prefix]
    with ReplicaServer(["langson"]) as replica:
        sites_file = tmp_path / "sites.toml"
        sites_file.write_text(replica.sites_toml(), encoding="utf-8")
        try:
            fed = _feed(sites_file, postgres_url, redis_args)
            assert "(full):" in fed.stderr, fed.stderr
            # No worker yet: the cycle stays open with its queue, and a second feed is refused.
            refused = _feed(sites_file, postgres_url, redis_args, "--full")
            assert "not fed: cycle" in refused.stderr and "still running" in refused.stderr, refused.stderr
            assert _runs(postgres_url) == []
            worker = subprocess.run(
                [sys.executable, "-m", "crawler", "worker", "--sites", str(sites_file), "--db", postgres_url,
                 *redis_args, "--idle-exit", "2", *SETTINGS],
                cwd=ROOT, capture_output=True, text=True, timeout=90,
            )
            assert worker.returncode == 0, worker.stderr[-3000:]
            leftover = list(_redis().scan_iter(match=f"{prefix}:*:cycle*"))
        finally:
            _flush(prefix)
        assert leftover == []
        (run,) = _runs(postgres_url)
        row = summary_rows(worker.stdout)["replica-langson"]
        assert (run.mode, run.outcome, run.pages, run.new) == ("full", "finished", int(row["pages"]), int(row["new"]))
        assert run.new > 0


@pytest.mark.redis
def test_cycle_closes_only_when_drained_and_a_silent_worker_is_counted_lost(monkeypatch):
    from crawler.crawl import cycles, distributed

    prefix = f"test-{uuid.uuid4().hex[:10]}"
    client = _redis()
    feeder = distributed.Cycle(client, prefix, "site", "feeder")
    worker = distributed.Cycle(client, prefix, "site", "worker")
    worker.member += ":other"
    try:
        cycle_id = feeder.claim()
        assert cycle_id is not None and feeder.claim() is None  # one open cycle per site
        feeder.set_fields(mode="incremental")
        client.zadd(feeder.queue_key, {b"request": 0})
        feeder.add(cycle_id, {"downloader/response_count": 0}, [], [], leave=True)
        assert feeder.close() is None  # a request is queued
        assert worker.pop() == b"request"
        assert feeder.close() is None  # the queue is empty, but a worker is busy
        worker.add(cycle_id, {"downloader/response_count": 2, "articles/new": 1}, [("http://x/a", "HTTP 404")],
                   [], leave=False)
        monkeypatch.setattr(cycles, "BUSY_TTL", 0.0)  # the worker fell silent
        closed = feeder.close()
        assert closed is not None and worker.close() is None  # closed once
        assert (closed.cycle_id, closed.mode, closed.outcome) == (cycle_id, "incremental", "worker_lost")
        assert closed.stats["downloader/response_count"] == 2 and closed.stats["articles/new"] == 1
        assert closed.failures == [("http://x/a", "HTTP 404")]
        assert closed.started_at <= closed.finished_at
        assert feeder.current() == {} and feeder.claim() is not None  # the next cycle may start
    finally:
        _flush(prefix)


def test_crawl_distributed_without_redis_is_one_line_error(tmp_path, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    sites = tmp_path / "sites.toml"
    sites.write_text('[[sites]]\nid = "x"\nname = "X"\nstart_urls = ["http://127.0.0.1:9/"]\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "--distributed", "--sites", str(sites),
         "--db", f"sqlite:///{tmp_path / 'x.sqlite'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "REDIS_URL" in result.stderr


def test_distributed_scheduler_runs_feed_only_crawls(tmp_path, monkeypatch):
    from crawler.monitoring import schedule

    check = "import sys; sys.exit(0 if '--distributed' in sys.argv else 3)"
    db_url = f"sqlite:///{tmp_path / 's.sqlite'}"
    monkeypatch.setenv(schedule.DISTRIBUTED_ENV, "1")
    assert schedule.run_site("x", "sites.toml", db_url, 30.0, [sys.executable, "-c", check]) == 0
