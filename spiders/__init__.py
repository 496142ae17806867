"""Spiders. One per site of the registry, made by `crawler.spiderloader` from `sites.toml`."""
