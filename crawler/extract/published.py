"""Where ``published_at`` comes from: every date on the page is a witness, none is the judge.

Each candidate carries its source, the text it was read from, a score and, when it cannot be
the publication date, the reason. The decision (``decide``), in order:

1. The site registry's override selector, then the profile's own date selectors: the markup of a
   known family says where the date is. Still refused when later than the fetch.
2. The printed date of the article: date lines beside the headline (below it, or above it inside
   its box), ``<time>`` elements by the headline, labelled lines ("Ngày đăng", "Đăng lúc",
   "Cập nhật") in the article, the tool bar or byline line after the body. The best scored one
   that is not chrome.
3. Metadata (JSON-LD ``datePublished``, ``<meta>`` dates, microdata): one witness. Where it gives
   the same day as the printed date it may lend its time; where it gives another day the printed
   date wins (Vietnamese CMSes put the modification date or a default there). Alone, it is taken.
4. The date in the URL path (``/2024/03/12/``).
5. What the crawl knows from elsewhere: the date printed beside this article's link on the listing
   page that led to it, the feed's ``pubDate``, the sitemap's ``lastmod`` (the weakest: an edit's day).
6. A day without a time gets the time printed apart from it (a tool bar, a ``time`` span) or,
   on the same day, the time another witness gives.

Chrome is never the publication date: a candidate in the page's header, footer, navigation or
sidebars, a clock (a date labelled "Hôm nay", a ticking time at the fetch minute), text that
repeats on other pages of the site, anything later than the fetch, and the fetch day itself
without article-level evidence (printed below the headline, or another witness on that day).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from lxml import etree
from lxml.html import HtmlElement

from crawler.core.dates import TZ, first_day_at, parse_date, time_of
from crawler.extract import dating, dom
from crawler.extract.metadata import PageMeta

Published = datetime | date

# Sources, as stored in ``articles.published_source``.
OVERRIDE, PROFILE = "override", "profile"
JSONLD, META, MICRODATA = "jsonld", "meta", "microdata"
ARTICLE, BYLINE, URL = "article", "byline", "url"
LISTING, FEED, SITEMAP = "listing", "feed", "sitemap"
PRINTED = (ARTICLE, BYLINE)
CONTEXT_SOURCES = (URL, LISTING, FEED, SITEMAP)
METADATA = (JSONLD, META, MICRODATA)
# What each source means to a reader (crawler show, the web article page).
SOURCE_LABELS = {
    OVERRIDE: "the site's date selector (sites.toml)",
    PROFILE: "the family profile's date markup",
    JSONLD: "JSON-LD datePublished",
    META: "a <meta> date",
    MICRODATA: "microdata datePublished",
    ARTICLE: "the date line by the headline",
    BYLINE: "a tool bar or byline line",
    URL: "the date in the URL",
    LISTING: "the date beside the link on the listing page",
    FEED: "the feed item's date",
    SITEMAP: "the sitemap entry's lastmod",
}


def describe_source(source: str | None) -> str:
    """``jsonld`` -> ``jsonld (JSON-LD datePublished)``; "-" when unknown (stored before the source was kept)."""
    if not source:
        return "-"
    label = SOURCE_LABELS.get(source)
    return f"{source} ({label})" if label else source

# How far from the headline a date line still belongs to the article's header.
LINES_AFTER_TITLE = 12
LINES_AFTER_BODY = 6
# ... and while they hold this much text: past it, the body has begun (even one of short paragraphs).
LINES_AFTER_TITLE_CHARS = 600
# A candidate dated later than the fetch by more than this is not a publication date.
FUTURE_SLACK = timedelta(minutes=10)
# Metadata this close to the fetch, with seconds, is a dynamic page's render time.
RENDER_SLACK = timedelta(seconds=90)
# A time printed on its own is short: "Lúc 09:30 SA (GMT+7)".
TIME_LINE_CHARS = 40
# A line this long is prose: the body has not ended before it.
PROSE_CHARS = 160
# How long before a printed "updated" date a metadata date may be and still be the publication.
UPDATE_AFTER_PUBLICATION = timedelta(days=30)
# A publication time in an inline script's page data: a witness, below the <meta> tags.
SCRIPT_SCORE = 0.6
# Record-creation dates in <meta>: a witness beside a printed date, never alone.
CREATED_KEYS = ("dc.date.created", "dcterms.created")
CREATED_SCORE = 0.3
# What a printed date gains when the metadata gives the same moment.
CORROBORATED = 0.25

_POSTED_LABEL = re.compile(
    r"ngày\s*đăng|đăng\s*(?:ngày|lúc|tải)|ngày\s*xuất\s*bản|xuất\s*bản|thời\s*gian\s*đăng|ngày\s*viết|"
    r"posted|published|đăng\s*:",
    re.IGNORECASE,
)
_UPDATED_LABEL = re.compile(r"cập\s*nhật|updated|sửa\s*đổi|chỉnh\s*sửa", re.IGNORECASE)
_CLOCK_SHAPE = re.compile(
    r"^\s*(?:thứ\s*(?:[2-7]|hai|ba|tư|năm|sáu|bảy)|chủ\s*nhật|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)\s*[,-]?\s*(?:ngày\s*)?\d{1,2}/\d{1,2}/\d{4}\s*$",
    re.IGNORECASE,
)
_CLOCK_LABEL = re.compile(r"hôm\s*nay|today|bây\s*giờ|giờ\s*hiện\s*tại", re.IGNORECASE)
# When a forum member or an account joined, was born, or last visited: a date about a person, not the page.
_PERSON_DATE_LABEL = re.compile(
    r"ngày\s*tham\s*gia|tham\s*gia\s*(?:ngày|từ|lúc)?\s*[:：]|thành\s*viên\s*từ|joined|member\s*since|"
    r"ngày\s*sinh|truy\s*cập\s*lần\s*cuối|lần\s*truy\s*cập\s*cuối|last\s*visit",
    re.IGNORECASE,
)
# Structural chrome: where a header clock, a footer licence date or a sidebar list lives.
_CHROME_TAGS = frozenset({"header", "footer", "nav", "aside"})
_CHROME_ROLES = frozenset({"banner", "contentinfo", "navigation", "complementary"})
_CHROME_NAME = re.compile(
    r"(?:^|[^a-z])(?:header|footer|top-?bar|topbar|sidebar|side-bar|navbar|menu|clock|today|breaking|marquee|"
    r"banner|widget|most-?read|xem-?nhieu|tin-?moi|related|lien-?quan|cung-?chuyen-?muc|other-?news)"
    r"(?:$|[^a-z])",
    re.IGNORECASE,
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")
_TIME_ONLY = re.compile(
    r"^\s*(?:lúc|vào\s+lúc|giờ\s*đăng|thời\s*gian)?\s*[:：]?\s*(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?:\s*:\s*(\d{2}))?"
    r"\s*(SA|CH|AM|PM|sáng|chiều|tối)?\s*(?:\(?\s*(?:GMT|UTC)\s*\+\s*0?7(?::?00)?\s*\)?)?\s*[|,-]?\s*$",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"^\W*(?:đăng\s*|cập\s*nhật\s*)?(?:(\d{1,2})\s*(phút|giờ|tiếng|ngày)(?:\s*trước)?|(hôm\s*qua)|(hôm\s*kia)"
    # A day without its year, as social platforms print it: "1 tháng 12", "01-12".
    r"|(\d{1,2})\s*(?:tháng\s*|[-/])(\d{1,2}))"
    # "Hôm qua, 16:45", "Hôm qua lúc 20:15", "1 tháng 12 lúc 08:30", "» Hôm qua, 11:30 pm" (a forum's)
    r"(?:\s*[,|-]?\s*(?:lúc\s*)?(\d{1,2})[:h](\d{2})(?:\s*(sa|ch|am|pm)\b)?)?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One witness: a date, where it came from, how much it counts and, if refused, why."""

    value: Published
    source: str
    text: str
    score: float
    rejected: str | None = None
    # Printed below the headline or otherwise inside the article: evidence at article level.
    in_article: bool = False
    # The element it was read from, when known (for the chrome test); not part of the evidence shown.
    el: HtmlElement | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Context:
    """What the crawl knows besides the page: the fetch time and the other witnesses it saw."""

    fetched_at: datetime | None = None
    listing: Published | None = None
    feed: Published | None = None
    # The sitemap's lastmod for this URL: the weakest witness (it may be the day of an edit).
    sitemap: Published | None = None
    # Date lines seen on other pages of the same site (a header clock, a footer date).
    repeated: Collection[str] = ()
    # Read every witness even when the first ones settle the date (crawler extract --explain).
    thorough: bool = False


