"""Sign-in: with accounts on (create_app(auth=True), `crawler web` without --no-auth), every page asks who reads it.

Who reads a request (require_reviewer, run before every request):
1. The login page and the style sheet are open to all.
2. The session's reviewer: the account it signed in as, while that account exists and has not ended its
   sessions since (Sign out ends them on every device; so does a new password).
3. Feeds and /metrics also take HTTP Basic credentials: feed readers and Prometheus cannot fill a form.
4. Anyone else is sent to the login page (a feed or /metrics reader gets 401 with a Basic challenge).

Failed sign-ins are counted per client address and per account name (LoginThrottle): past the limit within
the window, sign-in is refused with 429 until the window has passed, right password or not.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers.response import Response as BaseResponse

from crawler.review import accounts
from crawler.web.context import database
from crawler.web.security import local_or
from storage.reviewers import ReviewerRecord, ReviewerRepository

bp = Blueprint("auth", __name__)

# app.extensions key of the LoginThrottle; present only when the app signs reviewers in.
THROTTLE_KEY = "crawler_login_throttle"
OPEN_ENDPOINTS = frozenset({"auth.login", "static"})
BASIC_ENDPOINTS = frozenset({"feeds.overall", "feeds.site", "metrics.scrape"})
REALM = 'Basic realm="Review inbox", charset="UTF-8"'


class LoginThrottle:
    """Failed sign-ins over a sliding window, by key (("address", ip) or ("name", name)); thread-safe."""

    def __init__(self, limits: dict[str, int], window: float = 900.0,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 10_000) -> None:
        self.limits, self.window, self.clock, self.max_keys = limits, window, clock, max_keys
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, keys: list[tuple[str, str]]) -> float:
        """Seconds until any of ``keys`` may try again (0: now)."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if times is not None and len(times) >= self.limits[key[0]]:
                    wait = max(wait, times[-self.limits[key[0]]] + self.window - now)
        return wait

    def failed(self, keys: list[tuple[str, str]]) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failures) >= self.max_keys:
                self._sweep(now)
            for key in keys:
                self._failures.setdefault(key, deque(maxlen=self.limits[key[0]])).append(now)

    def cleared(self, keys: list[tuple[str, str]]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def _recent(self, key: tuple[str, str], now: float) -> deque[float] | None:
        times = self._failures.get(key)
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def _sweep(self, now: float) -> None:
        for key in list(self._failures):
            if not self._recent(key, now):
                del self._failures[key]
        while len(self._failures) >= self.max_keys:  # all recent: forget the oldest keys
            del self._failures[next(iter(self._failures))]


def reviewer() -> ReviewerRecord | None:
    """Who is signed in (None with sign-in off)."""
    value: ReviewerRecord | None = g.get("reviewer")
    return value


def reviewer_name() -> str | None:
    signed_in = reviewer()
    return signed_in.name if signed_in is not None else None


def require_reviewer() -> BaseResponse | None:
    """Before every request: find who reads it (the steps in the module docstring)."""
    g.reviewer = None
    if THROTTLE_KEY not in current_app.extensions or request.endpoint in OPEN_ENDPOINTS:  # 1.
        return None
    g.reviewer = _session_reviewer()  # 2.
    if g.reviewer is not None:
        return None
    if request.endpoint in BASIC_ENDPOINTS:  # 3.
        g.reviewer = _basic_reviewer()
        if g.reviewer is not None:
            return None
        return Response("sign in to read this (HTTP Basic: a reviewer's name and password)\n", 401,
                        {"WWW-Authenticate": REALM}, content_type="text/plain; charset=utf-8")
    target = request.full_path.rstrip("?") if request.method == "GET" else (request.referrer or "/")  # 4.
    return redirect(url_for("auth.login", next=local_or(_path_of(target), "/")), 303)


@bp.route("/login", methods=["GET", "POST"])
def login() -> BaseResponse | tuple[str, int, dict[str, str]] | str:
    back = local_or(request.values.get("next", ""), url_for("inbox.index"))
    if THROTTLE_KEY not in current_app.extensions:
        return redirect(back, 303)
    if request.method == "GET":
        if _session_reviewer() is not None:
            return redirect(back, 303)
        return render_template("login.html", next=back, error=None, name="")
    name, password = request.form.get("name", "").strip(), request.form.get("password", "")
    found, wait = _check(name, password)
    if found is None:
        if wait:
            minutes = max(1, round(wait / 60))
            error = f"Too many failed sign-ins: try again in {minutes} minute{'s' if minutes > 1 else ''}."
            return render_template("login.html", next=back, error=error, name=name), 429, \
                {"Retry-After": str(int(wait) + 1)}
        return render_template("login.html", next=back, error="Wrong name or password.", name=name), 401, {}
    session.clear()  # a new session (and CSRF token) for the signed-in reviewer
    session.permanent = True
    session["reviewer"] = found.id
    session["since"] = time.time()
    return redirect(back, 303)


@bp.post("/logout")
def logout() -> BaseResponse:
    signed_in = reviewer()
    if signed_in is not None:
        ReviewerRepository(database()).sign_out_everywhere(signed_in.id, datetime.now(UTC))
    session.clear()
    return redirect(url_for("auth.login"), 303)


def _check(name: str, password: str) -> tuple[ReviewerRecord | None, float]:
    """The account these credentials sign in as, or None and how long to wait before trying (0: wrong)."""
    throttle: LoginThrottle = current_app.extensions[THROTTLE_KEY]
    keys = [("address", request.remote_addr or "-"), ("name", name.casefold())]
    wait = throttle.retry_after(keys)
    if wait > 0:
        return None, wait
    found = accounts.authenticate(database(), name, password)
    if found is None:
        throttle.failed(keys)
        return None, 0.0
    throttle.cleared(keys[1:])  # the name's count; the address keeps its failures (other names it tried)
    return found, 0.0


def _session_reviewer() -> ReviewerRecord | None:
    reviewer_id, since = session.get("reviewer"), session.get("since")
    if not isinstance(reviewer_id, int) or not isinstance(since, float):
        return None
    found = ReviewerRepository(database()).by_id(reviewer_id)
    return found if found is not None and accounts.session_valid(found, since) else None


def _basic_reviewer() -> ReviewerRecord | None:
    auth = request.authorization
    if auth is None or auth.type != "basic" or not auth.username or auth.password is None:
        return None
    found, wait = _check(auth.username, auth.password)
    if wait:
        abort(429, "too many failed sign-ins: try again later")
    return found


def _path_of(target: str) -> str:
    """A referrer's path and query (the page a POST came from), or the target as it is."""
    parts = urlsplit(target)
    if parts.netloc and parts.netloc != request.host:
        return "/"
    return parts.path + (f"?{parts.query}" if parts.query else "") if parts.netloc else target
