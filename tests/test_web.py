"""The review inbox (`crawler web`) through Flask's test client, on real SQLite and PostgreSQL databases."""

from __future__ import annotations

import itertools
import re
import socket
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

import pytest

from crawler.core.dates import TZ
from crawler.crawl.registry import Site
from crawler.web import create_app
from crawler.web import data as web_data
from crawler.web.data import COUNT_CAP, Cursor, InboxFilter, inbox_page
from storage import ArticleRepository, CrawlRun, RunRepository, StoryInput, open_database

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime.now(UTC).replace(microsecond=0)
T0 = NOW - timedelta(days=3)
EVIL = '<script>document.title="pwned"</script>'
SITES = [
    Site(id="son-la", name="Công an tỉnh Sơn La", start_urls=("https://congan.sonla.gov.vn/",)),
    Site(id="ha-noi", name="Công an thành phố Hà Nội", start_urls=("https://congan.hanoi.gov.vn/",)),
]


def story(url: str, body: list[str], h: str, *, at: datetime, site: str = "son-la", title: str = "Tin",
          **kw) -> StoryInput:
    return StoryInput(site_id=site, url=url, title=title, body=body, content_hash=h, seen_at=at, **kw)


@dataclass(frozen=True)
class Filled:
    url: str
    evil: int  # new, son-la, markup in title, body, caption and author; also seen on ha-noi
    edited: int  # two versions
    hanoi: int  # new, ha-noi only
    removed: int  # its only URL answered 404


def fill(url: str) -> Filled:
    db = open_database(url)
    repo = ArticleRepository(db)
    repo.save_batch([story("https://congan.sonla.gov.vn/a/sua.html", ["Đoạn đầu.", "Đoạn giữa cũ.", "Đoạn cuối."],
                           "e1", at=T0, title="Tiêu đề cũ")])
    repo.save_batch([story("https://congan.sonla.gov.vn/a/xoa.html", ["Sẽ bị gỡ."], "r1", at=T0,
                           title="Bài sẽ bị gỡ")])
    repo.save_batch([story("https://congan.hanoi.gov.vn/b/1.html", ["Hà Nội."], "n1", at=T0 + timedelta(hours=1),
                           site="ha-noi", title="Tin Hà Nội")])
    repo.save_batch([story("https://congan.sonla.gov.vn/a/sua.html",
                           ["Đoạn đầu.", "Đoạn giữa đã sửa lại.", "Đoạn cuối.", "Đoạn thêm."], "e2",
                           at=T0 + timedelta(hours=2), title="Tiêu đề mới")])
    repo.save_batch([story("https://congan.sonla.gov.vn/a/evil.html", [f"Thân bài {EVIL} & hết.", "Đoạn hai."], "x1",
                           at=T0 + timedelta(hours=3), title=f"Cảnh giác {EVIL}", author="<b>Lê Minh</b>",
                           summary="Tóm tắt <i>ngắn</i>", category="an-ninh",
                           published_at=datetime.fromisoformat("2024-05-03T09:36:00+07:00"),
                           images=[{"url": "https://congan.sonla.gov.vn/i/1.jpg", "caption": "Ảnh <img src=x>"}])])
    repo.save_batch([story("https://congan.hanoi.gov.vn/b/evil.html", [f"Thân bài {EVIL} & hết.", "Đoạn hai."], "x1",
                           at=T0 + timedelta(hours=4), site="ha-noi", title=f"Cảnh giác {EVIL}")])
    repo.mark_removed("https://congan.sonla.gov.vn/a/xoa.html", T0 + timedelta(hours=5))
    RunRepository(db).record(CrawlRun(
        site_id="son-la", started_at=NOW - timedelta(hours=2), finished_at=NOW - timedelta(hours=2, seconds=-40),
        outcome="finished", mode="incremental", requests=30, pages=25, new=2, article_pages=10, healthy_pages=9,
        failures="1 page lost: https://congan.sonla.gov.vn/<x>",
    ))
    ids = {a.url: a.id for a in repo.iter_articles()}
    db.dispose()
    return Filled(url, ids["https://congan.sonla.gov.vn/a/evil.html"], ids["https://congan.sonla.gov.vn/a/sua.html"],
                  ids["https://congan.hanoi.gov.vn/b/1.html"], ids["https://congan.sonla.gov.vn/a/xoa.html"])


