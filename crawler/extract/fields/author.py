"""``author`` and ``source``: who wrote the article, and where it was taken from (the bylines).

A byline goes where its label says: "Tác giả:", "Bài và ảnh:", "PV:" name the author; "Nguồn:",
"Nguồn tin:", "Theo …" the source. Only a person's name (or a group of reporters) is an author,
never an account, a unit or the site's name.

``author``, in order (the first that gives a name wins):

1. The lines the site registry's ``author`` override selector matches (else the profile's ``AUTHOR``
   selectors), then those of the ``source`` override (else ``SOURCE``): the first that is an author (a
   line without a label is what its selector says). Author elements side by side in one box are one
   byline ("Quang Vinh - Hải Yến").
2. JSON-LD ``author``: the names of its Person entries (not the site's own name), joined by " - ".
3. The body's own byline: a labelled line among its last lines (or a label and a name in two table
   cells), else a name line set apart at its end (right-aligned, bold or italic: "Thanh Bình/PV").
   When 1 or 2 gave the author, such a name line naming them with other writers replaces it.
4. Just below the body's container, outside it: a labelled line, then a name set apart (right-aligned,
   or bold or italic throughout).
5. The byline markup by the headline (``.byline .author``, ``.author.vcard .fn``, ``a[rel=author]``,
   ``[itemprop=author]``, a bare ``.byline`` "bởi X"), in the headline's box and up to three boxes
   around it, never in comments, related posts or widgets; looked for only when 1 and 2 gave nothing.
6. The lines between the headline and the body: an author labelled there ("Ngày đăng: … | Tác giả:
   X"), else a writer's name beside the date ("Minh Tâm · 03/12/2026 08:30").
7. Metadata: JSON-LD ``author`` (its first entry, a Person) or ``<meta name="author">``,
   ``article:author``, ``dc.creator``, unless it names an account, a unit or the site.
8. When 2 gave the author: the byline as printed, if the page prints one naming the same writers (the
   signature under the text, else the first such line on the page, else the byline by the headline),
   with its case, police rank, bracketed unit and "/PV" ("Đại úy TRẦN MINH ĐỨC" for "Trần Minh Đức").

``source``, in order:

1. The same selectors as the author's 1, in the same order: the first line that is a source (a line
   the ``author`` override or the ``AUTHOR`` selectors match only when a label calls it one).
2. The body's own source line among its last lines ("Nguồn: Báo Công an nhân dân", "Theo TTXVN"),
   or a label and its value in two table cells.
3. A labelled line just below the body's container, outside it.

Steps 1, 2 and 5 are read before the body is pruned (``from_markup``); 3 in the body's assembly
(``crawler.extract.assemble``), 4 when the body is read (``after_body``), the rest in ``read``.
Elements taken by 1 are kept out of the body. A page that is not an article has neither field.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from crawler.extract import assemble as asm
from crawler.extract import bylines, dating, dom, metadata
from crawler.extract.page import Page, clean

_SITE_AUTHOR = re.compile(
    r"(cổng thông tin|trang thông tin|công an (tỉnh|thành phố)|ubnd|^admin$|https?://)", re.I
)


def from_markup(page: Page, author_selectors: tuple[str, ...], source_selectors: tuple[str, ...]) -> None:
    """Steps 1, 2 and the search of 5, before the body is pruned: ``page.author``, ``page.source``, ``page.byline``."""
    # 1. The override selectors, else the profile's.
    page.author, page.source = _from_selectors(page, author_selectors, source_selectors)
    if page.author is None:
        # 2. JSON-LD names the authors plainly: who they are (a printed byline naming them wins: step 8).
        page.author = bylines.from_jsonld(page.meta.ld("author"), page.meta.first("og:site_name") or "")
        page.author_from_jsonld = page.author is not None
        if page.author is not None:
            page.printed_author = bylines.printed_form(page.root, page.author)
    # 5. Byline markup by the headline (WordPress "bởi X"): after the body's own signature.
    page.byline = bylines.near_title(page.headline) if page.author is None or page.author_from_jsonld else None


def after_body(container: HtmlElement, result: asm.Assembled) -> None:
    """4. "Tác giả:" / "Nguồn tin:" lines just below the body container, outside it, then a signature
    set apart there (a right-aligned or bold name)."""
    lines = []
    for line in dating.lines_after(container, 6):
        if len(line) > 160:
            break
        lines.append(clean(line))
    for kind, value in bylines.labelled_lines(lines):
        if kind == "author" and result.author is None:
            result.author = _person(value)
        elif kind == "source" and result.source is None:
            result.source = value
    if result.author is None:
        result.author = bylines.signature_after(container)


def read(page: Page, result: asm.Assembled) -> str | None:
    """The author, once the body is read; sets ``page.signed`` (a sign of an article for the kind)."""
    # 1-4 are in the body's result (the assembly started from the markup's author): only a person counts,
    # and a signature naming more writers with them replaces it.
    author = bylines.fuller(_person(result.author), result.signature)
    page.signed = author is not None or result.source is not None or page.byline is not None
    if author is None:
        # 5. The byline by the headline; 6. the lines below the headline; 7. the metadata.
        author = page.byline or _from_header(page.title_lines) or _from_metadata(page)
    elif page.author_from_jsonld:
        # 8. As printed: JSON-LD said who; the page's own byline says it as the reader sees it.
        author = _as_printed(page, result, author)
    return author


def _as_printed(page: Page, result: asm.Assembled, named: str) -> str:
    """8. The byline printed on the page that names the same writers as JSON-LD, with its case, rank, unit
    and "/PV" ("Đại úy TRẦN MINH ĐỨC" for "Trần Minh Đức"): the signature under the text, else the first such
    line on the page (found before pruning), else the byline markup by the headline."""
    for line in (result.signature, page.printed_author, page.byline):
        value = (line or "").strip(" -–|·•,")
        if value and len(value) <= bylines.PRINTED_MAX_CHARS and bylines.same_people(value, named):
            return bylines.tidy(value)
    return named


def source(result: asm.Assembled) -> str | None:
    """The source, once the body is read: steps 1-3 all end in the body's result."""
    return result.source


