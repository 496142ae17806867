"""Flatten an element into the blocks a reader sees: paragraphs and images, in order.

A block keeps what the later steps need to judge it without looking at the tree
again: how much of it is link text, whether it is all italic or bold, its
alignment, whether a template marked it as a caption, and the element that
holds it (for the content-density scoring of unknown templates).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TypeVar
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement

from crawler.core.text import clean, has_alnum, is_blank
from crawler.extract import dom
from crawler.extract.article import Image

_CAPTION_BOX = re.compile(
    r"(?:^|[\s_-])(caption|captions|wp-caption-text|figcaption|chu[-_]?thich|"
    r"(?:img|image|photo|pic|picture|anh|hinh)[-_]{0,2}(?:desc|description|caption|note|title|text)|"
    r"desc[-_]?img|imgcaption|PhotoCMS_Caption|expNoEdit)(?=$|[\s_-])"
    # A camel-case name ending in "Caption" (K2's "itemImageCaption", "newsPhotoCaption").
    r"|(?-i:[a-z](?:Image|Img|Photo|Pic)?Caption)(?=$|[\s_-])",
    re.IGNORECASE,
)
# A word every match of `_CAPTION_BOX` holds (`dom.names_match`): a "title" or "text" box (common names) is one
# only after a picture's word.
_CAPTION_BOX_WORDS = ("caption", "thich", "desc", "img", "image", "photo", "pic", "anh", "hinh", "expnoedit")
_FIGURE_BOX = re.compile(
    r"(?:^|[\s_-])(wp-caption|figure|image-box|img-box|photo-box|VCSortableInPreviewMode|PhotoCMS)(?=$|[\s_-])",
    re.IGNORECASE,
)
_ICON_SRC = re.compile(
    r"(icon|logo|spacer|blank\.gif|pixel|emoji|loading|loader|placeholder|/smilies?/|no-?image|\.svg$)",
    re.IGNORECASE,
)
# The same for an address lowered once (a case-insensitive alternation is several times slower).
_ICON_SRC_LC = re.compile(_ICON_SRC.pattern)


def _icon(src: str) -> bool:
    """An address naming an icon, a logo, a spacer or a placeholder rather than a photo."""
    if dom.case_odd(src):
        return _ICON_SRC.search(src) is not None
    return _ICON_SRC_LC.search(src.lower()) is not None


_LAZY_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-url", "data-full-src")
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)


@dataclass(slots=True)
class Block:
    text: str
    owner: HtmlElement
    link_chars: int = 0
    italic: bool = False
    bold: bool = False
    align: str | None = None
    heading: bool = False
    caption: bool = False
    in_table: bool = False
    image: Image | None = None

    @property
    def link_ratio(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass(slots=True, frozen=True)
class _Ctx:
    link: bool = False
    italic: bool = False
    bold: bool = False
    align: str | None = None
    heading: bool = False
    caption: bool = False
    in_table: bool = False


_NO_ATTRS: dict[str, str] = {}
_T = TypeVar("_T")
# What `_Walker.enter` asks of every element, bound here: a module attribute costs a lookup each time.
_JUNK_TAGS, _BLOCK_TAGS, _HEADING_TAGS = dom.JUNK_TAGS, dom.BLOCK_TAGS, dom.HEADING_TAGS
_hidden_by, _aligned_by = dom.hidden_by, dom.aligned_by
# Besides <figure> and <table>, the tags `visit_figure` reads as a figure box when their class says so.
_FIGURE_HOLDERS = frozenset({"div", "p", "span", "dl"})
_CTXS: dict[tuple[bool, bool, bool, str | None, bool, bool, bool], _Ctx] = {}


def _ctx(
    link: bool, italic: bool, bold: bool, align: str | None, heading: bool, caption: bool, in_table: bool
) -> _Ctx:
    """A shared `_Ctx` (they are immutable, and a frozen dataclass is slow to build)."""
    key = (link, italic, bold, align, heading, caption, in_table)
    found = _CTXS.get(key)
    if found is None:
        found = _CTXS[key] = _Ctx(link, italic, bold, align, heading, caption, in_table)
    return found


def image_url(img: HtmlElement, base_url: str) -> str | None:
    src = (img.get("src") or "").strip()
    lazy = next(
        (v for v in (img.get(a, "").strip() for a in _LAZY_ATTRS) if v and not v.startswith("data:")), ""
    )
    # Lazy-loading templates put a placeholder in src and the photo in data-*.
    if lazy and (not src or src.startswith("data:") or _icon(src)):
        src = lazy
    if not src or src.startswith(("data:", "javascript:")) or _icon(src):
        return None
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < 48:
            return None
    try:
        return urljoin(base_url, src)
    except ValueError:  # "http://[::1" and other unparseable addresses
        return None


class _Walker:
    def __init__(
        self,
        root: HtmlElement,
        base_url: str,
        skip: Callable[[HtmlElement], bool] | None,
        hidden_classes: bool = True,
        record: dict[HtmlElement, _Ctx] | None = None,
    ) -> None:
        self.base_url = base_url
        self.skip = skip
        self.hidden_classes = hidden_classes
        self.record = record
        self.root = root  # what the walk reads (the pictures under it are found once, `pictured`)
        # (elements holding a picture, elements holding one within two levels), read when first needed.
        self.pictured: tuple[set[HtmlElement], set[HtmlElement]] | None = None
        self.blocks: list[Block] = []
        # (text, ctx) pieces of the paragraph being read.
        self.buf: list[tuple[str, _Ctx]] = []
        self.owners: list[HtmlElement] = []

    def add(self, text: str | None, ctx: _Ctx) -> None:
        if text:
            self.buf.append((text, ctx))

    def flush(self) -> None:
        pieces = self.buf
        if not pieces:
            return
        self.buf = []
        if len(pieces) == 1:
            # One piece: its shares of links, italics and bold are all or nothing, so its size does not count.
            raw, last = pieces[0]
            if raw.isspace():
                return  # only whitespace, which cleaning empties
            text = clean(raw)
            if not text or _blank(text):
                return
            total = 1
            linked = total if last.link else 0
            italic = total if last.italic else 0
            bold = total if last.bold or last.heading else 0
            heading = last.heading
            caption = last.caption
        else:
            # Each piece's size in non-space characters.
            sized = [(len("".join(p[0].split())), p[1]) for p in pieces]
            total = sum(p[0] for p in sized)
            if not total:
                return
            text = clean("".join([p[0] for p in pieces]))
            if not text or _blank(text):
                return
            linked = sum(p[0] for p in sized if p[1].link)
            italic = sum(p[0] for p in sized if p[1].italic)
            bold = sum(p[0] for p in sized if p[1].bold or p[1].heading)
            heading = any(p[1].heading for p in pieces)
            # Whitespace between the pieces (a template's indentation around a caption <span>) is no text of its own.
            caption = all(p[1].caption for p in sized if p[0])
            last = pieces[-1][1]
        self.blocks.append(
            Block(
                text,
                self.owners[-1],
                round(len(text) * linked / total),
                italic >= 0.9 * total,
                bold >= 0.9 * total,
                last.align,
                heading,
                caption,
                last.in_table,
            )
        )

    def emit_image(self, img: HtmlElement, caption: str | None, ctx: _Ctx) -> None:
        url = image_url(img, self.base_url)
        if url is None:
            return
        alt = clean(img.get("alt") or img.get("title") or "")
        cap = clean(caption) if caption else None
        self.blocks.append(
            Block(
                text=alt,
                owner=self.owners[-1],
                align=ctx.align,
                in_table=ctx.in_table,
                image=Image(url=url, caption=cap or None),
            )
        )

    def run(self, parent: HtmlElement, ctx: _Ctx) -> None:
        """Walk the children of `parent` in document order.

        lxml's iterwalk rather than recursion: broken pages nest thousands of unclosed
        <div>s deep, and Python's recursion limit is not a parser's.
        """
        events = etree.iterwalk(parent, events=("start", "end", "comment", "pi"))
        next(events)  # the start of `parent` itself
        # Per open element, the context its children are read in (None for an element that was
        # not entered: its subtree is skipped). A block entered is on top of `owners` until it ends.
        open_: list[_Ctx | None] = [ctx]
        owners = self.owners
        # Bound once: this loop runs for every element of the page.
        enter, push, pop, skip_subtree = self.enter, open_.append, open_.pop, events.skip_subtree
        for event, el in events:
            if event == "start":
                child_ctx = enter(el, open_[-1])  # type: ignore[arg-type]
                if child_ctx is None:
                    skip_subtree()
                push(child_ctx)
                continue
            if event == "end":
                pop()
                if el is parent:
                    break
                if owners[-1] is el:
                    self.flush()
                    owners.pop()
            # The tail is text of the parent, after this element (comments and PIs have no end event).
            tail = el.tail
            if tail:
                self.buf.append((tail, open_[-1]))  # type: ignore[arg-type]

    def enter(self, el: HtmlElement, ctx: _Ctx) -> _Ctx | None:
        """Read an element's start; the context for its children, or None when they are not to be read.
        A block element is pushed on `owners`."""
        tag = el.tag
        if not isinstance(tag, str):
            return None
        if tag in _JUNK_TAGS:
            return None
        # Most elements have no attributes at all: then every attribute test below is known
        # to fail. The others have theirs read once (the first of a repeated name wins, as in get()).
        items = el.items()
        attrs: dict[str, str] = dict(reversed(items)) if items else _NO_ATTRS
        if items and (_hidden_by(attrs, tag, by_class=self.hidden_classes)
                      or attrs.get("data-cke-bookmark") is not None):
            return None
        if self.skip is not None and self.skip(el):
            return None
        if tag == "br":
            if self.buf:
                self.flush()
            return None
        if tag == "img":
            if self.buf:
                self.flush()
            self.emit_image(el, None, ctx)
            return None
        if tag == "figure" or tag == "table" or (items and tag in _FIGURE_HOLDERS):
            # Every kind of figure holds a picture: most boxes are turned away here, without a call.
            pictured = self.pictured
            if pictured is None:
                pictured = self.pictured = _pictured(self.root)
            if el in pictured[0] and self.visit_figure(el, tag, ctx, attrs.get("class")):
                return None
        if tag in _BLOCK_TAGS:
            if self.buf:
                self.flush()
            self.owners.append(el)
            if items:
                align = _aligned_by(attrs, tag)
                caption = (
                    ctx.caption
                    or tag in ("figcaption", "caption")
                    or _names_caption_box(attrs.get("class"))
                )
            else:
                align = "center" if tag == "center" else None
                caption = ctx.caption or tag in ("figcaption", "caption")
            ctx = _ctx(
                ctx.link,
                ctx.italic,
                ctx.bold,
                align or ctx.align,
                ctx.heading or tag in _HEADING_TAGS,
                caption,
                ctx.in_table or tag in ("td", "th"),
            )
            if self.record is not None:
                self.record[el] = ctx
        elif items:
            ctx = self.inline_ctx(attrs, tag, ctx)
        else:
            italic = ctx.italic or tag in ("em", "i", "cite")
            bold = ctx.bold or tag in ("strong", "b")
            if italic != ctx.italic or bold != ctx.bold:
                ctx = _ctx(ctx.link, italic, bold, ctx.align, ctx.heading, ctx.caption, ctx.in_table)
        text = el.text
        if text:
            self.buf.append((text, ctx))
        return ctx

    @staticmethod
    def inline_ctx(attrs: Mapping[str, str], tag: str, ctx: _Ctx) -> _Ctx:
        link = ctx.link or (tag == "a" and bool(attrs.get("href")))
        italic = ctx.italic or tag in ("em", "i", "cite")
        bold = ctx.bold or tag in ("strong", "b")
        style = attrs.get("style")
        if style:
            italic = italic or bool(_ITALIC_STYLE.search(style))
            bold = bold or bool(_BOLD_STYLE.search(style))
        caption = ctx.caption or _names_caption_box(attrs.get("class"))
        if (link, italic, bold, caption) == (ctx.link, ctx.italic, ctx.bold, ctx.caption):
            return ctx
        return _ctx(link, italic, bold, ctx.align, ctx.heading, caption, ctx.in_table)

    def visit_figure(self, el: HtmlElement, tag: str, ctx: _Ctx, names: str | None) -> bool:
        """Figures, CKEditor image tables and caption boxes become image blocks with captions.
        `names` is the element's class attribute."""
        if self.pictured is None:
            self.pictured = _pictured(self.root)
        holders, near = self.pictured
        if el not in holders:
            return False  # no picture: every kind below needs one
        if tag == "figure":
            pass
        elif tag == "table":
            if not _is_image_table(el):
                return False
        elif tag in ("div", "p", "span", "dl"):
            if not names or not (_FIGURE_BOX.search(names) or (el in near and _captioned_image(el))):
                return False
        else:
            return False
        images = [img for img in el.iter("img") if not any(dom.is_hidden(a) for a in _between(img, el))]
        if not images:
            return False
        self.flush()
        self.owners.append(el)
        caption_el = el.find(".//figcaption")
        if caption_el is None:
            caption_el = el.find(".//caption")
        if caption_el is None:
            for node in el.iter():
                if _names_caption(node):
                    caption_el = node
                    break
        caption = dom.text_of(caption_el) if caption_el is not None else _loose_text(el)
        align = dom.alignment(el) or ctx.align
        for i, img in enumerate(images):
            self.emit_image(img, caption if i == len(images) - 1 else None, _Ctx(align=align))
        self.owners.pop()
        return True


