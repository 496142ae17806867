"""Alerts: new stories matching a watchlist, failed crawls and extraction-health drops, told once.

A check reads what is new since the last one (stories by id, crawl runs by id, plus the last
minutes again for transactions that committed late) and records an event per thing worth telling,
under a unique key ("match:<watch id>:<article id>", "run:<run id>:failed", "run:<run id>:health"),
with a delivery row per configured channel. Sending claims due deliveries, delivers each, and marks
it sent, or failed with its next try (backoff), or given up (an answer that retrying cannot change).

Channels, configured from the environment:

    CRAWLER_NOTIFY          one or more Apprise URLs (separated by spaces), or the path of an Apprise
                            config file: Telegram (tgram://), Slack, Discord, Teams, ntfy, e-mail
                            (mailto://, mailtos://), json:// and the rest of Apprise's services. Each URL
                            is a channel of its own, so one that fails is retried alone.
    CRAWLER_ALERT_WEBHOOK   http(s) URL the events are POSTed to as structured JSON, with an
                            Idempotency-Key header (for machines)
    CRAWLER_SMTP_HOST, CRAWLER_SMTP_PORT, CRAWLER_SMTP_USER, CRAWLER_SMTP_PASSWORD,
    CRAWLER_SMTP_FROM, CRAWLER_SMTP_TO
                            the older e-mail settings: still read, and sent through Apprise's
                            mailto:// (port 465: TLS from the start; with a login: STARTTLS, required;
                            without: plain, for a local relay). CRAWLER_NOTIFY=mailtos://… replaces them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from crawler.core.text import fold
from storage.alerts import AlertRepository, Claimed, NewEvent
from storage.db import Database
from storage.models import AlertDelivery, AlertEvent, CrawlRun, Story, Watchlist
from storage.portals import PortalRepository
from storage.runs import is_success
from storage.tags import PROVINCE, TYPE, StoryTagRows, tags_of

WEBHOOK, EMAIL = "webhook", "email"
MATCH, RUN_FAILED, HEALTH = "match", "run_failed", "health_alert"
# Stories and runs of the last minutes are read again on every check: a transaction that took its
# ids before another's but committed after it is not skipped by the cursor.
RECENT = timedelta(minutes=15)
# The first check of a database looks this far back for failed runs.
FIRST_RUNS_WINDOW = timedelta(days=1)
# Retries: 1 min, 2 min, 4 min … at most 2 h apart; given up after MAX_ATTEMPTS tries.
RETRY_FIRST = timedelta(minutes=1)
RETRY_MAX = timedelta(hours=2)
MAX_ATTEMPTS = 10
TIMEOUT = 15.0  # seconds per webhook request
# Several Apprise URLs in one variable: split before each "scheme://" that follows a space or a comma.
_URL_START = re.compile(r"[\s,]+(?=[A-Za-z][A-Za-z0-9+.-]*://)")


class AlertConfigError(Exception):
    """A configuration variable that cannot be used, in one line."""


class DeliveryError(Exception):
    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


# -- configuration ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NotifyTarget:
    """One Apprise URL and the delivery channel it is: "<scheme>:<hash of the URL>" ("tgram:3fa2c1d0"),
    stable across restarts, with no secret in it."""

    channel: str
    url: str = field(repr=False)

    @property
    def scheme(self) -> str:
        return self.url.split("://", 1)[0].lower()


@dataclass(frozen=True, slots=True)
class AlertConfig:
    webhook: str | None = None
    notify: tuple[NotifyTarget, ...] = ()

    @property
    def channels(self) -> list[str]:
        return ([WEBHOOK] if self.webhook else []) + [t.channel for t in self.notify]


def notify_target(url: str, channel: str | None = None) -> NotifyTarget:
    scheme = url.split("://", 1)[0].lower()
    return NotifyTarget(channel or f"{scheme[:7]}:{hashlib.sha256(url.encode()).hexdigest()[:8]}", url)


def load_config(env: Mapping[str, str] | None = None) -> AlertConfig:
    env = os.environ if env is None else env
    webhook = env.get("CRAWLER_ALERT_WEBHOOK", "").strip() or None
    if webhook is not None:
        parts = urlsplit(webhook)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise AlertConfigError(f"CRAWLER_ALERT_WEBHOOK: expected an http(s) URL, got {webhook!r}")
    targets = []
    smtp = _smtp_url(env)
    if smtp is not None:
        targets.append(notify_target(smtp, EMAIL))
    targets += [notify_target(url) for url in _notify_urls(env.get("CRAWLER_NOTIFY", "").strip())]
    return AlertConfig(webhook, tuple(dict.fromkeys(targets)))


def _notify_urls(value: str) -> list[str]:
    """The Apprise URLs of CRAWLER_NOTIFY (inline, or in an Apprise config file), each checked by Apprise."""
    if not value:
        return []
    import apprise

    if "://" not in value:
        path = Path(value).expanduser()
        if not path.is_file():
            raise AlertConfigError(f"CRAWLER_NOTIFY: {value!r} is neither an Apprise URL nor a readable config file")
        config = apprise.AppriseConfig()
        loaded = apprise.Apprise()
        if not config.add(str(path)) or not loaded.add(config) or not len(loaded):
            raise AlertConfigError(f"CRAWLER_NOTIFY: no notification URL could be read from {value!r}")
        return [server.url(privacy=False) for server in loaded]
    urls = [u.strip() for u in _URL_START.split(value) if u.strip()]
    for url in urls:
        if not apprise.Apprise().add(url):
            scheme = url.split("://", 1)[0]
            raise AlertConfigError(f"CRAWLER_NOTIFY: Apprise cannot use {scheme}://… (a service it knows, with "
                                   "its required parts: https://github.com/caronc/apprise/wiki)")
    return urls


def _smtp_url(env: Mapping[str, str]) -> str | None:
    """The older CRAWLER_SMTP_* settings as an Apprise mailto:// URL, or None when they are not set."""
    host = env.get("CRAWLER_SMTP_HOST", "").strip()
    if not host:
        return None
    port_text = env.get("CRAWLER_SMTP_PORT", "").strip() or "25"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise AlertConfigError(f"CRAWLER_SMTP_PORT: expected a port number, got {port_text!r}")
    sender = env.get("CRAWLER_SMTP_FROM", "").strip()
    recipients = [a.strip() for a in env.get("CRAWLER_SMTP_TO", "").split(",") if a.strip()]
    if not sender or not recipients:
        raise AlertConfigError("CRAWLER_SMTP_HOST is set: CRAWLER_SMTP_FROM and CRAWLER_SMTP_TO are needed too "
                               "(or set CRAWLER_NOTIFY=mailtos://user:password@host?from=…&to=… instead)")
    user, password = env.get("CRAWLER_SMTP_USER") or "", env.get("CRAWLER_SMTP_PASSWORD") or ""
    port = int(port_text)
    # A password only ever travels over TLS: from the start on 465, else STARTTLS, which Apprise then requires.
    mode = "ssl" if port == 465 else "starttls" if user else "insecure"
    login = f"{quote(user, safe='')}:{quote(password, safe='')}@" if user else ""
    return (f"{'mailto' if mode == 'insecure' else 'mailtos'}://{login}{host}:{port}?smtp={quote(host)}"
            f"&from={quote(sender)}&to={quote(','.join(recipients), safe=',')}&mode={mode}")


