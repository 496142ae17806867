"""The same story across portals: edited republications grouped by MinHash LSH (datasketch).

A portal that reprints another's story changes the lead, drops a paragraph, signs it with its own
byline or writes "hoà" for "hòa": the text is no longer byte-equal, so the repository stores a
separate story. Such stories are grouped here:

* signature: the words of ``crawler.core.text.fold(title + body)`` (no marks, no case, so tone-mark
  styles meet), shingled by SHINGLE words, MinHashed with NUM_PERM permutations (datasketch);
* candidates: the signature cut into BANDS bands of ROWS values, each band hashed to a signed
  64-bit key stored in ``article_bands`` (primary key (key, article_id)). Stories sharing a key
  are candidates: a few index range reads per story, never a scan, whatever the number of stories.
  A key shared by very many stories (boilerplate) yields only its PER_KEY newest stories;
* confirmation: the exact Jaccard similarity of the shingle sets of the best MAX_CONFIRM candidates
  (most bands shared) must reach THRESHOLD;
* group: ``article_groups.group_id`` is the id of the group's earliest story (first seen, then id).
  A story like stories of two groups merges them. Groups are never split (a story edited away
  from its group stays in it).

Two crawls writing copies of one story at the same moment, in two transactions, do not see each
other's uncommitted bands: both stories stay alone until a third copy (or a backfill) bridges them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache, partial
from typing import Any, cast

from sqlalchemy import CompoundSelect, Connection, Table, bindparam, delete, insert, select, tuple_, union_all, update
from sqlalchemy.orm import Session

from crawler.core.text import fold
from storage.db import Database
from storage.models import ArticleBand, ArticleGroup, ArticleUrl, Story

SHINGLE = 3  # words per shingle
# P(candidate) = 1 - (1 - J**ROWS)**BANDS: 0.79 at Jaccard 0.4, 0.96 at 0.5, 0.997 at 0.6, 0.08 at 0.15.
BANDS, ROWS = 24, 3
NUM_PERM = BANDS * ROWS
SEED = 20261130
SCHEME = "affine32"  # datasketch 2's default, named: the stored band keys must not change with an upgrade
# Exact Jaccard of the shingle sets that confirms a candidate. On the gold pages (tests/gold, 65 stories of
# 10 portal families) an edited copy (new lead, last paragraph dropped, tone marks, byline) keeps 0.50-0.94;
# two different stories share at most 0.15 (same boilerplate, other facts).
THRESHOLD = 0.4
PER_KEY = 20  # stories read per band key: a boilerplate key shared by thousands costs no more
MAX_CONFIRM = 8  # candidates whose text is read and compared
BACKFILL_CHUNK = 500
SHINGLE_CACHE = 256  # stored stories' shingle sets kept (about 30 KB each for a 500-word story)

Executor = Session | Connection


@dataclass(frozen=True, slots=True)
class AlsoPublished:
    """Another portal's copy of a story: one URL of another story of the same group."""

    article_id: int
    site_id: str
    url: str
    title: str
    first_seen_at: datetime


def story_text(title: str | None, body: str | Iterable[str]) -> str:
    paragraphs = [body] if isinstance(body, str) else list(body)
    return "\n".join([title or "", *paragraphs])


