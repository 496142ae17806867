"""/metrics: the portals' figures for Prometheus (crawler.monitoring.metrics), read from the inbox's store."""

from __future__ import annotations

from flask import Blueprint, Response, current_app
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from crawler.monitoring.metrics import portal_registry
from crawler.web.context import database

bp = Blueprint("metrics", __name__)
REGISTRY_KEY = "crawler_metrics"


@bp.get("/metrics")
def scrape() -> Response:
    if REGISTRY_KEY not in current_app.extensions:
        current_app.extensions[REGISTRY_KEY] = portal_registry(database)
    registry = current_app.extensions[REGISTRY_KEY]
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
