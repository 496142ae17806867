"""Full-text search of stored stories, the way Vietnamese readers type.

"cong an lang son" finds "Công an tỉnh Lạng Sơn", "hoà" finds "hòa", "dak lak" finds "Đắk Lắk":
the indexed text and the query are both folded by `crawler.core.text.fold` (lower case, no diacritics,
đ read as d, words only), so SQLite (FTS5) and PostgreSQL (tsvector, GIN) see the same words and
return the same stories in the same order.

A query is words, all required, in any order; a "quoted part" must appear as those words in a row.
Ranking: stories with every query term in the title first, then those matching only with summary or
body; within each, newest first (published, else first seen). The order is read off the index
(``sort_key``, see storage.models.ArticleSearch): a page costs the same on a million stories as on a
thousand, even for a word nearly every story has.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from crawler.core.text import clean_inline, fold
from storage.db import Database
from storage.models import Story

_ID_BITS = 32
_ID_MASK = (1 << _ID_BITS) - 1
_MAX_MINUTES = (1 << 31) - 1
_QUOTED = re.compile(r'"([^"]*)"?')
_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 32
SNIPPET_WORDS = 30
TITLE_SCORE, BODY_SCORE = 2.0, 1.0


class SearchError(ValueError):
    """A query that cannot be searched (nothing left once folded): worth one line to the user."""


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    title: str
    site_id: str
    url: str
    published_at: datetime | None
    first_seen_at: datetime
    snippet: str  # a few words of the body around the match, matched words in [brackets]
    score: float  # TITLE_SCORE: every term in the title; BODY_SCORE: found with summary or body

    @property
    def at(self) -> datetime:
        """What the ranking calls recency: published, else first seen."""
        return self.published_at or self.first_seen_at


@dataclass(frozen=True)
class IndexRow:
    """What the index holds for one story: folded title, folded summary + body, and the sort key."""

    article_id: int
    sort_key: int
    title: str
    body: str


# -- indexing ---------------------------------------------------------------------------------------


def sort_key(article_id: int, at: datetime) -> int:
    """Recency in minutes (clamped to 1970..6053) << 32 | article id: unique, newest largest."""
    minutes = min(max(int(at.timestamp() // 60), 0), _MAX_MINUTES)
    return minutes << _ID_BITS | (article_id & _ID_MASK)


def folded_text(title: str, summary: str | None, body: str | Sequence[str]) -> tuple[str, str]:
    """What the index holds of a story's text: the folded title, and the folded summary and body."""
    paragraphs = [body] if isinstance(body, str) else list(body)
    return fold(title), fold(" ".join([summary or "", *paragraphs]))


def index_row(article_id: int, at: datetime, title: str, summary: str | None, body: str | Sequence[str]) -> IndexRow:
    return IndexRow(article_id, sort_key(article_id, at), *folded_text(title, summary, body))


# Built once: a story is indexed every few milliseconds, and parsing a statement cost more than running it.
_UPSERT_PG = text(
    "INSERT INTO article_search (article_id, sort_key, document, title_document) VALUES (:id, :key, "
    "setweight(to_tsvector('simple', :title), 'A') || setweight(to_tsvector('simple', :body), 'B'), "
    "to_tsvector('simple', :title)) "
    "ON CONFLICT (article_id) DO UPDATE SET sort_key = excluded.sort_key, document = excluded.document, "
    "title_document = excluded.title_document"
)
# SQLite: the FTS rows of the old key go first (the key moves when the publication date does).
_DELETE_FTS = text("DELETE FROM article_search_fts WHERE rowid = "
                   "(SELECT sort_key FROM article_search WHERE article_id = :id)")
_DELETE_TITLE_FTS = text("DELETE FROM article_title_fts WHERE rowid = "
                         "(SELECT sort_key FROM article_search WHERE article_id = :id)")
_UPSERT_KEY = text("INSERT INTO article_search (article_id, sort_key) VALUES (:id, :key) "
                   "ON CONFLICT (article_id) DO UPDATE SET sort_key = excluded.sort_key")
_INSERT_FTS = text("INSERT INTO article_search_fts (rowid, title, body) VALUES (:key, :title, :body)")
_INSERT_TITLE_FTS = text("INSERT INTO article_title_fts (rowid, title) VALUES (:key, :title)")


def index_rows(conn: Connection, rows: Sequence[IndexRow]) -> None:
    """Upsert the index rows of these stories (their old rows, if any, are replaced)."""
    if not rows:
        return
    params = [{"id": r.article_id, "key": r.sort_key, "title": r.title, "body": r.body} for r in rows]
    if conn.dialect.name == "postgresql":
        conn.execute(_UPSERT_PG, params)
        return
    conn.execute(_DELETE_FTS, params)
    conn.execute(_DELETE_TITLE_FTS, params)
    conn.execute(_UPSERT_KEY, params)
    conn.execute(_INSERT_FTS, params)
    conn.execute(_INSERT_TITLE_FTS, params)