@dataclass(slots=True)
class Dating:
    """The decision and everything that led to it (``crawler extract --explain`` prints it)."""

    value: Published | None = None
    source: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    note: str = ""

    def add_note(self, note: str) -> None:
        self.note = f"{self.note}; {note}" if self.note else note

    @property
    def outside(self) -> list[str]:
        """Date lines printed outside the article: the crawl counts them across a site's pages."""
        return [c.text for c in self.candidates if c.source in PRINTED and not c.in_article]

    def explain(self) -> list[str]:
        """One line per witness, the chosen one marked, then the decision."""
        lines = []
        for c in sorted(self.candidates, key=lambda c: (c.rejected is not None, -c.score)):
            mark = "*" if c.rejected is None and c.value == self.value and c.source == self.source else " "
            verdict = f"refused: {c.rejected}" if c.rejected else ("article" if c.in_article else "")
            value = c.value.isoformat() if hasattr(c.value, "isoformat") else str(c.value)
            lines.append(f"{mark} {c.score:5.2f}  {c.source:<9} {value:<25} {_short(c.text)}  {verdict}".rstrip())
        chosen = self.value.isoformat() if self.value is not None else "none"
        note = f"; {self.note}" if self.note else ""
        lines.append(f"published_at = {chosen} (source: {self.source or 'none'}){note}")
        return lines


