"""Engine and session set-up: SQLite by default, PostgreSQL when the URL says so."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Base

DEFAULT_DB_URL = "sqlite:///data/crawler.sqlite"


class DatabaseError(Exception):
    """A database problem worth one clear line to the user (bad URL, unreachable, unwritable)."""


def resolve_db_url(explicit: str | None = None) -> str:
    """``--db`` first, then ``DATABASE_URL``, then the embedded SQLite file."""
    return explicit or os.environ.get("DATABASE_URL") or DEFAULT_DB_URL


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


def open_database(url: str | None = None, *, create: bool = True) -> Database:
    """Connect, check the connection and create the schema if it is missing."""
    url = _normalize(resolve_db_url(url))
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"bad database URL {url!r}: expected e.g. sqlite:///data/crawler.sqlite "
                            "or postgresql+psycopg://user@host/db") from None
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
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
    try:
        if create:
            Base.metadata.create_all(engine)
        else:
            with engine.connect():
                pass
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseError(f"cannot open database {parsed.render_as_string()}: {reason}") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseError(f"database error on {parsed.render_as_string()}: {exc}") from None
    return Database(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
