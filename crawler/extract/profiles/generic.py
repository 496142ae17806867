"""Any template: JSON-LD and <meta> first, then content density and line heuristics.

The selectors below are only the widely shared names (WordPress, Liferay
journal articles, schema.org microdata, common Vietnamese news classes); every
field falls back to the heuristics in the shared pipeline when they miss.
"""

from __future__ import annotations

from typing import ClassVar

from lxml.html import HtmlElement

from crawler.extract import dom
from crawler.extract.profiles.base import (
    ANY_ARTICLE_URL,
    ANY_LISTING_URL,
    ANY_NOT_ARTICLE_URL,
    LinkKind,
    Profile,
    any_site_link_kind,
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
    ARTICLE_URL = ANY_ARTICLE_URL
    LISTING_URL = ANY_LISTING_URL
    NOT_ARTICLE_URL = ANY_NOT_ARTICLE_URL
    feed_paths: ClassVar[tuple[str, ...]] = ("/feed/", "/rss", "/sitemap.xml", "/wp-sitemap.xml")

    def detect_tree(self, url: str, root: HtmlElement, index: dom.Index) -> float:
        # The fallback: any page can be read this way, but a family profile that knows the page does better.
        return 0.1

    def link_kind(self, url: str) -> LinkKind | None:
        return any_site_link_kind(url)