# -- collecting ------------------------------------------------------------------------------------


def from_selectors(nodes: Iterable[object], source: str) -> list[Candidate]:
    """Dates read from elements a selector named (override or profile): trusted as given."""
    out = []
    for node in nodes:
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


def lines_below(title_el: HtmlElement) -> list[list[str]]:
    """The visible lines below the headline that the date and byline searches read (once per page)."""
    return dating.visible_lines_after(title_el, LINES_AFTER_TITLE, stop_chars=200, budget=LINES_AFTER_TITLE_CHARS)


def from_headline(title_el: HtmlElement, below: list[list[str]]) -> list[Candidate]:
    """Printed dates by the headline: the lines below it and <time> elements; the lines above it in its box
    when nothing below is a date (``from_above_headline``)."""
    out: list[Candidate] = []
    for i, pieces in enumerate(below):
        line = " ".join(" ".join(pieces).split())
        if len(line) > 200:
            break
        value = dating.from_pieces(pieces)
        if value is None:
            # "Pháp luật · Hôm qua · 356 lượt xem": a relative date is one piece of its line.
            line = next((p.strip() for p in (line, *pieces) if _relative_marker(p.strip())), line)
            value = _relative_marker(line)
        if value is not None:
            out.append(Candidate(value, ARTICLE, line, 1.0 - 0.04 * i + _label_bonus(line), in_article=True))
    stamps = list(_time_elements(title_el))
    for el in stamps[:1]:
        # One <time> by the headline dates the article; several are a list's (related stories).
        value = dating.from_value(el.get("datetime")) or dating.from_line(dom.text_of(el))
        if value is not None:
            text = el.get("datetime") or dom.text_of(el)
            out.append(Candidate(value, ARTICLE, text, 0.95 if len(stamps) == 1 else 0.7, in_article=True, el=el))
    # Only an "updated" line below the headline: the posted date may stand above it.
    return out if any(not _updated_only(c.text) for c in out) else out + from_above_headline(title_el)


