"""Reading the publication date's witnesses from the page (``crawler.extract.fields.published_at`` says
in which order, and which one wins): selectors, metadata, the lines by the headline, the tool bar after
the body, labelled lines in the article, the URL, what the crawl saw elsewhere; the times printed apart;
and the date beside a link on a listing page.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time

from lxml import etree
from lxml.html import HtmlElement

from crawler.core.dates import TZ, parse_date, time_of
from crawler.extract import chrome, dating, dom
from crawler.extract.metadata import PageMeta
from crawler.extract.published.evidence import (
    ARTICLE,
    BREADCRUMB,
    BYLINE,
    CREATED_KEYS,
    CREATED_SCORE,
    FEED,
    JSONLD,
    LINES_AFTER_BODY,
    LINES_AFTER_TITLE,
    LINES_AFTER_TITLE_CHARS,
    LISTING,
    META,
    MICRODATA,
    POSTED_LABEL,
    PROFILE,
    PROSE_CHARS,
    RELATIVE,
    SCRIPT_SCORE,
    SITEMAP,
    TIME_LINE_CHARS,
    UPDATED_LABEL,
    URL,
    Candidate,
    Context,
    Published,
    day_of,
    updated_only,
)
from crawler.extract.query import APP_DATE_ATTRIBUTES

_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")
_TIME_ONLY = re.compile(
    r"^\s*(?:(?:đăng\s*|cập\s*nhật\s*)?lúc|vào\s+lúc|giờ\s*đăng|thời\s*gian)?\s*[:：]?\s*(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})"
    r"(?:\s*:\s*(\d{2}))?"
    r"\s*(SA|CH|AM|PM|sáng|chiều|tối)?\s*(?:\(?\s*(?:GMT|UTC)\s*\+\s*0?7(?::?00)?\s*\)?)?\s*[|,-]?\s*$",
    re.IGNORECASE,
)


def from_selectors(nodes: Iterable[object], source: str) -> list[Candidate]:
    """Dates read from elements a selector named (override or profile): trusted as given."""
    out = []
    for node in nodes:
        if source == PROFILE and dom.is_element(node) and _in_modified_holder(node):
            continue  # "<li itemprop='dateModified'><span>Cập nhật</span><time …>": the edit's, marked on its box
        value, text = _value_of_node(node)
        if value is None:
            continue
        if source == PROFILE and dom.is_element(node) and (dom.is_hidden(node) or not dom.text_of(node)):
            # A profile's selector on a hidden value (<span itemprop="datePublished" content="…">): the CMS's
            # metadata, which may hold an edit time, and not what the page prints.
            out.append(Candidate(value, MICRODATA, text, 0.75, el=node))
        else:
            out.append(Candidate(value, source, text, 2.0, in_article=True, el=node if dom.is_element(node) else None))
        break
    return out


def _value_of_node(node: object) -> tuple[Published | None, str]:
    if isinstance(node, str):
        return dating.from_value(node) or dating.from_line(node), node
    if not dom.is_element(node):
        return None, ""
    el: HtmlElement = node
    raw = el.get("datetime") or el.get("content") or el.get("title")
    value = dating.from_value(raw) if raw else None
    text = dom.text_of(el)
    if value is None:
        value = dating.from_line(text) or (dating.from_value(text) if len(text) <= 60 else None)
    return value, raw or text


def from_metadata(meta: PageMeta, root: HtmlElement, has_microdata: bool) -> list[Candidate]:
    out = []
    raw = meta.ld_text("datePublished")
    value = dating.from_value(raw)
    if value is not None and raw:
        out.append(Candidate(value, JSONLD, raw, 0.8))
    for key in dating.META_KEYS:
        raw = meta.meta.get(key)
        value = dating.from_value(raw)
        if value is not None and raw:
            out.append(Candidate(value, META, f"{key}={raw}", 0.7))
            break
    if meta.script_published:
        key, _, raw = meta.script_published.partition("=")
        value = dating.from_value(raw)
        if value is not None:
            out.append(Candidate(value, META, f"script {key}={raw}", SCRIPT_SCORE))
    for key in CREATED_KEYS:
        # When the record was created (a draft, an import, the site's launch): never the date on its own.
        raw = meta.meta.get(key)
        value = dating.from_value(raw)
        if value is not None and raw:
            out.append(Candidate(value, META, f"{key}={raw}", CREATED_SCORE))
            break
    if has_microdata:
        for el in root.xpath("//*[@itemprop='datePublished']"):
            value, text = _value_of_node(el)
            if value is not None:
                out.append(Candidate(value, MICRODATA, text, 0.75, el=el))
                break
    return out


def from_app_attributes(index: dom.Index) -> list[Candidate]:
    """The page's own moment in an app element's attribute (``APP_DATE_ATTRIBUTES``), when one element has it:
    metadata, one witness (below the <meta> tags)."""
    for name in APP_DATE_ATTRIBUTES:
        owners = index.owners(name)  # read in the index's one pass over the tree
        if len(owners) != 1:
            continue  # none, or several (a list of records, each with its own)
        raw = owners[0][1]
        value = dating.from_value(raw)
        if value is not None:
            return [Candidate(value, META, f"{name}={raw}", SCRIPT_SCORE)]
    return []


def lines_below(title_el: HtmlElement) -> list[list[str]]:
    """The visible lines below the headline that the date and byline searches read (once per page)."""
    return dating.visible_lines_after(title_el, LINES_AFTER_TITLE, stop_chars=200, budget=LINES_AFTER_TITLE_CHARS)


def from_headline(title_el: HtmlElement, below: list[list[str]]) -> list[Candidate]:
    """Printed dates by the headline: the lines below it and <time> elements; the lines above it in its box
    when nothing below is a date (``from_above_headline``)."""
    out: list[Candidate] = []
    label = ""
    for i, pieces in enumerate(below):
        line = " ".join(" ".join(pieces).split())
        if len(line) > 200:
            break
        value = dating.from_pieces(pieces)
        if value is not None and _EVENT_TIME.match(line) and i + 1 < len(below) and _EVENT_PLACE.match(
                " ".join(below[i + 1])):
            # A notice's details: "Thời gian: 8 giờ 00 ngày 29/6/2024" then "Địa điểm: …": when it happens.
            value = None
        if value is not None and label:
            # A date field's label on the line before its value ("Tham gia" | "19/8/2020", "Ngày đăng" | "…"):
            # the date is read with it, so its label counts (a member's join date is refused for it).
            line = f"{label} {line}"
        label = line if _BARE_FIELD_LABEL.match(line) else ""
        if value is None:
            # "Pháp luật · Hôm qua · 356 lượt xem": a relative date is one piece of its line.
            line = _relative_in(line, pieces)
            value = _relative_marker(line)
            if value is not None and _DAY_MONTH_ONLY.match(line) and _is_link_text(title_el, line):
                value = None  # a tag or a category named by a day ("26-3", "30-4"), not the page's date
        if value is not None:
            out.append(Candidate(value, ARTICLE, line, 1.0 - 0.04 * i + _label_bonus(line), in_article=True))
    # The publication's own <time> first, when the info block shows several (Joomla's "Ngày tạo" then
    # "Ngày đăng", each a <time>): schema.org says which is which.
    stamps = sorted(_time_elements(title_el), key=lambda el: el.get("itemprop") != "datePublished")
    for el in stamps[:1]:
        # One <time> by the headline dates the article; several are a list's (related stories).
        printed = dating.from_line(dom.text_of(el))
        value = dating.from_value(el.get("datetime")) or printed
        text = el.get("datetime") or dom.text_of(el)
        if printed is not None and value is not None and day_of(printed) not in _days_of(value):
            # "<time datetime='2020-01-01T00:00:00+07:00'>14:35 - 12/03/2024</time>": the reader sees the text, the
            # attribute is a CMS default (or another day's stamp).
            value, text = printed, dom.text_of(el)
        elif isinstance(value, datetime) and not isinstance(printed, datetime) and (
                value.time() == time(0) or _UTC_NOON.search(el.get("datetime") or "")):
            # A machine midnight behind a printed day without a time ("2025-03-18 00:00:00" | "18 tháng 3,
            # 2025"): a generator's day, not a moment; so is noon UTC, a date-only field's stamp (Drupal's
            # "2020-05-15T12:00:00Z").
            value = value.date()
        if value is not None:
            out.append(Candidate(value, ARTICLE, text, 0.95 if len(stamps) == 1 else 0.7, in_article=True, el=el))
    # A relative date ("5 giờ trước", "Hôm qua 09:12") whose tooltip gives the moment in full: the moment.
    for el in _titled_relative(title_el):
        value = dating.from_value(el.get("title")) or dating.from_line(el.get("title"))
        if value is not None:
            out.append(Candidate(value, ARTICLE, el.get("title") or "", 1.1, in_article=True, el=el))
            break
    # Only an "updated" line below the headline: the posted date may stand above it.
    return out if any(not updated_only(c.text) for c in out) else out + from_above_headline(title_el)


def _days_of(value: Published) -> set[date]:
    """The day of a stamp in Vietnam and, for a moment, in UTC (pages print either)."""
    days = {day_of(value)}
    if isinstance(value, datetime) and value.tzinfo is not None:
        days.add(value.astimezone(UTC).date())
    return days


_UTC_NOON = re.compile(r"T12:00(?::00)?(?:\.0+)?(?:Z|[+-]00:?00)$")


# A notice's details, the event's time then its place ("Thời gian: 8 giờ 00 ngày 29/6/2024" | "Địa điểm: …").
_EVENT_TIME = re.compile(r"^\W*(?:thời\s*gian|vào\s*hồi)\s*[:：]", re.IGNORECASE)
_EVENT_PLACE = re.compile(r"^\W*(?:địa\s*điểm|tại)\s*[:：]", re.IGNORECASE)


def from_above_headline(title_el: HtmlElement) -> list[Candidate]:
    """Date lines just above the headline inside its box (a category badge and the date over the headline)."""
    box = _headline_box(title_el)
    if box is None:
        return []
    out = _dates_above(title_el, box, lines=4, score=0.6)
    outer = box.getparent()
    outer = outer.getparent() if outer is not None else None
    if not out and outer is not None and dom.tag_of(outer) not in ("body", "html"):
        # A forum post's header above its body ("08-07-2025, 03:22 PM" | "#1" | the poster's card | the
        # post's title): two boxes further out, a few more lines up, and weaker.
        out = _dates_above(title_el, outer, lines=12, score=0.45)
        post = outer.getparent()
        if not out and post is not None and dom.tag_of(post) not in ("body", "html"):
            # A post's header a box further out still: a forum's "#1 | 2025-09-09 21:15:48" bar over the
            # poster's card and the message box.
            out = _dates_above(title_el, post, lines=12, score=0.4)
    if not out:
        # A post whose headline is the first line of its message, under the post's header (the poster's
        # name and the date): the lines above it in the <article> or role="article" element holding it.
        post = next((a for a in title_el.iterancestors() if dom.tag_of(a) == "article"
                     or (a.get("role") or "").lower() == "article"), None)
        if post is not None and post is not outer:
            out = _dates_above(title_el, post, lines=12, score=0.45)
    return out


def _dates_above(title_el: HtmlElement, box: HtmlElement, *, lines: int, score: float) -> list[Candidate]:
    out: list[Candidate] = []
    above = dating.pieces_before(title_el, lines, box)
    texts = [" ".join(" ".join(pieces).split()) for pieces in above]
    for i, at in enumerate(range(len(above) - 1, -1, -1)):
        pieces, line = above[at], texts[at]
        value = dating.from_pieces(pieces)
        relative = value is None
        labelled = value is not None and at > 0 and _BARE_FIELD_LABEL.match(texts[at - 1]) is not None
        if labelled:
            # "Ngày đăng" | "18/11/2026 15:05", "Cập nhật" | "20/11/2026 10:12" in a <dl> of the meta column: the
            # label says whose date it is.
            line = f"{texts[at - 1]} {line}"
        if relative:
            # "14 giờ trước" over the headline, beside the writer's name and a reading time: no clock
            # says that, it is the article's own.
            line = _relative_in(line, pieces)
            value = _relative_marker(line)
        if value is not None:
            out.append(Candidate(value, ARTICLE, line, score - 0.05 * i + _label_bonus(line),
                                 in_article=relative or (labelled and POSTED_LABEL.search(line) is not None),
                                 el=dating.holder_of(pieces[-1])))
    return out


def _headline_box(title_el: HtmlElement) -> HtmlElement | None:
    """The headline's box: two levels up, and further while it holds nothing but the headline (an old page's
    `<p><b><font size="3">Headline</font></b></p>`)."""
    box = title_el.getparent()
    if box is not None and box.getparent() is not None:
        box = box.getparent()
    wanted = len(dom.text_of(title_el))
    for _ in range(3):
        if box is None or dom.tag_of(box) in ("body", "html") or dom.text_longer(box, wanted + 2):
            break
        box = box.getparent()
    return box


def from_after_body(container: HtmlElement, region: HtmlElement | None = None) -> list[Candidate]:
    """The tool bar or byline line just after the body, inside the article's region (``article_region``):
    "Cập nhật: 12/03/2024 14:35 | In bài", not the sidebar box that follows the article."""
    lines = dating.visible_lines_after(container, LINES_AFTER_BODY, within=region)
    return _byline_dates(lines, score=0.55, max_chars=200)


def from_body_start(container: HtmlElement) -> list[Candidate]:
    """Date lines among the first lines of the body's container, for a page whose headline is not found in it
    (a wiki page titled only by its app's attributes: "06:15 ngày 11/02/2026" over the text)."""
    return _byline_dates(dating.visible_lines_in(container)[:3], score=0.5, max_chars=120)


def from_body_end(container: HtmlElement) -> list[Candidate]:
    """Date lines among the last lines inside the body's container ("Ngày 20 tháng 11 năm 2013" after the text)."""
    lines = dating.visible_lines_in(container)[-LINES_AFTER_BODY:]
    return _byline_dates(list(reversed(lines)), score=0.5, max_chars=120)


def _byline_dates(lines: list[list[str]], *, score: float, max_chars: int) -> list[Candidate]:
    """Date lines among ``lines`` (nearest the body first), until one is too long to be a date line."""
    out = []
    for i, pieces in enumerate(lines):
        line = " ".join(" ".join(pieces).split())
        if len(line) > max_chars:
            break
        if chrome.is_related_heading(line):
            break  # "Bài viết liên quan": the dates below are the related stories'
        value = dating.from_pieces(pieces)
        if value is not None:
            out.append(Candidate(value, BYLINE, line, score - 0.03 * i + _label_bonus(line), in_article=True))
    return out


# The heading of the article's own info box, wherever the template puts it (a sidebar too): "Thông tin bài
# viết", or a document system's "Thuộc tính" / "Details" / "Properties" panel. Looked for only when the page's
# text names one (most pages do not), then its text nodes found by these substrings (either case) and their words
# checked.
_INFO_BOX_MARKERS = ("hông tin bài", "HÔNG TIN BÀI", "hông tin tài liệu", "HÔNG TIN TÀI LIỆU", "huộc tính", "HUỘC TÍNH",
                     "etails", "ETAILS", "roperties", "ROPERTIES")
_INFO_BOX_TEXTS = etree.XPath(
    "//body//text()[string-length() < 60][" + " or ".join(f"contains(., '{m}')" for m in _INFO_BOX_MARKERS) + "]"
)
_INFO_BOX_HEADING = re.compile(r"^\W*(?:thông tin bài|thông tin tài liệu|thuộc tính|details\W*$|properties\W*$)")
_INFO_BOX_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "div", "span", "strong", "p"})


