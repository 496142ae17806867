"""Monitoring end to end: the replica publishes, edits, republishes and removes; every flag is checked.

Each step is a real `crawler crawl` subprocess against the replica portals on loopback,
into one SQLite file, as the scheduler runs it.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.core.dates import TZ
from crawler.crawl.revisit import revisit_due
from replica import ReplicaServer
from storage import ArticleRepository, RunRepository, flag_of, open_database

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def crawl(sites_file: Path, db_url: str, *extra: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites_file), "--db", db_url, "--progress", "0",
         *FAST, *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def flags(db_url: str) -> dict[str, set[str]]:
    """Unreviewed stories by flag, as sets of titles."""
    db = open_database(db_url)
    try:
        out: dict[str, set[str]] = {}
        for article in ArticleRepository(db).flagged():
            out.setdefault(flag_of(article), set()).add(article.title)
        return out
    finally:
        db.dispose()


def review_all(db_url: str) -> None:
    db = open_database(db_url)
    try:
        ArticleRepository(db).review(None)
    finally:
        db.dispose()


def new_post(replica: ReplicaServer, portal: str, title: str, body: str, **changes: object):  # type: ignore[no-untyped-def]
    state = replica.replica
    template = state.posts(portal)[0]
    post = dataclasses.replace(
        template, id=state.next_id(portal), title=title, published=datetime.now(TZ).replace(second=0, microsecond=0),
        lead=None, blocks=(body, SECOND), story=None, updated=None, quirks=frozenset(), **changes,
    )
    return state.publish(post)


@pytest.fixture()
def replica(tmp_path):
    with ReplicaServer() as server:
        sites = tmp_path / "sites.toml"
        sites.write_text(server.sites_toml(), encoding="utf-8")
        yield server, sites, f"sqlite:///{tmp_path / 'm.sqlite'}"


LONG = (
    "Công an tỉnh đã triển khai đồng bộ các biện pháp bảo đảm an ninh, trật tự trên địa bàn, tăng cường tuần tra "
    "kiểm soát tại các tuyến đường trọng điểm và nắm chắc tình hình ở cơ sở để kịp thời xử lý các vụ việc phát sinh."
)


SECOND = (
    "Qua đợt cao điểm, lực lượng chức năng đã phát hiện, xử lý nhiều trường hợp vi phạm, góp phần giữ vững ổn định "
    "tình hình, tạo môi trường an toàn cho người dân vui xuân, đón Tết."
)


def test_publish_edit_republish_remove_are_flagged_exactly(replica) -> None:
    server, sites, db = replica
    crawl(sites, db)
    first = flags(db)
    assert set(first) == {"new"} and len(first["new"]) == len({e.story for e in server.expected_articles()})
    review_all(db)
    assert flags(db) == {}

    # Publish: one new story, nothing else flagged.
    post = new_post(server, "nukeviet", "Công an tỉnh ra quân cao điểm bảo đảm an ninh trật tự dịp cuối năm", LONG)
    crawl(sites, db)
    assert flags(db) == {"new": {post.title}}
    review_all(db)

    # Edit: the audit pass re-reads every known article; only the edited one is flagged, with its history.
    edited = server.replica.posts("langson")[0]
    server.replica.edit("langson", edited.id, blocks=(*edited.blocks, "Đính chính: số liệu đã được cập nhật."))
    crawl(sites, db, "--revisit")
    assert flags(db) == {"updated": {edited.title}}
    database = open_database(db)
    try:
        repo = ArticleRepository(database)
        story = next(a for a in repo.flagged() if a.title == edited.title)
        full = repo.get(story.id)
        assert full is not None and [v.version for v in full.versions] == [1, 2]
        assert "Đính chính" not in full.versions[0].body and "Đính chính" in full.versions[1].body
    finally:
        database.dispose()
    review_all(db)

    # Republish: the same story on another portal, in its own chrome and tone-mark style, is a new URL
    # of the known story, not a new story.
    copy = new_post(server, "modern", post.title, LONG.replace("hòa", "hoà"))
    out = crawl(sites, db)
    assert flags(db) == {}
    database = open_database(db)
    try:
        repo = ArticleRepository(database)
        stories = [a for a in repo.iter_articles() if a.title == post.title]
        assert len(stories) == 1 and len(stories[0].urls) == 2, out
        assert {u.site_id for u in stories[0].urls} == {"replica-nukeviet", "replica-modern"}
    finally:
        database.dispose()
    assert copy.portal == "modern"

    # Remove: a known article answering 404 is recorded as removed, not deleted.
    gone = server.replica.posts("langson")[-1]
    server.replica.remove("langson", gone.id)
    crawl(sites, db, "--revisit")
    assert flags(db) == {"removed": {gone.title}}
    database = open_database(db)
    try:
        kept = [a for a in ArticleRepository(database).iter_articles() if a.title == gone.title]
        assert len(kept) == 1 and kept[0].removed_at is not None
        runs = RunRepository(database).recent(limit=100)
        assert {r.mode for r in runs} == {"full", "incremental", "revisit"}
        assert sum(r.removed for r in runs) == 1 and sum(r.updated for r in runs) == 1
    finally:
        database.dispose()


def test_audit_recrawls_of_unchanged_portals_flag_nothing(replica) -> None:
    """Counters, visit numbers and timestamps change on every request; none of it is a change."""
    _server, sites, db = replica
    crawl(sites, db)
    review_all(db)
    for _ in range(3):
        out = crawl(sites, db, "--revisit")
        assert flags(db) == {}, out
    db_handle = open_database(db)
    try:
        runs = RunRepository(db_handle).recent(limit=3)
        assert all(r.mode == "revisit" and r.new == r.updated == r.removed == 0 and r.unchanged > 0 for r in runs)
    finally:
        db_handle.dispose()


def test_incremental_recrawl_requests(replica) -> None:
    server, sites, db = replica
    crawl(sites, db)
    server.reset_log()
    crawl(sites, db)
    per_portal: dict[str, int] = {}
    for portal, _path, _status in server.request_log:
        per_portal[portal] = per_portal.get(portal, 0) + 1
    assert all(n <= 3 for n in per_portal.values()), server.request_log

    new_post(server, "nukeviet", "Bắt giữ đối tượng trộm cắp tài sản tại khu dân cư trung tâm thành phố", LONG)
    # A different text: the same body on two portals would rightly be one story.
    new_post(server, "langson", "Lạng Sơn tăng cường kiểm soát xuất nhập cảnh tại các cửa khẩu biên giới",
             LONG.replace("Công an tỉnh", "Bộ đội Biên phòng tỉnh Lạng Sơn"))
    server.reset_log()
    crawl(sites, db)
    counts: dict[str, int] = {}
    for portal, _path, _status in server.request_log:
        counts[portal] = counts.get(portal, 0) + 1
    assert counts["nukeviet"] <= 1 + 3 and counts["langson"] <= 1 + 3, server.request_log
    assert set(flags(db).get("new", set())) >= {
        "Bắt giữ đối tượng trộm cắp tài sản tại khu dân cư trung tâm thành phố",
        "Lạng Sơn tăng cường kiểm soát xuất nhập cảnh tại các cửa khẩu biên giới",
    }


def test_revisit_schedule_thins_out_with_age() -> None:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    assert not revisit_due(t0, t0, t0 + timedelta(minutes=59))
    assert revisit_due(t0, t0, t0 + timedelta(hours=1))
    assert not revisit_due(t0, t0 + timedelta(hours=1), t0 + timedelta(hours=5))
    assert revisit_due(t0, t0 + timedelta(hours=1), t0 + timedelta(hours=6))
    assert revisit_due(t0, t0 + timedelta(hours=6), t0 + timedelta(days=2))
    assert not revisit_due(t0, t0 + timedelta(days=7), t0 + timedelta(days=300))


def test_scheduler_recrawls_the_replica_and_flags_what_it_publishes(replica) -> None:
    """The service as deployed: `scheduler.py` runs real crawls on a schedule; a new story gets flagged."""
    server, sites, db = replica
    # The replica answers at once: the registry's own politeness keys make the crawls fast.
    text = sites.read_text(encoding="utf-8").replace(
        "start_urls", 'interval = "2s"\ndownload_delay = 0\nconcurrency = 8\nstart_urls'
    )
    sites.write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CRAWLER_SCHEDULE_COMMAND"}
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scheduler.py"), "--sites", str(sites), "--db", db, "--site", "replica-nukeviet"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_until(lambda: len(flags(db).get("new", ())) >= 14, 90, "the first scheduled crawl")
        review_all(db)
        post = new_post(server, "nukeviet", "Triệt phá đường dây đánh bạc qua mạng quy mô lớn trên địa bàn tỉnh", LONG)
        wait_until(lambda: flags(db) == {"new": {post.title}}, 60, "the new story to be flagged")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-2000:]
    assert "Traceback" not in err


def wait_until(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.5)


def test_extraction_health_drop_is_flagged_against_history() -> None:
    from crawler.crawl.runs import health_drop
    from storage import CrawlRun

    def run(pages: int, dated: int, authored: int, long: int) -> CrawlRun:
        return CrawlRun(site_id="s", article_pages=pages, with_date=dated, with_author=authored, long_body=long)

    history = [run(10, 10, 8, 10), run(12, 12, 9, 12), run(8, 8, 6, 8)]
    assert health_drop(run(10, 10, 7, 10), history) is None  # normal variation
    alert = health_drop(run(10, 2, 7, 10), history)
    assert alert is not None and "date 100% -> 20%" in alert
    assert health_drop(run(2, 0, 0, 0), history) is None  # too few pages to say anything
    assert health_drop(run(10, 0, 0, 0), []) is None  # no history yet
