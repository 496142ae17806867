"""Distributed mode: the request queue and the duplicate filter of every site live in Redis.

Two roles share one key prefix (setting REDIS_KEY_PREFIX, default "vnpc"):

* the *feeder* (`crawler crawl --distributed`, and the scheduler when distributed) runs
  each chosen site's `start()` as usual - state loaded from the database, mode chosen,
  revisits due, feed or listings - but its scheduler only pushes those requests into
  Redis and never hands one to the downloader, so the spider closes at once;
* *workers* (`crawler worker`, on one machine or many) run a spider per registry site
  whose `start()` yields nothing; their scheduler pops requests from the shared queues,
  and what they discover goes back into the same queues through the shared duplicate
  filter, so no page is fetched twice whichever worker finds it. `--idle-exit N` ends a
  worker once it has been idle (nothing fetched, nothing queued) for N seconds; without it
  a worker waits for requests until it is stopped.

Crawl cycles. Each feed of a site opens a *cycle*: the feeder claims it in Redis (a new id,
the time, and the mode its `start()` chose: full, incremental or revisit) and stamps every
request with the cycle id and the mode (request meta `cycle`, `crawl_mode`); the requests a
worker discovers inherit both. A worker that pops the first request of a cycle it has not
seen enters it: its spider for that site takes the cycle's mode (whatever its own `start()`
chose), forgets the articles it saw in earlier cycles and reloads the site's state from the
database, before the request is downloaded. A site has at most one open cycle: a feed while
the last one is still running is refused (said on stderr) and the next scheduled feed tries
again.

One `crawl_runs` row per cycle and site. Workers add their counts (the Scrapy stats of their
spider since they entered the cycle, summed with HINCRBY), the pages that failed and the
feed validators they learned to the cycle's keys whenever they go idle, and leave the
cycle's *busy* set in the same transaction. The cycle closes when its queue is empty and
nobody is busy in it (a Lua script, so two workers cannot both close it, and a pop cannot
slip in between): whoever closes it - the last worker to go idle, or the next feeder -
writes the row (started = feed time, finished = close time, the feeder's mode, the summed
counts). A member of the busy set refreshes its entry every few seconds; one silent for
BUSY_TTL (a worker killed mid-page) is dropped, and its cycle's row then says "worker_lost"
(not a success: the next crawl of the site is full if anything was stored meanwhile).

Keys, per site (the spider name): `<prefix>:<site>:requests` (a sorted set, by priority),
`<prefix>:<site>:dupefilter` (request fingerprints), `<prefix>:<site>:cycle` (a hash: id,
started_at, mode; present while the cycle is open), `<prefix>:<site>:busy` (a sorted set:
feeder or worker -> last sign of life, Redis time) and `<prefix>:<site>:cycle:<id>:stats`,
`:failures`, `:feeds` (deleted when the row is written). The queue persists
(SCHEDULER_PERSIST): a worker that stops leaves the rest of the cycle to the others. The
duplicate filter belongs to one cycle: claiming a cycle clears it.

Storage stays exactly-once because the repository's upserts are safe for concurrent
writers. The per-site page cap (max_pages, CLOSESPIDER_PAGECOUNT) is not applied to
workers: Scrapy would count it over a worker's lifetime, not per cycle.

Modules: this one holds the settings of both roles; crawler.crawl.cycles the cycles in Redis (keys,
Lua scripts, the run row of a closed cycle), crawler.crawl.feeder the feeder's scheduler and
crawler.crawl.worker the worker's scheduler and idle extension. Their names stay importable from here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from crawler.crawl.cycles import (
    BUSY_REFRESH,
    BUSY_TTL,
    CYCLE_META,
    DATA_TTL,
    DEFAULT_PREFIX,
    MAX_FAILURES,
    MODE_META,
    NOT_SUMMED,
    ClosedCycle,
    Cycle,
    counts,
    record_cycle,
)
from crawler.crawl.feeder import FeedScheduler
from crawler.crawl.worker import CLOSE_CHECK_INTERVAL, POLL_INTERVAL, WorkerIdle, WorkerScheduler

__all__ = [
    "BUSY_REFRESH",
    "BUSY_TTL",
    "CLOSE_CHECK_INTERVAL",
    "CYCLE_META",
    "DATA_TTL",
    "DEFAULT_PREFIX",
    "MAX_FAILURES",
    "MODE_META",
    "NOT_SUMMED",
    "POLL_INTERVAL",
    "ClosedCycle",
    "Cycle",
    "DistributedError",
    "FeedScheduler",
    "WorkerIdle",
    "WorkerScheduler",
    "counts",
    "feeder_settings",
    "key_prefix",
    "merge_extensions",
    "record_cycle",
    "redis_problem",
    "redis_url",
    "worker_settings",
]


class DistributedError(Exception):
    """Distributed mode asked for without what it needs (a Redis URL)."""


def redis_url(explicit: str | None = None) -> str:
    url = explicit or os.environ.get("REDIS_URL")
    if not url:
        raise DistributedError("distributed mode needs a Redis server: set REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    return url


def redis_problem(url: str, timeout: float = 5.0) -> str | None:
    """Why the Redis server at `url` cannot be used now (one line), or None when it answers."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
    except (redis.exceptions.RedisError, ValueError) as exc:
        from storage.db import first_line

        return first_line(exc)
    return None


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
        "SCHEDULER": "crawler.crawl.feeder.FeedScheduler",
        # The cycle's run row is written when the workers have drained its queue (Cycle.close).
        "EXTENSIONS": {"crawler.crawl.runs.RunRecorder": None},
    }


def worker_settings(url: str, prefix: str, idle_exit: float | None) -> dict[str, Any]:
    """Settings for `crawler worker`: consume the shared queues, wait when they are empty."""
    return {
        **_common(url, prefix),
        "SCHEDULER": "crawler.crawl.worker.WorkerScheduler",
        "DISTRIBUTED_WORKER": True,
        "WORKER_IDLE_EXIT": idle_exit or 0,
        # Counted over the worker's lifetime, the page cap would stop a long-lived worker serving the site.
        "CLOSESPIDER_PAGECOUNT": 0,
        # One run row per cycle (written when it closes), not one per worker.
        "EXTENSIONS": {"crawler.crawl.worker.WorkerIdle": 600, "crawler.crawl.runs.RunRecorder": None},
    }


def merge_extensions(base: Mapping[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """`overrides` with its EXTENSIONS merged into the project's instead of replacing them."""
    merged = dict(overrides)
    if "EXTENSIONS" in merged:
        merged["EXTENSIONS"] = {**dict(base), **merged["EXTENSIONS"]}
    return merged
