"""Atom feeds of new stories, overall and for one portal, narrowed by ?province= and ?type= (crawler.review.feeds
builds them)."""

from __future__ import annotations

from flask import Blueprint, Response, request

from crawler.review.feeds import atom_feed
from crawler.web.context import database, int_arg, province_arg, registry, type_arg

bp = Blueprint("feeds", __name__)


@bp.get("/feed.xml")
def overall() -> Response:
    limit = int_arg("limit", 50, minimum=1, maximum=500)
    body = atom_feed(database(), limit=limit, self_url=request.url, base_url=request.url_root, province=province_arg(),
                     case_type=type_arg())
    return Response(body, mimetype="application/atom+xml", content_type="application/atom+xml; charset=utf-8")


@bp.get("/sites/<site_id>/feed.xml")
def site(site_id: str) -> Response:
    limit = int_arg("limit", 50, minimum=1, maximum=500)
    sites = registry()
    name = sites[site_id].name if site_id in sites else None
    body = atom_feed(database(), site_id=site_id, site_name=name, limit=limit, self_url=request.url,
                     base_url=request.url_root, province=province_arg(), case_type=type_arg())
    return Response(body, content_type="application/atom+xml; charset=utf-8")
