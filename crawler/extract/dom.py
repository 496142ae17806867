"""Small lxml helpers shared by the profiles: selecting, reading text, pruning."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

log = logging.getLogger(__name__)

# Removed before anything reads text: never content, and their text would pollute every count.
# JSON-LD lives in <script>, so metadata is read before this runs.
JUNK_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "select",
        "textarea",
        "button",
        "input",
        "map",
        "video",
        "audio",
        "head",
    }
)
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "center",
        "address",
        "hr",
        "details",
        "summary",
        "body",
        "html",
        "marquee",
        "legend",
        "label",
    }
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:hidden|hide|d-none|sr-only|visually-hidden|invisible)(?:\s|$)")
_ALIGN_STYLE = re.compile(r"text-align\s*:\s*(center|right|justify|left)", re.IGNORECASE)
_ALIGN_CLASS = re.compile(r"(?:^|[\s_-])(?:text-)?(center|right)(?:$|[\s_-])", re.IGNORECASE)
_WS = re.compile(r"\s+")

_css = HTMLTranslator()


@lru_cache(maxsize=512)
def to_xpath(query: str) -> str:
    """A CSS or XPath query as XPath. XPath when it starts with "/" or "(", like the site registry."""
    query = query.strip()
    if query.startswith(("/", "(")):
        return query
    return _css.css_to_xpath(query)


def select(root: Any, query: str) -> list[Any]:
    """Elements or strings matched by a CSS/XPath query; a broken query matches nothing.

    Queries come from profile constants and the site registry; a typo in one site's
    registry entry must not take the crawler down, so it is logged and ignored.
    """
    try:
        return list(root.xpath(to_xpath(query)))
    except (etree.XPathError, ValueError, SyntaxError, TypeError) as exc:
        log.warning("bad selector %r: %s", query, exc)
        return []
    except Exception as exc:  # cssselect raises its own error types
        log.warning("bad selector %r: %s", query, exc)
        return []


def first(root: Any, queries: Iterable[str]) -> Any | None:
    for query in queries:
        for hit in select(root, query):
            return hit
    return None


def text_of(node: Any) -> str:
    """The whitespace-collapsed text of an element or the value of an attribute/text result."""
    if isinstance(node, str):
        return _WS.sub(" ", node).strip()
    if node is None:
        return ""
    try:
        raw = node.text_content()
    except (AttributeError, ValueError):
        raw = "".join(node.itertext()) if hasattr(node, "itertext") else str(node)
    return _WS.sub(" ", raw).strip()


def is_element(node: Any) -> bool:
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


def tag_of(el: Any) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def attrs_text(el: HtmlElement) -> str:
    """Class and id together, the usual place a template names what a box is for."""
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip()


def is_hidden(el: HtmlElement) -> bool:
    if el.get("hidden") is not None or (
        el.get("aria-hidden") == "true" and tag_of(el) not in ("i", "em", "span")
    ):
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    cls = el.get("class")
    return bool(cls and _HIDDEN_CLASS.search(cls))


def alignment(el: HtmlElement) -> str | None:
    style = el.get("style")
    if style:
        match = _ALIGN_STYLE.search(style)
        if match:
            value = match.group(1).lower()
            return value if value in ("center", "right") else None
    align = (el.get("align") or "").lower()
    if align in ("center", "right"):
        return align
    if tag_of(el) == "center":
        return "center"
    cls = el.get("class")
    if cls:
        match = _ALIGN_CLASS.search(cls)
        if match:
            return match.group(1).lower()
    return None


def remove(el: Any) -> None:
    """Drop an element but keep its tail text, which belongs to the parent."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def strip_junk(root: HtmlElement) -> None:
    """Remove scripts, styles, form controls and comments in place."""
    doomed = [el for el in root.iter() if not isinstance(el.tag, str) or el.tag.lower() in JUNK_TAGS]
    for el in doomed:
        if el.getparent() is not None:
            remove(el)


def ancestors(el: Any) -> Iterator[Any]:
    node = el.getparent()
    while node is not None:
        yield node
        node = node.getparent()


def contains(outer: Any, inner: Any) -> bool:
    if outer is inner:
        return True
    return any(a is outer for a in ancestors(inner))


def selector_for(html: str) -> Selector:
    return Selector(text=html or "<html></html>", type="html")
