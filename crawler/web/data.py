"""What the review pages read: the inbox (the review queue's partial index), a portal's figures, version diffs.

Nothing here builds HTML: the templates do, with autoescape, so every stored string reaches the page escaped.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from sqlalchemy import ColumnElement, and_, func, or_, select, tuple_
from sqlalchemy.orm import load_only

from crawler.core.dates import TZ
from crawler.review.queue import version_lines
from storage import flag_of
from storage.db import Database
from storage.models import REVIEW_REMOVED, REVIEW_UPDATED, Article, ArticleUrl, ArticleVersion

# The queue's predicate and order, shared with `crawler new` and ArticleRepository.flagged(): filtering on this
# very expression is what makes both databases read the partial index ix_articles_review_queue.
from storage.repository import REVIEW_QUEUE, on_portal, published_value, queue_order

STATUSES = ("new", "updated", "removed")
Status = Literal["new", "updated", "removed"]
PAGE_SIZE = 50
# The inbox tells how many stories wait up to this many: a capped count reads at most this many index entries,
# where an exact one reads the whole queue (about 0.2-0.4 s at a million). Filtered, it reads about the cap
# divided by the filter's share of the queue (a portal's view reads the portal's own part of the queue).
COUNT_CAP = 1_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# -- the inbox --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in the queue's order (changed_at DESC, id DESC): keyset paging, as fast deep as on page one."""

    changed_at: datetime
    id: int

    def encode(self) -> str:
        return f"{self.changed_at.astimezone(UTC).strftime('%Y%m%dT%H%M%S.%f')}_{self.id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        if not text:
            return None
        stamp, sep, ident = text.partition("_")
        try:
            when = datetime.strptime(stamp, "%Y%m%dT%H%M%S.%f").replace(tzinfo=UTC)
            number = int(ident)
        except ValueError:
            raise ValueError(f"bad page cursor {text!r}") from None
        if not sep or not 1 <= number < 2**63:
            raise ValueError(f"bad page cursor {text!r}")
        return cls(when, number)


@dataclass(frozen=True, slots=True)
class InboxFilter:
    site_id: str | None = None
    status: Status | None = None
    since: date | None = None  # local (Asia/Ho_Chi_Minh) days, on the date of the change
    until: date | None = None

    @property
    def active(self) -> bool:
        return any((self.site_id, self.status, self.since, self.until))


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


def _removed_flag() -> ColumnElement[bool]:
    return and_(REVIEW_REMOVED, or_(Article.reviewed_at.is_(None), Article.reviewed_at < Article.removed_at))


def _not_removed_flag() -> ColumnElement[bool]:
    return or_(Article.removed_at.is_(None),
               and_(Article.reviewed_at.is_not(None), Article.reviewed_at >= Article.removed_at))


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=TZ)


def inbox_scopes(flt: InboxFilter) -> list[list[ColumnElement[bool]]]:
    """The WHERE terms of a filtered inbox, one list per disjoint part of it.

    A portal's view has two parts, the portal's own stories and those first seen on another portal
    (see storage.repository.on_portal): each is read in the queue's order from its own index and the
    two are merged, where one OR-ed query would read and sort every story of the portal.
    """
    terms: list[ColumnElement[bool]] = [REVIEW_QUEUE]
    if flt.status == "removed":
        terms.append(_removed_flag())
    elif flt.status == "new":
        terms += [_not_removed_flag(), Article.version == 1]
    elif flt.status == "updated":
        terms += [_not_removed_flag(), REVIEW_UPDATED]
    if flt.since is not None:
        terms.append(Article.changed_at >= _local_midnight(flt.since))
    if flt.until is not None:
        terms.append(Article.changed_at < _local_midnight(flt.until + timedelta(days=1)))
    if not flt.site_id:
        return [terms]
    return [[*terms, part] for part in on_portal(flt.site_id)]


