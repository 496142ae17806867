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
   around it, never in comments, related posts or widgets, then in the article's meta column beside it; a
   class "tacgia" counts; looked for only when 1 and 2 gave nothing.
6. The lines by the headline: an author labelled between the headline and the body ("Ngày đăng: … |
   Tác giả: X"), else a writer's name (with a unit in brackets or not) beside the date ("Minh Tâm ·
   03/12/2026 08:30", one text or several) or on a line of its own right above or below the date line (an
   avatar card, without the initials its avatar prints), else the writers beside the date on the body's first
   line, a meta line read inside the container (it leaves the body whatever the author), else an author
   labelled just above the headline in its box ("Bài, ảnh: X" over the title).
7. The one labelled byline the page prints ("Tác giả: X" in an info box), when every labelled byline
   on the page names the same writer (read before the page is pruned).
8. Metadata: JSON-LD ``author`` (its first entry, a Person) or ``<meta name="author">``,
   ``article:author``, ``dc.creator``, unless it names an account, a unit, the site, a CMS or whoever the
   page says made the site ("Thiết kế: X", "Designed by X").
9. When 2 gave the author: the byline as printed, if the page prints one naming the same writers (the
   signature under the text, else the first such line on the page, else the byline by the headline),
   with its case, police rank, bracketed unit and "/PV" ("Đại úy TRẦN MINH ĐỨC" for "Trần Minh Đức").

``source``, in order:

1. The same selectors as the author's 1, in the same order: the first line that is a source (a line
   the ``author`` override or the ``AUTHOR`` selectors match only when a label calls it one).
2. The body's own source line among its last lines ("Nguồn: Báo Công an nhân dân", "Theo TTXVN"),
   or a label and its value in two table cells.
3. A labelled line just below the body's container, outside it.

Steps 1, 2, 5, 7 and the search of 9 are read before the body is pruned (``from_markup``); 3 in the
body's assembly (``crawler.extract.assemble``), 4 when the body is read (``after_body``), the rest in
``read``. Elements taken by 1 are kept out of the body, and so is a first body line that is the author's name
alone (the byline by the headline, read again inside the container). A page that is not an article has neither
field.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from crawler.core.text import has_alnum
from crawler.extract import assemble as asm
from crawler.extract import bylines, chrome, dating, dom, metadata
from crawler.extract.page import Page, clean
from crawler.extract.published.evidence import RELATIVE

_SITE_AUTHOR = re.compile(
    r"(cổng thông tin|trang thông tin|công an (tỉnh|thành phố)|ubnd|^admin$|https?://)", re.I
)


def from_markup(page: Page, author_selectors: tuple[str, ...], source_selectors: tuple[str, ...]) -> None:
    """Steps 1, 2 and the search of 5, before the body is pruned: ``page.author``, ``page.source``, ``page.byline``."""
    # 1. The override selectors, else the profile's.
    page.author, page.source = _from_selectors(page, author_selectors, source_selectors)
    if page.author is None:
        # 2. JSON-LD names the authors plainly: who they are (a printed byline naming them wins: step 9).
        page.author = bylines.from_jsonld(page.meta.ld("author"), page.meta.first("og:site_name") or "")
        page.author_from_jsonld = page.author is not None
        if page.author is not None:
            page.printed_author = bylines.printed_form(page.root, page.author)
    # 5. Byline markup by the headline (WordPress "bởi X"): after the body's own signature.
    wanted = page.author is None or page.author_from_jsonld
    page.byline = bylines.near_title(page.headline, page.index) if wanted else None
    if page.author is None and page.byline is None:
        # 7. A labelled byline printed once on the page ("Tác giả: X" in an info box), read before pruning;
        # not needed when 1, 2 or 5 already name the author.
        page.labelled_author = _labelled_once(page.root)


def after_body(container: HtmlElement, result: asm.Assembled) -> None:
    """4. "Tác giả:" / "Nguồn tin:" lines just below the body container, outside it, then a signature
    set apart there (a right-aligned or bold name), then a name line over the date line there."""
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
    signed = bylines.signature_after(container) if result.author is None else None
    if signed is not None:
        result.author, credited = signed
        result.source = result.source or credited
    if result.author is None and len(lines) >= 2 and bylines.looks_like_name(lines[0]) and (
            bylines.plausible_person(lines[0]) and chrome.is_meta_line(lines[1])):
        # The writer's name on its own line, then the date line, in one box under the text.
        result.author = bylines.tidy(lines[0])


