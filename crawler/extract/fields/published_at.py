"""``published_at``: when the article was published, and where that came from (``published_source``).

Every date on the page is a witness, none is the judge. Each candidate carries its source, the text it
was read from, a score and, when it cannot be the publication date, the reason (the evidence:
``crawler.extract.published``). The decision (``decide``), in order:

1. The site registry's override selector, then the profile's own date selectors: the markup of a
   known family says where the date is. Still refused when later than the fetch.
2. The printed date of the article: date lines beside the headline (below it, or above it inside
   its box; a field's label on the line before its value is read with it, "Ngày đăng" | "18/11/2026
   15:05" of a meta column's <dl>), ``<time>`` elements by the headline, labelled lines ("Ngày đăng",
   "Đăng lúc", "Cập nhật") in the article, the tool bar or byline line after the body. The best scored
   one that is not chrome; a notice's event time over its place ("Thời gian: …" | "Địa điểm: …") is none.
3. Metadata (JSON-LD ``datePublished``, ``<meta>`` dates, microdata): one witness. Where it gives
   the same day as the printed date it may lend its time; where it gives another day the printed
   date wins (Vietnamese CMSes put the modification date or a default there). Alone, it is taken.
4. The date in the URL path (``/2024/03/12/``), else in the address of the breadcrumb trail's last dated
   link (a blog post under its day's archive: "Blog › 2024 › Sep › 19").
5. What the crawl knows from elsewhere: the date printed beside this article's link on the listing
   page that led to it, the feed's ``pubDate``, the sitemap's ``lastmod`` (the weakest: an edit's day).
6. A day without a time gets the time another witness gives on the same day, else the time printed
   apart from it (a tool bar, a ``time`` span); a printed day takes the time printed by the headline
   rather than the metadata's (a later save's, that day).

Chrome is never the publication date: a candidate in the page's header, footer, navigation or
sidebars, a clock (a date labelled "Hôm nay", a ticking time at the fetch minute), text that
repeats on other pages of the site (a date line outside the article, or a metadata value, seen by the
crawl on three pages: a default pasted into every page's head), anything later than the fetch, and the
fetch day itself without article-level evidence (printed below the headline, or another witness on
that day). A day-first date that cannot be ("5/23/2024 8:15:00 AM", an en-US server's) is read month
first.

The witnesses are read in two rounds. Before the body is pruned (``early_witnesses``): the override
selector, the profile's ``DATE`` selectors, the metadata, the lines below the headline and the
``<time>`` by it, the URL. With the body known (``read``): what the crawl saw elsewhere; then, only
when those do not settle the date (a selector's date, or a printed date with its time) or when
``Context.thorough`` asks for everything, the lines above the headline, labelled lines in the
article's region and the tool bar after the body.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from lxml.html import HtmlElement

from crawler.core.dates import TZ
from crawler.extract import published
from crawler.extract.page import Page
from crawler.extract.published.evidence import (
    ARTICLE,
    BREADCRUMB,
    CORROBORATED,
    CREATED_KEYS,
    FEED,
    LISTING,
    META,
    METADATA,
    OVERRIDE,
    PRINTED,
    PROFILE,
    RELATIVE,
    SITEMAP,
    UPDATE_AFTER_PUBLICATION,
    URL,
    Candidate,
    Dating,
    Published,
    day_of,
    updated_only,
)


def early_witnesses(page: Page, selectors: tuple[str, ...]) -> list[Candidate]:
    """Every witness of the publication date read before the body is pruned (stages 1-4)."""
    found: list[Candidate] = []
    nodes = page.overrides.get("published_at")
    if nodes:
        found += published.from_selectors(nodes, OVERRIDE)
    for query in selectors:
        chosen = published.from_selectors(page.select(query), PROFILE)
        found += chosen
        # A hidden schema.org value is metadata, one witness among others: the visible date goes on.
        if chosen and chosen[0].source == PROFILE:
            break
    found += published.from_metadata(page.meta, page.root, page.index.has("itemprop", "datePublished"))
    found += published.from_app_attributes(page.index)
    title_el = page.headline
    if title_el is not None:
        page.title_lines = published.lines_below(title_el)
        found += published.from_headline(title_el, page.title_lines)
    found += published.from_url(page.url) or published.from_breadcrumbs(page.index)
    # Read now, weighed in ``read`` only when the printed lines do not settle the date.
    page.info_box_dates = published.from_info_box(page.root, set())
    return found


def read(page: Page, early: list[Candidate], containers: list[HtmlElement], ctx: published.Context) -> Dating:
    """The decision over every witness, with the body's container known (its tool bar is one)."""
    container = containers[-1] if containers else None
    found = early + published.from_context(ctx)
    judged = published.judge(published.resolve_relative(found, ctx.fetched_at), ctx, page.headline)
    if ctx.thorough or not published.settled(judged):
        # The witnesses further from the headline cost more to find: read them only when needed.
        anchor = page.headline
        if anchor is not None and not any(c.source == ARTICLE and not c.in_article for c in found):
            found += published.from_above_headline(anchor)
        region = published.article_region(page.root, anchor, container)
        found += published.from_labelled_lines(region, {c.text for c in found})
        known = {c.text for c in found}
        found += [c for c in page.info_box_dates if c.text not in known]
        if container is not None:
            inside = region if region is not page.root else None
            found += published.from_after_body(container, inside) or published.from_body_end(container)
            if anchor is None:
                found += published.from_body_start(container)
        judged = published.judge(published.resolve_relative(found, ctx.fetched_at), ctx, page.headline)

    @functools.cache
    def near_times() -> list[tuple[time, str]]:
        anchor = page.headline
        return published.times_near(anchor, page.title_lines) if anchor is not None else []

    @functools.cache
    def times() -> list[tuple[time, str]]:
        # Read once: the clock-shape check and the decision both may ask.
        return near_times() + (published.times_after(container) if container is not None else [])

    decided = decide(published.with_printed_time(judged, times, ctx.fetched_at), times, near_times)
    # The evidence travels with the article (across processes too): without its elements.
    decided.candidates = [replace(c, el=None) for c in decided.candidates]
    return decided


