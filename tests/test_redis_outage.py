"""Redis restarted while two workers crawl (a private redis-server, its data kept in an append-only file):
no request is lost for good, no story stored twice, the workers reconnect on their own."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from bench.crash_trials import duplication_problems, expected_stories, replica_portals, snapshot
from bench.servers import PrivateRedis
from bench.store_outages import stored_count
from storage import RunRepository, open_database

ROOT = Path(__file__).resolve().parent.parent
# Slow enough that the restart lands in the middle of the crawl; few requests in flight per worker.
SETTINGS = ["-s", "DOWNLOAD_DELAY=0.2", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=2"]


@pytest.mark.postgres
def test_workers_live_through_a_redis_restart(tmp_path: Path, postgres_url: str) -> None:
    prefix = f"outage-{uuid.uuid4().hex[:8]}"
    with replica_portals() as replica, PrivateRedis() as redis_server:
        sites = tmp_path / "sites.toml"
        sites.write_text(replica.sites_toml(), encoding="utf-8")
        redis_args = ["--redis", redis_server.url, "--redis-prefix", prefix]
        worker = [sys.executable, "-m", "crawler", "worker", "--sites", str(sites), "--db", postgres_url,
                  *redis_args, "--idle-exit", "10", *SETTINGS]
        workers = [subprocess.Popen(worker, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for _ in range(2)]
        try:
            for w in workers:
                assert w.stderr is not None and "worker:" in w.stderr.readline()
            feed = subprocess.run([sys.executable, "-m", "crawler", "crawl", "--distributed", "--sites", str(sites),
                                   "--db", postgres_url, "--progress", "0", *redis_args, *SETTINGS],
                                  cwd=ROOT, capture_output=True, text=True, timeout=60)
            assert feed.returncode == 0, feed.stderr[-3000:]
            deadline = time.monotonic() + 60
            while stored_count(postgres_url) < 4:
                assert time.monotonic() < deadline, "nothing stored in a minute"
                time.sleep(0.05)
            redis_server.stop()
            time.sleep(3)
            redis_server.start()
            outputs = [w.communicate(timeout=180) for w in workers]  # they exit after 10 s with nothing to do
            expected = expected_stories(replica)
        finally:
            for w in workers:
                if w.poll() is None:
                    w.kill()
                    w.communicate()
    errs = "\n".join(err for _, err in outputs)
    assert all(w.returncode == 0 for w in workers), errs[-4000:]
    assert "Traceback" not in errs, errs[-4000:]
    assert "Redis is unavailable" in errs and "Redis is back after" in errs, errs[-4000:]
    assert duplication_problems(snapshot(postgres_url), expected) == []
    db = open_database(postgres_url)
    try:
        runs = RunRepository(db).recent(limit=20)
    finally:
        db.dispose()
    # One run row per site: the cycle closed although its counters were added around the restart.
    assert sorted(r.site_id for r in runs) == sorted(f"replica-{p}" for p in replica.portals), runs


@pytest.mark.parametrize("command", [["worker"], ["crawl", "--distributed"]])
def test_a_redis_that_is_away_fails_the_command_in_one_line(tmp_path: Path, command: list[str]) -> None:
    from bench.servers import free_port

    sites = tmp_path / "sites.toml"
    sites.write_text('[[sites]]\nid = "x"\nname = "X"\nstart_urls = ["http://127.0.0.1:9/"]\n', encoding="utf-8")
    url = f"redis://127.0.0.1:{free_port()}/0"  # nobody listens there
    result = subprocess.run([sys.executable, "-m", "crawler", *command, "--sites", str(sites),
                             "--db", f"sqlite:///{tmp_path / 'c.sqlite'}", "--redis", url],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"error: Redis at {url} is unavailable: Error 111 connecting to 127.0.0.1:{url.split(':')[2].split('/')[0]}. "
        "Connection refused."], result.stderr
