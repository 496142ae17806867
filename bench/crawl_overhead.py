"""Pages per second of one `crawler crawl` process against a bare Scrapy spider fetching the same URLs.

    python bench/crawl_overhead.py [--extra 300] [--rounds 5] [--delay 0] [--per-domain 8]

The three replica portals are served in this process, grown by EXTRA generated articles each
(built from each portal's own first post, as bench/recrawl_requests.py does) so that a crawl lasts
long enough to time. Each round:
  1. `python -m crawler crawl --full` into a fresh SQLite file, DOWNLOAD_DELAY=0, AutoThrottle off,
     CONCURRENT_REQUESTS_PER_DOMAIN=8, ROBOTSTXT_OBEY=False (extraction, dedupe, storage: everything);
  2. the exact URLs the replica answered during that crawl (its request_log, duplicates kept) are
     fetched by a bare scrapy.Spider whose callback does nothing, same settings, in a subprocess.
Rounds alternate the two; figures are medians. Two clocks: wall (the whole process, interpreter
start-up and database opening included) and crawl (Scrapy's start_time..finish_time for the bare
spider; first started_at..last finished_at of the crawl_runs rows for the crawler).
ratio = crawler pages/s / bare pages/s (target >= 0.8).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "ROBOTSTXT_OBEY": "False",
}


def bare(url_file: str) -> int:
    """The baseline: fetch every URL in the file, do nothing with the response."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    urls = json.loads(Path(url_file).read_text())

    class Bare(scrapy.Spider):
        name = "bare"
        custom_settings = {"HTTPERROR_ALLOW_ALL": True}  # noqa: RUF012

        async def start(self):  # type: ignore[override]
            for url in urls:
                yield scrapy.Request(url, callback=self.parse, dont_filter=True)

        def parse(self, response):  # type: ignore[override]
            return None

    from crawler.crawl import settings as project

    process = CrawlerProcess({
        "USER_AGENT": project.USER_AGENT, "TWISTED_REACTOR": project.TWISTED_REACTOR,
        "CONCURRENT_REQUESTS": project.CONCURRENT_REQUESTS, "CONCURRENT_ITEMS": project.CONCURRENT_ITEMS,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False, "DOWNLOAD_TIMEOUT": project.DOWNLOAD_TIMEOUT, "LOG_LEVEL": "WARNING",
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7", "RETRY_ENABLED": False, **SETTINGS,
    })
    crawler = process.create_crawler(Bare)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({
        "responses": stats.get("response_received_count", 0),
        "seconds": (stats["finish_time"] - stats["start_time"]).total_seconds(),
    }))
    return 0


def grow(server, extra: int) -> None:
    from crawler.core.dates import TZ

    state = server.replica
    base = datetime.now(TZ).replace(microsecond=0) - timedelta(days=30)
    for portal in ("nukeviet", "langson", "modern"):
        template = state.posts(portal)[0]
        for i in range(extra):
            words = f"bài {i} trên cổng {portal}"
            body = (
                f"Nội dung ({words}): lực lượng Công an đã triển khai các biện pháp bảo đảm an ninh trật tự, "
                "tăng cường tuần tra kiểm soát, nắm chắc tình hình địa bàn và xử lý kịp thời các vụ việc phát sinh.",
                f"Kết quả ({words}): nhiều vụ việc được phát hiện, ngăn chặn từ sớm, góp phần giữ vững ổn định "
                "tình hình an ninh, trật tự, tạo môi trường an toàn cho người dân.",
            )
            state.publish(dataclasses.replace(
                template, id=state.next_id(portal), title=f"Tin {words} về bảo đảm an ninh trật tự",
                published=base + timedelta(minutes=37 * i), lead=None, blocks=body, story=None,
                updated=None, quirks=frozenset(),
            ))


def real_crawl(sites: Path, db: Path, extra: list[str]) -> tuple[float, float, int]:
    from sqlalchemy import func, select

    from storage import RunRepository, open_database  # noqa: F401
    from storage.models import CrawlRun

    sets = [arg for k, v in SETTINGS.items() for arg in ("-s", f"{k}={v}")]
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites), "--db", f"sqlite:///{db}",
         "--progress", "0", "--full", *sets, *extra],
        cwd=ROOT, capture_output=True, text=True,
    )
    wall = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"crawl failed: {result.stderr[-2000:]}")
    database = open_database(f"sqlite:///{db}")
    try:
        with database.sessions() as session:
            first, last, articles = session.execute(
                select(func.min(CrawlRun.started_at), func.max(CrawlRun.finished_at), func.sum(CrawlRun.new))
            ).one()
    finally:
        database.dispose()
    return wall, (last - first).total_seconds(), int(articles or 0)


