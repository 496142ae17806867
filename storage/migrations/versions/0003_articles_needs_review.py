"""articles.needs_review and articles.changed_at, with the review queue's partial index.

The review queue (`crawler new`) was an OR of three conditions on reviewed_at, updated_at and
removed_at, sorted on COALESCE(removed_at, updated_at): every unreviewed row was read before a
LIMIT. The condition is now stored (needs_review, kept by the repository) and so is the sort key
(changed_at), and a partial index WHERE needs_review holds the queue in order. Existing rows get
both from the old condition.

changed_at is nullable (every row gets a value here, and the repository writes it with each
change) because SQLite can add a NOT NULL column only with a default, or by rebuilding the table.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

INDEX = "ix_articles_review_queue"
INDEX_COLUMNS = ["changed_at", "id", "version", "removed_at", "reviewed_at", "needs_review"]


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN and CREATE INDEX, on SQLite too: no batch mode, which could copy
    # the table, and dropping the old one would cascade to article_urls and article_versions.
    op.add_column("articles", sa.Column("needs_review", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.add_column("articles", sa.Column("changed_at", UTCDateTime(), nullable=True))

    articles = sa.table(
        "articles",
        sa.column("needs_review", sa.Boolean()),
        sa.column("changed_at", UTCDateTime()),
        sa.column("updated_at", UTCDateTime()),
        sa.column("removed_at", UTCDateTime()),
        sa.column("reviewed_at", UTCDateTime()),
    )
    c = articles.c
    unreviewed = sa.or_(
        c.reviewed_at.is_(None),
        c.reviewed_at < c.updated_at,
        sa.and_(c.removed_at.is_not(None), c.reviewed_at < c.removed_at),
    )
    op.execute(
        articles.update().values(
            changed_at=sa.func.coalesce(c.removed_at, c.updated_at),
            needs_review=sa.case((unreviewed, sa.true()), else_=sa.false()),
        )
    )

    queue = sa.column("needs_review", sa.Boolean()) == sa.true()  # as storage.models.REVIEW_QUEUE renders
    op.create_index(INDEX, "articles", INDEX_COLUMNS, unique=False, sqlite_where=queue, postgresql_where=queue)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="articles")
    op.drop_column("articles", "changed_at")  # ALTER TABLE ... DROP COLUMN: SQLite 3.35 or later
    op.drop_column("articles", "needs_review")