def _info_box_headings(root: HtmlElement) -> list[HtmlElement]:
    found: list[HtmlElement] = []
    # The page's text in one string first: a C serialisation, fifteen times cheaper than the XPath.
    text = etree.tostring(root, method="text", encoding=str)
    if not dom.holds_any(text, _INFO_BOX_MARKERS):
        return found
    for node in _INFO_BOX_TEXTS(root):
        el = node.getparent()
        if getattr(node, "is_tail", False) or el is None or dom.tag_of(el) not in _INFO_BOX_TAGS:
            continue
        text = " ".join(dom.text_of(el).split()).lower()
        if len(text) < 30 and _INFO_BOX_HEADING.match(text) and el not in found:
            found.append(el)
    return found


INFO_BOX_LINES = 14
# In such a box the document's creation is its publication: "Ngày tạo", "Created".
_CREATED_LABEL = re.compile(r"ngày\s*tạo|tạo\s*(?:lúc|ngày)|\bcreated\b", re.IGNORECASE)
# A relative date in any unit, read only for its tooltip's moment: "1 year ago", "khoảng 2 tháng trước", Redmine's
# "khoảng 1 năm" after "cách đây".
_RELATIVE_ANY = re.compile(
    r"^\W*(?:cách\s*đây\s*)?(?:khoảng|gần|hơn|about|over|almost)?\s*(?:\d{1,3}|một|an?)\s*(?:phút|giờ|tiếng|ngày|tuần|"
    r"tháng|năm|minutes?|hours?|days?|weeks?|months?|years?)\s*(?:trước|ago)?\W*$",
    re.IGNORECASE,
)


