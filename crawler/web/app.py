"""The review inbox's Flask application: inbox, article, portal, search, feeds, and "Mark reviewed".

Every page is a Jinja2 template with autoescape on (the .html templates), so a stored title or body
is shown as text whatever it holds; no page carries a script, and the Content-Security-Policy header
forbids any. Writes are POSTs carrying the session's CSRF token (kept in Flask's signed session cookie).
"""

from __future__ import annotations

import dataclasses
import hmac
import os
import re
import secrets
from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, abort, redirect, render_template, request, session, url_for
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers.response import Response as BaseResponse

from crawler.core.dates import TZ
from crawler.crawl.registry import Site
from crawler.review import queue as review
from crawler.review.feeds import atom_feed
from crawler.review.queue import alert_of, open_existing, percent
from crawler.web import data
from storage import ArticleRepository, RunRepository, flag_of
from storage.db import Database
from storage.models import MAX_ID, CrawlRun
from storage.near_dups import AlsoPublished, also_published
from storage.repository import published_value
from storage.runs import is_success
from storage.search import SearchError, SearchHit
from storage.search import search as search_stories

FLAG_LABELS = {**review.FLAG_LABELS, "": "reviewed"}
SEARCH_PAGE = 20

CSP = ("default-src 'none'; style-src 'self'; img-src * data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")


