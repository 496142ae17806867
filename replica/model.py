"""The replica's data types: what a portal publishes, and what a crawler should extract from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Literal

from replica.textforms import nfc

VN_TZ = timezone(timedelta(hours=7))

PORTALS: tuple[str, ...] = ("nukeviet", "langson", "modern")

Shows = Literal["datetime", "date", "none"]
Kind = Literal["news", "procedure"]


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time in Asia/Ho_Chi_Minh (no DST, so a fixed offset is exact)."""
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


@dataclass(frozen=True)
class Photo:
    """An image inside the body; ``file`` is a bare name, each template builds its own upload path."""

    file: str
    caption: str


Block = str | Photo


@dataclass(frozen=True)
class Post:
    """One article as one portal publishes it.

    Text is stored exactly as the portal's editor typed it, in NFC; rendering quirks
    (NFD output, spacer paragraphs, CKEditor bookmarks, zero-width spaces, table
    captions, a source shown as a link) are named in ``quirks`` so the ground truth
    stays the clean text.
    """

    portal: str
    id: int
    section: str
    title: str
    published: datetime
    lead: str | None
    blocks: tuple[Block, ...]
    author: str | None = None
    source: str | None = None
    story: str | None = None
    kind: Kind = "news"
    shows: Shows = "datetime"
    quirks: frozenset[str] = field(default_factory=frozenset)
    tags: tuple[str, ...] = ()
    updated: datetime | None = None

    @property
    def story_key(self) -> str:
        return self.story or f"{self.portal}-{self.id}"

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b for b in self.blocks if isinstance(b, str))

    @property
    def photos(self) -> tuple[Photo, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Photo))

    @property
    def modified(self) -> datetime:
        return self.updated or self.published


@dataclass(frozen=True)
class ExpectedArticle:
    """Ground truth for one article page, as a good extractor should return it."""

    portal: str
    path: str
    title: str
    published_at: str | None
    author: str | None
    source: str | None
    summary: str | None
    body: tuple[str, ...]
    captions: tuple[str, ...]
    story: str


def published_value(post: Post) -> str | None:
    if post.shows == "none":
        return None
    if post.shows == "date":
        return post.published.date().isoformat()
    return post.published.isoformat(timespec="seconds")


def expected_from(post: Post, path: str) -> ExpectedArticle:
    return ExpectedArticle(
        portal=post.portal,
        path=path,
        title=nfc(post.title),
        published_at=published_value(post),
        author=nfc(post.author) if post.author else None,
        source=nfc(post.source) if post.source else None,
        summary=nfc(post.lead) if post.lead else None,
        body=tuple(nfc(p) for p in post.paragraphs),
        captions=tuple(nfc(p.caption) for p in post.photos),
        story=post.story_key,
    )
