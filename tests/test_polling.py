"""Adaptive polling (crawler.monitoring.polling): the pure policy on made-up histories, the registry keys,
and the real scheduler placing runs from a portal's history against the replica portals."""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crawler.core.dates import TZ
from crawler.crawl.registry import RegistryError, format_interval, parse_sites
from crawler.monitoring.polling import (
    BREAKER_MAX,
    History,
    PollConfig,
    RunSummary,
    cost_per_run,
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


def test_a_first_full_crawl_is_not_what_the_next_runs_cost():
    """A new portal's full crawl (200 requests) does not make each later run look as dear: its
    requests count against the budget, not in the cost of a routine run."""
    config = PollConfig(requests_per_day=260, start_requests=3)
    full = RunSummary(started_at=MONDAY_10 - timedelta(minutes=20), requests=200, ok=True, full=True)
    routine = [RunSummary(started_at=MONDAY_10 - timedelta(minutes=10 - i), requests=4, ok=True) for i in range(3)]
    assert cost_per_run([full], config) == 3  # robots.txt and the start URLs, until a routine run is known
    assert cost_per_run([full, *routine], config) == 4
    plan = plan_next_run(config, History(runs=[full, *routine]), MONDAY_10)
    assert plan.decided_by != "budget"  # 212 spent + 4 fits in 260
    over = plan_next_run(config, History(runs=[full, *routine] * 2), MONDAY_10)
    assert over.decided_by == "budget" and "424 of 260" in over.reason


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


@contextlib.contextmanager
def scheduler_running(tmp_path: Path, sites: Path, db_url: str, **env: str) -> Iterator[Any]:
    """`scheduler.py` in a subprocess, yielding the database; on leaving, SIGTERM, and the scheduler must
    exit cleanly with no traceback in its log."""
    from storage import open_database

    err_path = tmp_path / "scheduler.err"
    with open(err_path, "wb") as err:
        proc = subprocess.Popen([sys.executable, str(ROOT / "scheduler.py"), "--sites", str(sites), "--db", db_url],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err, env={**os.environ, **env})
        db = open_database(db_url)
        try:
            yield db
        finally:
            db.dispose()
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=60)
    log = err_path.read_text(errors="replace")
    assert code == 0 and "Traceback" not in log, log[-3000:]


POLLING_KEYS = {
    # Busy at this hour (seeded history), quiet (never published), new and on a tight budget.
    "modern": 'min_interval = "1s"\ninterval = "2s"\nmax_interval = "40s"\nrequests_per_day = 100000\n',
    "langson": 'min_interval = "1s"\ninterval = "2s"\nmax_interval = "40s"\nrequests_per_day = 100000\n',
    "nukeviet": 'min_interval = "1s"\ninterval = "2s"\nmax_interval = "40s"\nrequests_per_day = 34\n',
}
BUDGET = 34


def publish_story(server: Any, n: int) -> tuple[str, datetime]:
    """What a portal does between two visits: one new story on replica-modern, long enough to be one."""
    import dataclasses

    state = server.replica
    title = f"Công an tỉnh triển khai đợt cao điểm {n} bảo đảm an ninh trật tự dịp cuối năm"
    body = (f"Trong đợt cao điểm {n}, lực lượng Công an đã triển khai đồng bộ các biện pháp bảo đảm an ninh trật "
            "tự, tăng cường tuần tra kiểm soát, nắm chắc tình hình địa bàn và xử lý kịp thời các vụ việc phát sinh.",
            "Kết quả, nhiều vụ việc được phát hiện, ngăn chặn từ sớm, góp phần giữ vững ổn định tình hình an ninh, "
            "trật tự, tạo môi trường an toàn cho người dân vui đón năm mới.")
    published = datetime.now(TZ).replace(microsecond=0)
    state.publish(dataclasses.replace(state.posts("modern")[0], id=state.next_id("modern"), title=title, lead=None,
                                      blocks=body, story=None, updated=None, quirks=frozenset(), published=published))
    return title, datetime.now(UTC)


