"""Hash: the story's identity is the hash of its normalized body.

The hash key folds what differs between copies of one story on two portals (tone-mark
style, spaces, case, typographic punctuation) but keeps every word.
"""

from __future__ import annotations

from typing import Any

from crawler.core.text import content_hash
from crawler.crawl.items import ArticleItem


class ContentHashPipeline:
    async def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            item.content_hash = content_hash(item.article.body)
        return item
