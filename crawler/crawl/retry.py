"""Retries that wait: a portal's Retry-After is honoured, every other retry backs off.

Scrapy's own RetryMiddleware sends a failed request again at once. That is the wrong answer
to a portal that says it is overloaded (503, 429) and hard on one that is failing anyway.
`PoliteRetryMiddleware` replaces it (a subclass: the retry counting, RETRY_TIMES, the
``retry/*`` stats and the "Gave up retrying" log line stay Scrapy's, so the run record still
reads "retried: 503 Service Unavailable x10") and decides *when* each retry may go:

* a 429 or 503 with a ``Retry-After`` header (delta-seconds, or an HTTP-date as RFC 9110
  allows; invalid, negative and past values are ignored) is retried after that long, capped at
  RETRY_AFTER_MAX (120 s: a portal asking for an hour gets two minutes), and never sooner than
  RETRY_BACKOFF_MIN. The same header pauses the whole host for that long: the server said it
  is overloaded, so no request to it starts before the pause ends, whichever URL it is for.
  The pause applies whether or not the request itself is retried, and one warning per host is
  logged when a pause starts;
* any other retry (5xx without Retry-After, time-outs, connection errors) waits an exponential
  back-off with jitter: a random time between RETRY_BACKOFF_MIN and
  min(RETRY_BACKOFF_MAX, RETRY_BACKOFF_BASE * 2 ** (retry_number - 1)), so 0.5-2 s, 0.5-4 s
  and 0.5-8 s for the three retries with the defaults.

About the jitter: "full jitter" draws from 0 to the ceiling; clamping that draw at a floor
(``max(minimum, uniform(0, ceiling))``) would put every draw below the floor *on* the floor
(a quarter of first retries with the defaults), so pages that failed together would come back
together, the burst jitter exists to break up. Drawing between the floor and the ceiling keeps
the spread and still never retries at once; the mean wait grows by about half the floor.

How the waiting works without blocking the reactor: the retried request carries the time it may
leave in ``request.meta["retry_not_before"]`` (a ``time.time()`` value, so it survives the
trip through Redis in distributed mode), and the async ``process_request`` of the same
middleware sleeps (``asyncio.sleep``) until the later of that time and the host's pause.
Retried requests go back through the scheduler and so through every ``process_request`` again.
The host pause also has to stop requests that already passed the middlewares and wait in
Scrapy's downloader slot (most of them, with two requests in flight per portal and 32 in the
downloader): the pause starts on the ``response_downloaded`` signal, which Scrapy sends before
the slot starts its next request, and holds the slot's queue with the downloader's own
"process later" timer (``Slot.latercall``, the one DOWNLOAD_DELAY uses). That is Scrapy
internals; without them only the ``process_request`` wait remains.

Stats: ``retry/after_count`` (retries delayed by a Retry-After), ``retry/after_seconds`` (the
longest honoured), ``retry/after_capped``, ``retry/host_pauses`` (pauses started),
``retry/backoff_count``. A waiting request counts against CONCURRENT_REQUESTS, and a crawl that
is closing waits for its waiting requests as it does for downloads in flight.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Self

from scrapy import Request, Spider, signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

log = logging.getLogger(__name__)

# The statuses whose Retry-After means "overloaded, come back later" (RFC 9110 15.6.4, RFC 6585 4).
PAUSE_STATUSES = frozenset({429, 503})
NOT_BEFORE = "retry_not_before"

RETRY_AFTER_MAX = 120.0
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 60.0
RETRY_BACKOFF_MIN = 0.5


def retry_after_seconds(value: str | bytes | None, now: float | None = None) -> float | None:
    """The seconds a Retry-After header value asks to wait, or None when it says nothing usable.

    RFC 9110 10.2.3: delta-seconds (digits only) or an HTTP-date, always GMT (the three date
    formats it allows all parse). A negative number, a date in the past or garbage is None.
    """
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # the asctime format and "-0000" carry no zone; HTTP-dates are GMT
        when = when.replace(tzinfo=UTC)
    seconds = when.timestamp() - (time.time() if now is None else now)
    return seconds if seconds >= 0 else None


def backoff_seconds(retry_number: int, *, base: float = RETRY_BACKOFF_BASE, maximum: float = RETRY_BACKOFF_MAX,
                    minimum: float = RETRY_BACKOFF_MIN, rng: random.Random | None = None) -> float:
    """The wait before retry number ``retry_number`` (1 for the first): uniform between the floor
    and the exponential ceiling (see the module docstring for why not from 0)."""
    ceiling = min(maximum, base * 2.0 ** min(max(retry_number - 1, 0), 64))
    if ceiling <= minimum:
        return max(minimum, 0.0)
    return (rng or random).uniform(minimum, ceiling)


class PoliteRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, whose retries wait: see the module docstring."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.after_max = max(settings.getfloat("RETRY_AFTER_MAX", RETRY_AFTER_MAX), 0.0)
        self.backoff_base = max(settings.getfloat("RETRY_BACKOFF_BASE", RETRY_BACKOFF_BASE), 0.0)
        self.backoff_max = max(settings.getfloat("RETRY_BACKOFF_MAX", RETRY_BACKOFF_MAX), 0.0)
        self.backoff_min = max(settings.getfloat("RETRY_BACKOFF_MIN", RETRY_BACKOFF_MIN), 0.0)
        # No wait is longer than this: a not-before far in the future (a clock that jumped, a
        # request from another machine's queue) must not park a request for good.
        self.longest_wait = max(self.after_max, self.backoff_max, self.backoff_min)
        # host -> time.time() before which no request to it starts.
        self.paused_until: dict[str, float] = {}
        self._hold_unavailable = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        crawler.signals.connect(middleware.response_downloaded, signal=signals.response_downloaded)
        return middleware

    # -- deciding when a retry may go ------------------------------------------------------

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            asked = self._retry_after(response)
            if asked is not None:
                honoured = min(asked, self.after_max)
                self._stats_inc("retry/after_count")
                self._stats_max("retry/after_seconds", honoured)
                if asked > self.after_max:
                    self._stats_inc("retry/after_capped")
                self._not_before(result, max(honoured, self.backoff_min), f"Retry-After: {asked:g} s")
            else:
                self._backoff(result)
        return result

    def process_exception(self, request: Request, exception: Exception,
                          spider: Spider | None = None) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            self._backoff(result)
        return result

    def _backoff(self, retry: Request) -> None:
        number = int(retry.meta.get("retry_times", 1))
        seconds = backoff_seconds(number, base=self.backoff_base, maximum=self.backoff_max,
                                  minimum=self.backoff_min)
        self._stats_inc("retry/backoff_count")
        self._not_before(retry, seconds, f"back-off after failure {number}")

    def _not_before(self, retry: Request, seconds: float, why: str) -> None:
        retry.meta[NOT_BEFORE] = time.time() + seconds
        log.debug("retrying %s in %.2f s (%s)", retry.url[:300], seconds, why)

    @staticmethod
    def _retry_after(response: Response) -> float | None:
        if response.status not in PAUSE_STATUSES:
            return None
        return retry_after_seconds(response.headers.get(b"Retry-After"))

    # -- pausing a host ----------------------------------------------------------------------

    def response_downloaded(self, response: Response, request: Request) -> None:
        """Start the host's pause as soon as the answer arrives, before the slot sends its next request."""
        asked = self._retry_after(response)
        if asked is None:
            return
        honoured = min(asked, self.after_max)
        if honoured <= 0:
            return
        host = _host(request)
        now = time.time()
        until = now + honoured
        previous = self.paused_until.get(host, 0.0)
        if until <= previous:
            return
        self.paused_until[host] = until
        slot = request.meta.get("download_slot")
        if isinstance(slot, str):
            self._hold_slot(slot, honoured)
        if previous > now:
            log.debug("pause of %s extended to %.1f s by %s", host, honoured, request.url[:300])
            return
        self._stats_inc("retry/host_pauses")
        capped = f" (asked {asked:g} s, capped by RETRY_AFTER_MAX)" if asked > self.after_max else ""
        # A warning, as `crawler crawl` shows them: it explains a slower crawl, and the portal may need a look.
        log.warning("%s answered %d with Retry-After: no request to %s for %.1f s%s",
                    request.url[:300], response.status, host, honoured, capped)

    def _hold_slot(self, key: str, seconds: float) -> None:
        """Keep the downloader slot from starting queued requests for ``seconds`` (Scrapy internals)."""
        if self._hold_unavailable:
            return
        try:
            from scrapy.utils.asyncio import call_later

            downloader = self.crawler.engine.downloader if self.crawler.engine else None
            slot = downloader.slots.get(key) if downloader else None
            if downloader is None or slot is None:
                return
            if slot.latercall:
                slot.latercall.cancel()
            slot.latercall = call_later(seconds, downloader._latercall, slot)
            log.debug("downloader slot %s holds its %d queued requests for %.1f s", key, len(slot.queue), seconds)
        except (ImportError, AttributeError, TypeError):
            self._hold_unavailable = True
            log.debug("cannot hold the downloader slot of this Scrapy version; queued requests are not paused",
                      exc_info=True)

    # -- waiting ----------------------------------------------------------------------------

    def wait_seconds(self, request: Request, now: float | None = None) -> float:
        """How long this request must still wait: its own not-before, its host's pause."""
        now = time.time() if now is None else now
        not_before = request.meta.get(NOT_BEFORE)
        until = float(not_before) if isinstance(not_before, int | float) else 0.0
        paused = self.paused_until.get(_host(request))
        if paused is not None:
            if paused <= now:
                del self.paused_until[_host(request)]
            else:
                until = max(until, paused)
        return min(max(until - now, 0.0), self.longest_wait)

    async def process_request(self, request: Request) -> None:
        waited = 0.0
        # A pause that starts or grows while this request sleeps holds it too.
        while (seconds := self.wait_seconds(request)) > 0 and waited < self.longest_wait:
            await _sleep(seconds)
            waited += seconds

    # -- stats ------------------------------------------------------------------------------

    def _stats_inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    def _stats_max(self, key: str, value: float) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.max_value(key, round(value, 3))


def _host(request: Request) -> str:
    return (urlparse_cached(request).hostname or "").lower()


async def _sleep(seconds: float) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        # Not under the asyncio reactor (the project sets it; a plain Scrapy default does not).
        from twisted.internet import reactor
        from twisted.internet.task import deferLater

        await deferLater(reactor, seconds)
        return
    await asyncio.sleep(seconds)
