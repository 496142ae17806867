"""Search (storage.search, `crawler search`) on real SQLite and PostgreSQL databases.

Stories go in through ArticleRepository.save_batch, as a crawl stores them; queries are typed the way
readers type them: no diacritics, either tone style, đ as d.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import MetaData, create_engine, insert, text

from storage import ArticleRepository, StoryInput, open_database
from storage.db import Database, _alembic_config, upgrade_database
from storage.search import SearchError, count, parse_query, search, snippet

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2025, 5, 1, 8, 0, tzinfo=UTC)


def story(n: int, title: str, body: str, *, site: str = "lang-son", days: int = 0, url: str | None = None,
          summary: str | None = None) -> StoryInput:
    return StoryInput(
        site_id=site, url=url or f"https://{site}.example.vn/tin/{n}.html", title=title, body=[body],
        summary=summary, content_hash=hashlib.sha256(f"{title}|{body}".encode()).hexdigest(),
        published_at=T0 + timedelta(days=days), seen_at=T0 + timedelta(days=days, hours=1),
    )


STORIES = [
    story(1, "Công an tỉnh Lạng Sơn triệt phá đường dây buôn lậu", "Lực lượng chức năng thu giữ 200 kg hàng hóa.",
          days=1),
    story(2, "Tuyên truyền an toàn giao thông",
          "Công an tỉnh Lạng Sơn phối hợp với nhà trường tổ chức buổi nói chuyện.", days=5),
    story(3, "Hòa giải thành vụ tranh chấp đất đai", "Tổ hòa giải ở cơ sở đã làm việc với hai gia đình.",
          site="dak-lak", days=2),
    story(4, "Bàn giao nhà tình nghĩa", "Buổi lễ diễn ra trong không khí hoà thuận, ấm áp.", site="dak-lak", days=3),
    story(5, "Đắk Lắk: bắt đối tượng trộm cắp tài sản", "Công an huyện Krông Pắc đã bắt giữ đối tượng.",
          site="dak-lak", days=4),
    story(6, "Hội nghị sơ kết công tác quý II", "Đại diện công an tỉnh Đắk Lắk phát biểu chỉ đạo.", site="dak-lak",
          days=6),
]


@pytest.fixture
def db(db_url: str) -> Database:
    database = open_database(db_url)
    ArticleRepository(database).save_batch(STORIES)
    yield database  # type: ignore[misc]
    database.dispose()


def titles(db: Database, query: str, **kw: object) -> list[str]:
    return [hit.title for hit in search(db, query, **kw)]  # type: ignore[arg-type]


def test_unaccented_query_finds_the_accented_title(db: Database) -> None:
    hits = search(db, "cong an lang son")
    assert [h.title for h in hits] == [STORIES[0].title, STORIES[1].title]
    assert hits[0].score > hits[1].score
    assert "[Công] [an] tỉnh [Lạng] [Sơn]" in hits[1].snippet
    assert hits[0].site_id == "lang-son" and hits[0].url == STORIES[0].url
    assert hits[0].published_at == T0 + timedelta(days=1) and hits[0].first_seen_at == T0 + timedelta(days=1, hours=1)
    # Accents, case and spacing do not matter either way.
    assert titles(db, "CÔNG  AN   Lạng Sơn") == titles(db, "cong an lang son")


@pytest.mark.parametrize("query", ["hoà", "hòa", "HOA", "hoa"])
def test_both_tone_styles_match_each_other(db: Database, query: str) -> None:
    # Title match first (3), then the body matches newest first: 4 ("hoà thuận"), then 1 ("hàng hóa").
    assert titles(db, query) == [STORIES[2].title, STORIES[3].title, STORIES[0].title]


@pytest.mark.parametrize("query", ["đắk lắk", "dak lak", "Dak Lak", "DAK LAK"])
def test_d_with_stroke_reads_as_d(db: Database, query: str) -> None:
    assert titles(db, query) == [STORIES[4].title, STORIES[5].title]


def test_title_matches_rank_above_newer_body_matches(db: Database) -> None:
    hits = search(db, "cong an")
    # Only 1 has "công an" in its title: first, though the oldest; 6, 2 and 5 have it in the body, newest first.
    assert [h.article_id for h in hits] == [_id(db, STORIES[i]) for i in (0, 5, 1, 4)]
    assert [h.score for h in hits] == [2.0, 1.0, 1.0, 1.0]
    # Pages follow the same order across the two tiers.
    paged = [h.article_id for o in range(4) for h in search(db, "cong an", limit=1, offset=o)]
    assert paged == [h.article_id for h in hits]
    assert [h.article_id for h in search(db, "cong an", limit=2, offset=1)] == [h.article_id for h in hits[1:3]]
    assert count(db, "cong an") == 4 and count(db, "cong an", cap=3) == 3


def _id(db: Database, item: StoryInput) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT id FROM articles WHERE url = :u"), {"u": item.url}).scalar_one())


def test_phrases_and_word_order(db: Database) -> None:
    assert titles(db, "son lang an cong") == titles(db, "cong an lang son")  # words in any order
    assert titles(db, '"lang son"') == [STORIES[0].title, STORIES[1].title]
    assert titles(db, '"son lang"') == []
    assert titles(db, '"cong an huyen" krong') == [STORIES[4].title]
    assert titles(db, "lang son buon lau zzz") == []


def test_site_filter(db: Database) -> None:
    assert titles(db, "cong an", site_id="dak-lak") == [STORIES[5].title, STORIES[4].title]
    assert titles(db, "cong an", site_id="lang-son") == [STORIES[0].title, STORIES[1].title]
    assert titles(db, "cong an", site_id="nowhere") == []
    assert count(db, "cong an", site_id="dak-lak") == 2


def test_an_edited_story_is_found_by_its_new_text_only(db: Database) -> None:
    old = STORIES[2]
    edited = story(3, "Hòa giải thành vụ tranh chấp ranh giới", "Tổ dân phố đã đo đạc lại mốc giới.",
                   site="dak-lak", days=7, url=old.url)
    assert ArticleRepository(db).save_batch([edited]) == ["updated"]
    hits = search(db, "ranh gioi")
    assert [h.title for h in hits] == [edited.title]
    assert hits[0].article_id == _id(db, edited)
    assert search(db, "dat dai") == []  # the old title's words
    assert titles(db, "gia dinh") == []  # the old body's words
    # The story moved to its new date: newest of the "hoa" matches now, still a title match.
    assert titles(db, "hoa")[0] == edited.title
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM article_search")).scalar_one() == len(STORIES)


def test_deleting_a_story_drops_it_from_the_index(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM articles WHERE id = :id"), {"id": _id(db, STORIES[0])})
    assert titles(db, "cong an lang son") == [STORIES[1].title]
    if db.dialect == "sqlite":
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM article_search_fts")).scalar_one() == len(STORIES) - 1


def test_summary_is_searched_as_body(db_url: str) -> None:
    database = open_database(db_url)
    try:
        ArticleRepository(database).save_batch([story(9, "Tin ngắn", "Nội dung.", summary="Cảnh báo lừa đảo qua mạng")])
        hits = search(database, "lua dao")
        assert [h.score for h in hits] == [1.0] and hits[0].snippet == "Cảnh báo [lừa] [đảo] qua mạng"
    finally:
        database.dispose()


@pytest.mark.parametrize("query", ["", "   ", "!!! ... ---", '""'])
def test_empty_queries_are_refused(db: Database, query: str) -> None:
    with pytest.raises(SearchError, match="empty query"):
        search(db, query)


def test_query_syntax_is_never_passed_through(db: Database) -> None:
    # FTS5 / tsquery operators are only words once folded: no syntax error, no injection.
    for query in ['cong OR an', "title:cong", "an & !cong", "NEAR(cong an)", "cong*", "'; DROP TABLE articles; --",
                  'cong "an', "an:A", "(cong)"]:
        search(db, query)
    assert parse_query('Công "Lạng  Sơn" an công') == [["lang", "son"], ["cong"], ["an"]]


def test_snippet_marks_the_densest_window() -> None:
    body = " ".join(["chữ"] * 50) + " Công an tỉnh Lạng Sơn " + " ".join(["khác"] * 50)
    text_ = snippet(body, {"lang", "son"}, size=10)
    assert text_.startswith("… ") and text_.endswith(" …") and "[Lạng] [Sơn]" in text_
    assert snippet("Một hai ba", {"zzz"}) == "Một hai ba"
    assert snippet("", {"a"}) == ""


# -- upgrade: a 0004 database with stories gets them indexed ---------------------------------------


def test_upgrade_from_0004_backfills_the_index(db_url: str) -> None:
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    n = 2500  # more than one backfill chunk
    try:
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), "0004")
            meta = MetaData()
            meta.reflect(conn)
            rows = [dict(id=i, content_hash=f"{i:064x}", site_id="ca-a", url=f"https://a.vn/tin/{i}.html",
                         title="Công an tỉnh Lạng Sơn" if i == 7 else f"Bài {i}",
                         published_at=T0 + timedelta(minutes=i), published_date_only=False, author=None, source=None,
                         summary="Hoà giải" if i == 8 else None, body=f"Nội dung bài số {i}", images=[],
                         category=None, profile="generic", first_seen_at=T0, updated_at=T0, version=1,
                         removed_at=None, reviewed_at=None, needs_review=True, changed_at=T0)
                    for i in range(1, n + 1)]
            conn.execute(insert(meta.tables["articles"]), rows)
    finally:
        engine.dispose()
    assert upgrade_database(db_url)[1] == "0004"
    database = open_database(db_url, create=False)
    try:
        assert [h.article_id for h in search(database, "cong an lang son")] == [7]
        assert [(h.article_id, h.score) for h in search(database, "hòa")] == [(8, 1.0)]
        assert [h.article_id for h in search(database, "noi dung", limit=3)] == [n, n - 1, n - 2]
        assert count(database, "bai so", cap=10_000) == n
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM article_search")).scalar_one() == n
    finally:
        database.dispose()


# -- `crawler search` ---------------------------------------------------------------------------------


def crawler(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": "sqlite:////nonexistent-dir/never-used.sqlite"}
    return subprocess.run([sys.executable, "-m", "crawler", "search", *args, "--db", url], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=90, stdin=subprocess.DEVNULL)


def test_cli_table_and_json(db: Database, db_url: str) -> None:
    result = crawler("cong an lang son", url=db_url)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "site", "date", "match", "title"]
    assert STORIES[0].title in lines[2] and " title " in lines[2]
    assert "[Công] [an] tỉnh [Lạng] [Sơn]" in lines[5] and " text " in lines[4]
    assert "showing 2 of 2 matching stories" in result.stdout

    result = crawler("hoa", "--json", "--limit", "2", url=db_url)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert [h["title"] for h in hits] == [STORIES[2].title, STORIES[3].title]
    assert hits[0]["score"] == 2.0 and hits[0]["site"] == "dak-lak" and hits[0]["published_at"].startswith("2025-05-03")

    result = crawler("cong an", "--site", "dak-lak", "--json", url=db_url)
    assert [h["title"] for h in json.loads(result.stdout)] == [STORIES[5].title, STORIES[4].title]

    result = crawler("cong an", "--site", "no-such-site", url=db_url)
    assert result.returncode == 0 and "no stories match 'cong an' on no-such-site" in result.stdout


@pytest.mark.parametrize("args", [[""], ["  ,,, "], ["cong", "--limit", "0"], ["cong", "--limit", "x"]])
def test_cli_bad_input(db: Database, db_url: str, args: list[str]) -> None:
    result = crawler(*args, url=db_url)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "error: " in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_cli_on_a_missing_database(tmp_path: Path) -> None:
    result = crawler("cong an", url=f"sqlite:///{tmp_path / 'none.sqlite'}")
    assert result.returncode in (0, 2) and "Traceback" not in result.stderr
