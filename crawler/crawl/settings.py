"""Scrapy settings for every portal spider.

Politeness defaults: robots.txt is obeyed, one request per portal per second on
average (randomised), two in flight per portal, AutoThrottle backs off when a
portal slows down, and a retry waits (the portal's Retry-After, else an exponential
back-off). A site can change its own delay and concurrency in sites.toml.
"""

import os

from crawler.crawl.retry import RETRY_AFTER_MAX, RETRY_BACKOFF_BASE, RETRY_BACKOFF_MAX, RETRY_BACKOFF_MIN  # noqa: F401

BOT_NAME = "vn-police-crawler"
USER_AGENT = "vn-police-crawler/0.1 (+news monitoring; contact: see README)"

SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
SPIDER_LOADER_CLASS = "crawler.crawl.spiderloader.RegistrySpiderLoader"
SITES_FILE = os.environ.get("CRAWLER_SITES", "sites.toml")
DATABASE_URL = os.environ.get("DATABASE_URL")
# Distributed mode (crawler.crawl.distributed): `crawl` only feeds Redis, `crawler worker` processes crawl.
DISTRIBUTED = False
REDIS_URL = os.environ.get("REDIS_URL")

ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy starts this many asyncio tasks for every response's output; ours yield a handful of
# items or requests each, and the default 100 costs more CPU than whole pages' extraction.
CONCURRENT_ITEMS = 16
# Worker processes that extract article pages (crawler.crawl.extraction_pool): -1 = one per core but one.
EXTRACT_PROCESSES = -1
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# When a retry goes (crawler.crawl.retry.PoliteRetryMiddleware, which replaces Scrapy's): a 429 or 503
# with Retry-After waits that long and pauses the whole host, but never longer than RETRY_AFTER_MAX
# seconds; any other retry waits a random time between RETRY_BACKOFF_MIN and
# min(RETRY_BACKOFF_MAX, RETRY_BACKOFF_BASE * 2 ** (retry - 1)) seconds: 0.5-2, 0.5-4, 0.5-8 s.
# RETRY_AFTER_MAX and RETRY_BACKOFF_* are imported above: the middleware's own defaults.
REDIRECT_MAX_TIMES = 5
# A backstop only: the spider bounds listing chains itself (spiders.portal.MAX_LISTING_DEPTH = 50);
# the deepest legitimate request is an article at the end of that chain, reached from a feed (52).
# This stops what the spider does not bound, such as sitemap indexes nesting forever.
DEPTH_LIMIT = 64
URLLENGTH_LIMIT = 2000  # crawler.core.urls.MAX_URL_LENGTH; crawler.crawl.middlewares applies it to redirects too
# Government pages are small; anything this big is not an article.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
HTTPCACHE_ENABLED = False

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("CRAWLER_LOG_LEVEL", "INFO")

DOWNLOADER_MIDDLEWARES = {
    # Before Scrapy's OffsiteMiddleware (50) and robots.txt (100): a refused host gets no request at all.
    "crawler.crawl.middlewares.SafetyMiddleware": 40,
    # Scrapy's RetryMiddleware retries at once; ours, at its place, waits (Retry-After, back-off).
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.crawl.retry.PoliteRetryMiddleware": 550,
}
ITEM_PIPELINES = {
    "crawler.crawl.pipelines.clean.CleanPipeline": 100,
    "crawler.crawl.pipelines.normalize.NormalizePipeline": 200,
    "crawler.crawl.pipelines.fingerprint.ContentHashPipeline": 300,
    "crawler.crawl.pipelines.dedupe.DedupePipeline": 400,
    "crawler.crawl.pipelines.store.StorePipeline": 500,
}
EXTENSIONS = {
    "crawler.crawl.summary.SiteSummaryExtension": 500,
    "crawler.crawl.summary.ProgressExtension": 510,
    "crawler.crawl.runs.RunRecorder": 520,
}
PROGRESS_INTERVAL = 0  # seconds; `crawler crawl` turns it on
# Store in batches of this many items, or after this many seconds, whichever comes first.
STORE_BATCH_SIZE = 50
STORE_BATCH_SECONDS = 2.0
