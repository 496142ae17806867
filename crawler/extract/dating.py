"""Reading dates from values and visible lines; which one is the publication is decided in ``fields.published_at``.

Never an event date from the lead ("Sáng 20/02/2025, tại Hà Nội, …") and never now: visible
text is only read through ``parse_date_line``, which accepts a line only when the whole line is
a date line (labels, counters and who posted it may stand beside it).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from crawler.core import memo
from crawler.core.dates import TZ, days_in, parse_date, parse_date_line, without_dates
from crawler.extract import bylines, chrome, dom

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


# The dateline of an administrative text: a place, then "ngày 15 tháng 8 năm 2025" ("Hòa Khánh, ngày …").
_PLACE_DATELINE = re.compile(
    r"^(?:[A-ZĐ][^\W\d_]*\.?\s+){0,4}[A-ZĐ][^\W\d_]*\s*,\s*(ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})\.?$"
)
# The separators of a meta line's parts: "·", "|", "•", "—", a spaced dash.
SEGMENTS = re.compile(r"\s*[|•·—]\s*|\s+[-–]\s+")
# A date needs a year: lines without four digits in a row are not read at all.
_YEAR = re.compile(r"\d{4}")
# Text sharing a date line that is not part of the date ("Lượt xem: 3.058", "| In bài") is short and
# is not the rest of a sentence: a lead ("Sáng <b>20/02/2025</b>, tại Hà Nội …") never passes.
_CONTINUATION = re.compile(r"[,;)\]]")
_MAX_PIECES = 8


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
    # parse_date reads ISO 8601 first too, and unlike parse_iso alone it refuses a date
    # after tomorrow or before 1990: a "2099-01-01" placeholder in a meta tag is no date.
    return normalize(_safe(parse_date, text))


# Labels that say which of several dates on one line is which: posted, updated, or a print issue's day.
_WHICH_DATE = re.compile(
    r"(?P<posted>ngày\s*đăng|đăng\s*(?:ngày|lúc|tải|trực\s*tuyến)|ngày\s*xuất\s*bản|thời\s*gian\s*đăng|posted|published)"
    r"|(?P<updated>(?:ngày\s*|lần\s*)?cập\s*nhật|updated|sửa\s*đổi|chỉnh\s*sửa|sửa\s*lần\s*cuối)"
    r"|(?P<issue>\bra\s*ngày)",
    re.IGNORECASE,
)
# Which date a line's labelled part gives, best first: the posting's, an unlabelled one, a print issue's,
# an update's.
_PREFERENCE = {"posted": 0, None: 1, "issue": 2, "updated": 3}


def from_line(text: str | None) -> Published | None:
    """A date from a visible line, only if the line is a date line.

    A line with several dates says which is which ("Đăng lúc 15:05 05/07/2024 · Cập nhật lúc 10:11
    02/07/2025", "Số 2412 ra ngày 20/11/2026 Đăng trực tuyến: 21:45 19/11/2026"): the posting's wins, then an
    unlabelled one, then a print issue's day, then an update's.

    The witnesses of one page ask about the same lines several times: the answers are kept for the page
    (``crawler.core.memo``)."""
    if not text:
        return None
    return _from_line(" ".join(text.split()))


@memo.kept
def _from_line(text: str) -> Published | None:
    if not text or len(text) > 120:
        return None
    if len(_YEAR.findall(text)) > 1:
        chosen = _labelled_choice(text)
        if chosen is not None:
            return chosen
        if _date_list(text):
            return None
    return _one_date(text)


def _date_list(text: str) -> bool:
    """Several days and nothing else ("- (10/9/2010) - (02/8/2010)", what is left of a list of other stories
    once their links are gone): no one date of the line is this page's."""
    if re.search(r"[^\W\d_]", without_dates(text)):
        return False
    return len(days_in(text)) >= 2


def _labelled_choice(text: str) -> Published | None:
    """The preferred date of a line whose labels split it into parts of one date each."""
    marks = list(_WHICH_DATE.finditer(text))
    if not marks:
        return None
    starts = [0, *(m.start() for m in marks)] if marks[0].start() > 0 else [m.start() for m in marks]
    kinds: list[str | None] = [None] if marks[0].start() > 0 else []
    kinds += [m.lastgroup for m in marks]
    found: list[tuple[int, int, Published]] = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        part = text[start:end].strip(" |·•-–,;")
        if len(_YEAR.findall(part)) != 1:
            continue
        value = _one_date(part) or normalize(_safe(parse_date, part))
        if value is not None:
            found.append((_PREFERENCE[kinds[index]], index, value))
    if len(found) < 2:
        return None
    return min(found, key=lambda f: (f[0], f[1]))[2]


_WHO_FIRST = re.compile(
    r"^\W*(?:tác\s*giả(?:\s*chủ\s*đề|\s*bài\s*viết)?|người\s*(?:viết|đăng|gửi)|(?:đăng|gửi|viết)\s*bởi|posted\s*by|"
    r"author|by)\s*[:：]?\s*[^,|·•:\d]{1,40}?\s*[,|·•]\s*",
    re.IGNORECASE,
)
def without_who(text: str) -> str:
    """A meta line without the writer or poster it names first ("Tác giả chủ đề: bantin.cax, Hôm nay lúc 07:02")."""
    who = _WHO_FIRST.match(text)
    return text[who.end():] if who is not None else text


# A machine stamp with its numeric zone and the zone's name: "2023-11-20 02:15:00 +0000 UTC".
_ZONED_STAMP = re.compile(
    r"(?<!\d)(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\.\d+)? ([+-]\d{4})(?: [A-Z]{2,5}\b|[+-]\d{2}\b)?"
)
# An issue's label with its day: "Bản tin số 12 ra ngày 20/4/2026", "Số 2412 ra ngày 20/11/2026".
_ISSUE_DATE = re.compile(r"^\W*(?:bản\s*tin\s*)?số\s*\d+\s*(?:[,-]\s*)?ra\s*ngày\s*(.{6,30})$", re.IGNORECASE)
_UPDATE_TAIL = re.compile(r"\s*[,;|(]?\s*\b(?:cập\s*nhật|sửa\s*lần\s*cuối|updated|edited)\b", re.IGNORECASE)


def _zoned(text: str) -> Published | None:
    """Go's default time format ("2023-11-20 02:15:00 +0000 UTC", "2024-03-12 14:35:00 +0700 +07"): the moment in
    its own zone; year 1 is Go's zero time, no date at all."""
    stamp = _ZONED_STAMP.search(text)
    if stamp is None:
        return None
    moment = _safe(lambda t: datetime.strptime(t, "%Y-%m-%d %H:%M:%S %z"), f"{stamp[1]} {stamp[2]}")
    return normalize(moment.astimezone(TZ)) if isinstance(moment, datetime) and moment.year > 1900 else None


def _one_date(text: str) -> Published | None:
    if _ZONED_STAMP.search(text):
        return _zoned(text)  # the line's stamp carries its zone: no other reading of it holds
    value = normalize(_safe(parse_date_line, text))
    if value is not None:
        return value
    value = _without_label(text)
    if value is not None:
        return value
    dateline = _PLACE_DATELINE.match(text)
    if dateline:
        return normalize(_safe(parse_date_line, dateline[1]))
    issue = _ISSUE_DATE.search(text)
    if issue:
        # "Bản tin số 12 ra ngày 20/4/2026": an issue's day, the date of what it prints.
        return normalize(_safe(parse_date_line, issue[1]))
    if chrome.is_meta_line(text):
        # "Gửi bởi: admin vào lúc thứ tư, 14/06/2023 @ 21:47:05 ICT (3 lần đọc)": a date with its poster and counters.
        value = normalize(_safe(parse_date, text))
        if value is not None:
            return value
    # "Tác giả chủ đề: bantin.cax, 05 Tháng Mười, 2026, 03:20:05 CH", "Tác giả: Minh Anh | 05/10/2026": who wrote
    # or posted it, then the date.
    who = _WHO_FIRST.match(text)
    if who is not None:
        value = _one_date(text[who.end():])
        if value is not None:
            return value
    # "Đăng lúc 07:40 ngày 09/9/2025, cập nhật lúc 16:15 cùng ngày": the posting's part, before the update's.
    update = _UPDATE_TAIL.search(text)
    if update is not None and update.start() > 0:
        value = _one_date(text[: update.start()])
        if value is not None:
            return value
    # "Ngày đăng: 03-05-2024 | Lượt xem: 1.203": a date line sharing its line with counters.
    parts = [p.strip() for p in SEGMENTS.split(text) if p.strip()]
    if len(parts) > 1:
        for i, part in enumerate(parts):
            # "Ngày đăng 02/11/2021 | 09:15 AM | Lượt xem: 864": the time may be the next segment.
            for candidate in (" | ".join(parts[i : i + 2]), part) if i + 1 < len(parts) else (part,):
                value = _zoned(candidate) or normalize(_safe(parse_date_line, candidate)) or _without_label(candidate)
                if value is not None:
                    return value
    return None


def from_pieces(pieces: list[str]) -> Published | None:
    """A date from one visible line given as its text nodes, in order.

    The whole line first; then the longest run of neighbouring nodes that is a date line, when
    the rest of the line is only short labels and counters beside it ("<span>Ngày đăng 25/12/2023
    | 12:30 PM</span> <span>- Lượt xem: 2.417</span>").
    """
    pieces = [" ".join(p.split()) for p in pieces[:_MAX_PIECES]]
    pieces = [p for p in pieces if p]
    whole = " ".join(pieces)
    if not _YEAR.search(whole):
        return None
    value = from_line(whole)
    if isinstance(value, datetime) or len(pieces) < 2:
        return value
    # The whole line may have given only the day of "<span>02/11/2021 | 09:15</span> <span>Lượt xem: 5</span>".
    count = len(pieces)
    for start in range(count):
        if any(not _beside_date(p) for p in pieces[:start]):
            break
        for end in range(count, start, -1):
            after = pieces[end:]
            if any(not _beside_date(p) for p in after) or (after and _continues(after[0]) and not _tag_run(after)):
                continue
            run = " ".join(pieces[start:end])
            if not _YEAR.search(run):
                break
            found = from_line(run)
            # Only the time of the day the whole line gave: never another date on the line.
            if isinstance(found, datetime) and (value is None or found.date() == value):
                return found
            if found is not None and value is None:
                value = found
    return value


def _continues(piece: str) -> bool:
    """Text that goes on with the sentence before it: a comma, or a word in lower case."""
    return bool(_CONTINUATION.match(piece)) or piece[0].islower()


def _tag_run(pieces: list[str]) -> bool:
    """Tags after the date on its line ("05/06/2026 19:30" "lừa đảo" "cảnh báo"): two or more short pieces
    without punctuation, each its own text node, which no sentence is."""
    return len(pieces) >= 2 and all(len(p.split()) <= 4 and not re.search(r"[.,;:!?]", p) for p in pieces)


def _beside_date(piece: str) -> bool:
    """Whether a text node may share a line with a date without being part of its sentence: a short
    label or counter, or who posted or wrote it ("Người đăng: Công an xã Mỹ Hòa", "Tác giả: …")."""
    if len(piece) <= 40 and len(piece.split()) <= 5:
        return True
    # Counters and tool words ("· 0 Bình luận · 1284 Lượt đọc") stand beside a date too, and so do the
    # writers' names ("Trần Khánh Linh - Võ Quốc Bảo" | "22/9/2025").
    return len(piece) <= 80 and bool(chrome.POSTER_LINE.match(piece.strip()) or bylines.parse_labelled(piece)
                                     or chrome.is_chrome_line(piece)
                                     or bylines.looks_like_name(piece, formatted=True))


def _without_label(text: str) -> Published | None:
    lowered = text.lower()
    for label in _LABELS:
        if lowered.startswith(label):
            return normalize(_safe(parse_date_line, text[len(label) :].strip(" :|-")))
    return None


_BREAK = None


def visible_lines_after(
    el: HtmlElement, limit: int, stop_chars: int = 0, budget: int = 0, within: HtmlElement | None = None
) -> list[list[str]]:
    """The next visible lines after an element, each as its text nodes in order.

    A line ends where a block starts or ends and at every <br>, whitespace-only or not: old table
    templates put the title, a <br>, the date and <br><br> before the body all in one cell. With
    ``stop_chars``, the lines end after the first one longer than that (the body has begun); with
    ``budget``, once they hold that many characters; with ``within``, at the end of that element.
    """
    lines: list[list[str]] = []
    current: list[str] = []
    total = 0
    for text in _stream_after(el, within):
        if text is _BREAK:
            if current:
                lines.append(current)
                size = sum(len(p) for p in current)
                total += size
                if len(lines) >= limit or (stop_chars and size > stop_chars) or (budget and total > budget):
                    return lines
                current = []
        elif text.strip():
            current.append(text)
    if current and len(lines) < limit:
        lines.append(current)
    return lines


def visible_lines_in(el: HtmlElement) -> list[list[str]]:
    """Every visible line inside an element, each as its text nodes in order."""
    lines: list[list[str]] = []
    current: list[str] = []
    for text in _stream_subtree(el):
        if text is _BREAK:
            if current:
                lines.append(current)
                current = []
        elif text.strip():
            current.append(text)
    if current:
        lines.append(current)
    return lines


def _stream_after(el: HtmlElement, within: HtmlElement | None = None) -> Any:
    """Text nodes after `el` in document order (up to the end of `within`), with `_BREAK` at line ends;
    hidden subtrees skipped."""
    node: HtmlElement | None = el
    while node is not None and node is not within:
        tail = node.tail
        if tail:
            yield tail
        sibling = node.getnext()
        while sibling is not None:
            if isinstance(sibling.tag, str):
                yield from _stream_subtree(sibling)
            elif sibling.tail:
                yield sibling.tail  # a comment or a processing instruction: only its tail is text
            sibling = sibling.getnext()
        node = node.getparent()
        if node is not None and dom.tag_of(node) in dom.BLOCK_TAGS:
            yield _BREAK


def _stream_subtree(top: HtmlElement) -> Any:
    # Comments and processing instructions come as events of their own (not as starts and ends): their tails
    # are text of the element around them.
    walker = etree.iterwalk(top, events=("start", "end", "comment", "pi"))
    # Bound once, and each node's tag, text and tail read once (lxml makes a new string at every read).
    block_tags, is_hidden, skip_subtree = dom.BLOCK_TAGS, dom.is_hidden, walker.skip_subtree
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):
            tag = ""
        if event == "start":
            if not tag:
                continue
            if tag == "br" or tag in block_tags:
                yield _BREAK
            if is_hidden(el):
                skip_subtree()
                continue
            text = el.text
            if text:
                yield text
        else:
            if tag in block_tags:
                yield _BREAK
            tail = el.tail
            if tail:
                yield tail


