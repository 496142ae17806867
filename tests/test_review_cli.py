"""The review commands (new, show, review, runs, sites) on real databases, through `crawler.cli.main`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from crawler.cli import main
from crawler.review.queue import ALERT_FAILURES, review_queue, shorten, width_of
from storage import ArticleRepository, CrawlRun, RunRepository, StoryInput, open_database
from storage.models import ArticleUrl

ROOT = Path(__file__).resolve().parent.parent
# Times relative to the real clock: `review` stamps with it, and "articles per day"
# counts the last 7 days before now.
NOW = datetime.now(UTC).replace(microsecond=0)
T0 = NOW - timedelta(days=2)
LONG_TITLE = (
    "Công an tỉnh Sơn La triệt phá đường dây mua bán trái phép chất ma túy xuyên biên giới, "
    "thu giữ 20 bánh heroin và nhiều tang vật liên quan tại huyện Sốp Cộp"
)
IMAGES = [{"url": "https://congan.sonla.gov.vn/i/1.jpg", "caption": "Hiện trường vụ việc"}]

SITES_TOML = """
[[sites]]
id = "son-la"
name = "Công an tỉnh Sơn La"
start_urls = ["https://congan.sonla.gov.vn/"]

[[sites]]
id = "ha-noi"
name = "Công an thành phố Hà Nội"
start_urls = ["https://congan.hanoi.gov.vn/"]
"""


def story(url: str, body: list[str], h: str, *, at: datetime, site: str = "son-la", title: str = "Tin",
          **kw) -> StoryInput:
    return StoryInput(site_id=site, url=url, title=title, body=body, content_hash=h, seen_at=at, **kw)


@dataclass(frozen=True)
class Filled:
    url: str
    edited: int  # version 2, changed after the others were first seen
    shared: int  # new, seen on son-la and ha-noi
    removed: int  # its only URL answered 404
    older: int  # new, the oldest change of the four

    def __str__(self) -> str:
        return self.url


def fill(url: str) -> Filled:
    """Four unreviewed stories, one of each kind; the newest change is the removal."""
    db = open_database(url)
    repo = ArticleRepository(db)
    repo.save_batch([
        story("https://congan.sonla.gov.vn/a/1.html", ["Đoạn một.", "Đoạn hai."], "h1", at=T0,
              title="Tiêu đề cũ", published_at=date(2024, 5, 3), author="Lê Minh", images=IMAGES),
        story("https://congan.sonla.gov.vn/a/4.html", ["Bốn."], "h4", at=T0, title="Tin bốn"),
    ])
    repo.save_batch([
        story("https://congan.sonla.gov.vn/a/2.html", ["Hai."], "h2", at=T0 + timedelta(hours=1),
              title=LONG_TITLE, published_at=datetime.fromisoformat("2024-05-03T09:36:00+07:00")),
    ])
    # Its own batch: within one batch the repository writes in URL order, and ha-noi's would come first.
    repo.save_batch([
        story("https://congan.hanoi.gov.vn/b/2.html", ["Hai."], "h2", at=T0 + timedelta(hours=1), site="ha-noi"),
    ])
    repo.save_batch([story("https://congan.sonla.gov.vn/a/3.html", ["Ba."], "h3", at=T0 + timedelta(hours=2))])
    repo.save_batch([
        story("https://congan.sonla.gov.vn/a/1.html", ["Đoạn một.", "Đoạn hai đã sửa.", "Đoạn ba mới."], "h1b",
              at=T0 + timedelta(hours=3), title="Tiêu đề mới", published_at=date(2024, 5, 3), author="Lê Minh",
              images=IMAGES),
    ])
    assert repo.mark_removed("https://congan.sonla.gov.vn/a/3.html", T0 + timedelta(hours=4)) == "removed"
    with db.sessions() as session:
        by_url = dict(session.execute(select(ArticleUrl.url, ArticleUrl.article_id)).all())
    db.dispose()
    base = "https://congan.sonla.gov.vn/a/"
    return Filled(url, *(by_url[f"{base}{n}.html"] for n in (1, 2, 3, 4)))


@pytest.fixture
def filled(sqlite_url) -> Filled:
    return fill(sqlite_url)


def run_cli(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def listed(out: str) -> list[tuple[int, str]]:
    """(id, FLAG) of every row of the `new` table."""
    return [(int(m[1]), m[2]) for m in re.finditer(r"^\s*(\d+)\s+(NEW|UPDATED|REMOVED)\s", out, re.MULTILINE)]


# -- new ------------------------------------------------------------------------------------------


def row_of(out: str, article_id: int) -> str:
    return next(line for line in out.splitlines() if re.match(rf"\s*{article_id}\s", line))


def test_new_lists_flags_newest_change_first(filled, capsys):
    f = filled
    code, out, err = run_cli(capsys, "new", "--db", f)
    assert code == 0, err
    assert listed(out) == [(f.removed, "REMOVED"), (f.edited, "UPDATED"), (f.shared, "NEW"), (f.older, "NEW")]
    assert all(width_of(line) <= 120 for line in out.splitlines())
    shared = row_of(out, f.shared)
    assert "2024-05-03 09:36" in shared
    assert re.search(r"\s2\s+Công an tỉnh Sơn La", shared), "a story seen at two URLs says so"
    assert shared.endswith("…")
    assert re.search(r"\s2024-05-03\s+Tiêu đề mới$", row_of(out, f.edited)), "a bare date stays a date"
    assert "4 to review (2 new, 1 updated, 1 removed)" in out
    assert "crawler show ID" in out and "crawler review ID" in out and "--all" in out


def test_new_limit_and_site(filled, capsys):
    f = filled
    _, out, _ = run_cli(capsys, "new", "--db", f, "--limit", "2")
    assert listed(out) == [(f.removed, "REMOVED"), (f.edited, "UPDATED")]
    assert "showing 2 of 4 to review" in out
    # The shared story was first seen on son-la; its second URL puts it on ha-noi's list too.
    _, out, _ = run_cli(capsys, "new", "--db", f, "--site", "ha-noi")
    assert listed(out) == [(f.shared, "NEW")]
    _, out, _ = run_cli(capsys, "new", "--db", f, "--site", "hue")
    assert out.strip() == "nothing new on hue since the last review"


def test_new_matches_repository_and_export(filled, capsys):
    f = filled
    db = open_database(f.url)
    try:
        repo = ArticleRepository(db)
        assert [r.id for r in review_queue(db).rows] == [a.id for a in repo.flagged()]
        repo.review([f.older])
        queue_ids = [r.id for r in review_queue(db).rows]
        assert queue_ids == [a.id for a in repo.flagged()]
    finally:
        db.dispose()
    code, out, _ = run_cli(capsys, "export", "--new", "--db", f)
    assert code == 0
    exported = [json.loads(line)["id"] for line in out.splitlines()]
    assert sorted(exported) == sorted(queue_ids) == sorted([f.edited, f.shared, f.removed])


def test_review_empties_new_and_an_edit_brings_a_story_back(filled, capsys):
    f = filled
    code, out, _ = run_cli(capsys, "review", f.edited, f.removed, "--db", f)
    assert code == 0
    assert out.strip() == "marked 2 article(s) reviewed"
    _, out, _ = run_cli(capsys, "new", "--db", f)
    assert listed(out) == [(f.shared, "NEW"), (f.older, "NEW")]

    _, out, _ = run_cli(capsys, "review", f.edited, "--db", f)
    assert out.strip() == "marked 0 article(s) reviewed (1 already reviewed)"
    _, out, _ = run_cli(capsys, "review", "--all", "--db", f)
    assert out.strip() == "marked 2 article(s) reviewed"
    code, out, _ = run_cli(capsys, "new", "--db", f)
    assert code == 0
    assert out.strip() == "nothing new since the last review"

    db = open_database(f.url)
    later = datetime.now(UTC) + timedelta(seconds=1)
    assert ArticleRepository(db).save_batch([
        story("https://congan.sonla.gov.vn/a/1.html", ["Đoạn một.", "Đoạn hai đã sửa lần hai."], "h1c", at=later,
              title="Tiêu đề mới"),
    ]) == ["updated"]
    db.dispose()
    _, out, _ = run_cli(capsys, "new", "--db", f)
    assert listed(out) == [(f.edited, "UPDATED")]
    _, out, _ = run_cli(capsys, "show", f.edited, "--db", f)
    assert "versions (3):" in out and "--- version 2\n+++ version 3" in out
    assert "+Đoạn hai đã sửa lần hai." in out.splitlines() and "-Đoạn ba mới." in out.splitlines()


def test_review_unknown_id_marks_nothing(filled, capsys):
    f = filled
    code, out, err = run_cli(capsys, "review", f.edited, 99, 98, "--db", f)
    assert (code, out, err) == (2, "", "error: no article with ids 98, 99\n")
    _, out, _ = run_cli(capsys, "new", "--db", f)
    assert len(listed(out)) == 4


def test_review_needs_ids_or_all(filled, capsys):
    assert run_cli(capsys, "review", "--db", filled)[2] == "error: give article ids or --all\n"
    assert run_cli(capsys, "review", filled.edited, "--all", "--db", filled)[0] == 2


# -- show -----------------------------------------------------------------------------------------


def test_show_prints_fields_versions_and_diff(filled, capsys):
    f = filled
    code, out, err = run_cli(capsys, "show", f.edited, "--db", f)
    assert code == 0, err
    for expected in (f"article {f.edited}  [UPDATED]", "Tiêu đề mới", "https://congan.sonla.gov.vn/a/1.html",
                     "published:    2024-05-03\n", "date source:  -\n",
                     "author:       Lê Minh", "content hash: h1b", "site:         son-la",
                     "reviewed:     never", "(version 2)", "https://congan.sonla.gov.vn/i/1.jpg",
                     "Hiện trường vụ việc", "  Đoạn ba mới.", "versions (2):"):
        assert expected in out, expected
    assert re.search(r"^\s+1\s+captured \d{4}-\d\d-\d\d \d\d:\d\d\s+https://congan.sonla.gov.vn/a/1.html$", out,
                     re.MULTILINE)
    diff = out[out.index("--- version 1"):]
    assert diff.startswith("--- version 1\n+++ version 2\n@@")
    for line in ("-# Tiêu đề cũ", "+# Tiêu đề mới", "-Đoạn hai.", "+Đoạn hai đã sửa.", "+Đoạn ba mới.", " Đoạn một."):
        assert line in diff.splitlines(), line


def test_show_removed_story_and_a_story_with_two_urls(filled, capsys):
    _, out, _ = run_cli(capsys, "show", filled.removed, "--db", filled)
    assert "[REMOVED]" in out
    assert re.search(r"a/3\.html  \(son-la, first seen [\d :-]+, removed [\d :-]+\)", out)
    _, out, _ = run_cli(capsys, "show", filled.shared, "--db", filled)
    assert "urls (2):" in out and "https://congan.hanoi.gov.vn/b/2.html  (ha-noi, first seen" in out
    assert "versions (1):" in out and "--- version" not in out


def test_show_json(filled, capsys):
    code, out, _ = run_cli(capsys, "show", filled.edited, "--json", "--db", filled)
    assert code == 0
    data = json.loads(out)
    assert (data["id"], data["flag"], data["version"]) == (filled.edited, "updated", 2)
    assert data["title"] == "Tiêu đề mới" and data["published_at"] == "2024-05-03"
    assert data["body"] == "Đoạn một.\n\nĐoạn hai đã sửa.\n\nĐoạn ba mới."
    assert data["images"] == [{"url": "https://congan.sonla.gov.vn/i/1.jpg", "caption": "Hiện trường vụ việc"}]
    assert data["urls"][0]["site"] == "son-la" and data["urls"][0]["removed_at"] is None
    assert datetime.fromisoformat(data["first_seen_at"]).utcoffset() == timedelta(hours=7)
    first, second = data["versions"]
    assert (first["version"], first["title"], first["diff"]) == (1, "Tiêu đề cũ", None)
    assert second["diff"].startswith("--- version 1\n+++ version 2\n")
    assert "-Đoạn hai." in second["diff"].splitlines() and "+Đoạn ba mới." in second["diff"].splitlines()


def test_show_unknown_id(filled, capsys):
    code, out, err = run_cli(capsys, "show", 999, "--db", filled)
    assert (code, out, err) == (2, "", "error: no article with id 999\n")


def test_missing_sqlite_file_is_an_error_not_a_new_database(tmp_path, capsys):
    path = tmp_path / "none.sqlite"
    code, _, err = run_cli(capsys, "new", "--db", f"sqlite:///{path}")
    assert code == 2 and err.startswith("error: no database at ") and err.count("\n") == 1
    assert not path.exists()


def test_subprocess_exit_codes(filled):
    def run(*args: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "crawler", *map(str, args)], cwd=ROOT, capture_output=True,
                              text=True, timeout=120)

    result = run("new", "--db", filled)
    assert result.returncode == 0, result.stderr
    assert listed(result.stdout)[0] == (filled.removed, "REMOVED")
    result = run("show", 12345, "--db", filled)
    assert (result.returncode, result.stderr) == (2, "error: no article with id 12345\n")
    result = run("review", 12345, "--db", filled)
    assert (result.returncode, result.stderr) == (2, "error: no article with id 12345\n")
    result = run("new", "--db", "sqlite:////nonexistent-dir/crawler.sqlite")
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.count("\n") == 1


# -- runs and sites -------------------------------------------------------------------------------


def record_runs(url: str) -> None:
    db = open_database(url)
    runs = RunRepository(db)
    runs.record(CrawlRun(
        site_id="son-la", started_at=NOW - timedelta(hours=2), finished_at=NOW - timedelta(hours=2) + timedelta(
            seconds=185), outcome="finished", mode="incremental", requests=123, bytes=2048 * 1024, pages=120, new=7,
        updated=2, unchanged=40, duplicates=3, removed=1, non_articles=60, errors=4, article_pages=10,
        healthy_pages=9,
    ))
    for hours in range(ALERT_FAILURES):
        runs.record(CrawlRun(
            site_id="ha-noi", started_at=NOW - timedelta(hours=hours + 1), finished_at=NOW - timedelta(hours=hours),
            outcome="failed", mode="full", requests=5, bytes=0, errors=5, article_pages=0, healthy_pages=0,
        ))
    db.dispose()


def test_runs_table(filled, capsys):
    record_runs(filled.url)
    code, out, err = run_cli(capsys, "runs", "--db", filled, "--site", "son-la")
    assert code == 0, err
    header, _, row = out.splitlines()
    assert header.split() == ["started", "site", "mode", "outcome", "duration", "requests", "KB", "new", "upd",
                              "same", "dup", "removed", "errors", "health"]
    cells = row.split()
    assert cells[2:] == ["son-la", "incremental", "finished", "3m05s", "123", "2048", "7", "2", "40", "3", "1", "4",
                         "90%"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", " ".join(cells[:2]))
    _, out, _ = run_cli(capsys, "runs", "--db", filled, "--limit", "2")
    rows = out.splitlines()[2:]
    assert len(rows) == 2 and all("ha-noi" in r and r.endswith("-") for r in rows)
    assert all(width_of(line) <= 120 for line in out.splitlines())


def test_sites_health_and_alert(filled, tmp_path, capsys):
    record_runs(filled.url)
    sites = tmp_path / "sites.toml"
    sites.write_text(SITES_TOML, encoding="utf-8")
    code, out, err = run_cli(capsys, "sites", "--sites", str(sites), "--db", filled)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["id", "profile", "name"] and "ALERT" in lines[0]
    son_la = next(line for line in lines if line.startswith("son-la"))
    ha_noi = next(line for line in lines if line.startswith("ha-noi"))
    # 4 URLs on son-la were first seen in the last 7 days: 4/7 a day.
    # No scheduler planned these runs: no next run.
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d\s+0\s+0\.6\s+90%\s+-$", son_la)
    assert re.search(r"never\s+3\s+0\.1\s+-\s+-\s+3 failures in a row$", ha_noi)
    assert "2 site(s), 1 with an alert" in out


def test_sites_without_a_database_still_lists_the_registry(tmp_path, capsys):
    sites = tmp_path / "sites.toml"
    sites.write_text(SITES_TOML, encoding="utf-8")
    for url in (f"sqlite:///{tmp_path / 'missing.sqlite'}", "foo://nowhere"):
        code, out, err = run_cli(capsys, "sites", "--sites", str(sites), "--db", url)
        assert code == 0
        assert [line.split()[0] for line in out.splitlines()] == ["son-la", "ha-noi"]
        assert "https://congan.hanoi.gov.vn/" in out
        assert err.startswith("warning: ") and err.count("\n") == 1
    assert not (tmp_path / "missing.sqlite").exists()


def test_shorten_counts_columns_not_code_points():
    title = "Công an tỉnh Sơn La"
    assert width_of(unicodedata.normalize("NFD", title)) == width_of(title) == 19
    assert shorten(LONG_TITLE, 30).endswith("…") and width_of(shorten(LONG_TITLE, 30)) <= 30
    assert shorten("ngắn", 30) == "ngắn"


# -- PostgreSQL -----------------------------------------------------------------------------------


@pytest.mark.postgres
def test_new_show_review_on_postgres(postgres_url, capsys):
    f = fill(postgres_url)
    _, out, _ = run_cli(capsys, "new", "--db", f)
    assert listed(out) == [(f.removed, "REMOVED"), (f.edited, "UPDATED"), (f.shared, "NEW"), (f.older, "NEW")]
    code, out, _ = run_cli(capsys, "show", f.edited, "--db", f)
    assert code == 0 and "-Đoạn hai." in out.splitlines() and "+Đoạn hai đã sửa." in out.splitlines()
    code, _, err = run_cli(capsys, "show", 777, "--db", f)
    assert (code, err) == (2, "error: no article with id 777\n")
    code, _, err = run_cli(capsys, "review", f.edited, 777, "--db", f)
    assert (code, err) == (2, "error: no article with id 777\n")
    assert run_cli(capsys, "review", f.edited, f.shared, "--db", f)[1] == "marked 2 article(s) reviewed\n"
    _, out, _ = run_cli(capsys, "new", "--db", f)
    assert listed(out) == [(f.removed, "REMOVED"), (f.older, "NEW")]
    run_cli(capsys, "review", "--all", "--db", f)
    assert run_cli(capsys, "new", "--db", f)[1] == "nothing new since the last review\n"
