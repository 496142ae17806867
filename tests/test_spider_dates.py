"""The dates the crawl sees outside an article page travel with its request and reach the extractor.

A listing page prints a date beside each link, a feed gives each item's day: both are witnesses
of the publication date (crawler.extract.published) when the article page shows none. The spider
also gives the extractor the fetch time and the date lines it saw outside the articles of a site.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.core.dates import TZ
from crawler.crawl.registry import Site
from crawler.crawl.spiderloader import spider_class
from crawler.extract import Article, extract, get_profile
from crawler.extract.published import Candidate, Dating

BASE = "http://127.0.0.1:9"
SITE = Site(id="dates", name="Dates", start_urls=(f"{BASE}/tin-tuc/",), allowed_domains=("127.0.0.1",))


def spider() -> Any:
    cls = spider_class(SITE)
    crawler = get_crawler(cls)
    crawler._apply_settings()
    made = cls.from_crawler(crawler)
    made.profile = get_profile("generic")
    return made


async def _collect(agen: Any) -> list[Any]:
    return [item async for item in agen]


def test_the_date_beside_a_link_travels_with_its_request() -> None:
    html = (
        "<html><body><ul>"
        "<li><a href='/tin-tuc/bat-giu-doi-tuong-trom-cap-1234.html'>Tạm giữ nhóm đối tượng đánh bạc</a>"
        " <span>12/03/2024 14:35</span></li>"
        "<li><a href='/tin-tuc/tuyen-truyen-an-toan-giao-thong-5678.html'>Tuyên truyền an toàn giao thông</a></li>"
        "</ul></body></html>"
    )
    response = HtmlResponse(url=f"{BASE}/tin-tuc/", body=html.encode(), encoding="utf-8")
    requests = asyncio.run(_collect(spider().parse_listing(response, depth=0, start=False)))
    by_url = {r.url: r.meta for r in requests if "1234" in r.url or "5678" in r.url}
    assert by_url[f"{BASE}/tin-tuc/bat-giu-doi-tuong-trom-cap-1234.html"]["listing"] == "2024-03-12T14:35:00+07:00"
    assert "listing" not in by_url[f"{BASE}/tin-tuc/tuyen-truyen-an-toan-giao-thong-5678.html"]


def test_a_feed_items_day_travels_with_its_request() -> None:
    rss = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Tin</title>"
        f"<item><title>A</title><link>{BASE}/tin-tuc/a-1.html</link><pubDate>Tue, 12 Mar 2024 14:03:00 +0700</pubDate>"
        "</item></channel></rss>"
    )
    response = XmlResponse(url=f"{BASE}/rss", body=rss.encode(), encoding="utf-8", request=Request(f"{BASE}/rss"))
    requests = asyncio.run(_collect(spider().parse_feed(response)))
    # Only the day: NukeViet writes the minutes of pubDate with the month number.
    assert [r.meta.get("feed") for r in requests if r.url.endswith("a-1.html")] == ["2024-03-12"]


def article_response(url: str, meta: dict[str, Any] | None = None) -> HtmlResponse:
    return HtmlResponse(url=url, body=b"<html></html>", encoding="utf-8", request=Request(url, meta=meta or {}))


def test_the_extractor_is_told_the_fetch_time_and_the_witnesses() -> None:
    meta = {"listing": "2024-03-12T14:35:00+07:00", "feed": "2024-03-11"}
    context = spider()._date_context(article_response(f"{BASE}/tin-tuc/a-1.html", meta))
    assert context.listing == datetime(2024, 3, 12, 14, 35, tzinfo=TZ)
    assert context.feed == date(2024, 3, 11)
    assert context.fetched_at is not None and abs((datetime.now(TZ) - context.fetched_at).total_seconds()) < 60
    assert context.repeated == frozenset()


def test_a_date_line_seen_outside_the_articles_of_many_pages_becomes_chrome() -> None:
    made = spider()
    clock = "Thứ Bảy, 05/12/2026"
    outside = Candidate(date(2026, 12, 5), "article", clock, 0.6)
    for n in range(2):
        article = Article(url=f"{BASE}/tin-tuc/a-{n}.html")
        article.dating = Dating(candidates=[outside])
        made._remember_outside_dates(article.url, article)
    # Two pages are not yet "many".
    assert clock not in made._date_context(article_response(f"{BASE}/tin-tuc/a-8.html")).repeated
    for n in range(2, 3):
        article = Article(url=f"{BASE}/tin-tuc/a-{n}.html")
        article.dating = Dating(candidates=[outside])
        made._remember_outside_dates(article.url, article)
    assert clock in made._date_context(article_response(f"{BASE}/tin-tuc/a-9.html")).repeated


def test_a_sitemap_entrys_lastmod_day_travels_with_its_request() -> None:
    xml = ("<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
           f"<url><loc>{BASE}/tin-tuc/b-2.html</loc><lastmod>2024-03-12T09:00:00+07:00</lastmod></url></urlset>")
    response = XmlResponse(url=f"{BASE}/sitemap.xml", body=xml.encode(), encoding="utf-8",
                           request=Request(f"{BASE}/sitemap.xml"))
    requests = asyncio.run(_collect(spider().parse_feed(response)))
    assert [r.meta.get("sitemap") for r in requests if r.url.endswith("b-2.html")] == ["2024-03-12"]


def test_a_metadata_date_every_page_of_a_site_carries_is_the_templates_not_the_storys() -> None:
    made = spider()
    stamp = "2019-06-15T08:00:00+07:00"
    html = (f"<html><head><title>Tập huấn phòng cháy</title><meta property='article:published_time' content='{stamp}'>"
            "</head><body><article><h1>Tập huấn phòng cháy, chữa cháy cho các hộ kinh doanh trên địa bàn phường</h1>"
            + "".join(f"<p>Buổi tập huấn thứ {n} của Công an phường hướng dẫn hơn 80 hộ kinh doanh cách sử dụng bình "
                      "chữa cháy, thoát nạn khi có cháy và kiểm tra hệ thống điện trước mùa hanh khô.</p>"
                      for n in ("nhất", "hai", "ba", "tư"))
            + "</article></body></html>")
    for n in range(3):
        url = f"{BASE}/tin-tuc/a-{n}.html"
        made._remember_outside_dates(url, extract(url, html))
    context = made._date_context(article_response(f"{BASE}/tin-tuc/a-9.html"))
    assert f"article:published_time={stamp}" in context.repeated
    alone = extract(f"{BASE}/tin-tuc/a-9.html", html)
    assert alone.to_json()["published_at"] == "2019-06-15T08:00:00+07:00"  # one page cannot tell
    assert extract(f"{BASE}/tin-tuc/a-9.html", html, context=context).published_at is None