def from_info_box(root: HtmlElement, seen: Collection[str]) -> list[Candidate]:
    """Labelled posting dates in a box headed "Thông tin bài viết" (the article's info: date, author,
    category) or a document panel's "Thuộc tính" / "Details" ("Ngày tạo: …", "Created <span title='12 March
    2025, 14:35'>1 year ago</span>"), even when the template puts it in a sidebar: the box says whose date it is."""
    out: list[Candidate] = []
    for heading in _info_box_headings(root)[:2]:
        box = heading.getparent()
        if box is None:
            continue
        lines = [" ".join(" ".join(p).split()) for p in dating.visible_lines_in(box)[:INFO_BOX_LINES]]
        for i, line in enumerate(lines):
            # "Ngày đăng" | "20/12/2024" in a <dl>: the label's line and the value's, read together.
            text = f"{line} {lines[i + 1]}" if _posted_or_created(line) and i + 1 < len(lines) and len(line) <= 25 \
                else line
            if not _posted_or_created(text) or text in seen or len(text) > 120:
                continue
            value = dating.from_line(text)
            if value is not None:
                out.append(Candidate(value, BYLINE, text, 0.45 + _label_bonus(text), in_article=True))
        for el in box.iter():
            # The moment in the tooltip of a relative date ("Created <span title=…>1 year ago</span> by X").
            tip = el.get("title") if isinstance(el.tag, str) else None
            holder = el.getparent()
            if not tip or holder is None or not _RELATIVE_ANY.match(dom.text_of(el)):
                continue
            line = " ".join(dom.text_of(holder).split())
            value = dating.from_value(tip) or dating.from_line(tip)
            if value is not None and _posted_or_created(line) and not updated_only(line):
                out.append(Candidate(value, BYLINE, f"{line} ({tip})", 0.5 + _label_bonus(line), in_article=True))
    return out


