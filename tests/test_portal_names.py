"""The store names its portals on its own (table `sites`, written by every crawl).

A crawl of two replica portals, then every reader started elsewhere, without the registry that
crawled them: the web pages, the feed, `crawler new/show/runs/sites` all show the portals' names.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.web.app import create_app
from replica import ReplicaServer
from storage import open_database
from storage.portals import PortalRepository

ROOT = Path(__file__).resolve().parents[1]
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]
NAMES = {"replica-nukeviet": "Công an tỉnh Vĩnh Phúc (replica, NukeViet)",
         "replica-modern": "Tin An ninh Trật tự (replica, unknown template)"}


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=240, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    work = tmp_path_factory.mktemp("names")
    with ReplicaServer(["nukeviet", "modern"]) as rs:
        sites = work / "sites.toml"
        sites.write_text(rs.sites_toml(), encoding="utf-8")
        db_url = f"sqlite:///{work / 'store.db'}"
        done = cli("crawl", "--sites", str(sites), "--db", db_url, *FAST, cwd=ROOT)
        assert done.returncode == 0, done.stderr
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    yield db_url, elsewhere


def test_every_crawl_writes_its_portals(crawled) -> None:
    db_url, _ = crawled
    db = open_database(db_url, create=False)
    try:
        portals = {p.id: p for p in PortalRepository(db).all()}
    finally:
        db.dispose()
    assert {i: p.name for i, p in portals.items()} == NAMES
    # The family seen last: the profile auto-detection chose for the portal's pages.
    assert portals["replica-nukeviet"].family == "nukeviet"
    assert portals["replica-modern"].family == "generic"
    assert portals["replica-nukeviet"].start_urls[0].endswith("/news/tin-hoat-dong/")


def test_the_web_inbox_names_portals_without_a_registry(crawled) -> None:
    db_url, _ = crawled
    app = create_app(db_url, sites=(), secret_key="test", auth=False)
    try:
        client = app.test_client()
        page = client.get("/sites").get_data(as_text=True)
        assert all(name in page for name in NAMES.values())
        portal = client.get("/sites/replica-nukeviet").get_data(as_text=True)
        assert f"<title>{NAMES['replica-nukeviet']}" in portal
        feed = client.get("/sites/replica-nukeviet/feed.xml").get_data(as_text=True)
        assert f"<title>{NAMES['replica-nukeviet']}: new articles</title>" in feed
        overall = client.get("/feed.xml").get_data(as_text=True)
        assert f'label="{NAMES["replica-modern"]}"' in overall
    finally:
        app.extensions["crawler_db"].dispose()


def test_the_command_line_names_portals_without_a_registry(crawled) -> None:
    db_url, elsewhere = crawled
    new = cli("new", "--db", db_url, cwd=elsewhere)
    assert new.returncode == 0, new.stderr
    assert f"replica-nukeviet = {NAMES['replica-nukeviet']}" in new.stdout
    first = next(line.split()[0] for line in new.stdout.splitlines() if line.strip()[:1].isdigit())
    show = cli("show", first, "--db", db_url, cwd=elsewhere)
    assert any(f"({name})" in show.stdout for name in NAMES.values()), show.stdout
    runs = cli("runs", "--db", db_url, cwd=elsewhere)
    assert f"replica-modern = {NAMES['replica-modern']}" in runs.stdout
    # No sites.toml here: `crawler sites` lists the portals the store knows.
    sites = cli("sites", "--db", db_url, cwd=elsewhere)
    assert sites.returncode == 0, sites.stderr
    assert all(name[:20] in sites.stdout for name in NAMES.values())  # cut to the terminal's width
    feed = cli("feed", "--site", "replica-modern", "--db", db_url, cwd=elsewhere)
    assert f"<title>{NAMES['replica-modern']}: new articles</title>" in feed.stdout
