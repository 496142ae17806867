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
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import sys
import time
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from scrapy import Request, signals
from scrapy.core.engine import ExecutionEngine
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

log = logging.getLogger(__name__)

DEFAULT_PREFIX = "vnpc"
# How often an idle worker asks Redis for requests. Scrapy's engine only looks at its scheduler
# again every 5 s once idle: a worker would miss a short crawl another worker took first.
POLL_INTERVAL = 0.5
# Request meta set by the feeder (and inherited by what workers discover): the cycle and its mode.
CYCLE_META = "cycle"
MODE_META = "crawl_mode"
# A member of a cycle's busy set refreshes its entry this often; one silent for BUSY_TTL is dropped.
BUSY_REFRESH = 5.0
BUSY_TTL = 60.0
# An idle worker checks this often whether a cycle can be closed (a busy member went silent).
CLOSE_CHECK_INTERVAL = 5.0
# A cycle's counters outlive it this long at most (a member dropped as silent that comes back late).
DATA_TTL = 7 * 24 * 3600
# Failed URLs kept per cycle for the run record (the counts by reason come from the stats).
MAX_FAILURES = 200
# Stats that are not counts: never summed across workers.
NOT_SUMMED = ("elapsed_time_seconds", "memusage/")


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
        "SCHEDULER": "crawler.crawl.distributed.FeedScheduler",
        # The cycle's run row is written when the workers have drained its queue (Cycle.close).
        "EXTENSIONS": {"crawler.crawl.runs.RunRecorder": None},
    }


def worker_settings(url: str, prefix: str, idle_exit: float | None) -> dict[str, Any]:
    """Settings for `crawler worker`: consume the shared queues, wait when they are empty."""
    return {
        **_common(url, prefix),
        "SCHEDULER": "crawler.crawl.distributed.WorkerScheduler",
        "DISTRIBUTED_WORKER": True,
        "WORKER_IDLE_EXIT": idle_exit or 0,
        # Counted over the worker's lifetime, the page cap would stop a long-lived worker serving the site.
        "CLOSESPIDER_PAGECOUNT": 0,
        # One run row per cycle (written when it closes), not one per worker.
        "EXTENSIONS": {"crawler.crawl.distributed.WorkerIdle": 600, "crawler.crawl.runs.RunRecorder": None},
    }


