"""Downloader safety: the crawl stays on the site's domains and never reaches internal addresses.

`SafetyMiddleware` checks requests at two points: when they are scheduled (the `request_scheduled`
signal, which also carries the requests Scrapy's redirect middlewares build from a 3xx or a
meta refresh) and just before it is downloaded (`process_request`, which also sees
robots.txt fetches and `dont_filter` requests). It refuses

* a request whose host is outside the spider's allowed domains. Scrapy's own
  OffsiteMiddleware lets `dont_filter` requests through, and a redirect keeps the
  `dont_filter` of the request it answers (the conditional feed requests have it), so a
  portal could otherwise send the crawler anywhere. Stats: ``offsite/redirect_refused``
  for redirect targets, ``offsite/refused`` for anything else;
* a request whose host resolves to a private, loopback, link-local, multicast, reserved or
  unspecified address (server-side request forgery: a redirect into 169.254.169.254 or an
  intranet host). Hosts of the site's own start URLs are exempt: an operator who puts a
  site on such an address (the loopback replica portals, an intranet mirror) means it.
  Stats: ``ssrf/refused``;
* a URL longer than URLLENGTH_LIMIT. Scrapy checks that only for links the spider yields,
  not for redirect targets. Stats: ``urllength/refused``.

A host that does not resolve is let through: the download then fails the usual way.

Scrapy resolves the host again when it connects, so a DNS answer that changes between the
two look-ups (rebinding) is not caught here; the per-crawl cache at least keeps this
middleware's own verdict stable.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from crawler.core.urls import MAX_URL_LENGTH, host_in

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

log = logging.getLogger(__name__)

# host -> the addresses it resolves to; raises OSError when it does not resolve.
Resolver = Callable[[str], list[str]]


def system_resolver(host: str) -> list[str]:
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def non_public(address: str) -> bool:
    """True for an address a crawler of public portals has no business connecting to."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        # ::ffff:127.0.0.1 reaches 127.0.0.1.
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        # Shared address space (100.64/10, carrier NAT) and the like: none of the flags above, not global either.
        or not ip.is_global
    )


def ip_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


class HostGuard:
    """Which hosts resolve to non-public addresses, looked up once per host and crawl."""

    def __init__(self, exempt_hosts: Iterable[str] = (), resolver: Resolver = system_resolver) -> None:
        self.exempt = {h.lower() for h in exempt_hosts}
        self.resolver = resolver
        # host -> the first non-public address it resolves to, or None when all are public.
        self._verdicts: dict[str, str | None] = {}

    def known(self, host: str) -> bool:
        return host in self.exempt or host in self._verdicts or ip_literal(host) is not None

    def resolve(self, host: str) -> None:
        """Look the host up and remember the verdict; blocking, so run it off the reactor thread."""
        if self.known(host):
            return
        try:
            addresses = self.resolver(host)
        except (OSError, UnicodeError):
            # Not cached: the download fails on its own, and a later request may resolve.
            return
        self._verdicts[host] = next((a for a in addresses if non_public(a)), None)

    def refused_address(self, host: str, *, resolve: bool = True) -> str | None:
        """The non-public address that makes this host off limits, or None.

        With ``resolve=False`` a host not looked up yet passes; the caller checks it again later.
        """
        host = host.lower()
        if host in self.exempt:
            return None
        literal = ip_literal(host)
        if literal is not None:
            return literal if non_public(literal) else None
        if resolve:
            self.resolve(host)
        return self._verdicts.get(host)


class SafetyMiddleware:
    def __init__(self, stats: StatsCollector, *, resolver: Resolver = system_resolver,
                 max_url_length: int = MAX_URL_LENGTH) -> None:
        self.stats = stats
        self.resolver = resolver
        self.max_url_length = max_url_length
        self.allowed_domains: tuple[str, ...] = ()
        self.guard = HostGuard((), resolver)
        self._warned: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        limit = crawler.settings.getint("URLLENGTH_LIMIT") or MAX_URL_LENGTH
        middleware = cls(crawler.stats, max_url_length=limit)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.request_scheduled, signal=signals.request_scheduled)
        return middleware

    def configure(self, allowed_domains: Iterable[str], start_urls: Iterable[str]) -> None:
        self.allowed_domains = tuple(d.lower() for d in allowed_domains if d)
        start_hosts = {urlsplit(u).hostname or "" for u in start_urls} - {""}
        self.guard = HostGuard(start_hosts, self.resolver)

    def spider_opened(self, spider: Spider) -> None:
        # The registry entry is the source of truth for portal spiders; plain spiders use their attributes.
        site = getattr(spider, "site", None)
        domains = getattr(spider, "allowed_domains", None) or getattr(site, "allowed_domains", ())
        starts = getattr(site, "start_urls", None) or getattr(spider, "start_urls", ())
        self.configure(domains or (), starts or ())

    # -- the two hooks --------------------------------------------------------------------

    def request_scheduled(self, request: Request, spider: Spider | None = None) -> None:
        # Only what needs no DNS: a look-up here would block the reactor.
        self._check(request)

    async def process_request(self, request: Request) -> None:
        host = (urlparse_cached(request).hostname or "").lower()
        if host and not self.guard.known(host):
            await self._resolve_off_thread(host)
        self._check(request)

    async def _resolve_off_thread(self, host: str) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            # Not under the asyncio reactor: a blocking look-up, once per host, is the fallback.
            self.guard.resolve(host)
            return
        await loop.run_in_executor(None, self.guard.resolve, host)

    # -- the rules ------------------------------------------------------------------------

    def _check(self, request: Request) -> None:
        parts = urlparse_cached(request)
        host = (parts.hostname or "").lower()
        redirected = bool(request.meta.get("redirect_urls"))
        if len(request.url) > self.max_url_length:
            self._refuse("urllength/refused", request, f"URL longer than {self.max_url_length} characters",
                         warn_key=host)
        if parts.scheme not in ("http", "https") or (self.allowed_domains and not host_in(host, self.allowed_domains)):
            key = "offsite/redirect_refused" if redirected else "offsite/refused"
            self._refuse(key, request, f"{host or parts.scheme!r} is outside the allowed domains", warn_key=host)
        # Never resolve here: this runs on the reactor thread; process_request looked the host up
        # off it already, and a host that did not resolve passes (its download fails on its own).
        address = self.guard.refused_address(host, resolve=False) if host else None
        if address is not None:
            self._refuse("ssrf/refused", request, f"{host!r} resolves to non-public address {address}", warn_key=host)

    def _refuse(self, stat: str, request: Request, reason: str, *, warn_key: str) -> None:
        self.stats.inc_value(stat)
        key = f"{stat} {warn_key}"
        if key not in self._warned:
            # One line per host and rule: a portal full of such links must not flood the log.
            self._warned.add(key)
            origin = request.meta.get("redirect_urls")
            via = f" (redirected from {origin[-1]})" if origin else ""
            log.warning("refused %s%s: %s", request.url[:300], via, reason)
        raise IgnoreRequest(f"{stat}: {reason}")
