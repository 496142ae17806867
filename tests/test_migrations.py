"""Alembic migrations: a database at an older revision, or made before migrations, is upgraded with its data.

Revision 0001 is the schema before ``crawl_runs.failures``; 0002 adds that column; 0003 adds
``articles.needs_review`` and ``articles.changed_at`` (the review queue, stored); 0004 indexes
``article_urls`` by site and first sighting (the re-crawl's revisit lookup); 0009 flags the URLs of
republished stories and indexes the queue by portal; 0010 adds ``articles.published_source``. `open_database`
upgrades on the crawl path (create=True) and refuses on read-only paths; `crawler db upgrade` and
`crawler db current` do it by hand.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic import command
from sqlalchemy import MetaData, create_engine, insert, inspect, select, text
from sqlalchemy.engine import Connection, Engine

from crawler.review.queue import review_queue
from crawler.web.data import InboxFilter, inbox_page
from storage import ArticleRepository, DatabaseError, flag_of, open_database
from storage.db import _alembic_config, current_revision, head_revision, upgrade_database
from storage.models import ArticleUrl, Base, CrawlRun, Story
from storage.queue import on_portal, queue_order, unreviewed

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parent.parent
WHEN = datetime(2025, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
VERSIONS = ROOT / "storage" / "migrations" / "versions"
# The newest migration file: every "upgraded to head" below means this revision.
HEAD = max(path.name[:4] for path in VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))


def test_revisions_form_one_chain_ending_at_the_newest_file() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    chain = [rev.revision for rev in script.walk_revisions()]  # head first
    assert chain == [f"{n:04d}" for n in range(int(HEAD), 0, -1)]
    assert head_revision() == HEAD


def _engine(url: str) -> Engine:
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://"))


def make_revision_1(url: str, *, stamped: bool = True) -> None:
    """A database at revision 0001 with two stories (URLs, versions) and two crawl runs.

    ``stamped=False`` drops alembic_version: the schema create_all made before migrations existed.
    """
    engine = _engine(url)
    try:
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), "0001")
            meta = MetaData()
            meta.reflect(conn)
            assert "failures" not in meta.tables["crawl_runs"].c
            for n in (1, 2):
                conn.execute(insert(meta.tables["articles"]).values(
                    id=n, content_hash=f"{n:064x}", site_id="ca-a", url=f"https://a.vn/tin/{n}.html",
                    title=f"Bài {n}", published_at=WHEN, published_date_only=False, author="Phóng viên",
                    source=None, summary="Tóm tắt", body=f"Nội dung bài {n}", images=[{"src": "x.jpg"}],
                    category="An ninh", profile="generic", first_seen_at=WHEN, updated_at=WHEN, version=2,
                    removed_at=None, reviewed_at=None,
                ))
                for k, url_ in enumerate((f"https://a.vn/tin/{n}.html", f"https://b.vn/tin/{n}.html"), 1):
                    conn.execute(insert(meta.tables["article_urls"]).values(
                        id=n * 10 + k, article_id=n, url=url_, site_id="ca-a", first_seen_at=WHEN,
                        last_seen_at=WHEN, removed_at=None,
                    ))
                for v in (1, 2):
                    conn.execute(insert(meta.tables["article_versions"]).values(
                        article_id=n, version=v, url=f"https://a.vn/tin/{n}.html", title=f"Bài {n} v{v}",
                        summary=None, body=f"Nội dung bài {n} v{v}", content_hash=f"{n * 10 + v:064x}",
                        captured_at=WHEN,
                    ))
            runs: list[dict[str, Any]] = [
                {"id": i, "site_id": "ca-a", "started_at": WHEN, "finished_at": WHEN, "outcome": "finished",
                 "mode": "full", "requests": 10 * i, "bytes": 5_000_000_000 + i, "pages": 3, "new": 2, "updated": 0,
                 "unchanged": 0, "duplicates": 0, "removed": 0, "non_articles": 1, "errors": 0,
                 "article_pages": 2, "healthy_pages": 2, "with_date": 2, "with_author": 2, "long_body": 2,
                 "health_alert": None}
                for i in (1, 2)
            ]
            conn.execute(insert(meta.tables["crawl_runs"]), runs)
            if not stamped:
                conn.execute(text("DROP TABLE alembic_version"))
    finally:
        engine.dispose()


def revision_of(url: str) -> str | None:
    return current_revision(url)[1]


def assert_data_intact(url: str) -> None:
    db = open_database(url, create=False)
    try:
        with db.sessions() as session:
            articles = session.scalars(select(Story).order_by(Story.id)).all()
            assert [a.title for a in articles] == ["Bài 1", "Bài 2"]
            for n, article in enumerate(articles, 1):
                assert article.published_at == WHEN and article.first_seen_at == WHEN
                assert article.images == [{"src": "x.jpg"}]
                assert [u.url for u in article.urls] == [f"https://a.vn/tin/{n}.html", f"https://b.vn/tin/{n}.html"]
                assert [(v.version, v.title) for v in article.versions] == [(1, f"Bài {n} v1"), (2, f"Bài {n} v2")]
                assert article.versions[0].captured_at == WHEN
            runs = session.scalars(select(CrawlRun).order_by(CrawlRun.id)).all()
            assert [(r.id, r.requests, r.bytes, r.failures) for r in runs] == [
                (1, 10, 5_000_000_001, None), (2, 20, 5_000_000_002, None)]
            # The new column is there and usable.
            runs[0].failures = "1 page lost: https://a.vn/tin/3.html (HTTP 500)"
            session.commit()
        with db.sessions() as session:
            assert session.get(CrawlRun, 1).failures.startswith("1 page lost")  # type: ignore[union-attr]
        columns = {c["name"] for c in inspect(db.engine).get_columns("crawl_runs")}
        assert "failures" in columns
    finally:
        db.dispose()


def crawler_db(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": "sqlite:////nonexistent-dir/never-used.sqlite"}
    return subprocess.run([sys.executable, "-m", "crawler", "db", *args, "--db", url], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=90, stdin=subprocess.DEVNULL)


def schema_of(url: str) -> dict[str, Any]:
    engine = _engine(url)
    try:
        inspector = inspect(engine)
        schema: dict[str, Any] = {}
        for table in sorted(inspector.get_table_names()):
            if table == "alembic_version":
                continue
            schema[table] = {
                "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)],
                "pk": inspector.get_pk_constraint(table)["constrained_columns"],
                "fks": sorted((tuple(f["constrained_columns"]), f["referred_table"], str(f.get("options")))
                              for f in inspector.get_foreign_keys(table)),
                "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                                  for i in inspector.get_indexes(table)),
                "uniques": sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)),
            }
        return schema
    finally:
        engine.dispose()


# -- tests ----------------------------------------------------------------------------------------------


def test_upgrade_on_open_keeps_the_data(db_url: str) -> None:
    make_revision_1(db_url)
    assert revision_of(db_url) == "0001"
    open_database(db_url).dispose()  # the crawl path upgrades
    assert revision_of(db_url) == head_revision() == HEAD
    assert_data_intact(db_url)


def test_read_only_open_refuses_an_older_revision_without_touching_it(db_url: str) -> None:
    make_revision_1(db_url)
    before = schema_of(db_url)
    with pytest.raises(DatabaseError, match=r"revision 0001.*run `crawler db upgrade`") as info:
        open_database(db_url, create=False)
    assert "\n" not in str(info.value)
    assert revision_of(db_url) == "0001"
    assert schema_of(db_url) == before


def test_crawler_db_upgrade_and_current(db_url: str) -> None:
    make_revision_1(db_url)
    result = crawler_db("current", url=db_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(f"0001 (head is {HEAD})")

    result = crawler_db("upgrade", url=db_url)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and f"upgraded from 0001 to revision {HEAD}" in lines[0], result.stdout

    result = crawler_db("current", url=db_url)
    assert result.stdout.strip().endswith(f"{HEAD} (head)"), result.stdout

    # Idempotent: a second upgrade changes nothing and says so.
    result = crawler_db("upgrade", url=db_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and f"already at revision {HEAD}" in result.stdout
    assert_data_intact(db_url)


def test_crawler_db_upgrade_of_an_empty_database(db_url: str) -> None:
    result = crawler_db("current", url=db_url)
    assert result.returncode == 0 and "empty" in result.stdout, result.stdout + result.stderr
    result = crawler_db("upgrade", url=db_url)
    assert result.returncode == 0, result.stderr
    assert f"upgraded from an empty database to revision {HEAD}" in result.stdout
    assert revision_of(db_url) == HEAD


def test_pre_alembic_schema_is_stamped_and_upgraded(db_url: str) -> None:
    make_revision_1(db_url, stamped=False)
    engine = _engine(db_url)
    assert "alembic_version" not in inspect(engine).get_table_names()
    engine.dispose()
    assert current_revision(db_url)[1:] == ("0001", True)
    result = crawler_db("current", url=db_url)
    assert f"0001 (head is {HEAD}), inferred" in result.stdout, result.stdout
    with pytest.raises(DatabaseError, match="crawler db upgrade"):
        open_database(db_url, create=False)
    open_database(db_url).dispose()
    assert current_revision(db_url)[1:] == (HEAD, False)
    assert_data_intact(db_url)


def test_pre_alembic_schema_at_head_is_only_stamped(db_url: str) -> None:
    engine = _engine(db_url)
    Base.metadata.create_all(engine)
    engine.dispose()
    before = schema_of(db_url)
    open_database(db_url, create=False).dispose()  # readable as it is
    assert current_revision(db_url)[1:] == (HEAD, True)
    assert upgrade_database(db_url)[1:] == (HEAD, HEAD)
    assert current_revision(db_url)[1:] == (HEAD, False)
    assert schema_of(db_url) == before


def test_migrations_make_the_same_schema_as_the_models(db_url: str, tmp_path: Path, request: Any) -> None:
    open_database(db_url).dispose()  # empty: created by running the migrations
    if db_url.startswith("sqlite"):
        reference = f"sqlite:///{tmp_path / 'reference.sqlite'}"
    else:  # the postgres_url fixture gives one database per test: a second one by hand
        name = f"crawler_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        request.addfinalizer(lambda: _drop_pg(name))
        reference = db_url.rsplit("/", 1)[0] + "/" + name
    engine = _engine(reference)
    Base.metadata.create_all(engine)
    engine.dispose()
    assert schema_of(db_url) == schema_of(reference)


def _drop_pg(name: str) -> None:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_open_is_idempotent(db_url: str) -> None:
    for _ in range(3):
        open_database(db_url).dispose()
    assert upgrade_database(db_url)[1:] == (HEAD, HEAD)
    assert revision_of(db_url) == HEAD


def test_concurrent_upgrades_of_an_older_database(db_url: str) -> None:
    make_revision_1(db_url)
    with ThreadPoolExecutor(4) as pool:
        for db in pool.map(lambda _: open_database(db_url), range(4)):
            db.dispose()
    assert revision_of(db_url) == HEAD
    assert_data_intact(db_url)


def test_newer_revision_is_refused(sqlite_url: str) -> None:
    open_database(sqlite_url).dispose()
    engine = _engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    for create in (True, False):
        with pytest.raises(DatabaseError, match="revision '0099', made by a newer version"):
            open_database(sqlite_url, create=create)
    result = crawler_db("upgrade", url=sqlite_url)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "newer version" in result.stderr


# -- 0003: the review queue, stored -------------------------------------------------------------------

H = timedelta(hours=1)
# (title, version, updated_at, removed_at, reviewed_at) -> the flag `crawler new` shows ("" = reviewed)
REVIEW_CASES: list[tuple[str, int, datetime, datetime | None, datetime | None, str]] = [
    ("never reviewed", 1, WHEN, None, None, "new"),
    ("never reviewed, edited", 3, WHEN + H, None, None, "updated"),
    ("reviewed after its last change", 2, WHEN, None, WHEN + H, ""),
    ("reviewed at its last change", 1, WHEN, None, WHEN, ""),
    ("edited after review", 2, WHEN + 2 * H, None, WHEN + H, "updated"),
    ("removed after review", 1, WHEN, WHEN + 3 * H, WHEN + H, "removed"),
    ("removed, never reviewed", 2, WHEN, WHEN + 4 * H, None, "removed"),
    ("removed, reviewed since", 1, WHEN, WHEN + H, WHEN + 2 * H, ""),
]


def story_row(n: int, *, site: str = "ca-a", **columns: Any) -> dict[str, Any]:
    """An articles row as the older revisions' tables take it; ``columns`` adds or overrides."""
    return dict(id=n, content_hash=f"{n:064x}", site_id=site, url=f"https://{site}.vn/tin/{n}.html", title=f"Bài {n}",
                published_at=WHEN, published_date_only=False, author=None, source=None, summary=None,
                body=f"Nội dung bài {n}", images=[], category=None, profile="generic", first_seen_at=WHEN,
                updated_at=WHEN, version=1, removed_at=None, reviewed_at=None) | columns


