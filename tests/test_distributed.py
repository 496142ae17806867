"""Distributed mode: two workers share the Redis queues of the replica portals and store into PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from crawler.replica import ReplicaServer, expected_articles
from crawler.urls import canonicalize

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


@pytest.mark.redis
@pytest.mark.postgres
def test_two_workers_share_the_queue_and_store_every_story_once(tmp_path, postgres_url):
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    _flush(prefix)
    redis_args = ["--redis", REDIS, "--redis-prefix", prefix]
    with ReplicaServer() as replica:
        sites_file = tmp_path / "sites.toml"
        sites_file.write_text(replica.sites_toml(), encoding="utf-8")
        worker_cmd = [sys.executable, "-m", "crawler", "worker", "--sites", str(sites_file), "--db", postgres_url,
                      *redis_args, "--idle-exit", "6", *SETTINGS]
        workers = [
            subprocess.Popen(worker_cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        try:
            for w in workers:  # both ready before the feed, so neither can take the whole crawl alone
                assert w.stderr is not None
                assert "worker:" in w.stderr.readline()
            time.sleep(1.0)
            feed = subprocess.run(
                [sys.executable, "-m", "crawler", "crawl", "--distributed", "--sites", str(sites_file),
                 "--db", postgres_url, "--progress", "0", *redis_args, *SETTINGS],
                cwd=ROOT, capture_output=True, text=True, timeout=60,
            )
            assert feed.returncode == 0, feed.stderr[-3000:]
            # The feeder fetched nothing itself: the start requests wait in Redis (or are taken already).
            assert "feeding 3 site(s)" in feed.stderr, feed.stderr
            outputs = [w.communicate(timeout=90) for w in workers]
        finally:
            for w in workers:
                if w.poll() is None:
                    w.kill()
                    w.communicate()
            _flush(prefix)
        for w, (_out, err) in zip(workers, outputs, strict=True):
            assert w.returncode == 0, err[-3000:]
        pages = [int(summary_rows(out)["total"]["pages"]) for out, _ in outputs]
        # Both workers fetched pages: the queue was shared, not taken by one.
        assert all(p > 0 for p in pages), [o for o, _ in outputs]

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
    from crawler import schedule

    check = "import sys; sys.exit(0 if '--distributed' in sys.argv else 3)"
    db_url = f"sqlite:///{tmp_path / 's.sqlite'}"
    monkeypatch.setenv(schedule.DISTRIBUTED_ENV, "1")
    assert schedule.run_site("x", "sites.toml", db_url, 30.0, [sys.executable, "-c", check]) == 0