# -- matching ---------------------------------------------------------------------------------------


def fold_terms(terms: Sequence[str]) -> list[str]:
    """The folded form of each term; raises ValueError naming a term that has no letter or digit."""
    folded = []
    for term in terms:
        key = fold(term)
        if not key:
            raise ValueError(f"term {term!r} has no letter or digit to match")
        folded.append(key)
    return folded


def matched_terms(watch: Watchlist, texts: Sequence[str]) -> list[str]:
    """The watchlist's terms (as typed) found in the folded texts, each as a whole-word sequence."""
    padded = [f" {text} " for text in texts]
    return [term for term, key in zip(watch.terms, watch.folded, strict=True)
            if any(f" {key} " in text for text in padded)]


def watch_matches(watch: Watchlist, texts: Sequence[str], tags: StoryTagRows | None) -> list[str]:
    """What of the watchlist a story matches (its terms as typed, "province: X", "type: Y"), [] unless it
    matches all the watchlist asks: one of its terms if it has any, its province and its case type if it names
    them."""
    matched = matched_terms(watch, texts) if watch.terms else []
    if watch.terms and not matched:
        return []
    for kind, wanted, label in ((PROVINCE, watch.province, "province"), (TYPE, watch.case_type, "type")):
        if wanted is None:
            continue
        values = {v for v, _ in (tags.provinces if kind == PROVINCE else tags.types)} if tags else set()
        if wanted not in values:
            return []
        matched.append(f"{label}: {wanted}")
    return matched


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def match_event(watch: Watchlist, article: Story, terms: list[str], site_name: str | None = None) -> NewEvent:
    key = f"match:{watch.id}:{article.id}"
    payload = {
        "event": MATCH, "key": key, "site": article.site_id, "site_name": site_name,
        "watchlist": {"id": watch.id, "name": watch.name},
        "matched": terms,
        "article": {"id": article.id, "title": article.title, "url": article.url,
                    "published_at": _iso(article.published_at), "first_seen_at": _iso(article.first_seen_at)},
    }
    return NewEvent(key, MATCH, article.site_id, payload, article_id=article.id)


