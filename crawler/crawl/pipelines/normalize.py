"""Normalize: one Unicode form (NFC) and repaired mojibake in every stored text field."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from typing import Any

from crawler.core.text import fix_mojibake
from crawler.crawl.items import ArticleItem
from crawler.extract.article import TEXT_FIELDS


def normalize_text(text: str) -> str:
    return unicodedata.normalize("NFC", fix_mojibake(text))


class NormalizePipeline:
    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        article = item.article
        article.body = [normalize_text(p) for p in article.body]
        for name in TEXT_FIELDS:
            value = getattr(article, name)
            if value:
                setattr(article, name, normalize_text(value))
        article.images = [
            replace(image, caption=normalize_text(image.caption) if image.caption else None)
            for image in article.images
        ]
        return item
