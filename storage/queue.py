"""The review queue: which stories wait for a reviewer, how each is flagged, in what order, a page at a time.

Every reader of the queue comes here: `crawler new` (crawler.review.queue), `crawler export --new`
(crawler.review.export), the web inbox (crawler.web) and the Atom feeds of new stories (crawler.review.feeds).
So they list the same stories, flag them alike, and read the indexes made for them (storage.models):
ix_articles_review_queue and its _removed, _updated and _site variants, ix_article_urls_cross_site, and for the
feeds ix_articles_first_seen_at and ix_article_urls_site_first_seen.

A story waits while it is new, updated or removed since its last review. The repository (storage.repository)
stores that condition as ``needs_review``, and the queue's sort key as ``changed_at``, with every write. The
queries below filter on REVIEW_QUEUE, the partial indexes' own WHERE term: SQLite uses a partial index only for a
query that repeats its terms as written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, tuple_
from sqlalchemy.orm import Session, load_only, selectinload

from crawler.core.dates import TZ
from storage import tags
from storage.db import Database
from storage.models import CROSS_SITE, REVIEW_QUEUE, REVIEW_REMOVED, REVIEW_UPDATED, ArticleUrl, Story

Flag = Literal["new", "updated", "removed"]
FLAGS: tuple[Flag, ...] = ("new", "updated", "removed")

# A count of the queue stops past this many stories: a capped count reads at most this many index entries, where
# an exact one reads the whole queue (about 0.2-0.4 s at a million). Filtered, it reads about the cap divided by
# the filter's share of the queue (a portal's view reads the portal's own part of the queue).
COUNT_CAP = 1_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# -- the flag rule, in Python and in SQL --------------------------------------------------------------
#
# A story is "removed" while its removal is not reviewed; else "" (reviewed) once reviewed after its last change
# of text; else "new" at its first version, "updated" past it. The repository keeps needs_review true exactly
# while flag_of answers a flag, so the stories of the queue are those with a flag.


def flag_of(article: Story) -> str:
    """What a reader is told about a story: new, updated or removed (or "" once reviewed)."""
    reviewed = article.reviewed_at
    if article.removed_at is not None and (reviewed is None or reviewed < article.removed_at):
        return "removed"
    if reviewed is not None and reviewed >= article.updated_at:
        return ""
    return "new" if article.version == 1 else "updated"


def _removal_unreviewed() -> ColumnElement[bool]:
    """flag_of's removal test, for a story whose removed_at is set: the removal is not reviewed yet."""
    return or_(Story.reviewed_at.is_(None), Story.reviewed_at < Story.removed_at)


def _not_flagged_removed() -> ColumnElement[bool]:
    """The negation of flag_of's removal test (never removed, or reviewed since the removal)."""
    return or_(Story.removed_at.is_(None),
               and_(Story.reviewed_at.is_not(None), Story.reviewed_at >= Story.removed_at))


def flag_sql() -> ColumnElement[str]:
    """flag_of as an SQL expression, for the stories of the queue (where flag_of never answers "").

    It reads only columns of the queue's partial index, so counts grouped by it read the index alone.
    """
    return case(
        (and_(Story.removed_at.is_not(None), _removal_unreviewed()), "removed"),
        (Story.version == 1, "new"),
        else_="updated",
    )


def flag_terms(flag: Flag) -> list[ColumnElement[bool]]:
    """The queue's stories of one flag, as WHERE terms: flag_sql's branches, one by one.

    Written with the partial indexes' own terms (REVIEW_REMOVED, REVIEW_UPDATED, literal): a rare flag then reads
    its own index instead of the whole queue.
    """
    if flag == "removed":
        return [and_(REVIEW_REMOVED, _removal_unreviewed())]
    if flag == "new":
        return [_not_flagged_removed(), Story.version == 1]
    return [_not_flagged_removed(), REVIEW_UPDATED]


# -- the queue: membership, order, filters ------------------------------------------------------------


def unreviewed() -> ColumnElement[bool]:
    """The queue: stories new, updated or removed since their last review (the stored ``needs_review``).

    The repository keeps needs_review equal to: reviewed_at is NULL, or older than updated_at, or older than
    removed_at. Filter on this expression, as it is, to use the queue's partial indexes.
    """
    return REVIEW_QUEUE


