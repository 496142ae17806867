"""Full-text search over the stored stories (storage.search), a page of hits with the matched words marked."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, render_template, request

from crawler.core.dates import TZ
from crawler.review import queue as review
from crawler.tagging import Taxonomy, province_names
from crawler.web.context import database, int_arg, province_arg, type_arg
from storage.search import SearchError, SearchHit
from storage.search import search as search_stories

SEARCH_PAGE = 20

bp = Blueprint("search", __name__)


@bp.get("/search")
def index() -> str:
    query = request.args.get("q", "").strip()
    site_id = request.args.get("site", "").strip() or None
    province, case_type = province_arg(), type_arg()
    offset = int_arg("offset", 0, minimum=0)
    error = None
    hits: list[dict[str, Any]] = []
    more = False
    if query:
        try:
            found = search_stories(database(), query, site_id=site_id, limit=SEARCH_PAGE + 1, offset=offset,
                                   province=province, case_type=case_type)
        except SearchError as exc:  # a query with nothing searchable in it
            error = str(exc)
        else:
            more = len(found) > SEARCH_PAGE
            hits = [_hit(h) for h in found[:SEARCH_PAGE]]
    return render_template("search.html", q=query, site_id=site_id or "", hits=hits, error=error,
                           offset=offset, more=more, page=SEARCH_PAGE, province=province or "",
                           case_type=case_type or "", provinces=province_names(), case_types=Taxonomy.load().types)


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
