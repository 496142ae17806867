"""End to end: real Scrapy crawls of the replica portals over loopback into real databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.core.text import hash_key
from crawler.core.urls import canonicalize
from crawler.extract.published import SOURCE_LABELS
from replica import NON_ARTICLE_PATHS, ReplicaServer, expected_articles

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


@pytest.fixture(scope="module")
def replica():
    with ReplicaServer() as server:
        yield server


@pytest.fixture(scope="module")
def sites_file(replica, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("registry") / "sites.toml"
    path.write_text(replica.sites_toml(), encoding="utf-8")
    return path


def crawl(sites_file: Path, db_url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites_file), "--db", db_url, "--progress", "0",
         *FAST, *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def export(db_url: str, *extra: str) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "export", "--db", db_url, *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def summary_rows(stdout: str) -> dict[str, dict[str, str]]:
    lines = [line for line in stdout.splitlines() if line.strip() and not line.startswith("-")]
    header = lines[0].split()
    return {cells[0]: dict(zip(header, cells, strict=False)) for cells in (line.split() for line in lines[1:])}


def check_against_expected(replica: ReplicaServer, records: list[dict]) -> None:
    expected = expected_articles()
    by_url = {}
    for record in records:
        for url in record["urls"]:
            assert url not in by_url, f"{url} stored twice"
            by_url[url] = record
    # Every expected article was captured, each republished story is ONE record with all its URLs.
    stories: dict[str, set[int]] = {}
    for exp in expected:
        url = canonicalize(replica.base_url(exp.portal) + exp.path)
        assert url in by_url, f"not captured: {url} ({exp.title})"
        record = by_url[url]
        stories.setdefault(exp.story, set()).add(record["id"])
        body = "\n\n".join(exp.body)
        if record["url"] != url:
            # Another portal's copy of a republished story: same words, its own chrome and tone style.
            assert hash_key(record["body"]) == hash_key(body), f"body of {url}"
            continue
        assert record["body"] == body, f"body of {url}"
        assert record["title"] == exp.title, url
        assert record["published_at"] == exp.published_at, url
        # Where the date came from is stored with it (crawler.extract.published), and says nothing when there is none.
        assert (record["published_source"] is None) == (exp.published_at is None), url
        assert record["published_source"] in (None, *SOURCE_LABELS), url
        assert record["author"] == exp.author, url
        assert record["source"] == exp.source, url
        assert record["summary"] == exp.summary, url
        assert [i["caption"] for i in record["images"]] == list(exp.captions), url
    assert all(len(ids) == 1 for ids in stories.values()), stories
    assert len(records) == len(stories), "stored stories that the replica does not have"
    # No non-article page was stored.
    for portal, paths in NON_ARTICLE_PATHS.items():
        for path in paths:
            assert canonicalize(replica.base_url(portal) + path) not in by_url, path


def test_crawl_replica_into_sqlite_then_recrawl_adds_nothing(replica, sites_file, tmp_path):
    db_url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    first = crawl(sites_file, db_url)
    rows = summary_rows(first.stdout)
    stories = {e.story for e in expected_articles()}
    assert int(rows["total"]["new"]) == len(stories), first.stdout
    assert int(rows["total"]["errors"]) == 0, first.stdout
    records = export(db_url)
    check_against_expected(replica, records)
    # Every story is tagged as it is stored: the Vĩnh Phúc replica's stories are about Phú Thọ since July 2025.
    assert all(r["types"] or r["places"] for r in records)
    vinh_phuc = [r for r in records if r["site"] == "replica-nukeviet"]
    assert vinh_phuc and all(r["places"][0]["province"] == "phu-tho" for r in vinh_phuc if r["places"])

    second = crawl(sites_file, db_url)
    rows = summary_rows(second.stdout)
    assert int(rows["total"]["new"]) == 0 and int(rows["total"]["updated"]) == 0, second.stdout
    again = export(db_url)
    assert [(r["id"], r["content_hash"], r["urls"]) for r in again] == [
        (r["id"], r["content_hash"], r["urls"]) for r in records
    ]


@pytest.mark.postgres
def test_crawl_replica_into_postgresql(replica, sites_file, postgres_url):
    crawl(sites_file, postgres_url)
    check_against_expected(replica, export(postgres_url))


def test_scrapy_crawl_one_site(replica, sites_file, tmp_path):
    db_url = f"sqlite:///{tmp_path / 's.sqlite'}"
    env = {**os.environ, "CRAWLER_SITES": str(sites_file), "DATABASE_URL": db_url}
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert set(listed.stdout.split()) == {f"replica-{p}" for p in NON_ARTICLE_PATHS}
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "replica-langson", "-L", "WARNING", *FAST],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "replica-langson" in result.stderr  # the per-site summary
    records = export(db_url)
    expected = {e.story for e in expected_articles() if e.portal == "langson"}
    assert len(records) == len(expected)
    assert all(r["site"] == "replica-langson" for r in records)