def decide(candidates: list[Candidate], times: Callable[[], list[tuple[time, str]]],
           near_times: Callable[[], list[tuple[time, str]]] = list) -> Dating:
    """Stages 1-6 of the module docstring over judged candidates; ``times`` are the times printed apart from a
    date (by the headline and in the tool bar after the body), ``near_times`` those by the headline alone."""
    valid = [c for c in candidates if c.rejected is None]
    dating_ = Dating(candidates=candidates)
    # 1. The override selector, then the profile's selectors.
    for source in (OVERRIDE, PROFILE):
        chosen = next((c for c in valid if c.source == source), None)
        if chosen is not None:
            return _with_time(dating_, chosen, valid, times, near_times)
    metadata = [c for c in valid if c.source in METADATA]
    # A printed date that the metadata repeats to the minute is the one the CMS calls the publication.
    moments = {c.value for c in metadata if isinstance(c.value, datetime)}
    printed = sorted((c for c in valid if c.source in PRINTED),
                     key=lambda c: -(c.score + (CORROBORATED if c.value in moments else 0.0)))
    # 2. The printed date, with the metadata as a witness (3.: it may lend its time, or stand for the publication
    # when only an update date is printed).
    posted = [c for c in printed if not updated_only(c.text)]
    if printed and not posted and metadata:
        # The page prints only when it was last updated: a metadata date shortly before that is the publication
        # (one years before is a default: the site's launch, an import).
        # A day the address or the listing gives too is the publication's, however long before the update.
        vouched = {day_of(c.value) for c in valid if c.source in (URL, BREADCRUMB, LISTING, FEED)}
        earlier = [c for c in metadata if _before(c.value, printed[0].value)
                   and (day_of(printed[0].value) - day_of(c.value) <= UPDATE_AFTER_PUBLICATION
                        or day_of(c.value) in vouched)]
        if earlier:
            dating_.note = "only an update date is printed: the metadata's earlier date is the publication"
            return _with_time(dating_, max(earlier, key=lambda c: c.score), valid, times, near_times)
    if printed and not posted:
        # Only an update date is printed ("last modified on Aug 27, 2025"): a day the address, the listing or the
        # feed gives, not after it, is the publication's.
        elsewhere = [c for c in valid if c.source in (URL, BREADCRUMB, LISTING, FEED)
                     and day_of(c.value) <= day_of(printed[0].value)]
        if elsewhere and not metadata:
            dating_.note = f"only an update date is printed: the {elsewhere[0].source}'s earlier day is the publication"
            return _with_time(dating_, elsewhere[0], valid, times, near_times)
    if printed:
        best = printed[0]
        within = [c for c in metadata if not _created(c) and _within_relative(best, c)]
        if within:
            # "3 ngày trước" rounds down: metadata in the span it names is the same moment, told exactly.
            dating_.note = f"the printed {best.text!r} agrees with the metadata, which has the time"
            return _with_time(dating_, max(within, key=lambda c: c.score), valid, times, near_times)
        utc_same = [c for c in metadata if not _created(c) and _printed_in_utc(best, c)]
        if utc_same:
            # "Published on Mar 11, 2024" over "2024-03-11T18:40:00Z": the page printed the UTC day of the moment
            # the metadata gives, which is Mar 12 in Vietnam.
            dating_.note = f"the printed {best.text!r} is the UTC day of the metadata's moment"
            return _with_time(dating_, max(utc_same, key=lambda c: c.score), valid, times, near_times)
        if isinstance(best.value, date) and not isinstance(best.value, datetime):
            # A printed line with a time on the same day beats a bare day ("12/03/2024" then "14:35 12/03/2024").
            timed = next((c for c in printed if isinstance(c.value, datetime) and c.value.date() == best.value), None)
            best = timed or best
        disagree = [c for c in metadata if day_of(c.value) != day_of(best.value)]
        if disagree:
            dating_.note = f"metadata says {day_of(disagree[0].value)}: the printed date wins"
        return _with_time(dating_, best, valid, times, near_times)
    # 3. The metadata alone.
    published_meta = [c for c in metadata if not _created(c)]
    if published_meta:
        return _with_time(dating_, max(published_meta, key=lambda c: c.score), valid, times, near_times)
    # 4. The URL, the breadcrumb trail; 5. the listing, the feed, the sitemap.
    for source in (URL, BREADCRUMB, LISTING, FEED, SITEMAP):
        chosen = next((c for c in valid if c.source == source), None)
        if chosen is not None:
            return _with_time(dating_, chosen, valid, times, near_times)
    return dating_


