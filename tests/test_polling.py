"""Adaptive polling (crawler.monitoring.polling): the pure policy on made-up histories, the registry keys,
and the real scheduler placing runs from a portal's history against the replica portals."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.core.dates import TZ
from crawler.crawl.registry import RegistryError, format_interval, parse_sites
from crawler.monitoring.polling import (
    BREAKER_MAX,
    History,
    PollConfig,
    RunSummary,
    learn_cadence,
    plan_next_run,
)

ROOT = Path(__file__).resolve().parent.parent
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=TZ)  # a Monday, 10:00 in Hà Nội
CONFIG = PollConfig(interval=timedelta(minutes=15), min_interval=timedelta(minutes=2),
                    max_interval=timedelta(hours=2), requests_per_day=1000, start_requests=3)


def office_history(now: datetime, per_day: int = 8, weeks: int = 3) -> History:
    """A portal that publishes `per_day` stories between 8:00 and 11:00 on weekdays, nothing else."""
    seen = []
    for day in range(weeks * 7, 0, -1):
        date = (now - timedelta(days=day)).replace(hour=8, minute=0)
        if date.weekday() < 5:
            seen += [date + timedelta(minutes=20 * i) for i in range(per_day)]
    runs = [RunSummary(started_at=now - timedelta(minutes=5), requests=3, ok=True)]
    return History(first_seen=seen, runs=runs, watched_since=now - timedelta(days=weeks * 7))


def gap(plan_time: datetime, now: datetime) -> float:
    return (plan_time - now).total_seconds()


def test_a_new_portal_starts_at_its_interval():
    plan = plan_next_run(CONFIG, History(), MONDAY_10)
    assert plan.next_run == MONDAY_10 + CONFIG.interval
    assert plan.decided_by == "learning" and plan.cadence is None


def test_busy_hours_are_polled_often_and_nights_and_weekends_rarely():
    busy = plan_next_run(CONFIG, office_history(MONDAY_10), MONDAY_10)
    assert busy.decided_by == "cadence"
    assert gap(busy.next_run, MONDAY_10) <= 5 * 60  # a busy morning: every few minutes
    night = MONDAY_10.replace(hour=23)
    quiet = plan_next_run(CONFIG, office_history(night), night)
    assert gap(quiet.next_run, night) >= 45 * 60
    sunday = MONDAY_10 - timedelta(days=1)
    assert gap(plan_next_run(CONFIG, office_history(sunday), sunday).next_run, sunday) >= 45 * 60


def test_a_quiet_night_ends_when_the_office_day_begins():
    """At 6:50 the night's long interval does not carry the next run past the busy 8:00."""
    early = MONDAY_10.replace(hour=6, minute=50)
    plan = plan_next_run(CONFIG, office_history(early), early)
    assert plan.next_run <= MONDAY_10.replace(hour=8, minute=10)


def test_cadence_describes_the_learned_pattern():
    cadence = learn_cadence(office_history(MONDAY_10).first_seen, MONDAY_10, MONDAY_10 - timedelta(days=21))
    assert cadence is not None
    assert cadence.busy_hours() == "08-10h"
    assert cadence.describe().startswith("5.4 stories/day over 21 days, weekdays busiest 08-10h")


def test_never_sooner_than_min_interval_after_the_last_start():
    history = office_history(MONDAY_10)
    just_now = History(first_seen=history.first_seen, watched_since=history.watched_since,
                       runs=[RunSummary(started_at=MONDAY_10 - timedelta(seconds=10), requests=3, ok=True)])
    plan = plan_next_run(CONFIG, just_now, MONDAY_10)
    assert plan.next_run >= MONDAY_10 - timedelta(seconds=10) + CONFIG.min_interval