FIGURE_TEXT_CHARS = 300


def _captioned_image(el: HtmlElement) -> bool:
    """A box (named anyhow: "cmp-image") holding, within two levels, a picture (the caller knows) and an element
    named as its caption, and little else. Only two levels are looked at: every named box of the page is asked."""
    near = [n for child in el if isinstance(child.tag, str) for n in (child, *child)]
    return any(_names_caption(n) for n in near) and not dom.text_longer(el, FIGURE_TEXT_CHARS)


def _pictured(root: HtmlElement) -> tuple[set[HtmlElement], set[HtmlElement]]:
    """The elements under ``root`` (and it) that hold a picture, and those that hold one within two levels: read
    once per walk from the pictures up, instead of a search under every box the walk asks about."""
    holders: set[HtmlElement] = set()
    near: set[HtmlElement] = set()
    for img in root.iter("img"):
        for depth, holder in enumerate(img.iterancestors()):
            if depth < 2:
                near.add(holder)
            elif holder in holders:
                break  # its ancestors are in already
            holders.add(holder)
            if holder is root:
                break
    return holders, near


def _names_caption(node: HtmlElement) -> bool:
    """An element named as a picture's caption: by its class, or schema.org's `itemprop="caption"`."""
    return isinstance(node.tag, str) and (
        node.get("itemprop") == "caption" or _names_caption_box(node.get("class"))
    )


