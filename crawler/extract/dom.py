"""Small lxml helpers shared by the profiles: reading text, visibility and alignment, pruning.

Selecting (the attribute index and the CSS engine) lives in ``crawler.extract.query`` and parsing
in ``crawler.extract.decode``; both are re-exported here, where the rest of the package reads them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.decode import parse, selector_for
from crawler.extract.query import Index, first, select, to_xpath

__all__ = [
    "BLOCK_TAGS",
    "HEADING_TAGS",
    "JUNK_TAGS",
    "Index",
    "aligned_by",
    "alignment",
    "ancestors",
    "attrs_text",
    "contains",
    "first",
    "hidden_by",
    "is_element",
    "is_hidden",
    "parse",
    "remove",
    "select",
    "selector_for",
    "strip_junk",
    "tag_of",
    "text_of",
    "to_xpath",
]

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
# Accessibility-hidden classes of Bootstrap, WordPress, Drupal, Plone and HTML5 Boilerplate, and icon fonts
# whose ligature names are text in the markup but an icon on the screen ("schedule", "calendar_today").
_HIDDEN_CLASS = re.compile(
    r"(?:^|\s)(?:hidden|hide|d-none|sr-only|visually-hidden|invisible|screen-reader-text|element-invisible|"
    r"hiddenStructure|visuallyhidden|material-icons(?:-[a-z-]+)?|material-symbols-[a-z-]+)(?:\s|$)"
)
# A word every match of `_HIDDEN_CLASS` holds (`names_match`).
_HIDDEN_CLASS_WORDS = ("hid", "none", "sr-only", "invisible", "screen-reader", "material-")
_ICON_TAGS = frozenset({"mat-icon"})
_ALIGN_STYLE = re.compile(r"text-align\s*:\s*(center|right|justify|left)", re.IGNORECASE)
# "text-right", "text-center", Bootstrap 5's "text-end" (right in a left-to-right page).
# "text-right", "text-end"; a flex box's "justify-end" / "justify-content-end" puts its content on the right.
_ALIGN_CLASS = re.compile(
    r"(?:^|[\s_-])(?:text-)?(center|right)(?:$|[\s_-])|(?:^|\s)(?:text|justify(?:-content)?)-(end)(?:$|\s)",
    re.IGNORECASE,
)
# A word every match of `_ALIGN_CLASS` holds (`names_match`).
_ALIGN_CLASS_WORDS = ("center", "right", "end")


def text_of(node: Any) -> str:
    """The whitespace-collapsed text of an element or the value of an attribute/text result."""
    if isinstance(node, str):
        return " ".join(node.split())
    if node is None:
        return ""
    return " ".join(raw_text(node).split())


def raw_text(node: Any) -> str:
    """An element's text as ``text_content()`` gives it (every descendant text node, no tail), by libxml2's
    text serializer: the XPath ``string()`` behind ``text_content()`` costs about twice as much."""
    try:
        return etree.tostring(node, method="text", encoding=str, with_tail=False)
    except (TypeError, ValueError):
        try:
            return str(node.text_content())
        except (AttributeError, ValueError):
            return "".join(node.itertext()) if hasattr(node, "itertext") else str(node)


def case_odd(text: str) -> bool:
    """Whether lowering ``text`` would not give what a case-insensitive search matches: it holds "İ" (lowered to
    two characters), "ı" or "ſ" (which such a search matches with "i" and "s")."""
    return "\u0130" in text or "\u0131" in text or "\u017f" in text


def matching(texts: list[str], lowered: re.Pattern[str], exact: Callable[[str], object]) -> Iterator[int]:
    """The indices (in order) of the texts in which ``lowered``, a pattern for lower-case text that cannot match a
    NUL, finds a match: one search over them all, joined by NULs, rather than one per text. When lowering would
    not give what a case-insensitive search matches (``case_odd``), each text is asked ``exact`` instead."""
    joined = "\0".join(texts)
    if case_odd(joined):
        yield from (i for i, t in enumerate(texts) if exact(t))
        return
    last = -1
    for match in lowered.finditer(joined.lower()):
        at = joined.count("\0", 0, match.start())  # the text it is in: matches are few, texts many
        if at != last:
            last = at
            yield at


def has_text(el: Any) -> bool:
    """Whether ``text_of(el)`` is not empty."""
    raw = raw_text(el)
    return bool(raw) and not raw.isspace()


def text_longer(el: Any, limit: int) -> bool:
    """``len(text_of(el)) > limit``, collapsing no more of a large element's whitespace than it takes to know."""
    raw = raw_text(el)
    if len(raw) <= limit:
        return False  # collapsing whitespace only shortens a text
    # The collapsed text of a prefix is a prefix of the collapsed text: widen it until it tells.
    size = 2 * limit + 16
    while size < len(raw):
        if len(" ".join(raw[:size].split())) > limit:
            return True
        size *= 4
    return len(" ".join(raw.split())) > limit