def unreviewed_by_site(db: Database) -> dict[str, int]:
    """How many stories wait for review, by the portal they were first seen on."""
    with db.sessions() as session:
        rows = session.execute(select(Story.site_id, func.count()).where(unreviewed()).group_by(Story.site_id))
        return {site: count for site, count in rows}


def queue_order() -> tuple[Any, ...]:
    """Newest change (removal, else last change of the text) first: the partial index's order, reversed."""
    return Story.changed_at.desc(), Story.id.desc()


def on_portal(site_id: str) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """A story is on a portal when any of its URLs is there: first seen there, or republished there.

    Two disjoint terms, each answered by its own partial index: the portal's part of the review queue
    (ix_articles_review_site) and the stories first seen elsewhere (ix_article_urls_cross_site). OR-ed,
    a planner reads every story of the portal; a page reads each term's first rows and merges them.
    """
    republished = select(ArticleUrl.article_id).where(ArticleUrl.site_id == site_id, CROSS_SITE)
    return Story.site_id == site_id, and_(Story.site_id != site_id, Story.id.in_(republished))


def local_midnight(day: date) -> datetime:
    """The start of a local (Asia/Ho_Chi_Minh) day."""
    return datetime.combine(day, time(0, 0), tzinfo=TZ)


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """A part of the queue: on one portal, of one flag, changed within local (Asia/Ho_Chi_Minh) days."""

    site_id: str | None = None
    status: Flag | None = None
    since: date | None = None  # local days, on the date of the change
    until: date | None = None
    province: str | None = None  # today's province (a slug): a story tagged with it (storage.tags)
    case_type: str | None = None  # a case type: a story tagged with it

    @property
    def active(self) -> bool:
        return any((self.site_id, self.status, self.since, self.until, self.province, self.case_type))

    def _terms(self) -> list[ColumnElement[bool]]:
        terms: list[ColumnElement[bool]] = [REVIEW_QUEUE]
        if self.status is not None:
            terms += flag_terms(self.status)
        if self.since is not None:
            terms.append(Story.changed_at >= local_midnight(self.since))
        if self.until is not None:
            terms.append(Story.changed_at < local_midnight(self.until + timedelta(days=1)))
        if self.province is not None:
            terms.append(tags.tagged(tags.PROVINCE, self.province))
        if self.case_type is not None:
            terms.append(tags.tagged(tags.TYPE, self.case_type))
        return terms

    def parts(self) -> list[list[ColumnElement[bool]]]:
        """The WHERE terms of the filter, one list per disjoint part of it.

        A portal's view has two parts (see on_portal): each is read in the queue's order from its own index and
        the two are merged, where one OR-ed query would read and sort every story of the portal.
        """
        terms = self._terms()
        if not self.site_id:
            return [terms]
        return [[*terms, part] for part in on_portal(self.site_id)]

    def where(self) -> list[ColumnElement[bool]]:
        """The same terms in one WHERE, a portal's two parts OR-ed: what a count by flag groups over."""
        terms = self._terms()
        return [*terms, or_(*on_portal(self.site_id))] if self.site_id else terms


# -- listing ------------------------------------------------------------------------------------------

# What a listing reads of a story (and flag_of needs): a first crawl's thousands of stories stay cheap.
_LISTED = (
    Story.id, Story.site_id, Story.title, Story.published_at, Story.published_date_only, Story.version,
    Story.updated_at, Story.removed_at, Story.reviewed_at, Story.changed_at,
)


@dataclass(frozen=True, slots=True)
class Listed:
    """A story as a listing shows it: the listed columns of its row, and how many URLs it has."""

    article: Story
    urls: int

    @property
    def flag(self) -> str:
        return flag_of(self.article)


def _listed(*where: ColumnElement[bool]) -> Select[Any]:
    # The URL count is a subquery per row shown, not a join over the whole queue.
    url_count = select(func.count(ArticleUrl.id)).where(ArticleUrl.article_id == Story.id).scalar_subquery()
    return select(Story, url_count).options(load_only(*_LISTED)).where(*where)


