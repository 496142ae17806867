"""Refusing the witnesses that cannot be the publication date, with the reason; resolving relative dates.

Chrome is never the publication date: a candidate in the page's header, footer, navigation or
sidebars, a clock (a date labelled "Hôm nay", a ticking time at the fetch minute), the box of a site's
visitor counter ("Lần cập nhật cuối" beside "Số lượt truy cập"), text that
repeats on other pages of the site, anything later than the fetch, and the fetch day itself
without article-level evidence (printed below the headline, or another witness on that day).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from lxml.html import HtmlElement

from crawler.core.dates import TZ
from crawler.extract import dom
from crawler.extract.published.evidence import (
    ARTICLE,
    FEED,
    FUTURE_SLACK,
    LISTING,
    METADATA,
    OVERRIDE,
    PRINTED,
    PROFILE,
    RELATIVE,
    RENDER_SLACK,
    URL,
    Candidate,
    Context,
    Published,
    day_of,
    site_wide,
    updated_only,
)

_CLOCK_SHAPE = re.compile(
    r"^\s*(?:thứ\s*(?:[2-7]|hai|ba|tư|năm|sáu|bảy)|chủ\s*nhật|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)\s*[,-]?\s*(?:ngày\s*)?\d{1,2}/\d{1,2}/\d{4}\s*$",
    re.IGNORECASE,
)
_CLOCK_LABEL = re.compile(r"hôm\s*nay|today|bây\s*giờ|giờ\s*hiện\s*tại", re.IGNORECASE)
# When a forum member or an account joined, was born, or last visited: a date about a person, not the page.
_PERSON_DATE_LABEL = re.compile(
    r"ngày\s*tham\s*gia|tham\s*gia\s*(?:ngày|từ|lúc)?\s*(?:[:：]|(?=\d))|thành\s*viên\s*từ|joined|member\s*since|"
    r"ngày\s*sinh|truy\s*cập\s*lần\s*cuối|lần\s*truy\s*cập\s*cuối|last\s*visit|đăng\s*ký\s*[:：]|registered",
    re.IGNORECASE,
)
# A site's visitor counter ("Số lượt truy cập: 0482931", "Đang online: 3"): a date in its box ("Lần cập nhật
# cuối: 14/08/2024") is when the site changed, not this page. Article view counts ("Lượt xem: 517") are not it.
_SITE_COUNTER = re.compile(
    r"lượt\s*truy\s*cập|đang\s*(?:online|truy\s*cập)|tổng\s*(?:số\s*)?(?:lượt\s*)?truy\s*cập|truy\s*cập\s*hôm\s*nay|"
    r"\bvisitors?\b|\bonline\s*:",
    re.IGNORECASE,
)
_COUNTER_BOX_CHARS = 400
# Structural chrome: where a header clock, a footer licence date or a sidebar list lives.
_CHROME_TAGS = frozenset({"header", "footer", "nav", "aside"})
_CHROME_ROLES = frozenset({"banner", "contentinfo", "navigation", "complementary"})
_CHROME_NAME = re.compile(
    r"(?:^|[^a-z])(?:header|footer|top-?bar|topbar|sidebar|side-bar|navbar|menu|clock|today|breaking|marquee|"
    r"banner|widget|most-?read|xem-?nhieu|tin-?moi|related|lien-?quan|cung-?chuyen-?muc|other-?news)"
    r"(?:$|[^a-z])",
    re.IGNORECASE,
)


def judge(candidates: list[Candidate], ctx: Context, headline: HtmlElement | None = None) -> list[Candidate]:
    """Mark the candidates that cannot be the publication date, with the reason. `headline`: the page's
    headline element, when known."""
    fetched = ctx.fetched_at.astimezone(TZ) if ctx.fetched_at is not None else None
    first = [replace(c, rejected=_refusal(c, fetched, ctx, headline)) for c in candidates]
    relative = {c.value for c in first if c.source in PRINTED and RELATIVE.match(c.text)}
    if len(relative) > 1:
        # "2 giờ trước", "5 giờ trước", "Hôm qua" under one heading: the items of a list, not this page's date.
        first = [replace(c, rejected=c.rejected or "one of several relative dates: a list's")
                 if c.source in PRINTED and RELATIVE.match(c.text) else c for c in first]
    if fetched is None:
        return first
    # The fetch day, printed outside the article, counts only when the article or the crawl says that day too.
    # Metadata does not: a page re-saved today carries today there.
    witnessed = {day_of(c.value) for c in first
                 if c.rejected is None and (c.in_article or c.source in (URL, LISTING, FEED, OVERRIDE, PROFILE))}
    today = fetched.date()
    # A weekday and the fetch day, nothing else ("Thứ Bảy, 28/11/2026"): the shape of a clock, even below a
    # headline. It stands only when another witness, of any kind, says that day too.
    others = Counter(day_of(c.value) for c in first if c.rejected is None)
    out = []
    for c in first:
        # A profile's date selector can match a clock too (an ASP.NET "lblDate" in the header); the user's own
        # selector (override) is trusted.
        if c.rejected is None and c.source in (*PRINTED, PROFILE) and day_of(c.value) == today:
            if not c.in_article and today not in witnessed:
                c = replace(c, rejected="the fetch day, with no article-level evidence")
            elif _CLOCK_SHAPE.match(c.text) and others[today] < 2:
                c = replace(c, rejected=CLOCK_SHAPED)
        out.append(c)
    return out


def _today_at(text: str) -> bool:
    """A forum's "Hôm nay 07:41:10": today's post at that time, a relative date, not a clock's label."""
    match = RELATIVE.match(text)
    return match is not None and match["today"] is not None


