"""Stories' places and case types (table ``article_tags``): written with each new text, read by filters,
facets, `crawler show` and the exports. The tags themselves come from crawler.tagging."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, Table, delete, func, insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from storage.db import Database
from storage.models import ArticleTag, Story

PROVINCE, TYPE = "province", "type"
KINDS = (PROVINCE, TYPE)


@dataclass(frozen=True, slots=True)
class TagInput:
    kind: str  # PROVINCE or TYPE
    value: str  # "lam-dong", "drugs"
    rank: int  # 0: the main one
    detail: list[Any] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoryTagRows:
    """A story's tags as stored, the main one of each kind first."""

    provinces: list[tuple[str, list[Any]]]  # (province, its places)
    types: list[tuple[str, list[Any]]]  # (type, its terms)


_TAGS = cast(Table, ArticleTag.__table__)


def write_tags(session: Session, article_id: int, tags: Sequence[TagInput], *, replace: bool = True) -> None:
    """Write a story's tags (in the caller's transaction), replacing those it had unless ``replace`` is False
    (a story just stored has none)."""
    conn = session.connection()
    table = _TAGS
    if replace:
        conn.execute(delete(table).where(table.c.article_id == article_id))
    if tags:
        conn.execute(insert(table), [
            {"article_id": article_id, "kind": t.kind, "value": t.value, "rank": t.rank, "detail": t.detail}
            for t in tags
        ])


def tagged_ids(kind: str, value: str) -> Select[Any]:
    """The ids of the stories with this tag (read from ix_article_tags_kind_value)."""
    return select(ArticleTag.article_id).where(ArticleTag.kind == kind, ArticleTag.value == value)


def tagged(kind: str, value: str) -> ColumnElement[bool]:
    """A WHERE term: the story has this tag."""
    return Story.id.in_(tagged_ids(kind, value))


def tag_terms(column: ColumnElement[int] | InstrumentedAttribute[int], province: str | None,
              case_type: str | None) -> list[ColumnElement[bool]]:
    """WHERE terms on a story id ``column``: tagged with ``province`` and with ``case_type`` (None: any)."""
    return [column.in_(tagged_ids(kind, value)) for kind, value in ((PROVINCE, province), (TYPE, case_type))
            if value is not None]


def tags_of(db: Database, article_ids: Collection[int]) -> dict[int, StoryTagRows]:
    rows: dict[int, StoryTagRows] = {}
    if not article_ids:
        return rows
    with db.sessions() as session:
        found = session.execute(
            select(ArticleTag.article_id, ArticleTag.kind, ArticleTag.value, ArticleTag.detail)
            .where(ArticleTag.article_id.in_(list(article_ids))).order_by(ArticleTag.article_id, ArticleTag.rank)
        ).all()
    grouped: dict[int, dict[str, list[tuple[str, list[Any]]]]] = defaultdict(lambda: {PROVINCE: [], TYPE: []})
    for article_id, kind, value, detail in found:
        grouped[article_id][kind].append((value, detail or []))
    for article_id, kinds in grouped.items():
        rows[article_id] = StoryTagRows(kinds[PROVINCE], kinds[TYPE])
    return rows


def facet_counts(session: Session, kind: str, where: Iterable[ColumnElement[bool]], *,
                 newest: int | None = None, order: Sequence[Any] = ()) -> Counter[str]:
    """Stories matching ``where`` by tag value of one kind (the inbox's facets); ``newest``: only the first
    ``newest`` of them in ``order`` (a bounded read, whatever the size of the queue)."""
    stories = select(Story.id).where(*where)
    if newest is not None:
        stories = stories.order_by(*order).limit(newest)
    # Driven from the stories (each one's tags read by ix_article_tags_article_id), not from the tags of a
    # kind, which would read every story's tag whatever the window. "kind || ''" keeps SQLite from taking
    # ix_article_tags_kind_value for that when it has no statistics (a store is rarely ANALYZEd).
    window = stories.subquery()
    query = (select(ArticleTag.value, func.count())
             .select_from(window)
             .join(ArticleTag, (ArticleTag.article_id == window.c.id) & ((ArticleTag.kind + "") == kind))
             .group_by(ArticleTag.value))
    return Counter({str(value): int(n) for value, n in session.execute(query)})


def untagged_ids(db: Database, *, after: int = 0, limit: int = 500) -> list[int]:
    """Stories without any tag, by id (`crawler tags --backfill` reads them a batch at a time)."""
    has_tags = select(ArticleTag.article_id).where(ArticleTag.article_id == Story.id).exists()
    with db.sessions() as session:
        return list(session.scalars(select(Story.id).where(Story.id > after, ~has_tags).order_by(Story.id)
                                    .limit(limit)))
