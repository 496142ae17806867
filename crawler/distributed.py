"""Distributed mode: the request queue and the duplicate filter of every site live in Redis.

Two roles share one key prefix (setting REDIS_KEY_PREFIX, default "vnpc"):

* the *feeder* (`crawler crawl --distributed`, and the scheduler when distributed) runs
  each chosen site's `start()` as usual - state loaded from the database, mode chosen,
  revisits due, feed or listings - but its scheduler only pushes those requests into
  Redis and never hands one to the downloader, so the spider closes at once;
* *workers* (`crawler worker`, on one machine or many) run a spider per registry site
  whose `start()` yields nothing; their scrapy-redis scheduler pops requests from the
  shared queues, and what they discover goes back into the same queues through the
  shared duplicate filter, so no page is fetched twice whichever worker finds it.
  `--idle-exit N` ends a worker once it has been idle (nothing fetched, nothing queued)
  for N seconds; without it a worker waits for requests until it is stopped.

Keys, per site (the spider name): `<prefix>:<site>:requests` (a sorted set, by
priority) and `<prefix>:<site>:dupefilter` (request fingerprints). The queues persist
(SCHEDULER_PERSIST): a worker that stops leaves the rest of the crawl to the others.
The duplicate filter belongs to one crawl cycle: a feed into an empty queue (the last
cycle finished) clears it first, else a re-crawl's start pages would be "seen" forever.

Storage stays exactly-once because the repository's upserts are safe for concurrent
writers; each worker records its own run per site.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Any

from scrapy import signals
from scrapy.core.engine import ExecutionEngine
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy_redis.scheduler import Scheduler

DEFAULT_PREFIX = "vnpc"
# How often an idle worker asks Redis for requests. Scrapy's engine only looks at its scheduler
# again every 5 s once idle: a worker would miss a short crawl another worker took first.
POLL_INTERVAL = 0.5


class DistributedError(Exception):
    """Distributed mode asked for without what it needs (a Redis URL)."""


def redis_url(explicit: str | None = None) -> str:
    url = explicit or os.environ.get("REDIS_URL")
    if not url:
        raise DistributedError("distributed mode needs a Redis server: set REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    return url


def key_prefix(explicit: str | None = None) -> str:
    return explicit or os.environ.get("CRAWLER_REDIS_PREFIX") or DEFAULT_PREFIX


def _common(url: str, prefix: str) -> dict[str, Any]:
    return {
        "DISTRIBUTED": True,
        "REDIS_URL": url,
        "REDIS_KEY_PREFIX": prefix,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": f"{prefix}:%(spider)s:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:%(spider)s:dupefilter",
        "SCHEDULER_PERSIST": True,
        # Requests carry their callbacks by name; JSON-safe meta only (the spider's is).
        "SCHEDULER_SERIALIZER": "scrapy_redis.picklecompat",
    }


def feeder_settings(url: str, prefix: str) -> dict[str, Any]:
    """Settings for `crawl --distributed`: start requests go to Redis, nothing is downloaded here."""
    return {
        **_common(url, prefix),
        "SCHEDULER": "crawler.distributed.FeedScheduler",
        # The feeder fetched nothing: a run record of zeros would read as a broken portal.
        "EXTENSIONS": {"crawler.runs.RunRecorder": None},
    }


def worker_settings(url: str, prefix: str, idle_exit: float | None) -> dict[str, Any]:
    """Settings for `crawler worker`: consume the shared queues, wait when they are empty."""
    return {
        **_common(url, prefix),
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DISTRIBUTED_WORKER": True,
        "WORKER_IDLE_EXIT": idle_exit or 0,
        "EXTENSIONS": {"crawler.distributed.WorkerIdle": 600},
    }


def merge_extensions(base: Mapping[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """`overrides` with its EXTENSIONS merged into the project's instead of replacing them."""
    merged = dict(overrides)
    if "EXTENSIONS" in merged:
        merged["EXTENSIONS"] = {**dict(base), **merged["EXTENSIONS"]}
    return merged


class FeedScheduler(Scheduler):
    """Pushes every request into the site's Redis queue and gives none back to this process."""

    def open(self, spider: Any) -> None:
        super().open(spider)
        if not len(self.queue):
            # A new crawl cycle: what the last one saw must be fetched again.
            self.df.clear()

    def next_request(self) -> None:
        return None

    def has_pending_requests(self) -> bool:
        return False

    def close(self, reason: str) -> None:
        # Never flush: the queue is the workers' now.
        return None


class WorkerIdle:
    """Keeps a worker's spiders open while the queues may still bring work; closes them after N idle seconds."""

    def __init__(self, crawler: Crawler, idle_exit: float) -> None:
        self.crawler = crawler
        self.idle_exit = idle_exit
        self.last_active = time.monotonic()
        for handler, signal in ((self._active, signals.spider_opened), (self._active, signals.response_received),
                                (self._active, signals.request_scheduled), (self._idle, signals.spider_idle)):
            crawler.signals.connect(handler, signal=signal)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WorkerIdle:
        if not crawler.settings.getbool("DISTRIBUTED_WORKER"):
            raise NotConfigured
        # The engine's heartbeat is what polls an idle scheduler; a worker process only runs workers.
        ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = crawler.settings.getfloat("WORKER_POLL_INTERVAL", POLL_INTERVAL)
        return cls(crawler, crawler.settings.getfloat("WORKER_IDLE_EXIT"))

    def _active(self, *args: Any, **kwargs: Any) -> None:
        self.last_active = time.monotonic()

    def _idle(self, spider: Any) -> None:
        if self.idle_exit and time.monotonic() - self.last_active >= self.idle_exit:
            return  # let the engine close the spider: finish_reason "finished"
        raise DontCloseSpider
