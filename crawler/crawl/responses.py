"""What the portal spider (spiders.portal) reads off a response or a failed request, keeping no state.

The day each feed item or sitemap entry gives (a witness of the publication date that travels with
the article's request), the witness read back from the request's meta, the markup handed to the
extractor, and why a request failed for good.
"""

from __future__ import annotations

import codecs
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.core.dates import parse_date, parse_rss_date
from crawler.core.urls import canonicalize


def feed_dates(selector: scrapy.Selector, base: str) -> dict[str, str]:
    """The day each feed item gives (RSS pubDate, Atom published/updated), by canonical link.

    Only the day: NukeViet writes pubDate's minutes with the month number, so a feed's time is
    not a witness."""
    dates: dict[str, str] = {}
    for item in selector.xpath("//item | //entry"):
        link = (item.xpath("link/text()").get() or item.xpath("link/@href").get() or "").strip()
        raw = item.xpath("pubDate/text() | published/text() | updated/text()").get()
        if not link or not raw:
            continue
        value = parse_rss_date(raw.strip(), minutes_unreliable=True)
        url = canonicalize(urljoin(base, link))
        if value is not None and url not in dates:
            dates[url] = day_iso(value)
    return dates


def sitemap_dates(selector: scrapy.Selector, base: str) -> dict[str, str]:
    """The day of each sitemap entry's lastmod, by canonical URL: a weak witness (it may be an edit's day)."""
    dates: dict[str, str] = {}
    for entry in selector.xpath("//urlset/url"):
        loc = (entry.xpath("loc/text()").get() or "").strip()
        raw = (entry.xpath("lastmod/text()").get() or "").strip()
        value = parse_date(raw) if loc and raw else None
        if value is not None:
            dates.setdefault(canonicalize(urljoin(base, loc)), day_iso(value))
    return dates


def day_iso(value: datetime | date) -> str:
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def witness(value: object) -> Any:
    """A witness date as the request's meta carries it (ISO text): a datetime, a date, or None."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value) if "T" in value else datetime.fromisoformat(value).date()
    except ValueError:
        return None


def article_markup(response: TextResponse) -> str | bytes:
    """What the extractor should read: Scrapy's text, or the raw bytes when the header's charset does not fit them.

    Scrapy, like a browser, trusts the Content-Type charset over the page's own <meta>. Portals
    behind a misconfigured server send "charset=iso-8859-1" over UTF-8 or "charset=utf-8" over
    windows-1258; decoding with replacement characters then loses letters no repair can restore.
    The extractor's own detection (BOM, <meta>, UTF-8, windows-1258) reads those bytes right.
    """
    content_type = (response.headers.get("Content-Type") or b"").lower()
    if b"charset" not in content_type:
        return response.text
    body = response.body
    try:
        encoding = codecs.lookup(response.encoding).name
        body.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return body
    if encoding != "utf-8" and not body.isascii():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return response.text
        return body  # valid multi-byte UTF-8 is never an accident of a single-byte code page
    return response.text


def failure_reason(failure: Failure) -> tuple[str, str]:
    """The URL that failed for good and why, in a few words (not truncated)."""
    request = getattr(failure, "request", None)
    exc = failure.value
    if isinstance(exc, HttpError):
        return exc.response.url, f"HTTP {exc.response.status}"
    # IgnoreRequest: robots.txt, off-site, too many redirects, too big once decompressed.
    # After redirects, the link the crawl followed is the first URL of the chain.
    url = (request.meta.get("redirect_urls") or [request.url])[0] if request is not None else "?"
    message = str(exc)
    if "DOWNLOAD_MAXSIZE" in message or "max size" in message:
        reason = "over DOWNLOAD_MAXSIZE"  # Scrapy's own messages repeat the whole response
    elif isinstance(exc, IgnoreRequest):
        reason = message or "ignored"
    else:
        reason = type(exc).__name__
    return url, reason
