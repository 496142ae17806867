"""Record every crawl of a site as a row of `crawl_runs`, with the feed validators it learned and the
portal itself (table `sites`: its name, start URLs and the profile that read it)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.spiders import Spider

from crawler.crawl.outage import Outage, StoreUnavailable
from crawler.crawl.registry import Site
from crawler.crawl.summary import SiteSummary
from storage import CrawlRun, FeedValidators, RunRepository, open_database, resolve_db_url
from storage.portals import PortalRecord, PortalRepository
from storage.spool import Spool, spool_dir


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


# Enough to name what went wrong in one readable line; the rest is counted, not listed.
FAILED_URLS_SHOWN = 5


def failure_summary(stats: Mapping[str, Any], failures: Iterable[tuple[str, str]]) -> str | None:
    """One line for the run record: what failed for good (reason, count, first URLs), then what was retried.

    Scrapy's stats count failures by kind; the spider's errback adds which URLs. Requests
    refused before any download (robots.txt, off-site, traps) are counted too, so a section
    missing from the capture is explained by the run record.
    """
    by_reason: dict[str, list[str]] = {}
    for url, reason in failures:
        by_reason.setdefault(reason, []).append(url)
    parts = []
    for reason, urls in sorted(by_reason.items(), key=lambda item: -len(item[1])):
        shown = ", ".join(urls[:FAILED_URLS_SHOWN]) + (f" (+{len(urls) - FAILED_URLS_SHOWN} more)"
                                                         if len(urls) > FAILED_URLS_SHOWN else "")
        parts.append(f"{reason} x{len(urls)}: {shown}")
    failed = "failed: " + "; ".join(parts) if parts else ""

    def counted(prefix: str) -> str:
        items = sorted((k[len(prefix):], int(v)) for k, v in stats.items() if k.startswith(prefix) and v)
        return ", ".join(f"{_status_named(name.rsplit('.', 1)[-1])} x{n}" for name, n in items)

    outage = int(stats.get("store/outage_seconds") or 0)
    spooled = int(stats.get("store/spooled") or 0)
    extra = [
        ("database unavailable", f"{outage} s" + (f", {spooled} stories kept in the spool" if spooled else "")
         if outage else ""),
        ("retried", counted("retry/reason_count/")),
        ("refused links", counted("links/refused/")),
        ("robots.txt forbade", str(stats.get("robotstxt/forbidden") or "")),
        ("off-site refused", str(int(stats.get("offsite/filtered") or 0) + int(stats.get("offsite/refused") or 0)
                                 + int(stats.get("offsite/redirect_refused") or 0) or "")),
    ]
    text = "; ".join(x for x in [failed, *(f"{label}: {value}" for label, value in extra if value)] if x)
    return text or None


def _status_named(reason: str) -> str:
    """Scrapy names a status Twisted does not know "Unknown Status" (429 among them); Python knows it."""
    code, _, phrase = reason.partition(" ")
    if phrase != "Unknown Status" or not code.isdigit():
        return reason
    try:
        return f"{code} {HTTPStatus(int(code)).phrase}"
    except ValueError:
        return reason


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


def stats_row(site_id: str, stats: Mapping[str, Any], started: datetime, finished: datetime,
              failures: Iterable[tuple[str, str]]) -> CrawlRun:
    """The run row of a crawl from its Scrapy stats (one process's, or a distributed cycle's summed ones)."""
    row = run_row(SiteSummary.from_stats(site_id, stats), started, finished)
    row.failures = failure_summary(stats, failures)
    return row


def record_run(db_url: str, row: CrawlRun, feeds: Iterable[FeedValidators], at: datetime,
               portal: PortalRecord | None = None) -> CrawlRun:
    """Store a run row (with its health alert against the site's history), the feed validators it learned
    and the portal as the crawl knew it (name, start URLs, the profile that read it)."""
    db = open_database(db_url)
    try:
        runs = RunRepository(db)
        row.health_alert = health_drop(row, runs.recent(site_id=row.site_id, limit=HISTORY_RUNS))
        runs.record(row)
        for feed in feeds:
            runs.save_feed(row.site_id, feed, at)
        if portal is not None:
            PortalRepository(db).save([portal], at)
    finally:
        db.dispose()
    return row


def portal_record(site: Site, family: str | None = None) -> PortalRecord:
    return PortalRecord(site.id, site.name, site.start_urls, site.profile, family)


def record_portals(db_url: str, sites: Iterable[Site]) -> None:
    """Write the registry's portals into the store before a crawl: every reader names them from there.
    Never stops the crawl: a store that cannot be written now fails the crawl's own writes, which say why."""
    try:
        db = open_database(db_url)
        try:
            PortalRepository(db).save([portal_record(s) for s in sites], datetime.now(UTC))
        finally:
            db.dispose()
    except Exception as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"warning: portals not recorded: {reason}", file=sys.stderr)


class RunRecorder:
    """Writes one `crawl_runs` row per spider when it closes (single-process crawls).

    Distributed crawls record one row per site per cycle instead (crawler.crawl.distributed): the
    feeder and the workers do not run this extension.
    """

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
        row = stats_row(spider.name, stats, started, finished, getattr(spider, "failures", []))
        feeds = list(getattr(spider, "feed_updates", []))
        site = getattr(spider, "site", None)
        profile = getattr(spider, "profile", None)
        portal = portal_record(site, getattr(profile, "name", None)) if isinstance(site, Site) else None
        try:
            await Outage.of(self.crawler).call(record_run, self.db_url, row, feeds, finished, portal)
        except StoreUnavailable as exc:
            self.crawler.stats.set_value("store/run_not_recorded", 1)
            settings = self.crawler.settings
            try:
                await asyncio.to_thread(Spool(spool_dir(self.db_url, settings.get("STORE_SPOOL_DIR"))).put_run, row)
                kept = "kept in the spool for the next crawl"
            except OSError as spool_exc:
                kept = f"and could not be kept ({spool_exc.strerror})"
            spider.logger.error("%s: the run record was not written (%s); %s", spider.name, exc, kept)
            return
        if row.health_alert:
            self.crawler.stats.set_value("health/alert", row.health_alert)
            spider.logger.warning("%s: %s", spider.name, row.health_alert)