def create_app(db_url: str | None, *, sites: Sequence[Site] = (), secret_key: str | bytes | None = None) -> Flask:
    """The application over one database (opened now: a bad URL or a missing SQLite file raises DatabaseError).

    ``sites`` (the registry) gives the portals' names and start pages; ``secret_key`` signs the session cookie
    holding the CSRF token (default: $CRAWLER_WEB_SECRET, else a random key, so tokens die with the process).
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
    app.extensions["crawler_db"] = db
    registry = {s.id: s for s in sites}
    app.extensions["crawler_sites"] = registry

    app.jinja_env.globals.update(csrf_token=_csrf_token, flag_label=lambda f: FLAG_LABELS.get(f, f),
                                 sites=registry)
    app.jinja_env.filters.update(local=review.local_time, published=review.date_text, percent=lambda v: percent(v, 1),
                                 thousands=lambda n: f"{n:,}")

    @app.before_request
    def check_csrf() -> None:
        if request.method == "POST":
            expected = session.get("csrf")
            sent = request.form.get("csrf_token", "")
            if not isinstance(expected, str) or not sent or not hmac.compare_digest(sent, expected):
                abort(400, "missing or bad CSRF token: reload the page and try again")

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[str, int]:
        return render_template("error.html", code=exc.code, name=exc.name, message=exc.description), exc.code or 500

    @app.get("/")
    def inbox() -> str:
        flt = _inbox_filter()
        try:
            older = data.Cursor.decode(request.args.get("before"))
            newer = data.Cursor.decode(request.args.get("after"))
        except ValueError as exc:
            abort(400, str(exc))
        page = data.inbox_page(db, flt, older_than=older, newer_than=newer)
        return render_template("inbox.html", page=page, flt=flt, statuses=data.STATUSES,
                               filter_args=_filter_args(flt))

    @app.get("/articles/<int:article_id>")
    def article(article_id: int) -> str:
        row = ArticleRepository(db).get(article_id) if article_id <= MAX_ID else None
        if row is None:
            abort(404, f"no article with id {article_id}")
        return render_template(
            "article.html", a=row, flag=flag_of(row), published=review.date_text(published_value(row)),
            date_source=review.describe_source(row.published_source),
            diffs=data.version_diffs(row.versions), also=_also_published(db, article_id), back=_back_target(),
        )

    @app.post("/articles/<int:article_id>/review")
    def review_one(article_id: int) -> BaseResponse:
        if article_id > MAX_ID or not data.existing_ids(db, [article_id]):
            abort(404, f"no article with id {article_id}")
        ArticleRepository(db).review([article_id])
        return redirect(_next_url(url_for("article", article_id=article_id)))

    @app.post("/review")
    def review_many() -> BaseResponse:
        ids = []
        for text in request.form.getlist("ids"):
            try:
                value = int(text)
            except ValueError:
                abort(400, f"not an article id: {text!r}")
            if not 1 <= value <= MAX_ID:
                abort(400, f"not an article id: {text!r}")
            ids.append(value)
        if ids:
            ArticleRepository(db).review(ids)
        return redirect(_next_url(url_for("inbox")))

    @app.get("/sites/<site_id>")
    def site(site_id: str) -> str:
        known = site_id in registry
        runs = RunRepository(db).recent(site_id=site_id, limit=20)
        if not known and not runs and not ArticleRepository(db).has_known_urls(site_id):
            abort(404, f"no portal {site_id!r} in the registry or the database")
        overview = RunRepository(db).overview([site_id])[0]
        chart = data.bar_chart(data.articles_per_day(db, site_id))
        return render_template("site.html", site_id=site_id, site=registry.get(site_id), overview=overview,
                               alert=alert_of(overview), runs=runs, chart=chart, is_success=is_success,
                               duration=_duration)

    @app.get("/sites")
    def site_list() -> str:
        with db.sessions() as s:
            ran = set(s.execute(select(CrawlRun.site_id).distinct()).scalars())
        ids = sorted(set(registry) | ran)
        overviews = {o.site_id: o for o in RunRepository(db).overview(ids)}
        return render_template("sites.html", ids=ids, overviews=overviews, alert_of=alert_of)

    @app.get("/search")
    def search() -> str:
        query = request.args.get("q", "").strip()
        site_id = request.args.get("site", "").strip() or None
        offset = _int_arg("offset", 0, minimum=0)
        error = None
        hits: list[dict[str, Any]] = []
        more = False
        if query:
            try:
                found = search_stories(db, query, site_id=site_id, limit=SEARCH_PAGE + 1, offset=offset)
            except SearchError as exc:  # a query with nothing searchable in it
                error = str(exc)
            else:
                more = len(found) > SEARCH_PAGE
                hits = [_hit(h) for h in found[:SEARCH_PAGE]]
        return render_template("search.html", q=query, site_id=site_id or "", hits=hits, error=error,
                               offset=offset, more=more, page=SEARCH_PAGE)

    @app.get("/feed.xml")
    def feed() -> Response:
        limit = _int_arg("limit", 50, minimum=1, maximum=500)
        body = atom_feed(db, limit=limit, self_url=request.url, base_url=request.url_root)
        return Response(body, mimetype="application/atom+xml", content_type="application/atom+xml; charset=utf-8")

    @app.get("/sites/<site_id>/feed.xml")
    def site_feed(site_id: str) -> Response:
        limit = _int_arg("limit", 50, minimum=1, maximum=500)
        name = registry[site_id].name if site_id in registry else None
        body = atom_feed(db, site_id=site_id, site_name=name, limit=limit, self_url=request.url,
                         base_url=request.url_root)
        return Response(body, content_type="application/atom+xml; charset=utf-8")

    return app


# -- helpers ----------------------------------------------------------------------------------


def _csrf_token() -> str:
    token = session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def _duration(seconds: float) -> str:
    from crawler.review.queue import duration

    return duration(seconds)


def _int_arg(name: str, default: int, *, minimum: int, maximum: int | None = None) -> int:
    text = request.args.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        abort(400, f"{name}: expected a whole number, got {text!r}")
    if value < minimum or (maximum is not None and value > maximum):
        abort(400, f"{name}: out of range: {value}")
    return value


def _date_arg(name: str) -> date | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(400, f"{name}: expected a date YYYY-MM-DD, got {text!r}")


def _inbox_filter() -> data.InboxFilter:
    status = request.args.get("status", "").strip() or None
    if status is not None and status not in data.STATUSES:
        abort(400, f"status: one of {', '.join(data.STATUSES)}, got {status!r}")
    return data.InboxFilter(
        site_id=request.args.get("site", "").strip() or None,
        status=status,  # type: ignore[arg-type]
        since=_date_arg("since"),
        until=_date_arg("until"),
    )


def _filter_args(flt: data.InboxFilter) -> dict[str, str]:
    args = {"site": flt.site_id or "", "status": flt.status or "",
            "since": flt.since.isoformat() if flt.since else "", "until": flt.until.isoformat() if flt.until else ""}
    return {k: v for k, v in args.items() if v}


def _is_local(target: str) -> bool:
    parts = urlsplit(target)
    return (target.startswith("/") and not target.startswith("//") and "\\" not in target
            and not parts.scheme and not parts.netloc)


def _local_or(target: str, default: str) -> str:
    return target if target and _is_local(target) else default


def _next_url(default: str) -> str:
    """Where a form sends the reviewer back: its ``next`` field when it is a path of this site."""
    return _local_or(request.form.get("next", ""), default)


def _back_target() -> str:
    """The article page's way back (the inbox page or search it came from): a path of this site."""
    return _local_or(request.args.get("back", ""), "/")


def _also_published(db: Database, article_id: int) -> list[AlsoPublished]:
    """The story's copies on other portals, earliest first; only web links are made links."""
    return [o if o.url.startswith(("http://", "https://")) else dataclasses.replace(o, url="")
            for o in also_published(db, article_id)]


_MATCHED = re.compile(r"\[([^\[\]]+)\]")


def _marked(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, matched) parts: storage.search puts the matched words in [brackets]."""
    parts: list[tuple[str, bool]] = []
    last = 0
    for m in _MATCHED.finditer(snippet):
        if m.start() > last:
            parts.append((snippet[last:m.start()], False))
        parts.append((m.group(1), True))
        last = m.end()
    if last < len(snippet):
        parts.append((snippet[last:], False))
    return parts


def _hit(hit: SearchHit) -> dict[str, Any]:
    return {
        "id": hit.article_id,
        "title": hit.title,
        "site_id": hit.site_id,
        "date": review.date_text(hit.at.astimezone(TZ)),
        "snippet": _marked(hit.snippet),
        "score": hit.score,
    }
