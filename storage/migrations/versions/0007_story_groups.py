"""Near-duplicate groups: the article_bands LSH table and article_groups, with a backfill.

An edited republication (another portal's lead, a dropped paragraph, its byline, its tone-mark
style) is a separate story; storage.near_dups groups such stories. Each story's MinHash signature
is stored as BANDS band keys in article_bands (primary key (key, article_id): the candidate lookup;
an index on article_id for rewriting a story's bands), and article_groups.group_id holds the id of
the group's earliest story (indexed: "also published by" reads a group). A table rather than a column
of articles: storage.db tells the revision of a database made before migrations by the columns of
its tables, and a story without a signature (rows inserted in bulk) simply has no row.

Existing stories are signed and grouped here, earliest first seen first, in chunks
(storage.near_dups.backfill).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "article_bands",
        sa.Column("key", sa.BigInteger(), nullable=False, autoincrement=False),
        sa.Column("article_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "article_id"),
    )
    op.create_index("ix_article_bands_article_id", "article_bands", ["article_id"])
    op.create_table(
        "article_groups",
        sa.Column("article_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_index("ix_article_groups_group_id", "article_groups", ["group_id"])

    from storage.near_dups import backfill

    backfill(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_article_groups_group_id", table_name="article_groups")
    op.drop_table("article_groups")
    op.drop_index("ix_article_bands_article_id", table_name="article_bands")
    op.drop_table("article_bands")
