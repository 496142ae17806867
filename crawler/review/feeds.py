"""Atom 1.0 feeds of newly stored articles, overall or for one portal (`crawler feed`, /feed.xml).

Built as an element tree with lxml, never by pasting strings: titles and bodies come from
third-party pages and may hold anything, markup and control characters included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from crawler.core.dates import iso
from storage import queue
from storage.db import Database
from storage.models import Story
from storage.portals import PortalRepository

ATOM_NS = "http://www.w3.org/2005/Atom"
# RFC 4151 tag URIs: stable ids that do not pretend to be fetchable.
TAG_AUTHORITY = "tag:vn-police-crawler,2024"
GENERATOR = "vn-police-crawler"
DEFAULT_BASE_URL = "http://127.0.0.1:8080/"
SUMMARY_CHARS = 400
# Characters XML 1.0 does not allow at all (lxml refuses them); a scraped page may carry them.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    id: int
    title: str
    url: str  # on the portal
    site_id: str
    published: datetime | None
    updated: datetime
    first_seen: datetime
    author: str | None
    summary: str
    # The portal's name as the store knows it (table sites), when it does.
    site_name: str | None = None


def _clean(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def _summary(article: Story) -> str:
    text = article.summary or article.body or ""
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"


def newest_entries(db: Database, *, site_id: str | None = None, limit: int = 50, province: str | None = None,
                   case_type: str | None = None) -> list[FeedEntry]:
    """The ``limit`` stories stored last (first capture, newest first), overall or first seen on one portal.

    Read by storage.queue.newest: a portal's entries link to the portal's own URL of a story it also carries.
    """
    names = PortalRepository(db).names()
    return [
        FeedEntry(
            id=c.article.id, title=c.article.title, url=c.url, site_id=c.site_id, published=c.article.published_at,
            updated=c.article.updated_at, first_seen=c.first_seen, author=c.article.author,
            summary=_summary(c.article), site_name=names.get(c.site_id),
        )
        for c in queue.newest(db, site_id=site_id, limit=limit, province=province, case_type=case_type)
    ]


def _sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM_NS}}}{name}", attrs)
    if text is not None:
        element.text = _clean(text)
    return element


def build_feed(
    entries: Sequence[FeedEntry], *, feed_id: str, title: str, self_url: str, alternate_url: str | None = None,
    reviewer_base: str | None = None, now: datetime | None = None,
) -> bytes:
    """An Atom 1.0 document (RFC 4287), UTF-8 with an XML declaration.

    The feed carries its own author (the crawler), so entries without a known author stay valid.
    ``reviewer_base`` adds a rel="related" link to each story's page in the review inbox.
    """
    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    _sub(feed, "id", feed_id)
    _sub(feed, "title", title)
    updated = max((e.updated for e in entries), default=None) or now or datetime.now(UTC)
    _sub(feed, "updated", iso(updated))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=_clean(self_url))
    if alternate_url:
        _sub(feed, "link", rel="alternate", type="text/html", href=_clean(alternate_url))
    author = _sub(feed, "author")
    _sub(author, "name", GENERATOR)
    _sub(feed, "generator", GENERATOR)
    for e in entries:
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"{TAG_AUTHORITY}:article/{e.id}")
        _sub(entry, "title", e.title or f"article {e.id}", type="text")
        _sub(entry, "updated", iso(e.updated))
        _sub(entry, "published", iso(e.published or e.first_seen))
        _sub(entry, "link", rel="alternate", type="text/html", href=_clean(e.url))
        if reviewer_base:
            _sub(entry, "link", rel="related", type="text/html",
                 href=_clean(f"{reviewer_base.rstrip('/')}/articles/{e.id}"))
        if e.author and e.author.strip():
            _sub(_sub(entry, "author"), "name", e.author.strip())
        if e.site_name:
            _sub(entry, "category", term=_clean(e.site_id), label=_clean(e.site_name))
        else:
            _sub(entry, "category", term=_clean(e.site_id))
        if e.summary:
            _sub(entry, "summary", e.summary, type="text")
    return bytes(etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True))


def atom_feed(
    db: Database, *, site_id: str | None = None, site_name: str | None = None, limit: int = 50,
    base_url: str = DEFAULT_BASE_URL, self_url: str | None = None, province: str | None = None,
    case_type: str | None = None,
) -> bytes:
    """The feed of new articles (overall, or of one portal; of one province as it is today, of one case type)
    as served under ``base_url`` by `crawler web`. Portals are named as the store knows them; ``site_name``
    (from a registry) wins."""
    base = base_url.rstrip("/")
    if site_id is None:
        path, feed_id, page = "/feed.xml", f"{TAG_AUTHORITY}:feed", "/"
        title = "Vietnamese police portals: new articles"
    else:
        path = f"/sites/{site_id}/feed.xml"
        feed_id = f"{TAG_AUTHORITY}:feed/site/{site_id}"
        title = f"{site_name or PortalRepository(db).names().get(site_id) or site_id}: new articles"
        page = f"/sites/{site_id}"
    return build_feed(
        newest_entries(db, site_id=site_id, limit=limit, province=province, case_type=case_type),
        feed_id=feed_id + "".join(f"/{k}/{v}" for k, v in (("province", province), ("type", case_type)) if v),
        title=title + "".join(f" ({v})" for v in (province, case_type) if v),
        self_url=self_url or base + path, alternate_url=base + page, reviewer_base=base,
    )
