"""The feeder's scheduler (`crawler crawl --distributed`): a site's start requests go into its Redis queue.

See crawler.crawl.distributed for the roles, the cycles and the keys.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy_redis.scheduler import Scheduler

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
        self.cycle = Cycle(self.server, prefix, site_id_of(spider), "feeder")
        self.last_refresh = time.monotonic()
        # A cycle that drained while no worker was idle to notice gets its row now.
        closed = self.cycle.close()
        if closed is not None:
            record_cycle(closed, database_url(self.crawler))
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
            record_cycle(closed, database_url(self.crawler))
