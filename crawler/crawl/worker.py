"""The worker's side of distributed mode (`crawler worker`): its scheduler pops the shared Redis queues.

See crawler.crawl.distributed for the roles, the cycles and the keys.

Redis going away (a restart, a failover) costs no request: a request the worker cannot push back
waits in the worker's memory (`unsent`) and is pushed, past the duplicate filter, once Redis
answers again; a pop that fails is an idle moment; counts that cannot be added to the cycle stay
counted and are added at the next idle; the connection pool reconnects by itself. One warning
when Redis goes, one line when it is back (stats `redis/outages`, `redis/unsent_max`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from dataclasses import asdict
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from scrapy import Request, signals
from scrapy.core.engine import ExecutionEngine
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from crawler.crawl.cycles import (
    BUSY_REFRESH,
    CYCLE_META,
    DEFAULT_PREFIX,
    MODE_META,
    Cycle,
    counts,
    database_url,
    record_cycle,
    site_id_of,
)
from crawler.crawl.outage import Outage, StoreUnavailable
from storage.db import first_line

# The distributed mode logs under one name, whichever of its modules speaks.
log = logging.getLogger("crawler.crawl.distributed")
REDIS_AWAY = (RedisConnectionError, RedisTimeoutError)

# How often an idle worker asks Redis for requests. Scrapy's engine only looks at its scheduler
# again every 5 s once idle: a worker would miss a short crawl another worker took first.
POLL_INTERVAL = 0.5
# An idle worker checks this often whether a cycle can be closed (a busy member went silent).
CLOSE_CHECK_INTERVAL = 5.0


class WorkerScheduler(Scheduler):
    """Pops the shared queue; runs the site's spider in the mode of the cycle each request belongs to.

    Keeps the cycle's busy set and counters (see crawler.crawl.distributed): entered with the first
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
        self.cycle = Cycle(self.server, prefix, site_id_of(spider), "worker")
        self.db_url = database_url(self.crawler)
        self.cycle_id: str | None = None
        self.busy = False
        self.baseline: dict[str, int | float] = {}
        self.held: Request | None = None  # the first request of a cycle, while the spider enters it
        self.ready: deque[Request] = deque()
        self.writes: set[asyncio.Task[Any]] = set()
        self.last_check = 0.0
        self.unsent: deque[Request] = deque()  # accepted while Redis was away, pushed when it is back
        self.away_since: float | None = None
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
        if self.unsent:  # keep the order: Redis is away, or was until now
            self.unsent.append(request)
            self._push_unsent()
            return True
        try:
            return bool(super().enqueue_request(request))
        except REDIS_AWAY as exc:
            self._away(exc)
            self.unsent.append(request)
            return True

    def _push_unsent(self) -> None:
        """Push what waited for Redis; a request may have passed the duplicate filter already, so it is
        pushed whatever the filter says now (a page fetched twice is stored once)."""
        assert self.stats is not None
        self.stats.max_value("redis/unsent_max", len(self.unsent))
        try:
            while self.unsent:
                request = self.unsent[0]
                if not request.dont_filter:
                    self.df.request_seen(request)
                self.queue.push(request)
                self.unsent.popleft()
                self.stats.inc_value("scheduler/enqueued/redis")
        except REDIS_AWAY as exc:
            self._away(exc)
            return
        self._back()

    def _away(self, exc: Exception) -> None:
        if self.away_since is None:
            self.away_since = time.monotonic()
            assert self.stats is not None
            self.stats.inc_value("redis/outages")
            log.warning("%s: Redis is unavailable (%s); requests wait in this worker until it is back",
                        self.spider.name, first_line(exc))

    def _back(self) -> None:
        if self.away_since is not None:
            log.warning("%s: Redis is back after %.1f s", self.spider.name, time.monotonic() - self.away_since)
            self.away_since = None

    def next_request(self) -> Request | None:
        if self.ready:
            return self.ready.popleft()
        if self.held is not None:
            return None  # entering a cycle
        if self.unsent:
            self._push_unsent()
        try:
            data = self.cycle.pop()
        except REDIS_AWAY as exc:
            self._away(exc)
            return None
        self._back()
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
        self.stats.inc_value("scheduler/dequeued/redis")
        if entering:
            self.held = request
            entry = asyncio.ensure_future(self._enter(str(cycle_id), str(request.meta.get(MODE_META) or "full")))
            self.writes.add(entry)
            entry.add_done_callback(self.writes.discard)
            return None
        return request

    def has_pending_requests(self) -> bool:
        if self.held is not None or self.ready or self.unsent:
            return True
        try:
            return len(self) > 0
        except REDIS_AWAY as exc:
            self._away(exc)
            return True  # the queue may hold requests: not idle while Redis cannot say

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
                await Outage.of(self.crawler).call(reload)
            except StoreUnavailable as exc:
                log.error("%s: cannot reload the site's state for cycle %s: %s", spider.name, cycle_id, exc)
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
        failures = list(getattr(self.spider, "failures", []))
        feeds = [asdict(f) for f in getattr(self.spider, "feed_updates", [])]
        try:
            self.cycle.add(self.cycle_id, deltas, failures, feeds, leave=True)
        except REDIS_AWAY as exc:  # still busy in the cycle: added at the next idle moment
            self._away(exc)
            return
        self.baseline = now
        for name in ("failures", "feed_updates"):
            if hasattr(self.spider, name):
                getattr(self.spider, name).clear()
        self.busy = False

    def _heartbeat(self) -> None:
        if self.busy:
            try:
                self.cycle.refresh()
            except REDIS_AWAY as exc:
                self._away(exc)

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
        try:
            closed = self.cycle.close()
        except REDIS_AWAY as exc:
            self._away(exc)
            return
        if closed is not None:
            # The database may be away (a restart): the row waits for it like the crawl's own writes.
            write = asyncio.ensure_future(Outage.of(self.crawler).call(record_cycle, closed, self.db_url))
            self.writes.add(write)
            write.add_done_callback(self._written)

    def _written(self, write: asyncio.Future[Any]) -> None:
        self.writes.discard(write)
        if write.cancelled() or write.exception() is None:
            return
        exc = write.exception()
        if isinstance(exc, StoreUnavailable):
            log.error("%s: the run row of a closed cycle was not written: %s", self.spider.name, exc)
        else:
            log.error("%s: the run row of a closed cycle was not written", self.spider.name, exc_info=exc)

    async def _closed(self, spider: Any, reason: str) -> None:
        if self.heartbeat.running:
            self.heartbeat.stop()
        if self.busy:
            if reason != "finished":
                # Stopped with pages in flight: they are lost to this cycle.
                try:
                    self.cycle.count_lost()
                except REDIS_AWAY as exc:
                    self._away(exc)
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
