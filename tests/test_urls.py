"""Canonical URLs, scope and trap shapes."""

from __future__ import annotations

import pytest

from crawler.core.urls import canonicalize, in_scope, looks_like_trap
from crawler.crawl.links import guess_link_kind


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://CongAn.LangSon.gov.vn:443/a.aspx?utm_source=fb&x=1#top", "https://congan.langson.gov.vn/a.aspx?x=1"),
        ("http://a.vn/news/x-1.html?fbclid=abc&zarsrc=31", "http://a.vn/news/x-1.html"),
        ("http://a.vn/list?b=2&a=1", "http://a.vn/list?a=1&b=2"),
        ("http://127.0.0.11:8080/news/", "http://127.0.0.11:8080/news/"),
    ],
)
def test_canonicalize(raw, expected):
    assert canonicalize(raw) == expected


def test_scope_includes_subdomains_only():
    domains = ["congan.langson.gov.vn"]
    assert in_scope("https://congan.langson.gov.vn/x", domains)
    assert in_scope("https://www.congan.langson.gov.vn/x", domains)
    assert not in_scope("https://evil-congan.langson.gov.vn.example.org/x", domains)
    assert not in_scope("https://langson.gov.vn/x", domains)
    assert not in_scope("mailto:a@congan.langson.gov.vn", domains)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://a.vn/en/en/en/home.html", "repeated path segment"),
        ("http://a.vn/en/vi/en/vi/home.html", "repeated path segments"),
        ("http://a.vn/lich-cong-tac/2024/05/06", "calendar archive"),
        ("http://a.vn/events?date=2024-05-06", "calendar archive"),
        ("http://a.vn/files/report.pdf", "not a page"),
        ("http://a.vn/" + "/".join("abcdefghijklmno"), "path too deep"),
    ],
)
def test_traps(url, reason):
    assert looks_like_trap(url) == reason


@pytest.mark.parametrize(
    "url",
    ["http://a.vn/news/an-ninh/bat-giu-doi-tuong-van-chuyen-ma-tuy-123.html", "http://a.vn/tin-tuc/30/pg2.aspx",
     "http://a.vn/2024/05/06/bai-viet"],
)
def test_ordinary_pages_are_not_traps(url):
    assert looks_like_trap(url) is None


def test_generic_link_kinds():
    assert guess_link_kind("http://a.vn/tin-tuc?page=3", "3") == "listing"
    assert guess_link_kind("http://a.vn/tin-tuc/trang-2", "", "next") == "listing"
    article = "http://a.vn/tin-tuc/cong-an-tinh-to-chuc-hoi-nghi-tong-ket-nam-2024-5512.html"
    assert guess_link_kind(article, "Công an tỉnh tổ chức hội nghị tổng kết năm 2024") == "article"
    assert guess_link_kind(article, "Xem") is None
    assert guess_link_kind("http://a.vn/lien-he", "Liên hệ với chúng tôi qua đường dây nóng") is None
