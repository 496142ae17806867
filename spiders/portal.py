"""The one spider class every portal uses; the registry entry says which portal.

Discovery: start URLs -> listing pages and their pagination, plus the RSS feeds and
sitemaps the CMS family has. Article pages are extracted by `crawler.extract`; the
spider itself knows no markup.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings

from crawler.extract import detect_profile, extract, get_profile
from crawler.extract.profile import Profile
from crawler.items import ArticleItem
from crawler.links import guess_link_kind
from crawler.registry import Site
from crawler.urls import canonicalize, in_scope, looks_like_trap

ARTICLE_PRIORITY = 10
FEED_PRIORITY = 5
MAX_LISTING_DEPTH = 50


class PortalSpider(scrapy.Spider):
    site: ClassVar[Site]

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # Politeness per portal, from the registry; "-s" on the command line still wins.
        settings.set("DOWNLOAD_DELAY", cls.site.download_delay, priority="spider")
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", cls.site.concurrency, priority="spider")
        settings.set("CLOSESPIDER_PAGECOUNT", cls.site.max_pages, priority="spider")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(self.site.allowed_domains)
        self.profile: Profile | None = None if self.site.profile == "auto" else get_profile(self.site.profile)
        self.seen_articles: set[str] = set()

    async def start(self) -> AsyncIterator[Any]:
        for url in self.site.start_urls:
            yield scrapy.Request(url, callback=self.parse_listing, cb_kwargs={"depth": 0, "start": True})

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

    def _article_request(self, url: str) -> scrapy.Request | None:
        if url in self.seen_articles:
            return None
        self.seen_articles.add(url)
        return scrapy.Request(url, callback=self.parse_article, priority=ARTICLE_PRIORITY)

    # -- callbacks ----------------------------------------------------------------------------

    def parse_listing(self, response: Response, depth: int, start: bool = False) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            return
        profile = self._profile_for(response)
        if start:
            yield from self._feed_requests(response, profile)
        listings: list[str] = []
        new_articles = 0
        for link in response.css("a[href]"):
            href = link.attrib.get("href", "").strip()
            if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
                continue
            url = self._follow(urljoin(response.url, href))
            if url is None:
                continue
            kind = profile.link_kind(url)
            if kind is None:
                text = " ".join(link.css("::text").getall()) or link.attrib.get("title", "")
                kind = guess_link_kind(url, text, link.attrib.get("rel", ""))
            if kind == "article":
                request = self._article_request(url)
                if request is not None:
                    new_articles += 1
                    yield request
            elif kind == "listing":
                listings.append(url)
        # A page that brings no unseen article ends the chain: portals answer a page
        # number past the last with the last page again, forever.
        if new_articles == 0 and not start:
            self.crawler.stats.inc_value("listings/exhausted")
            return
        if depth >= MAX_LISTING_DEPTH:
            self.crawler.stats.inc_value("listings/depth_limit")
            return
        for url in dict.fromkeys(listings):
            yield scrapy.Request(url, callback=self.parse_listing, cb_kwargs={"depth": depth + 1})

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
                yield scrapy.Request(url, callback=self.parse_feed, priority=FEED_PRIORITY, meta=meta)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """RSS, Atom, sitemap indexes and URL sets: every in-site article link is queued."""
        if response.status in (404, 410):
            self.crawler.stats.inc_value("feeds/probe_missing")
            return
        if not isinstance(response, TextResponse):
            return
        selector = scrapy.Selector(text=response.text, type="xml")
        selector.remove_namespaces()
        nested = selector.xpath("//sitemapindex/sitemap/loc/text()").getall()
        for loc in nested:
            if in_scope(loc.strip(), self.site.allowed_domains):
                yield scrapy.Request(loc.strip(), callback=self.parse_feed, priority=FEED_PRIORITY)
        links = selector.xpath("//urlset/url/loc/text() | //item/link/text() | //entry/link/@href").getall()
        profile = self.profile
        for raw in links:
            url = self._follow(urljoin(response.url, raw.strip()))
            if url is None:
                continue
            kind = profile.link_kind(url) if profile else None
            if kind == "listing":
                continue
            request = self._article_request(url)
            if request is not None:
                yield request

    def parse_article(self, response: Response) -> Iterator[Any]:
        stats = self.crawler.stats
        if not isinstance(response, TextResponse):
            stats.inc_value("pages/not_html")
            return
        profile = self._profile_for(response)
        article = extract(response.url, response.text, profile=profile.name, overrides=self.site.selectors)
        if article.kind != "article":
            stats.inc_value("pages/non_article")
            return
        canonical = response.css('link[rel="canonical"]::attr(href)').get()
        url = canonicalize(urljoin(response.url, canonical)) if canonical else ""
        if not url or not in_scope(url, self.site.allowed_domains):
            url = canonicalize(response.url)
        article.url = url
        yield ArticleItem(site_id=self.site.id, url=url, fetched_url=response.url, article=article)
