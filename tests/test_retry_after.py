"""Retries that wait (crawler.crawl.retry): real crawls of fault portals, judged by when each request
reached the portal.

A 429 or 503 with Retry-After is retried no sooner than the portal asked (seconds or an HTTP-date),
at most RETRY_AFTER_MAX later, and nothing else goes to that host meanwhile; other retries back off,
growing and jittered. The crawls run in parallel, each against its own server and with small
settings, so the file takes seconds; where a Retry-After is checked the back-off is made tiny, so a
Retry-After that is not honoured cannot pass for one by chance.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from itertools import pairwise
from pathlib import Path

import pytest
from scrapy import Spider, signals
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionRefusedError

from bench.faults import CRAWL_SETTINGS, Burst503, FaultRun, FaultServer, crawl_fault
from crawler.crawl.retry import NOT_BEFORE, PoliteRetryMiddleware, backoff_seconds, retry_after_seconds

CRAWL_TIMEOUT = 40
# Timestamps are taken by the server when a request arrives; a retry may not come earlier than asked
# by more than this (clock reading and scheduling, nothing else).
TOLERANCE = 0.05
TINY_BACKOFF = ("RETRY_BACKOFF_BASE=0.1", "RETRY_BACKOFF_MAX=0.1", "RETRY_BACKOFF_MIN=0.02")
PAUSE_LINE = "with Retry-After: no request to"

# name -> (fault site, settings after CRAWL_SETTINGS, Retry-After the site sends instead of its own)
CRAWLS: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    # One request in flight per host: every request the portal sees after the 429 was sent after the
    # crawler read it, so any of them inside the pause is a request that should have waited. A small
    # delay, as in production, keeps the other requests queued in Scrapy's downloader slot (with no
    # delay at all, Scrapy 2.19 starts every request queued in one turn of the loop at once, past
    # CONCURRENT_REQUESTS_PER_DOMAIN).
    "pause": ("burst-429-retry-after",
              ("CONCURRENT_REQUESTS_PER_DOMAIN=1", "DOWNLOAD_DELAY=0.05", *TINY_BACKOFF), None),
    "seconds": ("burst-503-retry-after", TINY_BACKOFF, None),
    "date": ("retry-after-date", TINY_BACKOFF, None),
    "cap": ("burst-429-retry-after", ("RETRY_AFTER_MAX=2", *TINY_BACKOFF), "3600"),
    "backoff": ("burst-500", ("RETRY_BACKOFF_BASE=0.4", "RETRY_BACKOFF_MAX=2", "RETRY_BACKOFF_MIN=0.3"), None),
}


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[FaultServer, FaultRun]]]:
    workdir = tmp_path_factory.mktemp("retry-after")
    with ExitStack() as stack:
        servers = {}
        for key, (site, _settings, retry_after) in CRAWLS.items():
            server = stack.enter_context(FaultServer([site]))
            if retry_after is not None:
                faulty = server.sites[site]
                assert isinstance(faulty, Burst503)
                faulty.retry_after = retry_after
            servers[key] = server

        def crawl(key: str) -> FaultRun:
            site, settings, _ = CRAWLS[key]
            return crawl_fault(servers[key], site, Path(workdir, key), timeout=CRAWL_TIMEOUT,
                               settings=(*CRAWL_SETTINGS, *settings))

        with ThreadPoolExecutor(len(CRAWLS)) as pool:
            futures = {key: pool.submit(crawl, key) for key in CRAWLS}
            yield {key: (servers[key], future.result()) for key, future in futures.items()}


def _complete(run: FaultRun) -> None:
    """The crawl ended by itself and kept every good article exactly once."""
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.captured == run.expected and not run.lost, run.lost
    assert run.stored_twice == 0


def _attempts(log: list[tuple[float, str, int]], path: str) -> list[tuple[float, int]]:
    return [(at, status) for at, target, status in log if target == path]


def _show(log: list[tuple[float, str, int]], start: float) -> list[tuple[float, str, int]]:
    return [(round(at - start, 3), target, status) for at, target, status in log]


# -- (a) Retry-After in seconds: the retry waits, and so does the whole host ----------------------------


def test_retry_after_seconds_pause_the_host(crawls: dict[str, tuple[FaultServer, FaultRun]]) -> None:
    server, run = crawls["pause"]
    _complete(run)
    log = server.timed_requests("burst-429-retry-after")
    failed = [(at, target) for at, target, status in log if status == 429]
    assert len(failed) == 1, _show(log, log[0][0])
    t0, path = failed[0]
    later = [(at, target, status) for at, target, status in log if at > t0]
    retry = [at for at, target, _ in later if target == path]
    assert retry and retry[0] >= t0 + 3 - TOLERANCE, _show(log, t0)
    # Nothing else reached the host during the pause: queued requests, feeds, the second listing page.
    during = [(at, target, status) for at, target, status in later if at < t0 + 3 - TOLERANCE]
    assert not during, _show(during, t0)
    assert len(later) >= 5, _show(log, t0)  # the crawl did go on afterwards
    # One log line for the pause, naming the host and the wait.
    lines = [line for line in run.stderr.splitlines() if PAUSE_LINE in line]
    assert len(lines) == 1 and "127.0.0." in lines[0] and "3.0 s" in lines[0], lines


def test_every_retry_waits_its_retry_after(crawls: dict[str, tuple[FaultServer, FaultRun]]) -> None:
    """The long-standing fault portal: each article 503s twice with Retry-After: 1."""
    server, run = crawls["seconds"]
    _complete(run)
    assert "503 Service Unavailable x10" in run.failures
    log = server.timed_requests("burst-503-retry-after")
    site = server.sites["burst-503-retry-after"]
    for story in site.stories:
        attempts = _attempts(log, story.path)
        assert [status for _, status in attempts] == [503, 503, 200], attempts
        gaps = [b[0] - a[0] for a, b in pairwise(attempts)]
        assert all(gap >= 1 - TOLERANCE for gap in gaps), (story.path, gaps)


# -- (b) Retry-After as an HTTP-date ------------------------------------------------------------------


def test_retry_after_http_date_is_honoured(crawls: dict[str, tuple[FaultServer, FaultRun]]) -> None:
    server, run = crawls["date"]
    _complete(run)
    site = server.sites["retry-after-date"]
    assert isinstance(site, Burst503) and len(site.retry_after_sent) == 1
    path, value = site.retry_after_sent[0]
    not_before = parsedate_to_datetime(value).timestamp()
    attempts = _attempts(server.timed_requests("retry-after-date"), path)
    assert [status for _, status in attempts] == [503, 200], attempts
    (failed, _), (retried, _) = attempts
    # The date has whole seconds: 2 s ahead is 1 to 2 s after the 503.
    assert retried >= not_before - TOLERANCE, (value, retried - failed)
    assert retried - failed >= 1 - TOLERANCE, (value, retried - failed)


# -- (c) a Retry-After past RETRY_AFTER_MAX is capped ------------------------------------------------


def test_retry_after_is_capped(crawls: dict[str, tuple[FaultServer, FaultRun]]) -> None:
    server, run = crawls["cap"]
    _complete(run)
    log = server.timed_requests("burst-429-retry-after")
    attempts = _attempts(log, server.sites["burst-429-retry-after"].stories[0].path)
    assert [status for _, status in attempts] == [429, 200], attempts
    (failed, _), (retried, _) = attempts
    # Retry-After: 3600, RETRY_AFTER_MAX=2: two seconds, not an hour and not at once.
    assert 2 - TOLERANCE <= retried - failed < 2 + 3, retried - failed
    lines = [line for line in run.stderr.splitlines() if PAUSE_LINE in line]
    assert len(lines) == 1 and "2.0 s" in lines[0] and "asked 3600 s, capped" in lines[0], lines


# -- (d) no Retry-After: exponential back-off with jitter ---------------------------------------------


def test_retries_without_retry_after_back_off(crawls: dict[str, tuple[FaultServer, FaultRun]]) -> None:
    server, run = crawls["backoff"]
    _complete(run)
    assert "500 Internal Server Error x15" in run.failures
    log = server.timed_requests("burst-500")
    # RETRY_BACKOFF_BASE=0.4, _MAX=2, _MIN=0.3: retry n waits 0.3 s to 0.4 * 2 ** (n - 1) s.
    ceilings = (0.4, 0.8, 1.6)
    by_retry: list[list[float]] = [[], [], []]
    for story in server.sites["burst-500"].stories:
        attempts = _attempts(log, story.path)
        assert [status for _, status in attempts] == [500, 500, 500, 200], attempts
        gaps = [b[0] - a[0] for a, b in pairwise(attempts)]
        for n, (gap, ceiling) in enumerate(zip(gaps, ceilings, strict=True)):
            assert 0.3 - TOLERANCE <= gap <= ceiling + 0.5, (story.path, n + 1, gaps)
            by_retry[n].append(gap)
    first, _, third = by_retry
    # Growing: some third retry waited longer than any first retry (each has a 92 % chance to).
    assert max(third) > max(first), by_retry
    # Jittered: the five pages failed together but did not come back together.
    assert max(third) - min(third) > 0.05, by_retry


# -- (e) the header, the back-off and the middleware, without a crawl -------------------------------------------------

NOW = datetime(2026, 3, 1, 8, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(("value", "expected"), [
    ("120", 120.0),
    (" 5 ", 5.0),
    (b"7", 7.0),
    ("0", 0.0),
    (format_datetime(NOW + timedelta(seconds=30), usegmt=True), 30.0),  # IMF-fixdate
    ((NOW + timedelta(seconds=90)).strftime("%A, %d-%b-%y %H:%M:%S GMT"), 90.0),  # RFC 850
    ((NOW + timedelta(hours=1)).strftime("%a %b %d %H:%M:%S %Y"), 3600.0),  # asctime, no zone: GMT
    (format_datetime(NOW, usegmt=True), 0.0),
    # Nothing usable: garbage, fractions, signs, negative, dates in the past, impossible dates.
    (None, None),
    ("", None),
    ("soon", None),
    ("1.5", None),
    ("+5", None),
    ("-5", None),
    ("５", None),  # a full-width digit is a digit to Python, not to HTTP
    (format_datetime(NOW - timedelta(seconds=1), usegmt=True), None),
    ("Sun, 06 Nov 1994 08:49:37 GMT", None),
    ("Wed, 31 Feb 2026 07:28:00 GMT", None),
])
def test_retry_after_header_parsing(value: str | bytes | None, expected: float | None) -> None:
    assert retry_after_seconds(value, now=NOW.timestamp()) == expected


def test_backoff_is_jittered_between_the_floor_and_a_doubling_ceiling() -> None:
    rng = random.Random(7)
    for number, ceiling in ((1, 2.0), (2, 4.0), (3, 8.0), (7, 60.0), (500, 60.0)):
        waits = [backoff_seconds(number, base=2.0, maximum=60.0, minimum=0.5, rng=rng) for _ in range(200)]
        assert all(0.5 <= w <= ceiling for w in waits), number
        assert max(waits) > 0.9 * ceiling and min(waits) < 0.5 + 0.1 * ceiling, number
    # A ceiling at or under the floor is the floor.
    assert backoff_seconds(1, base=0.1, maximum=60.0, minimum=0.5) == 0.5
    assert backoff_seconds(3, base=2.0, maximum=0.2, minimum=0.5) == 0.5


def test_the_middleware_in_process() -> None:
    """Without a crawl: what process_response, the response_downloaded signal and process_request do."""
    crawler = get_crawler(Spider, {"RETRY_AFTER_MAX": 0.4, "RETRY_BACKOFF_BASE": 0.2, "RETRY_BACKOFF_MIN": 0.1})
    crawler.spider = Spider.from_crawler(crawler, name="portal")
    middleware = PoliteRetryMiddleware.from_crawler(crawler)
    assert crawler.stats is not None

    overloaded = Request("http://a.example/tin-tuc/1.html")
    answer = HtmlResponse(overloaded.url, status=503, headers={"Retry-After": "3600"}, request=overloaded)
    crawler.signals.send_catch_log(signals.response_downloaded, response=answer, request=overloaded,
                                   spider=crawler.spider)
    started = time.time()
    retry = middleware.process_response(overloaded, answer)
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1
    assert 0.35 <= retry.meta[NOT_BEFORE] - started <= 0.45

    async def waits(request: Request) -> float:
        began = time.monotonic()
        await middleware.process_request(request)
        return time.monotonic() - began

    # Another page of the paused host waits out the pause; another host does not wait at all.
    remaining = started + 0.4 - time.time()
    assert remaining > 0.2 and asyncio.run(waits(Request("http://a.example/tin-tuc/2.html"))) >= remaining - 0.05
    assert asyncio.run(waits(Request("http://b.example/"))) < 0.05
    stats = crawler.stats.get_stats()
    assert stats["retry/host_pauses"] == 1 and stats["retry/after_capped"] == 1
    assert stats["retry/after_seconds"] == 0.4 and stats["retry/reason_count/503 Service Unavailable"] == 1

    # No Retry-After, or a failure without an answer: the back-off, 0.1 s to 0.2 s for a first retry.
    for again in (middleware.process_response(overloaded, HtmlResponse(overloaded.url, status=500)),
                  middleware.process_exception(overloaded, ConnectionRefusedError())):
        assert isinstance(again, Request)
        assert 0.1 - 0.01 <= again.meta[NOT_BEFORE] - time.time() <= 0.2
    assert crawler.stats.get_value("retry/backoff_count") == 2
    # RETRY_TIMES still counts: a request retried three times is given up, and nothing waits.
    spent = overloaded.replace(meta={"retry_times": 3})
    assert middleware.process_response(spent, answer) is answer