def _refusal(c: Candidate, fetched: datetime | None, ctx: Context, headline: HtmlElement | None) -> str | None:
    el = c.el
    if c.source in PRINTED and _CLOCK_LABEL.search(c.text) and not _today_at(c.text):
        return "a clock (labelled today)"
    if c.source in PRINTED and _PERSON_DATE_LABEL.search(c.text):
        return "when a member joined or last visited, not the page"
    if c.source in PRINTED and el is not None and _in_counter_box(el):
        return "in the site's visitor counter"
    if site_wide(c) and c.text in ctx.repeated:
        return "repeats on other pages of the site"
    if c.source in (*PRINTED, PROFILE) and el is not None and _in_chrome(el, headline):
        return "in the page's header, footer, navigation or sidebar"
    if fetched is None:
        return None
    moment = c.value if isinstance(c.value, datetime) else None
    if moment is not None and moment > fetched + FUTURE_SLACK:
        return "later than the fetch"
    if moment is None and c.value > fetched.date():
        return "later than the fetch day"
    if c.source in PRINTED and moment is not None and (
            (moment.second and abs(moment - fetched) <= FUTURE_SLACK) or moment == fetched.replace(microsecond=0)):
        # To the second: a clock's reading (one at a whole minute too, when the fetch fell on it).
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
    return any(c.source in PRINTED and c.in_article and day_of(c.value) in timed_days
               and not updated_only(c.text) for c in valid)


def resolve_relative(candidates: list[Candidate], fetched_at: datetime | None) -> list[Candidate]:
    """"3 giờ trước", "Hôm qua": placeholders made by ``_relative_marker``, resolved against the fetch time."""
    out = []
    # Full dates other witnesses give: a day printed without its year takes the year of one on the same day.
    known = [day_of(c.value) for c in candidates
             if not (c.source == ARTICLE and RELATIVE.match(c.text)) and isinstance(c.value, date)]
    for c in candidates:
        match = RELATIVE.match(c.text) if c.source == ARTICLE else None
        if match is None:
            out.append(c)
            continue
        if fetched_at is None:
            continue  # no fetch time: a relative date says nothing
        now = fetched_at.astimezone(TZ)
        value: Published
        if not match["amount"]:
            if match["day"]:
                day = _yearless(match, now, known)
            else:
                day = (now - timedelta(days=0 if match["today"] else 1 if match["yesterday"] else 2)).date()
            if day is None:
                continue
            value = day
            if match["hour"]:
                hour, minute = int(match["hour"]), int(match["minute"])
                marker = (match["marker"] or "").lower()
                if marker in ("ch", "pm") and hour < 12:
                    hour += 12
                elif marker in ("sa", "am") and hour == 12:
                    hour = 0
                if hour <= 23 and minute <= 59:
                    value = datetime.combine(day, time(hour, minute), tzinfo=TZ)
        else:
            # "1 ngày 4 giờ trước": both amounts back from the fetch; the moment to the minute, else only its day.
            ago, minutes = _ago(match["amount"], match["unit"])
            if match["amount2"]:
                more, minutes = _ago(match["amount2"], match["unit2"])
                ago += more
            moment = now - ago
            value = moment.replace(second=0, microsecond=0) if minutes else moment.date()
        out.append(replace(c, value=value, score=c.score - 0.3))
    return out