def _from_selectors(
    page: Page, author_selectors: tuple[str, ...], source_selectors: tuple[str, ...]
) -> tuple[str | None, str | None]:
    author = source = None
    for field_name, queries in (("author", author_selectors), ("source", source_selectors)):
        nodes = page.overrides.get(field_name)
        candidates: list[Any] = list(nodes) if nodes else []
        if not candidates:
            for query in queries:
                candidates.extend(page.select(query))
        for node in candidates:
            text = clean(dom.text_of(node))
            if not text:
                continue
            labelled = bylines.parse_labelled(text)
            kind, value = labelled if labelled else (field_name, text)
            if dom.is_element(node):
                page.used.add(node)
            if kind == "author" and author is None:
                author = _joined_names(node, candidates, value)
            elif kind == "source" and source is None:
                source = value
    return _person(author), source or None


def _from_header(title_lines: list[list[str]]) -> str | None:
    """6. "Tác giả:" | "Trần Quang" in an info table between the headline and the body, else a name beside
    the date there."""
    if not title_lines:
        return None
    # Each line, then its pieces: "Ngày đăng: … | Tác giả: <a>Quang Vinh</a>" puts the label in one piece.
    lines = [" ".join(part.split()) for pieces in title_lines
             for part in (" ".join(pieces), *(pieces if len(pieces) > 1 else ()))]
    found = next((_person(v) for k, v in bylines.labelled_lines(lines) if k == "author" and _person(v)), None)
    if found is None:
        found = _name_beside_date(title_lines)
    return found


def _from_metadata(page: Page) -> str | None:
    """7. The metadata's author, when it names a person."""
    author = page.meta.ld("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict) and str(author.get("@type", "Person")).lower() != "person":
        author = None
    text = metadata._as_text(author)
    if not text:
        text = page.meta.first("author", "article:author", "dc.creator")
    if not text or _SITE_AUTHOR.search(text) or not bylines.plausible_person(text):
        return None
    site = page.meta.first("og:site_name") or ""
    if site and text.lower() == site.lower():
        return None
    return clean(text) or None


def _name_beside_date(lines: list[list[str]]) -> str | None:
    """The writer's name as one piece of the meta line under the headline: "Minh Tâm · 03/12/2026 08:30"."""
    for pieces in lines[:4]:
        parts = [p.strip(" ·|•-–") for p in pieces]
        parts = [p for p in parts if p]
        if len(parts) < 2 or not any(dating.from_line(p) for p in parts):
            continue
        for part in parts:
            words = part.split()
            if (2 <= len(words) <= 4 and len(part) <= 30 and all(w[:1].isupper() for w in words)
                    and bylines.looks_like_name(part) and bylines.plausible_person(part)
                    and dating.from_line(part) is None):
                return part
    return None


def _person(name: str | None) -> str | None:
    """A byline value that names a person (or reporters); None for an account, a unit or a site name."""
    return name if name and bylines.plausible_person(name) else None


def _joined_names(node: Any, candidates: list[Any], first: str) -> str:
    """Several author elements side by side in one box ("<a>Quang Vinh</a> - <a>Hải Yến</a>") are one byline."""
    if not dom.is_element(node):
        return first
    parent = node.getparent()
    names = [clean(dom.text_of(n)) for n in candidates if dom.is_element(n) and n.getparent() is parent]
    names = list(dict.fromkeys(n for n in names if n))
    plain = all(bylines.parse_labelled(n) is None and bylines.plausible_person(n) for n in names)
    return " - ".join(names) if len(names) > 1 and plain else first
