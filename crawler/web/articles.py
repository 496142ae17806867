"""A story: every field, URL, image and version (side-by-side diffs), its copies on other portals; "Mark reviewed"."""

from __future__ import annotations

import dataclasses

from flask import Blueprint, abort, redirect, render_template, url_for
from werkzeug.wrappers.response import Response as BaseResponse

from crawler.review import queue as review
from crawler.tagging import province_names
from crawler.web import data
from crawler.web.auth import reviewer_name
from crawler.web.context import database
from crawler.web.security import back_target, next_url
from storage import ArticleRepository, flag_of, queue
from storage.db import Database
from storage.models import MAX_ID
from storage.near_dups import AlsoPublished, also_published
from storage.repository import published_value
from storage.tags import tags_of

bp = Blueprint("articles", __name__)


@bp.get("/articles/<int:article_id>")
def show(article_id: int) -> str:
    db = database()
    row = ArticleRepository(db).get(article_id) if article_id <= MAX_ID else None
    if row is None:
        abort(404, f"no article with id {article_id}")
    tags = tags_of(db, [article_id]).get(article_id)
    provinces = province_names()
    where = [review.places_text(p, places, provinces) for p, places in tags.provinces] if tags else []
    case_types = [(t, ", ".join(terms[:5])) for t, terms in tags.types] if tags else []
    return render_template(
        "article.html", a=row, flag=flag_of(row), published=review.date_text(published_value(row)), where=where,
        case_types=case_types,
        date_source=review.describe_source(row.published_source), reviewed=review.reviewed_text(row),
        diffs=data.version_diffs(row.versions), also=_also_published(db, article_id), back=back_target(),
    )


@bp.post("/articles/<int:article_id>/review")
def review_one(article_id: int) -> BaseResponse:
    db = database()
    if article_id > MAX_ID or not queue.existing_ids(db, [article_id]):
        abort(404, f"no article with id {article_id}")
    ArticleRepository(db).review([article_id], by=reviewer_name())
    return redirect(next_url(url_for("articles.show", article_id=article_id)))


def _also_published(db: Database, article_id: int) -> list[AlsoPublished]:
    """The story's copies on other portals, earliest first; only web links are made links."""
    return [o if o.url.startswith(("http://", "https://")) else dataclasses.replace(o, url="")
            for o in also_published(db, article_id)]
