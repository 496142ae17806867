"""Prometheus metrics (prometheus-client): per portal, read from the store at each scrape, and the scheduler's own.

`crawler web` serves them at /metrics; `crawler schedule --metrics-port N` and `crawler worker
--metrics-port N` serve them on a port of their own. Per portal (label ``site``), from the store,
so every process shows the same figures:

    crawler_portal_info{site,name,family}                 1 per portal the store knows
    crawler_portal_last_success_timestamp_seconds         when its last successful crawl ended
    crawler_portal_failures_in_a_row                      failed crawls since the last success
    crawler_portal_extraction_health_ratio                pages with title, date and body, last 5 runs
    crawler_portal_last_run_requests / _errors            of its last run
    crawler_portal_last_run_stories{change}               new, updated, removed by its last run
    crawler_portal_unreviewed_stories                     stories waiting in the review queue

The scheduler's (in the process that runs `crawler schedule`):

    crawler_scheduler_runs_total{outcome}                 crawls ended: success, failed, timeout
    crawler_scheduler_run_duration_seconds                histogram of crawl durations
    crawler_scheduler_running_crawls                      crawls running now
    crawler_scheduler_heartbeat_timestamp_seconds         last time its main loop turned (a silent scheduler stops it)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily
from prometheus_client.registry import Collector

from storage.db import Database

log = logging.getLogger(__name__)

# The scheduler's metrics live in the default registry of the scheduler's process.
SCHEDULER_RUNS = Counter("crawler_scheduler_runs", "Scheduled crawls that ended, by outcome", ["outcome"])
SCHEDULER_RUN_SECONDS = Histogram(
    "crawler_scheduler_run_duration_seconds", "Duration of scheduled crawls",
    buckets=(5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200),
)
SCHEDULER_RUNNING = Gauge("crawler_scheduler_running_crawls", "Scheduled crawls running now")
SCHEDULER_HEARTBEAT = Gauge("crawler_scheduler_heartbeat_timestamp_seconds",
                            "Last time the scheduler's main loop turned (Unix time)")


def scheduled_run_ended(code: int, seconds: float, *, timed_out: bool) -> None:
    """Count one scheduled crawl: success (exit 0), timeout, or failed."""
    outcome = "success" if code == 0 else "timeout" if timed_out else "failed"
    SCHEDULER_RUNS.labels(outcome).inc()
    SCHEDULER_RUN_SECONDS.observe(seconds)


class PortalCollector(Collector):
    """The per-portal figures, read from the store when Prometheus scrapes (a handful of small queries)."""

    def __init__(self, database: Callable[[], Database]) -> None:
        self.database = database

    def describe(self) -> list[Any]:
        return []  # read at collect time: no store access when registered

    def collect(self) -> Iterator[Any]:
        from storage.portals import PortalRepository
        from storage.queue import unreviewed_by_site
        from storage.runs import RunRepository, is_success

        try:
            db = self.database()
            portals = {p.id: p for p in PortalRepository(db).all()}
            runs = RunRepository(db)
            ids = sorted(set(portals) | set(runs.site_ids()))
            overviews = runs.overview(ids)
            last = {site: runs.recent(site_id=site, limit=1) for site in ids}
            waiting = unreviewed_by_site(db)
        except Exception as exc:  # a scrape must answer even when the store is away
            log.warning("metrics: cannot read the store: %s", str(exc).splitlines()[0] if str(exc) else exc)
            up = GaugeMetricFamily("crawler_store_up", "Whether the store could be read for this scrape")
            up.add_metric([], 0)
            yield up
            return
        up = GaugeMetricFamily("crawler_store_up", "Whether the store could be read for this scrape")
        up.add_metric([], 1)
        yield up
        info = InfoMetricFamily("crawler_portal", "A portal the store knows", labels=["site"])
        success = GaugeMetricFamily("crawler_portal_last_success_timestamp_seconds",
                                    "When the portal's last successful crawl ended (Unix time)", labels=["site"])
        failures = GaugeMetricFamily("crawler_portal_failures_in_a_row", "Failed crawls since the last success",
                                     labels=["site"])
        health = GaugeMetricFamily("crawler_portal_extraction_health_ratio",
                                   "Share of article pages with a title, a date and a body (last 5 runs)",
                                   labels=["site"])
        requests = GaugeMetricFamily("crawler_portal_last_run_requests", "Requests of the last run", labels=["site"])
        errors = GaugeMetricFamily("crawler_portal_last_run_errors", "Errors of the last run", labels=["site"])
        stories = GaugeMetricFamily("crawler_portal_last_run_stories", "Stories new, updated or removed by the "
                                    "last run", labels=["site", "change"])
        queue = GaugeMetricFamily("crawler_portal_unreviewed_stories", "Stories waiting for review",
                                  labels=["site"])
        ok = GaugeMetricFamily("crawler_portal_last_run_success", "Whether the last run succeeded", labels=["site"])
        for overview in overviews:
            site = overview.site_id
            portal = portals.get(site)
            info.add_metric([site], {"name": portal.name if portal else "", "family": (portal.family or "")
                                     if portal else ""})
            if overview.last_success_at is not None:
                success.add_metric([site], overview.last_success_at.timestamp())
            failures.add_metric([site], overview.failures_in_a_row)
            if overview.health is not None:
                health.add_metric([site], overview.health)
            queue.add_metric([site], waiting.get(site, 0))
            for run in last[site]:
                requests.add_metric([site], run.requests)
                errors.add_metric([site], run.errors)
                ok.add_metric([site], 1 if is_success(run) else 0)
                for change, count in (("new", run.new), ("updated", run.updated), ("removed", run.removed)):
                    stories.add_metric([site, change], count)
        yield from (info, success, failures, health, requests, errors, ok, stories, queue)


def portal_registry(database: Callable[[], Database]) -> CollectorRegistry:
    """A registry with the per-portal collector only (the web inbox's /metrics)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(PortalCollector(database))
    return registry


def serve(port: int, database: Callable[[], Database], *, host: str = "127.0.0.1") -> None:
    """Serve the process's metrics and the per-portal ones on ``host:port`` (a daemon thread)."""
    from prometheus_client import REGISTRY

    REGISTRY.register(PortalCollector(database))
    start_http_server(port, addr=host)
    log.info("metrics on http://%s:%d/metrics", host, port)


def lazy_database(db_url: str) -> Callable[[], Database]:
    """The store, opened at the first scrape and kept (a down store is tried again at the next)."""
    opened: list[Database] = []

    def get() -> Database:
        if not opened:
            from storage import open_database

            opened.append(open_database(db_url, create=False))
        return opened[0]

    return get


def heartbeat() -> None:
    SCHEDULER_HEARTBEAT.set(time.time())
