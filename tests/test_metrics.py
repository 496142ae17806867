"""Prometheus metrics: `crawler web` serves /metrics, `crawler worker --metrics-port` a port of its own.

The figures come from a real crawl of a replica portal into SQLite; the text is parsed with
prometheus-client's own parser, as a Prometheus server would read it.
"""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from crawler.web.app import create_app
from replica import ReplicaServer

ROOT = Path(__file__).resolve().parents[1]
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    work = tmp_path_factory.mktemp("metrics")
    with ReplicaServer(["nukeviet"]) as rs:
        sites = work / "sites.toml"
        sites.write_text(rs.sites_toml(), encoding="utf-8")
        db_url = f"sqlite:///{work / 'store.db'}"
        done = subprocess.run([sys.executable, "-m", "crawler", "crawl", "--sites", str(sites), "--db", db_url, *FAST],
                              cwd=ROOT, capture_output=True, text=True, timeout=240)
        assert done.returncode == 0, done.stderr
        yield db_url, sites


def test_web_serves_the_portals_figures(crawled) -> None:
    db_url, _sites = crawled
    app = create_app(db_url, secret_key="test", auth=False)
    try:
        answer = app.test_client().get("/metrics")
        assert answer.status_code == 200 and answer.content_type.startswith("text/plain")
        found = samples(answer.get_data(as_text=True))
    finally:
        app.extensions["crawler_db"].dispose()
    site = (("site", "replica-nukeviet"),)
    assert found[("crawler_store_up", ())] == 1
    info = next(k for k in found if k[0] == "crawler_portal_info")
    assert dict(info[1]) == {"site": "replica-nukeviet", "family": "nukeviet",
                             "name": "Công an tỉnh Vĩnh Phúc (replica, NukeViet)"}
    assert abs(found[("crawler_portal_last_success_timestamp_seconds", site)] - time.time()) < 600
    assert found[("crawler_portal_failures_in_a_row", site)] == 0
    assert found[("crawler_portal_extraction_health_ratio", site)] == 1.0
    assert found[("crawler_portal_last_run_stories", (("change", "new"), *site))] == 14
    assert found[("crawler_portal_unreviewed_stories", site)] == 14
    assert found[("crawler_portal_last_run_requests", site)] > 14
    assert found[("crawler_portal_last_run_success", site)] == 1


def test_web_metrics_answer_when_the_store_cannot_be_read(crawled, tmp_path: Path) -> None:
    db_url, _sites = crawled
    copy = tmp_path / "copy.db"
    copy.write_bytes(Path(db_url.removeprefix("sqlite:///")).read_bytes())
    app = create_app(f"sqlite:///{copy}", secret_key="test", auth=False)
    try:
        with sqlite3.connect(copy) as broken:  # the inbox opened it fine; now a table is gone
            broken.execute("DROP TABLE crawl_runs")
        answer = app.test_client().get("/metrics")
    finally:
        app.extensions["crawler_db"].dispose()
    assert answer.status_code == 200
    assert samples(answer.get_data(as_text=True))[("crawler_store_up", ())] == 0


@pytest.mark.redis
def test_a_worker_serves_metrics_on_its_port(crawled) -> None:
    db_url, sites = crawled
    port = free_port()
    prefix = f"test-metrics-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [sys.executable, "-m", "crawler", "worker", "--sites", str(sites), "--db", db_url, "--redis",
         "redis://127.0.0.1:6379/0", "--redis-prefix", prefix, "--idle-exit", "20", "--metrics-port", str(port),
         *FAST], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        text = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "crawler_portal_info" not in text:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
                    text = answer.read().decode()
            except OSError:
                time.sleep(0.2)
        assert 'crawler_portal_info{family="nukeviet"' in text, text[-2000:]
        assert "process_cpu_seconds_total" in text  # the process's own, from prometheus-client
    finally:
        worker.terminate()
        worker.communicate(timeout=60)


def test_a_metrics_port_in_use_is_one_line(crawled) -> None:
    db_url, sites = crawled
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "crawler", "worker", "--sites", str(sites), "--db", db_url,
                               "--redis", "redis://127.0.0.1:6379/0", "--metrics-port", str(port)],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("error: cannot serve metrics on 127.0.0.1:") and done.stderr.count("\n") == 1
