"""Bad input to every entry point: one `error:` line, a non-zero exit, no traceback, nothing stored lost.

Each command runs in a subprocess, as a user would run it: `python -m crawler ...`,
`python -m scrapy list`, `python scheduler.py`. Before and after each failing command the
rows of a SQLite database holding two stored stories are compared, so a command that fails
half-way (and, say, recreates or truncates the database) is caught, not only one that crashes.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from storage import ArticleRepository, StoryInput, open_database

ROOT = Path(__file__).resolve().parent.parent
EXIT_USAGE = 2

# A site that could never be crawled by accident: port 9 (discard) on loopback.
GOOD_SITE = """\
[[sites]]
id = "local"
name = "Công an tỉnh Thử Nghiệm"
start_urls = ["http://127.0.0.1:9/tin-tuc/"]
"""

# The smallest valid PNG header: magic, then the IHDR chunk (which holds NUL bytes).
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


# -- the stored stories that must survive every failed command ----------------------------------


@dataclass
class StoredDb:
    path: Path

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def snapshot(self) -> dict[str, list[tuple[object, ...]]]:
        """Every row of every table, read with sqlite3 itself (read-only) so the check cannot change it."""
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            # Sorted here: the search index's shadow tables have no rowid to order by.
            return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
        finally:
            conn.close()


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoredDb]:
    path = tmp_path_factory.mktemp("stored") / "crawler.sqlite"
    db = open_database(f"sqlite:///{path}")
    ArticleRepository(db).save_batch([
        StoryInput(site_id="local", url="http://127.0.0.1:9/tin-tuc/bai-1.html",
                      title="Công an tỉnh ra quân bảo đảm trật tự an toàn giao thông",
                      body=["Đoạn một của bài.", "Đoạn hai của bài."], content_hash="h1",
                      published_at=date(2024, 5, 3)),
        StoryInput(site_id="local", url="http://127.0.0.1:9/tin-tuc/bai-2.html",
                      title="Triệt phá đường dây ma túy", body=["Nội dung khác."], content_hash="h2"),
    ])
    db.dispose()
    snap = StoredDb(path).snapshot()
    assert len(snap["articles"]) == 2
    yield StoredDb(path)


@pytest.fixture
def unchanged(stored: StoredDb) -> Iterator[StoredDb]:
    """The stored database, checked after the test to hold exactly what it held before."""
    before = stored.snapshot()
    yield stored
    assert stored.snapshot() == before, "a failed command changed the stored stories"


@pytest.fixture
def good_sites(tmp_path: Path) -> Path:
    path = tmp_path / "good.toml"
    path.write_text(GOOD_SITE, encoding="utf-8")
    return path


# -- running and judging ---------------------------------------------------------------------


def run(argv: list[str], *, db: StoredDb, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # DATABASE_URL always names the test database, so a command that ignores --db can
    # never reach data/crawler.sqlite of the working tree.
    full_env = {**os.environ, "DATABASE_URL": db.url, "CRAWLER_SITES": str(ROOT / "sites.toml"), **(env or {})}
    return subprocess.run([sys.executable, *argv], cwd=ROOT, capture_output=True, text=True, env=full_env,
                          timeout=90, stdin=subprocess.DEVNULL)


def crawler(*args: str, db: StoredDb, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run(["-m", "crawler", *args], db=db, env=env)


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str, code: int = EXIT_USAGE) -> str:
    shown = f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert "Traceback" not in result.stderr + result.stdout, shown
    assert result.returncode == code, shown
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), shown
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} not in the message\n{shown}"
    return lines[0]


# -- the site registry ----------------------------------------------------------------------------

GOOD_BODY = 'name = "A"\nstart_urls = ["http://127.0.0.1:9/a/"]\n'

REGISTRY_CASES: dict[str, tuple[str | bytes | None, tuple[str, ...]]] = {
    # name: (file content, None for no file; fragments the one line must hold)
    "syntax-error": ('[[sites]]\nid = "local"\nname = "A"\nstart_urls = ["http://127.0.0.1:9/a/"\n\n',
                     ("not valid TOML", "line ")),
    "syntax-error-line-1": ('[[sites]\nid = "local"\n', ("not valid TOML", "line 1")),
    "missing-start-urls": ('[[sites]]\nid = "local"\nname = "A"\n',
                           ("site 'local'", "key 'start_urls'", "required")),
    "start-urls-a-string": ('[[sites]]\nid = "local"\nname = "A"\nstart_urls = "http://127.0.0.1:9/a/"\n',
                            ("site 'local'", "key 'start_urls'", "list")),
    "start-url-ftp": ('[[sites]]\nid = "local"\nname = "A"\nstart_urls = ["ftp://127.0.0.1/a/"]\n',
                      ("key 'start_urls'", "not an http(s) URL", "ftp://")),
    "start-url-broken-ipv6": ('[[sites]]\nid = "local"\nname = "A"\nstart_urls = ["http://[::1/a/"]\n',
                              ("key 'start_urls'", "not an http(s) URL")),
    "start-url-bad-port": ('[[sites]]\nid = "local"\nname = "A"\nstart_urls = ["http://a.vn:99999/"]\n',
                           ("key 'start_urls'", "not an http(s) URL")),
    "interval-abc": (f'[[sites]]\nid = "local"\n{GOOD_BODY}interval = "abc"\n',
                     ("site 'local'", "key 'interval'", "'abc'")),
    "interval-a-number": (f'[[sites]]\nid = "local"\n{GOOD_BODY}interval = 15\n', ("key 'interval'",)),
    "max-pages-negative": (f'[[sites]]\nid = "local"\n{GOOD_BODY}max_pages = -1\n',
                           ("site 'local'", "key 'max_pages'", "positive")),
    "max-pages-a-string": (f'[[sites]]\nid = "local"\n{GOOD_BODY}max_pages = "100"\n', ("key 'max_pages'",)),
    "profile-nope": (f'[[sites]]\nid = "local"\n{GOOD_BODY}profile = "nope"\n',
                     ("site 'local'", "key 'profile'", "'nope'", "auto")),
    "profile-a-list": (f'[[sites]]\nid = "local"\n{GOOD_BODY}profile = ["generic"]\n', ("key 'profile'",)),
    "download-delay-nan": (f'[[sites]]\nid = "local"\n{GOOD_BODY}download_delay = nan\n',
                           ("key 'download_delay'",)),
    "duplicate-ids": (GOOD_SITE + GOOD_SITE, ("site 'local'", "key 'id'", "duplicate")),
    "typo-start-url": ('[[sites]]\nid = "local"\nname = "A"\nstart_url = ["http://127.0.0.1:9/a/"]\n',
                       ("site 'local'", "key 'start_url'", "did you mean 'start_urls'")),
    "typo-intervall": (f'[[sites]]\nid = "local"\n{GOOD_BODY}intervall = "1h"\n',
                       ("key 'intervall'", "did you mean 'interval'")),
    "empty-file": ("", ("no [[sites]] entries",)),
    "only-a-comment": ("# sites to come\n", ("no [[sites]] entries",)),
    "sites-empty-list": ("sites = []\n", ("no [[sites]] entries",)),
    "not-utf8": (b"[[sites]]\nid = \"local\"\nname = \"C\xf4ng an\"\n", ("not UTF-8",)),
    "missing-file": (None, ("file not found",)),
}


def _write_registry(tmp_path: Path, content: str | bytes | None) -> Path:
    path = tmp_path / "sites.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(REGISTRY_CASES))
def test_bad_registry_stops_crawl_before_anything(case: str, tmp_path: Path, unchanged: StoredDb) -> None:
    content, fragments = REGISTRY_CASES[case]
    path = _write_registry(tmp_path, content)
    result = crawler("crawl", "--sites", str(path), db=unchanged)
    message = assert_one_line_error(result, str(path), *fragments)
    assert message.startswith(f"error: {path}: ")


def test_registry_that_is_a_directory(tmp_path: Path, unchanged: StoredDb) -> None:
    result = crawler("crawl", "--sites", str(tmp_path), db=unchanged)
    assert_one_line_error(result, str(tmp_path), "cannot read")


# The same file gives the same line through every entry point that reads the registry.
ENTRY_POINTS = {
    "crawler-sites": lambda path: ["-m", "crawler", "sites", "--sites", str(path)],
    "scrapy-list": lambda path: ["-m", "scrapy", "list"],  # reads $CRAWLER_SITES
    "scheduler": lambda path: ["scheduler.py", "--sites", str(path)],
    "crawler-schedule-once": lambda path: ["-m", "crawler", "schedule", "--once", "--sites", str(path)],
}


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
@pytest.mark.parametrize("case", ["syntax-error", "typo-start-url"])
def test_bad_registry_through_every_entry_point(entry: str, case: str, tmp_path: Path, unchanged: StoredDb) -> None:
    content, fragments = REGISTRY_CASES[case]
    path = _write_registry(tmp_path, content)
    result = run(ENTRY_POINTS[entry](path), db=unchanged, env={"CRAWLER_SITES": str(path)})
    assert_one_line_error(result, str(path), *fragments)


# -- the database -----------------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


DB_COMMANDS = {
    "crawl": lambda url, sites: ["-m", "crawler", "crawl", "--sites", str(sites), "--db", url],
    "export": lambda url, sites: ["-m", "crawler", "export", "--db", url],
    "runs": lambda url, sites: ["-m", "crawler", "runs", "--db", url],
    "scheduler": lambda url, sites: ["scheduler.py", "--sites", str(sites), "--db", url],
}


@pytest.mark.parametrize("command", list(DB_COMMANDS))
@pytest.mark.parametrize(
    ("url", "fragments"),
    [
        ("mysql://crawler@db.example/crawler", ("unsupported database 'mysql'", "sqlite or postgresql")),
        ("not a database url", ("bad database URL", "'not a database url'")),
        ("postgresql://u:secret@[::1/x", ("bad database URL", "u:***@")),
    ],
    ids=["mysql", "garbage", "broken-ipv6"],
)
def test_bad_database_url(command: str, url: str, fragments: tuple[str, ...], good_sites: Path,
                          unchanged: StoredDb) -> None:
    result = run(DB_COMMANDS[command](url, good_sites), db=unchanged)
    message = assert_one_line_error(result, *fragments)
    assert "secret" not in message


@pytest.mark.parametrize(
    ("url", "fragments"),
    [
        ("oracle+cx_oracle://u@h/x", ("unsupported database 'oracle'",)),
        ("postgresql+asyncpg://u@h/x", ("postgresql+asyncpg",)),  # a driver that is not installed
        ("postgresql://u@localhost:port/x", ("bad database URL",)),
        ("", ("unsupported database 'mysql'",)),  # an empty --db falls back to $DATABASE_URL
    ],
    ids=["oracle", "driver-not-installed", "port-not-a-number", "empty"],
)
def test_bad_database_url_for_a_crawl(url: str, fragments: tuple[str, ...], good_sites: Path,
                                      unchanged: StoredDb) -> None:
    result = run(DB_COMMANDS["crawl"](url, good_sites), db=unchanged, env={"DATABASE_URL": "mysql://u@h/x"})
    assert_one_line_error(result, *fragments)


@pytest.mark.parametrize("command", ["crawl", "scheduler"])
def test_database_url_from_the_environment_is_checked_too(command: str, good_sites: Path,
                                                         unchanged: StoredDb) -> None:
    argv = [a for a in DB_COMMANDS[command]("X", good_sites) if a not in ("--db", "X")]
    result = run(argv, db=unchanged, env={"DATABASE_URL": "mysql://u@h/x"})
    assert_one_line_error(result, "unsupported database 'mysql'")


@pytest.mark.parametrize("command", list(DB_COMMANDS))
def test_unreachable_postgresql(command: str, good_sites: Path, unchanged: StoredDb) -> None:
    url = f"postgresql://crawler:secret@127.0.0.1:{_closed_port()}/crawler"
    result = run(DB_COMMANDS[command](url, good_sites), db=unchanged)
    message = assert_one_line_error(result, "cannot open database", "127.0.0.1")
    assert "secret" not in message  # the password never reaches a log


@pytest.mark.parametrize(
    ("command", "where"),
    [*((c, "under-a-regular-file") for c in DB_COMMANDS), ("crawl", "under-dev-null")],
)
def test_database_path_under_a_file(command: str, where: str, tmp_path: Path, good_sites: Path,
                                    unchanged: StoredDb) -> None:
    # A path through a regular file cannot be created even by root, unlike a chmod-ed directory.
    if where == "under-dev-null":
        parent = Path("/dev/null")
    else:
        parent = tmp_path / "plain-file"
        parent.write_text("not a directory", encoding="utf-8")
    url = f"sqlite:///{parent}/sub/crawler.sqlite"
    result = run(DB_COMMANDS[command](url, good_sites), db=unchanged)
    if command == "runs":  # reading commands refuse a database that does not exist yet
        assert_one_line_error(result, "no database at")
    else:
        assert_one_line_error(result, str(parent))
    if where == "under-a-regular-file":
        assert parent.read_text(encoding="utf-8") == "not a directory"


def test_database_in_an_unwritable_directory(tmp_path: Path, good_sites: Path, unchanged: StoredDb) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as root: a 0o500 directory is still writable "
                        "(test_database_path_under_a_file covers this for root)")
        for command in ("crawl", "export", "scheduler"):
            result = run(DB_COMMANDS[command](f"sqlite:///{locked}/crawler.sqlite", good_sites), db=unchanged)
            assert_one_line_error(result, str(locked), "not writable")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_database_path_that_is_a_directory(tmp_path: Path, good_sites: Path, unchanged: StoredDb) -> None:
    for command in ("crawl", "export", "scheduler"):
        result = run(DB_COMMANDS[command](f"sqlite:///{tmp_path}", good_sites), db=unchanged)
        assert_one_line_error(result, str(tmp_path), "directory")


@pytest.mark.parametrize("command", [*DB_COMMANDS, "new", "show", "review"])
def test_sqlite_file_that_is_not_a_database_is_left_alone(command: str, tmp_path: Path, good_sites: Path,
                                                          unchanged: StoredDb) -> None:
    garbage = tmp_path / "crawler.sqlite"
    content = bytes(range(256)) * 64 + b"SQLite format 2\x00 but not really"
    garbage.write_bytes(content)
    url = f"sqlite:///{garbage}"
    argv = {
        "new": ["-m", "crawler", "new", "--db", url],
        "show": ["-m", "crawler", "show", "1", "--db", url],
        "review": ["-m", "crawler", "review", "--all", "--db", url],
    }.get(command) or DB_COMMANDS[command](url, good_sites)
    result = run(argv, db=unchanged)
    assert_one_line_error(result, str(garbage), "not a database")
    assert garbage.read_bytes() == content
    # No lock file, journal or WAL left next to it either.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["crawler.sqlite", good_sites.name])


def test_database_of_an_older_schema_is_refused_not_altered(tmp_path: Path, good_sites: Path,
                                                            unchanged: StoredDb) -> None:
    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old)
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, url TEXT, title TEXT)")
    conn.execute("INSERT INTO articles VALUES (1, 'http://a.vn/1.html', 'Bài cũ')")
    conn.commit()
    conn.close()
    before = StoredDb(old).snapshot()
    for command in ("crawl", "export", "runs"):
        result = run(DB_COMMANDS[command](f"sqlite:///{old}", good_sites), db=unchanged)
        assert_one_line_error(result, "table 'articles' has no column", "older version")
    assert StoredDb(old).snapshot() == before  # not even the missing tables were added


# -- crawler extract ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("image.png", PNG, "not an HTML page"),
        ("image.html", PNG, "not an HTML page"),  # the extension does not make it HTML
        ("empty.html", b"", "not an HTML page"),
        ("blank.html", b" \n\t\n", "not an HTML page"),
        ("doc.pdf", b"%PDF-1.7\n<< /Type /Catalog >>\n", "not an HTML page"),
        ("archive.zip", b"PK\x03\x04<html>", "not an HTML page"),
        ("missing.html", None, "cannot read"),
        ("folder", "dir", "cannot read"),
    ],
)
def test_extract_refuses_what_is_not_an_html_file(name: str, content: bytes | str | None, fragment: str,
                                                  tmp_path: Path, unchanged: StoredDb) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    result = crawler("extract", str(path), db=unchanged)
    assert_one_line_error(result, str(path), fragment)
    assert result.stdout == ""


def test_extract_with_an_unparseable_url_still_reads_the_page(tmp_path: Path, unchanged: StoredDb) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Tin</title></head><body><h1>Công an tỉnh ra quân</h1>"
                    + "<p>Đoạn văn về công tác bảo đảm an ninh trật tự trên địa bàn tỉnh.</p>" * 5
                    + "</body></html>", encoding="utf-8")
    result = crawler("extract", str(page), "--url", "http://[::1/tin-tuc/a-1.html", db=unchanged)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert '"url": "http://[::1/tin-tuc/a-1.html"' in result.stdout


def test_extract_unknown_profile(tmp_path: Path, unchanged: StoredDb) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    result = crawler("extract", str(page), "--profile", "joomla", db=unchanged)
    assert_one_line_error(result, "unknown profile 'joomla'")


# -- export, show, review, -s, usage ----------------------------------------------------------------


@pytest.mark.parametrize("where", ["missing-directory", "a-directory", "under-a-file"])
def test_export_to_an_unwritable_path(where: str, tmp_path: Path, unchanged: StoredDb) -> None:
    target = {"missing-directory": tmp_path / "nowhere" / "out.jsonl",
              "a-directory": tmp_path,
              "under-a-file": tmp_path / "file.txt" / "out.jsonl"}[where]
    (tmp_path / "file.txt").write_text("keep me", encoding="utf-8")
    result = crawler("export", "-o", str(target), db=unchanged)
    assert_one_line_error(result, str(target), "cannot write")
    assert result.stdout == ""
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["show", "abc"], ("crawler show", "'abc'")),
        (["show", "0"], ("crawler show", "'0'")),
        (["show", "--", "-3"], ("crawler show", "'-3'")),
        (["show", "99999999999999999999999"], ("crawler show", "99999999999999999999999")),
        (["show", "4242"], ("no article with id 4242",)),
        (["show"], ("crawler show", "ID")),
        (["review", "abc"], ("crawler review", "'abc'")),
        (["review", "1", "x2"], ("crawler review", "'x2'")),
        (["review", "99999999999999999999999"], ("crawler review", "99999999999999999999999")),
        (["review", "4242", "4243"], ("no article with ids 4242, 4243",)),
        (["review", "1", "4242"], ("4242",)),  # all or nothing: story 1 stays unreviewed
        (["review"], ("give article ids or --all",)),
        (["review", "--all", "1"], ("not both",)),
        (["new", "--limit", "0"], ("--limit",)),
        (["runs", "--limit", "many"], ("--limit", "'many'")),
        (["export", "--format", "xml"], ("--format", "'xml'")),
        (["frobnicate"], ("'frobnicate'",)),
        ([], ("COMMAND",)),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_usage_errors(args: list[str], fragments: tuple[str, ...], unchanged: StoredDb) -> None:
    result = crawler(*args, db=unchanged)
    assert_one_line_error(result, *fragments)


@pytest.mark.parametrize(
    ("setting", "fragments"),
    [
        ("DOWNLOAD_DELAY", ("-s expects NAME=VALUE", "'DOWNLOAD_DELAY'")),
        ("=2", ("-s expects NAME=VALUE", "'=2'")),
        ("DOWNLOAD_DELAY=abc", ("DOWNLOAD_DELAY", "a number", "'abc'")),
        ("CONCURRENT_REQUESTS=lots", ("CONCURRENT_REQUESTS", "a number")),
        ("ROBOTSTXT_OBEY=maybe", ("ROBOTSTXT_OBEY", "true or false", "'maybe'")),
    ],
)
def test_bad_setting(setting: str, fragments: tuple[str, ...], tmp_path: Path, good_sites: Path,
                     unchanged: StoredDb) -> None:
    fresh = tmp_path / "fresh.sqlite"
    result = crawler("crawl", "--sites", str(good_sites), "--db", f"sqlite:///{fresh}", "-s", setting, db=unchanged)
    assert_one_line_error(result, *fragments)
    assert not fresh.exists()  # settings are checked before the database is created


def test_scheduler_usage_error(unchanged: StoredDb) -> None:
    result = run(["scheduler.py", "--run-timeout", "-3"], db=unchanged)
    assert_one_line_error(result, "--run-timeout", "'-3'")
