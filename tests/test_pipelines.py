"""The item pipelines one by one and chained, on a real SQLite file, without a crawl."""

from __future__ import annotations

import asyncio
import unicodedata
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.crawl.items import ArticleItem
from crawler.crawl.pipelines.clean import CleanPipeline
from crawler.crawl.pipelines.dedupe import DedupePipeline
from crawler.crawl.pipelines.fingerprint import ContentHashPipeline
from crawler.crawl.pipelines.normalize import NormalizePipeline
from crawler.crawl.pipelines.store import StorePipeline
from crawler.extract.article import Article, Image
from storage import ArticleRepository, open_database

BODY = [
    "Uỷ ban nhân dân tỉnh phối hợp với Công an tỉnh tổ chức hội nghị hoà giải ở cơ sở.",
    "Hội nghị thống nhất các giải pháp phòng ngừa vi phạm pháp luật tại địa bàn dân cư.",
]


def item(url: str, body: list[str], *, site: str = "s1", title: str = "Hội nghị hòa giải ở cơ sở") -> ArticleItem:
    return ArticleItem(site_id=site, url=url, fetched_url=url,
                       article=Article(url=url, title=title, body=list(body), kind="article", profile="generic"))


class Chain:
    """The project's pipelines in settings order, driven the way Scrapy drives them."""

    def __init__(self, db_url: str, **settings: Any) -> None:
        settings.setdefault("STORE_BATCH_SECONDS", 0.05)
        self.crawler = get_crawler(settings_dict={"DATABASE_URL": db_url, **settings})
        self.crawler.stats.open_spider()
        self.store = StorePipeline.from_crawler(self.crawler)
        self.steps = [CleanPipeline.from_crawler(self.crawler), NormalizePipeline(), ContentHashPipeline(),
                      DedupePipeline.from_crawler(self.crawler), self.store]

    async def one(self, it: ArticleItem) -> ArticleItem | None:
        try:
            for step in self.steps:
                it = await step.process_item(it)
        except DropItem:
            return None
        return it

    def run(self, items: list[ArticleItem]) -> list[ArticleItem | None]:
        async def go() -> list[ArticleItem | None]:
            await self.store.open_spider()
            try:
                return list(await asyncio.gather(*(self.one(i) for i in items)))
            finally:
                await self.store.close_spider()

        return asyncio.run(go())

    def stat(self, key: str) -> int:
        return int(self.crawler.stats.get_value(key, 0))


def test_clean_drops_chrome_spacers_and_editor_debris() -> None:
    crawler = get_crawler()
    crawler.stats.open_spider()
    pipeline = CleanPipeline.from_crawler(crawler)
    it = item("http://a/1", ["\u00a0", BODY[0] + "\u200b", "Lượt xem: 1.203", "[[cke_bookmark_1S]]", "", BODY[1],
                             "Chia sẻ bài viết:"])
    it.article.author = "\u00a0 Thu\u00a0Hà "
    out = asyncio.run(pipeline.process_item(it))
    assert out.article.body == BODY
    assert out.article.author == "Thu Hà"


def test_clean_drops_an_item_whose_body_is_all_chrome() -> None:
    crawler = get_crawler()
    crawler.stats.open_spider()
    with pytest.raises(DropItem):
        asyncio.run(CleanPipeline.from_crawler(crawler).process_item(item("http://a/2", ["\u00a0", "Lượt xem: 12"])))
    assert crawler.stats.get_value("articles/skipped_empty") == 1


def test_normalize_makes_every_field_nfc_and_repairs_mojibake() -> None:
    nfd = unicodedata.normalize("NFD", BODY[0])
    it = item("http://a/3", [nfd], title="CÃ´ng an tá»‰nh")
    it.article.images = [Image("http://a/i.jpg", unicodedata.normalize("NFD", "Ảnh: Công an tỉnh"))]
    out = asyncio.run(NormalizePipeline().process_item(it))
    assert out.article.body == [BODY[0]]
    assert out.article.title == "Công an tỉnh"
    assert out.article.images[0].caption == "Ảnh: Công an tỉnh"


def test_hash_is_the_same_for_two_tone_styles_and_differs_for_other_words() -> None:
    step = ContentHashPipeline()
    old_style = [b.replace("Uỷ", "Ủy").replace("hoà", "hòa") for b in BODY]
    a, b, c = (asyncio.run(step.process_item(item("http://a/4", body))) for body in (BODY, old_style, BODY[:1]))
    assert a.content_hash == b.content_hash != c.content_hash
    assert len(a.content_hash) == 64


def test_chain_stores_each_story_once_with_all_its_urls(tmp_path) -> None:
    db_url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    republished = [unicodedata.normalize("NFD", p.replace("Uỷ", "Ủy")) for p in BODY] + ["Lượt xem: 9"]
    items = [
        item("http://portal-a/tin/1", BODY, site="a"),
        item("http://portal-b/news/77.aspx", republished, site="b"),
        item("http://portal-a/tin/1", BODY, site="a"),  # reached twice in one run
        item("http://portal-a/tin/2", ["Một câu chuyện khác hẳn, về phòng cháy chữa cháy mùa khô."], site="a"),
    ]
    chain = Chain(db_url, STORE_BATCH_SIZE=2, EXTRACT_PROCESSES=1)
    results = chain.run(items)
    assert results[2] is None
    outcomes = sorted(r.outcome for r in results if r is not None)
    assert outcomes == ["duplicate", "new", "new"]
    assert chain.stat("store/batches") >= 2  # batched, not one write per item and not one write for all
    # Folded and signed in the extraction pool, off the writer thread: every item that reached the store.
    assert chain.stat("store/derived_in_pool") == 3

    db = open_database(db_url)
    try:
        rows = list(ArticleRepository(db).iter_articles())
    finally:
        db.dispose()
    assert len(rows) == 2
    story = next(r for r in rows if r.url == "http://portal-a/tin/1")
    assert sorted(u.url for u in story.urls) == ["http://portal-a/tin/1", "http://portal-b/news/77.aspx"]
    assert story.body == "\n\n".join(BODY)  # the first copy's own text and tone style, cleaned

    # A second run of the same pages: everything is known, nothing new.
    again = Chain(db_url).run([item("http://portal-a/tin/1", BODY, site="a"),
                               item("http://portal-b/news/77.aspx", republished, site="b")])
    assert [r.outcome for r in again if r is not None] == ["known", "known"]

    # An edited page is flagged as updated, not stored as a second story.
    edited = Chain(db_url).run([item("http://portal-a/tin/2", ["Một câu chuyện khác hẳn, đã đính chính."], site="a")])
    assert edited[0] is not None and edited[0].outcome == "updated"