def _posted_or_created(line: str) -> bool:
    return bool(POSTED_LABEL.search(line) or _CREATED_LABEL.search(line))


def from_labelled_lines(region: HtmlElement, seen: Collection[str]) -> list[Candidate]:
    """Labelled date lines ("Ngày đăng: 12/03/2024") anywhere in the article's region (``article_region``),
    for templates whose date is far from the headline; a sidebar's "Cập nhật" counter is outside it."""
    out = []
    texts = _SHORT_TEXTS(region)
    for at in dom.matching(texts, _DATE_LABEL_LOWER, _date_label):
        node = texts[at]
        el = node.getparent()
        if el is None or not isinstance(el.tag, str) or el.tag in ("script", "style", "head", "title", "option"):
            continue
        if getattr(node, "is_tail", False):
            el = el.getparent()
            if el is None:
                continue
        line = " ".join(dom.text_of(el).split())
        if not line or len(line) > 120 or line in seen:
            continue
        value = dating.from_line(line)
        if value is not None:
            out.append(Candidate(value, BYLINE, line, 0.4 + _label_bonus(line), el=el))
    return out


# Text nodes that can hold a labelled date line; the label test runs only on these.
_SHORT_TEXTS = etree.XPath(".//text()[string-length(normalize-space()) > 5][string-length() < 160]")
# Either label, for lower-case text (``dom.matching``: one search over the texts joined).
_DATE_LABEL_LOWER = re.compile(f"{POSTED_LABEL.pattern}|{UPDATED_LABEL.pattern}")


