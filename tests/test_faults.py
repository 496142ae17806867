"""Faults a real portal throws at the crawler: each one a real crawl of a loopback fault portal.

Every crawl must end in bounded time and requests, capture every good article once (after
retries), store nothing it should not (robots-forbidden, off-site, oversized, redirect
targets), and leave a run record that names what failed. The crawls run in parallel, one
subprocess and one SQLite file each, so the whole file stays well under a minute and a half.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.faults import FAULTS, FaultRun, FaultServer, crawl_fault
from crawler.crawl.summary import NO_ANSWER
from crawler.monitoring.schedule import EXIT_FAILED

# A crawl that handles its fault finishes in seconds; the slowest (a page dripping past four
# 2 s time-outs) in about ten. Anything near this bound is a hang.
CRAWL_TIMEOUT = 45
WORKERS = 4


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as fs:
        yield fs


@pytest.fixture(scope="module")
def runs(server: FaultServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, FaultRun]:
    workdir = tmp_path_factory.mktemp("faults")
    with ThreadPoolExecutor(WORKERS) as pool:
        futures = {name: pool.submit(crawl_fault, server, name, workdir, timeout=CRAWL_TIMEOUT) for name in FAULTS}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("name", list(FAULTS))
def test_fault_is_handled(name: str, runs: dict[str, FaultRun]) -> None:
    run = runs[name]
    # A portal that answers nothing usable is a failed crawl (exit 1); any other fault is handled (exit 0).
    assert run.returncode == (EXIT_FAILED if run.gives_nothing else 0), run.stderr[-3000:]
    assert run.seconds < CRAWL_TIMEOUT
    # Bounded: no more requests than a correct crawl needs plus what the fault itself costs.
    assert run.requests <= run.budget, run.requests
    assert run.captured == run.expected and not run.lost, run.lost
    assert run.stored_twice == 0
    assert not run.wrongly_stored, run.wrongly_stored
    assert not run.forbidden_fetched, run.forbidden_fetched
    assert run.offsite_requests == 0
    assert run.problems() == [], (run.problems(), run.failures)


def test_stored_text_is_the_portal_text(server: FaultServer, runs: dict[str, FaultRun]) -> None:
    """Retried, reset, truncated and mis-declared pages are stored whole and correctly decoded."""
    for name in ("burst-503", "connection-reset", "truncated-body", "charset"):
        site = server.sites[name]
        by_path = {r["url"].removeprefix(site.base): r for r in runs[name].records}
        for exp in site.expected_articles():
            record = by_path[exp.path]
            assert record["title"] == exp.title, (name, exp.path)
            assert record["body"] == "\n\n".join(exp.body), (name, exp.path)
            assert record["published_at"] == exp.published_at, (name, exp.path)


def test_run_record_names_failed_urls(server: FaultServer, runs: dict[str, FaultRun]) -> None:
    drip = runs["slow-drip"]
    assert drip.errors > 0 and "DownloadTimeoutError" in drip.failures
    assert server.base_url("slow-drip") in drip.failures  # the lost page, by its full URL
    # Recovered faults are recorded too: the crawl succeeded, but the portal misbehaved.
    assert "503 Service Unavailable x10" in runs["burst-503-retry-after"].failures
    assert runs["burst-503-retry-after"].outcome == "finished"
    assert "retried: 429 Too Many Requests x1" in runs["burst-429-retry-after"].failures  # not "Unknown Status"
    # A portal that is down, or answers 503 to everything, is a failed run whatever Scrapy's finish reason.
    down = runs["down"]
    assert down.captured == 0 and down.errors > 0 and down.outcome == NO_ANSWER
    assert "ConnectionRefused" in down.failures
    assert runs["outage"].outcome == NO_ANSWER and "503 Service Unavailable" in runs["outage"].failures


def test_robots_section_is_never_requested(server: FaultServer, runs: dict[str, FaultRun]) -> None:
    assert runs["robots-forbidden"].requests > 0
    assert not [t for t, _ in server.requests("robots-forbidden") if t.startswith("/noi-bo/")]


@pytest.mark.parametrize(("statuses", "robots", "outcome"), [
    ({"503": 8}, {"503": 4}, NO_ANSWER),  # robots.txt and the listing, each tried four times
    ({"200": 1, "503": 4}, {"200": 1}, NO_ANSWER),  # robots.txt answered, nothing else did
    ({}, {}, NO_ANSWER),  # connection refused: no response at all
    ({"404": 1, "304": 1}, {"404": 1}, "finished"),  # an incremental run: the feed has not changed
    ({"200": 3, "503": 2}, {"200": 1}, "finished"),  # some pages failed, the run did not
])
def test_a_crawl_without_one_usable_answer_failed(statuses: dict[str, int], robots: dict[str, int],
                                                 outcome: str) -> None:
    from crawler.crawl.summary import SiteSummary

    stats: dict[str, object] = {"finish_reason": "finished", "downloader/request_count": 8}
    stats |= {f"downloader/response_status_count/{k}": v for k, v in statuses.items()}
    stats |= {f"robotstxt/response_status_count/{k}": v for k, v in robots.items()}
    summary = SiteSummary.from_stats("made-up", stats)
    assert summary.finish_reason == outcome
    assert summary.failed == (outcome == NO_ANSWER)


def test_errors_are_counted_per_site(server: FaultServer, tmp_path) -> None:
    """Two sites crawled by one process: the one that is down has errors, the other (slowed down so that
    it is still running then) none. Scrapy's log_count/ERROR counts every error record of the process
    in every site's stats."""
    import subprocess
    import sys

    from bench.faults import CRAWL_SETTINGS, ROOT
    from storage import RunRepository, open_database

    sites = tmp_path / "two.toml"
    sites.write_text(server.sites_toml("down") + "\n" + server.sites_toml("charset"), encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'two.sqlite'}"
    args = [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites), "--db", db_url, "--progress", "0"]
    for setting in (*CRAWL_SETTINGS, "DOWNLOAD_DELAY=0.5"):
        args += ["-s", setting]
    subprocess.run(args, cwd=ROOT, capture_output=True, timeout=CRAWL_TIMEOUT)
    db = open_database(db_url)
    try:
        errors = {run.site_id: run.errors for run in RunRepository(db).recent(limit=10)}
    finally:
        db.dispose()
    assert errors[server.site_id("down")] > 0 and errors[server.site_id("charset")] == 0, errors