def _ago(amount: str, unit: str) -> tuple[timedelta, bool]:
    """How long ago "<amount> <unit>" says, and whether it says it to the minute."""
    unit = unit.lower()
    if unit in ("phút", "min", "mins", "minute", "minutes"):
        return timedelta(minutes=int(amount)), True
    if unit in ("giờ", "tiếng", "hour", "hours"):
        return timedelta(hours=int(amount)), False
    return timedelta(days=int(amount)), False


def _yearless(match: re.Match[str], now: datetime, known: list[date]) -> date | None:
    """The day and month in the year of another witness's date on that same day ("26/3" printed, "/2025-03-26/"
    in the address), else the latest such day that is not after the fetch day."""
    day, month = int(match["day"]), int(match["month"])
    same = sorted(d for d in known if (d.month, d.day) == (month, day) and d <= now.date())
    if same:
        return same[-1]
    for year in (now.year, now.year - 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found <= now.date():
            return found
    return None


def _in_chrome(el: HtmlElement, headline: HtmlElement | None = None) -> bool:
    node: HtmlElement | None = el
    while node is not None:
        if not isinstance(node.tag, str):
            return False
        tag = node.tag.lower()
        if tag in ("body", "html"):
            return False
        if tag in _CHROME_TAGS or (node.get("role") or "").lower() in _CHROME_ROLES:
            return not (_holds_article(node) or _in_meta_column(node) or _META_BAR.search(dom.attrs_text(node))
                        or _with_headline(node, headline))
        if _CHROME_NAME.search(dom.attrs_text(node)) and not (_holds_article(node) or _in_meta_column(node)):
            return not _with_headline(node, headline)
        node = node.getparent()
    return False


def _with_headline(node: HtmlElement, headline: HtmlElement | None) -> bool:
    """Whether a chrome-named box lies in one chrome-named box with the headline: a message "widget" whose
    footer holds its time (a channel's web preview), the post's own parts, not the page's."""
    if headline is None:
        return False
    for box in (node, *node.iterancestors()):
        tag = dom.tag_of(box)
        if tag in ("body", "html"):
            return False
        if (tag in _CHROME_TAGS or _CHROME_NAME.search(dom.attrs_text(box))) and dom.contains(box, headline):
            return True
    return False


def _in_counter_box(el: HtmlElement) -> bool:
    """Whether the date's own small box (its element or the one around it) is a visitor counter."""
    node: HtmlElement | None = el
    for _level in range(2):
        if node is None or not isinstance(node.tag, str):
            return False
        text = dom.text_of(node)
        if len(text) > _COUNTER_BOX_CHARS:
            return False
        if _SITE_COUNTER.search(text):
            return True
        node = node.getparent()
    return False


# A <nav> named as the post's meta bar ("level post-meta" in Bulma): the article's date line, not navigation.
_META_BAR = re.compile(r"(?:^|[\s_-])(?:post|entry|article|news)[-_]?meta(?:$|[\s_-])", re.IGNORECASE)
META_COLUMN_LEVELS = 4


def _in_meta_column(el: HtmlElement) -> bool:
    """Whether a chrome-looking box is (or lies a few levels inside) the article's meta column: a blog's post
    sidebar nests its own <nav> lists."""
    node: HtmlElement | None = el
    for _ in range(META_COLUMN_LEVELS):
        if node is None or dom.tag_of(node) in ("body", "html"):
            return False
        if dom.meta_column(node):
            return True
        node = node.getparent()
    return False


def _holds_article(el: HtmlElement) -> bool:
    """A <header> around the headline is the article's own header, not the page's."""
    return el.find(".//h1") is not None or dom.text_longer(el, 1500)
