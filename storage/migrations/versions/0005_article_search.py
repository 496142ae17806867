"""The search index: article_search, one row per story, on folded text (no diacritics, lower case).

Readers type without diacritics ("cong an lang son") and in either tone style ("hoà" / "hòa"):
title, summary and body are folded by `crawler.core.text.fold` before they are indexed, and so is the
query (storage/search.py), so both backends match the same stories.

article_search(article_id, sort_key) on both backends; sort_key is the story's recency
(published, else first seen, in minutes) << 32 | article_id, so that results come newest first
from an index walk that stops after the page instead of sorting every match.

* PostgreSQL: article_search also holds ``document``, a tsvector of the folded title (weight A)
  and summary + body (weight B) and ``title_document`` of the title alone, each with a GIN index,
  and an index on sort_key.
* SQLite: FTS5 tables article_search_fts(title, body) and article_title_fts(title) whose rowid is
  sort_key; a trigger drops their rows when the article_search row goes (ON DELETE CASCADE).

Existing stories are indexed here, a chunk at a time. A pre-Alembic database may already have an
empty article_search (create_all made it before the stamp): it is filled the same way.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

# Kept identical to the DDL storage/models.py runs after create_all (tests/test_migrations.py compares).
SQLITE_DDL = [
    "CREATE VIRTUAL TABLE article_search_fts USING fts5(title, body, tokenize='unicode61')",
    "CREATE VIRTUAL TABLE article_title_fts USING fts5(title, tokenize='unicode61')",
    "CREATE TRIGGER article_search_fts_delete AFTER DELETE ON article_search BEGIN "
    "DELETE FROM article_search_fts WHERE rowid = old.sort_key; "
    "DELETE FROM article_title_fts WHERE rowid = old.sort_key; END",
]
POSTGRESQL_DDL = [
    "ALTER TABLE article_search ADD COLUMN document tsvector NOT NULL",
    "ALTER TABLE article_search ADD COLUMN title_document tsvector NOT NULL",
    "CREATE INDEX ix_article_search_document ON article_search USING gin (document)",
    "CREATE INDEX ix_article_search_title_document ON article_search USING gin (title_document)",
    "CREATE INDEX ix_article_search_sort_key ON article_search (sort_key)",
]
CHUNK = 1000


def upgrade() -> None:
    bind = op.get_bind()
    if not sa.inspect(bind).has_table("article_search"):
        op.create_table(
            "article_search",
            sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                      primary_key=True, autoincrement=False),
            sa.Column("sort_key", sa.BigInteger(), nullable=False),
        )
        for statement in SQLITE_DDL if bind.dialect.name == "sqlite" else POSTGRESQL_DDL:
            op.execute(statement)
    backfill(bind)


def backfill(bind: sa.Connection) -> None:
    """Index every story not indexed yet, CHUNK stories per statement batch, in id order."""
    from storage.search import index_rows, story_rows  # the same rows index_article writes

    last = 0
    while True:
        rows = story_rows(bind, after=last, limit=CHUNK)
        if not rows:
            return
        index_rows(bind, rows)
        last = rows[-1].article_id


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS article_search_fts_delete")
        op.execute("DROP TABLE IF EXISTS article_search_fts")
        op.execute("DROP TABLE IF EXISTS article_title_fts")
    op.drop_table("article_search")