_UTC_STAMP = re.compile(r"(?:Z|[+-]00:?00)\s*$")


def _printed_in_utc(printed: Candidate, meta: Candidate) -> bool:
    """A printed bare day that is the UTC day, not Vietnam's, of a UTC metadata stamp."""
    if isinstance(printed.value, datetime) or not isinstance(meta.value, datetime):
        return False
    stamp = meta.text.rsplit("=", 1)[-1]
    return (_UTC_STAMP.search(stamp) is not None and meta.value.date() != printed.value
            and meta.value.astimezone(UTC).date() == printed.value)


# A machine timestamp printed without a zone: "2026-11-24 07:00:00", "2026-11-24T07:00".
_NAIVE_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def _with_time(dating_: Dating, chosen: Candidate, valid: list[Candidate],
               times: Callable[[], list[tuple[time, str]]],
               near_times: Callable[[], list[tuple[time, str]]] = list) -> Dating:
    """6. A bare day takes another witness's time on the same day, or a time printed apart from it; a printed
    day takes the time printed by the headline rather than the metadata's (a later save's, that day)."""
    dating_.value, dating_.source = chosen.value, chosen.source
    if isinstance(chosen.value, datetime):
        if _NAIVE_STAMP.match(chosen.text):
            # A machine time without its zone ("2026-11-24 07:00:00") that another witness gives as UTC
            # ("…07:00:00Z", or "Hôm qua lúc 14:00" printed: 14:00 in Vietnam) was UTC.
            shifted = chosen.value + (chosen.value.utcoffset() or timedelta(0))
            zoned = next((c for c in valid if c is not chosen and c.value == shifted), None)
            if zoned is not None:
                dating_.value = zoned.value
                dating_.add_note(f"{chosen.text!r} has no zone: UTC, as {zoned.source} says")
        return dating_
    day = chosen.value
    on_page = chosen.source in (*PRINTED, PROFILE, OVERRIDE)
    for other in sorted(valid, key=lambda c: -c.score):
        if _created(other) and other is not chosen:
            continue  # a draft's creation time is not the publication's
        if isinstance(other.value, datetime) and other.value.date() == day:
            near = near_times() if on_page and other.source in METADATA else []
            if near:
                moment, text = near[0]
                dating_.value = datetime.combine(day, moment, tzinfo=TZ)
                dating_.add_note(f"time printed by the headline ({text}), not the {other.source}'s")
                return dating_
            dating_.value = other.value
            dating_.add_note(f"time from {other.source}")
            return dating_
    printed_apart = times() if on_page else []
    if printed_apart:
        moment, text = printed_apart[0]
        dating_.value = datetime.combine(day, moment, tzinfo=TZ)
        dating_.add_note(f"time printed apart ({text})")
    return dating_


def _within_relative(printed: Candidate, meta: Candidate) -> bool:
    """A relative date counted in days ("3 ngày trước": three to four days before the fetch) and a metadata
    moment on its day or the day before it."""
    match = RELATIVE.match(printed.text) if printed.source == ARTICLE else None
    if match is None or not match["amount"] or match["unit"].lower() != "ngày":
        return False
    return 0 <= (day_of(printed.value) - day_of(meta.value)).days <= 1


def _created(c: Candidate) -> bool:
    return c.source == META and c.text.split("=", 1)[0] in CREATED_KEYS


def _before(first: Published, second: Published) -> bool:
    """``first`` strictly earlier than ``second``: to the minute when both have a time, else by the day."""
    if isinstance(first, datetime) and isinstance(second, datetime):
        return first < second
    return day_of(first) < day_of(second)
