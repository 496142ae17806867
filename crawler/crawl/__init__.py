"""The Scrapy project: settings, items, the registry and spider loader, middlewares, pipelines,
extensions (run summaries, run records), discovery, the distributed frontier."""
