"""A database that goes away during a crawl (a restart, a failover, the OOM killer): wait for it, within bounds.

Every database call of a crawl that must not fail (storing a batch, asking which links are known)
goes through `Outage.call`, which runs it in a worker thread. While the database is away
(`storage.db.is_unavailable`: refused, dropped or reset connections, a server shutting down, a lock
held too long) the call is tried again after 0.25 s, then 0.5, 1, 2 and every 5 s, until
STORE_OUTAGE_SECONDS (60 s) have passed since the outage began: one clock per crawl, not per call,
so a crawl with many writes waiting does not wait many times over. Then `StoreUnavailable` is
raised: the store pipeline keeps what it could not write in the spool (`storage.spool`) and closes
the crawl with the reason `store_unavailable`. After that each call is tried once, without waiting,
until one succeeds (the database is back: a long-lived worker goes on).

Stats: `store/outages` (outages begun), `store/outage_retries`, `store/outage_seconds` (the longest,
rounded up), `store/unavailable` (1 when the bound was passed). Each outage logs one warning when it
begins and one line when the database answers again.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar

from scrapy.crawler import Crawler

from storage.db import first_line, is_unavailable

log = logging.getLogger(__name__)

STORE_OUTAGE_SECONDS = 60.0
STORE_UNAVAILABLE = "store_unavailable"  # the finish reason of a crawl that lost its database
STORE_REFUSED = "store_refused"  # ... of one whose database refuses writes (a full disk, a read-only file)
FIRST_WAIT, LONGEST_WAIT = 0.25, 5.0
T = TypeVar("T")


class StoreUnavailable(Exception):
    """The database stayed away longer than STORE_OUTAGE_SECONDS."""

    reason = STORE_UNAVAILABLE


class StoreRefused(StoreUnavailable):
    """The database refuses writes (a full disk, a read-only file): waiting will not help."""

    reason = STORE_REFUSED


class Outage:
    """One per crawler (`Outage.of(crawler)`): database calls that wait out an outage."""

    def __init__(self, crawler: Crawler, limit: float) -> None:
        self.crawler = crawler
        self.limit = max(0.0, limit)
        self.since: float | None = None  # monotonic time the current outage began
        self.gave_up = False

    @classmethod
    def of(cls, crawler: Crawler) -> Outage:
        existing = getattr(crawler, "_store_outage", None)
        if existing is None:
            existing = cls(crawler, crawler.settings.getfloat("STORE_OUTAGE_SECONDS", STORE_OUTAGE_SECONDS))
            crawler._store_outage = existing  # type: ignore[attr-defined]
        return existing

    @property
    def site(self) -> str:
        spider = self.crawler.spider
        return spider.name if spider is not None else "crawl"

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in a worker thread, tried again while the database is away (see the module docstring)."""
        stats = self.crawler.stats
        assert stats is not None
        wait = FIRST_WAIT
        while True:
            try:
                result = await asyncio.to_thread(fn, *args)
            except Exception as exc:
                if not is_unavailable(exc):
                    raise
                if self.gave_up:  # past the bound already: one try per call, no more waiting
                    raise StoreUnavailable(f"the database is still unavailable after {self.limit:g} s") from None
                now = time.monotonic()
                if self.since is None:
                    self.since = now
                    stats.inc_value("store/outages")
                    log.warning("%s: the database is unavailable (%s); waiting for it up to %g s", self.site,
                                first_line(exc), self.limit, extra={"spider": self.crawler.spider})
                elapsed = now - self.since
                stats.max_value("store/outage_seconds", math.ceil(elapsed))
                if elapsed + wait > self.limit:
                    self.gave_up = True
                    stats.set_value("store/unavailable", 1)
                    raise StoreUnavailable(f"the database has been unavailable for {elapsed:.0f} s "
                                           f"({first_line(exc)})") from None
                stats.inc_value("store/outage_retries")
                await asyncio.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)
                continue
            if self.since is not None:
                elapsed = time.monotonic() - self.since
                stats.max_value("store/outage_seconds", math.ceil(elapsed))
                log.warning("%s: the database is back after %.1f s", self.site, elapsed)
                self.since = None
                self.gave_up = False  # a long-lived worker goes on as before
            return result
