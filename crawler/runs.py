"""Record every crawl of a site as a row of `crawl_runs`, with the feed validators it learned."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.spiders import Spider

from crawler.summary import SiteSummary
from storage import CrawlRun, FeedValidators, RunRepository, open_database, resolve_db_url


def run_row(summary: SiteSummary, started_at: datetime, finished_at: datetime) -> CrawlRun:
    return CrawlRun(
        site_id=summary.site_id,
        started_at=started_at,
        finished_at=finished_at,
        outcome=summary.finish_reason or "finished",
        mode=summary.mode,
        requests=summary.requests,
        bytes=summary.bytes,
        pages=summary.pages,
        new=summary.new,
        updated=summary.updated,
        unchanged=summary.known,
        duplicates=summary.duplicates,
        removed=summary.removed,
        non_articles=summary.non_articles,
        errors=summary.errors,
        article_pages=summary.article_pages,
        healthy_pages=summary.healthy_pages,
        with_date=summary.with_date,
        with_author=summary.with_author,
        long_body=summary.long_body,
    )


# A share that falls this far below the site's recent average means the portal's template
# changed under the extractor; runs with fewer article pages than MIN_PAGES say too little.
DROP = 0.3
MIN_PAGES = 3
HISTORY_RUNS = 10
HEALTH_FIELDS = (("with_date", "date"), ("with_author", "author"), ("long_body", "body over 300 characters"))


def health_drop(run: CrawlRun, history: list[CrawlRun]) -> str | None:
    """A readable alert when this run's extraction health fell sharply against the site's history."""
    past = [r for r in history if r.article_pages >= MIN_PAGES]
    if run.article_pages < MIN_PAGES or not past:
        return None
    drops = []
    for field, label in HEALTH_FIELDS:
        before = sum(getattr(r, field) / r.article_pages for r in past) / len(past)
        now = getattr(run, field) / run.article_pages
        if before - now >= DROP:
            drops.append(f"{label} {before:.0%} -> {now:.0%}")
    if not drops:
        return None
    return "extraction health dropped (template change?): " + ", ".join(drops)


class RunRecorder:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_url = resolve_db_url(crawler.settings.get("DATABASE_URL"))
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorder:
        return cls(crawler)

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        stats = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        finished = datetime.now(UTC)
        started = stats.get("start_time")
        if not isinstance(started, datetime):
            started = finished
        elif started.tzinfo is None:
            started = started.replace(tzinfo=UTC)
        row = run_row(SiteSummary.from_stats(spider.name, stats), started, finished)
        feeds = list(getattr(spider, "feed_updates", []))
        await asyncio.to_thread(self._write, row, feeds, spider.name, finished)
        if row.health_alert:
            self.crawler.stats.set_value("health/alert", row.health_alert)
            spider.logger.warning("%s: %s", spider.name, row.health_alert)

    def _write(self, row: CrawlRun, feeds: list[FeedValidators], site_id: str, at: datetime) -> None:
        db = open_database(self.db_url)
        try:
            runs = RunRepository(db)
            row.health_alert = health_drop(row, runs.recent(site_id=site_id, limit=HISTORY_RUNS))
            runs.record(row)
            for feed in feeds:
                runs.save_feed(site_id, feed, at)
        finally:
            db.dispose()