def inbox_page(
    db: Database, flt: InboxFilter, *, older_than: Cursor | None = None, newer_than: Cursor | None = None,
    limit: int = PAGE_SIZE,
) -> InboxPage:
    """One page of unreviewed stories, newest change first, read from the queue's partial indexes.

    ``older_than`` gives the page after a cursor, ``newer_than`` the page before one (read in the index's own
    ascending order, then reversed). Each part of the view (see inbox_scopes) reads ``limit + 1`` index
    entries, to know whether another page follows; the parts are merged on the queue's key.
    """
    key = tuple_(Article.changed_at, Article.id)
    url_count = select(func.count(ArticleUrl.id)).where(ArticleUrl.article_id == Article.id).scalar_subquery()
    backwards = newer_than is not None and older_than is None
    if backwards:
        assert newer_than is not None
        position = [key > tuple_(newer_than.changed_at, newer_than.id)]
        order = (Article.changed_at.asc(), Article.id.asc())
    else:
        position = [key < tuple_(older_than.changed_at, older_than.id)] if older_than is not None else []
        order = queue_order()
    found: list[tuple[Article, int | None]] = []
    total = 0
    with db.sessions() as session:
        for scope in inbox_scopes(flt):
            query = select(Article, url_count).options(
                load_only(
                    Article.id, Article.site_id, Article.title, Article.published_at, Article.published_date_only,
                    Article.version, Article.updated_at, Article.removed_at, Article.reviewed_at,
                    Article.changed_at,
                )
            ).where(*scope, *position).order_by(*order).limit(limit + 1)
            found += [(a, n) for a, n in session.execute(query)]
            counted = select(Article.id).where(*scope).limit(COUNT_CAP + 1).subquery()
            total += int(session.execute(select(func.count()).select_from(counted)).scalar_one())
    # Every story's changed_at is set (the repository writes it): the merge key of the parts.
    found.sort(key=lambda row: (row[0].changed_at or _EPOCH, row[0].id), reverse=not backwards)
    more = len(found) > limit
    found = found[:limit]
    if backwards:
        found.reverse()
    rows = [
        InboxRow(a.id, flag_of(a), a.site_id, a.title, published_value(a), a.changed_at, a.version, int(n or 0))
        for a, n in found
    ]

    def cursor(row: InboxRow) -> Cursor | None:
        return Cursor(row.changed_at, row.id) if row.changed_at is not None else None

    if backwards:
        older = cursor(rows[-1]) if rows else None
        newer = cursor(rows[0]) if rows and more else None
    else:
        older = cursor(rows[-1]) if rows and more else None
        newer = cursor(rows[0]) if rows and older_than is not None else None
    return InboxPage(rows, older, newer, min(total, COUNT_CAP), capped=total > COUNT_CAP, cap=COUNT_CAP)


def existing_ids(db: Database, ids: Sequence[int]) -> set[int]:
    with db.sessions() as session:
        return set(session.execute(select(Article.id).where(Article.id.in_(list(ids)))).scalars())


# -- a portal ---------------------------------------------------------------------------------


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
        .where(ArticleUrl.site_id == site_id, ArticleUrl.first_seen_at >= _local_midnight(first))
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


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    top: int  # the count at the top of the scale
    baseline: float
    total: int


def bar_chart(counts: Sequence[DayCount], *, width: int = 640, height: int = 180) -> Chart:
    """Geometry of the per-day bars; the template draws it as inline SVG (no script, no style attribute)."""
    left, bottom, top_pad = 36.0, 22.0, 10.0
    plot_h = height - bottom - top_pad
    top = max((c.count for c in counts), default=0) or 1
    step = (width - left - 4) / max(len(counts), 1)
    bars = []
    for i, c in enumerate(counts):
        h = plot_h * c.count / top
        label = c.day.strftime("%d/%m") if i % 7 == 0 or i == len(counts) - 1 else ""
        bars.append(Bar(round(left + i * step + 1, 1), round(top_pad + plot_h - h, 1), round(max(step - 2, 1), 1),
                        round(h, 1), c.day, c.count, label))
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