def _date_label(text: str) -> bool:
    return bool(POSTED_LABEL.search(text) or UPDATED_LABEL.search(text))


def article_region(root: HtmlElement, anchor: HtmlElement | None, container: HtmlElement | None) -> HtmlElement:
    """The smallest box holding both the headline and the body: where the article's own lines are.
    The whole page when either is unknown or when only <body> holds both."""
    if anchor is None or container is None:
        return root
    # The elements themselves, not their id(): lxml's proxies die with their last reference and a new
    # proxy met on the way up may reuse a dead one's id.
    around = {anchor, *dom.ancestors(anchor)}
    node: HtmlElement | None = container
    while node is not None and node not in around:
        node = node.getparent()
    if node is None or not isinstance(node.tag, str) or node.tag in ("body", "html"):
        return root
    return node


def from_url(url: str) -> list[Candidate]:
    match = _URL_DATE.search(url)
    if not match:
        return []
    try:
        value = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return []
    return [Candidate(value, URL, match[0], 0.3)]


def from_breadcrumbs(index: dom.Index) -> list[Candidate]:
    """The date in the address of the breadcrumb trail's last dated link: a blog post under its day's archive
    ("Blog › 2024 › Sep › 19", each a link to /2024/09/19), a witness like the page's own address."""
    trails = [el for attr in ("class", "id") if index.has(attr, "breadcrumb")
              for el, value in index.owners(attr) if "breadcrumb" in value]
    for trail in trails:
        for link in reversed([a for a in trail.iter("a") if a.get("href")]):
            found = from_url(link.get("href") or "")
            if found:
                return [replace(found[0], source=BREADCRUMB)]
    return []


