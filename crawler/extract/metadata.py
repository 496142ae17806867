"""What a page says about itself in machine-readable form: JSON-LD, <meta>, <title>, <base>."""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from crawler.core.text import fix_mojibake

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "scholarlyarticle",
        "report",
        "techarticle",
        "liveblogposting",
    }
)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
# Values compared with the page's headings and stripped of the site's name: repaired before that.
_NAMES = frozenset({"og:title", "twitter:title", "og:site_name", "application-name", "title"})


@dataclass(slots=True)
class PageMeta:
    meta: dict[str, str] = field(default_factory=dict)
    article: dict[str, Any] | None = None
    breadcrumbs: list[str] = field(default_factory=list)
    title_tag: str = ""
    base_url: str = ""
    generator: str = ""
    # "key=value" of the first publication time named in an inline script's data, if any.
    script_published: str = ""

    def first(self, *keys: str) -> str | None:
        for key in keys:
            value = self.meta.get(key)
            if value:
                return value
        return None

    def ld(self, key: str) -> Any:
        return self.article.get(key) if self.article else None

    def ld_text(self, key: str) -> str | None:
        return _as_text(self.ld(key))

    @property
    def og_article(self) -> bool:
        return (self.meta.get("og:type") or "").lower() == "article"


def read(root: HtmlElement, url: str) -> PageMeta:
    """One pass over <meta>, <title>, <base> and JSON-LD scripts. Call before scripts are stripped."""
    page = PageMeta(base_url=url)
    for el in root.iter("meta", "title", "base", "script"):
        tag = el.tag
        if tag == "meta":
            content = el.get("content")
            if content is None:
                continue
            for attr in ("property", "name", "itemprop", "http-equiv"):
                key = el.get(attr)
                if key:
                    key = key.strip().lower()
                    if key in _NAMES:
                        content = fix_mojibake(content)
                    page.meta.setdefault(key, " ".join(content.split()))
        elif tag == "title" and not page.title_tag:
            # Mojibake the document-wide repair left (too little of it to be sure): what is left to undo.
            page.title_tag = " ".join(fix_mojibake("".join(el.itertext())).split())
        elif tag == "base" and el.get("href") and page.base_url == url:
            with contextlib.suppress(ValueError):
                page.base_url = urljoin(url, el.get("href", "").strip())
        elif tag == "script" and "ld+json" in (el.get("type") or "").lower():
            _read_jsonld(page, el.text or "")
        elif tag == "script" and el.text and not page.script_published and "ublish" in el.text:
            # A page-data payload (Next, Nuxt, Gatsby, SharePoint's page context) naming its publication time
            # (every name the pattern knows holds "ublish": a substring test first, scripts are long).
            found = _SCRIPT_PUBLISHED.search(el.text)
            if found:
                page.script_published = f"{found.group(1)}={found.group(2)}"
    page.generator = page.meta.get("generator", "")
    return page


_SCRIPT_PUBLISHED = re.compile(
    r"[\"']?(datePublished|publishedAt|published_at|publishDate|publish_date|FirstPublishedDate|firstPublishedAt)"
    r"[\"']?\s*:\s*[\"'](\d{4}-\d{2}-\d{2}[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)[\"']"
)


def _read_jsonld(page: PageMeta, raw: str) -> None:
    raw = raw.strip()
    if not raw:
        return
    try:
        data = json.loads(raw, strict=False)
    except RecursionError:  # brackets nested thousands deep: junk, not metadata
        return
    except ValueError:
        # Hand-written JSON-LD often has a trailing comma; nothing else is worth repairing.
        try:
            data = json.loads(_TRAILING_COMMA.sub(r"\1", raw), strict=False)
        except (ValueError, RecursionError):
            return
    for obj in _objects(data):
        types = {t.lower() for t in _types(obj)}
        if page.article is None and types & ARTICLE_TYPES:
            page.article = obj
        elif "breadcrumblist" in types and not page.breadcrumbs:
            page.breadcrumbs = _crumbs(obj)


def _objects(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    if depth > 4:
        return []
    found: list[dict[str, Any]] = []
    if isinstance(data, list):
        for item in data:
            found.extend(_objects(item, depth + 1))
    elif isinstance(data, dict):
        found.append(data)
        graph = data.get("@graph")
        if graph is not None:
            found.extend(_objects(graph, depth + 1))
        main = data.get("mainEntity")
        if isinstance(main, dict | list):
            found.extend(_objects(main, depth + 1))
    return found


def _types(obj: dict[str, Any]) -> list[str]:
    value = obj.get("@type")
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _crumbs(obj: dict[str, Any]) -> list[str]:
    items = obj.get("itemListElement")
    if not isinstance(items, list):
        return []

    def position(item: Any) -> float:
        try:
            return float(item.get("position", 0)) if isinstance(item, dict) else 0.0
        except (TypeError, ValueError):
            return 0.0

    names: list[str] = []
    for item in sorted(items, key=position):
        if not isinstance(item, dict):
            continue
        name = _as_text(item.get("name"))
        if name is None and isinstance(item.get("item"), dict):
            name = _as_text(item["item"].get("name"))
        if name:
            names.append(name)
    return names


# Real JSON-LD values nest two or three levels (a list of authors, each an object with a
# name); deeper is junk, and following it could exhaust the stack.
_MAX_VALUE_DEPTH = 8


def _as_text(value: Any, depth: int = 0) -> str | None:
    """A JSON-LD value as one string: names of objects, the first of lists."""
    if value is None or depth > _MAX_VALUE_DEPTH:
        return None
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        return _as_text(value.get("name") or value.get("@value") or value.get("headline"), depth + 1)
    if isinstance(value, list):
        parts = [t for t in (_as_text(v, depth + 1) for v in value) if t]
        return ", ".join(dict.fromkeys(parts)) or None
    return None