def from_above_headline(title_el: HtmlElement) -> list[Candidate]:
    """Date lines just above the headline inside its box (a category badge and the date over the headline)."""
    out: list[Candidate] = []
    box = _headline_box(title_el)
    if box is not None:
        for i, pieces in enumerate(reversed(dating.pieces_before(title_el, 4, box))):
            line = " ".join(" ".join(pieces).split())
            value = dating.from_pieces(pieces)
            relative = value is None
            if relative:
                # "14 giờ trước" over the headline, beside the writer's name and a reading time: no clock
                # says that, it is the article's own.
                line = next((p.strip() for p in (line, *pieces) if _relative_marker(p.strip())), line)
                value = _relative_marker(line)
            if value is not None:
                out.append(Candidate(value, ARTICLE, line, 0.6 - 0.05 * i + _label_bonus(line), in_article=relative))
    return out


def _headline_box(title_el: HtmlElement) -> HtmlElement | None:
    """The headline's box: two levels up, and further while it holds nothing but the headline (an old page's
    `<p><b><font size="3">Headline</font></b></p>`)."""
    box = title_el.getparent()
    if box is not None and box.getparent() is not None:
        box = box.getparent()
    wanted = len(dom.text_of(title_el))
    for _ in range(3):
        if box is None or dom.tag_of(box) in ("body", "html") or len(dom.text_of(box)) > wanted + 2:
            break
        box = box.getparent()
    return box


def from_after_body(container: HtmlElement, region: HtmlElement | None = None) -> list[Candidate]:
    """The tool bar or byline line just after the body, inside the article's region (``article_region``):
    "Cập nhật: 12/03/2024 14:35 | In bài", not the sidebar box that follows the article."""
    lines = dating.visible_lines_after(container, LINES_AFTER_BODY, within=region)
    return _byline_dates(lines, score=0.55, max_chars=200)


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
        value = dating.from_pieces(pieces)
        if value is not None:
            out.append(Candidate(value, BYLINE, line, score - 0.03 * i + _label_bonus(line), in_article=True))
    return out


def from_labelled_lines(region: HtmlElement, seen: Collection[str]) -> list[Candidate]:
    """Labelled date lines ("Ngày đăng: 12/03/2024") anywhere in the article's region (``article_region``),
    for templates whose date is far from the headline; a sidebar's "Cập nhật" counter is outside it."""
    out = []
    for node in _SHORT_TEXTS(region):
        if not (_POSTED_LABEL.search(node) or _UPDATED_LABEL.search(node)):
            continue
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


# -- judging ---------------------------------------------------------------------------------------


def judge(candidates: list[Candidate], ctx: Context) -> list[Candidate]:
    """Mark the candidates that cannot be the publication date, with the reason."""
    fetched = ctx.fetched_at.astimezone(TZ) if ctx.fetched_at is not None else None
    first = [replace(c, rejected=_refusal(c, fetched, ctx)) for c in candidates]
    relative = {c.value for c in first if c.source in PRINTED and _RELATIVE.match(c.text)}
    if len(relative) > 1:
        # "2 giờ trước", "5 giờ trước", "Hôm qua" under one heading: the items of a list, not this page's date.
        first = [replace(c, rejected=c.rejected or "one of several relative dates: a list's")
                 if c.source in PRINTED and _RELATIVE.match(c.text) else c for c in first]
    if fetched is None:
        return first
    # The fetch day, printed outside the article, counts only when the article or the crawl says that day too.
    # Metadata does not: a page re-saved today carries today there.
    witnessed = {_day(c.value) for c in first
                 if c.rejected is None and (c.in_article or c.source in (URL, LISTING, FEED, OVERRIDE, PROFILE))}
    today = fetched.date()
    # A weekday and the fetch day, nothing else ("Thứ Bảy, 28/11/2026"): the shape of a clock, even below a
    # headline. It stands only when another witness, of any kind, says that day too.
    others = Counter(_day(c.value) for c in first if c.rejected is None)
    out = []
    for c in first:
        # A profile's date selector can match a clock too (an ASP.NET "lblDate" in the header); the user's own
        # selector (override) is trusted.
        if c.rejected is None and c.source in (*PRINTED, PROFILE) and _day(c.value) == today:
            if not c.in_article and today not in witnessed:
                c = replace(c, rejected="the fetch day, with no article-level evidence")
            elif _CLOCK_SHAPE.match(c.text) and others[today] < 2:
                c = replace(c, rejected=CLOCK_SHAPED)
        out.append(c)
    return out


