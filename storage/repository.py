"""The repository: save a batch of extracted articles, deduplicated, in one short transaction.

Every write is an upsert guarded by a unique constraint (``articles.content_hash``,
``article_urls.url``), so two crawls writing the same story at the same time still
end with one story: the loser of the race finds the winner's row and attaches to it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from time import sleep
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, selectinload

from storage.db import Database
from storage.models import Article, ArticleUrl

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

MAX_ATTEMPTS = 5

SaveOutcome = Literal["new", "known", "duplicate", "updated"]


@dataclass(slots=True)
class StoredArticle:
    """What the repository needs of one extracted article (no Scrapy, no parser types)."""

    site_id: str
    url: str
    title: str
    body: list[str]
    content_hash: str
    profile: str = "generic"
    published_at: datetime | date | None = None
    author: str | None = None
    source: str | None = None
    summary: str | None = None
    images: list[dict[str, Any]] = field(default_factory=list)
    category: str | None = None
    seen_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def _is_transient(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return any(word in text for word in ("deadlock", "could not serialize", "database is locked", "busy"))


def _published_columns(value: datetime | date | None) -> tuple[datetime | None, bool]:
    if value is None:
        return None, False
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=TZ)), False
    return datetime.combine(value, time(0, 0), tzinfo=TZ), True


def published_value(row: Article) -> datetime | date | None:
    """The publish date as the page showed it: a local datetime, or a bare date."""
    if row.published_at is None:
        return None
    local = row.published_at.astimezone(TZ)
    return local.date() if row.published_date_only else local


class ArticleRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _insert(self, model: type[Any]) -> Any:
        dialect = postgresql if self.db.dialect == "postgresql" else sqlite
        return dialect.insert(model)

    # -- writes -------------------------------------------------------------------------------

    def save_batch(self, items: Sequence[StoredArticle]) -> list[SaveOutcome]:
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

    def _save_one(self, session: Session, item: StoredArticle) -> SaveOutcome:
        known = session.execute(
            select(ArticleUrl.id, ArticleUrl.article_id, Article.content_hash)
            .join(Article, Article.id == ArticleUrl.article_id)
            .where(ArticleUrl.url == item.url)
        ).first()
        if known is not None:
            session.execute(update(ArticleUrl).where(ArticleUrl.id == known.id).values(last_seen_at=item.seen_at))
            if known.content_hash == item.content_hash:
                return "known"
            return self._content_changed(session, known.article_id, known.id, item)

        article_id = self._insert_article(session, item)
        outcome: SaveOutcome = "new"
        if article_id is None:
            article_id = self._article_id_for_hash(session, item.content_hash)
            outcome = "duplicate"
        url_id = session.execute(
            self._insert(ArticleUrl)
            .values(
                article_id=article_id,
                url=item.url,
                site_id=item.site_id,
                first_seen_at=item.seen_at,
                last_seen_at=item.seen_at,
            )
            .on_conflict_do_nothing(index_elements=["url"])
            .returning(ArticleUrl.id)
        ).scalar_one_or_none()
        if url_id is None:
            # Another crawl committed this URL between our read and our write. Undo our
            # story row if we made one, and take the path of a known URL instead.
            if outcome == "new":
                session.execute(delete(Article).where(Article.id == article_id))
            return self._save_one(session, item)
        return outcome

    def _insert_article(self, session: Session, item: StoredArticle) -> int | None:
        published_at, date_only = _published_columns(item.published_at)
        return session.execute(
            self._insert(Article)
            .values(
                content_hash=item.content_hash,
                site_id=item.site_id,
                url=item.url,
                title=item.title,
                published_at=published_at,
                published_date_only=date_only,
                author=item.author,
                source=item.source,
                summary=item.summary,
                body="\n\n".join(item.body),
                images=item.images,
                category=item.category,
                profile=item.profile,
                first_seen_at=item.seen_at,
                updated_at=item.seen_at,
            )
            .on_conflict_do_nothing(index_elements=["content_hash"])
            .returning(Article.id)
        ).scalar_one_or_none()

    def _article_id_for_hash(self, session: Session, content_hash: str) -> int:
        return session.execute(select(Article.id).where(Article.content_hash == content_hash)).scalar_one()

    def _content_changed(self, session: Session, article_id: int, url_id: int, item: StoredArticle) -> SaveOutcome:
        other = session.execute(select(Article.id).where(Article.content_hash == item.content_hash)).scalar()
        if other is not None:
            # The page now carries a story we already hold under another URL.
            session.execute(update(ArticleUrl).where(ArticleUrl.id == url_id).values(article_id=other))
            return "duplicate"
        published_at, date_only = _published_columns(item.published_at)
        session.execute(
            update(Article)
            .where(Article.id == article_id)
            .values(
                content_hash=item.content_hash,
                title=item.title,
                published_at=published_at,
                published_date_only=date_only,
                author=item.author,
                source=item.source,
                summary=item.summary,
                body="\n\n".join(item.body),
                images=item.images,
                category=item.category,
                updated_at=item.seen_at,
            )
        )
        return "updated"

    # -- reads --------------------------------------------------------------------------------

    def _articles(self) -> Select[Any]:
        return select(Article).options(selectinload(Article.urls)).order_by(Article.id)

    def iter_articles(self, *, unreviewed_only: bool = False, batch: int = 500) -> Iterator[Article]:
        """Stream stored articles with their URLs, oldest first, a batch per short session."""
        last_id = 0
        while True:
            query = self._articles().where(Article.id > last_id).limit(batch)
            if unreviewed_only:
                query = query.where(Article.reviewed_at.is_(None))
            with self.db.sessions() as session:
                rows = list(session.execute(query).scalars())
            if not rows:
                return
            yield from rows
            last_id = rows[-1].id

    def count(self) -> int:
        with self.db.sessions() as session:
            return session.execute(select(func.count(Article.id))).scalar_one()
