"""Places and case types of each story (table ``article_tags``), for filters, facets and exports.

Written by the crawl with every new text of a story (crawler.tagging); `crawler tags --backfill`
tags the stories stored before this revision.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision: str | None = "0013"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "article_tags",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("value", sa.String(32), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_index("ix_article_tags_kind_value", "article_tags", ["kind", "value", "article_id"])
    op.create_index("ix_article_tags_article_id", "article_tags", ["article_id"])


def downgrade() -> None:
    op.drop_table("article_tags")
