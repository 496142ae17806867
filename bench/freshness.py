"""Freshness: how soon a new story is flagged, and what it costs the portals, fixed schedule against adaptive.

    python bench/freshness.py [--days 21] [--portals 35] [--seed 20261206]

A replay, not a crawl: simulated portals publish stories on office-hours patterns
(Asia/Ho_Chi_Minh; weekdays busiest 8-11h and 14-16h, little at night, less on Saturday,
least on Sunday) at rates spread log-uniformly from one a week to twelve a day. Each
portal is polled two ways in the same run:

* fixed: every 15 minutes with the product's jitter (`crawler.monitoring.jobs.jitter_seconds`),
  what every site got before adaptive polling;
* adaptive: after each run, the next one is placed by `crawler.monitoring.polling.plan_next_run`,
  the function the scheduler calls, with the defaults of `sites.toml`, starting with no history.

Both pay the product's incremental-crawl cost: robots.txt, one request per start URL or
feed, and one per new story, one second apart (the default download delay); a story is
flagged when its page has been fetched. Latency is from publication to that moment, over
every story published during the replay (the adaptive side's learning days included).
Runs with the project's base install; a few seconds per simulated portal-week.
"""

from __future__ import annotations

import argparse
import bisect
import math
import random
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.core.dates import TZ  # noqa: E402
from crawler.crawl.registry import DEFAULT_INTERVAL, Site, polling_summary  # noqa: E402
from crawler.monitoring.jobs import jitter_seconds  # noqa: E402
from crawler.monitoring.polling import (  # noqa: E402
    BUDGET_WINDOW,
    Cadence,
    History,
    PollConfig,
    RunSummary,
    cost_per_run,
    hourly_intervals,
    learn_cadence,
    plan_next_run,
)

START = datetime(2026, 11, 2, 0, 0, tzinfo=TZ)  # a Monday
DELAY = 1.0  # seconds between two requests to one portal
# Weekday publishing weight of each local hour; Saturday is a quarter of it, Sunday a tenth.
WEEKDAY_SHAPE = (0.03, 0.02, 0.02, 0.02, 0.03, 0.05, 0.3, 1.0, 1.6, 1.6, 1.4, 0.8,
                 0.4, 0.7, 1.3, 1.3, 1.1, 0.7, 0.3, 0.3, 0.25, 0.2, 0.1, 0.05)
DAY_FACTOR = (1.0, 1.0, 1.0, 1.0, 1.0, 0.25, 0.1)
RATE_RANGE = (1 / 7, 12.0)  # stories per day


@dataclass
class Portal:
    id: str
    per_day: float
    start_urls: int
    shift: int  # hours the portal's day is early (-) or late (+)
    stories: list[datetime] = field(default_factory=list)


def make_portals(count: int, days: int, rng: random.Random) -> list[Portal]:
    portals = []
    low, high = (math.log(r) for r in RATE_RANGE)
    for i in range(count):
        per_day = math.exp(low + (high - low) * i / max(1, count - 1))
        portal = Portal(id=f"p{i:02d}", per_day=per_day, start_urls=rng.randint(1, 3), shift=rng.randint(-1, 1))
        portal.stories = publish(portal, days, rng)
        portals.append(portal)
    return portals


def publish(portal: Portal, days: int, rng: random.Random) -> list[datetime]:
    """A Poisson process whose rate follows the weekly shape, scaled to the portal's daily mean."""
    week = sum(sum(WEEKDAY_SHAPE) * f for f in DAY_FACTOR)
    scale = portal.per_day * 7 / week
    out = []
    for day in range(days):
        midnight = START + timedelta(days=day)
        factor = DAY_FACTOR[midnight.weekday()]
        for hour in range(24):
            rate = WEEKDAY_SHAPE[(hour - portal.shift) % 24] * factor * scale  # stories in this hour
            # Poisson arrivals within the hour.
            t = rng.expovariate(rate) if rate > 0 else math.inf
            while t < 1:
                out.append(midnight + timedelta(hours=hour + t))
                t += rng.expovariate(rate)
    return out


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    requests: int = 0
    runs: list[tuple[datetime, int]] = field(default_factory=list)  # (start, requests)
    too_soon: int = 0  # runs closer than min_interval to the one before


