"""SQL storage for articles: typed models, engine set-up, a small repository and the review queue."""

from storage.db import DEFAULT_DB_URL, DatabaseError, open_database, resolve_db_url
from storage.models import CrawlRun
from storage.queue import flag_of
from storage.repository import ArticleRepository, KnownUrl, SaveOutcome, StoryInput
from storage.runs import FeedValidators, RunRepository, SiteOverview

__all__ = [
    "DEFAULT_DB_URL",
    "ArticleRepository",
    "CrawlRun",
    "DatabaseError",
    "FeedValidators",
    "KnownUrl",
    "RunRepository",
    "SaveOutcome",
    "SiteOverview",
    "StoryInput",
    "flag_of",
    "open_database",
    "resolve_db_url",
]
