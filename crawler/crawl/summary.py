"""The per-site summary every crawl ends with, readable at a glance."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.spiders import Spider

from storage.runs import SUCCESS

# The outcome of a crawl that ended normally without one usable answer: every request was refused,
# timed out or answered an error status, even after its retries. It is a failed run like any other
# (alerts, the polling circuit breaker), though Scrapy calls it "finished".
NO_ANSWER = "all_requests_failed"
# Error log records about this crawl's spider. Scrapy's own log_count/ERROR counts every error
# record of the process in every crawler's stats, so with several sites in one process each
# site's row showed the sum.
SITE_ERRORS = "log_count/site_ERROR"


@dataclass(frozen=True, slots=True)
class SiteSummary:
    site_id: str
    pages: int
    new: int
    known: int
    duplicates: int
    updated: int
    non_articles: int
    skipped: int
    errors: int
    seconds: float
    finish_reason: str
    removed: int = 0
    mode: str = "full"
    requests: int = 0
    bytes: int = 0
    article_pages: int = 0
    healthy_pages: int = 0
    with_date: int = 0
    with_author: int = 0
    long_body: int = 0
    health_alert: str | None = None

    @property
    def failed(self) -> bool:
        """The crawl did not finish, or every request it made failed (as crawl_runs and alerts judge a run)."""
        return self.finish_reason not in SUCCESS or (self.requests > 0 and self.errors >= self.requests)

    @property
    def health(self) -> str:
        """Shares of article pages with a date, an author, a body over 300 characters."""
        if not self.article_pages:
            return "-"
        shares = (self.with_date, self.with_author, self.long_body)
        return "/".join(str(round(100 * n / self.article_pages)) for n in shares)

    @classmethod
    def from_stats(cls, site_id: str, stats: Mapping[str, Any]) -> SiteSummary:
        def n(key: str) -> int:
            return int(stats.get(key, 0) or 0)

        errors = n(SITE_ERRORS) + n("retry/max_reached") + n("httperror/response_ignored_count")
        finish_reason = str(stats.get("finish_reason", ""))
        if finish_reason == "finished" and n("downloader/request_count") and not answered(stats):
            finish_reason = NO_ANSWER
        start = stats.get("start_time")
        finish = stats.get("finish_time") or datetime.now(UTC)
        seconds = (finish - start).total_seconds() if isinstance(start, datetime) else 0.0
        return cls(
            site_id=site_id,
            pages=n("downloader/response_count"),
            new=n("articles/new"),
            known=n("articles/known"),
            duplicates=n("articles/duplicate"),
            updated=n("articles/updated"),
            non_articles=n("pages/non_article"),
            skipped=n("articles/skipped_empty"),
            errors=errors,
            seconds=seconds,
            finish_reason=finish_reason,
            removed=n("articles/removed"),
            mode=str(stats.get("crawl/mode", "full")),
            requests=n("downloader/request_count"),
            bytes=n("downloader/response_bytes"),
            article_pages=n("extract/article_pages"),
            healthy_pages=n("extract/healthy_pages"),
            with_date=n("extract/with_date"),
            with_author=n("extract/with_author"),
            long_body=n("extract/long_body"),
            health_alert=stats.get("health/alert") or None,
        )


def answered(stats: Mapping[str, Any]) -> int:
    """Responses with a usable status (2xx, or 3xx: a redirect or 304 Not Modified), robots.txt not counted."""

    def usable(prefix: str) -> int:
        return sum(int(value or 0) for key, value in stats.items()
                   if key.startswith(prefix) and key[len(prefix):].isdigit() and int(key[len(prefix):]) < 400)

    return usable("downloader/response_status_count/") - usable("robotstxt/response_status_count/")


HEADERS = ("site", "mode", "pages", "new", "known", "dup", "updated", "removed", "non-article", "skipped", "errors",
           "date/author/body%", "time")


def render_table(rows: Iterable[SiteSummary]) -> str:
    rows = list(rows)
    table = [HEADERS] + [
        (
            r.site_id,
            r.mode,
            str(r.pages),
            str(r.new),
            str(r.known),
            str(r.duplicates),
            str(r.updated),
            str(r.removed),
            str(r.non_articles),
            str(r.skipped),
            str(r.errors) + ("" if r.finish_reason in ("finished", "") else f" ({r.finish_reason})"),
            r.health,
            f"{r.seconds:.1f}s",
        )
        for r in rows
    ]
    if len(rows) > 1:
        total = lambda attr: str(sum(getattr(r, attr) for r in rows))  # noqa: E731
        table.append(
            ("total", "-", total("pages"), total("new"), total("known"), total("duplicates"), total("updated"),
             total("removed"), total("non_articles"), total("skipped"), total("errors"), "-",
             f"{max(r.seconds for r in rows):.1f}s")
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADERS))]
    lines = []
    for index, row in enumerate(table):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(widths[i]) for i, cell in enumerate(row) if i]
        lines.append("  ".join(cells))
        if index == 0 or (len(rows) > 1 and index == len(table) - 2):
            lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        if r.health_alert:
            lines.append(f"! {r.site_id}: {r.health_alert}")
    return "\n".join(lines)


class ProgressExtension:
    """A line per site every PROGRESS_INTERVAL seconds, so a long crawl shows it is alive."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.task: Any = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        from scrapy.exceptions import NotConfigured

        interval = crawler.settings.getfloat("PROGRESS_INTERVAL", 0)
        if interval <= 0:
            raise NotConfigured
        return cls(crawler, interval)

    def spider_opened(self, spider: Spider) -> None:
        from twisted.internet import task

        self.task = task.LoopingCall(self.report, spider)
        self.task.start(self.interval, now=False)

    def report(self, spider: Spider) -> None:
        assert self.crawler.stats is not None
        s = SiteSummary.from_stats(spider.name, self.crawler.stats.get_stats())
        print(f"  {s.site_id}: {s.pages} pages, {s.new} new, {s.known} known, {s.duplicates} dup, "
              f"{s.errors} errors, {s.seconds:.0f}s", file=sys.stderr, flush=True)

    def spider_closed(self, spider: Spider) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()


class _SiteErrorCounter(logging.Handler):
    """Counts the error records that name this crawler's spider (Scrapy passes it as `extra`)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(logging.ERROR)
        self.crawler = crawler

    def emit(self, record: logging.LogRecord) -> None:
        spider = getattr(record, "spider", None)
        if spider is not None and spider is self.crawler.spider and self.crawler.stats is not None:
            self.crawler.stats.inc_value(SITE_ERRORS)


class SiteSummaryExtension:
    """Keeps each crawl's summary on its crawler and, under `scrapy crawl`, prints it."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.errors = _SiteErrorCounter(crawler)
        logging.getLogger().addHandler(self.errors)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteSummaryExtension:
        return cls(crawler)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        logging.getLogger().removeHandler(self.errors)
        assert self.crawler.stats is not None
        stats = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        summary = SiteSummary.from_stats(spider.name, stats)
        self.crawler.site_summary = summary  # type: ignore[attr-defined]
        if self.crawler.settings.getbool("PRINT_SITE_SUMMARY", True):
            print("\n" + render_table([summary]), file=sys.stderr)
