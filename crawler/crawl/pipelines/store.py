"""Store: batched, deduplicated writes to SQL, off the reactor thread.

Items wait in a buffer until it holds STORE_BATCH_SIZE items or STORE_BATCH_SECONDS
have passed; the batch is then written in one short transaction in a worker thread
(`asyncio.to_thread`) so the crawl never blocks on the database. Each item learns
its outcome (new / known / duplicate / updated) before it leaves the pipeline.

When the database goes away (crawler.crawl.outage) a batch waits for it, for up to
STORE_OUTAGE_SECONDS; items keep their place in the pipeline meanwhile, so Scrapy stops
downloading once its scraper holds SCRAPER_SLOT_MAX_ACTIVE_SIZE of them (memory stays
bounded). A database that stays away longer: the batch and every later one go to the
spool (storage.spool), their outcome "spooled", and the crawl closes (`store_unavailable`).
Every crawl stores what the spool holds before it starts, and a crawl that spooled tries
once more as it closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from functools import partial
from typing import Any

from scrapy.crawler import Crawler

from crawler.crawl.extraction_pool import in_pool, pool_size
from crawler.crawl.items import ArticleItem, NotArticleItem, RemovedItem
from crawler.crawl.outage import Outage, StoreRefused, StoreUnavailable
from crawler.crawl.tags import publication_day, tag_and_derive, tag_batch
from storage import ArticleRepository, StoryInput, open_database, resolve_db_url
from storage.db import first_line, refuses_writes
from storage.spool import Spool, spool_dir

log = logging.getLogger(__name__)


def to_stored(item: ArticleItem) -> StoryInput:
    article = item.article
    return StoryInput(
        site_id=item.site_id,
        url=item.url,
        title=article.title or "",
        body=list(article.body),
        content_hash=item.content_hash,
        profile=article.profile,
        published_at=article.published_at,
        published_source=article.published_source,
        author=article.author,
        source=article.source,
        summary=article.summary,
        images=[dataclasses.asdict(image) for image in article.images],
        category=article.category,
        seen_at=item.fetched_at,
    )


class StorePipeline:
    def __init__(self, crawler: Crawler, db_url: str, batch_size: int, batch_seconds: float,
                 processes: int = 0, spool: Spool | None = None) -> None:
        self.crawler = crawler
        self.outage = Outage.of(crawler)
        self.spool = spool or Spool(spool_dir(db_url))
        self.spooled = 0
        self.processes = processes
        self.db_url = db_url
        self.batch_size = max(1, batch_size)
        self.batch_seconds = batch_seconds
        self.repo: ArticleRepository | None = None
        self.pending: list[tuple[ArticleItem, asyncio.Future[None]]] = []
        self.timer: asyncio.TimerHandle | None = None
        self.flushes: set[asyncio.Task[None]] = set()
        self.write_lock = asyncio.Lock()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        return cls(
            crawler,
            resolve_db_url(settings.get("DATABASE_URL")),
            settings.getint("STORE_BATCH_SIZE", 50),
            settings.getfloat("STORE_BATCH_SECONDS", 2.0),
            pool_size(settings.getint("EXTRACT_PROCESSES", -1)),
            Spool(spool_dir(resolve_db_url(settings.get("DATABASE_URL")), settings.get("STORE_SPOOL_DIR"))),
        )

    async def open_spider(self) -> None:
        # A crawl may start just as the database comes back (a scheduled run after a restart).
        try:
            db = await self.outage.call(open_database, self.db_url)
        except StoreUnavailable:
            return  # no repository: every batch goes to the spool, and the spider closes the crawl
        self.repo = ArticleRepository(db)
        if self.spool.files():
            try:
                stored = await self.outage.call(self.spool.drain, self.repo)
            except StoreUnavailable:
                return  # the spider closes the crawl when it meets the same outage
            if stored:
                self.crawler.stats.set_value("store/spool_stored", stored)
                log.warning("stored %d stories kept in the spool %s by an earlier crawl", stored,
                            self.spool.directory)

    async def close_spider(self) -> None:
        self._flush_now()
        if self.flushes:
            await asyncio.gather(*self.flushes, return_exceptions=True)
        if self.spooled and self.repo is not None:
            # The database may be back by now: one try, no waiting.
            try:
                stored = await asyncio.to_thread(self.spool.drain, self.repo)
            except Exception:
                stored = 0
            if stored:
                self.crawler.stats.set_value("store/spool_stored", stored)
        if self.spooled:
            left = self.spool.stories()
            spider = self.crawler.spider
            log.error("%s: the database was unavailable: %d stories kept in the spool %s; %s",
                      spider.name if spider else "crawl", self.spooled, self.spool.directory,
                      f"{left} wait there for the next crawl" if left else "all stored since", extra={"spider": spider})
        if self.repo is not None:
            self.repo.db.dispose()

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, RemovedItem):
            return await self._removed(item)
        if isinstance(item, NotArticleItem):
            if self.repo is None:
                return item
            with contextlib.suppress(StoreUnavailable):  # only a saving: the page is read again next time
                await self.outage.call(self.repo.remember_not_article, item.site_id, item.url, item.kind,
                                       item.fetched_at)
            return item
        if not isinstance(item, ArticleItem):
            return item
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.pending.append((item, done))
        if len(self.pending) >= self.batch_size:
            self._flush_now()
        elif self.timer is None:
            self.timer = asyncio.get_running_loop().call_later(self.batch_seconds, self._flush_now)
        await done
        return item

    async def _removed(self, item: RemovedItem) -> RemovedItem:
        if self.repo is None:
            return item
        try:
            item.outcome = await self.outage.call(self.repo.mark_removed, item.url, item.fetched_at)
        except StoreUnavailable:
            return item  # the next crawl's revisit finds the page gone again
        if item.outcome == "removed":
            self.crawler.stats.inc_value("articles/removed")
        return item

    def _flush_now(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        task = asyncio.ensure_future(self._write(batch))
        self.flushes.add(task)
        task.add_done_callback(self.flushes.discard)

    async def _derive(self, stored: list[StoryInput]) -> None:
        """Tag, fold and sign the batch's texts in the extraction pool, another core, in one task: the writer
        thread then only writes (it holds the GIL the reactor needs). Without a pool the tags are made in a
        thread and the writer folds and signs. If tagging fails the stories are stored untagged (`crawler
        tags --backfill` tags them later); if the pool fails, as without one."""
        site = getattr(self.crawler.spider, "site", None)
        texts = [(s.title, s.summary, s.body, site.name if site is not None and s.site_id == site.id else None,
                  publication_day(s.published_at)) for s in stored]
        derived = None
        try:
            if self.processes > 0:
                tagged, derived = await in_pool(partial(tag_and_derive, texts), processes=self.processes)
            else:
                tagged = await asyncio.to_thread(tag_batch, texts)
        except Exception:  # a broken pool or tagger costs tags and speed, never a story
            self.crawler.stats.inc_value("store/tagging_failed")
            log.exception("tagging a batch failed; its stories are stored untagged")
            return
        for story, tags in zip(stored, tagged, strict=True):
            story.tags = tags
        if derived is not None:
            for story, computed in zip(stored, derived, strict=True):
                story.derived = computed
            self.crawler.stats.inc_value("store/derived_in_pool", len(stored))

    async def _write(self, batch: list[tuple[ArticleItem, asyncio.Future[None]]]) -> None:
        stats = self.crawler.stats
        stored = [to_stored(item) for item, _ in batch]
        await self._derive(stored)
        try:
            # One writer per pipeline at a time keeps transactions short and ordered.
            async with self.write_lock:
                if self.repo is None:
                    raise StoreUnavailable("the database could not be opened")
                try:
                    outcomes = await self.outage.call(self.repo.save_batch, stored)
                except Exception as exc:
                    if not refuses_writes(exc):
                        raise
                    raise StoreRefused(f"the database refuses writes ({first_line(exc)})") from None
        except StoreUnavailable as exc:
            try:
                await asyncio.to_thread(self.spool.put, stored)
            except OSError as spool_exc:  # nowhere to keep them either: they are lost to this crawl
                stats.inc_value("store/failed_batches")
                for _, done in batch:
                    if not done.done():
                        done.set_exception(spool_exc)
                return
            self.spooled += len(stored)
            stats.inc_value("store/spooled", len(stored))
            for item, done in batch:
                item.outcome = "spooled"
                if not done.done():
                    done.set_result(None)
            spider = self.crawler.spider
            if spider is not None and hasattr(spider, "store_lost"):
                spider.store_lost(exc)
            return
        except Exception as exc:
            stats.inc_value("store/failed_batches")
            for _, done in batch:
                if not done.done():
                    done.set_exception(exc)
            return
        stats.inc_value("store/batches")
        for (item, done), outcome in zip(batch, outcomes, strict=True):
            item.outcome = outcome
            stats.inc_value(f"articles/{outcome}")
            if not done.done():
                done.set_result(None)
