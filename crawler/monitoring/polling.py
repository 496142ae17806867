"""When to crawl a portal next: a pure function of its history, called by the scheduler after each run.

`plan_next_run(config, history, now)` returns a `Plan` (the next run time and why). The
scheduler (`crawler.monitoring.schedule`) calls it when a run ends and the freshness
benchmark (`bench/freshness.py`) replays weeks of simulated portals through it, so what is
measured is what runs.

The stages, each of which can only push the next run later than the one before:

1. **Cadence** (adaptive sites): the portal's publishing rate by hour of the day, weekdays
   apart from weekends, learned from the first-seen times of its stories over the last
   four weeks (`learn_cadence`). Hours are smoothed with their neighbours and shrunk
   towards the portal's mean rate, so a few stories do not make an hour look dead (and no
   story in days is a low rate, not no rate). Watched for less than `MIN_DAYS`, the site
   keeps its start `interval`.
2. **Interval from the rate**, hour by hour. A story published while the portal is polled
   every Δ waits Δ/2 on average. Spreading polls by 1/√rate gives the least mean waiting for
   a number of polls, but what a reader feels is the typical story (the median) and the late
   one (the 95th percentile): the polls buy most where stories are many. So three rules,
   each hour taking the shortest that applies: every hour gets PRICE/√rate; an hour that
   publishes at all (STEADY_RATE stories an hour or more) at most PUBLISHING_HOURS_CAP, so
   hardly any story waits long; a busy hour (BUSY_RATE or more) `min_interval`, so most
   stories wait a minute or so. All within [`min_interval`, `max_interval`]. The thresholds
   and the price scale with the requests one routine run costs (robots.txt, start URLs, new
   stories; the portal's first, full crawl is not one),
   and grow together until the busier day type fits in `requests_per_day`. The next run is
   where the poll density ∫1/Δ(t)dt from the last run reaches 1: a quiet night's long
   interval ends early when the office day begins. `bench/freshness.py` measures the rules.
3. **Circuit breaker.** After failed runs in a row the interval doubles per failure, up to
   `BREAKER_MAX`; one success resets it.
4. **Budget guard.** If the requests of the runs started in the last 24 hours plus one more
   run would pass `requests_per_day`, the run waits until enough of them leave the window.
5. **Floor.** Never sooner than `min_interval` after the last run started.

A site with `polling = "fixed"` skips stages 1 and 2 (its interval is the plan) and keeps
stages 3 to 5.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from crawler.core.dates import TZ
from crawler.crawl.registry import format_interval

WINDOW = timedelta(days=28)  # history the cadence is learned from
MIN_DAYS = 0.5  # watched for less than this, a site keeps its start interval
PRIOR_DAYS = 0.25  # the weight of the mean rate each hour is shrunk towards, in days of history
# Stage 2, for a run of REFERENCE_COST requests (a dearer run scales the rates below up, and the
# interval by √ of it): a busy hour, one expecting BUSY_RATE stories or more, is polled every
# min_interval; a publishing hour, STEADY_RATE or more, at least every PUBLISHING_HOURS_CAP;
# every hour at PRICE/√rate seconds (rate in stories per hour) within min and max_interval.
REFERENCE_COST = 3.0
BUSY_RATE = 0.5
STEADY_RATE = 0.03
PUBLISHING_HOURS_CAP = timedelta(minutes=20)
PRICE = 300.0
BREAKER_MAX = timedelta(hours=6)
BUDGET_WINDOW = timedelta(days=1)
WEEKDAY, WEEKEND = 0, 1


@dataclass(frozen=True, slots=True)
class PollConfig:
    """A site's polling settings (`sites.toml`); `start_requests` is robots.txt plus its start URLs."""

    mode: str = "adaptive"  # or "fixed"
    interval: timedelta = timedelta(minutes=15)
    min_interval: timedelta = timedelta(minutes=3)
    max_interval: timedelta = timedelta(hours=2)
    requests_per_day: int = 600
    start_requests: int = 2


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What the policy needs of one past run."""

    started_at: datetime
    requests: int
    ok: bool
    outcome: str = ""
    full: bool = False  # the portal's first crawl, every listing and article: not what a routine run costs


@dataclass(frozen=True, slots=True)
class History:
    """A portal's past: first-seen times of its stories and its runs (any order), since `watched_since`."""

    first_seen: Sequence[datetime] = ()
    runs: Sequence[RunSummary] = ()
    watched_since: datetime | None = None


