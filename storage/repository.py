"""The repository: save a batch of extracted articles, deduplicated, in one short transaction.

Every write is an upsert guarded by a unique constraint (``articles.content_hash``,
``article_urls.url``), so two crawls writing the same story at the same time still
end with one story: the loser of the race finds the winner's row and attaches to it.
"""

from __future__ import annotations

import functools
import random
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from time import sleep
from typing import Any, Literal, cast

from sqlalchemy import Connection, Select, Table, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, selectinload

from crawler.core.dates import TZ
from storage import near_dups, queue, search
from storage.db import Database, insert_for
from storage.derived import Derived, derive
from storage.models import ArticleUrl, ArticleVersion, NotArticleUrl, Story
from storage.tags import TagInput, write_tags

MAX_ATTEMPTS = 5
# URLs per IN (...) lookup: well under every backend's bound-parameter limit.
LOOKUP_CHUNK = 500

SaveOutcome = Literal["new", "known", "duplicate", "updated"]
RemovalOutcome = Literal["removed", "still_removed", "unknown"]


@dataclass(frozen=True, slots=True)
class KnownUrl:
    id: int
    url: str
    first_seen_at: datetime
    last_seen_at: datetime


@dataclass(slots=True)
class StoryInput:
    """What the repository needs of one extracted article (no Scrapy, no parser types)."""

    site_id: str
    url: str
    title: str
    body: list[str]
    content_hash: str
    profile: str = "generic"
    published_at: datetime | date | None = None
    published_source: str | None = None
    author: str | None = None
    source: str | None = None
    summary: str | None = None
    images: list[dict[str, Any]] = field(default_factory=list)
    category: str | None = None
    seen_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Search text and band keys of this very text, when computed beforehand (off the writer thread).
    derived: Derived | None = None
    # Its places and case types (crawler.tagging), written with the text; None: leave the stored ones.
    tags: list[TagInput] | None = None


def _title_key(title: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", title or "").split()).casefold()


def _is_transient(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return any(word in text for word in ("deadlock", "could not serialize", "database is locked", "busy"))


def _published_columns(value: datetime | date | None) -> tuple[datetime | None, bool]:
    if value is None:
        return None, False
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=TZ)), False
    return datetime.combine(value, time(0, 0), tzinfo=TZ), True


def _story_columns(item: StoryInput) -> dict[str, Any]:
    """The columns a capture sets, on first sight and on every change of the text."""
    published_at, date_only = _published_columns(item.published_at)
    return {
        "content_hash": item.content_hash,
        "title": item.title,
        "published_at": published_at,
        "published_date_only": date_only,
        "published_source": item.published_source,
        "author": item.author,
        "source": item.source,
        "summary": item.summary,
        "body": "\n\n".join(item.body),
        "images": item.images,
        "category": item.category,
        "updated_at": item.seen_at,
    }


def _after_change(updated_at: datetime) -> dict[str, Any]:
    """needs_review and changed_at of a story whose text changed at ``updated_at`` (it is not removed)."""
    return {
        "changed_at": updated_at,
        "needs_review": or_(Story.reviewed_at.is_(None), Story.reviewed_at < updated_at),
    }


def published_value(row: Story) -> datetime | date | None:
    """The publish date as the page showed it: a local datetime, or a bare date."""
    if row.published_at is None:
        return None
    local = row.published_at.astimezone(TZ)
    return local.date() if row.published_date_only else local


_A = cast(Table, Story.__table__)
_U = cast(Table, ArticleUrl.__table__)
_V = cast(Table, ArticleVersion.__table__)
_PUBLISHED_COLUMNS = ("published_at", "published_date_only", "published_source")
_STORY_COLUMNS = ("content_hash", "title", "published_at", "published_date_only", "published_source", "author",
                  "source", "summary", "body", "images", "category", "updated_at")


def _params(table: Table, names: Sequence[str]) -> dict[str, Any]:
    # Bound parameters typed as their columns (JSON, UTCDateTime), named p_<column>: a SET clause may not
    # reuse a column's own name for its parameter.
    return {name: bindparam(f"p_{name}", type_=table.c[name].type) for name in names}