def _refusal(c: Candidate, fetched: datetime | None, ctx: Context) -> str | None:
    el = c.el
    if c.source in PRINTED and _CLOCK_LABEL.search(c.text):
        return "a clock (labelled today)"
    if c.source in PRINTED and _PERSON_DATE_LABEL.search(c.text):
        return "when a member joined or last visited, not the page"
    if c.source in PRINTED and not c.in_article and c.text in ctx.repeated:
        return "repeats on other pages of the site"
    if c.source in (*PRINTED, PROFILE) and el is not None and _in_chrome(el):
        return "in the page's header, footer, navigation or sidebar"
    if fetched is None:
        return None
    moment = c.value if isinstance(c.value, datetime) else None
    if moment is not None and moment > fetched + FUTURE_SLACK:
        return "later than the fetch"
    if moment is None and c.value > fetched.date():
        return "later than the fetch day"
    if c.source in PRINTED and moment is not None and moment.second and abs(moment - fetched) <= FUTURE_SLACK:
        return "a ticking clock (the fetch time, to the second)"
    if c.source in METADATA and moment is not None and moment.second and abs(moment - fetched) <= RENDER_SLACK:
        return "the moment the page was rendered (the fetch time, to the second)"
    return None


CLOCK_SHAPED = "a clock's shape (weekday and the fetch day) and no other witness"


def with_printed_time(candidates: list[Candidate], times: Callable[[], list[tuple[time, str]]],
                      fetched_at: datetime | None) -> list[Candidate]:
    """A clock-shaped line under the headline ("Thứ Ba, 24/11/2026") stands when the article prints its time
    apart, earlier that day than the fetch ("09:05" in the tool bar): a clock shows no such second time."""
    shaped = [c for c in candidates if c.rejected == CLOCK_SHAPED and c.in_article]
    if not shaped or fetched_at is None:
        return candidates
    now = fetched_at.astimezone(TZ).time()
    if not any(moment < now for moment, _text in times()):
        return candidates
    return [replace(c, rejected=None) if c in shaped else c for c in candidates]


def settled(candidates: list[Candidate]) -> bool:
    """Whether the witnesses read so far settle the date: a selector's date, or a date printed with the
    article that has its time (printed, or from metadata on the same day)."""
    valid = [c for c in candidates if c.rejected is None]
    if any(c.source in (OVERRIDE, PROFILE) for c in valid):
        return True
    timed_days = {c.value.date() for c in valid if isinstance(c.value, datetime)}
    return any(c.source in PRINTED and c.in_article and _day(c.value) in timed_days
               and not _updated_only(c.text) for c in valid)


