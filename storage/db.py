"""Engine and session set-up: SQLite by default, PostgreSQL when the URL says so."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError as AlembicCommandError
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from storage.migrations import SCRIPT_LOCATION
from storage.models import Base

DEFAULT_DB_URL = "sqlite:///data/crawler.sqlite"
# PostgreSQL advisory lock held while the schema is created (any fixed 64-bit number;
# the scheduler's lock uses another).
SCHEMA_LOCK_KEY = 0x766E_7063_7363_6801


class DatabaseError(Exception):
    """A database problem worth one clear line to the user (bad URL, unreachable, unwritable).

    `unavailable`: the database could not be reached *now* (see `is_unavailable`); waiting may help."""

    def __init__(self, message: str, *, unavailable: bool = False) -> None:
        super().__init__(message)
        self.unavailable = unavailable


# user:password@ in a URL SQLAlchemy could not parse, so could not redact itself.
_PASSWORD = re.compile(r"(://[^:/@]*:)[^@/]*@")
BAD_URL_HINT = "expected e.g. sqlite:///data/crawler.sqlite or postgresql+psycopg://user@host/db"


def redact_url(url: str) -> str:
    """A database URL fit to print: without its password, even when SQLAlchemy cannot parse it."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _PASSWORD.sub(r"\1***@", url)


def resolve_db_url(explicit: str | None = None) -> str:
    """``--db`` first, then ``DATABASE_URL``, then the embedded SQLite file.

    Raises `DatabaseError` when the URL cannot even be parsed: callers take it apart
    with `make_url`, which raises ValueError (a port that is not a number) as well as
    ArgumentError, and each of them would otherwise have to know that.
    """
    url = explicit or os.environ.get("DATABASE_URL") or DEFAULT_DB_URL
    try:
        make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseError(f"bad database URL {redact_url(url)!r}: {BAD_URL_HINT}") from None
    return url


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def insert(self, target: Any) -> Any:
        """An INSERT of this dialect, the kind that takes ON CONFLICT (see insert_for)."""
        return insert_for(self.dialect)(target)

    def dispose(self) -> None:
        self.engine.dispose()