@contextmanager
def at_revision(url: str, revision: str) -> Iterator[tuple[Connection, MetaData]]:
    """A transaction on a database just upgraded to ``revision``, with its tables as they are there."""
    engine = _engine(url)
    try:
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), revision)
            meta = MetaData()
            meta.reflect(conn)
            yield conn, meta
    finally:
        engine.dispose()


def make_revision_2(url: str) -> None:
    """A database at revision 0002 holding one story per case of REVIEW_CASES."""
    with at_revision(url, "0002") as (conn, meta):
        assert "needs_review" not in meta.tables["articles"].c
        for n, (title, version, updated, removed, reviewed, _) in enumerate(REVIEW_CASES, 1):
            conn.execute(insert(meta.tables["articles"]).values(story_row(
                n, url=f"https://a.vn/tin/{n}.html", title=title, updated_at=updated, version=version,
                removed_at=removed, reviewed_at=reviewed,
            )))
            conn.execute(insert(meta.tables["article_urls"]).values(
                id=n, article_id=n, url=f"https://a.vn/tin/{n}.html", site_id="ca-a", first_seen_at=WHEN,
                last_seen_at=WHEN, removed_at=removed,
            ))


def test_upgrade_from_0002_stores_the_review_queue(db_url: str) -> None:
    make_revision_2(db_url)
    assert revision_of(db_url) == "0002"
    assert upgrade_database(db_url)[1:] == ("0002", HEAD)
    db = open_database(db_url, create=False)
    try:
        with db.sessions() as session:
            articles = session.scalars(select(Story).order_by(Story.id)).all()
            for article, (title, _, updated, removed, _, flag) in zip(articles, REVIEW_CASES, strict=True):
                assert (article.title, flag_of(article), article.needs_review) == (title, flag, flag != ""), title
                assert article.changed_at == (removed or updated), title
        repo = ArticleRepository(db)
        queued = [c for c in REVIEW_CASES if c[-1]]
        expected = sorted(queued, key=lambda c: (c[3] or c[2], REVIEW_CASES.index(c)), reverse=True)
        assert [a.title for a in repo.flagged()] == [c[0] for c in expected]
        assert review_queue(db).counts == Counter(c[-1] for c in queued)
        # The upgraded rows then follow the repository like any other: reviewing empties the queue.
        assert repo.review(None, WHEN + 5 * H) == len(queued)
        assert repo.flagged() == [] and review_queue(db).total == 0
    finally:
        db.dispose()