def read(page: Page, result: asm.Assembled) -> str | None:
    """The author, once the body is read; sets ``page.signed`` (a sign of an article for the kind)."""
    # 1-4 are in the body's result (the assembly started from the markup's author): only a person counts,
    # and a signature naming more writers with them replaces it.
    author = bylines.fuller(_person(result.author), result.signature)
    # The body's first line may be the meta line with the writers beside the date, read inside the container
    # ("Quang Vinh - Hải Yến Chủ nhật, 29/09/2024 | 19:45"): not the story's text, and step 6's names.
    beside = chrome.beside_the_date(result.body[0]) if result.body else None
    in_meta_line = beside if beside is not None and _writer_name(beside) else None
    if in_meta_line is not None:
        result.body.pop(0)
    page.signed = author is not None or result.source is not None or page.byline is not None
    if author is None:
        # 5. The byline by the headline; 6. the lines by the headline; 7. one labelled byline on the page;
        # 8. the metadata.
        author = (page.byline or _from_header(page.title_lines) or in_meta_line or _above_headline(page)
                  or _person(page.labelled_author) or _from_metadata(page))
    elif page.author_from_jsonld:
        # 9. As printed: JSON-LD said who; the page's own byline says it as the reader sees it.
        author = _as_printed(page, result, author)
    if author is not None and result.body and _names_only(result.body[0], author):
        # The byline by the headline, read again as the body's first line (an avatar card inside the container).
        result.body.pop(0)
    return author


def _names_only(text: str, author: str) -> bool:
    """A line that is the author's name and nothing else (its case, unit or "/PV" aside)."""
    return len(text) <= bylines.PRINTED_MAX_CHARS and _writer_name(text) and bylines.same_people(text, author)


def _as_printed(page: Page, result: asm.Assembled, named: str) -> str:
    """9. The byline printed on the page that names the same writers as JSON-LD, with its case, rank, unit
    and "/PV" ("Đại úy TRẦN MINH ĐỨC" for "Trần Minh Đức"): the signature under the text, else the first such
    line on the page (found before pruning), else the byline markup by the headline. A name the body's own byline
    already printed otherwise than JSON-LD ("Bài, ảnh: Minh Anh (Công an huyện X)") is that printed form."""
    if named != page.author:
        return named
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
            if not labelled and field_name == "author":
                # An author box holding the avatar, the name and the date: the name is one of its pieces, else what
                # comes before the date's labelled field ("Trần Văn Lực Ngày đăng: một ngày trước").
                piece = bylines.name_piece(node) if dom.is_element(node) and any(c.isdigit() for c in text) else None
                value = piece or bylines.before_date_field(value)
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
    # "… | Người đăng: quantri | Tác giả: X | Lượt xem: 233": each field of a meta line on its own.
    lines += [seg for line in lines for seg in _PIECE_BREAK.split(line)[1:] if seg]
    found = next((_person(v) for k, v in bylines.labelled_lines(lines) if k == "author" and _person(v)), None)
    if found is None:
        found = _name_beside_date(title_lines)
    return found


# The page's text nodes, as strings (cheap) and as nodes that know their element (read only when needed).
_BODY_STRINGS = etree.XPath("//body//text()", smart_strings=False)
_BODY_TEXTS = etree.XPath("//body//text()")
_LABEL_MAX_CHARS = 200
_LABEL_START = re.compile(r"tác\s*giả|người\s*viết|thực\s*hiện|bài(?:\s*và|,)?\s*ảnh|phóng\s*viên|bài\s*:|pv\s*:",
                          re.IGNORECASE)
# The same for text in lower case (``dom.matching``).
_LOWER_LABEL_START = re.compile(_LABEL_START.pattern)
# Words one of which a text starting a label has, as printed.
_LABEL_WORDS = (":", "ảnh", "giả", "GIẢ", "viết", "VIẾT", "hiện", "HIỆN")
_XML_SPACES = re.compile(r"[ \t\r\n]+")


def _may_start_label(text: str) -> bool:
    """A short visible text that may start a byline label ("Tác giả:", "Người viết:", "Bài, ảnh:")."""
    return (len(text) < _LABEL_MAX_CHARS and len(_XML_SPACES.sub(" ", text).strip(" ")) > 2
            and dom.holds_any(text, _LABEL_WORDS) and _LABEL_START.search(text) is not None)


def _labelled_once(root: HtmlElement) -> str | None:
    """7. The author of the page's labelled bylines ("Tác giả: X" in an info box, "Người viết: X") when they
    all name one writer; None when there is none or several (a list of other articles' authors)."""
    found: set[str] = set()
    strings = _BODY_STRINGS(root)
    picked = [i for i in dom.matching(strings, _LOWER_LABEL_START, _LABEL_START.search) if _may_start_label(strings[i])]
    if not picked:
        return None
    nodes = _BODY_TEXTS(root)
    for el in dom.text_holders(nodes[i] for i in picked):
        lines = [" ".join(" ".join(pieces).split()) for pieces in dating.visible_lines_in(el)[:12]]
        if len(lines) == 1 and chrome.BARE_LABEL.match(lines[0]) and el.getparent() is not None:
            # The label alone in its element, the name in the next ("<span>Tác giả</span><div>Thu Hà</div>").
            lines = [" ".join(" ".join(pieces).split()) for pieces in dating.visible_lines_in(el.getparent())[:12]]
        for kind, value in bylines.labelled_lines(lines):
            if kind == "author" and bylines.plausible_person(value):
                found.add(value)
    return found.pop() if len(found) == 1 else None


