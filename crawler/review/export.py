"""`crawler export`: one record per stored story, as JSON lines or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from itertools import islice
from typing import Any, TextIO

from crawler.core.dates import iso
from crawler.extract.article import STORED_FIELDS
from storage import ArticleRepository, queue
from storage.models import Story
from storage.repository import published_value
from storage.tags import StoryTagRows, tags_of

FIELDS = ("id", "url", "urls", "site", *STORED_FIELDS, "content_hash", "first_seen_at", "updated_at", "places",
          "types")
BATCH = 500


def record(row: Story, tags: StoryTagRows | None = None) -> dict[str, Any]:
    return {
        "id": row.id,
        "url": row.url,
        "urls": [u.url for u in row.urls],
        "site": row.site_id,
        "title": row.title,
        "published_at": iso(published_value(row)),
        "published_source": row.published_source,
        "author": row.author,
        "source": row.source,
        "summary": row.summary,
        "body": row.body,
        "images": [{"url": i.get("url"), "caption": i.get("caption")} for i in row.images or []],
        "category": row.category,
        "content_hash": row.content_hash,
        "first_seen_at": iso(row.first_seen_at),
        "updated_at": iso(row.updated_at),
        **tags_json(tags),
    }


def tags_json(tags: StoryTagRows | None) -> dict[str, Any]:
    """A story's tags as the exports give them: places (mention, old unit, today's province and commune), types."""
    if tags is None:
        return {"places": [], "types": []}
    return {
        "places": [{"mention": p["mention"], "old_unit": p.get("old_unit"), "province": province,
                    "commune": p.get("commune")} for province, places in tags.provinces for p in places]
                  or [{"mention": None, "old_unit": None, "province": province, "commune": None}
                      for province, _ in tags.provinces[:1]],
        "types": [{"type": t, "terms": terms} for t, terms in tags.types],
    }


def records(repo: ArticleRepository, *, new_only: bool = False, province: str | None = None,
            case_type: str | None = None) -> Iterator[dict[str, Any]]:
    """Every stored story, oldest first; ``new_only``: those of the review queue (what `crawler new` lists);
    ``province`` and ``case_type``: those tagged so (storage.tags)."""
    rows = iter(queue.iter_queued(repo.db) if new_only else repo.iter_articles())
    while chunk := list(islice(rows, BATCH)):
        tags = tags_of(repo.db, [row.id for row in chunk])
        for row in chunk:
            found = tags.get(row.id)
            if province and (found is None or province not in {p for p, _ in found.provinces}):
                continue
            if case_type and (found is None or case_type not in {t for t, _ in found.types}):
                continue
            yield record(row, found)


# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# ("=HYPERLINK(...)", "@SUM(...)", "+cmd|..."); tab and CR do the same after some importers trim.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# Line breaks json.dumps leaves raw with ensure_ascii=False (it escapes only characters below
# U+0020): str.splitlines() splits a JSON line at them, older JavaScript rejects them.
JSONL_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


def safe_cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    # Leading spaces do not protect a cell: importers that trim them leave the formula.
    if text[:1] in FORMULA_START or text.lstrip()[:1] in FORMULA_START:
        return "'" + text
    return text


def jsonl_line(row: dict[str, Any]) -> str:
    """One JSON object on exactly one line, whatever line separators the text holds."""
    return json.dumps(row, ensure_ascii=False).translate(JSONL_BREAKS) + "\n"


def write_jsonl(rows: Iterator[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for row in rows:
        out.write(jsonl_line(row))
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