def merge_extensions(base: Mapping[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """`overrides` with its EXTENSIONS merged into the project's instead of replacing them."""
    merged = dict(overrides)
    if "EXTENSIONS" in merged:
        merged["EXTENSIONS"] = {**dict(base), **merged["EXTENSIONS"]}
    return merged


# -- cycles ---------------------------------------------------------------------------------------
# Every script reads the Redis server's clock: feeders and workers on other machines need no shared clock.

_NOW = "local t = redis.call('TIME')\nlocal now = tonumber(t[1]) + tonumber(t[2]) / 1000000\n"

# KEYS: queue, busy. ARGV: member. The pop and the entry in the busy set are one step: a cycle
# cannot be seen drained (empty queue, nobody busy) while a popped request is on its way.
_POP = _NOW + """
local found = redis.call('ZRANGE', KEYS[1], 0, 0)
if #found == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
redis.call('ZADD', KEYS[2], now, ARGV[1])
return found[1]
"""

# KEYS: cycle, busy, queue, dupefilter. ARGV: id, member. Opens a cycle unless one is open.
# What a queue holds without an open cycle was left by a member dropped as silent: a new cycle feeds afresh.
_CLAIM = _NOW + """
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
redis.call('DEL', KEYS[3], KEYS[4])
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'started_at', now)
redis.call('ZADD', KEYS[2], now, ARGV[2])
return 1
"""

# KEYS: busy. ARGV: member.
_REFRESH = _NOW + "redis.call('ZADD', KEYS[1], now, ARGV[1])\nreturn 1"

# KEYS: cycle, busy, queue, stats, failures, feeds. ARGV: id, ttl. Closes the cycle if it is drained
# and returns what its row needs (then deletes it); members silent for ttl seconds are dropped first.
_CLOSE = _NOW + """
if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then return false end
local lost = redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[2]))
if lost > 0 then redis.call('HINCRBY', KEYS[1], 'lost', lost) end
if redis.call('ZCARD', KEYS[2]) > 0 or redis.call('ZCARD', KEYS[3]) > 0 then return false end
local out = {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[4]),
             redis.call('LRANGE', KEYS[5], 0, -1), redis.call('LRANGE', KEYS[6], 0, -1), tostring(now)}
redis.call('DEL', KEYS[1], KEYS[4], KEYS[5], KEYS[6])
return out
"""

# KEYS: cycle. ARGV: command, arguments. A field update of the open cycle only.
_UPDATE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
return redis.call(ARGV[1], KEYS[1], unpack(ARGV, 2))
"""


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _number(value: Any) -> int | float:
    text = _text(value)
    try:
        return int(text)
    except ValueError:
        return float(text)


def counts(stats: Mapping[str, Any]) -> dict[str, int | float]:
    """The stats that add up across workers: every number but timings and gauges."""
    return {
        key: value for key, value in stats.items()
        if isinstance(value, int | float) and not isinstance(value, bool) and not key.startswith(NOT_SUMMED)
    }


@dataclass(slots=True)
class ClosedCycle:
    """What a cycle's run row is made of, read from Redis when the cycle closed."""

    site_id: str
    cycle_id: str
    started_at: datetime
    finished_at: datetime
    mode: str
    outcome: str
    stats: dict[str, Any]
    failures: list[tuple[str, str]]
    feeds: list[dict[str, Any]]


class Cycle:
    """One site's crawl cycles in Redis, as one feeder or worker process sees them."""

    def __init__(self, server: Any, prefix: str, site_id: str, role: str) -> None:
        self.server = server
        self.site_id = site_id
        base = f"{prefix}:{site_id}"
        self.key, self.busy_key = f"{base}:cycle", f"{base}:busy"
        self.queue_key, self.dupefilter_key = f"{base}:requests", f"{base}:dupefilter"
        self.data_base = f"{base}:cycle"
        self.member = f"{role}:{socket.gethostname()}:{os.getpid()}"
        self._pop = server.register_script(_POP)
        self._claim = server.register_script(_CLAIM)
        self._refresh = server.register_script(_REFRESH)
        self._close = server.register_script(_CLOSE)
        self._update = server.register_script(_UPDATE)

    def data_keys(self, cycle_id: str) -> list[str]:
        return [f"{self.data_base}:{cycle_id}:{name}" for name in ("stats", "failures", "feeds")]

    def current(self) -> dict[str, str]:
        """The open cycle's fields (id, started_at, mode, ...), or {} when none is open."""
        return {_text(k): _text(v) for k, v in self.server.hgetall(self.key).items()}

    def claim(self) -> str | None:
        """Open a new cycle, this process busy in it (the feeder); None if one is open already."""
        cycle_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        if not self._claim(keys=[self.key, self.busy_key, self.queue_key, self.dupefilter_key],
                           args=[cycle_id, self.member]):
            return None
        return cycle_id

    def pop(self) -> bytes | None:
        """The queue's first request, this process now busy in the cycle; None if the queue is empty."""
        data = self._pop(keys=[self.queue_key, self.busy_key], args=[self.member])
        return data if data else None

    def refresh(self) -> None:
        self._refresh(keys=[self.busy_key], args=[self.member])

    def add(self, cycle_id: str | None, deltas: Mapping[str, int | float], failures: list[tuple[str, str]],
            feeds: list[dict[str, Any]], *, leave: bool) -> None:
        """Add this process's counts to the cycle and (if `leave`) leave its busy set, in one transaction."""
        pipe = self.server.pipeline(transaction=True)
        if cycle_id:
            stats_key, failures_key, feeds_key = self.data_keys(cycle_id)
            for key, value in deltas.items():
                if isinstance(value, int):
                    pipe.hincrby(stats_key, key, value)
                else:
                    pipe.hincrbyfloat(stats_key, key, value)
            if failures:
                pipe.rpush(failures_key, *(json.dumps(list(f)) for f in failures))
                pipe.ltrim(failures_key, 0, MAX_FAILURES - 1)
            if feeds:
                pipe.rpush(feeds_key, *(json.dumps(f) for f in feeds))
            for key in (stats_key, failures_key, feeds_key):
                pipe.expire(key, DATA_TTL)
        if leave:
            pipe.zrem(self.busy_key, self.member)
        pipe.execute()

    def set_fields(self, **fields: str) -> None:
        """Fields of the open cycle (its mode, an outcome); never re-creates a cycle closed meanwhile."""
        self._update(keys=[self.key], args=["HSET", *(x for kv in fields.items() for x in kv)])

    def count_lost(self) -> None:
        self._update(keys=[self.key], args=["HINCRBY", "lost", 1])

    def close(self) -> ClosedCycle | None:
        """Close the open cycle if it is drained; what its run row needs, or None (still running, or none)."""
        cycle_id = self.server.hget(self.key, "id")
        if cycle_id is None:
            return None
        cycle_id = _text(cycle_id)
        result = self._close(keys=[self.key, self.busy_key, self.queue_key, *self.data_keys(cycle_id)],
                             args=[cycle_id, BUSY_TTL])
        if not result:
            return None
        raw_fields, raw_stats, raw_failures, raw_feeds, now = result
        fields = {_text(k): _text(v) for k, v in zip(raw_fields[::2], raw_fields[1::2], strict=True)}
        stats: dict[str, Any] = {_text(k): _number(v) for k, v in zip(raw_stats[::2], raw_stats[1::2], strict=True)}
        outcome = fields.get("outcome") or ("worker_lost" if int(fields.get("lost") or 0) else "finished")
        mode = fields.get("mode") or "full"
        stats.update({"finish_reason": outcome, "crawl/mode": mode})
        return ClosedCycle(
            site_id=self.site_id,
            cycle_id=cycle_id,
            started_at=datetime.fromtimestamp(float(fields.get("started_at") or _text(now)), UTC),
            finished_at=datetime.fromtimestamp(float(_text(now)), UTC),
            mode=mode,
            outcome=outcome,
            stats=stats,
            failures=[(str(url), str(reason)) for url, reason in (json.loads(f) for f in raw_failures)],
            feeds=[json.loads(f) for f in raw_feeds],
        )


def record_cycle(closed: ClosedCycle, db_url: str) -> Any:
    """The cycle's one `crawl_runs` row (and the feed validators its workers learned)."""
    from crawler.crawl.runs import record_run, stats_row
    from storage import FeedValidators

    row = stats_row(closed.site_id, closed.stats, closed.started_at, closed.finished_at, closed.failures)
    feeds = [FeedValidators(**feed) for feed in closed.feeds]
    row = record_run(db_url, row, feeds, closed.finished_at)
    log.info("%s: cycle %s closed: %s, %s pages, %s new", closed.site_id, closed.cycle_id, row.outcome, row.pages,
             row.new)
    if row.health_alert:
        log.warning("%s: %s", closed.site_id, row.health_alert)
    return row


def _db_url(crawler: Crawler) -> str:
    from storage import resolve_db_url

    return resolve_db_url(crawler.settings.get("DATABASE_URL"))


def _site_id(spider: Any) -> str:
    return str(spider.name)


class FeedScheduler(Scheduler):
    """Opens the site's cycle and pushes every request into its Redis queue; gives none back to this process."""

    crawler: Crawler
    cycle: Cycle
    cycle_id: str | None = None
    fed = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FeedScheduler:
        instance = super().from_crawler(crawler)
        instance.crawler = crawler
        return instance

    def open(self, spider: Any) -> None:
        super().open(spider)
        prefix = self.crawler.settings.get("REDIS_KEY_PREFIX") or DEFAULT_PREFIX
        self.cycle = Cycle(self.server, prefix, _site_id(spider), "feeder")
        self.last_refresh = time.monotonic()
        # A cycle that drained while no worker was idle to notice gets its row now.
        closed = self.cycle.close()
        if closed is not None:
            record_cycle(closed, _db_url(self.crawler))
        self.cycle_id = self.cycle.claim()
        if self.cycle_id is None:
            running = self.cycle.current()
            print(f"  {spider.name}: not fed: cycle {running.get('id', '?')} ({running.get('mode', '?')}) is still "
                  f"running, {len(self.queue)} request(s) queued, {self.server.zcard(self.cycle.busy_key)} busy",
                  file=sys.stderr, flush=True)

    def enqueue_request(self, request: Request) -> bool:
        if self.cycle_id is None:
            return False
        mode = str(getattr(self.spider, "mode", "full"))
        if not self.fed:
            self.cycle.set_fields(mode=mode)
        request.meta[CYCLE_META] = self.cycle_id
        request.meta[MODE_META] = mode
        if time.monotonic() - self.last_refresh >= BUSY_REFRESH:  # a long feed (an audit) is alive
            self.cycle.refresh()
            self.last_refresh = time.monotonic()
        queued = bool(super().enqueue_request(request))
        self.fed += queued
        return queued

    def next_request(self) -> None:
        return None

    def has_pending_requests(self) -> bool:
        return False

    def close(self, reason: str) -> None:
        # Never flush: the queue is the workers' now.
        if self.cycle_id is None:
            return
        mode = str(getattr(self.spider, "mode", "full"))
        fields = {"mode": mode} if reason == "finished" else {"mode": mode, "outcome": f"feed_{reason}"[:32]}
        self.cycle.set_fields(**fields)
        assert self.crawler.stats is not None
        self.cycle.add(self.cycle_id, counts(self.crawler.stats.get_stats()), [], [], leave=True)
        print(f"  {self.spider.name}: cycle {self.cycle_id} ({mode}): {self.fed} request(s) queued",
              file=sys.stderr, flush=True)
        closed = self.cycle.close()  # nothing was queued, or the workers were quicker than this
        if closed is not None:
            record_cycle(closed, _db_url(self.crawler))


class WorkerScheduler(Scheduler):
    """Pops the shared queue; runs the site's spider in the mode of the cycle each request belongs to.

    Keeps the cycle's busy set and counters (see the module's docstring): entered with the first
    request of a cycle, left (counts added) when the spider goes idle, closed by whoever sees it drained.
    """

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WorkerScheduler:
        instance = super().from_crawler(crawler)
        instance.crawler = crawler
        crawler.signals.connect(instance._idle, signal=signals.spider_idle)
        crawler.signals.connect(instance._closed, signal=signals.spider_closed)
        return instance

    def open(self, spider: Any) -> None:
        super().open(spider)
        prefix = self.crawler.settings.get("REDIS_KEY_PREFIX") or DEFAULT_PREFIX
        self.cycle = Cycle(self.server, prefix, _site_id(spider), "worker")
        self.db_url = _db_url(self.crawler)
        self.cycle_id: str | None = None
        self.busy = False
        self.baseline: dict[str, int | float] = {}
        self.held: Request | None = None  # the first request of a cycle, while the spider enters it
        self.ready: deque[Request] = deque()
        self.writes: set[asyncio.Task[Any]] = set()
        self.last_check = 0.0
        self.heartbeat = task.LoopingCall(self._heartbeat)
        self.heartbeat.start(BUSY_REFRESH, now=False)

    # -- the queue ----------------------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        if request is self.held:
            self.held = None
            self.ready.append(request)
            return True
        if self.cycle_id and CYCLE_META not in request.meta:
            # Discovered in this cycle: the spider of a site is in one cycle at a time.
            request.meta[CYCLE_META] = self.cycle_id
            request.meta[MODE_META] = getattr(self.spider, "mode", "full")
        return bool(super().enqueue_request(request))

    def next_request(self) -> Request | None:
        if self.ready:
            return self.ready.popleft()
        if self.held is not None:
            return None  # entering a cycle
        data = self.cycle.pop()
        if data is None:
            return None
        self.busy = True
        request: Request = self.queue._decode_request(data)
        assert self.stats is not None
        cycle_id = request.meta.get(CYCLE_META)
        entering = cycle_id and cycle_id != self.cycle_id
        if entering:
            # The last cycle's counts were added when the spider went idle: from here on, the new one's.
            self.baseline = counts(self.stats.get_stats())
        self.stats.inc_value("scheduler/dequeued/redis", spider=self.spider)
        if entering:
            self.held = request
            entry = asyncio.ensure_future(self._enter(str(cycle_id), str(request.meta.get(MODE_META) or "full")))
            self.writes.add(entry)
            entry.add_done_callback(self.writes.discard)
            return None
        return request

    def has_pending_requests(self) -> bool:
        return self.held is not None or bool(self.ready) or len(self) > 0

    async def _enter(self, cycle_id: str, mode: str) -> None:
        """Take the cycle's mode and start it afresh: nothing seen yet, the site's state read again."""
        spider = self.spider
        spider.mode = mode
        assert self.stats is not None
        self.stats.set_value("crawl/mode", mode)
        for name in ("seen_articles", "seen_listings", "failures", "feed_updates"):
            if hasattr(spider, name):
                getattr(spider, name).clear()
        reload = getattr(spider, "_load_state", None)
        if reload is not None:
            try:
                await asyncio.to_thread(reload)
            except Exception:
                log.exception("%s: cannot reload the site's state for cycle %s", spider.name, cycle_id)
        self.cycle_id = cycle_id
        log.info("%s: entered cycle %s (%s)", spider.name, cycle_id, mode)
        held = self.held
        if held is not None:
            assert self.crawler.engine is not None
            self.crawler.engine.crawl(held)  # back through enqueue_request, into `ready`, and the engine wakes

    # -- the cycle's counters and busy set ----------------------------------------------------

    def _leave(self) -> None:
        """Add what this spider counted since it entered the cycle (or last left it) and leave the busy set."""
        assert self.stats is not None
        now = counts(self.stats.get_stats())
        deltas = {k: v - self.baseline.get(k, 0) for k, v in now.items() if v != self.baseline.get(k, 0)}
        self.baseline = now
        failures = list(getattr(self.spider, "failures", []))
        feeds = [asdict(f) for f in getattr(self.spider, "feed_updates", [])]
        for name in ("failures", "feed_updates"):
            if hasattr(self.spider, name):
                getattr(self.spider, name).clear()
        self.cycle.add(self.cycle_id, deltas, failures, feeds, leave=True)
        self.busy = False

    def _heartbeat(self) -> None:
        if self.busy:
            self.cycle.refresh()

    def _idle(self, spider: Any) -> None:
        if self.held is not None or self.ready:
            return
        if self.busy:
            self._leave()
        elif time.monotonic() - self.last_check < CLOSE_CHECK_INTERVAL:
            return
        self.last_check = time.monotonic()
        self._close_cycle()

    def _close_cycle(self) -> None:
        closed = self.cycle.close()
        if closed is not None:
            write = asyncio.ensure_future(asyncio.to_thread(record_cycle, closed, self.db_url))
            self.writes.add(write)
            write.add_done_callback(self._written)

    def _written(self, write: asyncio.Task[Any]) -> None:
        self.writes.discard(write)
        if not write.cancelled() and write.exception() is not None:
            log.error("%s: the run row of a closed cycle was not written", self.spider.name,
                      exc_info=write.exception())

    async def _closed(self, spider: Any, reason: str) -> None:
        if self.heartbeat.running:
            self.heartbeat.stop()
        if self.busy:
            if reason != "finished":
                # Stopped with pages in flight: they are lost to this cycle.
                self.cycle.count_lost()
            self._leave()
        self._close_cycle()
        if self.writes:
            await asyncio.gather(*self.writes, return_exceptions=True)


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
