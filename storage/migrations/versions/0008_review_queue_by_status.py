"""Partial indexes for the inbox's "removed" and "updated" views.

The review queue's own index (0003) holds every unreviewed story. Filtered on a status that few of
them have (a removed story, an updated one), a page walked that whole index to find its 50 rows,
and the count did it again: about the size of the queue per request. These indexes hold only the
unreviewed removed or updated stories, in the queue's order.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

COLUMNS = ["changed_at", "id", "version", "removed_at", "reviewed_at", "needs_review"]
# (name, WHERE): kept identical to storage/models.py's indexes of the same names.
INDEXES = [
    ("ix_articles_review_removed", "needs_review AND removed_at IS NOT NULL"),
    ("ix_articles_review_updated", "needs_review AND version > 1"),
]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, where in INDEXES:
        # SQLite stores booleans as 1/0 and matches a partial index only on the same written term.
        predicate = where.replace("needs_review", "needs_review = 1") if sqlite else where
        # The queue index's columns: covering, so that the planner prefers these for their views.
        op.create_index(name, "articles", COLUMNS, sqlite_where=sa.text(predicate), postgresql_where=sa.text(predicate))


def downgrade() -> None:
    for name, _ in INDEXES:
        op.drop_index(name, table_name="articles")