def simulate(portal: Portal, end: datetime, next_start, rng: random.Random,
             min_interval: timedelta | None = None) -> Outcome:
    """Poll one portal from START until every story published before `end` is flagged."""
    out = Outcome()
    stories = sorted(t for t in portal.stories if t < end)
    found = 0
    t = START + timedelta(seconds=rng.uniform(0, 30))
    history_seen: list[datetime] = []
    while found < len(stories) or t < end:
        new = bisect.bisect_right(stories, t) - found
        requests = 1 + portal.start_urls + new
        for j in range(new):
            flagged = t + timedelta(seconds=DELAY * (1 + portal.start_urls + j))
            out.latencies.append((flagged - stories[found + j]).total_seconds())
            history_seen.append(flagged)
        found += new
        if min_interval is not None and out.runs and t - out.runs[-1][0] < min_interval - timedelta(seconds=1):
            out.too_soon += 1
        out.runs.append((t, requests))
        out.requests += requests
        ended = t + timedelta(seconds=DELAY * requests)
        t = next_start(t, ended, history_seen, out.runs)
    return out


def fixed_policy(rng: random.Random, interval: timedelta = DEFAULT_INTERVAL):
    jitter = jitter_seconds(interval) or 0

    def next_start(started: datetime, ended: datetime, seen: list[datetime], runs: list) -> datetime:
        return started + interval + timedelta(seconds=rng.uniform(0, jitter))
    return next_start


