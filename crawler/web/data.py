"""What the review pages read: the inbox (storage.queue), a portal's figures, version diffs.

Nothing here builds HTML: the templates do, with autoescape, so every stored string reaches the page escaped.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from crawler.core.dates import TZ
from crawler.review.queue import version_lines
from storage import queue, tags
from storage.db import Database
from storage.models import ArticleUrl, ArticleVersion, CrawlRun
from storage.queue import Cursor, QueueFilter
from storage.repository import published_value

STATUSES = queue.FLAGS
PAGE_SIZE = 50
# The inbox tells how many stories wait up to this many (what a capped count costs: storage.queue.COUNT_CAP).
COUNT_CAP = queue.COUNT_CAP
# The inbox's filters: a portal, a status (the flag), local days of the change.
InboxFilter = QueueFilter


# -- the inbox --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InboxRow:
    id: int
    flag: str
    site_id: str
    title: str
    published: datetime | date | None
    changed_at: datetime | None
    version: int
    urls: int


@dataclass(slots=True)
class InboxPage:
    rows: list[InboxRow]
    older: Cursor | None  # the next page (older changes), when there is one
    newer: Cursor | None  # the previous page, when this is not the first
    total: int  # stories in the whole queue matching the filter, counted up to the cap
    capped: bool = field(default=False)  # more than ``cap`` match
    cap: int = COUNT_CAP


@dataclass(frozen=True, slots=True)
class Facet:
    key: str
    label: str
    count: int


# The facets count the newest this many stories of the filtered queue: a bounded read on a queue of millions.
FACET_WINDOW = 5000


def facets(db: Database, flt: InboxFilter) -> tuple[list[Facet], list[Facet]]:
    """The queue under the filter (its newest FACET_WINDOW stories), by today's province and by case type
    (each counted with the other filters but its own left out), the provinces by count, the types in the
    taxonomy's order; the chosen ones always."""
    from crawler.tagging import Taxonomy, province_names

    order = queue.queue_order()
    with db.sessions() as session:
        by_province = tags.facet_counts(session, tags.PROVINCE, dataclasses.replace(flt, province=None).where(),
                                        newest=FACET_WINDOW, order=order)
        by_type = tags.facet_counts(session, tags.TYPE, dataclasses.replace(flt, case_type=None).where(),
                                    newest=FACET_WINDOW, order=order)
    names = province_names()
    provinces = sorted((Facet(k, names.get(k, k), n) for k, n in by_province.items()
                        if n or k == flt.province), key=lambda f: (-f.count, f.label))
    if flt.province and flt.province not in by_province:
        provinces.append(Facet(flt.province, names.get(flt.province, flt.province), 0))
    types = [Facet(t.id, t.label, by_type.get(t.id, 0)) for t in Taxonomy.load().types.values()
             if by_type.get(t.id) or t.id == flt.case_type]
    return provinces, types


def inbox_page(
    db: Database, flt: InboxFilter, *, older_than: Cursor | None = None, newer_than: Cursor | None = None,
    limit: int = PAGE_SIZE,
) -> InboxPage:
    """One page of unreviewed stories, newest change first (storage.queue.page), counted up to COUNT_CAP.

    ``older_than`` gives the page after a cursor, ``newer_than`` the page before one.
    """
    page = queue.page(db, flt, limit=limit, older_than=older_than, newer_than=newer_than, cap=COUNT_CAP)
    rows = [
        InboxRow(s.article.id, s.flag, s.article.site_id, s.article.title, published_value(s.article),
                 s.article.changed_at, s.article.version, s.urls)
        for s in page.stories
    ]
    return InboxPage(rows, page.older, page.newer, page.total, capped=page.capped, cap=page.cap)


# -- a portal ---------------------------------------------------------------------------------


def crawled_sites(db: Database) -> set[str]:
    """The portals with a crawl run recorded."""
    with db.sessions() as session:
        return set(session.execute(select(CrawlRun.site_id).distinct()).scalars())


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    count: int


def articles_per_day(db: Database, site_id: str, *, days: int = 30, today: date | None = None) -> list[DayCount]:
    """Stories first seen on the portal per local day, the last ``days`` days (today included), zeros too.

    Counted by the database from article_urls (site_id, first_seen_at): an index range, whatever the table size.
    """
    today = today or datetime.now(TZ).date()
    first = today - timedelta(days=days - 1)
    if db.dialect == "postgresql":
        day = func.date(func.timezone("Asia/Ho_Chi_Minh", ArticleUrl.first_seen_at))
    else:
        # SQLite holds UTC text; Viet Nam has kept UTC+7 without daylight saving since 1975.
        day = func.date(ArticleUrl.first_seen_at, "+7 hours")
    query = (
        select(day, func.count(ArticleUrl.id))
        .where(ArticleUrl.site_id == site_id, ArticleUrl.first_seen_at >= queue.local_midnight(first))
        .group_by(day)
    )
    counts: dict[date, int] = {}
    with db.sessions() as session:
        for value, n in session.execute(query):
            if value is None:
                continue
            key = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
            counts[key] = counts.get(key, 0) + int(n)
    return [DayCount(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0)) for i in range(days)]


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: date
    count: int
    label: str  # the day under the bar, or "" for most bars
    label_x: float = 0.0  # where the label's text is anchored (its middle, or its end for the last bar)
    anchor: str = "middle"


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    top: int  # the count at the top of the scale
    baseline: float
    total: int


