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
from sqlalchemy import select
from sqlalchemy.orm import load_only

from crawler.core.dates import TZ
from storage.db import Database
from storage.models import Article, ArticleUrl

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


def _clean(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def _rfc3339(value: datetime) -> str:
    return value.astimezone(TZ).isoformat(timespec="seconds")


def _summary(article: Article) -> str:
    text = article.summary or article.body or ""
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"


_COLUMNS = (
    Article.id, Article.site_id, Article.url, Article.title, Article.published_at, Article.updated_at,
    Article.first_seen_at, Article.author, Article.summary, Article.body,
)


def newest_entries(db: Database, *, site_id: str | None = None, limit: int = 50) -> list[FeedEntry]:
    """The ``limit`` stories stored last (first capture, newest first), overall or first seen on one portal.

    Overall reads articles by first_seen_at (indexed); a portal reads its URLs by (site_id, first_seen_at),
    so a story also carried by the portal links to the portal's own URL.
    """
    with db.sessions() as session:
        if site_id is None:
            rows = session.execute(
                select(Article).options(load_only(*_COLUMNS))
                .order_by(Article.first_seen_at.desc(), Article.id.desc()).limit(limit)
            ).scalars().all()
            return [_entry(a, a.url, a.site_id, a.first_seen_at) for a in rows]
        # A story seen at two URLs of the portal comes twice: read a little more, keep the first of each.
        urls = session.execute(
            select(ArticleUrl.article_id, ArticleUrl.url, ArticleUrl.first_seen_at)
            .where(ArticleUrl.site_id == site_id)
            .order_by(ArticleUrl.first_seen_at.desc(), ArticleUrl.id.desc()).limit(limit * 2)
        ).all()
        order: dict[int, tuple[str, datetime]] = {}
        for article_id, url, seen in urls:
            order.setdefault(article_id, (url, seen))
        wanted = list(order)[:limit]
        articles = {
            a.id: a for a in session.execute(
                select(Article).options(load_only(*_COLUMNS)).where(Article.id.in_(wanted))
            ).scalars()
        }
        return [_entry(articles[i], order[i][0], site_id, order[i][1]) for i in wanted if i in articles]


def _entry(article: Article, url: str, site_id: str, first_seen: datetime) -> FeedEntry:
    return FeedEntry(
        id=article.id, title=article.title, url=url, site_id=site_id, published=article.published_at,
        updated=article.updated_at, first_seen=first_seen, author=article.author, summary=_summary(article),
    )


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
    _sub(feed, "updated", _rfc3339(updated))
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
        _sub(entry, "updated", _rfc3339(e.updated))
        _sub(entry, "published", _rfc3339(e.published or e.first_seen))
        _sub(entry, "link", rel="alternate", type="text/html", href=_clean(e.url))
        if reviewer_base:
            _sub(entry, "link", rel="related", type="text/html",
                 href=_clean(f"{reviewer_base.rstrip('/')}/articles/{e.id}"))
        if e.author and e.author.strip():
            _sub(_sub(entry, "author"), "name", e.author.strip())
        _sub(entry, "category", term=_clean(e.site_id))
        if e.summary:
            _sub(entry, "summary", e.summary, type="text")
    return bytes(etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True))


def atom_feed(
    db: Database, *, site_id: str | None = None, site_name: str | None = None, limit: int = 50,
    base_url: str = DEFAULT_BASE_URL, self_url: str | None = None,
) -> bytes:
    """The feed of new articles (overall, or of one portal) as served under ``base_url`` by `crawler web`."""
    base = base_url.rstrip("/")
    if site_id is None:
        path, feed_id, page = "/feed.xml", f"{TAG_AUTHORITY}:feed", "/"
        title = "Vietnamese police portals: new articles"
    else:
        path = f"/sites/{site_id}/feed.xml"
        feed_id = f"{TAG_AUTHORITY}:feed/site/{site_id}"
        title = f"{site_name or site_id}: new articles"
        page = f"/sites/{site_id}"
    return build_feed(
        newest_entries(db, site_id=site_id, limit=limit), feed_id=feed_id, title=title,
        self_url=self_url or base + path, alternate_url=base + page, reviewer_base=base,
    )
