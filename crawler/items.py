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
