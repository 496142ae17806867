"""SQL storage for articles: typed models, engine set-up and a small repository."""

from storage.db import DEFAULT_DB_URL, DatabaseError, open_database, resolve_db_url
from storage.models import CrawlRun
from storage.repository import ArticleRepository, KnownUrl, SaveOutcome, StoredArticle, flag_of
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
    "StoredArticle",
    "flag_of",
    "open_database",
    "resolve_db_url",
]