def counts_by_flag(session: Session, where: Sequence[ColumnElement[bool]]) -> Counter[str]:
    """Stories by flag, counted by the database over the whole of ``where`` (from the partial index alone)."""
    flag = flag_sql()
    counts: Counter[str] = Counter()
    for name, n in session.execute(select(flag, func.count(Story.id)).where(*where).group_by(flag)):
        counts[str(name)] += int(n)
    return counts


def count_up_to(session: Session, where: Sequence[ColumnElement[bool]], cap: int) -> int:
    """Stories matching ``where``, counted up to ``cap + 1``: an answer over ``cap`` says the count stopped."""
    counted = select(Story.id).where(*where).limit(cap + 1).subquery()
    return int(session.execute(select(func.count()).select_from(counted)).scalar_one())


@dataclass(frozen=True, slots=True)
class Listing:
    stories: list[Listed]  # the ones to show, newest change first
    counts: Counter[str]  # flag -> stories, over the whole queue (not only the stories shown)


def listing(db: Database, *, site_id: str | None = None, limit: int | None = None, province: str | None = None,
            case_type: str | None = None) -> Listing:
    """The queue, or its stories on one portal, newest change first, with its counts by flag (`crawler new`).

    A story counts for a portal when any of its URLs is there, not only the first one seen. The URL count is
    read for the rows shown only, and the counts by flag are made by the database: with a million unreviewed
    stories, neither may load them all. A LIMIT reads that many entries of the queue's partial index, and the
    counts read the index alone (on PostgreSQL, once vacuumed).
    """
    where = QueueFilter(site_id=site_id, province=province, case_type=case_type).where()
    query = _listed(*where).order_by(*queue_order())
    if limit is not None:
        query = query.limit(limit)
    with db.sessions() as session:
        counts = counts_by_flag(session, where)
        stories = [Listed(article, int(urls or 0)) for article, urls in session.execute(query)]
    return Listing(stories, counts)


def flagged(db: Database, *, limit: int | None = None) -> list[Story]:
    """The queue's stories, whole and with their URLs, newest change first."""
    query = select(Story).options(selectinload(Story.urls)).where(unreviewed()).order_by(*queue_order())
    if limit:
        query = query.limit(limit)
    with db.sessions() as session:
        return list(session.execute(query).scalars())


def iter_queued(db: Database, *, batch: int = 500) -> Iterator[Story]:
    """Every story of the queue, whole and with its URLs, oldest first, a batch per short session (`export --new`)."""
    last_id = 0
    while True:
        query = (select(Story).options(selectinload(Story.urls)).order_by(Story.id)
                 .where(Story.id > last_id).limit(batch).where(unreviewed()))
        with db.sessions() as session:
            rows = list(session.execute(query).scalars())
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id


def existing_ids(db: Database, ids: Collection[int]) -> set[int]:
    """Those of ``ids`` that are stories (the others cannot be reviewed)."""
    with db.sessions() as session:
        return set(session.execute(select(Story.id).where(Story.id.in_(list(ids)))).scalars())


# -- keyset paging ------------------------------------------------------------------------------------


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
class Page:
    stories: list[Listed]  # newest change first
    older: Cursor | None  # the next page (older changes), when there is one
    newer: Cursor | None  # the previous page, when this is not the first
    total: int  # stories in the whole queue matching the filter, counted up to the cap
    capped: bool  # more than ``cap`` match
    cap: int


def _position(older_than: Cursor | None, newer_than: Cursor | None) -> tuple[list[ColumnElement[bool]], Any]:
    """WHERE terms and ORDER BY of a page: after ``older_than`` in the queue's order, or before ``newer_than``
    in the index's own ascending order (the page is reversed afterwards)."""
    key = tuple_(Story.changed_at, Story.id)
    if newer_than is not None:
        return [key > tuple_(newer_than.changed_at, newer_than.id)], (Story.changed_at.asc(), Story.id.asc())
    position = [key < tuple_(older_than.changed_at, older_than.id)] if older_than is not None else []
    return position, queue_order()