def _names_caption_box(names: str | None) -> bool:
    """A class attribute naming a caption box."""
    return names is not None and names != "" and dom.names_match(_CAPTION_BOX, _CAPTION_BOX_WORDS, names)


def _blank(text: str) -> bool:
    """`is_blank` for text `clean` returned: cleaning it again changes nothing unless
    removing invisible characters left it outside NFC."""
    if unicodedata.is_normalized("NFC", text):
        return not has_alnum(text)
    return is_blank(text)


def _between(img: HtmlElement, top: HtmlElement) -> list[HtmlElement]:
    chain = [img]
    for a in dom.ancestors(img):
        if a is top:
            break
        chain.append(a)
    return chain


def _loose_text(el: HtmlElement) -> str | None:
    text = dom.text_of(el)
    return text if text and len(text) <= 400 else None


def _is_image_table(table: HtmlElement) -> bool:
    """CKEditor's old image+caption table, or a layout table holding one photo and a short line."""
    names = table.get("class") or ""
    imgs = table.findall(".//img")
    if not imgs:
        return False
    if "image" in names.split() or table.find("caption") is not None:
        return True
    rows = table.findall(".//tr")
    return len(imgs) == 1 and len(rows) <= 3 and not dom.text_longer(table, 400)


def walk(
    root: HtmlElement,
    base_url: str,
    *,
    skip: Callable[[HtmlElement], bool] | None = None,
    hidden_classes: bool = True,
    record: dict[HtmlElement, _Ctx] | None = None,
) -> list[Block]:
    """The text blocks and images under `root`, in order, without hidden elements (with `hidden_classes`
    False, an element a class hides is read: a client app's load-time "hide"). `record`, when given, gets
    the context each block element's children are read in (for `reuse`)."""
    walker = _Walker(root, base_url, skip, hidden_classes, record)
    walker.owners.append(root)
    tag = dom.tag_of(root)
    ctx = _start_ctx(root)
    if tag == "img":
        walker.emit_image(root, None, ctx)
        return walker.blocks
    if walker.visit_figure(root, tag, ctx, root.get("class")):
        return walker.blocks
    walker.add(root.text, ctx)
    walker.run(root, ctx)
    walker.flush()
    return walker.blocks


