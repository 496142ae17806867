"""The offline replica portals, exercised over real loopback HTTP."""

from __future__ import annotations

import html
import re
import time
import tomllib
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest

from replica import (
    NON_ARTICLE_PATHS,
    ExpectedArticle,
    Post,
    Replica,
    ReplicaServer,
    expected_articles,
)
from replica.model import vn
from replica.textforms import clean_text, nfd, slugify, to_new_tones

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass
class Fetched:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Fetched:
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with _OPENER.open(req, timeout=10) as resp:
            return Fetched(resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read())
    except urllib.error.HTTPError as err:
        return Fetched(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())


def page_text(raw: str) -> str:
    """What a reader sees: tags dropped, entities decoded, NFC, invisible characters and NBSP folded."""
    return clean_text(html.unescape(re.sub(r"<[^>]+>", "", raw)))


@pytest.fixture(scope="module")
def rs() -> Iterator[ReplicaServer]:
    with ReplicaServer() as server:
        yield server


# -- data ---------------------------------------------------------------------------------------


def test_article_counts_and_shapes() -> None:
    arts = expected_articles()
    counts = {p: sum(1 for a in arts if a.portal == p) for p in ("nukeviet", "langson", "modern")}
    assert counts == {"nukeviet": 14, "langson": 10, "modern": 8}
    assert len({(a.portal, a.path) for a in arts}) == len(arts)
    for a in arts:
        assert 4 <= len(a.body) + (1 if a.summary else 0) <= 10, a.path
        assert all(p == clean_text(p) and p for p in a.body)
        if a.published_at:
            year = int(a.published_at[:4])
            assert 2024 <= year <= 2025
            assert datetime.fromisoformat(a.published_at).date() < datetime.now().date()
    assert expected_articles(["modern"]) == [a for a in arts if a.portal == "modern"]


def test_special_cases_in_the_data() -> None:
    arts = expected_articles()
    event = [a for a in arts if a.summary and a.summary.startswith("Sáng 20/02/2025")]
    assert len(event) == 1 and event[0].published_at == "2025-02-21T08:15:00+07:00"
    assert any(a.published_at and len(a.published_at) == 10 for a in arts)  # date only
    procedures = [a for a in arts if a.published_at is None]
    assert procedures and all(a.source == "Cổng thông tin điện tử - Bộ Công an" for a in procedures)
    authors = {a.author for a in arts if a.portal == "langson"}
    assert "NGỌC HÀ" in authors and "Hoàng Anh/PV" in authors


def test_tone_style_rewrite() -> None:
    assert (
        to_new_tones("hòa bình, Ủy ban, sức khỏe, Tòa án, THỦY") == "hoà bình, Uỷ ban, sức khoẻ, Toà án, THUỶ"
    )
    assert to_new_tones("hoàn thành, quỳ, của, quả") == "hoàn thành, quỳ, của, quả"
    assert slugify("Đường dây “đánh bạc” 50 tỷ") == "duong-day-danh-bac-50-ty"


# -- every portal -------------------------------------------------------------------------------


@pytest.mark.parametrize("portal", ["nukeviet", "langson", "modern"])
def test_start_urls_answer(rs: ReplicaServer, portal: str) -> None:
    host = urlsplit(rs.base_url(portal)).hostname
    assert host is not None and host.startswith("127.")
    for url in rs.start_urls(portal):
        got = fetch(url)
        assert got.status == 200
        assert "text/html" in (got.header("content-type") or "")
        assert any(a.path in got.text for a in expected_articles([portal]))


def test_portals_are_distinct_hosts(rs: ReplicaServer) -> None:
    hosts = {urlsplit(rs.base_url(p)).hostname for p in rs.portals}
    assert len(hosts) == 3


@pytest.mark.parametrize("portal", ["nukeviet", "langson", "modern"])
def test_unknown_path_is_404(rs: ReplicaServer, portal: str) -> None:
    assert fetch(rs.base_url(portal) + "/khong-ton-tai/trang-nay").status == 404


