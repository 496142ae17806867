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
REMOVED, UPDATED = "ix_articles_review_removed", "ix_articles_review_updated"


def upgrade() -> None:
    # Written as storage.models.REVIEW_REMOVED / REVIEW_UPDATED render: SQLite matches a partial index only
    # on a query term written the same way (needs_review = 1, version > 1 without a bound parameter).
    queue = sa.column("needs_review", sa.Boolean()) == sa.true()
    removed = sa.and_(queue, sa.column("removed_at").is_not(None))
    updated = sa.and_(queue, sa.column("version", sa.Integer()) > sa.literal_column("1"))
    # The queue index's columns: covering, so that the planner prefers these for their views.
    for name, where in ((REMOVED, removed), (UPDATED, updated)):
        op.create_index(name, "articles", COLUMNS, sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for name in (REMOVED, UPDATED):
        op.drop_index(name, table_name="articles")
