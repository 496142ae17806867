"""A spider loader that makes one spider per site of the registry.

`scrapy list` and `scrapy crawl <site-id>` then work for every portal in
`sites.toml` without a Python file per portal. Hand-written spiders in
`SPIDER_MODULES` still load as usual.
"""

from __future__ import annotations

import sys
from typing import Any

from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader

from crawler.crawl.registry import RegistryError, Site, load_sites
from spiders.portal import PortalSpider


def spider_class(site: Site) -> type[PortalSpider]:
    name = "Spider_" + site.id.replace("-", "_")
    return type(name, (PortalSpider,), {"name": site.id, "site": site, "__module__": PortalSpider.__module__})


class RegistrySpiderLoader(SpiderLoader):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        path = settings.get("SITES_FILE", "sites.toml")
        try:
            sites = load_sites(path)
        except RegistryError as exc:
            # Scrapy would print a traceback; a bad registry deserves one line and exit code 2.
            print(f"error: {exc}", file=sys.stderr)
            raise SystemExit(2) from None
        for site in sites:
            self._spiders[site.id] = spider_class(site)

    @classmethod
    def from_settings(cls, settings: BaseSettings, **kwargs: Any) -> RegistrySpiderLoader:
        return cls(settings)