def _cursor(story: Listed) -> Cursor | None:
    return Cursor(story.article.changed_at, story.article.id) if story.article.changed_at is not None else None


def page(
    db: Database, flt: QueueFilter, *, limit: int, older_than: Cursor | None = None,
    newer_than: Cursor | None = None, cap: int = COUNT_CAP,
) -> Page:
    """One page of the queue, newest change first, read from the queue's partial indexes.

    ``older_than`` gives the page after a cursor, ``newer_than`` the page before one. Each part of the filter
    (QueueFilter.parts) reads ``limit + 1`` index entries, to know whether another page follows, and counts its
    stories up to the cap; the parts are merged on the queue's key.
    """
    backwards = newer_than is not None and older_than is None
    position, order = _position(older_than, newer_than if backwards else None)
    found: list[Listed] = []
    total = 0
    with db.sessions() as session:
        for where in flt.parts():
            query = _listed(*where, *position).order_by(*order).limit(limit + 1)
            found += [Listed(article, int(urls or 0)) for article, urls in session.execute(query)]
            total += count_up_to(session, where, cap)
    # Every story's changed_at is set (the repository writes it): the merge key of the parts.
    found.sort(key=lambda s: (s.article.changed_at or _EPOCH, s.article.id), reverse=not backwards)
    more = len(found) > limit
    found = found[:limit]
    if backwards:
        found.reverse()
        older = _cursor(found[-1]) if found else None
        newer = _cursor(found[0]) if found and more else None
    else:
        older = _cursor(found[-1]) if found and more else None
        newer = _cursor(found[0]) if found and older_than is not None else None
    return Page(found, older, newer, min(total, cap), total > cap, cap)


# -- the newest stories (the feeds) -------------------------------------------------------------------
#
# Not the queue (a feed keeps a story once it is reviewed) but its sibling: what was stored last, newest first.

# What a feed entry shows of a story.
_CAPTURED = (
    Story.id, Story.site_id, Story.url, Story.title, Story.published_at, Story.updated_at,
    Story.first_seen_at, Story.author, Story.summary, Story.body,
)


@dataclass(frozen=True, slots=True)
class Captured:
    article: Story  # the columns of _CAPTURED only
    url: str  # where it was first seen (on the portal asked about)
    site_id: str
    first_seen: datetime


def newest(db: Database, *, site_id: str | None = None, limit: int = 50, province: str | None = None,
           case_type: str | None = None) -> list[Captured]:
    """The ``limit`` stories stored last (first capture, newest first), overall or first seen on one portal,
    optionally only those tagged with today's ``province`` and ``case_type`` (storage.tags).

    Overall reads articles by first_seen_at (indexed); a portal reads its URLs by (site_id, first_seen_at),
    so a story also carried by the portal comes with the portal's own URL.
    """
    with db.sessions() as session:
        if site_id is None:
            rows = session.execute(
                select(Story).options(load_only(*_CAPTURED)).where(*tags.tag_terms(Story.id, province, case_type))
                .order_by(Story.first_seen_at.desc(), Story.id.desc()).limit(limit)
            ).scalars().all()
            return [Captured(a, a.url, a.site_id, a.first_seen_at) for a in rows]
        # A story seen at two URLs of the portal comes twice: read a little more, keep the first of each.
        urls = session.execute(
            select(ArticleUrl.article_id, ArticleUrl.url, ArticleUrl.first_seen_at)
            .where(ArticleUrl.site_id == site_id, *tags.tag_terms(ArticleUrl.article_id, province, case_type))
            .order_by(ArticleUrl.first_seen_at.desc(), ArticleUrl.id.desc()).limit(limit * 2)
        ).all()
        order: dict[int, tuple[str, datetime]] = {}
        for article_id, url, seen in urls:
            order.setdefault(article_id, (url, seen))
        wanted = list(order)[:limit]
        articles = {
            a.id: a for a in session.execute(
                select(Story).options(load_only(*_CAPTURED)).where(Story.id.in_(wanted))
            ).scalars()
        }
        return [Captured(articles[i], order[i][0], site_id, order[i][1]) for i in wanted if i in articles]
