"""The schema as it was before crawl_runs.failures: every table the crawler had at its first release.

A database made by `create_all` before migrations existed has exactly these tables (with or without
crawl_runs.failures); `storage.db` stamps it with this revision, or the next, instead of running it.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table("articles",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("content_hash", sa.String(length=64), nullable=False),
    sa.Column("site_id", sa.String(length=64), nullable=False),
    sa.Column("url", sa.Text(), nullable=False),
    sa.Column("title", sa.Text(), nullable=False),
    sa.Column("published_at", UTCDateTime(), nullable=True),
    sa.Column("published_date_only", sa.Boolean(), nullable=False),
    sa.Column("author", sa.Text(), nullable=True),
    sa.Column("source", sa.Text(), nullable=True),
    sa.Column("summary", sa.Text(), nullable=True),
    sa.Column("body", sa.Text(), nullable=False),
    sa.Column("images", sa.JSON(), nullable=False),
    sa.Column("category", sa.Text(), nullable=True),
    sa.Column("profile", sa.String(length=32), nullable=False),
    sa.Column("first_seen_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("removed_at", UTCDateTime(), nullable=True),
    sa.Column("reviewed_at", UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("content_hash")
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_articles_first_seen_at"), ["first_seen_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_published_at"), ["published_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_site_id"), ["site_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_updated_at"), ["updated_at"], unique=False)

    op.create_table("crawl_runs",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("site_id", sa.String(length=64), nullable=False),
    sa.Column("started_at", UTCDateTime(), nullable=False),
    sa.Column("finished_at", UTCDateTime(), nullable=False),
    sa.Column("outcome", sa.String(length=32), nullable=False),
    sa.Column("mode", sa.String(length=16), nullable=False),
    sa.Column("requests", sa.Integer(), nullable=False),
    sa.Column("bytes", sa.BigInteger(), nullable=False),
    sa.Column("pages", sa.Integer(), nullable=False),
    sa.Column("new", sa.Integer(), nullable=False),
    sa.Column("updated", sa.Integer(), nullable=False),
    sa.Column("unchanged", sa.Integer(), nullable=False),
    sa.Column("duplicates", sa.Integer(), nullable=False),
    sa.Column("removed", sa.Integer(), nullable=False),
    sa.Column("non_articles", sa.Integer(), nullable=False),
    sa.Column("errors", sa.Integer(), nullable=False),
    sa.Column("article_pages", sa.Integer(), nullable=False),
    sa.Column("healthy_pages", sa.Integer(), nullable=False),
    sa.Column("with_date", sa.Integer(), nullable=False),
    sa.Column("with_author", sa.Integer(), nullable=False),
    sa.Column("long_body", sa.Integer(), nullable=False),
    sa.Column("health_alert", sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.create_index("ix_crawl_runs_site_started", ["site_id", "started_at"], unique=False)

    op.create_table("feed_state",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("site_id", sa.String(length=64), nullable=False),
    sa.Column("url", sa.Text(), nullable=False),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("etag", sa.Text(), nullable=True),
    sa.Column("last_modified", sa.Text(), nullable=True),
    sa.Column("items", sa.Integer(), nullable=False),
    sa.Column("checked_at", UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("url")
    )
    with op.batch_alter_table("feed_state", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_state_site_id"), ["site_id"], unique=False)

    op.create_table("not_article_urls",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("site_id", sa.String(length=64), nullable=False),
    sa.Column("url", sa.Text(), nullable=False),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("first_seen_at", UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("url")
    )
    with op.batch_alter_table("not_article_urls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_not_article_urls_site_id"), ["site_id"], unique=False)

    op.create_table("article_urls",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("article_id", sa.Integer(), nullable=False),
    sa.Column("url", sa.Text(), nullable=False),
    sa.Column("site_id", sa.String(length=64), nullable=False),
    sa.Column("first_seen_at", UTCDateTime(), nullable=False),
    sa.Column("last_seen_at", UTCDateTime(), nullable=False),
    sa.Column("removed_at", UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("url")
    )
    with op.batch_alter_table("article_urls", schema=None) as batch_op:
        batch_op.create_index("ix_article_urls_article_id", ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_urls_site_id"), ["site_id"], unique=False)

    op.create_table("article_versions",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("article_id", sa.Integer(), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("url", sa.Text(), nullable=False),
    sa.Column("title", sa.Text(), nullable=False),
    sa.Column("summary", sa.Text(), nullable=True),
    sa.Column("body", sa.Text(), nullable=False),
    sa.Column("content_hash", sa.String(length=64), nullable=False),
    sa.Column("captured_at", UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("article_id", "version")
    )


def downgrade() -> None:
    op.drop_table("article_versions")
    with op.batch_alter_table("article_urls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_urls_site_id"))
        batch_op.drop_index("ix_article_urls_article_id")

    op.drop_table("article_urls")
    with op.batch_alter_table("not_article_urls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_not_article_urls_site_id"))

    op.drop_table("not_article_urls")
    with op.batch_alter_table("feed_state", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_state_site_id"))

    op.drop_table("feed_state")
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_crawl_runs_site_started")

    op.drop_table("crawl_runs")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_updated_at"))
        batch_op.drop_index(batch_op.f("ix_articles_site_id"))
        batch_op.drop_index(batch_op.f("ix_articles_published_at"))
        batch_op.drop_index(batch_op.f("ix_articles_first_seen_at"))

    op.drop_table("articles")