def test_the_scheduler_polls_busy_hours_often_quiet_ones_rarely_within_budget(tmp_path: Path):
    """The real scheduler against three replica portals, intervals in seconds: the busy one is polled
    every min_interval and each story it publishes meanwhile is flagged seconds later, the quiet one
    waits its max_interval, the one on a budget stops when another run would pass it."""
    from replica import ReplicaServer
    from storage import ArticleRepository, RunRepository, open_database

    db_url = f"sqlite:///{tmp_path / 'crawler.sqlite'}"
    now = datetime.now(UTC)
    published: dict[str, datetime] = {}
    with ReplicaServer(portals=list(POLLING_KEYS)) as server:
        blocks = server.sites_toml().split("[[sites]]\n")[1:]
        sites = tmp_path / "sites.toml"
        sites.write_text("".join(f"[[sites]]\n{POLLING_KEYS[name]}download_delay = 0.0\n{block}"
                                 for name, block in zip(POLLING_KEYS, blocks, strict=True)), encoding="utf-8")
        open_database(db_url).dispose()
        seed_history(db_url, now)
        with scheduler_running(tmp_path, sites, db_url) as db:
            runs, articles = RunRepository(db), ArticleRepository(db)

            def since_start(site: str) -> list[Any]:
                return sorted((r for r in runs.recent(site_id="replica-" + site, limit=200)
                               if r.started_at > now), key=lambda r: r.started_at)

            def flagged() -> dict[str, Any]:
                return {story.title: story for story in articles.flagged() if story.title in published}

            deadline = time.monotonic() + 150
            while time.monotonic() < deadline:
                busy = since_start("modern")
                # A story after the busy portal's second run, another after its fourth.
                if len(busy) >= 2 * (len(published) + 1) and len(published) < 2:
                    title, at = publish_story(server, len(published) + 1)
                    published[title] = at
                budget = since_start("nukeviet")
                if (len(published) == 2 and len(flagged()) == 2 and len(busy) >= 6
                        and any((r.schedule_note or "").startswith("budget") for r in budget)):
                    break
                time.sleep(0.3)
            busy, quiet, budget = since_start("modern"), since_start("langson"), since_start("nukeviet")
            stories = flagged()
        budget_requests = sum(1 for portal, _, _ in server.request_log if portal == "nukeviet")
    notes = {name: [(r.requests, r.schedule_note) for r in rows]
             for name, rows in (("busy", busy), ("quiet", quiet), ("budget", budget))}

    # Busy: its stories come at this hour, so it ran every min_interval (never sooner).
    assert len(busy) >= 6, notes
    assert all((b.started_at - a.started_at).total_seconds() >= 1.0 for a, b in itertools.pairwise(busy))
    assert all(r.schedule_note and r.schedule_note.endswith("next in 1s") for r in busy[:-1]), notes
    assert busy[-2].cadence
    # Every story it published meanwhile is flagged, by the next run or the one after.
    assert set(stories) == set(published), (list(published), notes)
    for title, story in stories.items():
        assert (story.first_seen_at - published[title]).total_seconds() < 20, (title, story.first_seen_at)
    # Quiet: three weeks without a story, so after its first run it waits max_interval.
    assert len(quiet) <= 2 and quiet[0].schedule_note and "next in 40s" in quiet[0].schedule_note, notes
    # On a budget: the runs it made fit in it (as the portal counted them), and the last says why it stopped.
    assert sum(r.requests for r in budget) <= BUDGET and budget_requests <= BUDGET, (budget_requests, notes)
    last = budget[-1]
    assert last.schedule_note and last.schedule_note.startswith(f"budget: {sum(r.requests for r in budget)} of "
                                                                 f"{BUDGET} requests used in 24h"), notes
    assert last.next_run_at is not None and last.next_run_at - last.finished_at > timedelta(hours=23)


def test_a_failing_portal_is_polled_less_and_less_until_it_answers(tmp_path: Path):
    """The circuit breaker, judged by when requests reached the portal: after each failed run the idle
    time before the next one doubles (2, then 4 s from a 1 s interval); the first success resets it."""
    from bench.faults import FaultServer, Outage
    from crawler.crawl.summary import NO_ANSWER
    from storage import RunRepository, open_database
    from storage.runs import is_success

    db_url = f"sqlite:///{tmp_path / 'crawler.sqlite'}"
    open_database(db_url).dispose()
    with FaultServer(["outage"]) as server:
        portal = server.sites["outage"]
        assert isinstance(portal, Outage)
        sites = tmp_path / "sites.toml"
        sites.write_text(server.sites_toml("outage") + 'interval = "1s"\nmin_interval = "1s"\nmax_interval = "60s"\n'
                         'download_delay = 0.0\n', encoding="utf-8")
        quick = f"{sys.executable} {ROOT / 'tests' / 'quick_retry_crawl.py'}"
        with scheduler_running(tmp_path, sites, db_url, CRAWLER_SCHEDULE_COMMAND=quick) as db:
            repo = RunRepository(db)

            def runs() -> list[Any]:
                return sorted(repo.recent(site_id="fault-outage", limit=50), key=lambda r: r.started_at)

            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                done = runs()
                if len(done) >= 2:
                    portal.up = True  # the portal comes back after its second failed run
                if len(done) >= 4 and done[-2].schedule_note:
                    break
                time.sleep(0.2)
            done = runs()
        arrivals = [datetime.fromtimestamp(at, UTC) for at, _, _ in server.timed_requests("outage")]
    assert len(done) >= 4, [(r.outcome, r.schedule_note) for r in done]
    failed, recovered = done[:2], done[2:4]
    assert [r.outcome for r in failed] == [NO_ANSWER] * 2 and all(is_success(r) for r in recovered)
    # Each failed run's record says why the next one waits, and how long.
    for n, run in enumerate(failed, start=1):
        assert run.schedule_note == (f"backing off: {n} failed run{'s' if n > 1 else ''} in a row "
                                     f"(last: {NO_ANSWER}), next in {2 ** n}s"), run.schedule_note
    assert recovered[0].schedule_note and recovered[0].schedule_note.startswith("learning"), recovered[0].schedule_note

    # What the portal saw: its requests, grouped by run, and the silence between runs.
    def window(run: Any) -> list[datetime]:
        return [at for at in arrivals if run.started_at <= at <= run.finished_at]

    seen = [window(r) for r in done[:4]]
    assert all(seen), [len(s) for s in seen]
    silences = [(after[0] - before[-1]).total_seconds() for before, after in itertools.pairwise(seen)]
    for n in range(2):  # after failure n+1 the portal heard nothing for at least 2 ** (n+1) s
        assert silences[n] >= 2 ** (n + 1), silences
    assert silences[0] < silences[1]
    # The success reset the breaker: the next run was planned 1 s after the crawl process ended (its
    # run record is stamped a moment before that), not 8 s. (The silence the portal heard after it also
    # holds a crawl process's start, seconds on a loaded machine: CI once heard 12.5 s after a 12.2 s one.)
    assert recovered[0].next_run_at is not None
    assert (recovered[0].next_run_at - recovered[0].finished_at).total_seconds() < 2 ** 3
