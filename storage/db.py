"""Engine and session set-up: SQLite by default, PostgreSQL when the URL says so."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Base

DEFAULT_DB_URL = "sqlite:///data/crawler.sqlite"
# PostgreSQL advisory lock held while the schema is created (any fixed 64-bit number;
# the scheduler's lock uses another).
SCHEMA_LOCK_KEY = 0x766E_7063_7363_6801


class DatabaseError(Exception):
    """A database problem worth one clear line to the user (bad URL, unreachable, unwritable)."""


# user:password@ in a URL SQLAlchemy could not parse, so could not redact itself.
_PASSWORD = re.compile(r"(://[^:/@]*:)[^@/]*@")
BAD_URL_HINT = "expected e.g. sqlite:///data/crawler.sqlite or postgresql+psycopg://user@host/db"


def _mask_password(url: str) -> str:
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
        raise DatabaseError(f"bad database URL {_mask_password(url)!r}: {BAD_URL_HINT}") from None
    return url


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()


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


def _first_line(exc: BaseException) -> str:
    # SQLAlchemy appends the SQL and a "Background on this error" link; the driver's own
    # first line is what names the problem ("file is not a database", "Connection refused").
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# Columns added after a release, nullable: an older database gets them with ALTER TABLE instead of
# being refused (every other missing column still is, by _check_schema).
ADDED_COLUMNS: dict[str, tuple[str, ...]] = {"crawl_runs": ("failures",)}


def _add_new_columns(engine: Engine) -> None:
    inspector = inspect(engine)
    existing = set(inspector.get_table_names())
    for table_name, columns in ADDED_COLUMNS.items():
        if table_name not in existing:
            continue
        present = {column["name"] for column in inspector.get_columns(table_name)}
        table = Base.metadata.tables[table_name]
        with engine.begin() as conn:
            for name in columns:
                if name not in present:
                    kind = table.columns[name].type.compile(dialect=engine.dialect)
                    conn.exec_driver_sql(f"ALTER TABLE {table_name} ADD COLUMN {name} {kind}")


def _create_schema(engine: Engine) -> None:
    """Create the missing tables, one process at a time.

    Two crawls started at once on an empty database would both find a table missing and
    both create it; the second fails ("table articles already exists" on SQLite, a
    duplicate pg_type row on PostgreSQL). The check and the creation run in one
    transaction that first takes a lock only one process can hold: SQLite's write lock
    (BEGIN IMMEDIATE, waiting up to the busy timeout), a transaction-scoped advisory lock
    on PostgreSQL. The loser then finds every table and creates nothing.
    """
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
        Base.metadata.create_all(conn)


def _check_schema(engine: Engine, where: str) -> None:
    """Refuse a database whose tables lack columns this version needs.

    There are no migrations: `create_all` adds missing tables but never columns, so an
    older database would otherwise fail later, mid-crawl or mid-export, with a traceback.
    """
    inspector = inspect(engine)
    existing = set(inspector.get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in existing:
            continue
        present = {column["name"] for column in inspector.get_columns(table.name)}
        missing = [column.name for column in table.columns if column.name not in present]
        if missing:
            raise DatabaseError(
                f"cannot use database {where}: table {table.name!r} has no column {missing[0]!r} "
                "(made by an older version of the crawler; it is not upgraded automatically)"
            )


def open_database(url: str | None = None, *, create: bool = True) -> Database:
    """Connect, check the connection and create the schema if it is missing."""
    url = _normalize(resolve_db_url(url))
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number, a broken IPv6 host
        raise DatabaseError(f"bad database URL {_mask_password(url)!r}: {BAD_URL_HINT}") from None
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
    where = parsed.render_as_string()
    try:
        # Checked before create_all: a database this version cannot use is left as it was.
        if create:
            _add_new_columns(engine)
        _check_schema(engine, where)
        if create:
            _create_schema(engine)
        else:
            with engine.connect():
                pass
    except DatabaseError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseError(f"cannot open database {where}: {_first_line(exc)}") from None
    except SQLAlchemyError as exc:
        # e.g. sqlite3's "file is not a database": the file is reported, never overwritten.
        engine.dispose()
        raise DatabaseError(f"cannot use database {where}: {_first_line(exc)}") from None
    return Database(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
