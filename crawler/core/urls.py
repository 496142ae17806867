"""URL hygiene: canonical forms, the site's scope, and the shapes of crawler traps."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Parameters that only say where a click came from; the page is the same without them.
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|zarsrc|zarsrc\w*|_ga|_gl|mc_cid|mc_eid|ref|refid|share|fb_action_\w+|"
    r"igshid|yclid|sessionid|phpsessid|jsessionid|cfid|cftoken)$",
    re.IGNORECASE,
)
# Calendar and date-archive links lead to an endless chain of empty pages.
CALENDAR = re.compile(
    r"(calendar|lich-?(?:cong-tac|lam-viec)?/\d|[?&](?:date|ngay|day|month|thang|year|nam)=|/\d{4}/\d{1,2}/\d{1,2}/?$"
    r"|/archive/\d{4}-\d{2})",
    re.IGNORECASE,
)
# Longer URLs are session junk or traps; the same bound is Scrapy's URLLENGTH_LIMIT (crawler.crawl.settings),
# which the safety middleware also applies to redirect targets.
MAX_URL_LENGTH = 2000
NOT_PAGES = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|bmp|ico|pdf|docx?|xlsx?|pptx?|zip|rar|7z|mp[34]|avi|mov|wmv|flv|css|js|woff2?|ttf)$",
    re.IGNORECASE,
)


# Listings repeat the same links on page after page (menus, sidebars, "most read"): a crawl
# canonicalizes each raw link many times, and w3lib's canonicalize_url is not cheap.
@lru_cache(maxsize=65536)
def canonicalize(url: str) -> str:
    """A stable key for a page: no fragment, no tracking parameters, sorted query, lower-case host."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)]
    netloc = (parts.hostname or "").lower()
    if parts.port and not (parts.scheme == "http" and parts.port == 80) and not (
        parts.scheme == "https" and parts.port == 443
    ):
        netloc += f":{parts.port}"
    cleaned = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))
    return canonicalize_url(cleaned, keep_fragments=False)


def host_in(host: str | None, domains: Iterable[str]) -> bool:
    if not host:
        return False
    host = host.lower()
    return any(host == d.lower() or host.endswith("." + d.lower()) for d in domains)


def in_scope(url: str, domains: Iterable[str]) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and host_in(parts.hostname, domains)


def looks_like_trap(url: str, *, max_depth: int = 12) -> str | None:
    """Why a URL should not be followed, or None.

    Relative links on some portals resolve into ever longer paths (``/en/en/en/...``);
    calendars offer one more day forever.
    """
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) > max_depth:
        return "path too deep"
    for i in range(1, len(segments)):
        if segments[i] == segments[i - 1] and not segments[i].isdigit():
            return "repeated path segment"
    if len(segments) >= 4:
        for size in (2, 3):
            for i in range(len(segments) - 2 * size + 1):
                if segments[i : i + size] == segments[i + size : i + 2 * size]:
                    return "repeated path segments"
    if CALENDAR.search(url):
        return "calendar archive"
    if NOT_PAGES.search(parts.path):
        return "not a page"
    if len(url) > MAX_URL_LENGTH:
        return "URL too long"
    return None
