"""The headline on a page no profile knows, and its breadcrumbs.

Government templates often spend <h1> on the portal's logo, so a heading wins
only when it agrees with what the page says its title is (JSON-LD headline,
og:title, <title>); failing that the metadata itself is used.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract import chrome, dom
from crawler.extract.metadata import PageMeta
from crawler.text import clean_inline, hash_key

_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+|\s+»\s+")
_SITE_WORDS = re.compile(
    r"(công an|cổng thông tin|trang thông tin|báo |\.vn\b|\.com\b|ubnd|bộ công an|tin tức|trang chủ|portal)",
    re.IGNORECASE,
)
# <h1>-<h3> and boxes with the class "title". The class test runs on class attributes, not on every
# element (same nodes, a fraction of the time), and not at all when no class says "title".
_HEADINGS = etree.XPath("//h1 | //h2 | //h3 | //@class[contains(concat(' ', normalize-space(.), ' '), ' title ')]/..")
_PLAIN_HEADINGS = etree.XPath("//h1 | //h2 | //h3")
# (query, what the page's attributes must contain for it to match anything)
_BREADCRUMBS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "//*[@itemtype and contains(@itemtype, 'BreadcrumbList')]//*[@itemprop='name']",
        (("itemtype", "BreadcrumbList"),),
    ),
    ("//*[contains(@class, 'breadcrumb')]//a", (("class", "breadcrumb"),)),
    ("//*[contains(@id, 'breadcrumb')]//a", (("id", "breadcrumb"),)),
    ("//*[contains(@id, 'SiteMapPath')]//a", (("id", "SiteMapPath"),)),
    (
        "//*[contains(@class, 'duongdan') or contains(@class, 'path-way') or contains(@class, 'pathway')]//a",
        (("class", "duongdan"), ("class", "path-way"), ("class", "pathway")),
    ),
)


def guess(root: HtmlElement, meta: PageMeta, index: dom.Index | None = None) -> tuple[HtmlElement | None, str | None]:
    """The headline element and text. `index`, when given, is the attribute index of `root`'s page."""
    reference = meta.ld_text("headline") or meta.first("og:title", "twitter:title")
    tag_title = meta.title_tag
    keys = [hash_key(t) for t in (reference, tag_title) if t]
    best: HtmlElement | None = None
    best_score = 0.0
    headings = _PLAIN_HEADINGS if index is not None and not index.has("class", "title") else _HEADINGS
    for el in headings(root):
        text = dom.text_of(el)
        if not 10 <= len(text) <= 400:
            continue
        key = hash_key(text)
        if not key:
            continue
        score = 0.0
        if any(key == k for k in keys):
            score = 100.0
        elif any(len(key) >= 15 and key in k for k in keys):
            score = 50.0 + min(len(key), 200) / 10
        if score <= 0:
            continue
        tag = dom.tag_of(el)
        score += {"h1": 10, "h2": 6, "h3": 3}.get(tag, 0)
        if _in_chrome(el):
            score -= 60
        if score > best_score:
            best, best_score = el, score
    if best is not None and best_score >= 50:
        return best, dom.text_of(best)
    if reference:
        return _find_by_text(root, reference), strip_site_name(reference, meta)
    h1s = [el for el in root.iter("h1") if not _in_chrome(el) and len(dom.text_of(el)) >= 10]
    if len(h1s) == 1:
        return h1s[0], dom.text_of(h1s[0])
    if tag_title:
        text = strip_site_name(tag_title, meta)
        return _find_by_text(root, text), text
    return None, None


def strip_site_name(text: str, meta: PageMeta) -> str:
    text = clean_inline(text)
    site = (meta.first("og:site_name") or "").strip()
    if site and text.endswith(site) and len(text) > len(site) + 5:
        return text[: -len(site)].rstrip(" -|–—:»")
    parts = _SEPARATORS.split(text)
    popped = False
    while len(parts) > 1 and _SITE_WORDS.search(parts[-1]) and len(" - ".join(parts[:-1])) >= 15:
        parts.pop()
        popped = True
    return " - ".join(parts) if popped else text


def breadcrumbs(root: HtmlElement, index: dom.Index | None = None) -> list[str]:
    for query, needs in _BREADCRUMBS:
        if index is not None and not any(index.has(attr, part) for attr, part in needs):
            continue
        items = [dom.text_of(el) for el in root.xpath(query)]
        items = [i for i in items if i]
        if items:
            return items
    return []


def _in_chrome(el: HtmlElement) -> bool:
    node: HtmlElement | None = el
    for _ in range(8):
        if node is None:
            break
        if chrome.is_chrome_box(node):
            return True
        node = node.getparent()
    return False


def _find_by_text(root: HtmlElement, text: str) -> HtmlElement | None:
    """The element showing the title, so the date beside it can be found."""
    key = hash_key(text)
    for el in root.xpath("//h1 | //h2 | //h3 | //h4 | //p | //div[not(*)] | //span | //strong | //td"):
        value = dom.text_of(el)
        if value and len(value) <= 2 * len(text) + 20 and key and key in hash_key(value):
            return el
    return None
