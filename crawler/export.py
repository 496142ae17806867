"""`crawler export`: one record per stored story, as JSON lines or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from storage import ArticleRepository
from storage.models import Article
from storage.repository import published_value

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIELDS = (
    "id", "url", "urls", "site", "title", "published_at", "author", "source", "summary", "body", "images",
    "category", "content_hash", "first_seen_at", "updated_at",
)


def iso_time(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(TZ).isoformat(timespec="seconds")
    return value.isoformat()


def record(row: Article) -> dict[str, Any]:
    return {
        "id": row.id,
        "url": row.url,
        "urls": [u.url for u in row.urls],
        "site": row.site_id,
        "title": row.title,
        "published_at": iso_time(published_value(row)),
        "author": row.author,
        "source": row.source,
        "summary": row.summary,
        "body": row.body,
        "images": [{"url": i.get("url"), "caption": i.get("caption")} for i in row.images or []],
        "category": row.category,
        "content_hash": row.content_hash,
        "first_seen_at": iso_time(row.first_seen_at),
        "updated_at": iso_time(row.updated_at),
    }


def records(repo: ArticleRepository, *, new_only: bool = False) -> Iterator[dict[str, Any]]:
    for row in repo.iter_articles(unreviewed_only=new_only):
        yield record(row)


def safe_cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_jsonl(rows: Iterator[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterator[dict[str, Any]], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(row[name]) for name in FIELDS])
        count += 1
    return count