def test_pre_alembic_schema_of_0002_is_stamped_0002_and_upgraded(db_url: str) -> None:
    make_revision_2(db_url)
    engine = _engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    engine.dispose()
    assert current_revision(db_url)[1:] == ("0002", True)
    open_database(db_url).dispose()
    assert current_revision(db_url)[1:] == (HEAD, False)
    db = open_database(db_url, create=False)
    try:
        assert {a.title for a in ArticleRepository(db).flagged()} == {c[0] for c in REVIEW_CASES if c[-1]}
    finally:
        db.dispose()


def test_the_review_queue_reads_its_partial_index(db_url: str) -> None:
    db = open_database(db_url)
    try:
        with db.engine.connect() as conn:
            if db.dialect == "postgresql":
                # An empty table is cheapest to scan: ask whether the index can serve at all.
                conn.execute(text("SET enable_seqscan = off"))
                conn.execute(text("SET enable_sort = off"))
            plan = plan_of(conn, select(Story.id).where(unreviewed()).order_by(*queue_order()).limit(50))
        assert "ix_articles_review_queue" in plan, plan
        assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
    finally:
        db.dispose()


# -- 0009: the review queue by portal -------------------------------------------------------------------


def test_upgrade_from_0008_flags_the_republished_urls(db_url: str) -> None:
    with at_revision(db_url, "0008") as (conn, meta):
        for n, site in ((1, "ca-a"), (2, "ca-b")):
            conn.execute(insert(meta.tables["articles"]).values(story_row(
                n, site=site, updated_at=WHEN + n * H, needs_review=True, changed_at=WHEN + n * H,
            )))
        # Story 1 (first seen on ca-a) was republished on ca-b.
        for n, article, site in ((1, 1, "ca-a"), (2, 1, "ca-b"), (3, 2, "ca-b")):
            conn.execute(insert(meta.tables["article_urls"]).values(
                id=n, article_id=article, url=f"https://{site}.vn/u/{n}.html", site_id=site, first_seen_at=WHEN,
                last_seen_at=WHEN, removed_at=None,
            ))
    assert upgrade_database(db_url)[1:] == ("0008", HEAD)
    db = open_database(db_url, create=False)
    try:
        with db.sessions() as session:
            flags = dict(session.execute(select(ArticleUrl.id, ArticleUrl.cross_site)).all())
        assert flags == {1: False, 2: True, 3: False}
        assert [r.id for r in review_queue(db, site_id="ca-b").rows] == [2, 1]
        assert [r.id for r in inbox_page(db, InboxFilter(site_id="ca-b")).rows] == [2, 1]
        assert [r.id for r in inbox_page(db, InboxFilter(site_id="ca-a")).rows] == [1]
    finally:
        db.dispose()


