"""Alert storage: watchlists, events recorded once by their key, deliveries claimed before they are sent.

Two checkers (the end of two crawls, a crawl and `crawler alerts`) may look at the same new
story or failed run at once: an event is an insert that does nothing when its key exists
(ON CONFLICT DO NOTHING, on SQLite and PostgreSQL), and only the checker whose insert made
the row adds its deliveries. Two senders may find the same delivery due: each claims it with
a conditional UPDATE (still unsent, still due, attempts unchanged) and only the one whose
UPDATE changed the row sends it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import selectinload

from storage.db import Database
from storage.models import AlertCursor, AlertDelivery, AlertEvent, CrawlRun, Story, Watchlist
from storage.runs import failures_before_success

# A claimed delivery is not due again for this long: a sender that died mid-send is taken over
# after it, one still sending is not (every send has a shorter time-out).
LEASE = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class NewEvent:
    key: str
    kind: str
    site_id: str
    payload: dict[str, Any]
    article_id: int | None = None
    run_id: int | None = None


@dataclass(frozen=True, slots=True)
class Claimed:
    """A delivery this sender holds: send it, then `mark_sent` or `mark_failed`."""

    delivery_id: int
    event_id: int
    channel: str
    attempts: int  # this try included
    key: str
    kind: str
    payload: dict[str, Any]


class AlertRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- watchlists -----------------------------------------------------------------------------

    def add_watchlist(self, name: str, terms: Sequence[str], folded: Sequence[str],
                      at: datetime | None = None, *, province: str | None = None,
                      case_type: str | None = None) -> Watchlist:
        watch = Watchlist(name=name, terms=list(terms), folded=list(folded), created_at=at or datetime.now(UTC),
                          active=True, province=province, case_type=case_type)
        with self.db.sessions.begin() as session:
            session.add(watch)
            session.flush()
        return watch

    def watchlists(self, *, active_only: bool = True) -> list[Watchlist]:
        query = select(Watchlist).order_by(Watchlist.id)
        if active_only:
            query = query.where(Watchlist.active.is_(True))
        with self.db.sessions() as session:
            return list(session.execute(query).scalars())

    def remove_watchlist(self, watch_id: int) -> bool:
        """Deactivate it (its id is never reused); False when no active watchlist has that id."""
        with self.db.sessions.begin() as session:
            result = session.execute(
                update(Watchlist).where(Watchlist.id == watch_id, Watchlist.active.is_(True)).values(active=False)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    # -- what to check --------------------------------------------------------------------------

    def cursor(self, name: str) -> int | None:
        with self.db.sessions() as session:
            return session.execute(select(AlertCursor.position).where(AlertCursor.name == name)).scalar()

    def advance_cursor(self, name: str, position: int, at: datetime | None = None) -> None:
        """Move a cursor forward to ``position``; never backward (a slower concurrent checker may come second)."""
        at = at or datetime.now(UTC)
        with self.db.sessions.begin() as session:
            session.execute(
                self.db.insert(AlertCursor)
                .values(name=name, position=position, updated_at=at)
                .on_conflict_do_nothing(index_elements=["name"])
            )
            session.execute(
                update(AlertCursor)
                .where(AlertCursor.name == name, AlertCursor.position < position)
                .values(position=position, updated_at=at)
            )

    def articles_to_check(self, after_id: int, first_seen_since: datetime, recent_since: datetime,
                          *, page_after: int = 0, limit: int = 200) -> list[Story]:
        """Stories first seen since ``first_seen_since`` with an id above ``after_id``, or seen since ``recent_since``.

        The second branch re-reads the last minutes: a crawl's transaction that took its ids
        before another's but committed after it is still checked (events are idempotent).
        A page of ``limit`` rows in id order, after ``page_after``.
        """
        query = (
            select(Story)
            .where(Story.first_seen_at >= first_seen_since, Story.id > page_after)
            .where(or_(Story.id > after_id, Story.first_seen_at >= recent_since))
            .order_by(Story.id)
            .limit(limit)
        )
        with self.db.sessions() as session:
            return list(session.execute(query).scalars())

    def max_article_id(self) -> int:
        with self.db.sessions() as session:
            return session.execute(select(func.coalesce(func.max(Story.id), 0))).scalar_one()

    def runs_to_check(self, after_id: int, finished_since: datetime) -> list[CrawlRun]:
        with self.db.sessions() as session:
            return list(session.execute(
                select(CrawlRun)
                .where(or_(CrawlRun.id > after_id, CrawlRun.finished_at >= finished_since))
                .order_by(CrawlRun.id)
            ).scalars())

    def failures_in_a_row(self, site_id: str, upto_run_id: int, *, limit: int = 50) -> int:
        """How many of the site's runs up to this one failed in a row (this one included)."""
        with self.db.sessions() as session:
            runs = session.execute(
                select(CrawlRun).where(CrawlRun.site_id == site_id, CrawlRun.id <= upto_run_id)
                .order_by(CrawlRun.id.desc()).limit(limit)
            ).scalars()
            return failures_before_success(runs)

    def max_run_id(self) -> int:
        with self.db.sessions() as session:
            return session.execute(select(func.coalesce(func.max(CrawlRun.id), 0))).scalar_one()

    # -- events ---------------------------------------------------------------------------------

    def record(self, events: Iterable[NewEvent], channels: Sequence[str], at: datetime | None = None) -> list[int]:
        """Record the events not recorded yet, each with a delivery per channel; the ids of those this call made."""
        at = at or datetime.now(UTC)
        made = []
        with self.db.sessions.begin() as session:
            for event in events:
                event_id = session.execute(
                    self.db.insert(AlertEvent)
                    .values(key=event.key, kind=event.kind, site_id=event.site_id, article_id=event.article_id,
                            run_id=event.run_id, payload=event.payload, created_at=at)
                    .on_conflict_do_nothing(index_elements=["key"])
                    .returning(AlertEvent.id)
                ).scalar_one_or_none()
                if event_id is None:
                    continue  # known: recorded by an earlier check, or a concurrent one
                made.append(event_id)
                for channel in channels:
                    session.execute(
                        self.db.insert(AlertDelivery)
                        .values(event_id=event_id, channel=channel, attempts=0, next_attempt_at=at)
                        .on_conflict_do_nothing(index_elements=["event_id", "channel"])
                    )
        return made

    def events(self, *, limit: int | None = None, pending_only: bool = False) -> list[AlertEvent]:
        """Events with their deliveries, newest first."""
        query: Select[Any] = (
            select(AlertEvent).options(selectinload(AlertEvent.deliveries))
            .order_by(AlertEvent.created_at.desc(), AlertEvent.id.desc())
        )
        if pending_only:
            unsent = select(AlertDelivery.event_id).where(AlertDelivery.sent_at.is_(None))
            query = query.where(AlertEvent.id.in_(unsent))
        if limit:
            query = query.limit(limit)
        with self.db.sessions() as session:
            return list(session.execute(query).scalars())

    # -- deliveries -----------------------------------------------------------------------------

    def claim_due(self, channels: Sequence[str], now: datetime | None = None, *, limit: int = 100) -> list[Claimed]:
        """Take the deliveries due now on these channels that no other sender holds (a conditional UPDATE each)."""
        now = now or datetime.now(UTC)
        with self.db.sessions() as session:
            due = session.execute(
                select(AlertDelivery.id, AlertDelivery.attempts)
                .where(AlertDelivery.sent_at.is_(None), AlertDelivery.next_attempt_at <= now,
                       AlertDelivery.channel.in_(list(channels)))
                .order_by(AlertDelivery.next_attempt_at, AlertDelivery.id)
                .limit(limit)
            ).all()
        claimed = []
        for delivery_id, attempts in due:
            with self.db.sessions.begin() as session:
                won = session.execute(
                    update(AlertDelivery)
                    .where(AlertDelivery.id == delivery_id, AlertDelivery.sent_at.is_(None),
                           AlertDelivery.attempts == attempts, AlertDelivery.next_attempt_at <= now)
                    .values(attempts=attempts + 1, next_attempt_at=now + LEASE)
                ).rowcount  # type: ignore[attr-defined]
                if not won:
                    continue  # another sender has it
                row = session.execute(
                    select(AlertDelivery.event_id, AlertDelivery.channel, AlertEvent.key, AlertEvent.kind,
                           AlertEvent.payload)
                    .join(AlertEvent, AlertEvent.id == AlertDelivery.event_id)
                    .where(AlertDelivery.id == delivery_id)
                ).one()
            claimed.append(Claimed(delivery_id, row.event_id, row.channel, attempts + 1, row.key, row.kind,
                                   row.payload))
        return claimed

    def mark_sent(self, delivery_id: int, at: datetime | None = None) -> None:
        with self.db.sessions.begin() as session:
            session.execute(
                update(AlertDelivery).where(AlertDelivery.id == delivery_id)
                .values(sent_at=at or datetime.now(UTC), next_attempt_at=None, last_error=None)
            )

    def mark_failed(self, delivery_id: int, error: str, retry_at: datetime | None) -> None:
        """A failed try: due again at ``retry_at``, or never (given up) when it is None."""
        with self.db.sessions.begin() as session:
            session.execute(
                update(AlertDelivery).where(AlertDelivery.id == delivery_id, AlertDelivery.sent_at.is_(None))
                .values(next_attempt_at=retry_at, last_error=error[:1000])
            )