@pytest.fixture
def filled(db_url) -> Filled:
    return fill(db_url)


@pytest.fixture
def client(filled):
    app = create_app(filled.url, sites=SITES, secret_key="test", auth=False)
    yield app.test_client()
    app.extensions["crawler_db"].dispose()


def text(response) -> str:
    return response.get_data(as_text=True)


def inbox_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'id="row-(\d+)"', html)]


def token_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


# -- inbox ------------------------------------------------------------------------------------


def test_inbox_lists_unreviewed_newest_change_first(client, filled):
    response = client.get("/")
    assert response.status_code == 200
    html = text(response)
    assert inbox_ids(html) == [filled.removed, filled.evil, filled.edited, filled.hanoi]
    assert re.search(r'id="total">\s*4', html)
    assert "NEW" in html and "UPDATED" in html and "REMOVED" in html
    assert f'href="/articles/{filled.evil}?back=' in html
    # Served without any script, and with a policy forbidding them.
    assert "script-src" not in response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("site=ha-noi", ["evil", "hanoi"]),  # evil is also seen on ha-noi
        ("site=son-la", ["removed", "evil", "edited"]),
        ("status=new", ["evil", "hanoi"]),
        ("status=updated", ["edited"]),
        ("status=removed", ["removed"]),
        ("site=son-la&status=new", ["evil"]),
        ("site=nowhere", []),
    ],
)
def test_inbox_filters(client, filled, query, expected):
    html = text(client.get(f"/?{query}"))
    assert inbox_ids(html) == [getattr(filled, name) for name in expected]
    if not expected:
        assert "Nothing to review with these filters" in html


def test_inbox_date_range_is_on_the_local_day_of_the_change(client, filled):
    day = (T0 + timedelta(hours=5)).astimezone(TZ).date()  # the removal, the newest change
    html = text(client.get(f"/?since={day.isoformat()}"))
    assert filled.removed in inbox_ids(html)
    html = text(client.get(f"/?until={(day - timedelta(days=1)).isoformat()}"))
    assert filled.removed not in inbox_ids(html)
    tomorrow = (NOW + timedelta(days=1)).astimezone(TZ).date()
    assert inbox_ids(text(client.get(f"/?since={tomorrow.isoformat()}"))) == []


@pytest.mark.parametrize("query", ["status=bogus", "since=yesterday", "before=nonsense", "before=20240101T000000.0_x"])
def test_inbox_rejects_bad_parameters(client, query):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assert "<h1>400" in text(response)


def test_inbox_pages_with_keyset_cursors(db_url):
    db = open_database(db_url)
    repo = ArticleRepository(db)
    for i in range(120):  # a batch each: within a batch the repository writes in hash order
        repo.save_batch([story(f"https://congan.sonla.gov.vn/p/{i}.html", [f"Bài {i}."], f"p{i}",
                               at=T0 + timedelta(minutes=i), title=f"Bài số {i}")])
    db.dispose()
    app = create_app(db_url, secret_key="test", auth=False)
    client = app.test_client()
    seen: list[int] = []
    html = text(client.get("/"))
    assert re.search(r'id="total">\s*120', html)
    pages = [inbox_ids(html)]
    while (link := re.search(r'<a rel="next" href="([^"]+)"', html)) is not None:
        html = text(client.get(unescape(link.group(1))))
        pages.append(inbox_ids(html))
    assert [len(p) for p in pages] == [50, 50, 20]
    for page in pages:
        seen += page
    assert len(set(seen)) == 120
    # Newest change first: the ids were stored in the order of their times.
    assert seen == sorted(seen, reverse=True)
    # Back from the last page: the middle one again.
    prev = re.search(r'<a rel="prev" href="([^"]+)"', html)
    assert prev is not None
    assert inbox_ids(text(client.get(unescape(prev.group(1))))) == pages[1]
    # And the first page has no way back.
    assert 'rel="prev"' not in text(client.get("/"))
    app.extensions["crawler_db"].dispose()


