"""The repository on real SQLite and PostgreSQL: dedupe, outcomes, concurrent writers."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from storage import ArticleRepository, DatabaseError, StoryInput, flag_of, open_database
from storage.models import ArticleUrl, Story
from storage.repository import published_value


def story(url: str, body: list[str], *, site: str = "a", h: str | None = None, **kw) -> StoryInput:
    return StoryInput(site_id=site, url=url, title="Tiêu đề", body=body, content_hash=h or str(hash(tuple(body))),
                         **kw)


@pytest.fixture
def repo(db_url):
    db = open_database(db_url)
    yield ArticleRepository(db)
    db.dispose()


def test_outcomes_new_known_duplicate_updated(repo):
    first = story("http://a/1", ["Một", "Hai"], h="h1")
    assert repo.save_batch([first]) == ["new"]
    assert repo.save_batch([first]) == ["known"]
    same_story_elsewhere = story("http://b/9", ["Một", "Hai"], site="b", h="h1")
    assert repo.save_batch([same_story_elsewhere]) == ["duplicate"]
    edited = story("http://a/1", ["Một", "Hai", "Ba"], h="h2")
    assert repo.save_batch([edited]) == ["updated"]
    rows = list(repo.iter_articles())
    assert len(rows) == 1
    assert rows[0].content_hash == "h2"
    assert rows[0].body == "Một\n\nHai\n\nBa"
    assert [u.url for u in rows[0].urls] == ["http://a/1", "http://b/9"]


def test_cross_site_flag_follows_the_story_a_url_belongs_to(repo):
    repo.save_batch([story("http://a/1", ["Một"], h="h1")])
    repo.save_batch([story("http://b/9", ["Một"], site="b", h="h1")])  # republished on b
    repo.save_batch([story("http://b/5", ["Năm"], site="b", h="h5"), story("http://a/2", ["Hai"], h="h2")])
    # Both pages now carry the first story: their URLs move to it, from b's and from a's own story.
    repo.save_batch([story("http://b/5", ["Một"], site="b", h="h1"), story("http://a/2", ["Một"], h="h1")])
    with repo.db.sessions() as session:
        flags = dict(session.execute(select(ArticleUrl.url, ArticleUrl.cross_site)).all())
    assert flags == {"http://a/1": False, "http://b/9": True, "http://b/5": True, "http://a/2": False}


def test_one_batch_with_internal_duplicates(repo):
    outcomes = repo.save_batch(
        [story("http://a/1", ["x"], h="h"), story("http://b/1", ["x"], h="h"), story("http://a/1", ["x"], h="h")]
    )
    assert outcomes == ["new", "duplicate", "known"]
    assert repo.count() == 1


def test_an_edit_keeps_the_first_publication_date_and_its_source(repo):
    first_date = datetime.fromisoformat("2024-05-03T09:36:00+07:00")
    repo.save_batch([story("http://a/1", ["Một"], h="h1", published_at=first_date, published_source="article"),
                     story("http://a/2", ["Hai"], h="h2")])
    # The next fetches bring an edited text, and a different date (a clock, a "last updated" line).
    later = datetime.fromisoformat("2026-12-05T08:00:00+07:00")
    assert repo.save_batch([
        story("http://a/1", ["Một", "Ba"], h="h3", published_at=later, published_source="meta"),
        story("http://a/2", ["Hai", "Bốn"], h="h4", published_at=date(2024, 5, 4), published_source="byline"),
    ]) == ["updated", "updated"]
    rows = {r.url: r for r in repo.iter_articles()}
    assert (published_value(rows["http://a/1"]), rows["http://a/1"].published_source) == (first_date, "article")
    # A story stored without a date takes the first one a later fetch finds.
    assert (published_value(rows["http://a/2"]), rows["http://a/2"].published_source) == (date(2024, 5, 4), "byline")


def test_published_precision_round_trips(repo):
    repo.save_batch([
        story("http://a/1", ["x"], h="h1", published_at=date(2024, 5, 3)),
        story("http://a/2", ["y"], h="h2",
              published_at=datetime.fromisoformat("2024-05-03T09:36:00+07:00")),
        story("http://a/3", ["z"], h="h3"),
    ])
    values = [published_value(r) for r in repo.iter_articles()]
    assert values[0] == date(2024, 5, 3)
    assert values[1] == datetime.fromisoformat("2024-05-03T09:36:00+07:00")
    assert values[1].utcoffset().total_seconds() == 7 * 3600
    assert values[2] is None


def test_concurrent_writers_store_each_story_once(db_url):
    """Four writers, each with its own engine and sessions, race on the same 40 stories."""
    open_database(db_url).dispose()
    items = [
        story(f"http://site{w}/{i}", [f"chuyện {i}"], site=f"s{w}", h=f"h{i}") for w in range(2) for i in range(40)
    ]
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def writer(chunk: list[StoryInput]) -> None:
        db = open_database(db_url)
        try:
            barrier.wait()
            repo = ArticleRepository(db)
            for i in range(0, len(chunk), 5):
                repo.save_batch(chunk[i : i + 5])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=writer, args=(items[k::2],)) for k in range(2)]
    threads += [threading.Thread(target=writer, args=(list(reversed(items)),)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    db = open_database(db_url)
    with db.sessions() as session:
        assert session.execute(select(func.count(Story.id))).scalar_one() == 40
        assert session.execute(select(func.count(ArticleUrl.id))).scalar_one() == 80
    db.dispose()


def test_bad_urls_give_one_line_errors(tmp_path):
    with pytest.raises(DatabaseError, match="bad database URL"):
        open_database("nonsense")
    with pytest.raises(DatabaseError, match="unsupported database"):
        open_database("mysql://root@127.0.0.1/test")
    with pytest.raises(DatabaseError, match="cannot open database"):
        open_database("postgresql+psycopg://nobody@127.0.0.1:1/none")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="data directory"):
        open_database(f"sqlite:///{blocker}/sub/db.sqlite")


def test_aware_timestamps_in_utc(repo):
    seen = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    repo.save_batch([story("http://a/1", ["x"], h="h", seen_at=seen)])
    row = next(repo.iter_articles())
    assert row.first_seen_at == seen and row.first_seen_at.tzinfo is not None


def _stored_queue_matches_the_times(repo) -> list[tuple[str, bool]]:
    """needs_review and changed_at must equal what the review times say, for every story."""
    with repo.db.sessions() as session:
        articles = session.scalars(select(Story).order_by(Story.id)).all()
    for a in articles:
        reviewed, removed = a.reviewed_at, a.removed_at
        unreviewed = reviewed is None or reviewed < a.updated_at or (removed is not None and reviewed < removed)
        assert a.needs_review == unreviewed, (a.url, a.needs_review)
        assert a.changed_at == (removed or a.updated_at), a.url
        assert (flag_of(a) != "") == unreviewed, a.url
    return [(a.url, a.needs_review) for a in articles]


def test_needs_review_follows_every_change_removal_and_review(repo):
    t = [datetime(2025, 5, 1, 8, tzinfo=UTC) + timedelta(hours=h) for h in range(10)]
    a = story("http://a/1", ["A một"], h="ha", seen_at=t[0])
    b = story("http://b/1", ["B một"], h="hb", seen_at=t[0])
    assert repo.save_batch([a, b]) == ["new", "new"]
    assert _stored_queue_matches_the_times(repo) == [("http://a/1", True), ("http://b/1", True)]

    assert repo.review(None, t[1]) == 2
    assert _stored_queue_matches_the_times(repo) == [("http://a/1", False), ("http://b/1", False)]
    assert repo.save_batch([story("http://a/1", ["A một"], h="ha", seen_at=t[2])]) == ["known"]
    assert _stored_queue_matches_the_times(repo) == [("http://a/1", False), ("http://b/1", False)]

    assert repo.save_batch([story("http://a/1", ["A hai"], h="ha2", seen_at=t[3])]) == ["updated"]
    assert _stored_queue_matches_the_times(repo) == [("http://a/1", True), ("http://b/1", False)]
    assert [(x.url, flag_of(x)) for x in repo.flagged()] == [("http://a/1", "updated")]
    assert repo.review([repo.flagged()[0].id], t[4]) == 1

    assert repo.mark_removed("http://b/1", t[5]) == "removed"
    assert _stored_queue_matches_the_times(repo) == [("http://a/1", False), ("http://b/1", True)]
    assert [(x.url, flag_of(x)) for x in repo.flagged()] == [("http://b/1", "removed")]
    # Back with the same text before anyone looked: nothing left to review, as before the column.
    assert repo.save_batch([story("http://b/1", ["B một"], h="hb", seen_at=t[6])]) == ["known"]
    assert _stored_queue_matches_the_times(repo) == [("http://a/1", False), ("http://b/1", False)]

    # A review dated before the removal leaves the story in the queue.
    assert repo.mark_removed("http://b/1", t[8]) == "removed"
    b_id = repo.flagged()[0].id
    assert repo.review([b_id], t[7]) == 1
    assert _stored_queue_matches_the_times(repo) == [("http://a/1", False), ("http://b/1", True)]
    assert [flag_of(x) for x in repo.flagged()] == ["removed"]

    # An edit and a removal: the queue is sorted on the newest of the two, newest first.
    assert repo.save_batch([story("http://a/1", ["A ba"], h="ha3", seen_at=t[9])]) == ["updated"]
    assert [x.url for x in repo.flagged()] == ["http://a/1", "http://b/1"]
    assert repo.review(None, t[9]) == 2
    assert repo.flagged() == [] and _stored_queue_matches_the_times(repo) == [
        ("http://a/1", False), ("http://b/1", False)]


def test_the_spool_keeps_batches_until_they_are_stored(repo, tmp_path):
    from storage.spool import Spool

    spool = Spool(tmp_path / "spool")
    first = [story("http://a/s1", ["Một câu chuyện"], published_at=date(2025, 7, 1)),
             story("http://a/s2", ["Câu chuyện khác"])]
    spool.put(first)
    spool.put([story("http://a/s1", ["Một câu chuyện"])])  # the same story, spooled twice
    assert spool.stories() == 3 and len(spool.files()) == 2
    assert repo.save_batch([story("http://a/s2", ["Câu chuyện khác"])]) == ["new"]  # stored meanwhile
    from storage import CrawlRun, RunRepository

    spool.put_run(CrawlRun(site_id="a", started_at=datetime(2026, 12, 6, 1, tzinfo=UTC),
                           finished_at=datetime(2026, 12, 6, 2, tzinfo=UTC), outcome="store_unavailable",
                           mode="incremental", requests=7, failures="database unavailable: 61 s"))
    assert spool.drain(repo) == 3
    assert spool.files() == [] and spool.drain(repo) == 0
    [run] = RunRepository(repo.db).recent(site_id="a")
    assert (run.outcome, run.requests, run.failures) == ("store_unavailable", 7, "database unavailable: 61 s")
    stored = {row.url: row for row in repo.iter_articles()}
    assert sorted(stored) == ["http://a/s1", "http://a/s2"]  # each once
    assert published_value(stored["http://a/s1"]) == date(2025, 7, 1)


def test_spool_places(tmp_path, monkeypatch):
    from storage.spool import SPOOL_ENV, spool_dir

    monkeypatch.delenv(SPOOL_ENV, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert spool_dir(f"sqlite:///{tmp_path}/crawler.sqlite") == tmp_path / "crawler.sqlite.spool"
    pg = spool_dir("postgresql+psycopg://crawler:secret@db.example/news")
    assert pg.parent == tmp_path / "state" / "vn-police-crawler" / "spool"
    assert pg == spool_dir("postgresql+psycopg://crawler:other@db.example/news")  # the password is not the place
    assert pg != spool_dir("postgresql+psycopg://crawler@db.example/other")
    monkeypatch.setenv(SPOOL_ENV, str(tmp_path / "mine"))
    assert spool_dir("postgresql+psycopg://db.example/news") == tmp_path / "mine"


@pytest.mark.parametrize(("message", "away"), [
    ("connection failed: connection to server at \"127.0.0.1\", port 5432 failed: Connection refused", True),
    ("terminating connection due to administrator command", True),
    ("database is locked", True),
    ("database or disk is full", False),
    ("attempt to write a readonly database", False),
    ("no such table: articles", False),
])
def test_which_database_errors_are_worth_waiting_for(message, away):
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from storage.db import is_unavailable

    assert is_unavailable(OperationalError("SELECT 1", {}, Exception(message))) is away
    assert not is_unavailable(ProgrammingError("SELECT 1", {}, Exception(message)))
    assert not is_unavailable(ValueError(message))
    # open_database's own one-line error keeps the answer of the error it stands for
    assert is_unavailable(DatabaseError(message, unavailable=away)) is away