def test_failures_back_off_doubling_and_a_success_resets():
    runs = [RunSummary(started_at=MONDAY_10 - timedelta(hours=1), requests=3, ok=True)]
    waits = []
    for failures in range(1, 8):
        failed = runs + [RunSummary(started_at=MONDAY_10 - timedelta(minutes=50 - i), requests=1, ok=False,
                                    outcome="exit 1") for i in range(failures)]
        plan = plan_next_run(CONFIG, History(runs=failed), MONDAY_10)
        assert plan.decided_by == "backoff" and plan.failures == failures
        assert f"{failures} failed run" in plan.reason and "exit 1" in plan.reason
        waits.append(gap(plan.next_run, MONDAY_10))
    assert waits[:3] == [30 * 60, 60 * 60, 120 * 60]  # 15m x 2, x 4, x 8
    assert all(b >= a for a, b in itertools.pairwise(waits))
    assert max(waits) == BREAKER_MAX.total_seconds()
    recovered = [*failed, RunSummary(started_at=MONDAY_10 - timedelta(minutes=1), requests=3, ok=True)]
    plan = plan_next_run(CONFIG, History(runs=recovered), MONDAY_10)
    assert plan.failures == 0 and plan.decided_by == "learning"


def test_the_budget_over_24_hours_holds():
    """Runs of 50 requests every 2 minutes: the next waits until the window has room again."""
    config = PollConfig(min_interval=timedelta(minutes=2), requests_per_day=500, start_requests=3)
    runs = [RunSummary(started_at=MONDAY_10 - timedelta(minutes=2 * i), requests=50, ok=True) for i in range(1, 11)]
    plan = plan_next_run(config, History(runs=runs), MONDAY_10)
    assert plan.decided_by == "budget"
    window = [r for r in runs if r.started_at > plan.next_run - timedelta(days=1)]
    assert sum(r.requests for r in window) + 50 <= 500
    assert plan.next_run == runs[-1].started_at + timedelta(days=1)


def test_fixed_sites_keep_their_interval_and_still_back_off():
    fixed = PollConfig(mode="fixed", interval=timedelta(minutes=10))
    plan = plan_next_run(fixed, office_history(MONDAY_10), MONDAY_10)
    assert plan.decided_by == "fixed" and plan.next_run == MONDAY_10 + timedelta(minutes=10)
    failed = [RunSummary(started_at=MONDAY_10 - timedelta(minutes=1), requests=1, ok=False)]
    assert plan_next_run(fixed, History(runs=failed), MONDAY_10).decided_by == "backoff"


def test_utc_first_seen_times_are_read_in_vietnam_time():
    """Stories stored in UTC at 01:00-04:00 are 08:00-11:00 in Hà Nội: the busy hours are the same."""
    local = office_history(MONDAY_10)
    utc = History(first_seen=[t.astimezone(UTC) for t in local.first_seen], runs=local.runs,
                  watched_since=local.watched_since)
    assert plan_next_run(CONFIG, utc, MONDAY_10.astimezone(UTC)).next_run == plan_next_run(
        CONFIG, local, MONDAY_10).next_run


# -- sites.toml -------------------------------------------------------------------------------------------------


def site_toml(**keys: str) -> str:
    extra = "".join(f"{k} = {v}\n" for k, v in keys.items())
    return f'[[sites]]\nid = "a"\nname = "A"\nstart_urls = ["https://a.example.vn/"]\n{extra}'


def test_polling_keys_and_defaults():
    (site,) = parse_sites(site_toml())
    assert (site.polling, site.min_interval, site.max_interval, site.requests_per_day) == (
        "adaptive", timedelta(minutes=2), timedelta(hours=2), 1000)
    (site,) = parse_sites(site_toml(polling='"fixed"', interval='"30m"', min_interval='"5m"', max_interval='"4h"',
                                    requests_per_day="300"))
    assert (site.polling, site.interval, site.min_interval, site.max_interval, site.requests_per_day) == (
        "fixed", timedelta(minutes=30), timedelta(minutes=5), timedelta(hours=4), 300)
    # A short start interval lowers the default floor with it, a long one raises the ceiling.
    assert parse_sites(site_toml(interval='"30s"'))[0].min_interval == timedelta(seconds=30)
    assert parse_sites(site_toml(interval='"6h"'))[0].max_interval == timedelta(hours=6)
    assert [format_interval(timedelta(seconds=s)) for s in (45, 900, 7200, 5400, 150)] == [
        "45s", "15m", "2h", "1h30m", "2m30s"]