def test_portal_inbox_merges_its_own_and_its_republished_stories(db_url):
    db = open_database(db_url)
    try:
        repo = ArticleRepository(db)
        for i in range(12):
            at = T0 + timedelta(minutes=i)
            if i % 3 == 1:  # first seen on ha-noi
                repo.save_batch([story(f"https://congan.hanoi.gov.vn/o/{i}.html", [f"Bài {i}."], f"o{i}", at=at,
                                       site="ha-noi")])
                continue
            repo.save_batch([story(f"https://congan.sonla.gov.vn/o/{i}.html", [f"Bài {i}."], f"o{i}", at=at)])
            if i % 3 == 2:  # republished on ha-noi later: the story keeps its place in the queue
                repo.save_batch([story(f"https://congan.hanoi.gov.vn/r/{i}.html", [f"Bài {i}."], f"o{i}",
                                       at=at + timedelta(hours=1), site="ha-noi")])
        on_hanoi = sorted(
            ((a.changed_at, a.id) for a in repo.iter_articles() if any(u.site_id == "ha-noi" for u in a.urls)),
            reverse=True,
        )
        expected = [ident for _at, ident in on_hanoi]
        assert len(expected) == 8
        flt = InboxFilter(site_id="ha-noi")
        pages = [inbox_page(db, flt, limit=3)]
        while pages[-1].older is not None:
            pages.append(inbox_page(db, flt, older_than=pages[-1].older, limit=3))
        assert [[r.id for r in p.rows] for p in pages] == [expected[:3], expected[3:6], expected[6:]]
        assert {r.site_id for r in pages[0].rows} == {"ha-noi", "son-la"}
        assert (pages[0].total, pages[0].capped) == (8, False)
        back = inbox_page(db, flt, newer_than=pages[2].newer, limit=3)
        assert [r.id for r in back.rows] == expected[3:6]
        assert back.newer is not None and back.older is not None
    finally:
        db.dispose()


def test_inbox_page_cursor_round_trip_and_capped_count(db_url, monkeypatch):
    cursor = Cursor(datetime(2024, 5, 3, 2, 36, 1, 5, tzinfo=UTC), 42)
    assert Cursor.decode(cursor.encode()) == cursor
    db = open_database(db_url)
    try:
        page = inbox_page(db, InboxFilter(), limit=10)
        assert page.rows == [] and page.total == 0 and not page.capped
        repo = ArticleRepository(db)
        for i in range(5):
            repo.save_batch([story(f"https://congan.sonla.gov.vn/c/{i}.html", [f"Bài {i}."], f"c{i}",
                                   at=T0 + timedelta(minutes=i))])
        assert (inbox_page(db, InboxFilter(), limit=2).total, COUNT_CAP) == (5, 1_000)
        # Past the cap the count stops and says so, on every filter; a portal's view counts its two
        # parts (stories first seen there, stories republished there) together.
        monkeypatch.setattr(web_data, "COUNT_CAP", 3)
        page = inbox_page(db, InboxFilter(), limit=2)
        assert (page.total, page.capped, page.cap, len(page.rows)) == (3, True, 3, 2)
        page = inbox_page(db, InboxFilter(site_id="son-la"), limit=2)
        assert (page.total, page.capped, page.cap) == (3, True, 3)
        monkeypatch.setattr(web_data, "COUNT_CAP", 5)
        page = inbox_page(db, InboxFilter(site_id="son-la"), limit=2)
        assert (page.total, page.capped) == (5, False)
    finally:
        db.dispose()


# -- article ----------------------------------------------------------------------------------