def insert_for(dialect: str) -> Any:
    """The INSERT construct with ``on_conflict_do_nothing`` / ``_do_update`` of this dialect: the repositories'
    upserts are written once for SQLite and PostgreSQL."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets a reader (export, a second crawl) work while a crawl writes; the busy
    # timeout turns a concurrent writer's lock into a short wait instead of an error.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _normalize(url: str) -> str:
    # Only psycopg 3 is installed; plain "postgresql://" would make SQLAlchemy look for psycopg2.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def first_line(exc: BaseException) -> str:
    # SQLAlchemy appends the SQL and a "Background on this error" link; the driver's own
    # first line is what names the problem ("file is not a database", "Connection refused").
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# Errors that say the database is not reachable or not writable *right now*: a connection refused,
# dropped or reset (a restart, a failover), a server shutting down, a lock held too long. Waiting may
# help. A full disk, a read-only file or a schema problem will not get better by itself.
_LASTING = ("disk is full", "disk full", "no space left", "readonly", "read-only", "no such table", "no such column",
            "syntax error", "file is not a database", "does not exist", "permission denied")


def refuses_writes(exc: BaseException) -> bool:
    """Whether `exc` means the database cannot take writes until someone acts: a full disk, a read-only file."""
    if not isinstance(exc, OperationalError):
        return False
    text = first_line(exc).lower()
    return any(words in text for words in ("disk is full", "disk full", "no space left", "readonly", "read-only"))


def is_unavailable(exc: BaseException) -> bool:
    """Whether `exc` means the database is away for now (a retry later may succeed)."""
    if isinstance(exc, DatabaseError):
        return exc.unavailable
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    text = first_line(exc).lower()
    return not any(words in text for words in _LASTING)


# -- migrations -----------------------------------------------------------------------------------------
#
# The schema is versioned with Alembic (storage/migrations). A database is in one of four states:
# empty (no table of ours), pre-Alembic (tables made by create_all, no alembic_version: stamped with the
# revision its columns match), at an older revision (upgraded), or at head.

# Revision of a pre-Alembic database that lacks these columns (they came with the next revision).
PRE_ALEMBIC_REVISION = "0001"
_ADDED_AFTER_FIRST: dict[str, tuple[str, ...]] = {"crawl_runs": ("failures",)}
# The newest schema create_all made before migrations existed, and the columns added since (by
# migrations only): a pre-Alembic database lacking just those is at this revision, not older.
LAST_PRE_ALEMBIC_REVISION = "0002"
_ADDED_BY_MIGRATIONS: dict[str, tuple[str, ...]] = {"articles": ("needs_review", "changed_at", "published_source",
                                                                  "reviewed_by"),
                                                     "article_urls": ("cross_site",),
                                                     "crawl_runs": ("next_run_at", "schedule_note", "cadence")}
# The tables create_all made before migrations; later tables come from their migrations only.
_PRE_ALEMBIC_TABLES = frozenset({"articles", "article_urls", "article_versions", "crawl_runs", "feed_state",
                                 "not_article_urls"})


def _alembic_config(conn: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if conn is not None:
        config.attributes["connection"] = conn
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def _schema_revision(conn: Connection, where: str) -> str | None:
    """The revision the database is at: None when it is empty, a stamp-worthy guess when pre-Alembic.

    A pre-Alembic database whose tables lack a column revision 1 already had is refused (one line):
    it was made by some older, unversioned crawler this code cannot upgrade.
    """
    inspector = inspect(conn)
    tables = set(inspector.get_table_names())
    if "alembic_version" in tables:
        revision = MigrationContext.configure(conn).get_current_revision()
        if revision is not None and revision not in _known_revisions():
            raise DatabaseError(f"cannot use database {where}: its schema is at revision {revision!r}, "
                                "made by a newer version of the crawler")
        return revision
    present_tables = tables & set(Base.metadata.tables)
    if not present_tables:
        return None
    revision = head_revision()
    for table in Base.metadata.sorted_tables:
        if table.name not in present_tables:
            continue
        present = {column["name"] for column in inspector.get_columns(table.name)}
        missing = [column.name for column in table.columns if column.name not in present]
        if any(name in _ADDED_BY_MIGRATIONS.get(table.name, ()) for name in missing):
            revision = min(revision, LAST_PRE_ALEMBIC_REVISION)
            missing = [name for name in missing if name not in _ADDED_BY_MIGRATIONS[table.name]]
        added_later = _ADDED_AFTER_FIRST.get(table.name, ())
        if any(name not in added_later for name in missing):
            name = next(name for name in missing if name not in added_later)
            raise DatabaseError(
                f"cannot use database {where}: table {table.name!r} has no column {name!r} "
                "(made by an older version of the crawler; it is not upgraded automatically)"
            )
        if missing:
            revision = PRE_ALEMBIC_REVISION
    return revision


def _lock_schema(conn: Connection) -> None:
    """Take the lock only one process can hold while it creates or upgrades the schema.

    Two crawls started at once on an empty database would both find a table missing and
    both create it; the second fails ("table articles already exists" on SQLite, a
    duplicate pg_type row on PostgreSQL). The check and the change run in one transaction
    that first takes SQLite's write lock (BEGIN IMMEDIATE, waiting up to the busy timeout)
    or a transaction-scoped advisory lock on PostgreSQL. The loser then finds the schema
    at head and changes nothing.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})


def _upgrade(conn: Connection, where: str) -> tuple[str | None, str]:
    """Bring the schema to head on a locked connection; returns (revision before, revision after).

    Before is None for an empty database. A pre-Alembic database is stamped first (its tables
    are those of the revision it matches; any table it lacks is created by create_all, as before
    migrations), then upgraded.
    """
    before = _schema_revision(conn, where)
    config = _alembic_config(conn)
    head = head_revision()
    if before is not None and "alembic_version" not in inspect(conn).get_table_names():
        # Tables added after the database was made, as create_all always did; then the stamp.
        Base.metadata.create_all(conn, tables=[t for t in Base.metadata.sorted_tables
                                               if t.name in _PRE_ALEMBIC_TABLES])
        stamp = _schema_revision(conn, where)
        assert stamp is not None
        command.stamp(config, stamp)
    if before != head:
        command.upgrade(config, "head")
    return before, head


