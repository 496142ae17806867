"""Spiders. One per site of the registry, made by `crawler.crawl.spiderloader` from `sites.toml`."""
