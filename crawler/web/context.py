"""What the views share: the application's database and portal registry (set by create_app), and query arguments."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, g, request

from crawler.crawl.registry import Site
from storage.db import Database
from storage.portals import PortalRepository

# Keys of app.extensions; `crawler web` disposes of the database through the first one.
DB_KEY = "crawler_db"
SITES_KEY = "crawler_sites"


def database() -> Database:
    """The database the application was made over."""
    db: Database = current_app.extensions[DB_KEY]
    return db


def registry() -> dict[str, Site]:
    """Every portal with a name, by id: the store's (table sites, written by every crawl), overridden by the
    registry the application was given (it may be newer). Read once per request."""
    if "portals" not in g:
        configured: dict[str, Site] = current_app.extensions[SITES_KEY]
        stored = {p.id: Site(id=p.id, name=p.name, start_urls=tuple(p.start_urls), profile=p.profile)
                  for p in PortalRepository(database()).all()}
        g.portals = {**stored, **configured}
    portals: dict[str, Site] = g.portals
    return portals


def int_arg(name: str, default: int, *, minimum: int, maximum: int | None = None) -> int:
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


def date_arg(name: str) -> date | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(400, f"{name}: expected a date YYYY-MM-DD, got {text!r}")


def province_arg() -> str | None:
    """?province=: today's province, by key or by name (a former province's name too); 400 if none is meant."""
    from crawler.tagging import province_key

    text = request.args.get("province", "").strip()
    if not text:
        return None
    found = province_key(text)
    if found is None:
        abort(400, f"province: not a province: {text!r}")
    return found


def type_arg() -> str | None:
    """?type=: a case type of the taxonomy; 400 otherwise."""
    from crawler.tagging import Taxonomy

    text = request.args.get("type", "").strip()
    if not text:
        return None
    if text not in Taxonomy.load().types:
        abort(400, f"type: one of {', '.join(Taxonomy.load().types)}, got {text!r}")
    return text