def index_article(session: Session, article_id: int, folded_title: str, folded_body: str, *,
                  at: datetime | None = None) -> None:
    """Index a story's folded text (see folded_text), in the session's transaction (the one that writes
    the story). ``at`` is its recency (published, else first seen), read from the story when not given.
    """
    if at is None:
        published, first_seen = session.execute(
            select(Story.published_at, Story.first_seen_at).where(Story.id == article_id)
        ).one()
        at = published or first_seen
    index_rows(session.connection(), [IndexRow(article_id, sort_key(article_id, at), folded_title, folded_body)])


def story_rows(conn: Connection, *, after: int = 0, limit: int = 1000) -> list[IndexRow]:
    """Index rows of the stored stories with id > after, in id order (backfills)."""
    a = Story.__table__.c
    query = (select(a.id, a.title, a.summary, a.body, a.published_at, a.first_seen_at)
             .where(a.id > after).order_by(a.id).limit(limit))
    return [index_row(r.id, r.published_at or r.first_seen_at, r.title, r.summary, r.body)
            for r in conn.execute(query)]


# -- queries ----------------------------------------------------------------------------------------


def parse_query(query: str) -> list[list[str]]:
    """Terms of a query, each a list of folded words (more than one: a quoted phrase).

    Raises SearchError when nothing searchable is left (empty, punctuation only).
    """
    phrases = [fold(m.group(1)).split() for m in _QUOTED.finditer(query)]
    terms = [t for t in phrases if t] + [[word] for word in fold(_QUOTED.sub(" ", query)).split()]
    unique: list[list[str]] = []
    for term in terms:
        if term not in unique:
            unique.append(term)
    if not unique:
        raise SearchError("empty query: give at least one word")
    if len(unique) > MAX_TERMS:
        raise SearchError(f"too many words in the query ({len(unique)}; at most {MAX_TERMS})")
    return unique


def _fts(terms: list[list[str]]) -> str:
    return " AND ".join(f'"{" ".join(term)}"' for term in terms)


def _tsquery(terms: list[list[str]]) -> str:
    return " & ".join("(" + " <-> ".join(f"'{word}'" for word in term) + ")" for term in terms)


# The two ranking tiers, newest first: the query string is :q (:tq, the same words for the titles), the page
# :n and :o, the portal :site. Title matches come from the titles' own index: a query whose words are in
# every body and no title reads the titles' postings, not every body's.
_SQLITE_TIERS = {
    "title": ("SELECT t.rowid & {mask} FROM article_title_fts t{join} WHERE article_title_fts MATCH :q "
              "ORDER BY t.rowid DESC LIMIT :n OFFSET :o"),
    "body": ("SELECT f.rowid & {mask} FROM article_search_fts f{join} WHERE article_search_fts MATCH :q "
             "AND f.rowid NOT IN (SELECT rowid FROM article_title_fts WHERE article_title_fts MATCH :tq) "
             "ORDER BY f.rowid DESC LIMIT :n OFFSET :o"),
}
# PostgreSQL cannot walk a GIN index in sort_key order. Two plans, chosen here rather than by the planner
# (whose estimate of a tsquery's matches is often far off): first the newest RECENT stories are read in
# sort_key order and matched one by one (cheap when the words are common); when that does not fill the
# page, every match is taken from the GIN index and the newest kept (cheap because the words are rare:
# a query that found too few among the newest RECENT has few matches anywhere, short of a rare portal).
_PG_MATCH = {
    "title": "s.title_document @@ to_tsquery('simple', :q)",
    "body": "s.document @@ to_tsquery('simple', :q) AND NOT s.title_document @@ to_tsquery('simple', :tq)",
}
_PG_RECENT = ("SELECT s.article_id FROM (SELECT article_id, sort_key, document, title_document FROM article_search "
              "ORDER BY sort_key DESC LIMIT :recent) s{join} WHERE {match} ORDER BY s.sort_key DESC LIMIT :n OFFSET :o")
# sort_key + 0: not the index's order, so the planner takes the matches from the GIN index.
_PG_ALL = ("SELECT s.article_id FROM article_search s{join} WHERE {match} ORDER BY s.sort_key + 0 DESC "
           "LIMIT :n OFFSET :o")
RECENT = 4000


