"""`crawler demo`: the bundled replica portals, crawled into SQLite, shown, then exit.

Each crawl runs in a subprocess (`python -m crawler crawl`), exactly as a user or the
scheduler would run it, while this process serves the replica portals. The replica, the
storage and the export are imported when the demo runs: every other command registers
this one too, and should not pay for them.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.core.dates import TZ

if TYPE_CHECKING:
    from replica import ReplicaServer


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("demo", help="serve the bundled replica portals, crawl them into SQLite, show the result")
    p.add_argument("--data", default="data/demo", help="directory for the demo database (default: %(default)s)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return run_demo(Path(args.data))


# The replica answers at once; politeness delays would only make the demo slow.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def crawl_subprocess(sites_file: Path, db_url: str, *extra: str) -> int:
    command = [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites_file), "--db", db_url,
               "--progress", "0", *FAST, *extra]
    return subprocess.call(command)


def show_articles(db_url: str) -> int:
    """Print every stored story, one line each."""
    from crawler.review.export import records
    from storage import ArticleRepository, open_database

    db = open_database(db_url)
    try:
        rows = list(records(ArticleRepository(db)))
    finally:
        db.dispose()
    print(f"\n{len(rows)} stories stored:")
    for row in rows:
        published = row["published_at"] or "no date"
        title = textwrap.shorten(row["title"], 64, placeholder="…")
        seen = f"  [{len(row['urls'])} URLs]" if len(row["urls"]) > 1 else ""
        print(f"  {row['id']:>3}  {row['site']:<17} {published[:16]:<16}  {title}{seen}")
    return len(rows)


def crawler_command(*args: str) -> int:
    print(f"\n$ crawler {' '.join(args)}", flush=True)
    return subprocess.call([sys.executable, "-m", "crawler", *args])


def publish_two(replica: ReplicaServer) -> None:
    """What portals do between two visits: publish stories."""
    state = replica.replica
    for portal, title, blocks in (
        ("nukeviet", "Công an tỉnh ra quân bảo đảm trật tự an toàn giao thông dịp cuối năm", (
            "Theo kế hoạch, các tổ công tác của Phòng Cảnh sát giao thông làm việc theo ca, tập trung xử lý các "
            "hành vi vi phạm nồng độ cồn, chạy quá tốc độ, chở quá số người quy định trên các tuyến trọng điểm.",
            "Người dân có thể phản ánh vi phạm qua đường dây nóng của Phòng Cảnh sát giao thông; mọi phản ánh "
            "đều được tiếp nhận, xác minh và trả lời trong thời gian sớm nhất.",
        )),
        ("langson", "Tăng cường kiểm soát người, phương tiện qua lại các cửa khẩu dịp cuối năm", (
            "Công an tỉnh phối hợp với Bộ đội Biên phòng tăng cường kiểm tra, kiểm soát người và phương tiện xuất "
            "nhập cảnh, kịp thời phát hiện các hành vi vận chuyển hàng cấm, hàng không rõ nguồn gốc.",
            "Các tổ công tác trực 24/24 giờ tại cửa khẩu, bảo đảm thông quan thuận lợi cho người dân và doanh "
            "nghiệp trong dịp cao điểm cuối năm.",
        )),
    ):
        template = state.posts(portal)[0]
        post = dataclasses.replace(
            template, id=state.next_id(portal), title=title, lead=None, blocks=blocks, story=None, updated=None,
            quirks=frozenset(), published=datetime.now(TZ).replace(second=0, microsecond=0),
        )
        state.publish(post)
        print(f"  {portal}: publishes \"{title}\"")


def correct_one(replica: ReplicaServer) -> str:
    state = replica.replica
    edited = state.posts("langson")[1]
    state.edit("langson", edited.id, blocks=(*edited.blocks, "Cập nhật: vụ việc đang được tiếp tục điều tra, mở rộng."))
    print(f"  langson: corrects \"{edited.title}\"")
    return edited.title


def edited_id(db_url: str, title: str) -> int | None:
    from storage import ArticleRepository, open_database

    db = open_database(db_url)
    try:
        return next((a.id for a in ArticleRepository(db).flagged() if a.title == title), None)
    finally:
        db.dispose()


def run_demo(data_dir: Path) -> int:
    from replica import ReplicaServer

    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    db_url = f"sqlite:///{data_dir / 'demo.sqlite'}"
    db = ["--db", db_url]
    with ReplicaServer() as replica:
        sites_file = data_dir / "sites.toml"
        sites_file.write_text(replica.sites_toml(), encoding="utf-8")
        print("Replica portals on loopback:")
        for line in replica.sites_toml().splitlines():
            if line.startswith("start_urls"):
                print("  " + line.split("=", 1)[1].strip())
        print("\n== cycle 1: the first crawl reads every listing, feed and article ==", flush=True)
        if crawl_subprocess(sites_file, db_url):
            return 1
        show_articles(db_url)
        print("\n== where and what: Vĩnh Phúc was merged into Phú Thọ on 1 July 2025, its districts abolished ==",
              flush=True)
        crawler_command("new", "--province", "Vĩnh Phúc", "--type", "drugs", *db)
        crawler_command("tags", *db)
        crawler_command("review", "--all", *db)

        print("\n== between two cycles, the portals change ==")
        publish_two(replica)
        title = correct_one(replica)
        print("\n== cycle 2: a re-crawl reads the feed or the first listing page, and only unseen articles ==",
              flush=True)
        if crawl_subprocess(sites_file, db_url):
            return 1
        print("\n== cycle 3: the audit pass (--revisit) re-reads known articles and finds the correction ==",
              flush=True)
        if crawl_subprocess(sites_file, db_url, "--revisit"):
            return 1
        crawler_command("new", *db)
        article_id = edited_id(db_url, title)
        if article_id is not None:
            crawler_command("show", str(article_id), *db)

        print("\n== cycle 4: nothing changed on the portals, so nothing new ==", flush=True)
        if crawl_subprocess(sites_file, db_url):
            return 1
    print(f"\nDatabase: {db_url}\nTry: crawler new --db {db_url} ; crawler runs --db {db_url}\n"
          f"     crawler search 'phong chay' --db {db_url}\n"
          f"     crawler web --db {db_url} --no-auth  (then http://127.0.0.1:8080/)")
    return 0
