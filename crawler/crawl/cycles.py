"""Crawl cycles of distributed mode in Redis: the keys, the Lua scripts, and the run row of a closed cycle.

What a cycle is, and who opens, enters, leaves and closes it: see crawler.crawl.distributed.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler

# The distributed mode logs under one name, whichever of its modules speaks.
log = logging.getLogger("crawler.crawl.distributed")

DEFAULT_PREFIX = "vnpc"
# Request meta set by the feeder (and inherited by what workers discover): the cycle and its mode.
CYCLE_META = "cycle"
MODE_META = "crawl_mode"
# A member of a cycle's busy set refreshes its entry this often; one silent for BUSY_TTL is dropped.
BUSY_REFRESH = 5.0
BUSY_TTL = 60.0
# A cycle's counters outlive it this long at most (a member dropped as silent that comes back late).
DATA_TTL = 7 * 24 * 3600
# Failed URLs kept per cycle for the run record (the counts by reason come from the stats).
MAX_FAILURES = 200
# Stats that are not counts: never summed across workers.
NOT_SUMMED = ("elapsed_time_seconds", "memusage/")


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


def database_url(crawler: Crawler) -> str:
    from storage import resolve_db_url

    return resolve_db_url(crawler.settings.get("DATABASE_URL"))


def site_id_of(spider: Any) -> str:
    return str(spider.name)