def test_every_expected_article_is_served(rs: ReplicaServer) -> None:
    for art in expected_articles():
        got = fetch(rs.base_url(art.portal) + art.path)
        assert got.status == 200, art.path
        text = page_text(got.text)
        assert art.title in text, art.path
        for para in art.body:
            assert para in text, (art.path, para[:60])
        for caption in art.captions:
            assert caption in text, (art.path, caption)
        if art.summary:
            assert art.summary in text
        if art.author:
            assert art.author in text
        if art.source:
            assert art.source in text


def test_non_article_pages_answer(rs: ReplicaServer) -> None:
    article_paths = {a.path for a in expected_articles()}
    assert set(NON_ARTICLE_PATHS) == {"nukeviet", "langson", "modern"}
    for portal, paths in NON_ARTICLE_PATHS.items():
        assert len(paths) >= 3
        for path in paths:
            assert path not in article_paths
            assert fetch(rs.base_url(portal) + path).status == 200, (portal, path)


def test_republished_story_matches_after_normalisation(rs: ReplicaServer) -> None:
    copies = [a for a in expected_articles() if a.story == "lua-dao-khong-gian-mang-2025"]
    assert {a.portal for a in copies} == {"nukeviet", "langson", "modern"}
    bodies = {a.portal: a.body for a in copies}
    assert bodies["nukeviet"] == bodies["modern"]
    assert bodies["langson"] != bodies["modern"]  # new-style tone marks ...
    assert tuple(to_new_tones(p) for p in bodies["modern"]) == bodies["langson"]  # ... and nothing else
    assert {a.source for a in copies} == {None, "Tin An ninh Trật tự"}
    langson = next(a for a in copies if a.portal == "langson")
    raw = fetch(rs.base_url("langson") + langson.path).text
    assert nfd("Uỷ viên") in raw and nfd("hoà bình") in raw and "Uỷ" not in raw  # served decomposed
    assert "Nguồn: Tin An ninh Trật tự" in page_text(raw)
    nukeviet = next(a for a in copies if a.portal == "nukeviet")
    assert "<p>&nbsp;</p>" in fetch(rs.base_url("nukeviet") + nukeviet.path).text


def test_request_log_and_reset(rs: ReplicaServer) -> None:
    rs.reset_log()
    fetch(rs.base_url("modern") + "/tin-tuc")
    fetch(rs.base_url("langson") + "/nowhere")
    assert ("modern", "/tin-tuc", 200) in rs.request_log
    assert ("langson", "/nowhere", 404) in rs.request_log
    rs.reset_log()
    assert rs.request_log == []


def test_sites_toml(rs: ReplicaServer) -> None:
    data = tomllib.loads(rs.sites_toml())
    sites = data["sites"]
    assert [s["id"] for s in sites] == ["replica-nukeviet", "replica-langson", "replica-modern"]
    for site in sites:
        assert set(site) == {"id", "name", "start_urls"}
        assert site["start_urls"] == rs.start_urls(site["id"].removeprefix("replica-"))


def test_head_request(rs: ReplicaServer) -> None:
    got = fetch(rs.start_urls("nukeviet")[0], method="HEAD")
    assert got.status == 200 and got.body == b"" and int(got.header("content-length") or 0) > 1000


# -- NukeViet -----------------------------------------------------------------------------------


def _article_links(raw: str) -> list[str]:
    return sorted(set(re.findall(r'<h3><a href="([^"]+)"', raw)))


def test_nukeviet_pagination_past_the_end_returns_last_page(rs: ReplicaServer) -> None:
    base = rs.base_url("nukeviet")
    last = fetch(base + "/news/tin-hoat-dong/page-2/")
    beyond = fetch(base + "/news/tin-hoat-dong/page-9/")
    assert last.status == beyond.status == 200
    assert _article_links(last.text) == _article_links(beyond.text) != []
    home_last = fetch(base + "/news/page-3/")
    assert _article_links(home_last.text) == _article_links(fetch(base + "/news/page-30/").text)
    assert fetch(base + "/news/tin-hoat-dong/page-1/").status == 301


def test_nukeviet_pagination_markup_bugs(rs: ReplicaServer) -> None:
    raw = fetch(rs.base_url("nukeviet") + "/news/page-2/").text
    pager = re.search(r'<ul class="pagination">.*?</ul>', raw)
    assert pager is not None
    assert '<li class="active"><a href="#">2</a><li>' in pager.group(0)
    first = fetch(rs.base_url("nukeviet") + "/news/").text
    assert first.count('rel="next"') >= 3  # each later page number, the arrow and <link rel="next">


