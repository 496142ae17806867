"""The publication date's evidence: the witness, its sources, what the crawl knows, the decision record.

Each witness (``Candidate``) carries its source, the text it was read from, a score and, when it cannot
be the publication date, the reason. ``crawler.extract.published.witnesses`` reads them from the page,
``crawler.extract.published.judging`` refuses those that cannot be the date, and
``crawler.extract.fields.published_at`` decides among the rest.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from lxml.html import HtmlElement

from crawler.core.dates import first_day_at

Published = datetime | date

# Sources, as stored in ``articles.published_source``.
OVERRIDE, PROFILE = "override", "profile"
JSONLD, META, MICRODATA = "jsonld", "meta", "microdata"
ARTICLE, BYLINE, URL = "article", "byline", "url"
BREADCRUMB = "breadcrumb"
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
    BREADCRUMB: "the day archive the breadcrumb trail links to",
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

POSTED_LABEL = re.compile(
    r"ngày\s*đăng|đăng\s*(?:ngày|lúc|tải|vào)|ngày\s*xuất\s*bản|xuất\s*bản|thời\s*gian\s*đăng|ngày\s*viết|"
    r"posted|published|đăng\s*:",
    re.IGNORECASE,
)
UPDATED_LABEL = re.compile(
    r"cập\s*nhật|updated|sửa\s*đổi|chỉnh\s*sửa|sửa\s*lần\s*cuối|last\s*(?:changed|modified|edited)", re.IGNORECASE
)
# A programme's broadcast ("Phát sóng: 20:00 - Thứ Năm, 03/12/2026"): when it aired, which may follow the posting.
AIRED_LABEL = re.compile(r"phát\s*sóng|lên\s*sóng|air\s*date|aired", re.IGNORECASE)
RELATIVE = re.compile(
    # A label first: "Đăng", "Đã đăng vào khoảng", "Cập nhật lúc", "Gửi:", "Published".
    r"^\W*(?:(?:đã\s*|ngày\s*)?(?:đăng|cập\s*nhật|gửi)(?:\s*vào)?(?:\s*(?:khoảng|lúc))?\s*:?\s*|published\s*|posted\s*)?"
    # "3 giờ trước"; an English platform's "2 days ago", "yesterday".
    r"(?:(?P<amount>\d{1,2})\s*(?P<unit>phút|giờ|tiếng|ngày|minutes?|mins?|hours?|days?)"
    # ... and a smaller unit after it: "1 ngày 4 giờ trước", "2 giờ 15 phút trước" (Drupal's "time ago").
    r"(?:\s*,?\s*(?P<amount2>\d{1,2})\s*(?P<unit2>phút|giờ|tiếng|minutes?|mins?|hours?))?(?:\s*(?:trước|ago))?"
    r"|(?P<yesterday>hôm\s*qua|yesterday)|(?P<before>hôm\s*kia)"
    # A day without its year, as social platforms print it: "1 tháng 12", "01-12".
    r"|(?P<day>\d{1,2})\s*(?:tháng\s*|[-/])(?P<month>\d{1,2})"
    # "Hôm nay 07:41:10", as forums print today's posts: only with its time (alone, "Hôm nay" heads a clock).
    r"|(?P<today>hôm\s*nay|today)(?=\s*[,|-]?\s*(?:lúc\s*)?\d{1,2}[:h]\d{2}))"
    # "Hôm qua, 16:45", "Hôm qua lúc 20:15", "1 tháng 12 lúc 08:30", "» Hôm qua, 11:30 pm" (a forum's), seconds too.
    r"(?:\s*[,|-]?\s*(?:lúc\s*)?(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::\d{2})?(?:\s*(?P<marker>sa|ch|am|pm)\b)?)?\s*$",
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
        """The witnesses the crawl counts across a site's pages (``site_wide``)."""
        return [c.text for c in self.candidates if site_wide(c)]

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


def updated_only(text: str) -> bool:
    """A line that says when the page was last updated (or, on a programme's page, when it was broadcast), and
    not when it was posted: the label comes before its first date ("Cập nhật: 12/11/2026 16:47", "Phát sóng:
    20:00 - 03/12/2026", not "09/11/2026 | 07:30 (Cập nhật: 12/11/2026)")."""
    label = UPDATED_LABEL.search(text) or AIRED_LABEL.search(text)
    if label is None or POSTED_LABEL.search(text):
        return False
    first = first_day_at(text)
    return first is None or label.start() < first


def site_wide(c: Candidate) -> bool:
    """A witness that may be the site's, not the story's: a date line printed outside the article, or a metadata
    date. One the crawl sees on many pages of a site is the template's (a clock, a default pasted into every
    page's head): ``Context.repeated``."""
    return (c.source in PRINTED and not c.in_article) or c.source in METADATA


def day_of(value: Published) -> date:
    return value.date() if isinstance(value, datetime) else value


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")