def decide(candidates: list[Candidate], times: Callable[[], list[tuple[time, str]]]) -> Dating:
    """Stages 1-6 of the module docstring over judged candidates."""
    valid = [c for c in candidates if c.rejected is None]
    dating_ = Dating(candidates=candidates)
    # 1. override, profile
    for source in (OVERRIDE, PROFILE):
        chosen = next((c for c in valid if c.source == source), None)
        if chosen is not None:
            return _with_time(dating_, chosen, valid, times)
    metadata = [c for c in valid if c.source in METADATA]
    # A printed date that the metadata repeats to the minute is the one the CMS calls the publication.
    moments = {c.value for c in metadata if isinstance(c.value, datetime)}
    printed = sorted((c for c in valid if c.source in PRINTED),
                     key=lambda c: -(c.score + (CORROBORATED if c.value in moments else 0.0)))
    # 2.-3. the printed date, with the metadata as a witness
    posted = [c for c in printed if not _updated_only(c.text)]
    if printed and not posted and metadata:
        # The page prints only when it was last updated: a metadata date shortly before that is the publication
        # (one years before is a default: the site's launch, an import).
        earlier = [c for c in metadata if _before(c.value, printed[0].value)
                   and _day(printed[0].value) - _day(c.value) <= UPDATE_AFTER_PUBLICATION]
        if earlier:
            dating_.note = "only an update date is printed: the metadata's earlier date is the publication"
            return _with_time(dating_, max(earlier, key=lambda c: c.score), valid, times)
    if printed:
        best = printed[0]
        within = [c for c in metadata if not _created(c) and _within_relative(best, c)]
        if within:
            # "3 ngày trước" rounds down: metadata in the span it names is the same moment, told exactly.
            dating_.note = f"the printed {best.text!r} agrees with the metadata, which has the time"
            return _with_time(dating_, max(within, key=lambda c: c.score), valid, times)
        if isinstance(best.value, date) and not isinstance(best.value, datetime):
            # A printed line with a time on the same day beats a bare day ("12/03/2024" then "14:35 12/03/2024").
            timed = next((c for c in printed if isinstance(c.value, datetime) and c.value.date() == best.value), None)
            best = timed or best
        disagree = [c for c in metadata if _day(c.value) != _day(best.value)]
        if disagree:
            dating_.note = f"metadata says {_day(disagree[0].value)}: the printed date wins"
        return _with_time(dating_, best, valid, times)
    published_meta = [c for c in metadata if not _created(c)]
    if published_meta:
        return _with_time(dating_, max(published_meta, key=lambda c: c.score), valid, times)
    # 4.-5. the URL, the listing, the feed, the sitemap
    for source in (URL, LISTING, FEED, SITEMAP):
        chosen = next((c for c in valid if c.source == source), None)
        if chosen is not None:
            return _with_time(dating_, chosen, valid, times)
    return dating_


def _with_time(dating_: Dating, chosen: Candidate, valid: list[Candidate],
               times: Callable[[], list[tuple[time, str]]]) -> Dating:
    """6. A bare day takes a time printed apart from it, or another witness's time on the same day."""
    dating_.value, dating_.source = chosen.value, chosen.source
    if isinstance(chosen.value, datetime):
        return dating_
    day = chosen.value
    for other in sorted(valid, key=lambda c: -c.score):
        if _created(other) and other is not chosen:
            continue  # a draft's creation time is not the publication's
        if isinstance(other.value, datetime) and other.value.date() == day:
            dating_.value = other.value
            dating_.add_note(f"time from {other.source}")
            return dating_
    printed_apart = times() if chosen.source in (*PRINTED, PROFILE, OVERRIDE) else []
    if printed_apart:
        moment, text = printed_apart[0]
        dating_.value = datetime.combine(day, moment, tzinfo=TZ)
        dating_.add_note(f"time printed apart ({text})")
    return dating_


# -- helpers ---------------------------------------------------------------------------------------


def resolve_relative(candidates: list[Candidate], fetched_at: datetime | None) -> list[Candidate]:
    """"3 giờ trước", "Hôm qua": placeholders made by ``_relative_marker``, resolved against the fetch time."""
    out = []
    for c in candidates:
        match = _RELATIVE.match(c.text) if c.source == ARTICLE else None
        if match is None:
            out.append(c)
            continue
        if fetched_at is None:
            continue  # no fetch time: a relative date says nothing
        now = fetched_at.astimezone(TZ)
        value: Published
        if match[3] or match[4] or match[5]:
            day = (now - timedelta(days=1 if match[3] else 2)).date() if not match[5] else _yearless(match, now)
            if day is None:
                continue
            value = day
            if match[7]:
                hour, minute = int(match[7]), int(match[8])
                marker = (match[9] or "").lower()
                if marker in ("ch", "pm") and hour < 12:
                    hour += 12
                elif marker in ("sa", "am") and hour == 12:
                    hour = 0
                if hour <= 23 and minute <= 59:
                    value = datetime.combine(day, time(hour, minute), tzinfo=TZ)
        else:
            amount, unit = int(match[1]), match[2].lower()
            if unit == "phút":
                value = (now - timedelta(minutes=amount)).replace(second=0, microsecond=0)
            elif unit in ("giờ", "tiếng"):
                value = (now - timedelta(hours=amount)).date()
            else:
                value = (now - timedelta(days=amount)).date()
        out.append(replace(c, value=value, score=c.score - 0.3))
    return out


