"""After each scheduled run, place the site's next one: its history from the store, the plan from `polling`.

`Replanner` is an APScheduler listener. When a site's job has run (the crawl subprocess has
ended and written its run record), it reads the site's history (first-seen times of its
stories over the last four weeks, its recent runs), asks `crawler.monitoring.polling.
plan_next_run` for the next run, moves the job there and writes the plan on the run record
(`crawl_runs.next_run_at`, `.schedule_note`, `.cadence`), where `crawler sites`, `crawler runs`
and the web portal page read it.

The job's own trigger stays an interval trigger (the site's interval when fixed, its
`max_interval` when adaptive): if planning fails (the database is down), the site is still
crawled, at that interval. A fixed site's job keeps its trigger's time unless it is backing
off after failures or over its budget.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from crawler.core.dates import TZ
from crawler.crawl.registry import Site
from crawler.monitoring.jobs import JOB_PREFIX
from crawler.monitoring.polling import WINDOW, History, Plan, PollConfig, RunSummary, plan_next_run

if TYPE_CHECKING:
    from storage.db import Database

log = logging.getLogger("scheduler")


def poll_config(site: Site) -> PollConfig:
    return PollConfig(mode=site.polling, interval=site.interval, min_interval=site.min_interval,
                      max_interval=site.max_interval, requests_per_day=site.requests_per_day,
                      start_requests=1 + len(site.start_urls))


def load_history(db: Database, site_id: str, now: datetime) -> History:
    from storage import RunRepository
    from storage.runs import is_success

    stored = RunRepository(db).polling_history(site_id, now - WINDOW)
    runs = [RunSummary(started_at=r.started_at, requests=r.requests, ok=is_success(r), outcome=r.outcome,
                       full=r.mode == "full") for r in stored.runs]
    return History(first_seen=stored.first_seen, runs=runs, watched_since=stored.first_run_at)


def plan_site(db: Database, site: Site, now: datetime | None = None) -> Plan:
    now = now or datetime.now(UTC)
    return plan_next_run(poll_config(site), load_history(db, site.id, now), now)


class Replanner:
    """The listener: `scheduler.add_listener(Replanner(scheduler, db, sites), EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)`."""

    def __init__(self, scheduler: Any, db: Database, sites: Mapping[str, Site]) -> None:
        self.scheduler = scheduler
        self.db = db
        self.sites = dict(sites)

    def __call__(self, event: Any) -> None:
        site_id = str(event.job_id).removeprefix(JOB_PREFIX)
        site = self.sites.get(site_id)
        if site is None:
            return
        try:
            self.replan(site)
        except Exception as exc:  # the schedule goes on at the job's own interval
            from storage.db import first_line

            log.warning("%s: could not plan the next run: %s", site_id, first_line(exc))

    def replan(self, site: Site, now: datetime | None = None) -> Plan:
        from storage import RunRepository

        plan = plan_site(self.db, site, now)
        job_id = JOB_PREFIX + site.id

        def move() -> datetime | None:
            job = self.scheduler.get_job(job_id)
            if job is None or job.next_run_time is None:
                return None
            # A fixed site on its interval keeps its trigger's time (and jitter).
            if plan.decided_by == "fixed":
                return job.next_run_time
            self.scheduler.modify_job(job_id, next_run_time=plan.next_run)
            return plan.next_run

        # None: the scheduler is stopping (or the job is gone); the stored job keeps its time.
        next_run = self.scheduler.while_running(move)
        if next_run is None:
            return plan
        cadence = plan.cadence.describe() if plan.cadence else None
        RunRepository(self.db).save_plan(site.id, next_run, plan.reason, cadence)
        log.info("%s: next run %s (%s)", site.id, next_run.astimezone(TZ).isoformat(timespec="seconds"), plan.reason)
        return plan
