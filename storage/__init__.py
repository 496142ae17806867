"""SQL storage for articles: typed models, engine set-up and a small repository."""

from storage.db import DEFAULT_DB_URL, DatabaseError, open_database, resolve_db_url
from storage.repository import ArticleRepository, SaveOutcome, StoredArticle

__all__ = [
    "DEFAULT_DB_URL",
    "ArticleRepository",
    "DatabaseError",
    "SaveOutcome",
    "StoredArticle",
    "open_database",
    "resolve_db_url",
]
