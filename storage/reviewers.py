"""Reviewer accounts (table ``reviewers``): stored hashes only; hashing and checking passwords is
crawler.review.accounts' job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.models import Reviewer


class ReviewerExists(Exception):
    """An account of that name is there already."""


@dataclass(frozen=True, slots=True)
class ReviewerRecord:
    id: int
    name: str
    password_hash: str
    created_at: datetime
    last_login_at: datetime | None
    sessions_valid_after: datetime


def _record(row: Reviewer) -> ReviewerRecord:
    return ReviewerRecord(row.id, row.name, row.password_hash, row.created_at, row.last_login_at,
                          row.sessions_valid_after)


class ReviewerRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, name: str, password_hash: str, at: datetime) -> ReviewerRecord:
        """A new account; ReviewerExists if the name is taken."""
        row = Reviewer(name=name, password_hash=password_hash, created_at=at, sessions_valid_after=at)
        try:
            with self.db.sessions.begin() as session:
                session.add(row)
                session.flush()
                return _record(row)
        except IntegrityError:
            raise ReviewerExists(name) from None

    def set_password(self, name: str, password_hash: str, at: datetime) -> bool:
        """A new password; the account's sessions signed in before ``at`` end. False: no such account."""
        with self.db.sessions.begin() as session:
            result = session.execute(update(Reviewer).where(Reviewer.name == name)
                                     .values(password_hash=password_hash, sessions_valid_after=at))
            return bool(getattr(result, "rowcount", 0))

    def get(self, name: str) -> ReviewerRecord | None:
        with self.db.sessions() as session:
            row = session.scalars(select(Reviewer).where(Reviewer.name == name)).one_or_none()
            return _record(row) if row is not None else None

    def by_id(self, reviewer_id: int) -> ReviewerRecord | None:
        with self.db.sessions() as session:
            row = session.get(Reviewer, reviewer_id)
            return _record(row) if row is not None else None

    def all(self) -> list[ReviewerRecord]:
        with self.db.sessions() as session:
            return [_record(row) for row in session.scalars(select(Reviewer).order_by(Reviewer.name))]

    def count(self) -> int:
        with self.db.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(Reviewer)) or 0)

    def remove(self, name: str) -> bool:
        with self.db.sessions.begin() as session:
            result = session.execute(delete(Reviewer).where(Reviewer.name == name))
            return bool(getattr(result, "rowcount", 0))

    def signed_in(self, reviewer_id: int, at: datetime) -> None:
        with self.db.sessions.begin() as session:
            session.execute(update(Reviewer).where(Reviewer.id == reviewer_id).values(last_login_at=at))

    def sign_out_everywhere(self, reviewer_id: int, at: datetime) -> None:
        with self.db.sessions.begin() as session:
            session.execute(update(Reviewer).where(Reviewer.id == reviewer_id).values(sessions_valid_after=at))
