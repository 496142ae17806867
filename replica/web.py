"""A tiny request/response layer between ``http.server`` and the portal templates."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import formatdate, parsedate_to_datetime
from urllib.parse import parse_qs, unquote, urlsplit

_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)

_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # the raw request target, as logged
    path: str  # percent-decoded path, no query
    query: Mapping[str, str]
    headers: Mapping[str, str]  # keys lower-cased
    base: str  # "http://127.0.0.11:43121": what absolute links on this portal start with

    @classmethod
    def parse(cls, method: str, target: str, headers: Mapping[str, str], base: str) -> Request:
        # A scheme-less base keeps "//x/y" a path instead of a network location.
        parts = urlsplit(target if "://" in target.split("?", 1)[0] else "http://replica" + target)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        lowered = {k.lower(): v for k, v in headers.items()}
        return cls(method, target, unquote(parts.path) or "/", query, lowered, base)

    def url(self, path: str) -> str:
        return self.base + path


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def http_date(moment: datetime | float) -> str:
    stamp = moment.timestamp() if isinstance(moment, datetime) else moment
    return formatdate(stamp, usegmt=True)


def html(text: str, status: int = 200, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(
        status,
        text.encode("utf-8"),
        [("Content-Type", "text/html; charset=utf-8"), *(headers or [])],
    )


def text(body: str, content_type: str = "text/plain; charset=utf-8", status: int = 200) -> Response:
    return Response(status, body.encode("utf-8"), [("Content-Type", content_type)])


def redirect(location: str, status: int = 301, headers: list[tuple[str, str]] | None = None) -> Response:
    body = f'<html><body>Moved: <a href="{location}">{location}</a></body></html>'
    return Response(
        status,
        body.encode(),
        [("Location", location), ("Content-Type", "text/html; charset=utf-8"), *(headers or [])],
    )


def etag_for(body: bytes, *, weak: bool = False) -> str:
    tag = f'"{hashlib.sha1(body).hexdigest()[:20]}"'
    return "W/" + tag if weak else tag


def _etag_matches(header: str, etag: str) -> bool:
    def bare(tag: str) -> str:
        tag = tag.strip()
        return tag[2:] if tag.startswith("W/") else tag

    candidates = [t for t in header.split(",") if t.strip()]
    return any(t.strip() == "*" or bare(t) == bare(etag) for t in candidates)


def conditional(
    req: Request, resp: Response, *, etag: str | None, last_modified: datetime | None
) -> Response:
    """Attach validators and answer 304 when the client's copy is current (RFC 9110 §13.2.2 order)."""
    if etag:
        resp.headers.append(("ETag", etag))
    if last_modified is not None:
        resp.headers.append(("Last-Modified", http_date(last_modified)))
    inm = req.headers.get("if-none-match")
    if inm is not None and etag:
        fresh = _etag_matches(inm, etag)
    else:
        fresh = False
        ims = req.headers.get("if-modified-since")
        if ims and last_modified is not None:
            try:
                fresh = int(last_modified.timestamp()) <= int(parsedate_to_datetime(ims).timestamp())
            except (TypeError, ValueError):
                fresh = False
    if fresh:
        kept = [(k, v) for k, v in resp.headers if k.lower() != "content-type"]
        return Response(304, b"", kept)
    return resp


def yesterday_header() -> tuple[str, str]:
    """NukeViet's HTML Last-Modified: always "now minus one day", so it says nothing about the page."""
    return ("Last-Modified", http_date(time.time() - 86400))


def static_asset(path: str, prefixes: tuple[str, ...]) -> Response | None:
    """Placeholder bytes for theme assets and uploads, so browsers and media pipelines get a 200."""
    if not path.startswith(prefixes):
        return None
    lower = path.lower()
    if lower.endswith((".jpg", ".jpeg", ".png", ".gif", ".webp", ".ico")):
        return Response(200, _GIF, [("Content-Type", "image/gif"), ("Cache-Control", "max-age=2592000")])
    if lower.endswith(".css"):
        return Response(200, b"/* replica */\n", [("Content-Type", "text/css")])
    if lower.endswith(".pdf"):
        return Response(200, _PDF, [("Content-Type", "application/pdf")])
    if lower.endswith(".js") or lower.endswith(".axd"):
        return Response(200, b"/* replica */\n", [("Content-Type", "application/javascript")])
    return None
