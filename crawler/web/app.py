"""The review inbox's Flask application: the factory, which configures the app and registers its blueprints.

The views: crawler.web.inbox (the review queue, "Mark selected reviewed"), .articles (a story, "Mark reviewed"),
.portals, .search and .feeds (Atom); crawler.web.security makes every write carry the session's CSRF token and
sets the security headers. Every page is a Jinja2 template with autoescape on (the .html templates), so a stored
title or body is shown as text whatever it holds.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from crawler.crawl.registry import Site
from crawler.review import queue as review
from crawler.review.queue import open_existing, percent
from crawler.web import articles, context, feeds, inbox, metrics, portals, search, security

FLAG_LABELS = {**review.FLAG_LABELS, "": "reviewed"}


def create_app(db_url: str | None, *, sites: Sequence[Site] = (), secret_key: str | bytes | None = None) -> Flask:
    """The application over one database (opened now: a bad URL or a missing SQLite file raises DatabaseError).

    ``sites`` (the registry) gives the portals' names and start pages, over those the store keeps;
    ``secret_key`` signs the session cookie holding the CSRF token (default: $CRAWLER_WEB_SECRET, else a random
    key, so tokens die with the process).
    """
    db = open_existing(db_url)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key or os.environ.get("CRAWLER_WEB_SECRET") or secrets.token_bytes(32),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="crawler_session",
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.extensions[context.DB_KEY] = db
    registry = {s.id: s for s in sites}
    app.extensions[context.SITES_KEY] = registry

    app.jinja_env.globals.update(csrf_token=security.csrf_token, flag_label=flag_label)
    app.context_processor(lambda: {"sites": context.registry()})
    app.jinja_env.filters.update(local=review.local_time, published=review.date_text, percent=share,
                                 thousands=thousands)
    app.before_request(security.check_csrf)
    app.after_request(security.security_headers)
    app.register_error_handler(HTTPException, error_page)
    for blueprint in (inbox.bp, articles.bp, portals.bp, search.bp, feeds.bp, metrics.bp):
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
