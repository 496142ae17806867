"""A stored story's tags: crawler.tagging's places and case types, as the store keeps them (storage.tags).

The store pipeline tags each batch beside folding it (in the extraction pool when there is one, else in a
thread), so the writer only writes; the backfill command tags stories stored before tagging existed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache

from sqlalchemy import select

from crawler.core.dates import TZ
from crawler.tagging import StoryTags, tag_story
from crawler.tagging.places import EVENT
from storage.db import Database
from storage.derived import Derived, derive_batch
from storage.models import Story
from storage.portals import PortalRepository
from storage.tags import PROVINCE, TYPE, TagInput, untagged_ids, write_tags

# (title, summary, body, the portal's name, publication date): what tagging reads of a story.
TagText = tuple[str, str | None, Sequence[str], str | None, date | None]


@cache
def portal_province(name: str) -> str | None:
    """The province a portal's name says ("Công an tỉnh Lâm Đồng" -> "lam-dong"); None for a national one."""
    provinces = tag_story(name, None, []).provinces
    return provinces[0] if len(provinces) == 1 else None


def publication_day(value: datetime | date | None) -> date | None:
    """The day a story was published, in Vietnam (which side of 1 July 2025 it falls on)."""
    if isinstance(value, datetime):
        return (value.astimezone(TZ) if value.tzinfo else value).date()
    return value


def tag_inputs(tags: StoryTags) -> list[TagInput]:
    rows = []
    for rank, province in enumerate(tags.provinces):
        places = [{"mention": p.mention, "level": p.level, "old_unit": p.old_unit, "commune": p.commune}
                  for p in tags.places if p.province == province and p.role == EVENT]
        rows.append(TagInput(PROVINCE, province, rank, places))
    rows += [TagInput(TYPE, t.type, rank, list(t.terms)) for rank, t in enumerate(tags.types)]
    return rows


def tag_batch(texts: Sequence[TagText]) -> list[list[TagInput]]:
    """A batch's tags (the gazetteer is loaded on first use: in the pool or a thread, never on the reactor)."""
    return [tag_inputs(tag_story(title, summary, body, portal_province=portal_province(portal) if portal else None,
                                 published=published))
            for title, summary, body, portal, published in texts]


def tag_and_derive(texts: Sequence[TagText]) -> tuple[list[list[TagInput]], list[Derived]]:
    """One pool task per stored batch: its tags, and its folded texts and signatures (storage.derived)."""
    return tag_batch(texts), derive_batch([(title, summary, body) for title, summary, body, _, _ in texts])


def backfill(db: Database, *, batch: int = 200, progress: Callable[[int], None] | None = None) -> int:
    """Tag every story that has no tag yet (stored before tagging existed, or when tagging failed); returns
    how many. Each story is tagged from its stored text, with its portal's province as the store names it."""
    names = PortalRepository(db).names()
    done, after = 0, 0
    while ids := untagged_ids(db, after=after, limit=batch):
        with db.sessions() as session:
            rows = session.execute(select(Story.id, Story.title, Story.summary, Story.body, Story.site_id,
                                          Story.published_at).where(Story.id.in_(ids)).order_by(Story.id)).all()
        texts = [(r.title, r.summary, r.body.split("\n\n"), names.get(r.site_id), publication_day(r.published_at))
                 for r in rows]
        tagged = tag_batch(texts)
        with db.sessions.begin() as session:
            for row, tags in zip(rows, tagged, strict=True):
                write_tags(session, row.id, tags)
        done += len(rows)
        after = ids[-1]
        if progress is not None:
            progress(done)
    return done
