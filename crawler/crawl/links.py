"""Which links lead to articles, which to more listing pages, on any template.

Profiles know their family's URL patterns; these heuristics cover templates no
profile knows, from the URL's shape, the anchor text and ``rel``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement
from parsel import Selector

from crawler.extract import LinkKind, Profile

PAGINATION_URL = re.compile(
    r"([?&](page|p|pg|trang|pageindex|pagenumber|paged|start|offset|\w*_cur)=\d+|/page[-/]?\d+/?$|/pg\d+\.aspx$"
    r"|/trang[-/]\d+/?$|[-_/]p\d+\.html?$)",
    re.IGNORECASE,
)
PAGINATION_TEXT = re.compile(r"^(\d{1,4}|»|›|>|>>|next|sau|tiếp|trang sau|tiếp theo|xem tiếp|cuối|last|»»)$", re.I)
ARTICLE_URL = re.compile(
    r"(/[^/]*[a-z0-9]-(?:[a-z0-9]+-){2,}[a-z0-9]*[^/]*/?$|[-/_]\d{3,}\.(?:html?|aspx|php)$|/\d{4,}/?$"
    r"|[?&](id|newsid|articleid|itemid)=\d+)",
    re.IGNORECASE,
)
SECTION_WORDS = re.compile(
    r"(tag|tags|search|tim-kiem|timkiem|lien-he|contact|gioi-thieu|about|login|dang-nhap|rss|print|in-bai|"
    r"sitemap|van-ban|thu-vien|gallery|album|video|media|hoi-dap|faq|lich-cong-tac)",
    re.IGNORECASE,
)


def guess_link_kind(url: str, text: str = "", rel: str = "") -> LinkKind | None:
    path = urlsplit(url).path
    text = " ".join(text.split()).lower()
    if "next" in rel.lower().split() or (PAGINATION_URL.search(url) and (not text or PAGINATION_TEXT.match(text))):
        return "listing"
    if PAGINATION_TEXT.match(text) and PAGINATION_URL.search(url):
        return "listing"
    if SECTION_WORDS.search(path.rsplit("/", 1)[-1]) and not ARTICLE_URL.search(url):
        return None
    # Teaser links carry the headline; menu links are short.
    if ARTICLE_URL.search(url) and len(text) >= 20:
        return "article"
    return None


def page_number(url: str) -> int | None:
    """The page number a pagination URL asks for ("/page-3/", "pg3.aspx", "?page=3"), else None."""
    match = PAGINATION_URL.search(url)
    if not match:
        return None
    digits = re.findall(r"\d+", match.group(0))
    return int(digits[-1]) if digits else None


_SLUG_WORDS = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){2,}$")


def url_shape(url: str) -> str:
    """A URL with its words and numbers blurred: "/a-b-c-d-123.html" and "/x-y-z-456.html" share a shape.

    Article URLs of one site share a few shapes; once some are known, a link of the same
    shape is an article even when no profile or heuristic recognises it.
    """
    parts = urlsplit(url)
    shaped = []
    for segment in parts.path.split("/"):
        stem, dot, suffix = segment.rpartition(".") if "." in segment else (segment, "", "")
        stem = stem.lower()
        if _SLUG_WORDS.match(stem):
            token = "S9" if stem[-1].isdigit() else "S"
        elif stem.isdigit():
            token = "9"
        elif re.search(r"\d", stem):
            token = re.sub(r"\d+", "9", stem)
        else:
            token = "w" if stem else ""
        shaped.append(token + dot + suffix.lower())
    query = "&".join(sorted(k.split("=")[0] for k in parts.query.split("&") if k)) if parts.query else ""
    return "/".join(shaped) + ("?" + query if query else "")


@dataclass(slots=True)
class PageLinks:
    """The links of one listing page, sorted by kind: article links (with their <a> elements, for the date
    printed beside them), links to more listings, and which of those are its pagination."""

    articles: dict[str, list[HtmlElement]] = field(default_factory=dict)
    listings: list[str] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)
    # In-site links of neither kind, with their anchor text (menus: where a probe looks for sections).
    others: dict[str, str] = field(default_factory=dict)


def page_links(selector: Selector, base_url: str, profile: Profile, follow: Callable[[str], str | None],
               shapes: Collection[str] = ()) -> PageLinks:
    """Sort a page's links: the profile's URL patterns first, then the shape heuristics
    (`guess_link_kind`), then the URL shapes of this site's known articles. ``follow`` gives a link's
    canonical form, or None for a link not to follow (off-site, a trap)."""
    found = PageLinks()
    for link in selector.css("a[href]"):
        href = link.attrib.get("href", "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        url = follow(urljoin(base_url, href))
        if url is None:
            continue
        kind = profile.link_kind(url)
        text = ""
        if kind is None:
            text = " ".join(link.css("::text").getall()) or link.attrib.get("title", "")
            kind = guess_link_kind(url, text, link.attrib.get("rel", ""))
        if kind is None and shapes and url_shape(url) in shapes:
            kind = "article"
        if kind == "article":
            found.articles.setdefault(url, []).append(link.root)
        elif kind == "listing":
            found.listings.append(url)
            if "next" in link.attrib.get("rel", "").lower().split() or page_number(url) is not None:
                found.next_pages.append(url)
        elif url not in found.others:
            found.others[url] = " ".join((text or " ".join(link.css("::text").getall())).split())
    return found


def next_page(current: str, candidates: Sequence[str]) -> str | None:
    """The page after ``current`` among its pagination links: the lowest higher number, else an unnumbered one."""
    here = page_number(current) or 1
    numbered = [(n, url) for url in candidates if (n := page_number(url)) is not None and n > here]
    if numbered:
        return min(numbered)[1]
    return next((url for url in candidates if page_number(url) is None), None)
