"""The schedule's plan after each run: ``crawl_runs.next_run_at``, ``.schedule_note``, ``.cadence``.

The scheduler places each site's next run from its history (crawler.monitoring.polling) and
writes that plan on the run it followed: when, why (cadence, back-off after failures, budget),
and the publishing cadence it learned. `crawler sites`, `crawler runs` and the web portal page
show it.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("next_run_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("schedule_note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("cadence", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("cadence")
        batch.drop_column("schedule_note")
        batch.drop_column("next_run_at")
