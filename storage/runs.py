"""Crawl runs and feed validators: what each visit of a site did, and what it can skip next time."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from storage.db import Database
from storage.models import ArticleUrl, CrawlRun, FeedState


@dataclass(slots=True)
class FeedValidators:
    url: str
    kind: str
    etag: str | None
    last_modified: str | None
    items: int


@dataclass(slots=True)
class SiteOverview:
    site_id: str
    last_run_at: datetime | None
    last_success_at: datetime | None
    failures_in_a_row: int
    articles_per_day: float  # over the last 7 days of first captures
    health: float | None  # share of healthy article pages over the last runs
    last_outcome: str | None
    health_alert: str | None = None  # the last run's sharp drop of extraction health, if any
    # The scheduler's plan after the last run it scheduled (crawler.monitoring.polling).
    next_run_at: datetime | None = None
    schedule_note: str | None = None
    cadence: str | None = None


@dataclass(slots=True)
class PollingHistory:
    first_seen: list[datetime]
    runs: list[CrawlRun]
    first_run_at: datetime | None


# A run counts as a success when the crawl finished (a stop at the page limit is a normal
# end for a big portal) and did not only fail to fetch.
SUCCESS = frozenset({"finished", "closespider_pagecount"})
HEALTH_RUNS = 5


class RunRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, run: CrawlRun) -> int:
        with self.db.sessions.begin() as session:
            session.add(run)
            session.flush()
            return run.id

    def recent(self, *, site_id: str | None = None, limit: int = 20) -> list[CrawlRun]:
        query = select(CrawlRun).order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(limit)
        if site_id:
            query = query.where(CrawlRun.site_id == site_id)
        with self.db.sessions() as session:
            return list(session.execute(query).scalars())

    def overview(self, site_ids: list[str], now: datetime | None = None) -> list[SiteOverview]:
        now = now or datetime.now(UTC)
        week_ago = now - timedelta(days=7)
        result = []
        with self.db.sessions() as session:
            for site_id in site_ids:
                runs = list(
                    session.execute(
                        select(CrawlRun)
                        .where(CrawlRun.site_id == site_id)
                        .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
                        .limit(50)
                    ).scalars()
                )
                failures = failures_before_success(runs)
                planned = next((r for r in runs if r.next_run_at is not None), None)
                last_success = next((r.finished_at for r in runs if is_success(r)), None)
                recent = runs[:HEALTH_RUNS]
                pages = sum(r.article_pages for r in recent)
                health = sum(r.healthy_pages for r in recent) / pages if pages else None
                captured = session.execute(
                    select(func.count(ArticleUrl.id)).where(
                        ArticleUrl.site_id == site_id, ArticleUrl.first_seen_at >= week_ago
                    )
                ).scalar_one()
                result.append(
                    SiteOverview(
                        site_id=site_id,
                        last_run_at=runs[0].started_at if runs else None,
                        last_success_at=last_success,
                        failures_in_a_row=failures,
                        articles_per_day=captured / 7,
                        health=health,
                        last_outcome=runs[0].outcome if runs else None,
                        health_alert=runs[0].health_alert if runs else None,
                        next_run_at=planned.next_run_at if planned else None,
                        schedule_note=planned.schedule_note if planned else None,
                        cadence=planned.cadence if planned else None,
                    )
                )
        return result

    def polling_history(self, site_id: str, since: datetime, runs: int = 20) -> PollingHistory:
        """What the scheduler plans a site's next run from: first-seen times since `since` (but not
        those of full crawls), the runs started in the last day (at least the last `runs`), and when
        the site was first crawled."""
        day_ago = datetime.now(UTC) - timedelta(days=1)
        with self.db.sessions() as session:
            seen = list(session.scalars(
                select(ArticleUrl.first_seen_at).where(ArticleUrl.site_id == site_id, ArticleUrl.first_seen_at >= since)
            ))
            recent = list(session.execute(
                select(CrawlRun).where(CrawlRun.site_id == site_id)
                .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(runs)
            ).scalars())
            older = recent[-1].started_at if recent else day_ago
            if older > day_ago:
                recent += session.execute(
                    select(CrawlRun).where(CrawlRun.site_id == site_id, CrawlRun.started_at > day_ago,
                                           CrawlRun.started_at < older)
                ).scalars()
            first = session.execute(
                select(func.min(CrawlRun.started_at)).where(CrawlRun.site_id == site_id)
            ).scalar_one()
            # A full crawl captures the back catalogue: what it first saw was not published then.
            full = session.execute(
                select(CrawlRun.started_at, CrawlRun.finished_at).where(
                    CrawlRun.site_id == site_id, CrawlRun.mode == "full", CrawlRun.finished_at >= since)
            ).all()
        seen = [t for t in seen if not any(start <= t <= end for start, end in full)]
        return PollingHistory(first_seen=seen, runs=recent, first_run_at=first)

    def save_plan(self, site_id: str, next_run_at: datetime, note: str, cadence: str | None) -> None:
        """Write the scheduler's plan on the site's newest run."""
        with self.db.sessions.begin() as session:
            run = session.execute(
                select(CrawlRun).where(CrawlRun.site_id == site_id)
                .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(1)
            ).scalar_one_or_none()
            if run is not None:
                run.next_run_at, run.schedule_note, run.cadence = next_run_at, note, cadence

    def site_ids(self) -> list[str]:
        """Every site with a recorded run."""
        with self.db.sessions() as session:
            return list(session.scalars(select(CrawlRun.site_id).distinct()))

    def interrupted(self, site_id: str) -> bool:
        """Whether the site holds articles first stored after its last successful crawl ended.

        Then a crawl was cut short (killed, timed out, stopped) after storing part of what it
        found; an incremental re-crawl stops at the first listing page it already knows, so
        what the cut crawl had not reached yet would never be read. The next crawl is full.
        """
        with self.db.sessions() as session:
            newest = session.execute(
                select(func.max(ArticleUrl.first_seen_at)).where(ArticleUrl.site_id == site_id)
            ).scalar_one()
            if newest is None:
                return False
            ended = session.execute(
                select(func.max(CrawlRun.finished_at)).where(
                    CrawlRun.site_id == site_id, CrawlRun.outcome.in_(SUCCESS)
                )
            ).scalar_one()
        return ended is None or newest > ended

    # -- feeds --------------------------------------------------------------------------------

    def feeds(self, site_id: str) -> list[FeedValidators]:
        with self.db.sessions() as session:
            rows = session.execute(select(FeedState).where(FeedState.site_id == site_id).order_by(FeedState.id))
            return [FeedValidators(f.url, f.kind, f.etag, f.last_modified, f.items) for f in rows.scalars()]

    def save_feed(self, site_id: str, feed: FeedValidators, at: datetime) -> None:
        values: dict[str, Any] = {
            "site_id": site_id, "kind": feed.kind, "etag": feed.etag, "last_modified": feed.last_modified,
            "items": feed.items, "checked_at": at,
        }
        # An upsert, not read-then-insert: two crawls of a site ending together both save its
        # feed, and the second insert would break the unique URL; the later validators stand.
        with self.db.sessions.begin() as session:
            session.execute(
                self.db.insert(FeedState)
                .values(url=feed.url, **values)
                .on_conflict_do_update(index_elements=["url"], set_=values)
            )


def is_success(run: CrawlRun) -> bool:
    return run.outcome in SUCCESS and not (run.requests > 0 and run.errors >= run.requests)


def failures_before_success(runs_newest_first: Iterable[CrawlRun]) -> int:
    """How many runs failed before the newest success (all of them when none succeeded)."""
    return sum(1 for _ in itertools.takewhile(lambda run: not is_success(run), runs_newest_first))