def _create_schema(engine: Engine, where: str) -> None:
    """Create the schema of an empty database, or upgrade an older one, one process at a time."""
    with engine.begin() as conn:
        _lock_schema(conn)
        _upgrade(conn, where)


def _check_schema(engine: Engine, where: str) -> None:
    """Refuse (one line) a database that is not at the head revision, without touching it.

    Read-only commands never upgrade: the crawl path does that, or `crawler db upgrade`.
    """
    with engine.connect() as conn:
        revision = _schema_revision(conn, where)
        if revision is None:
            return  # empty: read-only commands find nothing, as before
        if revision != head_revision():
            raise DatabaseError(
                f"cannot use database {where}: its schema is at revision {revision}, this version needs "
                f"{head_revision()}; run `crawler db upgrade` first"
            )
        # Pre-Alembic at head: fine to read; the next crawl stamps it.


def _make_engine(url: str | None) -> tuple[Engine, str, str]:
    """An engine for the URL (``--db``, $DATABASE_URL or the default), the URL and its printable form."""
    url = _normalize(resolve_db_url(url))
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number, a broken IPv6 host
        raise DatabaseError(f"bad database URL {redact_url(url)!r}: {BAD_URL_HINT}") from None
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database)
            if path.is_dir():
                raise DatabaseError(f"the SQLite database {path} is a directory; give a file name")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except FileExistsError:
                raise DatabaseError(f"cannot create the data directory {path.parent}: "
                                    "a file of that name is in the way") from None
            except OSError as exc:
                raise DatabaseError(f"cannot create the data directory {path.parent}: {exc.strerror}") from None
            if path.parent.exists() and not os.access(path.parent, os.W_OK):
                raise DatabaseError(f"the data directory {path.parent} is not writable")
        kwargs["connect_args"] = {"timeout": 30}
    elif parsed.get_backend_name() == "postgresql":
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = {"connect_timeout": 10}
    else:
        raise DatabaseError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql")
    try:
        engine = create_engine(url, **kwargs)
    except (NoSuchModuleError, ArgumentError, ImportError) as exc:
        raise DatabaseError(f"cannot use database URL {parsed.render_as_string()}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine, url, parsed.render_as_string()


@contextmanager
def _one_line_errors(engine: Engine, where: str) -> Iterator[None]:
    """Turn what the driver raises into a one-line DatabaseError; the engine is disposed on error."""
    try:
        yield
    except DatabaseError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseError(f"cannot open database {where}: {first_line(exc)}",
                            unavailable=is_unavailable(exc)) from None
    except (SQLAlchemyError, AlembicCommandError) as exc:
        # e.g. sqlite3's "file is not a database": the file is reported, never overwritten.
        engine.dispose()
        raise DatabaseError(f"cannot use database {where}: {first_line(exc)}") from None


def open_database(url: str | None = None, *, create: bool = True) -> Database:
    """Connect, check the connection and the schema's revision.

    With ``create`` (the crawl path) an empty database gets the schema and an older one is
    upgraded, under the schema lock; without, a database not at the head revision is refused.
    """
    engine, url, where = _make_engine(url)
    with _one_line_errors(engine, where):
        # Checked before anything is written: a database this version cannot use is left as it was
        # (checked again under the lock, where another process may have changed it meanwhile).
        if create:
            with engine.connect() as conn:
                _schema_revision(conn, where)
            _create_schema(engine, where)
        else:
            _check_schema(engine, where)
    return Database(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


def upgrade_database(url: str | None = None) -> tuple[str, str | None, str]:
    """`crawler db upgrade`: bring the schema to head; returns (where, revision before, revision after)."""
    engine, _url, where = _make_engine(url)
    with _one_line_errors(engine, where), engine.begin() as conn:
        _lock_schema(conn)
        before, after = _upgrade(conn, where)
    engine.dispose()
    return where, before, after


def current_revision(url: str | None = None) -> tuple[str, str | None, bool]:
    """`crawler db current`: (where, the revision or None when empty, whether it is only inferred).

    A pre-Alembic database has no stamp; its revision is inferred from its columns.
    """
    engine, _url, where = _make_engine(url)
    with _one_line_errors(engine, where), engine.connect() as conn:
        revision = _schema_revision(conn, where)
        inferred = revision is not None and "alembic_version" not in inspect(conn).get_table_names()
    engine.dispose()
    return where, revision, inferred
