"""Where a story's publish date came from: ``articles.published_source``.

The extractor weighs every date on a page (metadata, the line under the headline, the tool bar,
the URL, the listing beside the link, the feed) and keeps the one it trusts; this column says
which (``crawler.extract.published``: jsonld, meta, microdata, article, byline, url, listing,
feed, profile, override). Stories stored before this revision have none.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Nullable, no default: SQLite adds the column without rebuilding the table, PostgreSQL without a rewrite.
    op.add_column("articles", sa.Column("published_source", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("published_source")
