"""Extraction apart from crawling: URL + HTML in, `Article` out.

    from crawler.extract import extract
    article = extract(url, html)                      # profile chosen by detection
    article = extract(url, html, profile="nukeviet")  # or named, as in the site registry
    article = extract(url, html, overrides={"body": "#content .main"})

Nothing here needs Scrapy; lxml parses the page once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

from lxml.html import HtmlElement
from parsel import Selector

from crawler.extract import dom
from crawler.extract.article import Article, Image, PageKind, format_published
from crawler.extract.aspnet import AspNet
from crawler.extract.decode import to_text
from crawler.extract.generic import Generic
from crawler.extract.nukeviet import NukeViet
from crawler.extract.profile import LinkKind, Profile
from crawler.extract.published import Context

__all__ = [
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

log = logging.getLogger(__name__)

_PROFILES: dict[str, Profile] = {p.name: p for p in (NukeViet(), AspNet(), Generic())}
PROFILE_NAMES: tuple[str, ...] = tuple(_PROFILES)
# A family profile must be at least this sure; below it the generic profile reads the page.
DETECT_THRESHOLD = 0.5


def get_profile(name: str) -> Profile:
    try:
        return _PROFILES[name]
    except KeyError:
        raise KeyError(f"unknown profile {name!r} (one of: {', '.join(PROFILE_NAMES)})") from None


def detect_profile(url: str, selector: Selector) -> Profile:
    root = selector.root
    return _detect(url, root, dom.Index(root))


def _detect(url: str, root: HtmlElement, index: dom.Index) -> Profile:
    best: Profile = _PROFILES["generic"]
    best_score = DETECT_THRESHOLD
    for profile in _PROFILES.values():
        if profile.name == "generic":
            continue
        try:
            score = profile.detect_tree(url, root, index)
        except Exception:  # detection reads arbitrary markup; a bad page must not stop extraction
            log.exception("profile %s failed to detect %s", profile.name, url)
            continue
        if score >= best_score:
            best, best_score = profile, score
    return best


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
    chosen = _detect(page_url, root, index) if profile == "auto" else get_profile(profile)
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