def holds_any(text: str, words: Iterable[str]) -> bool:
    """Whether one of ``words`` is in ``text``: the substring tests the first cuts before patterns make (a loop:
    any() over a generator costs more than the tests themselves)."""
    for word in words:  # noqa: SIM110
        if word in text:
            return True
    return False


def names_match(pattern: re.Pattern[str], words: tuple[str, ...], names: str) -> bool:
    """``pattern.search(names)`` for class or id names, after a cheap first cut: every match of ``pattern`` holds
    one of ``words`` (lower case), which plain-ASCII names (nearly all) are tested for first."""
    if names.isascii() and not holds_any(names.lower(), words):
        return False
    return pattern.search(names) is not None


def is_element(node: Any) -> bool:
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


def tag_of(el: Any) -> str:
    """An element's tag ("" for comments and the like). lxml's HTML parser, which made every tree read here,
    writes tags in lower case ("<DIV>" is "div"), so they need no lowering."""
    tag = el.tag
    return tag if isinstance(tag, str) else ""


def attrs_text(el: HtmlElement) -> str:
    """Class and id together, the usual place a template names what a box is for."""
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip()


def is_hidden(el: HtmlElement) -> bool:
    attrs = el.attrib
    if not attrs:
        return tag_of(el) in _ICON_TAGS  # what hides an element without attributes
    return hidden_by(attrs, tag_of(el))


def hidden_by(attrs: Mapping[str, str], tag: str, *, by_class: bool = True) -> bool:
    """`is_hidden` for an element with these attributes and (lower-case) tag; `by_class` False reads a
    class that hides ("hide", "d-none") as showing."""
    if tag in _ICON_TAGS or attrs.get("hidden") is not None or attrs.get("v-cloak") is not None or (
        attrs.get("aria-hidden") == "true" and tag not in ("i", "em", "span")
    ):
        # v-cloak: a Vue template not compiled yet ("{{ date | longDate }}"), hidden until its script runs.
        return True
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    cls = attrs.get("class") if by_class else None
    return cls is not None and cls != "" and names_match(_HIDDEN_CLASS, _HIDDEN_CLASS_WORDS, cls)


def alignment(el: HtmlElement) -> str | None:
    return aligned_by(el.attrib, tag_of(el))


def aligned_by(attrs: Mapping[str, str], tag: str) -> str | None:
    """`alignment` for an element with these attributes and (lower-case) tag."""
    style = attrs.get("style")
    if style:
        match = _ALIGN_STYLE.search(style)
        if match:
            value = match.group(1).lower()
            return value if value in ("center", "right") else None
    align = (attrs.get("align") or "").lower()
    if align in ("center", "right"):
        return align
    if tag == "center":
        return "center"
    cls = attrs.get("class")
    if cls and names_match(_ALIGN_CLASS, _ALIGN_CLASS_WORDS, cls):
        match = _ALIGN_CLASS.search(cls)
        if match:
            return "right" if match.group(2) else match.group(1).lower()
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


# The HTML parser lower-cases tag names, so matching them in C finds what `.lower()` would.
_JUNK_ITER = (etree.Comment, etree.ProcessingInstruction, etree.Entity, *sorted(JUNK_TAGS))


# A heading's permalink anchor, as documentation generators add it: <a class="headerlink" href="#x">¶</a>.
# The body's text nodes holding the given words, as printed (``TEXT_WITH(root, probe="…")``): where a title or a lead
# the metadata gives is printed.
TEXT_WITH = etree.XPath("//body//text()[contains(., $probe)]")
_PERMALINKS = etree.XPath("//a[starts-with(@href, '#')][string-length(normalize-space()) = 1]")
_PERMALINK_SIGNS = frozenset("¶#§")


# A script-rendered app's fallback for readers without scripts (Flarum's <noscript id="flarum-content">), or the
# slot a Vue app fills with its server-rendered text (Wiki.js's <template slot="contents">), holds the page's
# text when it is at least this long and longer than all the rest of the body shows.
APP_FALLBACK_CHARS = 400