def check_articles(repo: AlertRepository, now: datetime) -> list[NewEvent]:
    """Events for the stories stored since the last check that match an active watchlist.

    Only stories first seen after a watchlist was made count for it: adding one does not
    replay the archive.
    """
    watches = repo.watchlists()
    cursor = repo.cursor("articles")
    if not watches:
        repo.advance_cursor("articles", repo.max_article_id(), now)
        return []
    since = min(w.created_at for w in watches)
    names = PortalRepository(repo.db).names()
    events: list[NewEvent] = []
    page_after, highest = 0, cursor or 0
    while True:
        articles = repo.articles_to_check(cursor or 0, since, now - RECENT, page_after=page_after)
        if not articles:
            break
        tagged = tags_of(repo.db, [a.id for a in articles]) if any(w.province or w.case_type for w in watches) else {}
        for article in articles:
            texts = [fold(article.title), fold(article.summary or ""), fold(article.body)]
            for watch in watches:
                if article.first_seen_at < watch.created_at:
                    continue
                terms = watch_matches(watch, texts, tagged.get(article.id))
                if terms:
                    events.append(match_event(watch, article, terms, names.get(article.site_id)))
        page_after = articles[-1].id
        highest = max(highest, page_after)
    if highest:
        repo.advance_cursor("articles", highest, now)
    return events


def run_payload(run: CrawlRun, failures_in_a_row: int) -> dict[str, Any]:
    return {
        "id": run.id, "outcome": run.outcome, "mode": run.mode, "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at), "requests": run.requests, "errors": run.errors, "pages": run.pages,
        "new": run.new, "failures": run.failures, "failures_in_a_row": failures_in_a_row,
        "health_alert": run.health_alert,
    }


def check_runs(repo: AlertRepository, now: datetime) -> list[NewEvent]:
    """An event per crawl run that failed (one per run; the payload counts the failures in a row) or
    whose extraction health dropped."""
    cursor = repo.cursor("runs")
    window = FIRST_RUNS_WINDOW if cursor is None else RECENT
    after = repo.max_run_id() if cursor is None else cursor
    events: list[NewEvent] = []
    highest = after
    names = PortalRepository(repo.db).names()
    for run in repo.runs_to_check(after, now - window):
        highest = max(highest, run.id)
        in_a_row = 0 if is_success(run) else repo.failures_in_a_row(run.site_id, run.id)
        if in_a_row:
            key = f"run:{run.id}:failed"
            events.append(NewEvent(key, RUN_FAILED, run.site_id, {
                "event": RUN_FAILED, "key": key, "site": run.site_id, "site_name": names.get(run.site_id),
                "run": run_payload(run, in_a_row),
            }, run_id=run.id))
        if run.health_alert:
            key = f"run:{run.id}:health"
            events.append(NewEvent(key, HEALTH, run.site_id, {
                "event": HEALTH, "key": key, "site": run.site_id, "site_name": names.get(run.site_id),
                "run": run_payload(run, in_a_row),
            }, run_id=run.id))
    repo.advance_cursor("runs", highest, now)
    return events