def _start_ctx(root: HtmlElement) -> _Ctx:
    """The context a walk starting at `root` reads its children in."""
    tag = dom.tag_of(root)
    return _Ctx(align=dom.alignment(root), in_table=tag in ("td", "th"))


def reuse(
    blocks: list[Block], record: dict[HtmlElement, _Ctx], container: HtmlElement, skip: set[HtmlElement]
) -> list[Block] | None:
    """What ``walk(container, skip=skip.__contains__)`` would give, taken from the blocks of a walk of the
    whole page (made with `record`), or None when they may differ and the container must be walked.

    They agree when the page's walk read the container's children with no bold, italics, link, heading or
    caption around them (as a walk from the container starts), and when every skipped element inside it is a
    block element without text after it in its parent (skipping it then only drops its own blocks: skipping an
    inline element would cut a paragraph's text, and text on both sides of a skipped block would join). An
    alignment or a table cell around the container (a layout table's centred cell) changes no text: only the
    blocks' ``align`` and ``in_table``, which are then read again as the container's walk reads them
    (`_Rebase`).
    """
    recorded = record.get(container)
    if recorded is None:
        return None
    start = _start_ctx(container)
    rebase: _Rebase | None = None
    if recorded != start:
        if (recorded.link, recorded.italic, recorded.bold, recorded.heading, recorded.caption) != (
            start.link, start.italic, start.bold, start.heading, start.caption
        ):
            return None
        rebase = _Rebase(container, start, record)
    inside: set[HtmlElement] = set()
    for el in skip:
        if el is container or not dom.contains(container, el):
            continue
        if dom.tag_of(el) not in dom.BLOCK_TAGS or (el.tail and el.tail.strip()):
            return None
        inside.add(el)
    kept: list[Block] = []
    verdict: dict[HtmlElement, bool] = {container: True}
    for block in blocks:
        chain: list[HtmlElement] = []
        node: HtmlElement | None = block.owner
        keep = False
        while node is not None:
            known = verdict.get(node)
            if known is not None:
                keep = known
                break
            if node in inside:
                keep = False
                break
            chain.append(node)
            node = node.getparent()
        for el in chain:
            verdict[el] = keep
        if keep:
            kept.append(block if rebase is None else rebase(block))
    return kept