def show_app_fallback(root: HtmlElement) -> None:
    """Unwrap the <noscript> or <template> that holds a script-rendered page's whole text, so it is read as the
    page."""
    fallbacks = [(len(" ".join(n.text_content().split())), n) for n in root.iter("noscript", "template")]
    if not fallbacks:
        return
    size, best = max(fallbacks, key=lambda f: f[0])
    body = root.find("body")
    if size < APP_FALLBACK_CHARS or body is None or best.getparent() is None:
        return
    hidden = sum(len(" ".join(n.text_content().split())) for n in body.iter("script", "style", "noscript", "template"))
    if len(" ".join(body.text_content().split())) - hidden < size:
        best.drop_tag()


def strip_junk(root: HtmlElement) -> None:
    """Remove scripts, styles, form controls, comments and headings' permalink anchors in place."""
    doomed = list(root.iter(*_JUNK_ITER))
    doomed += [a for a in _PERMALINKS(root) if a.text_content().strip() in _PERMALINK_SIGNS]
    for el in doomed:
        if el.getparent() is not None:
            remove(el)


# Class names that keep a text's line breaks (Tailwind's "whitespace-pre-line", "…--white-space-pre-wrap").
_KEEPS_LINES = re.compile(r"(?:^|[\s_-])(?:pre-wrap|pre-line|whitespace-pre)(?:$|\s)", re.IGNORECASE)
_KEEPS_LINES_CLASSES = etree.XPath("//*[contains(@class, 'pre-wrap') or contains(@class, 'pre-line') or "
                                   "contains(@class, 'whitespace-pre')]")


def show_line_breaks(root: HtmlElement, index: Index) -> None:
    """Inside an element whose class keeps its text's line breaks (a description rendered with
    `white-space: pre-wrap`, paragraphs separated by blank lines), a <br> after every newline, as the reader sees
    it: its lines are read as lines and paragraphs, not run together."""
    if not (index.has("class", "pre-wrap") or index.has("class", "pre-line") or index.has("class", "whitespace-pre")):
        return
    # Each text once, though holders may nest: an element's text, and the tails of the elements inside a holder.
    texts: dict[tuple[HtmlElement, bool], None] = {}
    for holder in _KEEPS_LINES_CLASSES(root):
        if not _KEEPS_LINES.search(holder.get("class") or ""):
            continue
        for el in holder.iter():
            if isinstance(el.tag, str) and el.tag not in NOT_SHOWN and el.text and "\n" in el.text:
                texts[(el, False)] = None
            if el is not holder and el.tail and "\n" in el.tail:
                texts[(el, True)] = None
    for el, tail in texts:
        _break_after_newlines(el, (el.tail if tail else el.text) or "", tail=tail)


def _break_after_newlines(el: HtmlElement, text: str, *, tail: bool) -> None:
    """Put a <br> after every newline inside ``text``, the element's text or (``tail``) its tail."""
    parts = text.split("\n")
    first, rest = parts[0], parts[1:]
    breaks = []
    for i, part in enumerate(rest):
        br = el.makeelement("br")
        br.tail = part + ("\n" if i < len(rest) - 1 else "")
        breaks.append(br)
    if tail:
        el.tail = first + "\n"
        parent = el.getparent()
        at = parent.index(el) + 1
        for offset, br in enumerate(breaks):
            parent.insert(at + offset, br)
    else:
        el.text = first + "\n"
        for offset, br in enumerate(breaks):
            el.insert(offset, br)


# Elements whose text a reader never sees as page text.
NOT_SHOWN = frozenset({"script", "style", "noscript", "template", "title", "option", "textarea"})


