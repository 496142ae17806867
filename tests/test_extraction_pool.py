"""Extraction in worker processes: the same Article as inline, and no worker outlives its crawl."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from crawler.crawl.extraction_pool import extract_async, pool_size
from crawler.extract import extract
from replica import ReplicaServer
from storage.derived import derive

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"


def gold_pages(limit: int) -> list[Path]:
    return sorted(GOLD.rglob("*.html"))[:limit]


def test_pool_gives_the_inline_article() -> None:
    pages = gold_pages(12)
    assert len(pages) == 12

    async def both() -> list[tuple[object, object]]:
        pairs = []
        for page in pages:
            html = page.read_bytes()
            url = f"https://example.gov.vn/{page.stem}.html"
            pooled = await extract_async(url, html, profile="auto", overrides=None, processes=1)
            pairs.append((pooled, extract(url, html)))
        return pairs

    for pooled, inline in asyncio.run(both()):
        assert pooled == inline
        assert pooled.to_json() == inline.to_json()  # type: ignore[attr-defined]


def test_pool_size() -> None:
    assert pool_size(0) == 0 and pool_size(3) == 3
    assert 0 <= pool_size(-1) <= 4
    assert pool_size(-1) == max(0, min(4, (os.cpu_count() or 1) - 1))


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "zombie" not in status


def test_workers_exit_when_the_crawl_is_killed(tmp_path: Path) -> None:
    with ReplicaServer() as server:
        sites = tmp_path / "sites.toml"
        sites.write_text(server.sites_toml(), encoding="utf-8")
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites), "--db", f"sqlite:///{tmp_path / 'k.db'}",
             "--progress", "0", "-s", "DOWNLOAD_DELAY=0.5", "-s", "EXTRACT_PROCESSES=2"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            workers: list[int] = []
            # A worker (started on demand) and multiprocessing's resource tracker once the first article is read.
            while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
                time.sleep(0.2)
                workers = _children(proc.pid)
            assert len(workers) >= 2, "the crawl never started its extraction workers"
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        left = [w for w in workers if _alive(w)]
        for w in left:
            os.kill(w, signal.SIGKILL)
        assert not left, f"extraction workers outlived the killed crawl: {left}"


@pytest.mark.parametrize("processes", [0, 2])
def test_crawl_stores_the_same_with_or_without_workers(tmp_path: Path, processes: int) -> None:
    from storage import ArticleRepository, open_database

    with ReplicaServer() as server:
        sites = tmp_path / "sites.toml"
        sites.write_text(server.sites_toml(), encoding="utf-8")
        db = f"sqlite:///{tmp_path / 'c.db'}"
        result = subprocess.run(
            [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites), "--db", db, "--progress", "0",
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"EXTRACT_PROCESSES={processes}"],
            cwd=ROOT, capture_output=True, text=True, timeout=240,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        database = open_database(db)
        try:
            stories = list(ArticleRepository(database).iter_articles())
            with database.engine.connect() as conn:
                indexed = dict(conn.execute(text(
                    "SELECT s.article_id, f.title || '|' || f.body FROM article_search s "
                    "JOIN article_search_fts f ON f.rowid = s.sort_key")).all())
                bands = conn.execute(text("SELECT article_id, key FROM article_bands")).all()
        finally:
            database.dispose()
        expected = server.expected_articles()
        assert len(stories) == len({e.story for e in expected})
        assert {a.title for a in stories} <= {e.title for e in expected}
        # The search text and band keys (folded and signed in the pool with workers, by the writer without)
        # are those of the stored text.
        for a in stories:
            derived = derive(a.title, a.summary, a.body.split("\n\n"))
            assert indexed[a.id] == f"{derived.title}|{derived.body}", a.url
            assert sorted(key for aid, key in bands if aid == a.id) == sorted(derived.band_keys), a.url
