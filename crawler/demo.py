"""`crawler demo`: the bundled replica portals, crawled into SQLite, shown, then exit.

Each crawl runs in a subprocess (`python -m crawler crawl`), exactly as a user or the
scheduler would run it, while this process serves the replica portals.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from crawler.export import records
from crawler.replica import ReplicaServer
from storage import ArticleRepository, open_database

# The replica answers at once; politeness delays would only make the demo slow.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def crawl_subprocess(sites_file: Path, db_url: str, *extra: str) -> int:
    command = [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites_file), "--db", db_url,
               "--progress", "0", *FAST, *extra]
    return subprocess.call(command)


def show_articles(db_url: str) -> int:
    db = open_database(db_url)
    try:
        rows = list(records(ArticleRepository(db)))
    finally:
        db.dispose()
    print(f"\n{len(rows)} stories stored:")
    for row in rows:
        published = row["published_at"] or "no date"
        title = textwrap.shorten(row["title"], 70, placeholder="…")
        seen = f"  [{len(row['urls'])} URLs]" if len(row["urls"]) > 1 else ""
        print(f"  {row['id']:>3}  {row['site']:<18} {published[:16]:<16}  {title}{seen}")
    return len(rows)


def run_demo(data_dir: Path) -> int:
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    db_url = f"sqlite:///{data_dir / 'demo.sqlite'}"
    with ReplicaServer() as replica:
        sites_file = data_dir / "sites.toml"
        sites_file.write_text(replica.sites_toml(), encoding="utf-8")
        print("Replica portals on loopback:")
        for line in replica.sites_toml().splitlines():
            if line.startswith("start_urls"):
                print("  " + line.split("=", 1)[1].strip())
        print("\n== crawl 1: every article is new ==", flush=True)
        code = crawl_subprocess(sites_file, db_url)
        if code != 0:
            return code
        show_articles(db_url)
        print("\n== crawl 2: nothing changed on the portals, so nothing new ==", flush=True)
        code = crawl_subprocess(sites_file, db_url)
        if code != 0:
            return code
    print(f"\nDatabase: {db_url}\nTry: crawler export --db {db_url} | head -n 1")
    return 0
