"""The registry's portals as the store knows them (table ``sites``): names for every reader."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from storage.db import Database
from storage.models import Portal


@dataclass(frozen=True, slots=True)
class PortalRecord:
    id: str
    name: str
    start_urls: tuple[str, ...]
    profile: str
    # The profile that read its pages (None: not known from this writer; the stored one is kept).
    family: str | None = None


class PortalRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, portals: Iterable[PortalRecord], at: datetime) -> None:
        """Upsert each portal; a record without a family keeps the family stored before."""
        with self.db.sessions.begin() as session:
            for portal in portals:
                values = {"name": portal.name, "start_urls": list(portal.start_urls), "profile": portal.profile,
                          "updated_at": at}
                if portal.family is not None:
                    values["family"] = portal.family
                session.execute(
                    self.db.insert(Portal).values(id=portal.id, **values)
                    .on_conflict_do_update(index_elements=["id"], set_=values)
                )

    def all(self) -> list[Portal]:
        with self.db.sessions() as session:
            return list(session.scalars(select(Portal).order_by(Portal.id)))

    def names(self) -> dict[str, str]:
        with self.db.sessions() as session:
            return {row.id: row.name for row in session.execute(select(Portal.id, Portal.name))}
