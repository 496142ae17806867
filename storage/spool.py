"""The spool: stories a crawl could not store because the database was away, kept on local disk
until a crawl can store them, and the run record of that crawl.

One file per batch (`batch-<time>-<pid>-<n>.pickle`) or run record (`run-…`), written to a
temporary name and renamed, so a file is whole or absent, in a directory of its own per database: beside the SQLite file
(`crawler.sqlite.spool/`), else under the user's state directory by a digest of the URL without
its password (`~/.local/state/vn-police-crawler/spool/<digest>/`); `STORE_SPOOL_DIR` (or the
environment variable `CRAWLER_SPOOL_DIR`) puts it elsewhere. The files are written and read by this
program only, as pickles of `StoryInput`.

`drain` stores every file's batch through `ArticleRepository.save_batch` (the same path as a crawl's
own writes, so a story is stored once whichever process drains it, and a story stored meanwhile
comes back "known"), then the run records, and removes each file after its transaction committed,
one process at a time.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import time
from collections.abc import Iterator, Sequence
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

from storage.models import CrawlRun
from storage.runs import RunRepository

if TYPE_CHECKING:
    from storage.repository import ArticleRepository, StoryInput

SPOOL_ENV = "CRAWLER_SPOOL_DIR"
_serial = count()


def spool_dir(db_url: str, configured: str | None = None) -> Path:
    """Where the spool of the database at `db_url` lives."""
    chosen = configured or os.environ.get(SPOOL_ENV)
    if chosen:
        return Path(chosen).expanduser()
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).expanduser().resolve().with_name(Path(url.database).name + ".spool")
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return state / "vn-police-crawler" / "spool" / digest


class Spool:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def put(self, stories: Sequence[StoryInput]) -> Path:
        """Keep a batch; returns its file."""
        return self._write("batch", list(stories))

    def put_run(self, run: CrawlRun) -> Path:
        """Keep a crawl's run record (its columns; the row gets its id when stored)."""
        return self._write("run", {c.key: getattr(run, c.key) for c in CrawlRun.__table__.columns if c.key != "id"})

    def _write(self, kind: str, content: object) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"{kind}-{time.time_ns()}-{os.getpid()}-{next(_serial)}.pickle"
        final = self.directory / name
        partial = self.directory / f".{name}.part"
        with open(partial, "wb") as out:
            pickle.dump(content, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(final)
        return final

    def files(self, kind: str = "*") -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(self.directory.glob(f"{kind}-*.pickle"))

    def stories(self) -> int:
        return sum(len(batch) for _, batch in self._load("batch"))

    def _load(self, kind: str) -> Iterator[tuple[Path, Any]]:
        for path in self.files(kind):
            try:
                with open(path, "rb") as spooled:
                    yield path, pickle.load(spooled)  # our own files, written by _write()
            except FileNotFoundError:  # another process drained it
                continue

    def drain(self, repo: ArticleRepository) -> int:
        """Store every spooled batch, oldest first; returns the stories stored. Stops at the first error.

        One process drains at a time (a lock file in the directory); the others find the files gone."""
        if not self.files():
            return 0
        stored = 0
        with open(self.directory / ".drain.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                for path, batch in self._load("batch"):
                    repo.save_batch(batch)
                    path.unlink(missing_ok=True)
                    stored += len(batch)
                runs = RunRepository(repo.db)
                for path, columns in self._load("run"):
                    runs.record(CrawlRun(**columns))
                    path.unlink(missing_ok=True)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        return stored
