"""The schema: one row per story, one row per URL the story was seen at."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    DDL,
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    event,
    false,
    literal_column,
    true,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime


class Base(DeclarativeBase):
    # Every datetime column is an aware UTC datetime, on SQLite as on PostgreSQL: said once, here.
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime}


# Ids are 64-bit integers in both databases; a larger number from a user would make the driver
# raise OverflowError instead of finding nothing.
MAX_ID = 2**63 - 1


# Defaults for rows inserted without the review columns (bulk Core inserts of benchmarks and tests):
# the values the repository would have written, computed from the row's own times.


def _needs_review_default(context: DefaultExecutionContext) -> bool:
    row = context.get_current_parameters()
    reviewed, removed = row.get("reviewed_at"), row.get("removed_at")
    return reviewed is None or reviewed < row["updated_at"] or (removed is not None and reviewed < removed)


def _changed_at_default(context: DefaultExecutionContext) -> datetime | None:
    row = context.get_current_parameters()
    return row.get("removed_at") or row.get("updated_at")


class Story(Base):
    """A story, stored once whatever the number of URLs and portals it appears on.

    ``content_hash`` is the sha256 of the normalized body; its unique constraint is
    what keeps dedupe true when two crawls write at the same time.
    """

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    site_id: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    # The page showed a day but no time: export it as YYYY-MM-DD, not as midnight.
    published_date_only: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    images: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    category: Mapped[str | None] = mapped_column(Text)
    profile: Mapped[str] = mapped_column(String(32))
    first_seen_at: Mapped[datetime] = mapped_column(index=True)
    # When the title or body last changed (first capture included): what "updated" flags.
    updated_at: Mapped[datetime] = mapped_column(index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Every URL of the story answered 404/410 on a revisit. The story is kept.
    removed_at: Mapped[datetime | None] = mapped_column()
    # A story is unreviewed while reviewed_at is older than its last change or removal.
    reviewed_at: Mapped[datetime | None] = mapped_column()
    # That condition, stored: the repository rewrites it with every change of the three times above,
    # so the review queue reads a partial index instead of testing every row (see REVIEW_QUEUE).
    needs_review: Mapped[bool] = mapped_column(Boolean, default=_needs_review_default, server_default=true())
    # What the review queue sorts on: removed_at, or else updated_at. Always written by the repository;
    # nullable only so that revision 0003 could add it to SQLite without rebuilding the table.
    changed_at: Mapped[datetime | None] = mapped_column(default=_changed_at_default)
    # Where the publish date came from (crawler.extract.published: jsonld, meta, article, byline, url, listing,
    # feed, sitemap, profile, override); None for stories stored before revision 0010.
    published_source: Mapped[str | None] = mapped_column(String(16))
    # Who marked it reviewed at reviewed_at: a reviewer account's name (the inbox) or the login that ran
    # `crawler review`; None for reviews before revision 0013.
    reviewed_by: Mapped[str | None] = mapped_column(String(64))

    urls: Mapped[list[ArticleUrl]] = relationship(
        back_populates="article", order_by="ArticleUrl.id", cascade="all, delete-orphan"
    )
    versions: Mapped[list[ArticleVersion]] = relationship(
        back_populates="article", order_by="ArticleVersion.version", cascade="all, delete-orphan"
    )


# The review queue (`crawler new`): unreviewed stories, newest change first. A partial index holds them
# alone, sorted, so ORDER BY changed_at DESC, id DESC LIMIT n reads n entries whatever the table size;
# version, removed_at and reviewed_at are in it for the counts by flag (new, updated, removed), and
# needs_review too: without it SQLite's planner does not see the index as covering and scans the table.
# Queries must filter on this very expression: SQLite uses a partial index only for a query that
# repeats its WHERE term ("needs_review = 1"), not for the bare column.
REVIEW_QUEUE = Story.needs_review == true()
Index(
    "ix_articles_review_queue",
    Story.changed_at, Story.id, Story.version, Story.removed_at, Story.reviewed_at, Story.needs_review,
    sqlite_where=REVIEW_QUEUE, postgresql_where=REVIEW_QUEUE,
)
# The inbox filtered on a rare status reads only those stories (migration 0008). The terms are literal
# (no bound parameter): SQLite matches a partial index only on a query term written the same way.
REVIEW_REMOVED = and_(REVIEW_QUEUE, Story.removed_at.is_not(None))
REVIEW_UPDATED = and_(REVIEW_QUEUE, Story.version > literal_column("1"))
_QUEUE_COLUMNS = (Story.changed_at, Story.id, Story.version, Story.removed_at, Story.reviewed_at,
                  Story.needs_review)
Index("ix_articles_review_removed", *_QUEUE_COLUMNS, sqlite_where=REVIEW_REMOVED, postgresql_where=REVIEW_REMOVED)
Index("ix_articles_review_updated", *_QUEUE_COLUMNS, sqlite_where=REVIEW_UPDATED, postgresql_where=REVIEW_UPDATED)
# The inbox of one portal reads that portal's part of the queue, in the queue's order (migration 0009).
Index("ix_articles_review_site", Story.site_id, *_QUEUE_COLUMNS, sqlite_where=REVIEW_QUEUE,
      postgresql_where=REVIEW_QUEUE)


class ArticleUrl(Base):
    """Every canonical URL a story was seen at; a URL belongs to one story."""

    __tablename__ = "article_urls"
    __table_args__ = (
        Index("ix_article_urls_article_id", "article_id"),
        # A re-crawl's revisit lookup: one site's URLs first seen within the revisit window.
        Index("ix_article_urls_site_first_seen", "site_id", "first_seen_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text, unique=True)
    site_id: Mapped[str] = mapped_column(String(64), index=True)
    first_seen_at: Mapped[datetime] = mapped_column()
    # Last time the page was fetched and still carried an article: drives the revisit schedule.
    last_seen_at: Mapped[datetime] = mapped_column()
    removed_at: Mapped[datetime | None] = mapped_column()
    # The URL's portal is not its story's first portal (articles.site_id): the story was republished
    # there. A story counts for every portal it is on; this flag lets a portal's view find the stories
    # first seen elsewhere without reading all of its own URLs. The repository writes it whenever a URL
    # row gets its story (an insert, or a move to another story); neither site_id ever changes.
    cross_site: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    article: Mapped[Story] = relationship(back_populates="urls")


# The few republished URLs of a portal, by story (migration 0009).
CROSS_SITE = ArticleUrl.cross_site == true()
Index("ix_article_urls_cross_site", ArticleUrl.site_id, ArticleUrl.article_id, sqlite_where=CROSS_SITE,
      postgresql_where=CROSS_SITE)


class ArticleVersion(Base):
    """Every text a story has had, oldest first; the article row holds the newest."""

    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(Text)  # where this version was read
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    captured_at: Mapped[datetime] = mapped_column()

    article: Mapped[Story] = relationship(back_populates="versions")


class ArticleSearch(Base):
    """A story's row in the search index (storage.search), written with each new text of the story.

    ``sort_key`` is the story's recency (published, else first seen, in minutes) << 32 | article id:
    results come newest first from an index walk that stops after one page. The rest is per backend,
    made by SEARCH_DDL after the table (and by migration 0005): on PostgreSQL a ``document`` tsvector of
    the folded title (weight A) and summary + body (weight B) and a ``title_document`` of the title alone,
    each with a GIN index, and an index on sort_key; on SQLite FTS5 tables article_search_fts(title, body)
    and article_title_fts(title) of folded text whose rowid is sort_key, and a trigger that drops their
    rows with this one. The title has an index of its own so that the title tier of a query whose words
    are in every body but no title reads the titles' postings only.
    """

    __tablename__ = "article_search"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    sort_key: Mapped[int] = mapped_column(BigInteger)


# Kept identical to storage/migrations/versions/0005_article_search.py (tests/test_migrations.py compares).
SEARCH_DDL: dict[str, list[str]] = {
    "sqlite": [
        "CREATE VIRTUAL TABLE article_search_fts USING fts5(title, body, tokenize='unicode61')",
        "CREATE VIRTUAL TABLE article_title_fts USING fts5(title, tokenize='unicode61')",
        "CREATE TRIGGER article_search_fts_delete AFTER DELETE ON article_search BEGIN "
        "DELETE FROM article_search_fts WHERE rowid = old.sort_key; "
        "DELETE FROM article_title_fts WHERE rowid = old.sort_key; END",
    ],
    "postgresql": [
        "ALTER TABLE article_search ADD COLUMN document tsvector NOT NULL",
        "ALTER TABLE article_search ADD COLUMN title_document tsvector NOT NULL",
        "CREATE INDEX ix_article_search_document ON article_search USING gin (document)",
        "CREATE INDEX ix_article_search_title_document ON article_search USING gin (title_document)",
        "CREATE INDEX ix_article_search_sort_key ON article_search (sort_key)",
    ],
}
for _dialect, _statements in SEARCH_DDL.items():
    for _statement in _statements:
        event.listen(ArticleSearch.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))


class ArticleBand(Base):
    """One LSH band of a story's MinHash signature (storage.near_dups): stories sharing a key are candidates.

    ``key`` is a signed 64-bit hash of (band number, the band's hash values); the primary key
    (key, article_id) is the candidate lookup, the article_id index serves rewrites of a story's bands.
    """

    __tablename__ = "article_bands"

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False, index=True
    )


class ArticleGroup(Base):
    """The near-duplicate group of a signed story (storage.near_dups): the same story on several portals.

    ``group_id`` is the id of the group's earliest story (first seen, then id), the story's own id when
    no other is like it. A story without a row has no signature yet (rows inserted in bulk). A table of
    its own, not a column of articles: a database made before migrations is told apart by its columns.
    """

    __tablename__ = "article_groups"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    group_id: Mapped[int] = mapped_column(Integer, index=True)


class CrawlRun(Base):
    """One crawl of one site: when, how it ended, and what it found."""

    __tablename__ = "crawl_runs"
    __table_args__ = (Index("ix_crawl_runs_site_started", "site_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column()
    finished_at: Mapped[datetime] = mapped_column()
    outcome: Mapped[str] = mapped_column(String(32))  # finished, failed, shutdown, closespider_*
    mode: Mapped[str] = mapped_column(String(16))  # full, incremental, revisit
    requests: Mapped[int] = mapped_column(Integer, default=0)
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[int] = mapped_column(Integer, default=0)
    non_articles: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    # Extraction health: of the article pages read, how many had a title, a date and a body.
    article_pages: Mapped[int] = mapped_column(Integer, default=0)
    healthy_pages: Mapped[int] = mapped_column(Integer, default=0)
    with_date: Mapped[int] = mapped_column(Integer, default=0)
    with_author: Mapped[int] = mapped_column(Integer, default=0)
    long_body: Mapped[int] = mapped_column(Integer, default=0)  # body over 300 characters
    # Set when a share above fell sharply against the site's history: a template change.
    health_alert: Mapped[str | None] = mapped_column(Text)
    # What failed and why, in one line: pages lost for good (with their URLs), then what was retried.
    failures: Mapped[str | None] = mapped_column(Text)
    # The scheduler's plan after this run (crawler.monitoring.polling): when the next one goes,
    # why then, and the publishing cadence it learned; NULL for runs it did not schedule.
    next_run_at: Mapped[datetime | None] = mapped_column()
    schedule_note: Mapped[str | None] = mapped_column(Text)
    cadence: Mapped[str | None] = mapped_column(Text)


class FeedState(Base):
    """Validators of a site's RSS feeds and sitemaps, for conditional re-crawls."""

    __tablename__ = "feed_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # rss, sitemap
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    items: Mapped[int] = mapped_column(Integer, default=0)
    checked_at: Mapped[datetime] = mapped_column()


class Portal(Base):
    """A portal of the registry as the last crawl knew it: the store names its sites on its own, whichever
    `sites.toml` (or none) a reader is started with."""

    __tablename__ = "sites"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    start_urls: Mapped[list[str]] = mapped_column(JSON)
    profile: Mapped[str] = mapped_column(String(16))  # as configured: auto, nukeviet, aspnet, generic
    # The profile that read the site's pages on its last crawl (auto's detection), when known.
    family: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column()


class NotArticleUrl(Base):
    """A page of a site that is not an article (introduction, contact, gallery …): not fetched again."""

    __tablename__ = "not_article_urls"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    first_seen_at: Mapped[datetime] = mapped_column()


# -- alerts (crawler.monitoring.alerts, storage.alerts) ------------------------------------------------------------


class Watchlist(Base):
    """Keywords or phrases to watch for in new stories; matched diacritic-insensitively (crawler.core.text.fold).

    Removing one only clears ``active``: its id stays taken, so the event keys that name it
    ("match:<watch id>:<article id>") never collide with a later watchlist's.
    """

    __tablename__ = "watchlists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    terms: Mapped[list[str]] = mapped_column(JSON)  # as the user typed them
    folded: Mapped[list[str]] = mapped_column(JSON)  # the same, folded: what is compared
    created_at: Mapped[datetime] = mapped_column()
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Only stories tagged with today's province and with this case type (storage.tags); None: any.
    province: Mapped[str | None] = mapped_column(String(32))
    case_type: Mapped[str | None] = mapped_column(String(32))


class AlertEvent(Base):
    """Something worth telling once: a new story matching a watchlist, a failed crawl, a health drop.

    ``key`` names the event ("match:3:42", "run:17:failed", "run:17:health"); its unique
    constraint is what keeps two checkers from recording, and so sending, one event twice.
    """

    __tablename__ = "alert_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # match, run_failed, health_alert
    site_id: Mapped[str] = mapped_column(String(64))
    article_id: Mapped[int | None] = mapped_column(Integer)
    run_id: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # what the webhook receives
    created_at: Mapped[datetime] = mapped_column(index=True)

    deliveries: Mapped[list[AlertDelivery]] = relationship(
        back_populates="event", order_by="AlertDelivery.channel", cascade="all, delete-orphan"
    )


class AlertDelivery(Base):
    """One event on one channel (webhook, email): claimed by a conditional UPDATE, sent once."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (UniqueConstraint("event_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("alert_events.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # When the next try is due; None once sent or given up. A sender's claim pushes it forward (a lease).
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)
    sent_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)

    event: Mapped[AlertEvent] = relationship(back_populates="deliveries")


class AlertCursor(Base):
    """How far the alert checks have read: the last article id and crawl run id looked at."""

    __tablename__ = "alert_cursors"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)  # articles, runs
    position: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column()


class Reviewer(Base):
    """A reviewer account of the inbox (`crawler user add`): a name and a password hash, never the password."""

    __tablename__ = "reviewers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    # The KDF's self-describing string (crawler.review.accounts: "scrypt:N:r:p$salt$hash").
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column()
    last_login_at: Mapped[datetime | None] = mapped_column()
    # Sessions signed in before this moment are void: set by "Sign out" (every device) and by a new password.
    sessions_valid_after: Mapped[datetime] = mapped_column()


class ArticleTag(Base):
    """A story's place or case type (crawler.tagging), rewritten with every change of its text.

    kind "province": value is today's province (a slug, "lam-dong"), rank 0 the main one, detail the places
    of the story in it ([{"mention", "level", "old_unit", "commune"}]); kind "type": value is a case type
    ("drugs"), rank 0 the main one, detail the terms that triggered it.
    """

    __tablename__ = "article_tags"
    __table_args__ = (
        Index("ix_article_tags_kind_value", "kind", "value", "article_id"),
        Index("ix_article_tags_article_id", "article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))  # province, type
    value: Mapped[str] = mapped_column(String(32))
    rank: Mapped[int] = mapped_column(Integer)
    detail: Mapped[list[Any]] = mapped_column(JSON, default=list)
