"""The inbox: the review queue a page at a time, newest change first, filtered; "Mark selected reviewed"."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response as BaseResponse

from crawler.core.text import fold
from crawler.web import data
from crawler.web.auth import reviewer_name
from crawler.web.context import database, date_arg, province_arg, registry, type_arg
from crawler.web.security import next_url
from storage import ArticleRepository
from storage.db import Database
from storage.models import MAX_ID

bp = Blueprint("inbox", __name__)


@bp.get("/")
def index() -> str:
    flt = _filter()
    try:
        older = data.Cursor.decode(request.args.get("before"))
        newer = data.Cursor.decode(request.args.get("after"))
    except ValueError as exc:
        abort(400, str(exc))
    db = database()
    page = data.inbox_page(db, flt, older_than=older, newer_than=newer)
    provinces, case_types = data.facets(db, flt)
    return render_template("inbox.html", page=page, flt=flt, statuses=data.STATUSES, filter_args=_filter_args(flt),
                           portals=_portal_choices(db, flt.site_id), provinces=provinces, case_types=case_types,
                           facet_window=data.FACET_WINDOW)


@bp.post("/review")
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
        ArticleRepository(database()).review(ids, by=reviewer_name())
    return redirect(next_url(url_for("inbox.index")))


def _filter() -> data.InboxFilter:
    status = request.args.get("status", "").strip() or None
    if status is not None and status not in data.STATUSES:
        abort(400, f"status: one of {', '.join(data.STATUSES)}, got {status!r}")
    return data.InboxFilter(
        site_id=request.args.get("site", "").strip() or None,
        status=status,
        since=date_arg("since"),
        until=date_arg("until"),
        province=province_arg(),
        case_type=type_arg(),
    )


def _portal_choices(db: Database, current: str | None) -> list[tuple[str, str]]:
    """(id, label) of every portal to filter on, by name: the named ones, those with stories, the one asked for."""
    names = {site_id: site.name for site_id, site in registry().items()}
    ids = set(names) | data.crawled_sites(db) | ({current} if current else set())
    return sorted(((i, names.get(i) or i) for i in ids), key=lambda choice: fold(choice[1]))


def _filter_args(flt: data.InboxFilter) -> dict[str, str]:
    """The filter as query arguments, for the pager's links."""
    args = {"site": flt.site_id or "", "status": flt.status or "",
            "since": flt.since.isoformat() if flt.since else "", "until": flt.until.isoformat() if flt.until else "",
            "province": flt.province or "", "type": flt.case_type or ""}
    return {k: v for k, v in args.items() if v}
