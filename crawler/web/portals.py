"""The portals: every one known (registry or crawl runs) with its health, and one portal's runs and daily stories."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from crawler.crawl.registry import polling_summary
from crawler.review.queue import alert_of, duration
from crawler.web import data
from crawler.web.context import database, registry
from storage import ArticleRepository, RunRepository
from storage.runs import is_success

bp = Blueprint("portals", __name__)


@bp.get("/sites")
def index() -> str:
    db = database()
    ids = sorted(set(registry()) | data.crawled_sites(db))
    overviews = {o.site_id: o for o in RunRepository(db).overview(ids)}
    return render_template("sites.html", ids=ids, overviews=overviews, alert_of=alert_of)


@bp.get("/sites/<site_id>")
def show(site_id: str) -> str:
    db = database()
    known = site_id in registry()
    runs = RunRepository(db).recent(site_id=site_id, limit=20)
    if not known and not runs and not ArticleRepository(db).has_known_urls(site_id):
        abort(404, f"no portal {site_id!r} in the registry or the database")
    overview = RunRepository(db).overview([site_id])[0]
    chart = data.bar_chart(data.articles_per_day(db, site_id))
    site = registry().get(site_id)
    return render_template("site.html", site_id=site_id, site=site, overview=overview,
                           polling=polling_summary(site) if site else None,
                           alert=alert_of(overview), runs=runs, chart=chart, is_success=is_success,
                           duration=duration)