@dataclass(frozen=True, slots=True)
class Cadence:
    """Stories per hour for each hour of a weekday and of a weekend day (local time), and the totals."""

    rates: tuple[tuple[float, ...], tuple[float, ...]]
    stories: int
    days: float

    @property
    def per_day(self) -> float:
        return self.stories / self.days if self.days else 0.0

    def rate_at(self, moment: datetime) -> float:
        local = moment.astimezone(TZ)
        return self.rates[WEEKEND if local.weekday() >= 5 else WEEKDAY][local.hour]

    def busy_hours(self) -> str:
        """The weekday hours that hold half of the weekday stories, as ranges: "08-11h, 14-16h"."""
        weekday = self.rates[WEEKDAY]
        total = sum(weekday)
        if total <= 0:
            return "-"
        chosen: set[int] = set()
        share = 0.0
        for hour in sorted(range(24), key=lambda h: -weekday[h]):
            if share >= total / 2:
                break
            chosen.add(hour)
            share += weekday[hour]
        ranges, start = [], None
        for hour in range(25):
            if hour in chosen and start is None:
                start = hour
            elif hour not in chosen and start is not None:
                ranges.append(f"{start:02d}-{hour:02d}h")
                start = None
        return ", ".join(ranges)

    def describe(self) -> str:
        weekend = sum(self.rates[WEEKEND]) * 2
        week = sum(self.rates[WEEKDAY]) * 5 + weekend
        share = weekend / week if week else 0.0
        return (f"{self.per_day:.1f} stories/day over {self.days:.0f} days, weekdays busiest {self.busy_hours()}, "
                f"{share:.0%} at weekends")


@dataclass(frozen=True, slots=True)
class Plan:
    next_run: datetime
    reason: str
    decided_by: str  # the stage that set next_run: fixed, learning, cadence, backoff, budget or floor
    cadence: Cadence | None = None
    failures: int = 0


def _day_type(local: datetime) -> int:
    return WEEKEND if local.weekday() >= 5 else WEEKDAY