def test_nukeviet_listing_shape(rs: ReplicaServer) -> None:
    raw = fetch(rs.start_urls("nukeviet")[0]).text
    assert re.search(r"<h3><a href=\"/news/tin-hoat-dong/[a-z0-9-]+-\d+\.html\" title=\"", raw)
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}", raw)
    assert len(_article_links(raw)) == 5


def test_nukeviet_wrong_category_redirects(rs: ReplicaServer) -> None:
    art = next(a for a in expected_articles(["nukeviet"]) if a.path.startswith("/news/tin-hoat-dong/"))
    wrong = art.path.replace("/tin-hoat-dong/", "/an-ninh-trat-tu/")
    got = fetch(rs.base_url("nukeviet") + wrong)
    assert got.status == 301
    assert got.header("location") == rs.base_url("nukeviet") + art.path
    post_id = re.search(r"-(\d+)\.html$", art.path)
    assert post_id is not None
    stale = fetch(rs.base_url("nukeviet") + f"/news/tin-hoat-dong/ten-cu-{post_id.group(1)}.html")
    assert (
        stale.status == 301
        and stale.header(
            "location",
        )
        == rs.base_url("nukeviet") + art.path
    )
    assert fetch(rs.base_url("nukeviet") + "/news/tin-hoat-dong/khong-co-99999.html").status == 404


def test_nukeviet_detail_markup(rs: ReplicaServer) -> None:
    art = next(a for a in expected_articles(["nukeviet"]) if "3108" in a.path)
    got = fetch(rs.base_url("nukeviet") + art.path)
    raw = got.text
    assert '<meta name="generator" content="NukeViet v4.5">' in raw
    assert 'itemtype="http://schema.org/NewsArticle"' in raw
    assert '<span class="hidden hide d-none" itemprop="datePublished">2025-02-21T08:15:00+07:00</span>' in raw
    assert '<meta property="article:published_time" content="2025-02-21+0708:15:00">' in raw
    assert "Thứ sáu - 21/02/2025 08:15" in raw
    assert '<div id="news-bodyhtml" class="bodytext' in raw
    assert '<td class="image_desc"' in raw  # table-style caption on this one
    for chrome in (
        "Tổng số điểm của bài viết là: 0 trong 0 đánh giá",
        "Ý kiến bạn đọc",
        "Những tin cũ hơn",
        "Thống kê",
    ):
        assert chrome in raw
    assert "Thời gian chờ:" in raw and "<marquee" in raw
    assert f'<link rel="canonical" href="{rs.base_url("nukeviet")}{art.path}">' in raw
    # HTML validators mean nothing: Last-Modified is "yesterday", no ETag.
    assert got.header("etag") is None
    last_modified = parsedate_to_datetime(got.header("last-modified") or "")
    assert abs(time.time() - 86400 - last_modified.timestamp()) < 120


def test_nukeviet_counters_change_every_request(rs: ReplicaServer) -> None:
    url = rs.start_urls("nukeviet")[0]

    def counters() -> str:
        found = re.search(r'<ul class="counter.*?</ul>', fetch(url).text)
        assert found is not None
        return found.group(0)

    assert counters() != counters()


def test_nukeviet_rss(rs: ReplicaServer) -> None:
    base = rs.base_url("nukeviet")
    got = fetch(base + "/news/rss/")
    assert got.status == 200
    root = ET.fromstring(got.body)
    items = root.findall("./channel/item")
    assert len(items) == 14
    guid = items[0].find("guid")
    assert (
        guid is not None and guid.get("isPermaLink") == "false" and re.fullmatch(r"news_\d+", guid.text or "")
    )
    # The "minutes" field carries the month: 2025-06-10 10:00 +07:00 is 03:00 UTC in June -> "03:06:00".
    assert items[0].findtext("pubDate") == "Tue, 10 Jun 2025 03:06:00 GMT"
    etag = got.header("etag")
    assert etag and got.header("last-modified")
    assert fetch(base + "/news/rss/", {"If-None-Match": etag}).status == 304
    assert fetch(base + "/news/rss/", {"If-Modified-Since": got.header("last-modified") or ""}).status == 304
    assert fetch(base + "/news/rss/", {"If-None-Match": '"stale"'}).status == 200
    cat = ET.fromstring(fetch(base + "/news/rss/an-ninh-trat-tu/").body)
    assert len(cat.findall("./channel/item")) == 7
    assert fetch(base + "/news/rss/khong-co/").status == 404


