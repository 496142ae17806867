"""Property tests: `extract(url, html)` never raises and always returns a well-formed `Article`.

Inputs are random bytes, the real pages of tests/gold and tests/holdout damaged in the ways
crawled pages are damaged (cut off mid-transfer, slices lost or repeated, stray and unclosed
tags, NUL bytes, invalid UTF-8, BOMs, a wrong declared charset, NFD text, huge attributes),
and random URLs. A page that comes out with no title or no body must then be dropped by the
item pipelines and counted, never stored.
"""

from __future__ import annotations

import asyncio
import json
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.core.dates import TZ
from crawler.crawl.items import ArticleItem
from crawler.crawl.pipelines.clean import CleanPipeline
from crawler.crawl.pipelines.dedupe import DedupePipeline
from crawler.crawl.pipelines.fingerprint import ContentHashPipeline
from crawler.crawl.pipelines.normalize import NormalizePipeline
from crawler.crawl.pipelines.store import StorePipeline
from crawler.extract import PROFILE_NAMES, Article, extract
from storage import ArticleRepository, open_database

TESTS = Path(__file__).resolve().parent
PAGES = sorted([*TESTS.glob("gold/*/*.html"), *TESTS.glob("holdout/*/*.html")])
FALLBACK_URL = "https://congan.example.gov.vn/tin-tuc/bai-viet-1.html"

