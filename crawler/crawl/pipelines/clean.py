"""Clean: the last guard against page furniture and editor debris in stored text.

Profiles already keep chrome out; this pass catches what a template nobody has seen
lets through (counters, rating and share lines, CKEditor leftovers, spacer paragraphs).
"""

from __future__ import annotations

import re
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.core.text import clean_inline, is_blank
from crawler.crawl.items import ArticleItem
from crawler.extract.article import TEXT_FIELDS
from crawler.extract.chrome import is_chrome_line

CKEDITOR_DEBRIS = re.compile(r"(\[\[?cke[^\]]*\]\]?|\bcke_bookmark_\w+\b|&nbsp;?|\ufffc)", re.IGNORECASE)
# Whether a page is an article is the extractor's call; this only catches a body that
# cleaning emptied.
MIN_BODY_CHARS = 1


def clean_paragraph(text: str) -> str:
    return clean_inline(CKEDITOR_DEBRIS.sub(" ", text))


class CleanPipeline:
    def __init__(self, min_body_chars: int = MIN_BODY_CHARS) -> None:
        self.min_body_chars = min_body_chars

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanPipeline:
        pipeline = cls(crawler.settings.getint("MIN_BODY_CHARS", MIN_BODY_CHARS))
        pipeline.crawler = crawler
        return pipeline

    crawler: Crawler

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        article = item.article
        body = [clean_paragraph(p) for p in article.body]
        article.body = [p for p in body if not is_blank(p) and not is_chrome_line(p)]
        article.title = clean_paragraph(article.title) if article.title else None
        for name in TEXT_FIELDS:
            if name == "title":
                continue
            value = getattr(article, name)
            setattr(article, name, clean_paragraph(value) or None if value else None)
        if not article.title or sum(len(p) for p in article.body) < self.min_body_chars:
            self.crawler.stats.inc_value("articles/skipped_empty")
            raise DropItem(f"no title or no body left after cleaning: {item.url}", log_level="INFO")
        return item