def plan_of(conn: Any, query: Any) -> str:
    explain = "EXPLAIN QUERY PLAN " if conn.dialect.name == "sqlite" else "EXPLAIN "
    sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
    return "\n".join(str(row) for row in conn.execute(text(explain + sql)))


def test_a_portals_inbox_reads_its_partial_indexes(db_url: str) -> None:
    db = open_database(db_url)
    try:
        with db.engine.connect() as conn:
            if db.dialect == "postgresql":
                conn.execute(text("SET enable_seqscan = off"))
                conn.execute(text("SET enable_sort = off"))
            own, republished = (
                plan_of(conn, select(Story.id).where(unreviewed(), part).order_by(*queue_order()).limit(50))
                for part in on_portal("ca-b")
            )
        assert "ix_articles_review_site" in own, own
        assert "TEMP B-TREE" not in own and "Sort" not in own, own
        assert "ix_article_urls_cross_site" in republished, republished
    finally:
        db.dispose()


def test_upgrade_from_0009_keeps_the_stories_without_a_date_source(db_url: str) -> None:
    with at_revision(db_url, "0009") as (conn, meta):
        conn.execute(insert(meta.tables["articles"]).values(story_row(
            1, site="ca-a", updated_at=WHEN, needs_review=True, changed_at=WHEN)))
    assert upgrade_database(db_url)[1:] == ("0009", HEAD)
    db = open_database(db_url, create=False)
    try:
        with db.sessions() as session:
            rows = session.execute(select(Story.id, Story.published_source)).all()
        assert [tuple(r) for r in rows] == [(1, None)]
    finally:
        db.dispose()
