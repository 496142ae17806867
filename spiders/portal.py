"""The one spider class every portal uses; the registry entry says which portal.

Discovery: start URLs -> listing pages and their pagination, plus the RSS feeds and
sitemaps the CMS family has. Article pages are extracted by `crawler.extract`; the
spider itself knows no markup.

Modes. The first crawl of a site (nothing stored yet) is *full*: every listing, feed and
article. Later crawls are *incremental*: the site's RSS feed with a conditional request
when an earlier crawl found one with real validators, else the start listings; only
unseen article URLs are fetched and paging stops at the first page that brings none;
known articles are fetched again only when their revisit is due (crawler.crawl.revisit).
*revisit* (``crawler crawl --revisit``) is incremental plus every known article.

Memory stays flat however much is stored: nothing loads a site's whole history. Each
listing page or feed asks the database which of its links are known (one batched query),
revisits are looked up among the last week's articles only, and the audit pass reads the
known URLs a page at a time.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Iterable, Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any, ClassVar, TypeVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from crawler.core.dates import TZ
from crawler.core.urls import canonicalize, in_scope, looks_like_trap
from crawler.crawl.extraction_pool import extract_async, pool_size
from crawler.crawl.items import ArticleItem, NotArticleItem, RemovedItem
from crawler.crawl.links import next_page, page_links, url_shape
from crawler.crawl.outage import Outage, StoreUnavailable
from crawler.crawl.registry import Site
from crawler.crawl.responses import article_markup, failure_reason, feed_dates, sitemap_dates, witness
from crawler.crawl.revisit import REVISIT_WINDOW, revisit_due
from crawler.extract import Context, Profile, detect_profile, get_profile
from crawler.extract.published import listing_date
from storage import ArticleRepository, FeedValidators, RunRepository, open_database, resolve_db_url
from storage.db import Database

T = TypeVar("T")
ARTICLE_PRIORITY = 10
FEED_PRIORITY = 5
MAX_LISTING_DEPTH = 50
MAX_CONDITIONAL_SITEMAPS = 1
LONG_BODY_CHARS = 300
# Failed requests kept by URL for the run record; past this only the counts grow.
MAX_FAILURES_KEPT = 200
# Latest stored URLs whose shapes teach the spider what an article link looks like here.
SHAPE_SAMPLE = 2000
# Known URLs read per query when looking for revisits.
REVISIT_PAGE = 1000
# A date line printed outside the article on this many pages of a site is the site's chrome (a header clock).
REPEATED_PAGES = 3
# The root element of an RSS, Atom, RDF or sitemap document.
_FEED_ROOT = re.compile(r"<(?:rss|feed|urlset|sitemapindex|rdf:rdf)[\s>]")


def polite_to(settings: BaseSettings, site: Site, max_pages: int) -> None:
    """Politeness per portal, from the registry (every spider of a portal: the crawl's, the probe's);
    "-s" on the command line still wins."""
    settings.set("DOWNLOAD_DELAY", site.download_delay, priority="spider")
    settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", site.concurrency, priority="spider")
    settings.set("CLOSESPIDER_PAGECOUNT", max_pages, priority="spider")


class PortalSpider(scrapy.Spider):
    site: ClassVar[Site]

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        polite_to(settings, cls.site, cls.site.max_pages)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(self.site.allowed_domains)
        self.profile: Profile | None = None if self.site.profile == "auto" else get_profile(self.site.profile)
        self.seen_articles: set[str] = set()
        self.seen_listings: set[str] = set()
        # Whether the site has any stored article: a re-crawl, not a first crawl.
        self.has_known = False
        self.closing_for_store = False
        self.closing_task: asyncio.Future[None] | None = None
        # URL shapes of this site's latest stored articles (crawler.crawl.links.url_shape).
        self.article_shapes: set[str] = set()
        self.db: Database | None = None
        self.feeds: list[FeedValidators] = []
        # Feeds read in this run, with their validators; the run recorder stores them.
        self.feed_updates: list[FeedValidators] = []
        # (url, reason) of requests that failed for good, for the run record's failure summary.
        self.failures: list[tuple[str, str]] = []
        self.mode = "full"
        self.interrupted = False
        self.extract_processes = 0
        # Date lines printed outside the article, with the pages they were seen on (crawler.extract.published),
        # and those seen on REPEATED_PAGES pages: the site's chrome.
        self.outside_dates: dict[str, set[str]] = {}
        self.repeated_dates: set[str] = set()

    @property
    def articles(self) -> ArticleRepository:
        if self.db is None:
            self.db = open_database(resolve_db_url(self.settings.get("DATABASE_URL")))
        return ArticleRepository(self.db)

    def closed(self, reason: str) -> None:
        if self.db is not None:
            self.db.dispose()
            self.db = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.extract_processes = pool_size(crawler.settings.getint("EXTRACT_PROCESSES", -1))
        return spider

    def _load_state(self) -> None:
        articles = self.articles
        self.has_known = articles.has_known_urls(self.site.id)
        latest, others = articles.sample_urls(self.site.id, SHAPE_SAMPLE)
        runs = RunRepository(articles.db)
        self.feeds = runs.feeds(self.site.id)
        self.interrupted = runs.interrupted(self.site.id)
        self.article_shapes = {url_shape(url) for url in latest} - {url_shape(url) for url in others}

    async def start(self) -> AsyncIterator[Any]:
        self.crawler.signals.connect(self._dropped, signal=signals.request_dropped)
        try:
            await Outage.of(self.crawler).call(self._load_state)
        except StoreUnavailable as exc:
            self.store_lost(exc)
            return
        if self.settings.getbool("REVISIT_ALL"):
            self.mode = "revisit"
        elif self.has_known and not self.interrupted and not self.settings.getbool("FULL_CRAWL"):
            self.mode = "incremental"
        self.crawler.stats.set_value("crawl/mode", self.mode)
        if self.settings.getbool("DISTRIBUTED_WORKER"):
            return  # crawler.crawl.distributed: the start requests come from the feeder, through Redis
        if self.mode != "full":
            async for request in self._revisits(datetime.now(UTC)):
                yield request
        rss = [f for f in self.feeds if f.kind == "rss"]
        if self.mode != "full" and rss:
            # The site-wide feed has the shortest URL; category feeds repeat its items.
            yield self._conditional(min(rss, key=lambda f: len(f.url)), main_feed=True)
            return
        for request in self._start_listings():
            yield request
        if self.mode != "full":
            # Without a feed, a small sitemap with real validators still costs one request
            # (304 when unchanged) and covers the sections the start listings do not.
            for sitemap in [f for f in self.feeds if f.kind == "sitemap"][:MAX_CONDITIONAL_SITEMAPS]:
                yield self._conditional(sitemap, main_feed=False)

    def _conditional(self, feed: FeedValidators, *, main_feed: bool) -> scrapy.Request:
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        return scrapy.Request(
            feed.url, callback=self.parse_feed, errback=self._failed, headers=headers, priority=FEED_PRIORITY,
            dont_filter=True,
            meta={"handle_httpstatus_list": [304, 404, 410], "main_feed": main_feed},
        )

    def _start_listings(self) -> Iterator[scrapy.Request]:
        for url in self.site.start_urls:
            self.seen_listings.add(canonicalize(url))
            yield scrapy.Request(url, callback=self.parse_listing, errback=self._failed,
                                 cb_kwargs={"depth": 0, "start": True})

    async def _revisits(self, now: datetime) -> AsyncIterator[scrapy.Request]:
        """Known articles to fetch again, read from the database a page at a time.

        On a re-crawl only those whose revisit is due, and only articles younger than the last
        revisit point (plus a catch-up week) can have one; the audit pass (--revisit) takes every
        live article.
        """
        audit = self.mode == "revisit"
        since = None if audit else now - REVISIT_WINDOW
        after = 0
        outage = Outage.of(self.crawler)
        while page := await self._stored(outage.call(
            partial(self.articles.live_url_page, first_seen_since=since), self.site.id, after, REVISIT_PAGE
        ), []):
            after = page[-1].id
            for known in page:
                if audit or revisit_due(known.first_seen_at, known.last_seen_at, now):
                    yield self._revisit(known.url)

    def _revisit(self, url: str) -> scrapy.Request:
        self.seen_articles.add(url)
        self.crawler.stats.inc_value("articles/revisited")
        return scrapy.Request(
            url, callback=self.parse_article, errback=self._failed, priority=ARTICLE_PRIORITY,
            meta={"revisit": True, "handle_httpstatus_list": [404, 410]},
        )

    # -- helpers ------------------------------------------------------------------------------

    def _profile_for(self, response: TextResponse) -> Profile:
        if self.profile is None:
            self.profile = detect_profile(response.url, response.selector)
            self.logger.info("%s: detected profile %s", self.site.id, self.profile.name)
        return self.profile

    def _follow(self, url: str) -> str | None:
        """The canonical form of a link worth following, or None."""
        url = canonicalize(url)
        if not in_scope(url, self.site.allowed_domains):
            return None
        trap = looks_like_trap(url)
        if trap:
            self.crawler.stats.inc_value(f"links/refused/{trap}")
            return None
        return url

    async def _article_requests(
        self, urls: Iterable[str], dates: dict[str, str] | None = None, witness: str = "listing"
    ) -> list[scrapy.Request]:
        """Requests for those of `urls` not read in this run and, on a re-crawl, not stored before.

        ``dates`` maps a URL to the date printed beside its link (a listing) or given by its item
        (a feed): it travels with the request as a witness of the publication date."""
        unseen = [url for url in dict.fromkeys(urls) if url not in self.seen_articles]
        self.seen_articles.update(unseen)
        if self.mode != "full" and unseen:
            known = await self._stored(Outage.of(self.crawler).call(self.articles.known_among, unseen), None)
            if known is None:  # the database stayed away: the crawl is closing
                return []
            if known:
                self.crawler.stats.inc_value("articles/skipped_known", len(known))
                unseen = [url for url in unseen if url not in known]
        dates = dates or {}
        return [scrapy.Request(url, callback=self.parse_article, errback=self._failed, priority=ARTICLE_PRIORITY,
                               meta={witness: dates[url]} if url in dates else {})
                for url in unseen]

    async def _stored(self, call: Awaitable[T], lost: T) -> T:
        """A database call's result, or `lost` when the database stayed away (the crawl then closes)."""
        try:
            return await call
        except StoreUnavailable as exc:
            self.store_lost(exc)
            return lost

    def store_lost(self, exc: StoreUnavailable) -> None:
        """Close the crawl: without its database it can neither tell new links from known ones nor store."""
        if not self.closing_for_store:
            self.closing_for_store = True
            self.logger.error("%s: %s; the crawl stops (what it could not store is in the spool)", self.site.id, exc)
            assert self.crawler.engine is not None
            self.closing_task = asyncio.ensure_future(self.crawler.engine.close_spider_async(reason=exc.reason))

    def _failed(self, failure: Failure) -> None:
        """Every request's errback: note what failed for good and why, then let Scrapy handle it as usual.

        Scrapy's stats count failures by kind only; the run record should also say which pages
        were lost. Re-raising keeps Scrapy's own logging and counters (HTTP errors, download errors).
        """
        url, reason = failure_reason(failure)
        self.crawler.stats.inc_value("failures/count")
        if len(self.failures) < MAX_FAILURES_KEPT:
            self.failures.append((url, reason[:120]))
        failure.raiseException()

    def _dropped(self, request: scrapy.Request) -> None:
        """A redirect back into its own chain is a loop the scheduler drops silently: note it.

        A redirect to a page already read elsewhere (a stale alias) is dropped too, and is fine.
        """
        chain = request.meta.get("redirect_urls")
        if chain and request.url in chain and len(self.failures) < MAX_FAILURES_KEPT:
            self.crawler.stats.inc_value("failures/count")
            self.failures.append((chain[0], "redirect loop"))

    # -- callbacks ----------------------------------------------------------------------------

    async def parse_listing(self, response: Response, depth: int, start: bool = False) -> AsyncIterator[Any]:
        if _is_feed(response):
            # A feed or sitemap given as a start URL (`crawler probe` suggests one when a portal has no listing).
            async for found in self.parse_feed(response):
                yield found
            return
        if not isinstance(response, TextResponse):
            return
        profile = self._profile_for(response)
        if start and self.mode == "full":
            for feed_request in self._feed_requests(response, profile):
                yield feed_request
        links = page_links(response.selector, response.url, profile, self._follow, self.article_shapes)
        article_links = links.articles
        link_dates: dict[str, str] = {}
        for url, anchors in article_links.items():
            printed = next((d for a in anchors if (d := listing_date(a)) is not None), None)
            if printed is not None:
                link_dates[url] = printed.isoformat()
        listings, next_pages = links.listings, links.next_pages
        requests = await self._article_requests(article_links, link_dates, "listing")
        for request in requests:
            yield request
        new_articles = len(requests)
        # A page that brings no unseen article ends the chain: portals answer a page
        # number past the last with the last page again, forever. A re-crawl stops even
        # at a start page: what it links to was read on an earlier visit.
        if new_articles == 0 and (not start or self.mode != "full"):
            self.crawler.stats.inc_value("listings/exhausted")
            return
        if depth >= MAX_LISTING_DEPTH:
            self.crawler.stats.inc_value("listings/depth_limit")
            return
        if self.mode != "full":
            # New articles sit at the top of a listing. Only a page on which every article
            # is unseen can have more on the next page; then only that next page is read.
            if new_articles < len(article_links):
                return
            self.crawler.stats.inc_value("listings/overflow")
            listings = self._next_page(response.url, next_pages)
        for url in dict.fromkeys(listings):
            # Menus and pagers repeat on every listing page: a request made once is not made again
            # (Scrapy's duplicate filter would drop it, after every middleware had worked on it).
            if url in self.seen_listings:
                continue
            self.seen_listings.add(url)
            yield scrapy.Request(url, callback=self.parse_listing, errback=self._failed, cb_kwargs={"depth": depth + 1})

    @staticmethod
    def _next_page(current: str, candidates: list[str]) -> list[str]:
        following = next_page(current, candidates)
        return [following] if following else []

    def _feed_requests(self, response: TextResponse, profile: Profile) -> Iterator[scrapy.Request]:
        base = f"{urlsplit(response.url).scheme}://{urlsplit(response.url).netloc}"
        declared = response.css(
            'link[rel=alternate][type="application/rss+xml"]::attr(href), '
            'link[rel=alternate][type="application/atom+xml"]::attr(href)'
        ).getall()
        # The family's usual feed paths are guesses: a portal without them answers 404, which
        # is an answer, not an error.
        urls = {urljoin(response.url, u): False for u in declared}
        for path in profile.feed_paths:
            urls.setdefault(urljoin(base, path), True)
        for url, guessed in urls.items():
            if in_scope(url, self.site.allowed_domains):
                meta = {"handle_httpstatus_list": [404, 410], "feed_probe": True} if guessed else {}
                yield scrapy.Request(url, callback=self.parse_feed, errback=self._failed, priority=FEED_PRIORITY,
                                     meta=meta)

    async def parse_feed(self, response: Response) -> AsyncIterator[Any]:
        """RSS, Atom, sitemap indexes and URL sets: every in-site article link is queued."""
        stats = self.crawler.stats
        main_feed = bool(response.meta.get("main_feed"))
        if response.status == 304:
            stats.inc_value("feeds/not_modified")
            return
        if response.status in (404, 410):
            stats.inc_value("feeds/probe_missing")
            if main_feed:  # the feed is gone: fall back to the listings
                for listing in self._start_listings():
                    yield listing
            return
        if not isinstance(response, TextResponse):
            return
        selector = scrapy.Selector(text=response.text, type="xml")
        selector.remove_namespaces()
        nested = selector.xpath("//sitemapindex/sitemap/loc/text()").getall()
        for loc in nested:
            if in_scope(loc.strip(), self.site.allowed_domains):
                yield scrapy.Request(loc.strip(), callback=self.parse_feed, errback=self._failed,
                                     priority=FEED_PRIORITY)
        items = selector.xpath("//item/link/text() | //entry/link/@href").getall()
        item_dates = feed_dates(selector, response.url) if items else sitemap_dates(selector, response.url)
        locs = selector.xpath("//urlset/url/loc/text()").getall()
        self._remember_validators(response, "rss" if items else "sitemap", len(items) + len(locs))
        profile = self.profile
        links: list[str] = []
        for raw in items + locs:
            url = self._follow(urljoin(response.url, raw.strip()))
            if url is None:
                continue
            kind = profile.link_kind(url) if profile else None
            if kind != "listing":
                links.append(url)
        requests = await self._article_requests(links, item_dates, "feed" if items else "sitemap")
        for request in requests:
            yield request
        if main_feed and items and len(requests) >= len(items):
            # Every item of the feed is new: more may have been published than it holds.
            stats.inc_value("feeds/overflow")
            for listing in self._start_listings():
                yield listing

    def _remember_validators(self, response: Response, kind: str, count: int) -> None:
        # Only XML validators are kept: NukeViet's HTML sends a Last-Modified that means nothing.
        etag = response.headers.get("ETag")
        last_modified = response.headers.get("Last-Modified")
        if not (etag or last_modified) or count == 0:
            return
        self.feed_updates.append(
            FeedValidators(
                url=response.url,
                kind=kind,
                etag=etag.decode("latin-1") if etag else None,
                last_modified=last_modified.decode("latin-1") if last_modified else None,
                items=count,
            )
        )

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        if response.status in (404, 410) and response.meta.get("revisit"):
            yield RemovedItem(site_id=self.site.id, url=response.request.url if response.request else response.url)
            return
        if not isinstance(response, TextResponse):
            stats.inc_value("pages/not_html")
            return
        profile = self._profile_for(response)
        article = await extract_async(
            response.url, article_markup(response), profile=profile.name, overrides=self.site.selectors,
            processes=self.extract_processes, context=self._date_context(response),
        )
        self._remember_outside_dates(response.url, article)
        if article.kind != "article":
            stats.inc_value("pages/non_article")
            if not response.meta.get("revisit"):
                yield NotArticleItem(site_id=self.site.id, url=canonicalize(response.url), kind=article.kind)
            return
        stats.inc_value("extract/article_pages")
        if article.title and article.published_at is not None and article.body:
            stats.inc_value("extract/healthy_pages")
        if article.published_at is not None:
            stats.inc_value("extract/with_date")
        if article.author:
            stats.inc_value("extract/with_author")
        if sum(len(p) for p in article.body) > LONG_BODY_CHARS:
            stats.inc_value("extract/long_body")
        canonical = article.canonical
        url = canonicalize(urljoin(response.url, canonical)) if canonical else ""
        if not url or not in_scope(url, self.site.allowed_domains):
            url = canonicalize(response.url)
        article.url = url
        yield ArticleItem(site_id=self.site.id, url=url, fetched_url=response.url, article=article)

    def _date_context(self, response: Response) -> Context:
        """What the crawl knows of this page's date besides the page: the fetch time, the listing's or the
        feed's date for its link, and date lines the site prints outside its articles on many pages."""
        meta = response.meta
        return Context(
            fetched_at=datetime.now(TZ),
            listing=witness(meta.get("listing")),
            feed=witness(meta.get("feed")),
            sitemap=witness(meta.get("sitemap")),
            repeated=frozenset(self.repeated_dates),
        )

    def _remember_outside_dates(self, url: str, article: Any) -> None:
        dating = getattr(article, "dating", None)
        for text in getattr(dating, "outside", ()):
            if text in self.repeated_dates:
                continue
            pages = self.outside_dates.setdefault(text, set())
            pages.add(url)
            if len(pages) >= REPEATED_PAGES:
                self.repeated_dates.add(text)
                del self.outside_dates[text]


def _is_feed(response: Response) -> bool:
    """An RSS, Atom or sitemap document, whatever the Content-Type says."""
    if not isinstance(response, TextResponse):
        return False
    head = response.text[:1024].lower()
    return _FEED_ROOT.search(head) is not None and "<html" not in head
