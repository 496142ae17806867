"""Finding the publish date: structured values first, then the date line next to the title.

Never an event date from the lead ("Sáng 20/02/2025, tại Hà Nội, …") and never now:
visible text is only read through ``parse_date_line``, which accepts a line only
when the whole line is a date line, and only near the title.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from lxml.html import HtmlElement

from crawler.dates import TZ, parse_date, parse_date_line, parse_iso
from crawler.extract import dom

Published = datetime | date

# Meta names that carry a publish date, best first. `article:published_time` is here even
# though NukeViet writes it wrong: parse_iso knows that bug.
META_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "date",
    "sailthru.date",
)
# Prefixes some templates put before the date on the same line; stripped before a retry.
_LABELS = (
    "ngày đăng:",
    "ngày đăng",
    "đăng ngày:",
    "đăng ngày",
    "ngày xuất bản:",
    "ngày xuất bản",
    "cập nhật lúc:",
    "cập nhật lúc",
    "cập nhật:",
    "cập nhật",
    "ngày cập nhật:",
    "ngày cập nhật",
    "thời gian đăng:",
    "thời gian:",
    "ngày:",
    "posted on",
    "published:",
    "đăng lúc:",
    "đăng lúc",
)


_SEGMENTS = re.compile(r"\s*[|•·]\s*")


def normalize(value: Any) -> Published | None:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=TZ)
        return value.astimezone(TZ)
    if isinstance(value, date):
        return value
    return None


def from_value(text: str | None) -> Published | None:
    """A date from a machine value (meta content, datetime attribute, JSON-LD)."""
    if not text:
        return None
    text = text.strip()
    if not text:
        return None
    value = normalize(_safe(parse_iso, text))
    if value is None:
        value = normalize(_safe(parse_date, text))
    return value


def from_line(text: str | None) -> Published | None:
    """A date from a visible line, only if the line is a date line."""
    if not text:
        return None
    text = " ".join(text.split())
    if not text or len(text) > 120:
        return None
    value = normalize(_safe(parse_date_line, text))
    if value is not None:
        return value
    value = _without_label(text)
    if value is not None:
        return value
    # "Ngày đăng: 03-05-2024 | Lượt xem: 1.203": a date line sharing its line with counters.
    parts = [p.strip() for p in _SEGMENTS.split(text) if p.strip()]
    if len(parts) > 1:
        for part in parts:
            value = normalize(_safe(parse_date_line, part)) or _without_label(part)
            if value is not None:
                return value
    return None


def _without_label(text: str) -> Published | None:
    lowered = text.lower()
    for label in _LABELS:
        if lowered.startswith(label):
            return normalize(_safe(parse_date_line, text[len(label) :].strip(" :|-")))
    return None


def from_meta(meta: dict[str, str]) -> Published | None:
    for key in META_KEYS:
        value = from_value(meta.get(key))
        if value is not None:
            return value
    return None


def near(title_el: HtmlElement, *, after: int = 10, before: int = 4) -> Published | None:
    """The first date line right after the title (or just above it, inside the title's box)."""
    for line in lines_after(title_el, after):
        if len(line) > 200:
            break
        value = from_line(line)
        if value is not None:
            return value
    box = title_el.getparent()
    if box is not None and box.getparent() is not None:
        box = box.getparent()
    if box is None:
        return None
    for line in reversed(lines_before(title_el, before, box)):
        value = from_line(line)
        if value is not None:
            return value
    return None


def lines_after(el: HtmlElement, limit: int) -> list[str]:
    texts = el.xpath(f"following::text()[normalize-space()][position() <= {limit * 4}]")
    return _group(texts, limit)


def lines_before(el: HtmlElement, limit: int, box: HtmlElement) -> list[str]:
    texts = [
        t
        for t in el.xpath(f"preceding::text()[normalize-space()][position() <= {limit * 4}]")
        if dom.contains(box, t.getparent())
    ]
    lines = _group(texts, 10_000)
    return lines[-limit:]


def _group(texts: list[Any], limit: int) -> list[str]:
    """Join text nodes that share a block-level element into one visible line."""
    lines: list[str] = []
    current: list[str] = []
    current_block: Any = None
    for text in texts:
        parent = text.getparent()
        if parent is None:
            continue
        is_tail = bool(getattr(text, "is_tail", False))
        holder = parent.getparent() if is_tail else parent
        if holder is None or (not is_tail and dom.is_hidden(parent)):
            continue
        block = _block_of(holder)
        # A <br> ends a visible line as much as a new block does.
        if (block is not current_block or (is_tail and dom.tag_of(parent) == "br")) and current:
            lines.append(" ".join(" ".join(current).split()))
            current = []
            if len(lines) >= limit:
                return lines
        current_block = block
        current.append(str(text))
    if current and len(lines) < limit:
        lines.append(" ".join(" ".join(current).split()))
    return lines


def _block_of(el: HtmlElement) -> HtmlElement:
    node: HtmlElement | None = el
    while node is not None and dom.tag_of(node) not in dom.BLOCK_TAGS:
        node = node.getparent()
    return node if node is not None else el


def _safe(fn: Any, text: str) -> Any:
    # The date helpers are strict parsers; junk from a page must never raise out of extraction.
    try:
        return fn(text)
    except (ValueError, TypeError, OverflowError):
        return None