class _SaveStatements:
    """The Core statements of the save path, built once per dialect.

    A story is stored every few milliseconds: building an ORM statement and its cache key per call cost
    more than running it (about 2 ms a story, measured with cProfile). Values are bound per call.
    """

    def __init__(self, dialect: str) -> None:
        insert_ = insert_for(dialect)
        self.known = (
            select(_U.c.id, _U.c.article_id, _A.c.content_hash, _A.c.title)
            .join(_A, _A.c.id == _U.c.article_id)
            .where(_U.c.url == bindparam("p_url"))
        )
        self.touch_url = (update(_U).where(_U.c.id == bindparam("p_id"))
                          .values(last_seen_at=bindparam("p_seen", type_=_U.c.last_seen_at.type), removed_at=None))
        # Alive again if it was removed: back in the queue only for a change not reviewed yet.
        self.revive = update(_A).where(_A.c.id == bindparam("p_id")).values(
            removed_at=None, changed_at=_A.c.updated_at,
            needs_review=or_(_A.c.reviewed_at.is_(None), _A.c.reviewed_at < _A.c.updated_at),
        )
        article_columns = ("site_id", "url", "profile", "first_seen_at", "needs_review", "changed_at",
                           *_STORY_COLUMNS)
        self.insert_article = (insert_(_A).values(_params(_A, article_columns))
                               .on_conflict_do_nothing(index_elements=["content_hash"]).returning(_A.c.id))
        self.story_of_hash = select(_A.c.id, _A.c.site_id).where(_A.c.content_hash == bindparam("p_hash"))
        self.delete_article = delete(_A).where(_A.c.id == bindparam("p_id"))
        version_columns = ("article_id", "version", "url", "title", "summary", "body", "content_hash", "captured_at")
        # Two crawls that saw the same edit at once: the first one's version stands.
        self.insert_version = (insert_(_V).values(_params(_V, version_columns))
                               .on_conflict_do_nothing(index_elements=["article_id", "version"]))
        url_columns = ("article_id", "url", "site_id", "first_seen_at", "last_seen_at", "cross_site")
        self.insert_url = (insert_(_U).values(_params(_U, url_columns))
                           .on_conflict_do_nothing(index_elements=["url"]).returning(_U.c.id))


@functools.cache
def _save_statements(dialect: str) -> _SaveStatements:
    return _SaveStatements(dialect)


class ArticleRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._sql = _save_statements(db.dialect)

    # -- writes -------------------------------------------------------------------------------

    def save_batch(self, items: Sequence[StoryInput]) -> list[SaveOutcome]:
        """Store a batch in one transaction; one outcome per item, in the items' order.

        Rows are written in (hash, URL) order so concurrent writers take their locks in
        the same order; a deadlock or lock time-out that still happens rolls the whole
        batch back, and it is tried again.
        """
        order = sorted(range(len(items)), key=lambda i: (items[i].content_hash, items[i].url))
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with self.db.sessions.begin() as session:
                    outcomes = {i: self._save_one(session, items[i]) for i in order}
                return [outcomes[i] for i in range(len(items))]
            except OperationalError as exc:
                if attempt == MAX_ATTEMPTS or not _is_transient(exc):
                    raise
                sleep(random.uniform(0.05, 0.2) * attempt)
        raise AssertionError("unreachable")

    def _save_one(self, session: Session, item: StoryInput) -> SaveOutcome:
        sql = self._sql
        conn = session.connection()
        known = conn.execute(sql.known, {"p_url": item.url}).first()
        if known is not None:
            conn.execute(sql.touch_url, {"p_id": known.id, "p_seen": item.seen_at})
            conn.execute(sql.revive, {"p_id": known.article_id})
            if known.content_hash == item.content_hash and _title_key(known.title) == _title_key(item.title):
                return "known"
            return self._content_changed(session, known.article_id, known.id, item)

        article_id = self._insert_article(conn, item)
        outcome: SaveOutcome = "new"
        story_site = item.site_id
        if article_id is not None:
            self._add_version(conn, article_id, 1, item)
            published, _ = _published_columns(item.published_at)
            self._story_written(session, article_id, item, at=published or item.seen_at, new=True)
        else:
            row = conn.execute(sql.story_of_hash, {"p_hash": item.content_hash}).one()
            article_id, story_site = row.id, row.site_id
            outcome = "duplicate"
        url_id = conn.execute(sql.insert_url, {
            "p_article_id": article_id, "p_url": item.url, "p_site_id": item.site_id,
            "p_first_seen_at": item.seen_at, "p_last_seen_at": item.seen_at,
            "p_cross_site": story_site != item.site_id,
        }).scalar_one_or_none()
        if url_id is None:
            # Another crawl committed this URL between our read and our write. Undo our
            # story row if we made one, and take the path of a known URL instead.
            if outcome == "new":
                conn.execute(sql.delete_article, {"p_id": article_id})
            return self._save_one(session, item)
        return outcome

    def _insert_article(self, conn: Connection, item: StoryInput) -> int | None:
        values = {
            "site_id": item.site_id, "url": item.url, "profile": item.profile, "first_seen_at": item.seen_at,
            "needs_review": True, "changed_at": item.seen_at, **_story_columns(item),
        }
        return conn.execute(self._sql.insert_article, {f"p_{k}": v for k, v in values.items()}).scalar_one_or_none()

    def _story_written(self, session: Session, article_id: int, item: StoryInput, *,
                       at: datetime | None = None, new: bool = False) -> None:
        """A story's text was stored (new, or a new version), in the same transaction.

        Derived data that must follow the text (the search index, near-duplicate groups) is
        written here, so it is never out of step with the story, whoever wins a race. ``at`` is
        the story's recency (published, else first seen) when the caller knows it; ``new``: the story was
        just inserted (nothing derived from it is stored yet).
        """
        derived = item.derived or derive(item.title, item.summary, item.body)
        search.index_article(session, article_id, derived.title, derived.body, at=at)
        near_dups.assign_group(session, article_id, derived.band_keys, item.title, item.body)
        if item.tags is not None:
            write_tags(session, article_id, item.tags, replace=not new)

    def _add_version(self, conn: Connection, article_id: int, version: int, item: StoryInput) -> None:
        conn.execute(self._sql.insert_version, {
            "p_article_id": article_id, "p_version": version, "p_url": item.url, "p_title": item.title,
            "p_summary": item.summary, "p_body": "\n\n".join(item.body), "p_content_hash": item.content_hash,
            "p_captured_at": item.seen_at,
        })

    def _content_changed(self, session: Session, article_id: int, url_id: int, item: StoryInput) -> SaveOutcome:
        other = session.execute(
            select(Story.id).where(Story.content_hash == item.content_hash, Story.id != article_id)
        ).scalar()
        if other is not None:
            # The page now carries a story we already hold under another URL.
            other_site = select(Story.site_id).where(Story.id == other).scalar_subquery()
            session.execute(
                update(ArticleUrl)
                .where(ArticleUrl.id == url_id)
                .values(article_id=other, cross_site=ArticleUrl.site_id != other_site)
            )
            return "duplicate"
        history = session.execute(
            select(ArticleVersion.content_hash, ArticleVersion.title).where(ArticleVersion.article_id == article_id)
        ).all()
        if any(h == item.content_hash and _title_key(t) == _title_key(item.title) for h, t in history):
            # Another portal's copy still shows an older text of a story that was edited since:
            # not a change, or the story would flip between its versions on every crawl.
            return "known"
        version, dated = session.execute(
            select(Story.version, Story.published_at.is_not(None)).where(Story.id == article_id)
        ).one()
        version += 1
        self._add_version(session.connection(), article_id, version, item)
        columns = _story_columns(item)
        if dated:
            # A story's publication date is the one its first capture found: a date that changes between two
            # fetches of the same page is chrome (a clock, a "last updated" line), not a new publication.
            for name in _PUBLISHED_COLUMNS:
                del columns[name]
        session.execute(
            update(Story)
            .where(Story.id == article_id)
            .values(version=version, **columns, **_after_change(item.seen_at))
        )
        self._story_written(session, article_id, item)
        return "updated"

    # -- reads --------------------------------------------------------------------------------

    def _articles(self) -> Select[Any]:
        return select(Story).options(selectinload(Story.urls)).order_by(Story.id)

    def iter_articles(self, *, batch: int = 500) -> Iterator[Story]:
        """Stream stored articles with their URLs, oldest first, a batch per short session.

        The unreviewed ones alone: storage.queue.iter_queued.
        """
        last_id = 0
        while True:
            query = self._articles().where(Story.id > last_id).limit(batch)
            with self.db.sessions() as session:
                rows = list(session.execute(query).scalars())
            if not rows:
                return
            yield from rows
            last_id = rows[-1].id

    def count(self) -> int:
        with self.db.sessions() as session:
            return session.execute(select(func.count(Story.id))).scalar_one()

    # -- monitoring ---------------------------------------------------------------------------

    # A re-crawl asks about URLs page by page instead of loading a site's whole history:
    # memory and start-up time must not grow with the number of stories stored.

    def has_known_urls(self, site_id: str) -> bool:
        with self.db.sessions() as session:
            query = select(ArticleUrl.id).where(ArticleUrl.site_id == site_id).limit(1)
            return session.execute(query).first() is not None

    def known_among(self, urls: Collection[str]) -> set[str]:
        """Those of `urls` already stored, as an article URL (removed ones too) or as a page that is not one."""
        found: set[str] = set()
        pending = list(dict.fromkeys(urls))
        with self.db.sessions() as session:
            for start in range(0, len(pending), LOOKUP_CHUNK):
                chunk = pending[start:start + LOOKUP_CHUNK]
                found.update(session.execute(select(ArticleUrl.url).where(ArticleUrl.url.in_(chunk))).scalars())
                found.update(session.execute(select(NotArticleUrl.url).where(NotArticleUrl.url.in_(chunk))).scalars())
        return found

    def live_url_page(
        self, site_id: str, after_id: int, limit: int, *, first_seen_since: datetime | None = None
    ) -> list[KnownUrl]:
        """A page of a site's live article URLs after `after_id`, in id order (keyset paging).

        `first_seen_since` keeps only the young ones: a revisit can be due for those alone.
        """
        query = (
            select(ArticleUrl.id, ArticleUrl.url, ArticleUrl.first_seen_at, ArticleUrl.last_seen_at)
            .where(ArticleUrl.site_id == site_id, ArticleUrl.id > after_id, ArticleUrl.removed_at.is_(None))
            .order_by(ArticleUrl.id).limit(limit)
        )
        if first_seen_since is not None:
            query = query.where(ArticleUrl.first_seen_at >= first_seen_since)
        with self.db.sessions() as session:
            rows = session.execute(query).all()
        return [KnownUrl(r.id, r.url, r.first_seen_at, r.last_seen_at) for r in rows]

    def sample_urls(self, site_id: str, limit: int) -> tuple[list[str], list[str]]:
        """The latest `limit` article URLs and not-article URLs of a site (to learn its URL shapes)."""
        with self.db.sessions() as session:
            articles = session.execute(
                select(ArticleUrl.url).where(ArticleUrl.site_id == site_id).order_by(ArticleUrl.id.desc()).limit(limit)
            ).scalars().all()
            others = session.execute(
                select(NotArticleUrl.url).where(NotArticleUrl.site_id == site_id)
                .order_by(NotArticleUrl.id.desc()).limit(limit)
            ).scalars().all()
        return list(articles), list(others)

    def remember_not_article(self, site_id: str, url: str, kind: str, at: datetime) -> None:
        with self.db.sessions.begin() as session:
            session.execute(
                self.db.insert(NotArticleUrl)
                .values(site_id=site_id, url=url, kind=kind, first_seen_at=at)
                .on_conflict_do_nothing(index_elements=["url"])
            )

    def mark_removed(self, url: str, at: datetime) -> RemovalOutcome:
        """A known article URL answered 404/410: record it; the story is kept."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with self.db.sessions.begin() as session:
                    return self._mark_removed(session, url, at)
            except OperationalError as exc:
                if attempt == MAX_ATTEMPTS or not _is_transient(exc):
                    raise
                sleep(random.uniform(0.05, 0.2) * attempt)
        raise AssertionError("unreachable")

    def _mark_removed(self, session: Session, url: str, at: datetime) -> RemovalOutcome:
        row = session.execute(
            select(ArticleUrl.id, ArticleUrl.article_id, ArticleUrl.removed_at).where(ArticleUrl.url == url)
        ).first()
        if row is None:
            return "unknown"
        if row.removed_at is not None:
            return "still_removed"
        session.execute(update(ArticleUrl).where(ArticleUrl.id == row.id).values(removed_at=at, last_seen_at=at))
        alive = session.execute(
            select(func.count(ArticleUrl.id)).where(
                ArticleUrl.article_id == row.article_id, ArticleUrl.removed_at.is_(None)
            )
        ).scalar_one()
        if alive == 0:
            session.execute(
                update(Story)
                .where(Story.id == row.article_id)
                .values(
                    removed_at=at,
                    changed_at=at,
                    needs_review=or_(
                        Story.reviewed_at.is_(None), Story.reviewed_at < Story.updated_at,
                        Story.reviewed_at < at,
                    ),
                )
            )
        return "removed"

    def flagged(self, *, limit: int | None = None) -> list[Story]:
        """Unreviewed stories (new, updated or removed since their last review), newest change first."""
        return queue.flagged(self.db, limit=limit)

    def get(self, article_id: int) -> Story | None:
        with self.db.sessions() as session:
            return session.execute(
                select(Story)
                .options(selectinload(Story.urls), selectinload(Story.versions))
                .where(Story.id == article_id)
            ).scalar_one_or_none()

    def review(self, ids: Sequence[int] | None, at: datetime | None = None, *, by: str | None = None) -> int:
        """Mark stories reviewed (all unreviewed ones when ``ids`` is None) by reviewer ``by``; returns how many."""
        at = at or datetime.now(UTC)
        with self.db.sessions.begin() as session:
            query = update(Story).where(queue.unreviewed())
            if ids is not None:
                query = query.where(Story.id.in_(list(ids)))
            # Still unreviewed only if it changed after ``at`` (a review time given in the past).
            still = or_(Story.updated_at > at, and_(Story.removed_at.is_not(None), Story.removed_at > at))
            result = session.execute(
                query.values(reviewed_at=at, reviewed_by=by, needs_review=still)
                .execution_options(synchronize_session=False)
            )
            return int(getattr(result, "rowcount", 0) or 0)