@functools.cache
def _tier_sql(dialect: str, tier: str, site: bool, province: bool = False, case_type: bool = False
              ) -> tuple[TextClause, ...]:
    """The statements of one ranking tier, tried in turn until one fills the page (the last one always answers).
    ``site``, ``province``, ``case_type``: joined on the story's portal and tags (storage.tags), bound as
    :site, :province and :case_type."""
    story = "s.article_id" if dialect == "postgresql" else f"({'t' if tier == 'title' else 'f'}.rowid & {_ID_MASK})"
    join = f" JOIN articles a ON a.id = {story} AND a.site_id = :site" if site else ""
    if province:
        join += f" JOIN article_tags tp ON tp.article_id = {story} AND tp.kind = 'province' AND tp.value = :province"
    if case_type:
        join += f" JOIN article_tags tt ON tt.article_id = {story} AND tt.kind = 'type' AND tt.value = :case_type"
    if dialect == "postgresql":
        return tuple(text(sql.format(join=join, match=_PG_MATCH[tier])) for sql in (_PG_RECENT, _PG_ALL))
    return (text(_SQLITE_TIERS[tier].format(mask=_ID_MASK, join=join)),)


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a search looks: one portal, one province as it is today, one case type (None: all)."""

    site_id: str | None = None
    province: str | None = None
    case_type: str | None = None


def _ids(conn: Connection, dialect: str, tier: str, terms: list[list[str]], n: int, o: int,
         scope: Scope) -> list[int]:
    q = _tsquery(terms) if dialect == "postgresql" else _fts(terms)
    params: dict[str, Any] = {"q": q, "tq": q, "n": n, "o": o, "recent": RECENT, "site": scope.site_id,
                              "province": scope.province, "case_type": scope.case_type}
    statements = _tier_sql(dialect, tier, scope.site_id is not None, scope.province is not None,
                           scope.case_type is not None)
    for statement in statements[:-1]:
        ids = [row[0] for row in conn.execute(statement, params)]
        if len(ids) == n:
            return ids
    return [row[0] for row in conn.execute(statements[-1], params)]


def search(db: Database, query: str, *, site_id: str | None = None, limit: int = 20,
           offset: int = 0, province: str | None = None, case_type: str | None = None) -> list[SearchHit]:
    """One page of the stories matching ``query``: title matches first, then newest first; on one portal,
    about one province as it is today, of one case type when given."""
    if limit < 1 or offset < 0:
        raise SearchError("limit must be 1 or more and offset 0 or more")
    terms = parse_query(query)
    scope = Scope(site_id, province, case_type)
    with db.engine.connect() as conn:
        title_ids = _ids(conn, db.dialect, "title", terms, limit + offset, 0, scope)
        ranked = [(i, TITLE_SCORE) for i in title_ids[offset:]]
        if len(ranked) < limit:
            skip = max(0, offset - len(title_ids))
            ranked += [(i, BODY_SCORE)
                       for i in _ids(conn, db.dialect, "body", terms, limit - len(ranked), skip, scope)]
        if not ranked:
            return []
        a = Story.__table__.c
        rows = {r.id: r for r in conn.execute(
            select(a.id, a.title, a.site_id, a.url, a.published_at, a.first_seen_at, a.summary, a.body)
            .where(a.id.in_(bindparam("ids", expanding=True))), {"ids": [i for i, _ in ranked]})}
    words = {word for term in terms for word in term}
    hits = []
    for article_id, score in ranked:
        r = rows.get(article_id)
        if r is None:  # deleted between the two reads
            continue
        hits.append(SearchHit(article_id, r.title, r.site_id, r.url, r.published_at, r.first_seen_at,
                              snippet(r.body, words, fallback=r.summary), score))
    return hits


def count(db: Database, query: str, *, site_id: str | None = None, cap: int = 1000, province: str | None = None,
          case_type: str | None = None) -> int:
    """How many stories match, counted up to ``cap`` (a count past it would read every match)."""
    terms = parse_query(query)
    scope = Scope(site_id, province, case_type)
    with db.engine.connect() as conn:
        in_title = len(_ids(conn, db.dialect, "title", terms, cap, 0, scope))
        if in_title >= cap:
            return in_title
        return in_title + len(_ids(conn, db.dialect, "body", terms, cap - in_title, 0, scope))


# -- snippets ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return fold(word)


def _matches(text_: str, words: set[str]) -> tuple[list[re.Match[str]], list[int]]:
    tokens = list(_WORD.finditer(text_))
    return tokens, [i for i, t in enumerate(tokens) if _fold_word(t.group()) in words]


def snippet(body: str, words: set[str], *, fallback: str | None = None, size: int = SNIPPET_WORDS) -> str:
    """About ``size`` words of ``body`` around its densest run of query words, those words in [brackets].

    Words are compared folded, so "Lạng Sơn" is marked for "lang son". A body without any of the words
    (a title-only match) gives its opening words; ``fallback`` (the summary) is tried before that.
    """
    body = clean_inline(body)
    tokens, hits = _matches(body, words)
    if not hits and fallback:
        summary = clean_inline(fallback)
        summary_tokens, summary_hits = _matches(summary, words)
        if summary_hits:
            body, tokens, hits = summary, summary_tokens, summary_hits
    if not tokens:
        return ""
    start = 0
    if hits:  # the window of `size` words holding the most distinct query words, from a little before
        best = -1
        for first in hits:
            seen = {_fold_word(tokens[i].group()) for i in hits if first <= i < first + size}
            if len(seen) > best:
                best, start = len(seen), first
        start = max(0, min(start - 3, len(tokens) - size))
    end = min(len(tokens), start + size)
    marked = set(hits)
    out, pos = [], tokens[start].start()
    for i in range(start, end):
        token = tokens[i]
        out.append(body[pos:token.start()])
        out.append(f"[{token.group()}]" if i in marked else token.group())
        pos = token.end()
    tail = body[pos:] if end == len(tokens) else ""
    return ("… " if start > 0 else "") + "".join(out) + tail + (" …" if end < len(tokens) else "")