_RELATIVE_PLACEHOLDER = date(1970, 1, 1)


def _yearless(match: re.Match[str], now: datetime) -> date | None:
    """The latest day with that day and month that is not after the fetch day."""
    day, month = int(match[5]), int(match[6])
    for year in (now.year, now.year - 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found <= now.date():
            return found
    return None


def _relative_marker(line: str) -> Published | None:
    return _RELATIVE_PLACEHOLDER if _RELATIVE.match(line) else None


def _time_only(text: str) -> time | None:
    match = _TIME_ONLY.match(" ".join(text.split()))
    return time_of(match) if match else None


def _label_bonus(line: str) -> float:
    if _POSTED_LABEL.search(line):
        return 0.3
    if _updated_only(line):
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
            if card is None or not _CARD_PARTS(card):
                yield el


_CARD_PARTS = etree.XPath(".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or self::img]")


def _in_chrome(el: HtmlElement) -> bool:
    node: HtmlElement | None = el
    while node is not None:
        if not isinstance(node.tag, str):
            return False
        tag = node.tag.lower()
        if tag in ("body", "html"):
            return False
        if tag in _CHROME_TAGS or (node.get("role") or "").lower() in _CHROME_ROLES:
            return not _holds_article(node)
        if _CHROME_NAME.search(dom.attrs_text(node)) and not _holds_article(node):
            return True
        node = node.getparent()
    return False


def _holds_article(el: HtmlElement) -> bool:
    """A <header> around the headline is the article's own header, not the page's."""
    return el.find(".//h1") is not None or len(dom.text_of(el)) > 1500


def _within_relative(printed: Candidate, meta: Candidate) -> bool:
    """A relative date counted in days ("3 ngày trước": three to four days before the fetch) and a metadata
    moment on its day or the day before it."""
    match = _RELATIVE.match(printed.text) if printed.source == ARTICLE else None
    if match is None or not match[1] or match[2].lower() != "ngày":
        return False
    return 0 <= (_day(printed.value) - _day(meta.value)).days <= 1


def _updated_only(text: str) -> bool:
    """A line that says when the page was last updated, and not when it was posted: the update label comes
    before its first date ("Cập nhật: 12/11/2026 16:47", not "09/11/2026 | 07:30 (Cập nhật: 12/11/2026)")."""
    label = _UPDATED_LABEL.search(text)
    if label is None or _POSTED_LABEL.search(text):
        return False
    first = first_day_at(text)
    return first is None or label.start() < first


def _created(c: Candidate) -> bool:
    return c.source == META and c.text.split("=", 1)[0] in CREATED_KEYS


def _before(first: Published, second: Published) -> bool:
    """``first`` strictly earlier than ``second``: to the minute when both have a time, else by the day."""
    if isinstance(first, datetime) and isinstance(second, datetime):
        return first < second
    return _day(first) < _day(second)


def _day(value: Published) -> date:
    return value.date() if isinstance(value, datetime) else value


def _aware(value: Published) -> Published:
    if isinstance(value, datetime):
        return value.astimezone(TZ) if value.tzinfo else value.replace(tzinfo=TZ)
    return value


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


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
    if node is None or len(dom.text_of(node)) > LISTING_ITEM_CHARS:
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
