"""The schema: one row per story, one row per URL the story was seen at."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime


class Base(DeclarativeBase):
    pass


class Article(Base):
    """A story, stored once whatever the number of URLs and portals it appears on.

    ``content_hash`` is the sha256 of the normalized body; its unique constraint is
    what keeps dedupe true when two crawls write at the same time.
    """

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    site_id: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # The page showed a day but no time: export it as YYYY-MM-DD, not as midnight.
    published_date_only: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    images: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    category: Mapped[str | None] = mapped_column(Text)
    profile: Mapped[str] = mapped_column(String(32))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    urls: Mapped[list[ArticleUrl]] = relationship(
        back_populates="article", order_by="ArticleUrl.id", cascade="all, delete-orphan"
    )


class ArticleUrl(Base):
    """Every canonical URL a story was seen at; a URL belongs to one story."""

    __tablename__ = "article_urls"
    __table_args__ = (Index("ix_article_urls_article_id", "article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text, unique=True)
    site_id: Mapped[str] = mapped_column(String(64), index=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)

    article: Mapped[Article] = relationship(back_populates="urls")