class _Rebase:
    """A block of the page's walk as a walk from ``container`` gives it, when only the alignment and the table
    cell the page's walk read the container in differ from the walk's start (``start``).

    In a walk, the context an element's children are read in takes its alignment from the element when it is a
    block element that names one (`dom.aligned_by`), else from its parent's; its ``in_table`` when it is a cell,
    else from its parent's; inline elements pass both on. A text or image block has its owner's (the block
    element it is read in: its pieces and pictures hang below the owner with no other block between). A figure
    (an owner the page's walk did not record: `_Walker.visit_figure` reads it whole) takes its own alignment,
    else its parent's, and is never in a table.
    """

    def __init__(self, container: HtmlElement, start: _Ctx, record: Mapping[HtmlElement, _Ctx]) -> None:
        self.record = record
        self.align: dict[HtmlElement, str | None] = {container: start.align}
        self.in_table: dict[HtmlElement, bool] = {container: start.in_table}

    def __call__(self, block: Block) -> Block:
        owner = block.owner
        if owner in self.record:
            align, in_table = self._align(owner), self._in_table(owner)
        else:
            parent = owner.getparent()
            align, in_table = dom.alignment(owner) or self._align(parent), block.in_table
        if align == block.align and in_table == block.in_table:
            return block
        return replace(block, align=align, in_table=in_table)

    def _align(self, el: HtmlElement) -> str | None:
        return _down_to(el, self.align, _own_align)

    def _in_table(self, el: HtmlElement) -> bool:
        return _down_to(el, self.in_table, _own_cell)


def _down_to(el: HtmlElement, known: dict[HtmlElement, _T], step: Callable[[HtmlElement, _T], _T]) -> _T:
    """A value each element takes from its parent's (``step``), for ``el``: from its nearest ancestor in ``known``
    down, keeping each one's on the way."""
    chain: list[HtmlElement] = []
    node = el
    while node not in known:
        chain.append(node)
        node = node.getparent()
    value = known[node]
    for node in reversed(chain):
        value = known[node] = step(node, value)
    return value


def _own_align(el: HtmlElement, inherited: str | None) -> str | None:
    tag = dom.tag_of(el)
    return (_aligned_by(el.attrib, tag) or inherited) if tag in _BLOCK_TAGS else inherited


def _own_cell(el: HtmlElement, inherited: bool) -> bool:
    return inherited or dom.tag_of(el) in ("td", "th")  # cells are block elements