def test_article_page_shows_every_field_url_and_image(client, filled):
    response = client.get(f"/articles/{filled.evil}")
    assert response.status_code == 200
    html = text(response)
    for value in ("Công an tỉnh Sơn La", "2024-05-03 09:36", "an-ninh", "Tóm tắt &lt;i&gt;ngắn&lt;/i&gt;",
                  "&lt;b&gt;Lê Minh&lt;/b&gt;", "Đoạn hai.", "Ảnh &lt;img src=x&gt;",
                  'src="https://congan.sonla.gov.vn/i/1.jpg"',
                  "https://congan.sonla.gov.vn/a/evil.html", "https://congan.hanoi.gov.vn/b/evil.html"):
        assert value in html, value
    urls = html[html.index('<table class="urls">'):]
    urls = urls[:urls.index("</table>")]
    # Every URL with its site and first/last seen times.
    assert urls.count("<tr>") == 3  # header + 2 URLs
    first_seen = (T0 + timedelta(hours=3)).astimezone(TZ).strftime("%Y-%m-%d %H:%M")
    assert first_seen in urls and ">ha-noi</a>" in urls and ">son-la</a>" in urls
    assert 'id="mark-reviewed"' in html
    assert "<th>date source</th><td>-</td>" in html  # stored without one


def test_article_markup_is_shown_as_text(client, filled):
    html = text(client.get(f"/articles/{filled.evil}"))
    assert "<script>" not in html
    assert "&lt;script&gt;document.title=&#34;pwned&#34;&lt;/script&gt;" in html
    assert "<img src=x>" not in html
    assert "&amp; hết." in html
    inbox = text(client.get("/"))
    assert "<script>" not in inbox and "Cảnh giác &lt;script&gt;" in inbox


def test_article_versions_side_by_side_diff(client, filled):
    html = text(client.get(f"/articles/{filled.edited}"))
    assert "Version 1 → 2" in html
    diff = html[html.index('id="diff-1-2"'):]
    diff = diff[:diff.index("</table>")]
    assert "<del>cũ</del>" in diff and "<ins>" in diff and "đã sửa lại" in diff
    assert re.search(r'<tr class="insert">.*?<ins>Đoạn thêm\.</ins>', diff, re.S)
    assert "# Tiêu đề " in diff and "<del>cũ</del>" in diff
    assert 'class="equal"' in diff  # "Đoạn đầu." on both sides
    assert "Tiêu đề cũ" in html and "Tiêu đề mới" in html  # both versions listed


def test_unknown_article_is_404(client):
    assert client.get("/articles/999999").status_code == 404
    assert client.get(f"/articles/{2**64}").status_code == 404


# -- portal -----------------------------------------------------------------------------------


def test_portal_page_health_chart_and_runs(client, filled):
    response = client.get("/sites/son-la")
    assert response.status_code == 200
    html = text(response)
    assert "Công an tỉnh Sơn La" in html
    assert "90%" in html  # extraction health: 9 of 10 pages
    assert "finished" in html and "https://congan.sonla.gov.vn/&lt;x&gt;" in html
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert svg.count("<rect") == 30
    days: dict[str, int] = {}
    for seen in (T0, T0, T0 + timedelta(hours=3)):  # sua.html, xoa.html, evil.html first seen on son-la
        day = seen.astimezone(TZ).date().isoformat()
        days[day] = days.get(day, 0) + 1
    for day, n in days.items():
        assert f"<title>{day}: {n}</title>" in svg
    assert 'href="/sites/son-la/feed.xml"' in html
    assert client.get("/sites/ha-noi").status_code == 200  # no runs, but articles
    assert client.get("/sites/nowhere").status_code == 404
    sites = text(client.get("/sites"))
    assert 'href="/sites/son-la"' in sites and 'href="/sites/ha-noi"' in sites


# -- reviewing --------------------------------------------------------------------------------


def test_review_needs_the_csrf_token(client, filled):
    assert client.post(f"/articles/{filled.evil}/review").status_code == 400
    client.get("/")  # the session now holds a token
    response = client.post(f"/articles/{filled.evil}/review", data={"csrf_token": "forged"})
    assert response.status_code == 400
    assert client.post("/review", data={"ids": [str(filled.evil)]}).status_code == 400
    assert filled.evil in inbox_ids(text(client.get("/")))