# Characters the text helpers remove from stored text: NBSP and the zero-width family.
INVISIBLE = re.compile("[\u00a0\u200b\u200c\u200d\u2060\ufeff]")
KINDS = ("article", "listing", "other")
# Each example is a full extraction (~10 ms on a gold page); these keep the file well under 40 s.
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MUTATIONS = settings(max_examples=300, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@cache
def page(index: int) -> tuple[str, bytes]:
    """The annotated URL of a corpus page (its URL rules matter) and its raw bytes."""
    path = PAGES[index]
    annotation = path.with_suffix(".json")
    url = FALLBACK_URL
    if annotation.exists():
        url = json.loads(annotation.read_text(encoding="utf-8")).get("url") or FALLBACK_URL
    return url, path.read_bytes()


def assert_invariants(article: Article, url: str) -> None:
    assert isinstance(article, Article)
    assert article.url == url
    assert article.kind in KINDS
    assert isinstance(article.body, list)
    for paragraph in article.body:
        assert isinstance(paragraph, str) and paragraph.strip(), article.body
        assert unicodedata.is_normalized("NFC", paragraph), paragraph
        assert not INVISIBLE.search(paragraph), paragraph
    if article.kind != "article":
        assert article.body == []
    for text in (article.title, article.author, article.source, article.summary, article.category):
        assert text is None or (isinstance(text, str) and unicodedata.is_normalized("NFC", text))
    published = article.published_at
    # The date parser accepts up to one day ahead (a portal's clock, a time zone off by
    # hours); anything later is an error of the page, not a publish date.
    now = datetime.now(TZ)
    if isinstance(published, datetime):
        assert published.tzinfo is not None and published.utcoffset() == timedelta(hours=7), published
        assert str(published.tzinfo) == "Asia/Ho_Chi_Minh", published.tzinfo
        assert published <= now + timedelta(days=1), published
    elif isinstance(published, date):
        assert published <= now.date() + timedelta(days=1), published
    else:
        assert published is None


def check(url: str, html: str | bytes, profile: str = "auto") -> Article:
    article = extract(url, html, profile=profile)
    assert_invariants(article, url)
    return article


# -- (a) random bytes -------------------------------------------------------------------------------


@FAST
@given(data=st.binary(max_size=4000), url=st.sampled_from([FALLBACK_URL, "https://a.vn/", "http://x/a.aspx"]))
def test_random_bytes(data: bytes, url: str) -> None:
    check(url, data)


@FAST
@given(st.text(max_size=2000))
def test_random_text(text: str) -> None:
    # Lone surrogates, control characters, NFD: text that never went through a decoder.
    check(FALLBACK_URL, text)


# -- (b) damaged real pages ----------------------------------------------------------------------------

SNIPPETS: tuple[bytes, ...] = (
    b"<div>", b"</div>", b"<p>", b"</p>", b"<h1>", b"</h1>", b"<table><tr><td>", b"</td></tr></table>",
    b"<script>", b"</script>", b"<style>", b"<!--", b"-->", b"<![CDATA[", b"<?xml version='1.0'?>",
    b"<html><head>", b"</body></html>", b"<body", b"<a href='", b"<img src=\"", b"<div class=\"content", b"<",
    b"&", b"&#x0;", b"&#xD800;", b"&nbsp;&nbsp;", b"&bogus;",
    b"\x00", b"\x00" * 64, b"\xff\xfe\xfd", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80",  # invalid UTF-8
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",  # BOMs
    "\u200b\u00a0\u200d\u2060\ufeff".encode(), "\u00a0".encode() * 40,
    "<h1>Công an tỉnh ra quân</h1>".encode(), "<p>Thứ ba - 12/03/2099 10:15</p>".encode(),
    b"<meta property='article:published_time' content='2099-01-01T10:00:00+07:00'>",
    b"<meta property='article:published_time' content='2024-13-45T25:61:00+99:00'>",
    b"<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": [1, {}], "
    b"\"headline\": null, \"author\": {\"name\": [\"x\"]}}</script>",
    b"<img src='http://[::1' alt='x'>", b"<base href='http://[::1'>", b"<a href='javascript:x'>x</a>",
    b"<img src=\"" + b"a" * 200_000 + b"\">",
    b"<div class=\"" + b"x " * 50_000 + b"\">",
    b"<div>" * 2000,
    b"<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"author\": "
    + b"[" * 600 + b"\"x\"" + b"]" * 600 + b"}</script>",
)
CHARSETS = (b"utf-8", b"windows-1258", b"iso-8859-1", b"utf-16", b"utf-32", b"shift_jis", b"x-no-such-charset",
            b"", b"utf-8\x00", b"'\"><script>")
_CHARSET = re.compile(rb"charset\s*=\s*[\"']?[^\"'\s;>/]*", re.IGNORECASE)

# An operation: a name and two fractions placing it in the page as it is at that point.
Op = tuple[str, float, float, int]
OPS = ("delete", "duplicate", "swap", "truncate", "insert", "charset", "nfd", "nfd-slice", "utf8-as-latin1")


def _at(data: bytes, fraction: float) -> int:
    return min(len(data), int(fraction * len(data)))


def mutate(data: bytes, ops: list[Op]) -> bytes:
    for name, a, b, pick in ops:
        i, j = sorted((_at(data, a), _at(data, b)))
        if name == "delete":
            data = data[:i] + data[j:]
        elif name == "duplicate":
            data = data[:j] + data[i:j] + data[j:]
        elif name == "swap":
            mid = (i + j) // 2
            data = data[:i] + data[mid:j] + data[i:mid] + data[j:]
        elif name == "truncate":
            data = data[:i]
        elif name == "insert":
            data = data[:i] + SNIPPETS[pick % len(SNIPPETS)] + data[i:]
        elif name == "charset":
            data = _CHARSET.sub(b"charset=" + CHARSETS[pick % len(CHARSETS)], data, count=1 + pick % 2)
        elif name == "nfd":
            data = unicodedata.normalize("NFD", data.decode("utf-8", "surrogateescape")).encode(
                "utf-8", "surrogateescape")
        elif name == "nfd-slice":
            text = data[i:j].decode("utf-8", "replace")
            data = data[:i] + unicodedata.normalize("NFD", text).encode("utf-8") + data[j:]
        elif name == "utf8-as-latin1":  # mojibake: UTF-8 read as Latin-1, written back as UTF-8
            data = data[:i] + data[i:j].decode("latin-1").encode("utf-8") + data[j:]
    return data


ops_strategy = st.lists(
    st.tuples(st.sampled_from(OPS), st.floats(0, 1), st.floats(0, 1), st.integers(0, 1000)),
    min_size=1, max_size=6,
)


@MUTATIONS
@given(
    index=st.integers(0, len(PAGES) - 1),
    ops=ops_strategy,
    as_text=st.booleans(),
    profile=st.sampled_from(("auto", *PROFILE_NAMES)),
)
def test_damaged_real_pages(index: int, ops: list[Op], as_text: bool, profile: str) -> None:
    url, raw = page(index)
    damaged = mutate(raw, ops)
    # Scrapy hands bytes; `crawler extract` and library users may hand an already decoded str.
    html: str | bytes = damaged.decode("utf-8", "replace") if as_text else damaged
    article = check(url, html, profile)
    _cleaned_or_counted(article)


def _deep_jsonld(field: str, depth: int) -> str:
    value = "[" * depth + '"Lê Minh"' + "]" * depth
    return (f"<script type='application/ld+json'>{{\"@type\": \"NewsArticle\", \"{field}\": {value}}}"
            "</script>")


# Found by the fuzz above (RecursionError): nesting deep enough to exhaust Python's stack in
# a recursive walk. Kept as plain cases so they run whatever examples Hypothesis picks.
DEEP = {
    "divs-in-a-real-page": lambda raw: raw[: len(raw) // 2] + b"<div>" * 4000 + raw[len(raw) // 2 :],
    "jsonld-author-600": lambda raw: raw.replace(b"<head>", b"<head>" + _deep_jsonld("author", 600).encode(), 1),
    "jsonld-headline-600": lambda raw: raw.replace(b"<head>", b"<head>" + _deep_jsonld("headline", 600).encode(), 1),
    "jsonld-beyond-json-limit": lambda raw: raw.replace(b"<head>", b"<head>" + _deep_jsonld("author", 100_000).encode(),
                                                        1),
}


@pytest.mark.parametrize("case", list(DEEP))
def test_deep_nesting_does_not_exhaust_the_stack(case: str) -> None:
    for index in range(0, len(PAGES), 7):
        url, raw = page(index)
        check(url, DEEP[case](raw))


def test_the_corpus_is_there() -> None:
    assert len(PAGES) >= 100  # 83 gold pages and 22 held-out ones; a lost glob would make the fuzz vacuous
    for index in range(len(PAGES)):
        url, raw = page(index)
        check(url, raw)


# -- (c) random URLs ---------------------------------------------------------------------------------

SCHEMES = ("http", "https", "HTTPS", "ftp", "file", "javascript", "data", "mailto", "about", "http+unix", "", "-")
HOSTS = (
    "congan.langson.gov.vn", "xn--cng-an-3va.vn", "công-an.tỉnh.vn", "CÔNG-AN.VN", "[::1]", "[::1", "::1]",
    "127.0.0.1:99999", "a.vn:port", "user:pass@a.vn", "@", "", "a" * 300 + ".vn", "a..vn", "%00.vn", "a.vn\x00",
)
url_strategy = st.one_of(
    st.text(max_size=300),
    st.builds(
        lambda scheme, host, path, query, long: f"{scheme}://{host}/{path}{query}{'/x' * long}",
        st.sampled_from(SCHEMES), st.sampled_from(HOSTS),
        st.text(max_size=80), st.sampled_from(("", "?", "?nv=news&op=a-1", "?q=%zz", "#frag", "?a=" + "%" * 10)),
        st.sampled_from((0, 0, 5, 5000)),
    ),
)


@FAST
@given(url=url_strategy, index=st.integers(0, len(PAGES) - 1))
def test_random_urls(url: str, index: int) -> None:
    _, raw = page(index)
    check(url, raw)


# -- empty pages never reach the database ---------------------------------------------------------


def _clean_pipeline() -> tuple[CleanPipeline, Any]:
    crawler = get_crawler()
    crawler.stats.open_spider()
    return CleanPipeline.from_crawler(crawler), crawler.stats


def _cleaned_or_counted(article: Article) -> None:
    """The spider passes on only articles; cleaning must then either keep a title and a body or count a drop."""
    if article.kind != "article":
        return
    pipeline, stats = _clean_pipeline()
    item = ArticleItem(site_id="fuzz", url=article.url, fetched_url=article.url, article=article)
    try:
        out = asyncio.run(pipeline.process_item(item))
    except DropItem:
        assert stats.get_value("articles/skipped_empty") == 1
        return
    assert out.article.title and out.article.body
    assert stats.get_value("articles/skipped_empty") is None


def _extracted(html: str, url: str = FALLBACK_URL) -> ArticleItem:
    article = extract(url, html)
    # What the spider would hand on if extraction called it an article anyway (a known article URL).
    article.kind = "article"
    return ArticleItem(site_id="fuzz", url=url, fetched_url=url, article=article)


PARAGRAPH = "Công an tỉnh phối hợp với chính quyền địa phương bảo đảm an ninh trật tự trong dịp lễ."
EMPTY_PAGES: dict[str, Callable[[], ArticleItem]] = {
    "no-title": lambda: _extracted(f"<html><body><div>{f'<p>{PARAGRAPH}</p>' * 4}</div></body></html>"),
    "no-body": lambda: _extracted("<html><head><title>Công an tỉnh ra quân</title></head>"
                                  "<body><h1>Công an tỉnh ra quân</h1></body></html>"),
    "body-of-spacers-and-chrome": lambda: _extracted(
        "<html><body><h1>Công an tỉnh ra quân</h1><div class='content'>"
        "<p>&nbsp;</p><p>\u200b</p><p>Lượt xem: 1.203</p><p>Chia sẻ bài viết:</p><p>...</p></div></body></html>"),
    "empty-document": lambda: _extracted(""),
}


def test_pages_without_title_or_body_are_counted_and_not_stored(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    crawler = get_crawler(settings_dict={"DATABASE_URL": db_url, "STORE_BATCH_SECONDS": 0.05})
    crawler.stats.open_spider()
    store = StorePipeline.from_crawler(crawler)
    steps: list[Any] = [CleanPipeline.from_crawler(crawler), NormalizePipeline(), ContentHashPipeline(),
             DedupePipeline.from_crawler(crawler), store]
    items = [make() for make in EMPTY_PAGES.values()]
    good = ArticleItem(site_id="fuzz", url="http://a.vn/tin/1.html", fetched_url="http://a.vn/tin/1.html",
                       article=Article(url="http://a.vn/tin/1.html", title="Công an tỉnh ra quân",
                                       body=[PARAGRAPH], kind="article"))

    async def one(it: ArticleItem) -> ArticleItem | None:
        try:
            for step in steps:
                it = await step.process_item(it)
        except DropItem:
            return None
        return it

    async def go() -> list[ArticleItem | None]:
        await store.open_spider()
        try:
            return [await one(it) for it in [*items, good]]
        finally:
            await store.close_spider()

    results = asyncio.run(go())
    assert results[: len(items)] == [None] * len(items)
    assert results[-1] is not None and results[-1].outcome == "new"
    assert crawler.stats.get_value("articles/skipped_empty") == len(items)
    db = open_database(db_url)
    try:
        assert [a.url for a in ArticleRepository(db).iter_articles()] == ["http://a.vn/tin/1.html"]
    finally:
        db.dispose()


@pytest.mark.parametrize("name", list(EMPTY_PAGES))
def test_each_empty_page_is_really_missing_a_title_or_body(name: str) -> None:
    # Guards the test above: if extraction ever found text in these pages it would test nothing.
    article = EMPTY_PAGES[name]().article
    visible = [p for p in article.body if p.strip("\u00a0\u200b .") and "Lượt xem" not in p and "Chia sẻ" not in p]
    assert not article.title or not visible, (article.title, article.body)