def _above_headline(page: Page) -> str | None:
    """6. A labelled byline just above the headline, in its box ("Bài, ảnh: Hữu Nghĩa" over the title)."""
    head = page.headline
    box = head.getparent() if head is not None else None
    if head is None or box is None:
        return None
    lines = [" ".join(" ".join(pieces).split()) for pieces in dating.pieces_before(head, 3, box)]
    return next((_person(v) for k, v in bylines.labelled_lines(lines) if k == "author" and _person(v)), None)


def _from_metadata(page: Page) -> str | None:
    """8. The metadata's author, when it names a person."""
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
    if _made_the_site(page.root, clean(text)):
        return None  # "Thiết kế: Nguyễn Văn Tú" in the footer: who made the site, named in every page's head
    return clean(text) or None


_DESIGNER = re.compile(r"(?:thiết\s*kế(?:\s*(?:web|website|và\s*phát\s*triển))?|phát\s*triển\s*bởi|designed\s*by|"
                       r"developed\s*by|design)\s*(?:bởi|by)?\s*[:：]?\s*"
                       # "… phát triển bởi Công ty Cổ phần X": the company's kind before its name.
                       r"(?:công\s*ty(?:\s*(?:cổ\s*phần|tnhh|cp))?\s*)?$", re.IGNORECASE)


def _made_the_site(root: HtmlElement, name: str) -> bool:
    """Whether the page names ``name`` as who designed or built the site ("Thiết kế: X", "Designed by X")."""
    text = " ".join(etree.tostring(root, method="text", encoding=str).split())
    at = text.find(name)
    while at >= 0:
        if _DESIGNER.search(text[max(0, at - 40):at]):
            return True
        at = text.find(name, at + 1)
    return False


def _name_beside_date(lines: list[list[str]]) -> str | None:
    """The writer's name beside the date under the headline: one piece of the meta line ("Minh Tâm ·
    03/12/2026 08:30", "5 giờ trước · Hải Đăng"), or a line of its own right above or below the date line (an
    avatar card: the name, then "20/11/2026 · 5 phút đọc" or "Hôm qua · 2 phút đọc")."""
    for pieces in lines[:4]:
        # One text node may hold the whole line: "15/07/2024 09:12 | Hồ Thị Lam".
        parts = [q.strip().strip(" ·|•-–") for p in pieces for q in _PIECE_BREAK.split(p)]
        parts = [p for p in parts if p]
        if len(parts) < 2 or not any(dating.from_line(p) or RELATIVE.match(p) for p in parts):
            continue  # "Hải Đăng" beside "5 giờ trước" too
        for part in parts:
            if _writer_name(part):
                return part
    # A separator on a line of its own ("·" between the name and the date) is no line.
    shown = _labels_joined([pieces for pieces in lines[:10] if any(has_alnum(p) for p in pieces)])[:6]
    texts = [" ".join(" ".join(bylines.without_avatar(pieces)).split()) for pieces in shown]
    dated = [dating.from_pieces(pieces) is not None or any(RELATIVE.match(p.strip()) for p in pieces)
             for pieces in shown]
    for i, text in enumerate(texts):
        beside = (i > 0 and dated[i - 1]) or (i + 1 < len(texts) and dated[i + 1])
        if beside and _writer_name(text):
            return text
    return None


def _labels_joined(lines: list[list[str]]) -> list[list[str]]:
    """A field's label alone on its line joined to its value on the next ("Ngày đăng:" | "22:10 - 18/05/2024" of
    a <dl>): one line, as the reader sees the pair."""
    out: list[list[str]] = []
    pending: list[str] = []
    for pieces in lines:
        text = " ".join(" ".join(pieces).split())
        if len(text) <= 25 and text.endswith((":", "：")):
            pending += pieces
            continue
        out.append(pending + pieces)
        pending = []
    return out


_PIECE_BREAK = re.compile(r"\s+[|·•]\s+")
# A writer's unit in brackets after the name: "Thu Hà (Phòng PC07)".
_UNIT_AFTER = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<unit>[^()]{3,60})\)$")


def _writer_name(text: str) -> bool:
    """A writer's name, or writers' names joined ("Quốc Bảo - Thanh Tùng"), each of two to four capitalised
    words, with their unit in brackets or not, and nothing else."""
    unit = _UNIT_AFTER.match(text or "")
    if unit and unit["unit"][:1].isupper():
        return _writer_name(unit["name"])
    if not text or len(text) > 60 or dating.from_line(text) is not None or chrome.is_chrome_line(text):
        return False  # a date, or share buttons ("Facebook Zalo")
    names = [n.strip() for n in re.split(r"\s+[-–&]\s+|\s*,\s*", text) if n.strip()]
    if not names or not all(2 <= len(n.split()) <= 4 and all(w[:1].isupper() for w in n.split()) for n in names):
        return False
    return bylines.looks_like_name(text) and bylines.plausible_person(text)


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