def test_nukeviet_sitemap_chain_and_robots(rs: ReplicaServer) -> None:
    base = rs.base_url("nukeviet")
    robots = fetch(base + "/robots.txt")
    assert robots.status == 200
    assert f"Sitemap: {base}/sitemap.xml" in robots.text and "Disallow: /admin/" in robots.text
    top = ET.fromstring(fetch(base + "/sitemap.xml").body)
    assert [e.text for e in top.iter(SM + "loc")] == [base + "/sitemap-vi.xml"]
    lang = ET.fromstring(fetch(base + "/sitemap-vi.xml").body)
    assert base + "/sitemap-vi.news.xml" in [e.text for e in lang.iter(SM + "loc")]
    news = fetch(base + "/sitemap-vi.news.xml")
    locs = {e.text for e in ET.fromstring(news.body).iter(SM + "loc")}
    assert locs == {base + a.path for a in expected_articles(["nukeviet"])}
    etag = news.header("etag")
    assert etag and fetch(base + "/sitemap-vi.news.xml", {"If-None-Match": etag}).status == 304


def test_nukeviet_print_view(rs: ReplicaServer) -> None:
    art = expected_articles(["nukeviet"])[0]
    print_path = art.path.replace("/news/", "/news/print/", 1).removesuffix(".html")
    got = fetch(rs.base_url("nukeviet") + print_path)
    assert got.status == 200 and art.body[0] in page_text(got.text)
    assert "URL của bản tin này" in got.text


# -- Lạng Sơn (ASP.NET) -------------------------------------------------------------------------


def test_langson_listing_pages_and_end(rs: ReplicaServer) -> None:
    base = rs.base_url("langson")
    first = fetch(base + "/tin-tuc/hoat-dong-cong-an-tinh/30.aspx").text
    second = fetch(base + "/tin-tuc/hoat-dong-cong-an-tinh/30/pg2.aspx")
    assert second.status == 200 and "/30/pg2.aspx" in first
    beyond = fetch(base + "/tin-tuc/hoat-dong-cong-an-tinh/30/pg9.aspx")
    assert beyond.status == 200 and "Chưa có tin bài" in beyond.text
    assert "__VIEWSTATE" in first and "ctl00_" in first
    for heading in (
        "Tìm kiếm",
        "Tin tức - Sự kiện",
        "Liên kết website",
        "ngày 17 tháng 08 năm 2018",
        "Chung nhan Tin Nhiem Mang",
    ):
        assert heading in first


def test_langson_counter_and_viewstate_change(rs: ReplicaServer) -> None:
    url = rs.start_urls("langson")[0]

    def volatile(raw: str) -> tuple[str, str]:
        count = re.search(r'lblTong">([^<]+)<', raw)
        state = re.search(r'id="__VIEWSTATE" value="([^"]+)"', raw)
        assert count and state
        return count.group(1), state.group(1)

    one, two = volatile(fetch(url).text), volatile(fetch(url).text)
    assert one[0] != two[0] and one[1] != two[1]


def test_langson_id_is_the_key_and_paths_ignore_case(rs: ReplicaServer) -> None:
    art = next(a for a in expected_articles(["langson"]) if "/8455.aspx" in a.path)
    base = rs.base_url("langson")
    assert fetch(base + "/hoat-dong-cong-an-tinh/30/slug-khac-han/8455.aspx").status == 200
    assert fetch(base + art.path.upper()).status == 200
    assert fetch(base + "/hoat-dong-cong-an-tinh/30/abc/1.aspx").status == 404
    assert fetch(base + "/robots.txt").status == 404
    assert fetch(base + "/sitemap.xml").status == 404


