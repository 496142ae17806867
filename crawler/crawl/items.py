"""The item that travels through the pipelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from crawler.extract.article import Article


@dataclass
class ArticleItem:
    site_id: str
    url: str  # canonical URL
    fetched_url: str
    article: Article
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Filled in by the pipelines.
    content_hash: str = ""
    outcome: str = ""

    def __repr__(self) -> str:
        # Scrapy logs items it scrapes or drops; a whole article body per log line buries the log.
        return f"<ArticleItem {self.site_id} {self.url} {self.article.title!r}>"


@dataclass
class RemovedItem:
    """A known article URL that now answers 404 or 410."""

    site_id: str
    url: str
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    outcome: str = ""


@dataclass
class NotArticleItem:
    """A page that looked like an article link but is not one: re-crawls need not fetch it again."""

    site_id: str
    url: str
    kind: str
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