def check(db: Database, config: AlertConfig, now: datetime | None = None) -> int:
    """Record the events since the last check, with a delivery per configured channel; how many were new."""
    now = now or datetime.now(UTC)
    repo = AlertRepository(db)
    events = check_runs(repo, now) + check_articles(repo, now)
    return len(repo.record(events, config.channels, now)) if events else 0


# -- delivery ---------------------------------------------------------------------------------------


def post_webhook(url: str, key: str, payload: Mapping[str, Any], *, timeout: float = TIMEOUT) -> None:
    """POST the event as JSON; 2xx is delivered. 5xx, 408, 429, time-outs and refused connections are
    worth a retry; any other answer is not."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "vn-police-crawler-alerts/1",
        # The same key on every try: a receiver that saw a try whose answer was lost can drop the repeat.
        "Idempotency-Key": key,
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read(65536)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code} {exc.reason}".strip(),
                            retry=exc.code >= 500 or exc.code in (408, 425, 429)) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        raise DeliveryError(f"cannot reach webhook: {reason}", retry=True) from None
    except TimeoutError as exc:
        raise DeliveryError(f"webhook timed out: {exc}", retry=True) from None
    except (OSError, ValueError) as exc:  # connection reset mid-answer, a malformed status line
        raise DeliveryError(f"webhook failed: {exc}", retry=True) from None


def message_text(kind: str, payload: Mapping[str, Any]) -> tuple[str, str]:
    """Title and plain-text body of an event's notification (an e-mail's subject and text)."""
    site = payload.get("site_name") or payload.get("site", "?")
    if kind == MATCH:
        article, watch = payload["article"], payload["watchlist"]
        subject = f"[crawler] {watch['name']}: {article['title']}"
        lines = [f"Watchlist {watch['name']!r} matched a new story on {site}.", "",
                 f"Title:   {article['title']}", f"URL:     {article['url']}",
                 f"Matched: {', '.join(payload['matched'])}",
                 f"Story: {article['id']} (crawler show {article['id']})"]
    else:
        run = payload["run"]
        if kind == RUN_FAILED:
            subject = f"[crawler] crawl of {site} failed ({run['failures_in_a_row']} in a row)"
            lines = [f"The crawl of {site} failed: {run['outcome']}, {run['errors']} error(s) "
                     f"for {run['requests']} request(s).", f"Failures in a row: {run['failures_in_a_row']}"]
            if run.get("failures"):
                lines.append(f"What failed: {run['failures']}")
        else:
            subject = f"[crawler] extraction health dropped on {site}"
            lines = [f"{site}: {run['health_alert']}"]
        site_id = payload.get("site", "?")
        lines += ["", f"Run {run['id']}, {run['started_at']} - {run['finished_at']} (crawler runs --site {site_id})"]
    lines += ["", f"Event: {payload.get('key', '')}"]
    return " ".join(subject.split())[:200], "\n".join(lines) + "\n"


def send_notification(target: NotifyTarget, kind: str, payload: Mapping[str, Any]) -> None:
    """Deliver the event's title and text through Apprise to one URL. Apprise says only whether it worked
    (its log says why not): a failure is retried with backoff, like the webhook's."""
    import apprise

    title, text = message_text(kind, payload)
    notifier = apprise.Apprise()
    if not notifier.add(target.url):
        raise DeliveryError(f"{target.scheme}: Apprise cannot use this URL any more", retry=False)
    with apprise.LogCapture(level=apprise.logging.WARNING) as log:
        sent = notifier.notify(title=title, body=text)
    if not sent:
        lines = [line.strip() for line in log.getvalue().splitlines() if line.strip()]
        raise DeliveryError(f"{target.scheme}: {lines[-1] if lines else 'not delivered'}"[:300], retry=True)


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try: 1 min, 2, 4 … capped at RETRY_MAX."""
    return min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_MAX)


@dataclass(slots=True)
class SendReport:
    sent: int = 0
    retrying: int = 0
    given_up: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        text = f"alerts: {self.sent} sent, {self.retrying} queued for retry, {self.given_up} given up"
        return text + (f" (last error: {self.errors[-1]})" if self.errors else "")


def deliver(config: AlertConfig, claimed: Claimed) -> None:
    if claimed.channel == WEBHOOK and config.webhook:
        post_webhook(config.webhook, claimed.key, claimed.payload)
        return
    target = next((t for t in config.notify if t.channel == claimed.channel), None)
    if target is None:
        raise DeliveryError(f"channel {claimed.channel!r} is not configured", retry=True)
    send_notification(target, claimed.kind, claimed.payload)


def send_due(db: Database, config: AlertConfig, now: datetime | None = None) -> SendReport:
    """Send every delivery due on the configured channels, each claimed first, so a concurrent sender
    never sends it too. ``now`` pins the clock (tests); by default it is read at each step."""
    repo = AlertRepository(db)
    report = SendReport()
    while True:
        claimed = repo.claim_due(config.channels, now)
        if not claimed:
            return report
        for item in claimed:
            try:
                deliver(config, item)
            except DeliveryError as exc:
                at = now or datetime.now(UTC)
                retry = exc.retry and item.attempts < MAX_ATTEMPTS
                repo.mark_failed(item.delivery_id, f"{exc} (try {item.attempts})",
                                 at + retry_delay(item.attempts) if retry else None)
                report.errors.append(f"{item.channel} {item.key}: {exc}")
                if retry:
                    report.retrying += 1
                else:
                    report.given_up += 1
            else:
                repo.mark_sent(item.delivery_id, now or datetime.now(UTC))
                report.sent += 1


def after_crawl(db_url: str) -> None:
    """The end of `crawler crawl`: check and send, when a channel is configured. Never raises: what
    could not be sent stays queued for the next crawl or `crawler alerts --send`."""
    try:
        config = load_config()
    except AlertConfigError as exc:
        print(f"warning: alerts not sent: {exc}", file=sys.stderr)
        return
    if not config.channels:
        return
    from storage import open_database

    try:
        db = open_database(db_url)
        try:
            check(db, config)
            report = send_due(db, config)
        finally:
            db.dispose()
    except Exception as exc:  # the crawl's result stands whatever happens here
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"warning: alerts: {reason} (left queued for the next try)", file=sys.stderr)
        return
    if report.sent or report.retrying or report.given_up:
        print(report.line(), file=sys.stderr)


# -- listing ----------------------------------------------------------------------------------------


def render_watchlists(watches: Sequence[Watchlist]) -> str:
    if not watches:
        return "no watchlists (add one: crawler watch add NAME TERM...)"
    from crawler.review.queue import local_time, render_table

    return "\n".join(render_table(["id", "name", "terms", "province", "type", "created"],
                                  [[str(w.id), w.name, ", ".join(w.terms) or "-", w.province or "-", w.case_type or "-",
                                    local_time(w.created_at)] for w in watches],
                                  right=[0]))


def _what(event: AlertEvent) -> str:
    payload = event.payload
    if event.kind == MATCH:
        return f"{payload['watchlist']['name']}: {payload['article']['title']} [{', '.join(payload['matched'])}]"
    run = payload.get("run", {})
    if event.kind == RUN_FAILED:
        return f"crawl {run.get('outcome')} ({run.get('failures_in_a_row')} in a row)"
    return str(run.get("health_alert") or event.kind)


def _status(delivery: AlertDelivery) -> str:
    if delivery.sent_at is not None:
        return f"{delivery.channel} sent"
    if delivery.next_attempt_at is None:
        return f"{delivery.channel} given up after {delivery.attempts} ({delivery.last_error})"
    if delivery.attempts:
        return f"{delivery.channel} retrying, {delivery.attempts} tried ({delivery.last_error})"
    return f"{delivery.channel} pending"


def render_events(events: Sequence[AlertEvent]) -> str:
    if not events:
        return "no alert events"
    from crawler.review.queue import local_time, render_table, shorten

    rows = []
    for event in events:
        status = "; ".join(_status(d) for d in event.deliveries) or "no channel"
        rows.append([str(event.id), local_time(event.created_at), event.kind, event.site_id,
                     shorten(_what(event), 70), status])
    return "\n".join(render_table(["id", "created", "kind", "site", "what", "delivery"], rows, right=[0]))