def shown_text(el: HtmlElement) -> str:
    """An element's whitespace-collapsed text without its hidden parts (an icon font's ligature name:
    `<mat-icon aria-hidden="true">person</mat-icon> Minh Anh`); the tail of a hidden element is shown."""
    parts: list[str] = []
    # A comment comes as an event of its own (not as a start and an end): its tail is text of the element around it.
    walker = etree.iterwalk(el, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        if event == "start":
            if node is not el and isinstance(node.tag, str) and is_hidden(node):
                walker.skip_subtree()
                continue
            if isinstance(node.tag, str) and node.text:
                parts.append(node.text)
        elif node is not el and node.tail:
            parts.append(node.tail)
    return " ".join("".join(parts).split())


def text_holders(nodes: Iterable[Any]) -> Iterator[HtmlElement]:
    """The element showing each text node (its parent, or for a tail its parent's parent), each once, in
    order; elements whose text is never shown are left out."""
    seen: set[int] = set()
    for node in nodes:
        el = node.getparent()
        if getattr(node, "is_tail", False) and el is not None:
            el = el.getparent()
        if el is None or id(el) in seen or not isinstance(el.tag, str) or el.tag in NOT_SHOWN:
            continue
        seen.add(id(el))
        yield el


class TextNode(str):
    """A text node's string that knows its element, as lxml's XPath text results do: ``getparent()`` is the element
    whose text (or, with ``is_tail``, whose tail) it is."""

    def __new__(cls, text: str, parent: HtmlElement, is_tail: bool) -> TextNode:
        node = super().__new__(cls, text)
        node._parent = parent
        node.is_tail = is_tail
        return node

    _parent: HtmlElement
    is_tail: bool

    def getparent(self) -> HtmlElement:
        return self._parent


_XPATH_SPACE = " \t\n\r"


def texts_before(el: HtmlElement, box: HtmlElement, limit: int) -> list[Any]:
    """Of the ``limit`` non-blank text nodes nearest before ``el`` (XPath's
    ``preceding::text()[normalize-space()][position() <= limit]``), those inside ``box``, an ancestor of ``el``, in
    document order. Read by walking the box up to ``el``: the preceding axis walks the page before it."""
    found: list[Any] = []
    walker = etree.iterwalk(box, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        if event == "start":
            if node is el:
                return found[-limit:] if limit > 0 else []
            text = node.text
            if text and text.strip(_XPATH_SPACE):
                found.append(TextNode(text, node, False))
            continue
        if node is box:
            break
        tail = node.tail
        if tail and tail.strip(_XPATH_SPACE):
            found.append(TextNode(tail, node, True))
    # ``el`` is not inside ``box``: the axis itself.
    nodes = el.xpath(f"preceding::text()[normalize-space()][position() <= {limit}]")
    return [t for t in nodes if contains(box, t.getparent())]


def texts_after(el: HtmlElement, limit: int) -> list[Any]:
    """The ``limit`` non-blank text nodes nearest after ``el`` and outside it (XPath's
    ``following::text()[normalize-space()][position() <= limit]``), in document order, read by walking forward
    from ``el`` until there are enough: the following axis walks the rest of the page."""
    found: list[Any] = []
    if limit <= 0:
        return found
    node: HtmlElement | None = el
    while node is not None:
        tail = node.tail
        if tail and tail.strip(_XPATH_SPACE):
            found.append(TextNode(tail, node, True))
            if len(found) >= limit:
                return found
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str):
                if _texts_in(sibling, found, limit):
                    return found
            elif sibling.tail and sibling.tail.strip(_XPATH_SPACE):
                found.append(TextNode(sibling.tail, sibling, True))
                if len(found) >= limit:
                    return found
        node = node.getparent()
    return found


def _texts_in(top: HtmlElement, found: list[Any], limit: int) -> bool:
    """Add the non-blank text nodes of an element and of its tail to ``found``, in document order, until it holds
    ``limit``; whether it does."""
    for event, node in etree.iterwalk(top, events=("start", "end", "comment", "pi")):
        text = node.text if event == "start" else node.tail
        if text and text.strip(_XPATH_SPACE):
            found.append(TextNode(text, node, event != "start"))
            if len(found) >= limit:
                return True
    return False


def ancestors(el: Any) -> Iterator[Any]:
    """The element's parent, its parent's parent and so on (lxml's own iterator, not a Python generator)."""
    return el.iterancestors()


def contains(outer: Any, inner: Any) -> bool:
    if outer is inner:
        return True
    for ancestor in inner.iterancestors():  # noqa: SIM110 - a loop: any() over a generator costs more here
        if ancestor is outer:
            return True
    return False


META_COLUMN_CHARS = 500


def meta_column(el: HtmlElement) -> bool:
    """Whether `el` is the article's meta column: a short box beside the article in their own row
    ("<div class='row'><aside>Ngày đăng …</aside><article><h1>…"; a blog's post sidebar with its authors and
    date), not the page's sidebar. Wrappers holding only it count as it."""
    node = el
    parent = node.getparent()
    while parent is not None and tag_of(parent) not in ("body", "html") and sum(
        1 for c in parent if isinstance(c.tag, str)
    ) == 1:
        node, parent = parent, parent.getparent()
    if parent is None or tag_of(parent) in ("body", "html"):
        return False
    children = [c for c in parent if isinstance(c.tag, str)]
    if len(children) > 3 or not any(c is not node and c.find(".//h1") is not None for c in children):
        return False
    # Few words, not a list of links (a related list beside the article is the page's).
    text = len(text_of(node))
    linked = sum(len(text_of(a)) for a in node.iter("a"))
    return text <= META_COLUMN_CHARS and linked < 0.5 * max(text, 1)
