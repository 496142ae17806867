"""The registry's portals in the store: ``sites`` (id, name, start URLs, profile, family seen last).

Every crawl writes the portals it was given, so the web inbox, the feeds, the command-line
readers and the alerts name a portal even when started without the `sites.toml` that crawled it.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "sites",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("start_urls", sa.JSON(), nullable=False),
        sa.Column("profile", sa.String(16), nullable=False),
        sa.Column("family", sa.String(32), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sites")
