"""`python -m crawler` whose SQLite connections cannot grow past TEST_SQLITE_MAX_PAGES pages (a full disk),
or are read-only (TEST_SQLITE_READ_ONLY=1): the disk-full and read-only tests run crawls through it."""

import os
import sys

from sqlalchemy import event
from sqlalchemy.engine import Engine

from crawler.cli import main


@event.listens_for(Engine, "connect")
def _limit(dbapi_conn, _record):  # type: ignore[no-untyped-def]
    cursor = dbapi_conn.cursor()
    if os.environ.get("TEST_SQLITE_MAX_PAGES"):
        cursor.execute(f"PRAGMA max_page_count = {int(os.environ['TEST_SQLITE_MAX_PAGES'])}")
    if os.environ.get("TEST_SQLITE_READ_ONLY"):
        cursor.execute("PRAGMA query_only = ON")
    cursor.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