def adaptive_policy(portal: Portal, config: PollConfig):
    cache: dict[tuple[int, int], tuple[Cadence | None, tuple[list[float], list[float]] | None]] = {}

    def next_start(started: datetime, ended: datetime, seen: list[datetime], runs: list) -> datetime:
        # What the scheduler reads from the store: the runs of the last day (at least 20).
        recent = [RunSummary(started_at=s, requests=r, ok=True)
                  for s, r in runs[-400:] if s > ended - BUDGET_WINDOW] or [
                  RunSummary(started_at=s, requests=r, ok=True) for s, r in runs[-20:]]
        history = History(first_seen=seen, runs=recent, watched_since=START)
        # Stages 1 and 2 depend on the stories seen and slowly on the cost per run: learned once
        # per new story and hour, as the scheduler would get them if it cached.
        key = (len(seen), int((ended - START).total_seconds() // 3600))
        if key not in cache:
            cache.clear()
            cadence = learn_cadence(seen, ended, START)
            intervals = hourly_intervals(cadence, config, cost_per_run(recent, config)) if cadence else None
            cache[key] = (cadence, intervals)
        cadence, intervals = cache[key]
        plan = plan_next_run(config, history, ended, cadence=cadence, intervals=intervals)
        return plan.next_run
    return next_start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def busiest_hour(outcomes: list[Outcome]) -> int:
    best = 0
    for out in outcomes:
        per_hour: dict[int, int] = defaultdict(int)
        for start, requests in out.runs:
            per_hour[int((start - START).total_seconds() // 3600)] += requests
        best = max(best, max(per_hour.values(), default=0))
    return best


def max_day(out: Outcome) -> int:
    """The most requests in any 24 hours (trailing window at each run start)."""
    starts = [s for s, _ in out.runs]
    best, total, left = 0, 0, 0
    for start, requests in out.runs:
        total += requests
        while starts[left] <= start - BUDGET_WINDOW:
            total -= out.runs[left][1]
            left += 1
        best = max(best, total)
    return best


def report(name: str, outcomes: list[Outcome], days: int, portals: int) -> dict[str, float]:
    latencies = [x for o in outcomes for x in o.latencies]
    figures = {
        "median_s": statistics.median(latencies),
        "p95_s": percentile(latencies, 0.95),
        "req_day": sum(o.requests for o in outcomes) / portals / days,
        "max_req_day": max(max_day(o) for o in outcomes),
        "busiest_hour": busiest_hour(outcomes),
        "runs_day": sum(len(o.runs) for o in outcomes) / portals / days,
        "too_soon": sum(o.too_soon for o in outcomes),
    }
    print(f"{name:9} latency median {figures['median_s']:7.0f}s  p95 {figures['p95_s']:7.0f}s  "
          f"requests/portal/day {figures['req_day']:6.1f} (most in 24h: {figures['max_req_day']:.0f})  "
          f"runs/portal/day {figures['runs_day']:6.1f}  busiest portal-hour {figures['busiest_hour']:.0f} requests  "
          f"runs under min_interval {figures['too_soon']:.0f}")
    return figures


def by_rate(portals: list[Portal], fixed: list[Outcome], adaptive: list[Outcome]) -> None:
    print("\nby portal rate (stories/day): median latency fixed -> adaptive, requests/day fixed -> adaptive")
    groups = (("< 0.5", 0, 0.5), ("0.5-2", 0.5, 2), ("2-6", 2, 6), (">= 6", 6, 99))
    for label, low, high in groups:
        idx = [i for i, p in enumerate(portals) if low <= p.per_day < high]
        if not idx:
            continue
        fl = [x for i in idx for x in fixed[i].latencies]
        al = [x for i in idx for x in adaptive[i].latencies]
        days = (adaptive[idx[0]].runs[-1][0] - START).total_seconds() / 86400
        fr = sum(fixed[i].requests for i in idx) / len(idx) / days
        ar = sum(adaptive[i].requests for i in idx) / len(idx) / days
        print(f"  {label:6} {len(idx):2} portals, {len(fl):4} stories: {statistics.median(fl):5.0f}s -> "
              f"{statistics.median(al):5.0f}s   {fr:5.0f} -> {ar:5.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--days", type=int, default=21, help="simulated days (at least 14)")
    parser.add_argument("--portals", type=int, default=35)
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args(argv)
    if args.days < 14 or args.portals < 1:
        parser.error("--days must be at least 14 and --portals at least 1")
    rng = random.Random(args.seed)
    portals = make_portals(args.portals, args.days, rng)
    end = START + timedelta(days=args.days)
    site = Site(id="x", name="x", start_urls=("http://x/",))
    total = sum(1 for p in portals for t in p.stories if t < end)
    print(f"seed {args.seed}: {args.portals} portals, {args.days} days from {START:%Y-%m-%d} (a Monday), "
          f"{total} stories; rates {RATE_RANGE[0]:.2f} to {RATE_RANGE[1]:.0f} a day, log-uniform; "
          f"one request a second; adaptive with the sites.toml defaults "
          f"({polling_summary(site)})")
    started = time.perf_counter()
    fixed, adaptive = [], []
    for portal in portals:
        config = PollConfig(mode="adaptive", interval=site.interval, min_interval=site.min_interval,
                            max_interval=site.max_interval, requests_per_day=site.requests_per_day,
                            start_requests=1 + portal.start_urls)
        fixed.append(simulate(portal, end, fixed_policy(random.Random(rng.random())), rng))
        adaptive.append(simulate(portal, end, adaptive_policy(portal, config), rng, site.min_interval))
    f = report("fixed", fixed, args.days, args.portals)
    a = report("adaptive", adaptive, args.days, args.portals)
    by_rate(portals, fixed, adaptive)
    print(f"\nadaptive/fixed median latency {a['median_s'] / f['median_s']:.2f}, "
          f"requests {a['req_day'] / f['req_day']:.2f}; replay took {time.perf_counter() - started:.1f}s")
    print(f"FRESHNESS fixed_median_s={f['median_s']:.0f} fixed_p95_s={f['p95_s']:.0f} "
          f"fixed_req_day={f['req_day']:.1f} adaptive_median_s={a['median_s']:.0f} "
          f"adaptive_p95_s={a['p95_s']:.0f} adaptive_req_day={a['req_day']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
