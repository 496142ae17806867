"""Dedupe within a run: the same canonical URL reached twice is stored once.

Stories repeated across URLs and portals are resolved by the store, whose unique
constraints make that true across runs and concurrent crawls; this step only saves
the store work it would discard.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.crawl.items import ArticleItem


class DedupePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        # One run's URLs only: bounded by the run's page limit, not by the store's size.
        self.urls: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        if item.url in self.urls:
            self.crawler.stats.inc_value("articles/same_url_twice")
            raise DropItem(f"already processed in this run: {item.url}")
        self.urls.add(item.url)
        return item
