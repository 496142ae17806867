"""Alerts end to end: watchlists, failed crawls and health drops become events, sent once by webhook and
through Apprise (e-mail, json://).

The webhook and json:// receiver is a real HTTP server (http.server in a thread) and the mail server a real
SMTP server (aiosmtpd); the databases are the SQLite file and the PostgreSQL server of the other
tests; crawls are real `crawler crawl` subprocesses against the replica portals.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from crawler.core.dates import TZ
from crawler.monitoring import alerts
from crawler.monitoring.alerts import AlertConfig, check, fold_terms, load_config, matched_terms, send_due
from replica import ReplicaServer
from storage import ArticleRepository, CrawlRun, RunRepository, StoryInput, open_database
from storage.alerts import AlertRepository
from storage.db import Database
from storage.models import AlertDelivery, AlertEvent, Watchlist

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


# -- a webhook receiver and an SMTP server ----------------------------------------------------------


class Receiver:
    """A webhook endpoint on loopback: answers with the queued statuses (then 200), records what it got."""

    def __init__(self, statuses: list[int] | None = None, delay: float = 0.0) -> None:
        self.statuses = list(statuses or [])
        self.delay = delay
        self.requests: list[tuple[int, dict[str, str], Any]] = []  # (status answered, headers, JSON body)
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(receiver.delay)
                with receiver.lock:
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                    receiver.requests.append((status, dict(self.headers), json.loads(body)))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def delivered(self) -> list[Any]:
        """The bodies answered with 2xx."""
        with self.lock:
            return [body for status, _, body in self.requests if 200 <= status < 300]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


# -- helpers --------------------------------------------------------------------------------------


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def story(n: int, title: str, body: str = "Nội dung bài viết.", site: str = "ca-a",
          seen: datetime | None = None) -> StoryInput:
    return StoryInput(site_id=site, url=f"https://{site}.vn/tin/{n}.html", title=title, body=[body],
                         content_hash=f"{n:064x}", seen_at=seen or datetime.now(UTC))


def watch(db: Database, name: str, *terms: str, at: datetime | None = None) -> Watchlist:
    return AlertRepository(db).add_watchlist(name, terms, fold_terms(terms), at)


def deliveries(db: Database) -> list[AlertDelivery]:
    with db.sessions() as session:
        return list(session.execute(select(AlertDelivery).order_by(AlertDelivery.id)).scalars())


def events(db: Database) -> list[AlertEvent]:
    with db.sessions() as session:
        return list(session.execute(select(AlertEvent).order_by(AlertEvent.id)).scalars())


def article_id(db: Database, title: str) -> int:
    return next(a.id for a in ArticleRepository(db).iter_articles() if a.title == title)


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("CRAWLER_SMTP_", "CRAWLER_ALERT_", "CRAWLER_NOTIFY"))}
    return subprocess.run([sys.executable, "-m", "crawler", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**base, **(env or {})}, stdin=subprocess.DEVNULL)


# -- matching -------------------------------------------------------------------------------------


def test_terms_match_without_diacritics_as_whole_words() -> None:
    terms = ["ma tuy", "Đánh bạc", "súng"]
    w = Watchlist(id=1, name="w", terms=terms, folded=fold_terms(terms))

    def found(text: str) -> list[str]:
        return matched_terms(w, [alerts.fold(text)])

    assert found("Bắt giữ đối tượng buôn bán MA TÚY") == ["ma tuy"]
    assert found("ma túy tổng hợp; đánh bạc qua mạng") == ["ma tuy", "Đánh bạc"]
    assert found("Ma-túy đá") == ["ma tuy"]  # punctuation between words is no word
    assert found("danh bac") == ["Đánh bạc"]
    assert found("tuyến đường; mà tuỳ") == ["ma tuy"]  # folding is folding: "mà tuỳ" reads "ma tuy"
    assert found("các tuyến đường mà") == []
    assert found("Khẩu súngtrường") == []  # a word containing the term is not the term
    assert found("ma") == [] and found("tuy ma") == []  # a phrase is its words, in order
    with pytest.raises(ValueError, match="no letter or digit"):
        fold_terms(["ok", "!!!"])


# -- events and webhook -----------------------------------------------------------------------------


def test_matching_new_article_posts_one_webhook(db: Database, receiver: Receiver) -> None:
    config = AlertConfig(webhook=receiver.url)
    w = watch(db, "Ma túy", "ma tuy", "heroin")
    ArticleRepository(db).save_batch([
        story(1, "Triệt phá đường dây MA TÚY xuyên tỉnh", "Thu giữ 2 bánh heroin."),
        story(2, "Tuyên truyền an toàn giao thông", "Các tuyến đường trung tâm, mà tuyệt đối an toàn."),
    ])
    assert check(db, config) == 1
    report = send_due(db, config)
    assert (report.sent, report.retrying, report.given_up) == (1, 0, 0)
    [(status, headers, body)] = receiver.requests
    first = article_id(db, "Triệt phá đường dây MA TÚY xuyên tỉnh")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert body == {
        "event": "match", "key": f"match:{w.id}:{first}", "site": "ca-a", "site_name": None,
        "watchlist": {"id": w.id, "name": "Ma túy"}, "matched": ["ma tuy", "heroin"],
        "article": {"id": first, "title": "Triệt phá đường dây MA TÚY xuyên tỉnh", "url": "https://ca-a.vn/tin/1.html",
                    "published_at": None, "first_seen_at": body["article"]["first_seen_at"]},
    }
    assert headers["Idempotency-Key"] == body["key"]

    # Checking and sending again sends nothing twice; a story stored later is told on its own.
    for _ in range(2):
        assert check(db, config) == 0
        assert send_due(db, config).sent == 0
    ArticleRepository(db).save_batch([story(3, "Thu giữ heroin tại cửa khẩu")])
    check(db, config)
    send_due(db, config)
    assert [b["article"]["title"] for b in receiver.delivered()] == [
        "Triệt phá đường dây MA TÚY xuyên tỉnh", "Thu giữ heroin tại cửa khẩu"]
    assert all(d.sent_at is not None and d.attempts == 1 for d in deliveries(db))


def test_non_matching_articles_post_nothing(db: Database, receiver: Receiver) -> None:
    config = AlertConfig(webhook=receiver.url)
    watch(db, "Ma túy", "ma tuy")
    ArticleRepository(db).save_batch([story(1, "Tuyên truyền an toàn giao thông", "Tuyến đường mới.")])
    assert check(db, config) == 0
    assert send_due(db, config).sent == 0
    assert receiver.requests == [] and events(db) == []


def test_stories_stored_before_the_watchlist_are_not_replayed(db: Database, receiver: Receiver) -> None:
    config = AlertConfig(webhook=receiver.url)
    ArticleRepository(db).save_batch([story(1, "Bắt đối tượng tàng trữ ma túy", seen=T0)])
    watch(db, "Ma túy", "ma tuy", at=T0 + timedelta(minutes=1))
    ArticleRepository(db).save_batch([story(2, "Lại bắt đối tượng tàng trữ ma túy", seen=T0 + timedelta(minutes=2))])
    check(db, config, T0 + timedelta(minutes=3))
    send_due(db, config, T0 + timedelta(minutes=3))
    assert [b["article"]["title"] for b in receiver.delivered()] == ["Lại bắt đối tượng tàng trữ ma túy"]


def test_removed_watchlist_stops_matching(db: Database, receiver: Receiver) -> None:
    config = AlertConfig(webhook=receiver.url)
    w = watch(db, "Ma túy", "ma tuy")
    assert AlertRepository(db).remove_watchlist(w.id) and not AlertRepository(db).remove_watchlist(w.id)
    ArticleRepository(db).save_batch([story(1, "Bắt đối tượng tàng trữ ma túy")])
    assert check(db, config) == 0 and receiver.requests == []


def test_receiver_failing_twice_gets_it_once_after_backoff(db: Database) -> None:
    receiver = Receiver([500, 503])
    try:
        config = AlertConfig(webhook=receiver.url)
        watch(db, "Ma túy", "ma tuy", at=T0)
        ArticleRepository(db).save_batch([story(1, "Bắt đối tượng tàng trữ ma túy", seen=T0)])
        check(db, config, T0)
        report = send_due(db, config, T0)
        assert (report.sent, report.retrying) == (0, 1) and "HTTP 500" in report.errors[0]
        [delivery] = deliveries(db)
        assert delivery.attempts == 1 and delivery.next_attempt_at == T0 + timedelta(minutes=1)
        assert delivery.last_error is not None and "HTTP 500" in delivery.last_error
        # Not due yet: nothing is sent before the backoff is over.
        assert send_due(db, config, T0 + timedelta(seconds=59)).retrying == 0 and len(receiver.requests) == 1
        t1 = T0 + timedelta(minutes=1)
        assert send_due(db, config, t1).retrying == 1
        [delivery] = deliveries(db)
        assert delivery.attempts == 2 and delivery.next_attempt_at == t1 + timedelta(minutes=2)  # doubled
        assert send_due(db, config, t1 + timedelta(minutes=1)).sent == 0
        assert send_due(db, config, t1 + timedelta(minutes=2)).sent == 1
        assert send_due(db, config, t1 + timedelta(hours=5)).sent == 0
        assert [s for s, _, _ in receiver.requests] == [500, 503, 200] and len(receiver.delivered()) == 1
        [delivery] = deliveries(db)
        assert delivery.attempts == 3 and delivery.sent_at is not None and delivery.last_error is None
    finally:
        receiver.close()


def test_refused_connection_is_retried_and_a_4xx_is_given_up(db: Database) -> None:
    config = AlertConfig(webhook=f"http://127.0.0.1:{free_port()}/hook")  # nothing listens there
    watch(db, "Ma túy", "ma tuy", at=T0)
    ArticleRepository(db).save_batch([story(1, "Bắt đối tượng tàng trữ ma túy", seen=T0)])
    check(db, config, T0)
    report = send_due(db, config, T0)
    assert report.retrying == 1 and "cannot reach webhook" in report.errors[0]

    gone = Receiver([404])
    try:
        config = AlertConfig(webhook=gone.url)
        report = send_due(db, config, T0 + timedelta(minutes=1))
        assert (report.sent, report.retrying, report.given_up) == (0, 0, 1)
        [delivery] = deliveries(db)
        assert delivery.next_attempt_at is None and delivery.sent_at is None
        assert "HTTP 404" in (delivery.last_error or "")
        assert send_due(db, config, T0 + timedelta(days=1)).given_up == 0 and len(gone.requests) == 1
    finally:
        gone.close()


def test_two_concurrent_senders_deliver_each_event_once(db_url: str, db: Database) -> None:
    receiver = Receiver(delay=0.02)
    try:
        config = AlertConfig(webhook=receiver.url)
        watch(db, "Ma túy", "ma tuy")
        ArticleRepository(db).save_batch([story(n, f"Vụ ma túy số {n}") for n in range(1, 31)])
        # Two checkers at once record each event once.
        with ThreadPoolExecutor(2) as pool:
            made = list(pool.map(lambda _: _check_in_own_db(db_url, config), range(2)))
        assert sum(made) == 30

        def sender(_: int) -> int:
            own = open_database(db_url)
            try:
                return send_due(own, config).sent
            finally:
                own.dispose()

        with ThreadPoolExecutor(2) as pool:
            sent = list(pool.map(sender, range(2)))
        assert sum(sent) == 30
        keys = [body["key"] for body in receiver.delivered()]
        assert len(keys) == 30 and len(set(keys)) == 30
    finally:
        receiver.close()


def _check_in_own_db(db_url: str, config: AlertConfig) -> int:
    own = open_database(db_url)
    try:
        return check(own, config)
    finally:
        own.dispose()


def test_failed_run_and_health_drop_become_events(db: Database, receiver: Receiver) -> None:
    config = AlertConfig(webhook=receiver.url)
    now = datetime.now(UTC)
    runs = RunRepository(db)

    def run(outcome: str, requests: int, errors: int, alert: str | None = None) -> int:
        return runs.record(CrawlRun(site_id="ca-a", started_at=now, finished_at=now, outcome=outcome, mode="full",
                                    requests=requests, errors=errors, health_alert=alert,
                                    failures="failed: connection refused x3: https://ca-a.vn/"))

    run("finished", 10, 0)
    first, second = run("finished", 3, 3), run("failed", 0, 0)
    drop = run("finished", 10, 0, "extraction health dropped (template change?): date 100% -> 20%")
    assert check(db, config) == 3
    send_due(db, config)
    bodies = {b["key"]: b for b in receiver.delivered()}
    assert set(bodies) == {f"run:{first}:failed", f"run:{second}:failed", f"run:{drop}:health"}
    assert bodies[f"run:{first}:failed"]["run"]["failures_in_a_row"] == 1
    assert bodies[f"run:{second}:failed"]["run"]["failures_in_a_row"] == 2
    assert bodies[f"run:{second}:failed"]["event"] == "run_failed" and bodies[f"run:{second}:failed"]["site"] == "ca-a"
    assert "connection refused" in bodies[f"run:{first}:failed"]["run"]["failures"]
    assert bodies[f"run:{drop}:health"]["event"] == "health_alert"
    assert "date 100% -> 20%" in bodies[f"run:{drop}:health"]["run"]["health_alert"]
    assert check(db, config) == 0 and send_due(db, config).sent == 0


# -- e-mail ---------------------------------------------------------------------------------------


def smtp_env(port: int) -> dict[str, str]:
    return {"CRAWLER_SMTP_HOST": "127.0.0.1", "CRAWLER_SMTP_PORT": str(port), "CRAWLER_SMTP_FROM": "crawler@example.vn",
            "CRAWLER_SMTP_TO": "an-ninh@example.vn, truc-ban@example.vn"}


def _text_of(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]


def test_the_older_smtp_settings_still_mail_through_apprise(db: Database, mailbox: tuple[Mailbox, int],
                                                            receiver: Receiver) -> None:
    box, port = mailbox
    config = load_config({**smtp_env(port), "CRAWLER_ALERT_WEBHOOK": receiver.url})
    assert config.channels == ["webhook", "email"]
    watch(db, "Ma túy", "ma tuy")
    ArticleRepository(db).save_batch([story(1, "Triệt phá đường dây ma túy xuyên tỉnh")])
    check(db, config)
    report = send_due(db, config)
    assert report.sent == 2, report.errors  # one per channel
    # Apprise mails each recipient a message of their own.
    assert sorted(r for _, rcpts, _ in box.messages for r in rcpts) == ["an-ninh@example.vn", "truc-ban@example.vn"]
    for sender, _rcpts, message in box.messages:
        assert sender == "crawler@example.vn"
        assert _decoded_subject(message) == "[crawler] Ma túy: Triệt phá đường dây ma túy xuyên tỉnh"
        text = _text_of(message)
        assert "https://ca-a.vn/tin/1.html" in text and "Matched: ma tuy" in text and "Event: match:" in text
    assert len(receiver.delivered()) == 1
    assert check(db, config) == 0 and send_due(db, config).sent == 0 and len(box.messages) == 2


def test_apprise_urls_each_deliver_once(db: Database, mailbox: tuple[Mailbox, int], receiver: Receiver) -> None:
    box, port = mailbox
    json_url = receiver.url.replace("http://", "json://")
    mail_url = f"mailto://127.0.0.1:{port}?from=crawler@example.vn&to=desk@example.vn&mode=insecure"
    config = load_config({"CRAWLER_NOTIFY": f"{json_url} {mail_url}"})
    assert [c.split(":")[0] for c in config.channels] == ["json", "mailto"]
    watch(db, "Lừa đảo", "lua dao")
    ArticleRepository(db).save_batch([story(2, "Cảnh báo thủ đoạn lừa đảo qua mạng xã hội")])
    check(db, config)
    assert send_due(db, config).sent == 2
    [posted] = receiver.delivered()
    # Apprise's own JSON form: the title and the text people read.
    assert posted["title"] == "[crawler] Lừa đảo: Cảnh báo thủ đoạn lừa đảo qua mạng xã hội"
    assert "Matched: lua dao" in posted["message"]
    [(_sender, rcpts, message)] = box.messages
    assert rcpts == ["desk@example.vn"] and "Cảnh báo thủ đoạn" in _decoded_subject(message)
    assert check(db, config) == 0 and send_due(db, config).sent == 0


def test_one_failing_apprise_url_is_retried_alone(db: Database, receiver: Receiver) -> None:
    down = f"json://127.0.0.1:{free_port()}/hook"  # nothing listens there
    config = load_config({"CRAWLER_NOTIFY": f"{down}, {receiver.url.replace('http://', 'json://')}"})
    watch(db, "Ma túy", "ma tuy", at=T0)
    ArticleRepository(db).save_batch([story(1, "Bắt đối tượng tàng trữ ma túy", seen=T0)])
    check(db, config, T0)
    report = send_due(db, config, T0)
    assert (report.sent, report.retrying) == (1, 1) and report.errors[0].startswith("json:")
    # Due again one minute later: only the failed channel is tried, and the receiver gets nothing twice.
    report = send_due(db, config, T0 + timedelta(minutes=2))
    assert (report.sent, report.retrying) == (0, 1)
    assert len(receiver.delivered()) == 1


def test_an_apprise_config_file(tmp_path: Path, receiver: Receiver) -> None:
    path = tmp_path / "apprise.yml"
    path.write_text(f"urls:\n  - {receiver.url.replace('http://', 'json://')}\n", encoding="utf-8")
    config = load_config({"CRAWLER_NOTIFY": str(path)})
    assert len(config.channels) == 1 and config.channels[0].startswith("json:")


def _decoded_subject(message: Message) -> str:
    from email.header import decode_header, make_header

    return str(make_header(decode_header(message["Subject"])))


def test_smtp_server_down_is_retried(db: Database) -> None:
    config = load_config(smtp_env(free_port()))
    watch(db, "Ma túy", "ma tuy", at=T0)
    ArticleRepository(db).save_batch([story(1, "Bắt đối tượng tàng trữ ma túy", seen=T0)])
    check(db, config, T0)
    report = send_due(db, config, T0)
    assert report.retrying == 1 and report.errors[0].startswith("email ")


# -- the crawl and the CLI ---------------------------------------------------------------------------


def crawl(sites: Path, db_url: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return cli("crawl", "--sites", str(sites), "--db", db_url, "--progress", "0", *FAST, env=env)


def test_crawl_ends_with_alerts_for_a_new_matching_story_and_a_portal_that_is_down(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    with ReplicaServer() as server:
        sites = tmp_path / "sites.toml"
        sites.write_text(server.sites_toml(), encoding="utf-8")
        # Not configured: the crawl says nothing about alerts and records nothing.
        result = crawl(sites, db_url, {})
        assert result.returncode == 0, result.stderr[-3000:]
        assert "alerts:" not in result.stderr and "warning" not in result.stderr
        result = cli("watch", "add", "Đánh bạc", "đánh bạc qua mạng", "cá độ bóng đá", "--db", db_url)
        assert result.returncode == 0 and result.stdout.startswith("watchlist 1 'Đánh bạc'"), result.stderr

        title = "Triệt phá đường dây ĐÁNH BẠC QUA MẠNG quy mô lớn trên địa bàn tỉnh"
        state = server.replica
        template = state.posts("nukeviet")[0]
        state.publish(dataclasses.replace(
            template, id=state.next_id("nukeviet"), title=title,
            published=datetime.now(TZ).replace(second=0, microsecond=0), lead=None, story=None, updated=None,
            blocks=("Công an tỉnh vừa triệt phá một đường dây đánh bạc qua mạng với số tiền giao dịch lớn, "
                    "bắt giữ nhiều đối tượng và thu giữ nhiều tang vật liên quan đến vụ án.",),
            quirks=frozenset()))

        # The webhook is down during the crawl: the crawl succeeds, the event waits.
        down = {"CRAWLER_ALERT_WEBHOOK": f"http://127.0.0.1:{free_port()}/hook"}
        result = crawl(sites, db_url, down)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "alerts: 0 sent, 1 queued for retry" in result.stderr, result.stderr[-3000:]

    receiver = Receiver()
    try:
        up = {"CRAWLER_ALERT_WEBHOOK": receiver.url}
        # A portal that does not answer: its crawl fails, and the end of that crawl says so.
        dead = tmp_path / "dead.toml"
        dead.write_text(f'[[sites]]\nid = "ca-dead"\nname = "Dead"\nstart_urls = ["http://127.0.0.1:{free_port()}/"]\n'
                        "download_delay = 0\n", encoding="utf-8")
        result = cli("crawl", "--sites", str(dead), "--db", db_url, "--progress", "0", *FAST,
                     "-s", "RETRY_TIMES=0", env=up)
        assert result.returncode == 1, result.stderr[-3000:]
        # The match's retry is not due yet (1 min backoff): only the failure went out.
        bodies = receiver.delivered()
        assert [b["event"] for b in bodies] == ["run_failed"] and bodies[0]["site"] == "ca-dead"
        assert bodies[0]["run"]["failures_in_a_row"] == 1

        # `crawler alerts` lists both; --send sends the match once its retry is due (backdated here).
        result = cli("alerts", "--db", db_url, env=up)
        assert result.returncode == 0 and "retrying, 1 tried" in result.stdout and "webhook sent" in result.stdout
        db = open_database(db_url)
        try:
            with db.sessions.begin() as session:
                for delivery in session.execute(select(AlertDelivery)).scalars():
                    if delivery.sent_at is None:
                        delivery.next_attempt_at = datetime.now(UTC) - timedelta(seconds=1)
        finally:
            db.dispose()
        result = cli("alerts", "--send", "--db", db_url, env=up)
        assert result.returncode == 0, result.stderr
        assert "alerts: 1 sent, 0 queued for retry, 0 given up" in result.stderr
        matches = [b for b in receiver.delivered() if b["event"] == "match"]
        assert len(matches) == 1 and matches[0]["article"]["title"] == title
        assert matches[0]["matched"] == ["đánh bạc qua mạng"] and matches[0]["site"] == "replica-nukeviet"
        result = cli("alerts", "--send", "--db", db_url, env=up)
        assert "alerts: 0 sent" in result.stderr and len(receiver.delivered()) == 2
    finally:
        receiver.close()


def test_watch_and_alerts_commands(sqlite_url: str) -> None:
    result = cli("watch", "add", "Ma túy", "ma tuy", "heroin", "--db", sqlite_url)
    assert result.returncode == 0 and result.stdout == "watchlist 1 'Ma túy': ma tuy, heroin\n", result.stderr
    result = cli("watch", "list", "--db", sqlite_url)
    assert "Ma túy" in result.stdout and "ma tuy, heroin" in result.stdout
    result = cli("alerts", "--db", sqlite_url)
    assert result.returncode == 0 and "no alert events" in result.stdout
    result = cli("watch", "remove", "1", "--db", sqlite_url)
    assert result.returncode == 0 and result.stdout == "watchlist 1 removed\n"
    assert "no watchlists" in cli("watch", "list", "--db", sqlite_url).stdout


@pytest.mark.parametrize(("args", "env", "message"), [
    (["watch", "add", "Ma túy"], {}, "a watchlist needs terms, a --province or a --type"),
    (["watch", "add", "Ma túy", "ma tuy", "!!!"], {}, "error: term '!!!' has no letter or digit to match"),
    (["watch", "add", "  ", "ma tuy"], {}, "error: a watchlist needs a name"),
    (["watch", "remove", "abc"], {}, "expected a watchlist id (a whole number >= 1), got 'abc'"),
    (["watch", "remove", "0"], {}, "expected a watchlist id"),
    (["watch", "remove", "99"], {}, "error: no watchlist with id 99"),
    (["watch"], {}, "the following arguments are required: ACTION"),
    (["alerts", "--send"], {}, "error: no alert channel configured"),
    (["alerts", "--limit", "0"], {}, "expected a number >= 1"),
    (["alerts", "--send"], {"CRAWLER_ALERT_WEBHOOK": "ftp://x/"},
     "error: CRAWLER_ALERT_WEBHOOK: expected an http(s) URL"),
    (["alerts"], {"CRAWLER_SMTP_HOST": "localhost", "CRAWLER_SMTP_PORT": "smtp"},
     "error: CRAWLER_SMTP_PORT: expected a port number, got 'smtp'"),
    (["alerts"], {"CRAWLER_SMTP_HOST": "localhost"}, "CRAWLER_SMTP_FROM and CRAWLER_SMTP_TO are needed too"),
    (["alerts"], {"CRAWLER_NOTIFY": "nosuchservice://token@x"}, "CRAWLER_NOTIFY: Apprise cannot use nosuchservice://"),
    (["alerts"], {"CRAWLER_NOTIFY": "/no/such/apprise.yml"}, "neither an Apprise URL nor a readable config file"),
])
def test_bad_input_is_one_line(sqlite_url: str, args: list[str], env: dict[str, str], message: str) -> None:
    open_database(sqlite_url).dispose()
    result = cli(*args, "--db", sqlite_url, env=env) if args != ["watch"] else cli(*args, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("error:") and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_duplicate_watchlist_name_is_refused(sqlite_url: str) -> None:
    assert cli("watch", "add", "Ma túy", "ma tuy", "--db", sqlite_url).returncode == 0
    result = cli("watch", "add", "Ma túy", "heroin", "--db", sqlite_url)
    assert result.returncode == 2 and result.stderr == (
        "error: a watchlist named 'Ma túy' exists; remove it first or pick another name\n")


def test_bad_alert_config_never_fails_a_crawl(tmp_path: Path) -> None:
    with ReplicaServer(portals=["langson"]) as server:
        sites = tmp_path / "sites.toml"
        sites.write_text(server.sites_toml(), encoding="utf-8")
        result = crawl(sites, f"sqlite:///{tmp_path / 'b.sqlite'}", {"CRAWLER_SMTP_HOST": "localhost"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "warning: alerts not sent: CRAWLER_SMTP_HOST is set" in result.stderr
