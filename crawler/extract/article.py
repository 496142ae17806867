"""The typed result of extraction: what a parser returns for one page.

Nothing here knows about Scrapy or the database; the spider, the pipelines, the
`crawler extract` command and the tests all speak this one type.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any, Literal

from crawler.core.dates import iso

PageKind = Literal["article", "listing", "other"]


@dataclass(frozen=True, slots=True)
class Image:
    url: str
    caption: str | None = None


@dataclass(slots=True)
class Article:
    """One extracted page.

    ``published_at`` is an aware ``datetime`` in Asia/Ho_Chi_Minh when the page shows
    a time, a plain ``date`` when it shows only a day, and ``None`` when unknown
    (never "now"). ``body`` holds paragraphs, without the lead, captions, the author
    line, the source line or any chrome. ``kind`` tells articles apart from listings
    and other pages (introduction, contact, documents, galleries, search); only
    ``kind == "article"`` is ever stored.
    """

    url: str
    title: str | None = None
    published_at: datetime | date | None = None
    author: str | None = None
    source: str | None = None
    summary: str | None = None
    body: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    category: str | None = None
    kind: PageKind = "article"
    profile: str = "generic"
    # Where published_at came from (crawler.extract.published: jsonld, meta, article, byline, url, listing, …).
    published_source: str | None = None
    # The page's own <link rel="canonical">, as written: the crawl keys the story by it when it
    # stays in the site. Not an extracted field (kept out of to_json).
    canonical: str | None = field(default=None, compare=False, repr=False)
    # Every date witness and the decision (crawler extract --explain); not an extracted field.
    dating: Any = field(default=None, compare=False, repr=False)

    @property
    def body_text(self) -> str:
        return "\n\n".join(self.body)

    def to_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("canonical", "dating")}
        data["images"] = [asdict(image) for image in self.images]
        data["body"] = list(self.body)
        data["published_at"] = format_published(self.published_at)
        return data


# The fields of `Article` as the rest of the crawler names them, listed once: the one-line texts that the
# pipelines clean and normalize, the fields a site's registry entry may give a selector for, and what the
# store keeps and the export writes.
TEXT_FIELDS = ("title", "author", "source", "summary", "category")
SELECTOR_FIELDS = ("title", "published_at", "author", "source", "summary", "body", "category")
# The fields a stored story keeps of its article, in the order the export writes them.
STORED_FIELDS = ("title", "published_at", "published_source", "author", "source", "summary", "body", "images",
                 "category")


def format_published(value: datetime | date | None) -> str | None:
    """ISO 8601 with offset for a datetime, ``YYYY-MM-DD`` for a bare date: the one machine form
    (``crawler.core.dates.iso``), which export and feeds use too."""
    return iso(value)