def from_context(ctx: Context) -> list[Candidate]:
    out = []
    if ctx.listing is not None:
        out.append(Candidate(_aware(ctx.listing), LISTING, str(ctx.listing), 0.35))
    if ctx.feed is not None:
        out.append(Candidate(_aware(ctx.feed), FEED, str(ctx.feed), 0.35))
    if ctx.sitemap is not None:
        out.append(Candidate(_aware(ctx.sitemap), SITEMAP, str(ctx.sitemap), 0.2))
    return out


def times_near(title_el: HtmlElement, below: list[list[str]]) -> list[tuple[time, str]]:
    """Times printed on a line of their own by the headline ("14:35", "Lúc 9h30 SA"): below it, then above it."""
    found = _times_in(below)
    box = title_el.getparent()
    if box is not None and box.getparent() is not None:
        box = box.getparent()
    if box is not None:
        found += _times_in(list(reversed(dating.pieces_before(title_el, 4, box))))
    return found


def times_after(container: HtmlElement) -> list[tuple[time, str]]:
    """Times on a line of their own in the tool bar after the body: inside the body's container after its
    last paragraph (an article box that holds its own tool bar), then after the container."""
    inside = dating.visible_lines_in(container)
    last_prose = max((i for i, pieces in enumerate(inside) if sum(map(len, pieces)) > PROSE_CHARS), default=-1)
    tail = inside[last_prose + 1:][:LINES_AFTER_BODY] if last_prose >= 0 else []
    return _times_in(tail) + _times_in(dating.visible_lines_after(container, LINES_AFTER_BODY))


