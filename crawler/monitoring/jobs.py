"""The stored jobs of the schedule: one APScheduler interval job per site, and how they are kept in line.

The jobs mirror the sites being scheduled: a site that left the registry (or was not
selected with `--site`) loses its job, a changed interval reschedules it, and every
unchanged job keeps its next run time.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from crawler.core.dates import TZ
from crawler.crawl.registry import Site
from crawler.monitoring.site_run import default_command

JOB_TABLE = "scheduler_jobs"
# A textual reference, so stored jobs survive a restart: `run_site` lives in crawler.monitoring.site_run
# and must stay importable from crawler.monitoring.schedule, the path every stored job names.
JOB_FUNC = "crawler.monitoring.schedule:run_site"
JOB_PREFIX = "crawl:"
TIMEZONE = TZ  # the portals' zone: job triggers and logged times agree with the stories' dates

MAX_WORKERS = 8  # crawls at once; each is a full Scrapy process of ~100 MB
RUN_TIMEOUT_FACTOR = 3
RUN_TIMEOUT_MIN = 10 * 60.0  # a 2000-page crawl at one request a second needs ~35 min
RUN_TIMEOUT_MAX = 2 * 3600.0
JITTER_FRACTION = 0.1
JITTER_MAX = 60  # seconds
FIRST_RUN_SPREAD = 30.0  # new jobs start within this many seconds, not all in the same one


class ScheduleError(Exception):
    """A problem the user can fix, told in one line."""


def default_run_timeout(interval: timedelta) -> float:
    return min(max(interval.total_seconds() * RUN_TIMEOUT_FACTOR, RUN_TIMEOUT_MIN), RUN_TIMEOUT_MAX)


def jitter_seconds(interval: timedelta) -> int | None:
    # APScheduler adds the jitter to each previous (jittered) run time, so the mean period
    # is interval + jitter/2: a tenth of the interval, at most a minute, keeps that small.
    jitter = min(JITTER_MAX, int(interval.total_seconds() * JITTER_FRACTION))
    return jitter or None


def trigger_interval(site: Site) -> timedelta:
    return site.interval if site.polling == "fixed" else site.max_interval


def worker_count(sites: int) -> int:
    return max(1, min(MAX_WORKERS, sites))


def job_id(site_id: str) -> str:
    return JOB_PREFIX + site_id


@dataclass(frozen=True)
class JobSpec:
    """What the stored job of one site must look like."""

    site_id: str
    interval: timedelta
    jitter: int | None
    kwargs: dict[str, Any]
    # A new job's first run comes within this (and FIRST_RUN_SPREAD): the site's start interval,
    # which for an adaptive site is shorter than its trigger's.
    first_within: timedelta | None = None

    @property
    def misfire_grace_time(self) -> int:
        # With coalescing, the last due run time is never more than one interval (plus
        # jitter) old, so after any downtime exactly one catch-up run is made.
        return max(1, math.ceil(self.interval.total_seconds()) + (self.jitter or 0))

    def options(self) -> dict[str, Any]:
        return {
            "func": JOB_FUNC,
            "args": (),
            "kwargs": self.kwargs,
            "name": f"crawl {self.site_id}",
            "executor": "default",
            "max_instances": 1,
            "coalesce": True,
            "misfire_grace_time": self.misfire_grace_time,
        }

    def trigger(self) -> Any:
        from apscheduler.triggers.interval import IntervalTrigger

        return IntervalTrigger(seconds=self.interval.total_seconds(), jitter=self.jitter, timezone=TIMEZONE)


def job_specs(sites: Sequence[Site], *, sites_file: str, db_url: str, run_timeout: float | None = None,
              command: Sequence[str] | None = None) -> list[JobSpec]:
    prefix = list(command) if command is not None else default_command()
    return [
        JobSpec(
            site_id=site.id,
            # An adaptive site's next run is placed after each run (crawler.monitoring.plans); its
            # trigger's interval only takes over when that fails, at the longest the site allows.
            interval=trigger_interval(site),
            jitter=jitter_seconds(trigger_interval(site)),
            first_within=site.interval,
            # Only plain strings and numbers: they are pickled into the job store.
            kwargs={"site_id": site.id, "sites_file": sites_file, "db_url": db_url,
                    "timeout": float(run_timeout or default_run_timeout(site.interval)), "command": prefix},
        )
        for site in sites
    ]


@dataclass
class SyncResult:
    added: list[str] = field(default_factory=list)
    rescheduled: list[str] = field(default_factory=list)  # interval changed: new next run time
    updated: list[str] = field(default_factory=list)  # other settings changed: next run time kept
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # job ids

    def __str__(self) -> str:
        return (f"{len(self.added)} added, {len(self.rescheduled)} rescheduled, {len(self.updated)} updated, "
                f"{len(self.kept)} kept, {len(self.removed)} removed")


def _same_trigger(job: Any, spec: JobSpec) -> bool:
    from apscheduler.triggers.interval import IntervalTrigger

    trigger = job.trigger
    return isinstance(trigger, IntervalTrigger) and trigger.interval == spec.interval and trigger.jitter == spec.jitter


def sync_jobs(scheduler: Any, specs: Sequence[JobSpec], *, spread: float = FIRST_RUN_SPREAD) -> SyncResult:
    """Make the stored jobs match `specs`, keeping the next run time of every unchanged job."""
    result = SyncResult()
    wanted = {job_id(spec.site_id): spec for spec in specs}
    existing = {job.id: job for job in scheduler.get_jobs()}
    now = datetime.now(TZ)  # the zone stored jobs use, so logged times agree
    for jid in existing:
        if jid not in wanted:
            scheduler.remove_job(jid)
            result.removed.append(jid)
    for jid, spec in wanted.items():
        job = existing.get(jid)
        options = spec.options()
        if job is None:
            seconds = (spec.first_within or spec.interval).total_seconds()
            first = now + timedelta(seconds=random.uniform(0, min(spread, seconds)))
            scheduler.add_job(id=jid, trigger=spec.trigger(), next_run_time=first, **options)
            result.added.append(spec.site_id)
            continue
        current = {"func": job.func_ref, "args": tuple(job.args), "kwargs": dict(job.kwargs), "name": job.name,
                   "executor": job.executor, "max_instances": job.max_instances, "coalesce": job.coalesce,
                   "misfire_grace_time": job.misfire_grace_time}
        changes = {key: value for key, value in options.items() if current[key] != value}
        if not _same_trigger(job, spec) or job.next_run_time is None:
            # The earlier of the stored time and one new interval from now: a shorter
            # interval takes effect at once, a longer one does not delay a due run.
            soonest = now + spec.interval
            changes["trigger"] = spec.trigger()
            changes["next_run_time"] = min(job.next_run_time, soonest) if job.next_run_time else soonest
            result.rescheduled.append(spec.site_id)
        elif changes:
            result.updated.append(spec.site_id)
        else:
            result.kept.append(spec.site_id)
            continue
        scheduler.modify_job(jid, **changes)
    return result
