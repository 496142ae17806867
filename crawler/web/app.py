"""The review inbox's Flask application: the factory, which configures the app and registers its blueprints.

The views: crawler.web.auth (sign in, sign out; it also decides who reads each request), .inbox (the review
queue, "Mark selected reviewed"), .articles (a story, "Mark reviewed"), .portals, .search and .feeds (Atom);
crawler.web.security makes every write carry the session's CSRF token and sets the security headers. Every page
is a Jinja2 template with autoescape on (the .html templates), so a stored title or body is shown as text
whatever it holds.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from datetime import timedelta

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from crawler.crawl.registry import Site
from crawler.review import queue as review
from crawler.review.queue import open_existing, percent
from crawler.web import articles, context, feeds, inbox, metrics, portals, search, security
from crawler.web import auth as auth_module

FLAG_LABELS = {**review.FLAG_LABELS, "": "reviewed"}
# Failed sign-ins allowed per client address and per account name within LOGIN_WINDOW seconds.
LOGIN_LIMITS = {"address": 20, "name": 5}
LOGIN_WINDOW = 15 * 60.0
SESSION_LIFETIME = timedelta(hours=12)


def create_app(db_url: str | None, *, sites: Sequence[Site] = (), secret_key: str | bytes | None = None,
               auth: bool = True, behind_proxy: bool = False) -> Flask:
    """The application over one database (opened now: a bad URL or a missing SQLite file raises DatabaseError).

    ``sites`` (the registry) gives the portals' names and start pages, over those the store keeps;
    ``secret_key`` signs the session cookie holding the CSRF token and the reviewer (default:
    $CRAWLER_WEB_SECRET, else a random key, so sessions die with the process); ``auth``: reviewers sign in
    with their accounts (crawler.web.auth), else every page is open; ``behind_proxy``: trust one proxy's
    X-Forwarded-For/-Proto/-Host (the client's address for the sign-in throttle, HTTPS for the cookie).
    """
    db = open_existing(db_url)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key or os.environ.get("CRAWLER_WEB_SECRET") or secrets.token_bytes(32),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="crawler_session",
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.session_interface = security.SessionCookies()
    if behind_proxy:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    if auth:
        app.extensions[auth_module.THROTTLE_KEY] = auth_module.LoginThrottle(LOGIN_LIMITS, LOGIN_WINDOW)
    app.extensions[context.DB_KEY] = db
    registry = {s.id: s for s in sites}
    app.extensions[context.SITES_KEY] = registry

    app.jinja_env.globals.update(csrf_token=security.csrf_token, flag_label=flag_label)
    app.context_processor(lambda: {"sites": context.registry(), "reviewer": auth_module.reviewer()})
    app.jinja_env.filters.update(local=review.local_time, published=review.date_text, percent=share,
                                 thousands=thousands)
    app.before_request(auth_module.require_reviewer)
    app.before_request(security.check_csrf)
    app.after_request(security.security_headers)
    app.register_error_handler(HTTPException, error_page)
    for blueprint in (auth_module.bp, inbox.bp, articles.bp, portals.bp, search.bp, feeds.bp, metrics.bp):
        app.register_blueprint(blueprint)
    return app


def flag_label(flag: str) -> str:
    return FLAG_LABELS.get(flag, flag)


def share(value: float) -> str:
    return percent(value, 1)


def thousands(n: int) -> str:
    return f"{n:,}"


def error_page(exc: HTTPException) -> tuple[str, int]:
    return render_template("error.html", code=exc.code, name=exc.name, message=exc.description), exc.code or 500