def _times_in(lines: list[list[str]]) -> list[tuple[time, str]]:
    found: list[tuple[time, str]] = []
    for pieces in lines:
        for piece in (*pieces, " ".join(pieces)):
            if len(piece) > TIME_LINE_CHARS:
                continue
            moment = _time_only(piece)
            if moment is not None:
                found.append((moment, " ".join(piece.split())))
                break
    return found


_RELATIVE_PLACEHOLDER = date(1970, 1, 1)


# A date field's label alone on its line, its value on the next ("<dt>Tham gia</dt><dd>19/8/2020</dd>").
_BARE_FIELD_LABEL = re.compile(
    r"^\W*(?:ngày\s*đăng|đăng\s*(?:lúc|ngày)|ngày\s*xuất\s*bản|(?:ngày\s*|lần\s*)?cập\s*nhật|thời\s*gian(?:\s*đăng)?|"
    r"(?:ngày\s*)?tham\s*gia|ngày\s*sinh|thành\s*viên\s*từ|joined|member\s*since|posted|published|updated)\W*$",
    re.IGNORECASE,
)
# A day and a month alone, as tags name anniversaries ("26-3", "30/4"): a date only when it is no link's whole text.
_DAY_MONTH_ONLY = re.compile(r"^\W*\d{1,2}\s*[-/.]\s*\d{1,2}\W*$")
_LINK_TEXTS_AFTER = etree.XPath("following::a[normalize-space() = $text][position() <= 3]")


def _is_link_text(title_el: HtmlElement, text: str) -> bool:
    """Whether ``text`` is the whole text of a link after the headline (a tag, a category), not a date line."""
    return bool(_LINK_TEXTS_AFTER(title_el, text=text))


def _relative_in(line: str, pieces: list[str]) -> str:
    """The relative date of a line: the line, the line after the writer it names first, or one of its pieces."""
    return next((p.strip() for p in (line, dating.without_who(line), *pieces) if _relative_marker(p.strip())), line)


def _relative_marker(line: str) -> Published | None:
    return _RELATIVE_PLACEHOLDER if RELATIVE.match(line) else None


def _time_only(text: str) -> time | None:
    match = _TIME_ONLY.match(" ".join(text.split()))
    return time_of(match) if match else None


def _label_bonus(line: str) -> float:
    if POSTED_LABEL.search(line):
        return 0.3
    if updated_only(line):
        return -0.5  # a modification date: the publication date only when nothing else is printed
    return 0.0


def _time_elements(title_el: HtmlElement) -> Iterator[HtmlElement]:
    box: HtmlElement | None = title_el
    for _ in range(3):
        if box is None or box.getparent() is None:
            break
        box = box.getparent()
    if box is not None:
        for el in box.iter("time"):
            card = next(el.iterancestors("a"), None)
            # A <time> in a teaser card (a link holding a heading or a picture) dates another story; WordPress's
            # permalink around the post's own date holds nothing else.
            if ((card is None or not _CARD_PARTS(card)) and not _beside_teaser_link(el) and not _modified(el)
                    and not _labelled_update(el)):
                yield el


def _labelled_update(el: HtmlElement) -> bool:
    """A <time> its line labels an update: "Cập nhật lần cuối: <time datetime=…>" (a static site generator's
    "last updated" footer, its text filled in by a script)."""
    box = el.getparent()
    if box is None:
        return False
    before = "".join([box.text or "", *((s.text_content() + (s.tail or "")) for s in el.itersiblings(preceding=True))])
    before = before[-60:]
    return bool(UPDATED_LABEL.search(before)) and not POSTED_LABEL.search(before)


