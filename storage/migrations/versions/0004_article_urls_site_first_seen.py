"""An index on article_urls (site_id, first_seen_at): a re-crawl looks up a site's young URLs only.

A re-crawl no longer loads every known URL of its site (memory grew with the archive): it asks,
page by page, for the URLs first seen within the revisit window, which this index answers
without reading the rest of the site's history.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

INDEX = "ix_article_urls_site_first_seen"


def upgrade() -> None:
    op.create_index(INDEX, "article_urls", ["site_id", "first_seen_at"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="article_urls")