# Labels ("05/12") are about 30 units wide at font size 10: at least this far apart, they never overlap.
LABEL_GAP = 46.0


def bar_chart(counts: Sequence[DayCount], *, width: int = 640, height: int = 180) -> Chart:
    """Geometry of the per-day bars; the template draws it as inline SVG (no script, no style attribute).

    The days under the bars are labelled from the newest backwards, every ``k`` bars where ``k`` bars are at
    least LABEL_GAP wide: the last day always has its label and no two labels overlap. The SVG scales with
    the page (viewBox), so the labels keep their spacing at any width."""
    left, bottom, top_pad = 36.0, 22.0, 10.0
    plot_h = height - bottom - top_pad
    top = max((c.count for c in counts), default=0) or 1
    step = (width - left - 4) / max(len(counts), 1)
    every = max(1, math.ceil(LABEL_GAP / step))
    last = len(counts) - 1
    bars = []
    for i, c in enumerate(counts):
        h = plot_h * c.count / top
        x = round(left + i * step + 1, 1)
        labelled = (last - i) % every == 0
        at_end = i == last and x + step / 2 + LABEL_GAP / 2 > width
        bars.append(Bar(x, round(top_pad + plot_h - h, 1), round(max(step - 2, 1), 1), round(h, 1), c.day, c.count,
                        c.day.strftime("%d/%m") if labelled else "",
                        round(width - 2 if at_end else x + step / 2, 1), "end" if at_end else "middle"))
    return Chart(width, height, bars, top, top_pad + plot_h, sum(c.count for c in counts))


# -- versions ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    changed: bool


@dataclass(frozen=True, slots=True)
class DiffRow:
    kind: str  # equal, replace, delete, insert, skip
    left_no: int | None
    left: list[Segment]
    right_no: int | None
    right: list[Segment]
    skipped: int = 0  # for kind "skip": unchanged lines not shown


@dataclass(frozen=True, slots=True)
class VersionDiff:
    old: ArticleVersion
    new: ArticleVersion
    rows: list[DiffRow]

    @property
    def changed(self) -> bool:
        return any(r.kind not in ("equal", "skip") for r in self.rows)


# Intra-line highlighting costs O(n*m) per line pair; past this a changed line is marked as a whole.
INLINE_LIMIT = 3000


def _inline(a: str, b: str) -> tuple[list[Segment], list[Segment]]:
    if len(a) + len(b) > INLINE_LIMIT:
        return [Segment(a, True)], [Segment(b, True)]
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if i2 > i1:
            left.append(Segment(a[i1:i2], tag != "equal"))
        if j2 > j1:
            right.append(Segment(b[j1:j2], tag != "equal"))
    return left, right


def side_by_side(old: ArticleVersion, new: ArticleVersion, *, context: int = 2) -> VersionDiff:
    """A side-by-side diff of two versions (difflib), unchanged runs longer than 2*context+1 folded."""
    a, b = version_lines(old), version_lines(new)
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            n = i2 - i1
            keep = [k for k in range(n) if k < context or k >= n - context] if n > 2 * context + 1 else list(range(n))
            previous = -1
            for k in keep:
                if k != previous + 1:
                    rows.append(DiffRow("skip", None, [], None, [], skipped=k - previous - 1))
                rows.append(DiffRow("equal", i1 + k + 1, [Segment(a[i1 + k], False)],
                                    j1 + k + 1, [Segment(b[j1 + k], False)]))
                previous = k
            if keep and keep[-1] != n - 1:
                rows.append(DiffRow("skip", None, [], None, [], skipped=n - 1 - keep[-1]))
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            li, rj = i1 + k, j1 + k
            has_left, has_right = li < i2, rj < j2
            if has_left and has_right:
                left, right = _inline(a[li], b[rj])
                rows.append(DiffRow("replace", li + 1, left, rj + 1, right))
            elif has_left:
                rows.append(DiffRow("delete", li + 1, [Segment(a[li], True)], None, []))
            else:
                rows.append(DiffRow("insert", None, [], rj + 1, [Segment(b[rj], True)]))
    return VersionDiff(old, new, rows)


def version_diffs(versions: Sequence[ArticleVersion]) -> list[VersionDiff]:
    """Consecutive versions, newest change first."""
    return [side_by_side(old, new) for old, new in itertools.pairwise(versions)][::-1]