def learn_cadence(first_seen: Sequence[datetime], now: datetime, watched_since: datetime | None) -> Cadence | None:
    """Stage 1: the hourly publishing rates, or None when the history is too short to tell."""
    if watched_since is None:  # never crawled: nothing is known yet
        return None
    start = max(now - WINDOW, watched_since)
    days = (now - start).total_seconds() / 86400
    seen = [t for t in first_seen if start <= t <= now]
    if days < MIN_DAYS:
        return None
    # Days of each type in the window (whole days counted by their local date, ends by fraction).
    span = [0.0, 0.0]
    cursor = start.astimezone(TZ)
    end = now.astimezone(TZ)
    while cursor < end:
        midnight = (cursor + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        step = min(midnight, end) - cursor
        span[_day_type(cursor)] += step.total_seconds() / 86400
        cursor = min(midnight, end)
    counts = [[0.0] * 24, [0.0] * 24]
    for t in seen:
        local = t.astimezone(TZ)
        row = counts[_day_type(local)]
        # Each story counts half in its hour and a quarter in each neighbour: first-seen times
        # are minutes late, and a portal's habits are not cut at the hour.
        row[local.hour] += 0.5
        row[(local.hour - 1) % 24] += 0.25
        row[(local.hour + 1) % 24] += 0.25
    # Stories per hour, all hours alike; one story more than seen, so that a quiet start is not silence.
    mean = (len(seen) + 1) / (days + PRIOR_DAYS) / 24
    rates = tuple(
        tuple((counts[kind][h] + PRIOR_DAYS * mean) / (span[kind] + PRIOR_DAYS) for h in range(24))
        for kind in (WEEKDAY, WEEKEND)
    )
    return Cadence(rates=(rates[0], rates[1]), stories=len(seen), days=days)


def _intervals(rates: Sequence[float], config: PollConfig, cost: float, scale: float) -> list[float]:
    """Seconds between runs for each hour's rate; `cost` is a run's requests over REFERENCE_COST."""
    low, high = config.min_interval.total_seconds(), config.max_interval.total_seconds()
    busy, steady = BUSY_RATE * cost * scale, STEADY_RATE * cost * scale
    out = []
    for rate in rates:
        if rate >= busy:
            wanted = low
        else:
            wanted = PRICE * math.sqrt(cost) * scale / math.sqrt(rate) if rate > 0 else high
            if rate >= steady:
                wanted = min(wanted, PUBLISHING_HOURS_CAP.total_seconds())
        out.append(min(max(wanted, low), high))
    return out


def _polls_per_day(intervals: Sequence[float]) -> float:
    return sum(3600 / seconds for seconds in intervals)


def hourly_intervals(cadence: Cadence, config: PollConfig, cost_per_run: float) -> tuple[list[float], list[float]]:
    """Stage 2: seconds between runs for each hour of a weekday and a weekend day, within the budget."""
    expected_new = cadence.per_day * 2  # the busier day type may bring more than the mean
    polls_allowed = max(1.0, (config.requests_per_day - expected_new) / max(cost_per_run, 1.0))
    cost = max(cost_per_run, 1.0) / REFERENCE_COST
    scale = 1.0
    for _ in range(60):
        weekday = _intervals(cadence.rates[WEEKDAY], config, cost, scale)
        weekend = _intervals(cadence.rates[WEEKEND], config, cost, scale)
        if max(_polls_per_day(weekday), _polls_per_day(weekend)) <= polls_allowed:
            break
        scale *= 1.25
    return weekday, weekend


def _next_by_density(start: datetime, intervals: tuple[list[float], list[float]], limit: float) -> datetime:
    """Where ∫1/Δ(t)dt from `start` reaches 1, walking hour by hour (Δ is constant within an hour)."""
    t = start.astimezone(TZ)
    need = 1.0
    spent = 0.0
    while spent < limit:
        seconds = intervals[_day_type(t)][t.hour]
        hour_end = (t + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
        room = (hour_end - t).total_seconds()
        if room / seconds >= need:
            return t + timedelta(seconds=need * seconds)
        need -= room / seconds
        spent += room
        t = hour_end
    return start + timedelta(seconds=limit)


def cost_per_run(runs: Sequence[RunSummary], config: PollConfig, recent: int = 20) -> float:
    """Requests of one routine run: the mean of the recent successful runs that were not full crawls, or
    robots.txt plus the start URLs."""
    done = sorted((r for r in runs if r.ok and r.requests > 0 and not r.full), key=lambda r: r.started_at)[-recent:]
    if not done:
        return float(config.start_requests)
    return sum(r.requests for r in done) / len(done)


def failures_in_a_row(runs: Sequence[RunSummary]) -> tuple[int, str]:
    """Failed runs since the newest success, and the newest failure's outcome."""
    count, last = 0, ""
    for run in sorted(runs, key=lambda r: r.started_at, reverse=True):
        if run.ok:
            break
        if not count:
            last = run.outcome
        count += 1
    return count, last


def _fmt(delta: timedelta) -> str:
    """A wait as people read it: to the second under two minutes, else to the minute."""
    seconds = max(0, delta.total_seconds())
    return format_interval(timedelta(seconds=round(seconds) if seconds < 120 else round(seconds / 60) * 60))


def plan_next_run(config: PollConfig, history: History, now: datetime, *,
                  cadence: Cadence | None = None,
                  intervals: tuple[list[float], list[float]] | None = None) -> Plan:
    """The next run of one portal after a run that ended at `now` (stages in the module docstring).

    `cadence` and `intervals` may be passed when the caller already has them for this history
    (the benchmark caches them); they are what stages 1 and 2 would compute.
    """
    last_start = max((r.started_at for r in history.runs), default=None)
    cost = cost_per_run(history.runs, config)
    # 1-2. From the cadence, or the start interval.
    if config.mode == "fixed":
        stage = "fixed"
        base = now + config.interval
        reason = f"fixed: every {_fmt(config.interval)}"
        cadence = None
    else:
        if cadence is None:
            cadence = learn_cadence(history.first_seen, now, history.watched_since)
        if cadence is None:
            stage = "learning"
            base = now + config.interval
            reason = f"learning: too little history yet, every {_fmt(config.interval)}"
        else:
            stage = "cadence"
            if intervals is None:
                intervals = hourly_intervals(cadence, config, cost)
            base = _next_by_density(now, intervals, config.max_interval.total_seconds())
            rate = cadence.rate_at(now)
            reason = f"adaptive: {rate * 24:.1f} stories/day at this hour, next in {_fmt(base - now)}"
    planned = base
    # 3. Circuit breaker.
    failures, last_outcome = failures_in_a_row(history.runs)
    if failures:
        step = max(base - now, config.min_interval)
        backoff = min(step * 2 ** min(failures, 16), max(BREAKER_MAX, step))
        planned = max(planned, now + backoff)
        stage = "backoff"
        reason = (f"backing off: {failures} failed run{'s' if failures > 1 else ''} in a row "
                  f"(last: {last_outcome or 'failed'}), next in {_fmt(planned - now)}")
    # 4. Budget guard over the last 24 hours.
    window = sorted((r for r in history.runs if r.started_at > now - BUDGET_WINDOW), key=lambda r: r.started_at)
    spent = sum(r.requests for r in window)
    if spent + cost > config.requests_per_day:
        free_at = now
        for run in window:
            spent -= run.requests
            free_at = run.started_at + BUDGET_WINDOW
            if spent + cost <= config.requests_per_day:
                break
        if free_at > planned:
            planned = free_at
            stage = "budget"
            reason = (f"budget: {sum(r.requests for r in window)} of {config.requests_per_day} requests "
                      f"used in 24h, next in {_fmt(planned - now)}")
    # 5. Floor.
    if last_start is not None and planned < last_start + config.min_interval:
        planned = last_start + config.min_interval
        stage = "floor"
    return Plan(next_run=planned, reason=reason, decided_by=stage, cadence=cadence, failures=failures)