def bare_crawl(url_file: Path) -> tuple[float, float, int]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--bare", str(url_file), "--delay", SETTINGS["DOWNLOAD_DELAY"],
         "--per-domain", SETTINGS["CONCURRENT_REQUESTS_PER_DOMAIN"]],
        cwd=ROOT, capture_output=True, text=True,
    )
    wall = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"bare crawl failed: {result.stderr[-2000:]}")
    out = json.loads(result.stdout.strip().splitlines()[-1])
    return wall, out["seconds"], out["responses"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--extra", type=int, default=300, help="generated articles added to each portal (default 300)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra Scrapy setting for the crawler only (to try a tuning)")
    parser.add_argument("--delay", type=float, default=0.0,
                        help="DOWNLOAD_DELAY for both spiders (default 0: unthrottled, the crawler's worst case)")
    parser.add_argument("--per-domain", type=int, default=8, help="CONCURRENT_REQUESTS_PER_DOMAIN for both (default 8)")
    parser.add_argument("--bare", help=argparse.SUPPRESS)
    args = parser.parse_args()
    SETTINGS["DOWNLOAD_DELAY"] = str(args.delay)
    SETTINGS["CONCURRENT_REQUESTS_PER_DOMAIN"] = str(args.per_domain)
    if args.bare:
        return bare(args.bare)

    from replica import ReplicaServer

    real_wall, real_crawl_s, bare_wall, bare_crawl_s = [], [], [], []
    pages = articles = 0
    with ReplicaServer() as server, tempfile.TemporaryDirectory(prefix="bench-overhead-") as tmp:
        grow(server, args.extra)
        sites = Path(tmp) / "sites.toml"
        sites.write_text(server.sites_toml(), encoding="utf-8")
        for r in range(args.rounds):
            server.reset_log()
            w, c, articles = real_crawl(sites, Path(tmp) / f"round{r}.sqlite",
                                        [a for kv in args.set for a in ("-s", kv)])
            log = list(server.request_log)
            pages = len(log)
            urls = [server.base_url(portal) + path for portal, path, _status in log]
            url_file = Path(tmp) / "urls.json"
            url_file.write_text(json.dumps(urls))
            real_wall.append(pages / w)
            real_crawl_s.append(pages / c)
            server.reset_log()
            bw, bc, responses = bare_crawl(url_file)
            if len(server.request_log) != pages or responses != pages:
                raise SystemExit(f"bare spider fetched {len(server.request_log)} pages, crawler {pages}")
            bare_wall.append(pages / bw)
            bare_crawl_s.append(pages / bc)
            print(f"  round {r + 1}: crawler {pages / w:.0f} pages/s wall, {pages / c:.0f} crawl; "
                  f"bare {pages / bw:.0f} wall, {pages / bc:.0f} crawl", file=sys.stderr, flush=True)

    def med(values: list[float]) -> float:
        return statistics.median(values)

    print(f"crawl overhead: 3 replica portals + {args.extra} generated articles each = {pages} pages per crawl "
          f"({articles} articles stored), {args.rounds} rounds, medians")
    print("settings: " + " ".join(f"{k}={v}" for k, v in SETTINGS.items()) + " CONCURRENT_REQUESTS=32"
          + "".join(f"; crawler only: {kv}" for kv in args.set))
    print(f"{'clock':<7}{'crawler crawl --full':>22}{'bare scrapy.Spider':>20}{'ratio':>8}")
    for name, real, base in (("crawl", real_crawl_s, bare_crawl_s), ("wall", real_wall, bare_wall)):
        print(f"{name:<7}{med(real):>16.0f} pg/s{med(base):>14.0f} pg/s{med(real) / med(base):>8.2f}")
    print("crawl = Scrapy start..finish (crawler: crawl_runs started_at..finished_at); "
          "wall = whole process incl. start-up")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
