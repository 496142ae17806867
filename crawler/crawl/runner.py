"""Run crawls in this process: one Scrapy crawler per site, one reactor, once.

The reactor cannot be restarted, so a process runs `run_crawl` at most once; the
scheduler runs each cycle in a fresh subprocess.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from crawler.crawl.registry import Site
from crawler.crawl.runs import record_portals
from crawler.crawl.spiderloader import spider_class
from crawler.crawl.summary import SiteSummary


def crawl_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.crawl.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(sites: Sequence[Site], *, sites_file: str | Path, db_url: str,
              overrides: Mapping[str, Any] | None = None) -> list[SiteSummary]:
    settings = crawl_settings(
        {"SITES_FILE": str(sites_file), "DATABASE_URL": db_url, "PRINT_SITE_SUMMARY": False, **(overrides or {})}
    )
    record_portals(db_url, sites)
    process = CrawlerProcess(settings)
    crawlers: list[tuple[Site, Crawler]] = []
    for site in sites:
        crawler = process.create_crawler(spider_class(site))
        crawlers.append((site, crawler))
        process.crawl(crawler)
    process.start()
    summaries = []
    for site, crawler in crawlers:
        summary = getattr(crawler, "site_summary", None)
        if summary is not None and crawler.stats and crawler.stats.get_value("health/alert"):
            # The run recorder compares with the site's history after the summary was taken.
            summary = dataclasses.replace(summary, health_alert=crawler.stats.get_value("health/alert"))
        if summary is None:
            stats = crawler.stats.get_stats() if crawler.stats else {}
            summary = SiteSummary.from_stats(site.id, {**stats, "finish_reason": stats.get("finish_reason", "failed")})
        summaries.append(summary)
    return summaries
