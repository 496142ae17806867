"""Extraction apart from crawling: URL + HTML in, `Article` out.

    from crawler.extract import extract
    article = extract(url, html)                      # profile chosen by detection
    article = extract(url, html, profile="nukeviet")  # or named, as in the site registry
    article = extract(url, html, overrides={"body": "#content .main"})

Nothing here needs Scrapy; lxml parses the page once.

The profiles (``profiles/``: the base class and one per CMS family) say where a family puts each
field; ``fields/`` has one module per output field, opening with where that field comes from, in
order (``docs/fields.md``); the rest reads what they ask for (``titles``, ``bylines``, ``dating``
and ``published`` for the date evidence, ``blocks``/``density``/``assemble`` for the body,
``classify``, ``chrome``, ``metadata``, ``decode``, ``dom``/``query``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from crawler.extract import dom
from crawler.extract.article import Article, Image, PageKind, format_published
from crawler.extract.decode import to_text
from crawler.extract.profiles import (
    DETECT_THRESHOLD,
    PROFILE_NAMES,
    LinkKind,
    Profile,
    detect,
    detect_profile,
    get_profile,
)
from crawler.extract.published import Context

__all__ = [
    "DETECT_THRESHOLD",
    "PROFILE_NAMES",
    "Article",
    "Context",
    "Image",
    "LinkKind",
    "PageKind",
    "Profile",
    "detect_profile",
    "extract",
    "format_published",
    "get_profile",
]


def extract(
    url: str,
    html: str | bytes,
    *,
    profile: str = "auto",
    overrides: Mapping[str, str] | None = None,
    fetched_at: datetime | None = None,
    context: Context | None = None,
) -> Article:
    """Read one page. `profile` is a name from PROFILE_NAMES or "auto"; `overrides` maps
    field names (title, published_at, author, source, summary, body, category) to CSS or
    XPath selectors (XPath when starting with "/" or "(") that win over the profile's.

    `fetched_at` is when the page was fetched (a header clock shows it; nothing later is a
    publication date); `context` adds what the crawl saw elsewhere (the listing's and the
    feed's date for this link, date lines repeated across the site)."""
    ctx = context or Context()
    if fetched_at is not None:
        ctx = replace(ctx, fetched_at=fetched_at)
    root = dom.parse(to_text(html))
    index = dom.Index(root)
    try:
        urlsplit(url)
        page_url = url
    except ValueError:
        # An address urllib cannot split ("http://[::1") says nothing about the page: the
        # URL rules would raise on it, so the page is read as if its address were unknown.
        page_url = ""
    chosen = detect(page_url, root, index) if profile == "auto" else get_profile(profile)
    article = chosen.extract_tree(page_url, root, index, overrides, ctx)
    article.url = url
    article.canonical = _canonical(root)
    return article


def _canonical(root: HtmlElement) -> str | None:
    head = root.find("head")
    for link in (head if head is not None else root).iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            return (link.get("href") or "").strip() or None
    return None