def test_langson_procedure_module(rs: ReplicaServer) -> None:
    art = next(a for a in expected_articles(["langson"]) if a.published_at is None)
    raw = fetch(rs.base_url("langson") + art.path).text
    text = page_text(raw)
    assert f"Thủ tục: {art.title}" in text and "Chi tiết thủ tục:" in text
    assert "Nguồn Cổng thông tin điện tử - Bộ Công an" in text
    assert "Các thủ tục khác trong cùng lĩnh vực" in text and "PostDate" not in raw


def test_langson_date_formats(rs: ReplicaServer) -> None:
    dash = next(a for a in expected_articles(["langson"]) if "/8412.aspx" in a.path)
    assert dash.published_at == "2024-05-03"
    assert 'class="PostDate">03-05-2024<' in fetch(rs.base_url("langson") + dash.path).text


# -- modern -------------------------------------------------------------------------------------


def test_modern_article_markup_and_validators(rs: ReplicaServer) -> None:
    base = rs.base_url("modern")
    art = next(a for a in expected_articles(["modern"]) if a.story == "lua-dao-khong-gian-mang-2025")
    got = fetch(base + art.path)
    raw = got.text
    assert '"@type": "NewsArticle"' in raw and "<article" in raw
    assert "11:45 10/03/2025" in raw and 'property="og:title"' in raw
    body = re.search(r'<div class="article__body".*?</article>', raw, re.S)
    assert body is not None and "box-related" in body.group(0)  # related box inside the body
    etag = got.header("etag")
    assert etag and fetch(base + art.path, {"If-None-Match": etag}).status == 304
    no_slash = fetch(base + art.path.rstrip("/"))
    assert no_slash.status == 301 and no_slash.header("location") == base + art.path


def test_modern_listing_pages(rs: ReplicaServer) -> None:
    base = rs.base_url("modern")
    first = fetch(base + "/tin-tuc").text
    assert "/tin-tuc?page=2" in first
    assert fetch(base + "/tin-tuc?page=2").status == 200
    assert fetch(base + "/tin-tuc?page=3").status == 404
    robots = fetch(base + "/robots.txt").text
    assert f"Sitemap: {base}/sitemap.xml" in robots
    sitemap = fetch(base + "/sitemap.xml")
    locs = {e.text for e in ET.fromstring(sitemap.body).iter(SM + "loc")}
    assert locs == {base + a.path for a in expected_articles(["modern"])}


# -- mutation between crawls --------------------------------------------------------------------


def test_publish_edit_remove() -> None:
    replica = Replica()
    with ReplicaServer(["nukeviet", "modern"], replica=replica) as server:
        base = server.base_url("nukeviet")
        feed = fetch(base + "/news/rss/")
        etag = feed.header("etag") or ""
        new = Post(
            portal="nukeviet",
            id=replica.next_id("nukeviet"),
            section="an-ninh-trat-tu",
            title="Bài mới đăng để kiểm tra thu thập lại",
            published=vn(2025, 6, 30, 9, 0),
            lead="Một đoạn dẫn ngắn.",
            blocks=("Đoạn thứ nhất của bài mới.", "Đoạn thứ hai của bài mới."),
            author="Phóng viên",
        )
        replica.publish(new)
        added = next(a for a in server.expected_articles(["nukeviet"]) if a.title == new.title)
        assert added.path in fetch(server.start_urls("nukeviet")[1]).text
        assert fetch(base + "/news/rss/", {"If-None-Match": etag}).status == 200
        assert fetch(base + added.path).status == 200

        replica.edit("nukeviet", new.id, blocks=("Đoạn đã sửa.",))
        assert "Đoạn đã sửa." in page_text(fetch(base + added.path).text)

        replica.remove("nukeviet", new.id)
        assert fetch(base + added.path).status == 404
        assert all(a.title != new.title for a in server.expected_articles())
        with pytest.raises(ValueError):
            replica.publish(replica.posts("modern")[0])


def test_expected_article_is_frozen() -> None:
    art: ExpectedArticle = expected_articles(["modern"])[0]
    with pytest.raises(AttributeError):
        art.title = "x"  # type: ignore[misc]