def lines_after(el: HtmlElement, limit: int) -> list[str]:
    return _group(dom.texts_after(el, limit * 4), limit)


def pieces_before(el: HtmlElement, limit: int, box: HtmlElement) -> list[list[str]]:
    """The visible lines just above an element inside ``box`` (an ancestor), each as its text nodes."""
    return _group_pieces(dom.texts_before(el, box, limit * 4), 10_000)[-limit:]


def holder_of(piece: str) -> HtmlElement | None:
    """The element whose visible text a piece of ``pieces_before`` is, when it still knows it."""
    getparent = getattr(piece, "getparent", None)
    parent = getparent() if getparent is not None else None
    if parent is not None and getattr(piece, "is_tail", False):
        parent = parent.getparent()
    return parent


def _group(texts: list[Any], limit: int) -> list[str]:
    """Join text nodes that share a block-level element into one visible line."""
    return [" ".join(" ".join(p).split()) for p in _group_pieces(texts, limit)]


def _group_pieces(texts: list[Any], limit: int) -> list[list[str]]:
    lines: list[list[str]] = []
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
            lines.append(current)
            current = []
            if len(lines) >= limit:
                return lines
        current_block = block
        # The text node itself (a str that knows its element: ``holder_of``).
        current.append(text)
    if current and len(lines) < limit:
        lines.append(current)
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