def shingles(text: str) -> set[str]:
    """The folded text's runs of SHINGLE words (the whole text when it is shorter)."""
    words = fold(text).split()
    if len(words) <= SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def band_keys(shingle_set: set[str]) -> list[int]:
    """The BANDS signed 64-bit keys of a shingle set's MinHash (the same on every machine)."""
    if not shingle_set:
        return []
    minhash_class, permutations = _minhash()
    minhash = minhash_class(num_perm=NUM_PERM, seed=SEED, permutations=permutations, scheme=SCHEME)
    minhash.update_batch(s.encode() for s in sorted(shingle_set))
    values = minhash.hashvalues.astype("<u8")  # little-endian bytes: the same keys on every machine
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(band.to_bytes(2, "little") + values[band * ROWS:(band + 1) * ROWS].tobytes(),
                                 digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return sorted(set(keys))


@cache
def _minhash() -> tuple[Any, Any]:
    """datasketch's MinHash and its permutations, made once. Imported on first use: datasketch brings
    scipy (half a second), which the read-only commands (`crawler show`) do not need."""
    from datasketch import MinHash

    return MinHash, MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def jaccard(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def assign_group(session: Executor, article_id: int, keys: Sequence[int], title: str,
                 body: Sequence[str]) -> int | None:
    """Put a story just written (new, or a new version) in its group; returns the group id.

    ``keys`` are the band keys of its text (see storage.derived); the text itself is shingled only
    when a candidate has to be confirmed. Runs in the caller's transaction.
    """
    conn = session.connection() if isinstance(session, Session) else session
    # Shingled as the stored row will read (paragraphs joined as in articles.body): the next story of the
    # group finds this one's shingles in the cache.
    stored_body = "\n\n".join(body)
    return _assign(conn, article_id, keys, lambda: _story_shingles(title, stored_body))


@lru_cache(maxsize=SHINGLE_CACHE)
def _story_shingles(title: str | None, body: str) -> frozenset[str]:
    """A stored story's shingles. Candidates are mostly the latest stories of a group, confirmed again
    for every new copy: shingling them again each time was most of the cost of a story with candidates."""
    return frozenset(shingles(story_text(title, body)))


# Core statements built once: a story is signed every few milliseconds, and building an ORM
# statement cost more than running it.
_BANDS = cast(Table, ArticleBand.__table__)
_GROUPS = cast(Table, ArticleGroup.__table__)
_DELETE_BANDS = delete(_BANDS).where(_BANDS.c.article_id == bindparam("aid"))
_INSERT_BAND = insert(_BANDS)
_GROUP_OF = select(_GROUPS.c.group_id).where(_GROUPS.c.article_id == bindparam("aid"))
_INSERT_GROUP = insert(_GROUPS)
_ARTICLES = cast(Table, Story.__table__)
_CANDIDATE_TEXTS = (
    select(_ARTICLES.c.id, _ARTICLES.c.title, _ARTICLES.c.body, _GROUPS.c.group_id)
    .outerjoin(_GROUPS, _GROUPS.c.article_id == _ARTICLES.c.id)
    .where(_ARTICLES.c.id.in_(bindparam("ids", expanding=True)))
)


def _assign(conn: Connection, article_id: int, keys: Sequence[int],
            own: Callable[[], AbstractSet[str]]) -> int | None:
    conn.execute(_DELETE_BANDS, {"aid": article_id})
    if keys:
        conn.execute(_INSERT_BAND, [{"key": k, "article_id": article_id} for k in keys])
    current = conn.execute(_GROUP_OF, {"aid": article_id}).scalar_one_or_none()
    if current is None:  # first signature of the story: alone until a match is confirmed
        conn.execute(_INSERT_GROUP, {"article_id": article_id, "group_id": article_id})
    groups = set(_confirmed(conn, article_id, own, keys))
    if not groups:
        return current if current is not None else article_id
    groups.add(current if current is not None else article_id)
    # The earliest of the groups' first stories and this one leads the merged group.
    leaders = conn.execute(
        select(Story.id, Story.first_seen_at).where(Story.id.in_(groups | {article_id}))
    ).all()
    target = min(leaders, key=lambda r: (r.first_seen_at, r.id)).id
    others = groups - {target}
    if others:
        conn.execute(update(_GROUPS).where(_GROUPS.c.group_id.in_(others)).values(group_id=target))
    return target


def candidates(conn: Connection, article_id: int, keys: Sequence[int]) -> list[int]:
    """Stories sharing a band key with ``keys``, most keys shared first (then newest): at most PER_KEY a key."""
    if not keys:
        return []
    params: dict[str, int] = {f"k{i}": key for i, key in enumerate(keys)}
    params["own"] = article_id
    counts = Counter(conn.execute(_candidate_query(len(keys)), params).scalars().all())
    return sorted(counts, key=lambda a: (-counts[a], -a))


@cache
def _candidate_query(n: int) -> CompoundSelect:
    """The candidate query for n keys, built once: a story is stored every few milliseconds and
    building this statement cost more than running it."""
    # One index range read per key, each capped (a LIMIT inside a compound SELECT needs a subquery on SQLite).
    parts = [
        select(ArticleBand.article_id)
        .where(ArticleBand.key == bindparam(f"k{i}"), ArticleBand.article_id != bindparam("own"))
        .order_by(ArticleBand.article_id.desc()).limit(PER_KEY).subquery()
        for i in range(n)
    ]
    return union_all(*(select(part.c.article_id) for part in parts))


def _confirmed(conn: Connection, article_id: int, own_shingles: Callable[[], AbstractSet[str]],
               keys: Sequence[int]) -> list[int | None]:
    """The groups of the candidates whose shingle sets are at least THRESHOLD alike (a candidate
    not grouped yet gives its own id)."""
    best = candidates(conn, article_id, keys)[:MAX_CONFIRM]
    if not best:
        return []
    own = own_shingles()
    rows = conn.execute(_CANDIDATE_TEXTS, {"ids": best}).all()
    return [r.group_id if r.group_id is not None else r.id for r in rows
            if jaccard(own, _story_shingles(r.title, r.body)) >= THRESHOLD]


def also_published(db: Database, article_id: int, *, limit: int = 50) -> list[AlsoPublished]:
    """The other URLs of the story's group (other stories, each URL of theirs), earliest first seen first."""
    with db.sessions() as session:
        group = session.execute(
            select(ArticleGroup.group_id).where(ArticleGroup.article_id == article_id)
        ).scalar_one_or_none()
        if group is None:
            return []
        rows = session.execute(
            select(Story.id, ArticleUrl.site_id, ArticleUrl.url, Story.title, ArticleUrl.first_seen_at)
            .join(ArticleGroup, ArticleGroup.article_id == Story.id)
            .join(ArticleUrl, ArticleUrl.article_id == Story.id)
            .where(ArticleGroup.group_id == group, Story.id != article_id)
            .order_by(ArticleUrl.first_seen_at, ArticleUrl.id)
            .limit(limit)
        ).all()
    return [AlsoPublished(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def backfill(conn: Connection, *, chunk: int = BACKFILL_CHUNK, log: Callable[[int], None] | None = None) -> int:
    """Sign and group every story without a group, earliest first seen first, a chunk per round trip.

    Used by revision 0007 on the stories stored before it. Returns how many stories were grouped.
    """
    done = 0
    after: tuple[datetime, int] | None = None
    while True:
        query = (
            select(Story.id, Story.title, Story.body, Story.first_seen_at)
            .outerjoin(ArticleGroup, ArticleGroup.article_id == Story.id)
            .where(ArticleGroup.article_id.is_(None))
            .order_by(Story.first_seen_at, Story.id).limit(chunk)
        )
        if after is not None:
            query = query.where(tuple_(Story.first_seen_at, Story.id) > tuple_(*after))
        rows = conn.execute(query).all()
        if not rows:
            return done
        for row in rows:
            own = shingles(story_text(row.title, row.body))
            _assign(conn, row.id, band_keys(own), partial(set, own))
        done += len(rows)
        after = (rows[-1].first_seen_at, rows[-1].id)
        if log is not None:
            log(done)
