"""What storing a story computes from its text alone: the folded search text and the MinHash band keys.

It is pure CPU and needs no database, so a crawl computes it in its extraction pool, on another
core, while the reactor goes on; the write transaction then only writes it. Anything that stores
a story without it (a test, a backfill, a one-core crawl) gets it computed in place, the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.near_dups import band_keys, shingles, story_text
from storage.search import folded_text


@dataclass(frozen=True, slots=True)
class Derived:
    title: str  # folded title: the title index
    body: str  # folded summary and body: the full-text index
    band_keys: tuple[int, ...]  # the near-duplicate signature's band keys


def derive(title: str, summary: str | None, body: Sequence[str]) -> Derived:
    folded_title, folded_body = folded_text(title, summary, body)
    return Derived(folded_title, folded_body, tuple(band_keys(shingles(story_text(title, body)))))


def derive_batch(texts: Sequence[tuple[str, str | None, Sequence[str]]]) -> list[Derived]:
    """One pool task per stored batch: a round trip per story would cost more than the work."""
    return [derive(title, summary, body) for title, summary, body in texts]
