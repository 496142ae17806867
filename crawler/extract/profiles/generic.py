"""Any template: JSON-LD and <meta> first, then content density and line heuristics.

The selectors below are only the widely shared names (WordPress, Liferay
journal articles, schema.org microdata, common Vietnamese news classes); every
field falls back to the heuristics in the shared pipeline when they miss.
"""

from __future__ import annotations

import re
from typing import ClassVar

from lxml.html import HtmlElement

from crawler.extract import dom
from crawler.extract.profiles.base import LinkKind, Profile

# /2024/05/slug/, /slug-12345.html, /tin-tuc/slug-123, ?id=123
_ARTICLE = re.compile(
    r"/\d{4}/\d{1,2}/(?:\d{1,2}/)?[\w%.-]{8,}/?$"
    r"|/[^/?]*-\d{3,}(?:\.html?|\.aspx|\.php)?/?$"
    r"|[-/_]\d{4,}\.(?:html?|aspx|php)$"
    r"|/-/asset_publisher/[\w-]+/content/[\w%.-]+"
    r"|/-/[\w%.-]{12,}$"
    r"|[?&](?:p|id|newsid|articleid|itemid|news_id|post_id)=\d+(?:&|$)",
    re.IGNORECASE,
)
_LISTING = re.compile(
    r"/page/\d+/?$|/category/[\w%.-]+/?$|/chuyen-muc/[\w%.-]+/?$|/danh-muc/[\w%.-]+/?$|/trang-\d+/?$"
    r"|[?&](?:page|paged|trang|pageindex|p)=\d+"
    r"|_cur=\d+|/-/asset_publisher/[\w-]+(?:\?|$)",
    re.IGNORECASE,
)
_NOT_ARTICLE = re.compile(
    r"(?:^|/)(?:tag|tags|search|tim-kiem|feed|rss|print|wp-json|wp-admin|wp-login\.php|author|login)(?:/|$|\?)"
    r"|[?&](?:s|q|keyword)=",
    re.IGNORECASE,
)


class Generic(Profile):
    name = "generic"

    TITLE = (
        "h1.entry-title",
        "h1.post-title",
        "h1[itemprop=headline]",
        ".asset-full-content .header-title",
        "h1.article-title",
        "h1.detail-title",
        "h1.title-detail",
        "h1.news-title",
    )
    # WordPress themes print the modification time too, as time.updated (often hidden by the stylesheet).
    DATE = (
        ".entry-header time.published[datetime]",
        ".entry-meta time.published[datetime]",
        # Not the modification date, which themes mark "updated", "updated-date" or schema.org dateModified.
        ".entry-header time[datetime]:not(.updated):not(.updated-date):not([itemprop='dateModified'])",
        ".entry-meta time[datetime]:not(.updated):not(.updated-date):not([itemprop='dateModified'])",
        "time.entry-date:not(.updated):not(.updated-date):not([itemprop='dateModified'])",
        ".asset-full-content .asset-metadata .metadata-publish-date",
    )
    BODY = (
        "[itemprop=articleBody]",
        ".entry-content",
        ".asset-full-content .journal-content-article",
        ".journal-content-article",
        ".post-content",
        ".article-content",
        ".article-body",
        ".detail-content",
        ".content-detail",
        ".news-content",
        ".detail__content",
    )
    LEAD = (
        ".sapo",
        ".article-sapo",
        ".detail-sapo",
        ".detail__summary",
        ".article-summary",
        ".article-lead",
        ".chapeau",
        ".news-sapo",
        ".hometext",
    )
    # Not `[itemprop=author]`: NukeViet-like templates fill it with the posting account's login.
    AUTHOR = (".article-author", ".detail-author", ".author-name", ".detail__author")
    SOURCE = (".article-source", ".detail-source", ".news-source")
    CATEGORY = (".breadcrumb a", ".breadcrumbs a", "[itemtype*=BreadcrumbList] [itemprop=name]")
    ARTICLE_URL = _ARTICLE
    LISTING_URL = _LISTING
    NOT_ARTICLE_URL = _NOT_ARTICLE
    feed_paths: ClassVar[tuple[str, ...]] = ("/feed/", "/rss", "/sitemap.xml", "/wp-sitemap.xml")

    def detect_tree(self, url: str, root: HtmlElement, index: dom.Index) -> float:
        # The fallback: any page can be read this way, but a family profile that knows the page does better.
        return 0.1

    def link_kind(self, url: str) -> LinkKind | None:
        # Listing patterns first here: "?page=2" on an article-looking path is still a listing page.
        kind = super().link_kind(url)
        if kind == "article" and _LISTING.search(url) and not re.search(r"[?&](?:p|id)=\d+", url):
            return "listing"
        return kind
