"""Watchlists that name a province (as it is today) and/or a case type: ``watchlists.province``, ``.case_type``.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision: str | None = "0014"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("watchlists") as batch:
        batch.add_column(sa.Column("province", sa.String(32), nullable=True))
        batch.add_column(sa.Column("case_type", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("watchlists") as batch:
        batch.drop_column("case_type")
        batch.drop_column("province")
