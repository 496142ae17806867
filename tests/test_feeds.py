"""Atom feeds (crawler.review.feeds, /feed.xml, `crawler feed`): parsed by feedparser, and checked against RFC 4287."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from crawler.crawl.registry import Site
from crawler.review.feeds import ATOM_NS, atom_feed, build_feed, newest_entries
from crawler.web import create_app
from storage import ArticleRepository, StoryInput, open_database

ROOT = Path(__file__).resolve().parent.parent
A = f"{{{ATOM_NS}}}"
T0 = datetime(2024, 5, 3, 1, 0, tzinfo=UTC)


def story(url: str, h: str, *, at: datetime, site: str = "son-la", title: str = "Tin", **kw) -> StoryInput:
    return StoryInput(site_id=site, url=url, title=title, body=[f"Thân bài {h}.", "Đoạn hai."], content_hash=h,
                         seen_at=at, **kw)


@pytest.fixture
def filled(db_url) -> str:
    db = open_database(db_url)
    repo = ArticleRepository(db)
    repo.save_batch([story("https://congan.sonla.gov.vn/a/1.html", "h1", at=T0, title="Bắt đối tượng <b>trộm</b>",
                           author="Lê Minh", published_at=date(2024, 5, 2), summary="Tóm tắt & <i>ngắn</i>")])
    repo.save_batch([story("https://congan.hanoi.gov.vn/b/2.html", "h2", at=T0 + timedelta(hours=1), site="ha-noi",
                           title="Tin Hà Nội\x0b với ký tự điều khiển")])
    repo.save_batch([story("https://congan.sonla.gov.vn/a/3.html", "h3", at=T0 + timedelta(hours=2),
                           title="Tin ba", published_at=datetime.fromisoformat("2024-05-03T09:36:00+07:00"))])
    # The ha-noi story again on son-la: in son-la's feed, with son-la's URL.
    repo.save_batch([story("https://congan.sonla.gov.vn/a/2-copy.html", "h2", at=T0 + timedelta(hours=3))])
    db.dispose()
    return db_url


def check_atom(xml: bytes) -> etree._Element:
    """RFC 4287's required structure: namespace, feed id/title/updated/self link/author, entry id/title/updated."""
    root = etree.fromstring(xml)
    assert root.tag == f"{A}feed" and root.nsmap == {None: ATOM_NS}
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{A}{name}")) == 1, name
    assert root.find(f"{A}link[@rel='self']") is not None
    entries = root.findall(f"{A}entry")
    feed_author = root.find(f"{A}author/{A}name")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, name
        ident = entry.findtext(f"{A}id")
        assert ident.startswith(("tag:", "urn:"))
        assert entry.find(f"{A}link[@rel='alternate']") is not None
        assert feed_author is not None or entry.find(f"{A}author/{A}name") is not None
        for stamp in (entry.findtext(f"{A}updated"), entry.findtext(f"{A}published")):
            assert datetime.fromisoformat(stamp).tzinfo is not None  # RFC 3339: an offset is mandatory
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(ids) == len(set(ids))
    return root


def test_overall_feed_is_valid_atom(filled):
    db = open_database(filled)
    try:
        xml = atom_feed(db, base_url="http://inbox.local:8080/")
    finally:
        db.dispose()
    assert xml.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = check_atom(xml)
    parsed = feedparser.parse(xml)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Vietnamese police portals: new articles"
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == ["http://inbox.local:8080/feed.xml"]
    titles = [e.title for e in parsed.entries]
    # Newest first capture first; the copy is no new story.
    assert titles == ["Tin ba", "Tin Hà Nội với ký tự điều khiển", "Bắt đối tượng <b>trộm</b>"]
    first = parsed.entries[2]
    assert first.link == "https://congan.sonla.gov.vn/a/1.html"
    assert first.author == "Lê Minh"
    assert first.summary == "Tóm tắt & <i>ngắn</i>"
    assert first.published.startswith("2024-05-02T00:00:00+07:00")
    assert parsed.entries[0].published == "2024-05-03T09:36:00+07:00"
    assert parsed.entries[1].get("author") is None or parsed.entries[1].author == "vn-police-crawler"
    related = [x.href for x in first.links if x.rel == "related"]
    assert related and related[0].startswith("http://inbox.local:8080/articles/")
    assert root.findtext(f"{A}updated") == parsed.entries[0].updated


def test_site_feed_links_to_the_sites_own_url(filled):
    db = open_database(filled)
    try:
        xml = atom_feed(db, site_id="son-la", site_name="Công an tỉnh Sơn La", limit=10)
        entries = newest_entries(db, site_id="son-la", limit=2)
    finally:
        db.dispose()
    check_atom(xml)
    parsed = feedparser.parse(xml)
    assert parsed.bozo == 0
    assert parsed.feed.title == "Công an tỉnh Sơn La: new articles"
    assert [e.link for e in parsed.entries] == [
        "https://congan.sonla.gov.vn/a/2-copy.html", "https://congan.sonla.gov.vn/a/3.html",
        "https://congan.sonla.gov.vn/a/1.html",
    ]
    assert len(entries) == 2


def test_empty_feed_is_valid():
    xml = build_feed([], feed_id="tag:x,2024:feed", title="t", self_url="http://h/feed.xml",
                     now=datetime(2024, 1, 1, tzinfo=UTC))
    root = check_atom(xml)
    assert root.findtext(f"{A}updated") == "2024-01-01T07:00:00+07:00"
    assert feedparser.parse(xml).bozo == 0


def test_web_serves_the_same_feeds(filled):
    app = create_app(filled, sites=[Site(id="son-la", name="Công an tỉnh Sơn La",
                                         start_urls=("https://congan.sonla.gov.vn/",))], auth=False)
    client = app.test_client()
    try:
        response = client.get("/feed.xml")
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("application/atom+xml")
        check_atom(response.data)
        parsed = feedparser.parse(response.data)
        assert parsed.bozo == 0 and len(parsed.entries) == 3
        assert [x.href for x in parsed.feed.links if x.rel == "self"] == ["http://localhost/feed.xml"]
        site = feedparser.parse(client.get("/sites/son-la/feed.xml?limit=1").data)
        assert site.bozo == 0 and len(site.entries) == 1
        assert site.feed.title == "Công an tỉnh Sơn La: new articles"
        assert client.get("/feed.xml?limit=0").status_code == 400
    finally:
        app.extensions["crawler_db"].dispose()


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "crawler", *args], cwd=ROOT, capture_output=True, timeout=60)


def test_feed_command_prints_the_same_atom(filled):
    result = run("feed", "--db", filled, "--limit", "2")
    assert result.returncode == 0, result.stderr
    check_atom(result.stdout)
    parsed = feedparser.parse(result.stdout)
    assert parsed.bozo == 0 and len(parsed.entries) == 2
    site = run("feed", "--db", filled, "--site", "ha-noi")
    assert site.returncode == 0
    assert [e.link for e in feedparser.parse(site.stdout).entries] == ["https://congan.hanoi.gov.vn/b/2.html"]


def test_feed_command_bad_input(filled, tmp_path):
    unknown = run("feed", "--db", filled, "--site", "nowhere")
    assert unknown.returncode == 2
    assert unknown.stderr.decode().startswith("error: unknown site 'nowhere'")
    missing = run("feed", "--db", f"sqlite:///{tmp_path / 'none.sqlite'}")
    assert missing.returncode == 2 and missing.stderr.decode().startswith("error: no database at")
    assert run("feed", "--limit", "0").returncode == 2
