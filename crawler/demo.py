"""`crawler demo`: the bundled replica portals, crawled into SQLite, shown, then exit.

Each crawl runs in a subprocess (`python -m crawler crawl`), exactly as a user or the
scheduler would run it, while this process serves the replica portals.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from crawler.dates import TZ
from crawler.export import records
from crawler.replica import ReplicaServer
from storage import ArticleRepository, open_database

# The replica answers at once; politeness delays would only make the demo slow.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def crawl_subprocess(sites_file: Path, db_url: str, *extra: str) -> int:
    command = [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites_file), "--db", db_url,
               "--progress", "0", *FAST, *extra]
    return subprocess.call(command)


def show_articles(db_url: str, *, since: datetime | None = None) -> int:
    """Print stored stories; with ``since``, only those new or changed after it, flagged."""
    db = open_database(db_url)
    try:
        rows = list(records(ArticleRepository(db)))
    finally:
        db.dispose()
    if since is not None:
        since = since.replace(microsecond=0)  # exported timestamps keep whole seconds
        rows = [r for r in rows if datetime.fromisoformat(r["updated_at"]) >= since]
        print(f"\n{len(rows)} flagged since the last crawl:")
    else:
        print(f"\n{len(rows)} stories stored:")
    for row in rows:
        flag = ""
        if since is not None:
            flag = "NEW      " if datetime.fromisoformat(row["first_seen_at"]) >= since else "CHANGED  "
        published = row["published_at"] or "no date"
        title = textwrap.shorten(row["title"], 64, placeholder="…")
        seen = f"  [{len(row['urls'])} URLs]" if len(row["urls"]) > 1 else ""
        print(f"  {flag}{row['id']:>3}  {row['site']:<17} {published[:16]:<16}  {title}{seen}")
    return len(rows)


def change_portals(replica: ReplicaServer) -> None:
    """What a portal does between two visits: publish a story, correct another."""
    state = replica.replica
    template = state.posts("nukeviet")[0]
    post = dataclasses.replace(
        template,
        id=state.next_id("nukeviet"),
        title="Công an tỉnh ra quân bảo đảm trật tự an toàn giao thông dịp cuối năm",
        published=datetime.now(TZ).replace(second=0, microsecond=0),
        lead="Lực lượng Cảnh sát giao thông tăng cường tuần tra, kiểm soát trên các tuyến trọng điểm.",
        blocks=(
            "Theo kế hoạch, các tổ công tác làm việc theo ca, tập trung xử lý vi phạm nồng độ cồn, tốc độ.",
            "Người dân có thể phản ánh vi phạm qua đường dây nóng của Phòng Cảnh sát giao thông.",
        ),
        story=None,
        updated=None,
    )
    state.publish(post)
    edited = state.posts("langson")[0]
    state.edit("langson", edited.id, blocks=(*edited.blocks, "Cập nhật: vụ việc đang được tiếp tục điều tra."))
    print(f"\nThe replica publishes \"{post.title}\" and corrects \"{edited.title}\".")


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

        change_portals(replica)
        print("\n== crawl 2: one story published, one corrected ==", flush=True)
        since = datetime.now(UTC)
        code = crawl_subprocess(sites_file, db_url)
        if code != 0:
            return code
        show_articles(db_url, since=since)

        print("\n== crawl 3: nothing changed on the portals, so nothing new ==", flush=True)
        code = crawl_subprocess(sites_file, db_url)
        if code != 0:
            return code
    print(f"\nDatabase: {db_url}\nTry: crawler export --db {db_url} | head -n 1")
    return 0
