"""The probe spider: a short, polite look at a portal for `crawler probe` and `crawler sites --check`.

It reads the start page(s), asks where the feeds and sitemaps are (declared ones, the family's usual
paths, robots.txt's Sitemap lines), fetches a few section pages the start page links to, and
extracts three articles. It runs under the crawl's settings (robots.txt, the site's delay, the
safety middleware: no off-site redirect, no internal address) and fills in a `crawler.crawl.probe.Probe`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from crawler.core.dates import TZ
from crawler.core.urls import canonicalize, in_scope, looks_like_trap
from crawler.crawl.links import next_page, page_links
from crawler.crawl.probe import MAX_LISTINGS, SAMPLES, Feed, Listing, Probe, Sample, family_of
from crawler.crawl.registry import Site
from crawler.crawl.responses import article_markup, failure_reason
from crawler.extract import Profile, detect_profile, extract, get_profile
from spiders.portal import polite_to

# Requests one probe may make, whatever the portal links to.
MAX_REQUESTS = 40
# Feed paths worth one guess on any portal that declares none.
GUESSED_FEEDS = ("/rss", "/feed")
# Section links a home page's menu has: where the news listings usually are.
NEWS_SECTION = re.compile(
    r"tin|news|thoi-?su|hoat-?dong|an-?ninh|trat-?tu|giao-?thong|chuyen-?muc|danh-?muc|category|su-?kien|"
    r"bai-?viet|article|post|blog|canh-?bao|phap-?luat",
    re.IGNORECASE,
)
_FEED_ROOTS = frozenset({"rss", "feed", "rdf", "urlset", "sitemapindex"})


def probe_spider_class(probe: Probe) -> type[ProbeSpider]:
    name = "probe_" + probe.site.id.replace("-", "_")
    return type(name, (ProbeSpider,), {"name": name, "probe": probe, "site": probe.site,
                                        "__module__": ProbeSpider.__module__})


class ProbeSpider(scrapy.Spider):
    probe: ClassVar[Probe]
    site: ClassVar[Site]

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        polite_to(settings, cls.site, MAX_REQUESTS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(self.site.allowed_domains)
        self.profile: Profile | None = None if self.site.profile == "auto" else get_profile(self.site.profile)
        # Article links found so far (listings first, then feeds), and those asked for as samples.
        self.pool: dict[str, None] = {}
        self.sampled: set[str] = set()
        self.listings_asked: set[str] = set()
        self.feeds_asked: set[str] = set()
        self.start_failures: list[str] = []

    async def start(self) -> AsyncIterator[Any]:
        for index, url in enumerate(self.site.start_urls):
            self.listings_asked.add(canonicalize(url))
            yield scrapy.Request(url, callback=self.parse_start, errback=self._start_failed, dont_filter=True,
                                 cb_kwargs={"first": index == 0})

    # -- helpers ------------------------------------------------------------------------------

    def _follow(self, url: str) -> str | None:
        url = canonicalize(url)
        if not in_scope(url, self.site.allowed_domains) or looks_like_trap(url):
            return None
        return url

    def _start_failed(self, failure: Failure) -> None:
        self.start_failures.append(_in_words(failure_reason(failure)[1]))

    def _quiet(self, failure: Failure) -> None:
        """A guessed feed or a section page that fails says nothing about the portal."""

    def _samples(self) -> Iterator[scrapy.Request]:
        for url in list(self.pool):
            if len(self.sampled) >= SAMPLES:
                return
            if url not in self.sampled:
                self.sampled.add(url)
                yield scrapy.Request(url, callback=self.parse_sample, errback=self._quiet, priority=10)

    def _listing(self, response: TextResponse, profile: Profile) -> tuple[Listing, dict[str, str]]:
        links = page_links(response.selector, response.url, profile, self._follow)
        self.pool.update(dict.fromkeys(links.articles))
        listing = Listing(response.url, len(links.articles), next_page(response.url, links.next_pages))
        self.probe.listings.append(listing)
        sections = {url: "" for url in links.listings if url not in links.next_pages}
        sections.update({url: text for url, text in links.others.items()
                         if NEWS_SECTION.search(urlsplit(url).path) and 0 < len(text) <= 60})
        return listing, sections

    # -- callbacks ----------------------------------------------------------------------------

    def parse_start(self, response: Response, first: bool) -> Iterator[scrapy.Request]:
        probe = self.probe
        if probe.status is None:
            probe.status, probe.final_url = response.status, response.url
        if not isinstance(response, TextResponse):
            self.start_failures.append("the start page is not an HTML page")
            probe.status = None if first else probe.status
            return
        if self.profile is None:
            self.profile = detect_profile(response.url, response.selector)
        if first:
            score = self.profile.detect(response.url, response.selector) if self.profile.name != "generic" else 0.0
            probe.profile = self.profile.name
            probe.family, probe.family_score = family_of(response.text, self.profile.name, score)
            probe.site_name = _site_name(response)
        _, sections = self._listing(response, self.profile)
        if first:
            yield from self._feed_requests(response, self.profile)
        for url in list(sections)[:MAX_LISTINGS]:
            if url not in self.listings_asked and len(self.listings_asked) < MAX_LISTINGS + len(self.site.start_urls):
                self.listings_asked.add(url)
                yield scrapy.Request(url, callback=self.parse_section, errback=self._quiet)
        yield from self._samples()

    def parse_section(self, response: Response) -> Iterator[scrapy.Request]:
        if isinstance(response, TextResponse) and self.profile is not None:
            self._listing(response, self.profile)
        yield from self._samples()

    def _feed_requests(self, response: TextResponse, profile: Profile) -> Iterator[scrapy.Request]:
        parts = urlsplit(response.url)
        base = f"{parts.scheme}://{parts.netloc}"
        declared = response.css(
            'link[rel=alternate][type="application/rss+xml"]::attr(href), '
            'link[rel=alternate][type="application/atom+xml"]::attr(href)'
        ).getall()
        urls = [urljoin(response.url, u) for u in declared]
        urls += [urljoin(base, p) for p in profile.feed_paths]
        if not urls:
            urls += [urljoin(base, p) for p in GUESSED_FEEDS]
        urls.append(urljoin(base, "/sitemap.xml"))
        for url in dict.fromkeys(urls):
            yield from self._feed(url)
        yield scrapy.Request(urljoin(base, "/robots.txt"), callback=self.parse_robots, errback=self._quiet,
                             meta={"handle_httpstatus_list": [404, 410]})

    def _feed(self, url: str) -> Iterator[scrapy.Request]:
        if url in self.feeds_asked or not in_scope(url, self.site.allowed_domains):
            return
        self.feeds_asked.add(url)
        yield scrapy.Request(url, callback=self.parse_feed, errback=self._quiet,
                             meta={"handle_httpstatus_list": [404, 410]})

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status != 200 or not isinstance(response, TextResponse):
            return
        for line in response.text.splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "sitemap" and value.strip():
                yield from self._feed(urljoin(response.url, value.strip()))

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status != 200 or not isinstance(response, TextResponse):
            return
        selector = scrapy.Selector(text=response.text, type="xml")
        selector.remove_namespaces()
        root = selector.xpath("/*")
        tag = root[0].root.tag.lower() if root else ""
        if tag not in _FEED_ROOTS:
            return  # a portal that answers any path with its home page
        nested = [loc.strip() for loc in selector.xpath("//sitemapindex/sitemap/loc/text()").getall()]
        for loc in nested[:2]:
            yield from self._feed(urljoin(response.url, loc))
        items = selector.xpath("//item/link/text() | //entry/link/@href").getall()
        locs = selector.xpath("//urlset/url/loc/text()").getall()
        if tag == "sitemapindex":
            return
        kind = "sitemap" if tag == "urlset" else "rss"
        validators = bool(response.headers.get("ETag") or response.headers.get("Last-Modified"))
        self.probe.feeds.append(Feed(response.url, kind, len(items) + len(locs), validators))
        profile = self.profile
        for raw in items + locs:
            url = self._follow(urljoin(response.url, raw.strip()))
            if url is not None and (profile is None or profile.link_kind(url) != "listing"):
                self.pool.setdefault(url, None)
        yield from self._samples()

    async def parse_sample(self, response: Response) -> None:
        if not isinstance(response, TextResponse):
            return
        profile = self.profile.name if self.profile is not None else "auto"
        # Off the reactor's thread, as the crawl's extraction is: a big page must not stall the other probes.
        article = await asyncio.to_thread(extract, response.url, article_markup(response), profile=profile,
                                          overrides=self.site.selectors, fetched_at=datetime.now(TZ))
        published = article.published_at.isoformat() if article.published_at is not None else None
        self.probe.samples.append(Sample(
            url=response.url, kind=article.kind, title=article.title, published_at=published,
            published_source=article.published_source, author=article.author, body=list(article.body),
        ))

    def closed(self, reason: str) -> None:
        probe = self.probe
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        probe.requests = int(stats.get("downloader/request_count", 0))
        if probe.status is None:
            probe.problem = self.start_failures[0] if self.start_failures else _refused_in_words(stats)


def _site_name(response: TextResponse) -> str | None:
    """The portal's name for itself: og:site_name, else its start page's <title> (the part naming the site)."""
    named = response.css('meta[property="og:site_name"]::attr(content)').get()
    title = named or response.css("title::text").get() or ""
    parts = [p.strip() for p in re.split(r"\s+[|–—-]\s+", " ".join(title.split())) if p.strip()]
    if not parts:
        return None
    # "Trang chủ - Công an tỉnh Lai Châu": the part that is not "Trang chủ" / "Home", the longest otherwise.
    parts = [p for p in parts if p.lower() not in ("trang chủ", "home", "trang chu")] or parts
    return max(parts, key=len)[:120]


def _refused_in_words(stats: dict[str, Any]) -> str:
    """Why a start page that failed without an error was refused (the safety middleware drops a redirect
    off the site before it is sent, which no errback hears of)."""
    if stats.get("offsite/redirect_refused"):
        return "redirected off the site (the crawl would refuse it too)"
    if stats.get("ssrf/refused"):
        return "refused: it leads to a non-public address"
    if stats.get("urllength/refused"):
        return "refused: a URL too long"
    return "no answer"


def _in_words(reason: str) -> str:
    """A request's failure as a user reads it."""
    low = reason.lower()
    if "robots.txt" in low:
        return "robots.txt forbids the start page"
    if "offsite/redirect_refused" in low:
        return "redirected off the site: " + reason.split(": ", 1)[-1]
    if "offsite" in low:
        return "outside the allowed domains: " + reason.split(": ", 1)[-1]
    if "ssrf" in low:
        return "refused: " + reason.split(": ", 1)[-1]
    if "dnslookup" in low or "cannotresolve" in low:
        return "no answer: the host name does not resolve"
    if "connectionrefused" in low:
        return "no answer: connection refused"
    if "timeout" in low:
        return "no answer: timed out"
    if reason.startswith("HTTP "):
        return f"the start page answered {reason}"
    return f"no answer: {reason}"
