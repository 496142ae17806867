"""Places and case types (crawler.tagging), their storage (storage.tags) and the commands that read them.

The stories here are made up for these tests (never copied from bench/tagging's evaluation sets); the places
are real units of the time each story is dated.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from crawler.crawl.tags import backfill, portal_province, tag_batch
from crawler.tagging import Taxonomy, province_key, tag_story
from crawler.tagging.places import EVENT, HOME, NAMED, ROUTE
from storage import ArticleRepository, StoryInput, open_database
from storage.portals import PortalRecord, PortalRepository
from storage.tags import tags_of

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime.now(UTC).replace(microsecond=0)
BEFORE, AFTER = date(2024, 4, 2), date(2026, 3, 9)


def places(title: str, lead: str = "", body: tuple[str, ...] = (), **kw):
    return tag_story(title, lead, list(body), **kw)


def test_an_old_commune_is_found_under_todays_province_and_commune() -> None:
    tags = places("Bắt đối tượng trộm cắp tại xã Phước Thể, huyện Tuy Phong", published=BEFORE)
    assert tags.provinces == ("lam-dong",)
    commune = next(p for p in tags.places if p.mention == "xã Phước Thể")
    assert commune.old_unit == "xã Phước Thể, huyện Tuy Phong, tỉnh Bình Thuận"
    assert commune.commune == "xã Liên Hương" and commune.role == EVENT


@pytest.mark.parametrize("written", ["tỉnh Bình Thuận", "TỈNH BÌNH THUẬN", "tinh Binh Thuan", "Tỉnh Bình Thuận"])
def test_names_match_whatever_the_case_and_diacritics(written: str) -> None:
    assert places(f"Tuần tra trên biển {written}").provinces == ("lam-dong",)


def test_old_and_new_tone_mark_styles_meet() -> None:
    assert places("Cháy chợ ở tỉnh Khánh Hoà").provinces == ("khanh-hoa",)
    assert places("Cháy chợ ở tỉnh Khánh Hòa").provinces == ("khanh-hoa",)


def test_abbreviations_and_numbered_wards() -> None:
    tags = places("Vụ cháy tại P.5, Q.8, TP.HCM", published=BEFORE)
    assert tags.provinces == ("ho-chi-minh",)
    ward = next(p for p in tags.places if p.mention == "P.5")
    assert ward.old_unit == "phường 5, quận 8, thành phố Hồ Chí Minh" and ward.commune == "phường Chánh Hưng"


def test_a_shared_name_is_settled_by_the_district_named_beside_it() -> None:
    # Many provinces have a huyện Châu Thành; the province named after it settles which.
    assert places("Bắt giữ 2 đối tượng ở huyện Châu Thành, tỉnh Bến Tre", published=BEFORE).provinces == ("vinh-long",)
    assert places("Bắt giữ 2 đối tượng ở huyện Châu Thành, tỉnh Tây Ninh", published=BEFORE).provinces == ("tay-ninh",)


def test_the_unit_word_chooses_between_a_ward_and_a_commune_of_the_same_name() -> None:
    tags = places("Triệt phá tụ điểm ma túy tại phường Định Công, quận Hoàng Mai", published=BEFORE)
    assert tags.provinces == ("ha-noi",)


def test_a_shared_name_without_context_goes_to_the_portals_province() -> None:
    assert places("Khánh thành nhà văn hóa xã Tân Phú", portal_province="dong-nai", published=BEFORE).provinces \
        == ("dong-nai",)


def test_homes_impersonated_units_and_road_names_do_not_count() -> None:
    tags = places("Tai nạn trên cao tốc Hà Nội - Hải Phòng đoạn qua huyện Ân Thi",
                  "Tài xế Nguyễn Văn Bình (trú tại tỉnh Nghệ An) bị thương.",
                  ("Trước đó, một người tự xưng là cán bộ Công an TP Đà Nẵng gọi cho nạn nhân.",),
                  published=BEFORE)
    assert tags.provinces == ("hung-yen",)
    roles = {p.mention: p.role for p in tags.places}
    assert roles["Hà Nội"] == ROUTE and roles["Hải Phòng"] == ROUTE
    assert roles["tỉnh Nghệ An"] == HOME and roles["TP Đà Nẵng"] == NAMED


def test_a_story_that_names_no_place_is_about_its_portals_province_and_a_national_one_about_none() -> None:
    text = ("Hội nghị sơ kết công tác 6 tháng đầu năm", "Lãnh đạo đơn vị chủ trì hội nghị.")
    assert places(*text, portal_province="son-la").provinces == ("son-la",)
    assert places(*text).provinces == ()


def test_the_portals_province_leads_a_story_that_also_names_another() -> None:
    # Hồ Chí Minh counts 6 (title), Lâm Đồng 4 (lead): at least half as much, so the portal's province leads.
    tags = places("Bắt đối tượng trộm xe ở phường Bình Thạnh, TP Hồ Chí Minh",
                  "Công an xã Đức Linh và Công an xã Hoài Đức phối hợp bắt giữ đối tượng.",
                  portal_province="lam-dong", published=AFTER)
    assert tags.provinces == ("lam-dong", "ho-chi-minh")
    # Another portal's story: the most named province leads.
    assert places("Bắt đối tượng trộm xe ở phường Bình Thạnh, TP Hồ Chí Minh",
                  "Công an xã Đức Linh và Công an xã Hoài Đức phối hợp bắt giữ đối tượng.",
                  published=AFTER).provinces == ("ho-chi-minh", "lam-dong")


def test_a_personal_name_is_not_a_bare_place() -> None:
    # "Long An" inside "Nguyễn Văn Long An" is a person, and a place name in lower case is a word.
    tags = places("Anh Nguyễn Văn Long An nhặt được ví trả lại người mất", "Một việc làm đẹp, hòa bình và hạnh phúc.",
                  portal_province="ca-mau")
    assert tags.provinces == ("ca-mau",) and not tags.places


@pytest.mark.parametrize(("text", "expected"), [
    ("lam-dong", "lam-dong"), ("Lâm Đồng", "lam-dong"), ("Bình Thuận", "lam-dong"), ("binh-thuan", "lam-dong"),
    ("TP.HCM", "ho-chi-minh"), ("Thừa Thiên Huế", "hue"), ("tỉnh Vĩnh Phúc", "phu-tho"), ("Hà Tây", None),
    ("nowhere", None),
])
def test_a_province_is_known_by_its_key_its_name_or_a_former_provinces_name(text: str, expected: str | None) -> None:
    assert province_key(text) == expected


@pytest.mark.parametrize(("name", "province"), [
    ("Công an tỉnh Bình Thuận", "lam-dong"), ("Công an TP Hà Nội", "ha-noi"), ("Bộ Công an", None),
    ("Báo Công an nhân dân", None),
])
def test_a_portals_province_comes_from_its_name(name: str, province: str | None) -> None:
    assert portal_province(name) == province


def types(title: str, lead: str = "", *body: str) -> list[str]:
    return [t.type for t in tag_story(title, lead, list(body)).types]


def test_a_story_can_have_several_case_types_and_keeps_its_terms() -> None:
    tags = tag_story("Đối tượng nghiện ma túy trộm cắp tài sản để lấy tiền mua ma túy",
                     "Công an xã bắt quả tang đối tượng trộm cắp xe máy.", []).types
    assert [t.type for t in tags] == ["drugs", "violent-property"]
    assert "ma tuy" in tags[0].terms and "trom cap" in tags[1].terms


def test_words_that_fold_into_case_terms_do_not_trigger_them() -> None:
    # "khởi tố" is not smoke (khói), "lãnh đạo" not a knife (dao), "tổng kết" not a crash (tông), "bảo đảm"
    # not a stabbing (đâm), "chạy" not a fire (cháy).
    assert types("Lãnh đạo khởi động thi đua, tổng kết, bảo đảm chạy đúng tiến độ", "Hội nghị khen thưởng.") \
        == ["force-building"]


def test_a_story_without_case_words_has_no_type() -> None:
    assert types("Thời tiết hôm nay", "Trời nắng nhẹ.") == []


def test_the_taxonomy_is_whole() -> None:
    taxonomy = Taxonomy.load()
    assert len(taxonomy.types) == 11
    for case_type in taxonomy.types.values():
        assert case_type.label and case_type.description and case_type.terms
        assert all(1 <= w <= 5 for w in case_type.terms.values())


# -- storage and commands -------------------------------------------------------------------------------------


def story(url: str, title: str, body: list[str], h: str, *, site: str = "binh-thuan", at: datetime = NOW,
          summary: str | None = None) -> StoryInput:
    texts = [(title, summary, body, "Công an tỉnh Bình Thuận" if site == "binh-thuan" else None, BEFORE)]
    return StoryInput(site_id=site, url=url, title=title, body=body, content_hash=h, seen_at=at, summary=summary,
                      tags=tag_batch(texts)[0])


@pytest.fixture
def tagged_store(db_url: str) -> str:
    return _fill(db_url)


def test_tags_are_stored_with_the_text_and_replaced_when_it_changes(tagged_store: str) -> None:
    db = open_database(tagged_store)
    try:
        repo = ArticleRepository(db)
        ids = {a.url: a.id for a in repo.iter_articles()}
        first = tags_of(db, [ids["https://x.vn/1"]])[ids["https://x.vn/1"]]
        assert [p for p, _ in first.provinces] == ["lam-dong"]
        assert first.provinces[0][1][0]["old_unit"] == "xã Phước Thể, huyện Tuy Phong, tỉnh Bình Thuận"
        assert [t for t, _ in first.types] == ["drugs"]
        # The same text again: tags untouched; a new text: tags rewritten.
        assert repo.save_batch([story("https://x.vn/1", "Bắt đối tượng tàng trữ ma túy ở xã Phước Thể, huyện "
                                      "Tuy Phong", ["Công an huyện Tuy Phong bắt quả tang đối tượng tàng trữ trái "
                                                    "phép chất ma túy."], "h1")]) == ["known"]
        assert repo.save_batch([story("https://x.vn/1", "Vụ cháy kho hàng ở TP Phan Thiết",
                                      ["Vụ cháy xảy ra lúc rạng sáng."], "h1b")]) == ["updated"]
        after = tags_of(db, [ids["https://x.vn/1"]])[ids["https://x.vn/1"]]
        assert [t for t, _ in after.types] == ["fire-rescue"]
    finally:
        db.dispose()


def crawler(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_new_show_and_export_filter_and_show_by_todays_province_and_type(sqlite_url: str) -> None:
    db_url = _fill(sqlite_url)
    drugs = crawler("new", "--db", db_url, "--province", "Bình Thuận", "--type", "drugs")
    assert drugs.returncode == 0, drugs.stderr
    assert "Phước Thể" in drugs.stdout and "La Gi" not in drugs.stdout
    fires = crawler("new", "--db", db_url, "--province", "lam-dong", "--type", "fire-rescue")
    assert "La Gi" in fires.stdout and "Phước Thể" not in fires.stdout
    assert "nothing new of type traffic in lam-dong" in crawler("new", "--db", db_url, "--province", "lam-dong",
                                                                 "--type", "traffic").stdout
    assert crawler("new", "--db", db_url, "--province", "Hà Nội").stdout.startswith("nothing new in ha-noi")
    bad = crawler("new", "--db", db_url, "--province", "Atlantis")
    assert bad.returncode == 2 and bad.stderr.startswith("error: crawler new: argument --province: not a province")
    shown = crawler("show", "1", "--db", db_url)
    assert "where:        Lâm Đồng: xã Phước Thể (xã Phước Thể, huyện Tuy Phong, tỉnh Bình Thuận; today xã Liên " \
           "Hương)" in shown.stdout
    assert "case types:   drugs (" in shown.stdout
    exported = [json.loads(line) for line in crawler("export", "--db", db_url, "--type", "drugs").stdout.splitlines()]
    assert len(exported) == 1
    assert exported[0]["types"][0]["type"] == "drugs"
    assert {"mention": "xã Phước Thể", "old_unit": "xã Phước Thể, huyện Tuy Phong, tỉnh Bình Thuận",
            "province": "lam-dong", "commune": "xã Liên Hương"} in exported[0]["places"]


def _fill(db_url: str) -> str:
    db = open_database(db_url)
    repo = ArticleRepository(db)
    PortalRepository(db).save([PortalRecord("binh-thuan", "Công an tỉnh Bình Thuận", ("https://x.vn/",), "auto")],
                              NOW)
    repo.save_batch([story("https://x.vn/1", "Bắt đối tượng tàng trữ ma túy ở xã Phước Thể, huyện Tuy Phong",
                           ["Công an huyện Tuy Phong bắt quả tang đối tượng tàng trữ trái phép chất ma túy."], "h1")])
    repo.save_batch([story("https://x.vn/2", "Cháy nhà dân ở thị xã La Gi", ["Vụ cháy không gây thương vong."],
                           "h2", at=NOW + timedelta(minutes=1))])
    db.dispose()
    return db_url


def test_backfill_tags_the_stories_stored_before_tagging(db_url: str) -> None:
    db = open_database(db_url)
    try:
        repo = ArticleRepository(db)
        PortalRepository(db).save([PortalRecord("binh-thuan", "Công an tỉnh Bình Thuận", ("https://x.vn/",),
                                                "auto")], NOW)
        old = story("https://x.vn/9", "Bắt đối tượng đánh bạc ở xã Phước Thể", ["Tổ chức đánh bạc ăn tiền."], "h9")
        old.tags = None  # stored the way a crawl before tagging stored it
        repo.save_batch([old])
        article_id = next(repo.iter_articles()).id
        assert tags_of(db, [article_id]) == {}
        assert backfill(db) == 1
        tags = tags_of(db, [article_id])[article_id]
        assert [p for p, _ in tags.provinces] == ["lam-dong"] and [t for t, _ in tags.types] == ["public-order"]
        assert backfill(db) == 0
    finally:
        db.dispose()
    result = crawler("tags", "--db", db_url, "--backfill")
    assert result.returncode == 0 and result.stdout.startswith("tagged 0 stories that had no tags")
    assert any(line.split()[:1] == ["lam-dong"] and line.split()[-1] == "1" for line in result.stdout.splitlines())


# -- the web inbox, the article page and the feeds ---------------------------------------------------------------


@pytest.fixture
def web(sqlite_url: str):
    from crawler.web import create_app

    _fill(sqlite_url)
    app = create_app(sqlite_url, secret_key="test", auth=False)
    yield app.test_client()
    app.extensions["crawler_db"].dispose()


def test_the_inbox_filters_by_province_and_type_and_counts_each(web) -> None:
    page = web.get("/").get_data(as_text=True)
    assert '<option value="lam-dong">Lâm Đồng (2)</option>' in page
    assert '<option value="drugs">Ma túy (1)</option>' in page and '<option value="fire-rescue">' in page
    # A former province's name finds today's: Bình Thuận is in Lâm Đồng since 1 July 2025.
    drugs = web.get("/?province=Bình+Thuận&type=drugs").get_data(as_text=True)
    assert "Phước Thể" in drugs and "La Gi" not in drugs
    assert '<option value="lam-dong" selected>' in drugs and '<option value="drugs" selected>' in drugs
    # Each facet counts under the other filters: with type=drugs, Lâm Đồng holds 1.
    assert '<option value="lam-dong" selected>Lâm Đồng (1)</option>' in drugs
    assert web.get("/?province=Atlantis").status_code == 400
    assert web.get("/?type=weather").status_code == 400


def test_the_article_page_says_where_and_what(web) -> None:
    page = web.get("/articles/1").get_data(as_text=True)
    assert "Lâm Đồng: xã Phước Thể (xã Phước Thể, huyện Tuy Phong, tỉnh Bình Thuận; today xã Liên Hương)" in page
    assert 'href="/?type=drugs">drugs</a>' in page


def test_feeds_narrow_to_a_province_and_a_type(web) -> None:
    import feedparser

    everything = feedparser.parse(web.get("/feed.xml").data)
    assert len(everything.entries) == 2
    fires = feedparser.parse(web.get("/feed.xml?province=lam-dong&type=fire-rescue").data)
    assert [e.title for e in fires.entries] == ["Cháy nhà dân ở thị xã La Gi"]
    assert fires.feed.title.endswith("(lam-dong) (fire-rescue)")
    portal = feedparser.parse(web.get("/sites/binh-thuan/feed.xml?type=drugs").data)
    assert [e.title for e in portal.entries] == ["Bắt đối tượng tàng trữ ma túy ở xã Phước Thể, huyện Tuy Phong"]
    assert web.get("/feed.xml?province=nowhere").status_code == 400


# -- search and watchlists ---------------------------------------------------------------------------------------


def test_search_narrows_to_a_province_and_a_type(sqlite_url: str) -> None:
    db_url = _fill(sqlite_url)
    both = crawler("search", "doi tuong vu chay ma tuy", "--db", db_url, "--json")
    assert both.returncode == 0
    found = json.loads(crawler("search", "cong an", "--db", db_url, "--json", "--type", "drugs").stdout)
    assert [h["title"] for h in found] == ["Bắt đối tượng tàng trữ ma túy ở xã Phước Thể, huyện Tuy Phong"]
    none = crawler("search", "cong an", "--db", db_url, "--province", "ha-noi")
    assert none.stdout.startswith("no stories match 'cong an' in ha-noi")


def test_a_watchlist_can_name_a_province_and_a_type(db_url: str) -> None:
    from crawler.monitoring.alerts import check_articles
    from storage.alerts import AlertRepository

    db = open_database(db_url)
    try:
        repo = AlertRepository(db)
        drugs_here = repo.add_watchlist("ma túy Lâm Đồng", [], [], NOW - timedelta(hours=1), province="lam-dong",
                                        case_type="drugs")
        fires_hanoi = repo.add_watchlist("cháy Hà Nội", [], [], NOW - timedelta(hours=1), province="ha-noi",
                                         case_type="fire-rescue")
        worded = repo.add_watchlist("La Gi", ["la gi"], ["la gi"], NOW - timedelta(hours=1), case_type="fire-rescue")
        db.dispose()
        _fill(db_url)
        db = open_database(db_url)
        events = check_articles(AlertRepository(db), NOW + timedelta(hours=1))
        by_watch = {(e.payload["watchlist"]["id"], e.payload["article"]["title"]): e.payload["matched"] for e in events}
        assert by_watch == {
            (drugs_here.id, "Bắt đối tượng tàng trữ ma túy ở xã Phước Thể, huyện Tuy Phong"):
                ["province: lam-dong", "type: drugs"],
            (worded.id, "Cháy nhà dân ở thị xã La Gi"): ["la gi", "type: fire-rescue"],
        }
        assert fires_hanoi.id not in {w for w, _ in by_watch}
    finally:
        db.dispose()
    added = crawler("watch", "add", "ma túy miền núi", "--province", "Hà Giang", "--type", "drugs", "--db", db_url)
    assert added.returncode == 0 and added.stdout.endswith("'ma túy miền núi': in tuyen-quang; of type drugs\n")
    empty = crawler("watch", "add", "nothing", "--db", db_url)
    assert empty.returncode == 2 and empty.stderr.startswith("error: a watchlist needs terms, a --province or a --type")
    listed = crawler("watch", "list", "--db", db_url).stdout
    assert "tuyen-quang" in listed and "drugs" in listed


def test_the_facets_count_the_newest_stories_of_a_long_queue(web, monkeypatch) -> None:
    from crawler.web import data

    monkeypatch.setattr(data, "FACET_WINDOW", 1)
    page = web.get("/").get_data(as_text=True)
    # Only the newest story (the fire in La Gi) is counted; the page says so.
    assert '<option value="fire-rescue">Cháy nổ, cứu nạn (1)</option>' in page
    assert 'value="drugs"' not in page
    assert "counts: the newest 1" in page


def test_facet_counts_read_a_bounded_window_on_both_databases(tagged_store: str) -> None:
    from storage import queue
    from storage.tags import PROVINCE, TYPE, facet_counts

    db = open_database(tagged_store)
    try:
        with db.sessions() as session:
            where = [queue.unreviewed()]
            assert facet_counts(session, PROVINCE, where) == {"lam-dong": 2}
            assert facet_counts(session, TYPE, where, newest=1, order=queue.queue_order()) == {"fire-rescue": 1}
    finally:
        db.dispose()


def test_the_publication_day_is_vietnams() -> None:
    from crawler.crawl.tags import publication_day

    # 17:30 UTC on 30 June 2025 is 00:30 on 1 July in Vietnam: after the reorganisation.
    assert publication_day(datetime(2025, 6, 30, 17, 30, tzinfo=UTC)) == date(2025, 7, 1)
    assert publication_day(date(2025, 6, 30)) == date(2025, 6, 30)
    assert publication_day(None) is None


def test_a_term_with_diacritics_must_be_spelled_so_in_either_tone_mark_style() -> None:
    # Folded, "đảm chạy" is "đám cháy" (a fire): spelled otherwise, it is not one.
    assert types("Bảo đảm chạy đúng kế hoạch", "Bảo đảm chạy đúng kế hoạch.") == []
    assert types("Đám cháy lớn tại kho hàng", "Đám cháy được dập tắt.") == ["fire-rescue"]
    # "hoả hoạn" in the old style and "hỏa hoạn" in the new are the same term; text without diacritics matches.
    assert types("Hoả hoạn thiêu rụi kho hàng", "Một vụ hoả hoạn.") == ["fire-rescue"]
    assert types("Bat giu doi tuong tang tru ma tuy", "Thu giu heroin.") == ["drugs"]