@pytest.mark.parametrize(("keys", "message"), [
    ({"polling": '"sometimes"'}, "key 'polling': one of 'adaptive', 'fixed'"),
    ({"min_interval": '"1h"', "max_interval": '"10m"'}, "key 'min_interval': longer than max_interval"),
    ({"interval": '"3h"', "max_interval": '"1h"'}, "key 'interval': outside min_interval and max_interval"),
    ({"requests_per_day": "0"}, "key 'requests_per_day': a positive whole number"),
    ({"max_interval": '"soon"'}, "key 'max_interval': expected a duration"),
])
def test_bad_polling_keys_are_one_line(keys: dict[str, str], message: str):
    with pytest.raises(RegistryError, match=message) as info:
        parse_sites(site_toml(**keys))
    assert "\n" not in str(info.value)


# -- the real scheduler against the replica portals --------------------------------------------------------------


def seed_history(db_url: str, now: datetime) -> None:
    """Three weeks of history: `replica-modern` publishes at this very hour on every day, `replica-langson`
    has been watched as long and never published."""
    from storage import CrawlRun, open_database
    from storage.models import ArticleUrl, Story

    db = open_database(db_url)
    try:
        with db.sessions.begin() as session:
            for site in ("replica-modern", "replica-langson"):
                session.add(CrawlRun(site_id=site, started_at=now - timedelta(days=21),
                                     finished_at=now - timedelta(days=21), outcome="finished", mode="full",
                                     requests=3, pages=3))
            for day in range(1, 22):
                for i in range(6):
                    at = now - timedelta(days=day, minutes=i)
                    url = f"http://old.example.vn/{day}/{i}"
                    session.add(Story(content_hash=f"{day}-{i}", site_id="replica-modern", url=url, title="old",
                                      body="old", profile="modern", first_seen_at=at, updated_at=at,
                                      needs_review=False, urls=[ArticleUrl(url=url, site_id="replica-modern",
                                                                           first_seen_at=at, last_seen_at=at)]))
    finally:
        db.dispose()


def test_the_scheduler_polls_a_busy_portal_often_a_quiet_one_rarely(tmp_path: Path):

    from replica import ReplicaServer
    from storage import RunRepository, open_database

    db_url = f"sqlite:///{tmp_path / 'crawler.sqlite'}"
    now = datetime.now(UTC)
    with ReplicaServer(portals=["modern", "langson"]) as server:
        polling = ('min_interval = "1s"\ninterval = "2s"\nmax_interval = "40s"\nrequests_per_day = 100000\n'
                   'download_delay = 0.0\nconcurrency = 8\n')
        sites = tmp_path / "sites.toml"
        sites.write_text(server.sites_toml().replace("start_urls", polling + "start_urls"), encoding="utf-8")
        open_database(db_url).dispose()
        seed_history(db_url, now)
        err = open(tmp_path / "scheduler.err", "wb")  # noqa: SIM115 - closed after the scheduler stops
        proc = subprocess.Popen([sys.executable, str(ROOT / "scheduler.py"), "--sites", str(sites), "--db", db_url],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err, env={**os.environ})
        try:
            db = open_database(db_url)
            try:
                runs = RunRepository(db)

                def count(site: str) -> int:
                    return sum(1 for r in runs.recent(site_id=site, limit=200) if r.mode != "full" or
                               r.started_at > now)

                deadline = time.monotonic() + 60
                while count("replica-modern") < 4 and time.monotonic() < deadline:
                    time.sleep(0.5)
                busy = [r for r in runs.recent(site_id="replica-modern", limit=200) if r.started_at > now]
                quiet = [r for r in runs.recent(site_id="replica-langson", limit=200) if r.started_at > now]
            finally:
                db.dispose()
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=60) == 0
            err.close()
    log = (tmp_path / "scheduler.err").read_text(errors="replace")
    assert "Traceback" not in log
    # The busy portal (its stories come at this hour) ran every couple of seconds; the quiet one
    # (three weeks without a story) waited its max_interval after its first run.
    assert len(busy) >= 4 and len(quiet) <= 2, (len(busy), len(quiet), log[-3000:])
    starts = sorted(r.started_at for r in busy)
    assert all((b - a).total_seconds() >= 1.0 for a, b in itertools.pairwise(starts))
    # Each run carries the plan made after it (not the last: it ended while the scheduler stopped).
    planned = sorted(busy, key=lambda r: r.started_at)[-2]
    assert planned.next_run_at is not None and planned.schedule_note and planned.cadence
    quiet_plan = min(quiet, key=lambda r: r.started_at)
    assert quiet_plan.schedule_note and "next in 40s" in quiet_plan.schedule_note, quiet_plan.schedule_note