def test_review_with_token_leaves_the_inbox(client, filled):
    html = text(client.get(f"/articles/{filled.evil}"))
    response = client.post(f"/articles/{filled.evil}/review", data={"csrf_token": token_of(html), "next": "/"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert filled.evil not in inbox_ids(text(client.get("/")))
    assert "reviewed" in text(client.get(f"/articles/{filled.evil}"))


def test_bulk_review_from_the_inbox(client, filled):
    html = text(client.get("/?status=new"))
    token = token_of(html)
    response = client.post("/review", data={"csrf_token": token, "ids": [str(filled.hanoi), str(filled.edited)],
                                            "next": "/?status=new"})
    assert response.status_code == 302 and response.headers["Location"] == "/?status=new"
    assert inbox_ids(text(client.get("/"))) == [filled.removed, filled.evil]


def test_review_redirect_stays_on_this_site(client, filled):
    token = token_of(text(client.get("/")))
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(f"/articles/{filled.hanoi}/review", data={"csrf_token": token, "next": target})
        assert response.headers["Location"] == f"/articles/{filled.hanoi}"


def test_review_of_a_missing_article_is_404(client):
    token = token_of(text(client.get("/")))
    assert client.post("/articles/999999/review", data={"csrf_token": token}).status_code == 404
    assert client.post("/review", data={"csrf_token": token, "ids": ["x"]}).status_code == 400


def test_a_token_from_another_session_is_refused(filled):
    app = create_app(filled.url, secret_key="test", auth=False)
    one, two = app.test_client(), app.test_client()
    token = token_of(text(one.get("/")))
    two.get("/")
    assert two.post(f"/articles/{filled.evil}/review", data={"csrf_token": token}).status_code == 400
    app.extensions["crawler_db"].dispose()


# -- search -----------------------------------------------------------------------------------


def test_search_page_renders_hits(client, filled):
    response = client.get("/search?q=canh+giac")
    assert response.status_code == 200
    html = text(response)
    assert "<script>" not in html and 'id="search-unavailable"' not in html
    assert f'href="/articles/{filled.evil}"' in html
    assert 'id="search-unavailable"' in text(client.get("/search?q=+,,,"))
    assert client.get("/search").status_code == 200
    assert client.get("/search?q=x&offset=-1").status_code == 400


# -- the command ------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_web_command_bad_input_is_one_line_exit_2(tmp_path, sqlite_url):
    missing = run("web", "--db", f"sqlite:///{tmp_path / 'none.sqlite'}")
    assert missing.returncode == 2 and missing.stderr.startswith("error: no database at")
    assert len(missing.stderr.strip().splitlines()) == 1
    bad = run("web", "--db", "mysql://x@y/z")
    assert bad.returncode == 2 and bad.stderr.startswith("error:")
    port = run("web", "--port", "70000")
    assert port.returncode == 2 and "port" in port.stderr
    # A busy port.
    open_database(sqlite_url).dispose()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        result = run("web", "--db", sqlite_url, "--port", str(taken), "--no-auth")
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: cannot listen on 127.0.0.1:{taken}:")
    assert len(result.stderr.strip().splitlines()) == 1



@pytest.mark.parametrize("days", [1, 7, 29, 30, 31, 90])
def test_chart_labels_are_far_enough_apart_and_the_last_day_is_labelled(days: int) -> None:
    from datetime import date as day_type
    from datetime import timedelta as delta

    from crawler.web.data import LABEL_GAP, DayCount, bar_chart

    start = day_type(2026, 11, 1)
    chart = bar_chart([DayCount(start + delta(days=i), i % 5) for i in range(days)])
    labelled = [b for b in chart.bars if b.label]
    assert labelled[-1] is chart.bars[-1]
    xs = [b.label_x for b in labelled]
    assert all(b - a >= LABEL_GAP - 0.5 for a, b in itertools.pairwise(xs)), xs
    assert all(b.label_x <= chart.width for b in labelled)
