"""The inbox's defences: a CSRF token on every write, security headers on every response, redirects kept local,
a session cookie marked Secure over HTTPS (who may read at all: crawler.web.auth).

No page carries a script, and the Content-Security-Policy header forbids any. Writes are POSTs carrying the
session's CSRF token (kept in Flask's signed session cookie). create_app installs check_csrf before every request
and security_headers after it.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, abort, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface

CSP = ("default-src 'none'; style-src 'self'; img-src * data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie (HttpOnly, SameSite=Lax, set by create_app), marked Secure whenever the
    request came over HTTPS (behind a proxy: as its X-Forwarded-Proto says, with create_app(behind_proxy=True)),
    so the browser never sends it back in clear; plain http on this machine keeps working."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)


def csrf_token() -> str:
    """The session's CSRF token, made on first use (the templates put it in every form)."""
    token = session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def check_csrf() -> None:
    """Refuse a POST without the session's token (400)."""
    if request.method == "POST":
        expected = session.get("csrf")
        sent = request.form.get("csrf_token", "")
        if not isinstance(expected, str) or not sent or not hmac.compare_digest(sent, expected):
            abort(400, "missing or bad CSRF token: reload the page and try again")


def security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def _is_local(target: str) -> bool:
    parts = urlsplit(target)
    return (target.startswith("/") and not target.startswith("//") and "\\" not in target
            and not parts.scheme and not parts.netloc)


def local_or(target: str, default: str) -> str:
    """``target`` if it is a path of this site, else ``default``."""
    return target if target and _is_local(target) else default


def next_url(default: str) -> str:
    """Where a form sends the reviewer back: its ``next`` field when it is a path of this site."""
    return local_or(request.form.get("next", ""), default)


def back_target() -> str:
    """The article page's way back (the inbox page or search it came from): a path of this site."""
    return local_or(request.args.get("back", ""), "/")