def _modified(el: HtmlElement) -> bool:
    """An element that says it holds the modification date: schema.org dateModified, or class names saying an
    update ("updated", "meta-updated-date", "lastchange") and no publication (hAtom's "published updated" pair on
    one <time>, as WordPress themes print it for a post never edited, is the publication date)."""
    if el.get("itemprop") == "dateModified":
        return True
    # "VPLastUpdated", "post-updated": camel-case humps count as parts.
    names = re.sub(r"([a-z])([A-Z])", r"\1-\2", el.get("class") or "").lower().split()
    parts = [p for n in names for p in re.split(r"[-_]", n)]
    if any("publish" in p for p in parts):
        return False
    return any(p in ("updated", "modified") for p in parts) or any("lastchange" in n for n in names)


def _in_modified_holder(el: HtmlElement) -> bool:
    """An element inside a box that says it holds the modification date (``_modified``)."""
    box = el.getparent()
    return box is not None and _modified(box)


TEASER_LINK_CHARS = 25
TEASER_CHARS = 300


def _beside_teaser_link(el: HtmlElement) -> bool:
    """A <time> in a teaser item: its box (two levels up) holds a link to another page that reads like a
    headline ("<div class='post-preview'><a>Theo chân tổ công tác …</a><div><time>…</time></div></div>")."""
    box: HtmlElement | None = el
    for _ in range(2):
        box = box.getparent() if box is not None else None
        if box is None or dom.text_longer(box, TEASER_CHARS):
            return False  # not a teaser item: the article itself, or a whole list
        for a in box.iter("a"):
            href = a.get("href") or ""
            if href and not href.startswith("#") and len(dom.text_of(a)) >= TEASER_LINK_CHARS:
                return True
    return False


def _titled_relative(title_el: HtmlElement) -> Iterator[HtmlElement]:
    """Elements after the headline in its box showing a relative date with the exact one as their tooltip
    (``<span title="2026-12-2 06:30">5 giờ trước</span>``), outside links."""
    box = _headline_box(title_el)
    if box is None or not _TITLED(box):
        return  # nothing in the box has a tooltip (one C-level search rather than a Python loop)
    after = False
    for el in box.iter():
        if el is title_el:
            after = True
            continue
        if not after or not isinstance(el.tag, str) or not el.get("title"):
            continue
        text = dom.text_of(el)
        if (RELATIVE.match(text) or _RELATIVE_ANY.match(text)) and next(el.iterancestors("a"), None) is None:
            yield el


_TITLED = etree.XPath("boolean(.//*[@title])")
_CARD_PARTS = etree.XPath(".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or self::img]")


def _aware(value: Published) -> Published:
    if isinstance(value, datetime):
        return value.astimezone(TZ) if value.tzinfo else value.replace(tzinfo=TZ)
    return value


_ITEM_TAGS = frozenset({"li", "article", "tr", "dd", "div", "section", "td"})
LISTING_ITEM_CHARS = 400


def listing_date(link: HtmlElement) -> Published | None:
    """The date printed beside an article's link on a listing page, in the link's own item.

    The item is the smallest block around the link (a list item, a card, a table row) with little
    text; its <time datetime> or a full day-first date in its text counts. None when there is none.
    """
    node = link.getparent()
    for _ in range(4):
        if node is None or not isinstance(node.tag, str):
            return None
        if node.tag.lower() in _ITEM_TAGS:
            break
        node = node.getparent()
    if node is None or dom.text_longer(node, LISTING_ITEM_CHARS):
        return None
    for stamp in node.iter("time"):
        value = dating.from_value(stamp.get("datetime")) or dating.from_line(dom.text_of(stamp))
        if value is not None:
            return value
    title = dom.text_of(link)
    rest = dom.text_of(node).replace(title, " ") if title else dom.text_of(node)
    try:
        return parse_date(rest)
    except (ValueError, TypeError, OverflowError):
        return None
