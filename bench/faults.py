"""Fault portals: small news sites on loopback, each failing the way some real portal does.

Every portal serves a two-page listing (``/tin-tuc/``, ``/tin-tuc/trang-2/``) of five
articles in a plain template the generic extractor reads, plus one fault: 5xx and 429
bursts (with Retry-After in seconds or as an HTTP-date, or without), time-outs, connection
resets, truncated bodies, oversized pages and gzip bombs, redirect loops and off-site
redirects, wrong charsets, crawler traps, a robots.txt ban, or no server at all.
``FaultSite.expected_articles()`` is the ground truth (the five good articles; the fault's
own pages are not in it) and the request log tells what a crawl cost, and when each request
arrived. ``crawl_fault`` runs a real ``python -m crawler crawl`` of one portal into SQLite
and measures it against that truth; the tests and ``bench/fault_matrix.py`` share it.

    with FaultServer(["burst-503"]) as fs:
        fs.sites_toml("burst-503"); fs.base_url("burst-503"); fs.requests("burst-503")
        fs.timed_requests("burst-503")  # [(time.time() on arrival, target, status), ...]
"""

from __future__ import annotations

import gzip
import json
import logging
import select
import socket
import struct
import subprocess
import sys
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from crawler.crawl.summary import NO_ANSWER
from crawler.monitoring.schedule import EXIT_FAILED
from replica.model import ExpectedArticle, vn
from replica.render import esc

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
LISTING = "/tin-tuc/"
PER_PAGE = 3  # five articles: three on the first page, two on the second
# The crawl settings the fault tests and the benchmark use: no politeness delay, a short
# download time-out so a hanging page costs seconds, not the production 30 s, and retries that
# back off at half the production pace (0.5-1, 0.5-2, 0.5-4 s): a portal that is down costs its
# six retries (robots.txt, the start page) about 8 s, not 16. Retry-After is honoured as sent.
CRAWL_SETTINGS: tuple[str, ...] = (
    "DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "DOWNLOAD_TIMEOUT=2",
    "RETRY_BACKOFF_BASE=1",
)
# How long a "hanging" page holds its connection at most: past any client time-out above.
HANG_SECONDS = 8.0

# -- content ---------------------------------------------------------------------------------

_PLACES = (
    "tỉnh Lạng Sơn", "tỉnh Cao Bằng", "tỉnh Hà Giang", "tỉnh Lào Cai", "tỉnh Yên Bái", "tỉnh Sơn La",
    "tỉnh Điện Biên", "tỉnh Lai Châu", "tỉnh Hòa Bình", "tỉnh Phú Thọ", "tỉnh Tuyên Quang", "tỉnh Thái Nguyên",
    "tỉnh Bắc Kạn", "tỉnh Bắc Giang", "tỉnh Quảng Ninh", "tỉnh Hải Dương", "tỉnh Hưng Yên", "tỉnh Thái Bình",
    "tỉnh Nam Định", "tỉnh Ninh Bình",
)
_ACTIONS = (
    ("triet-pha-duong-day-danh-bac-qua-mang", "triệt phá đường dây đánh bạc qua mạng"),
    ("ra-quan-bao-dam-trat-tu-an-toan-giao-thong", "ra quân bảo đảm trật tự an toàn giao thông dịp cao điểm"),
    ("khoi-to-nhom-doi-tuong-lua-dao-chiem-doat-tai-san", "khởi tố nhóm đối tượng lừa đảo chiếm đoạt tài sản"),
    ("tuyen-truyen-phong-chay-chua-chay-tai-khu-dan-cu", "tuyên truyền phòng cháy, chữa cháy tại khu dân cư"),
    ("tiep-nhan-xu-ly-tin-bao-ve-toi-pham", "tiếp nhận, xử lý tin báo về tội phạm trong tháng"),
    ("truy-bat-doi-tuong-truy-na-lan-tron", "truy bắt đối tượng truy nã lẩn trốn nhiều năm"),
    ("kiem-tra-co-so-kinh-doanh-co-dieu-kien", "kiểm tra các cơ sở kinh doanh ngành nghề có điều kiện"),
    ("to-chuc-hoi-nghi-so-ket-cong-tac", "tổ chức hội nghị sơ kết công tác bảo đảm an ninh"),
    ("phat-hien-vu-van-chuyen-hang-cam", "phát hiện vụ vận chuyển hàng cấm qua biên giới"),
)


@dataclass(frozen=True)
class Story:
    id: int
    slug: str
    title: str
    published: datetime
    paragraphs: tuple[str, ...]
    author: str
    section: str = "tin-tuc"

    @property
    def path(self) -> str:
        return f"/{self.section}/{self.slug}-{self.id}.html"


def make_story(index: int, number: int, section: str = "tin-tuc") -> Story:
    """A unique article: the portal's place and the story's action keep bodies apart across portals."""
    place = _PLACES[index % len(_PLACES)]
    slug, action = _ACTIONS[number % len(_ACTIONS)]
    published = vn(2025, 3, 1 + number, 8 + number, 15)
    officers = 40 + 7 * number + index
    paragraphs = (
        f"Ngày {published.day}/{published.month}, Công an {place} cho biết đơn vị vừa {action} trên địa bàn, "
        "qua đó góp phần giữ vững an ninh chính trị, trật tự an toàn xã hội tại địa phương.",
        f"Theo báo cáo, lực lượng chức năng đã huy động {officers} cán bộ, chiến sĩ tham gia, phối hợp chặt chẽ "
        f"với chính quyền cơ sở và các tổ bảo vệ an ninh, trật tự; kết quả được Ban Giám đốc Công an {place} "
        "đánh giá cao.",
        f"Thời gian tới, Công an {place} tiếp tục tăng cường tuần tra, kiểm soát, tuyên truyền, vận động Nhân dân "
        "tích cực tố giác tội phạm, không để phát sinh điểm nóng phức tạp.",
    )
    title = f"Công an {place} {action}"
    return Story(1000 * (index + 1) + number, slug, title, published, paragraphs, "Minh Anh", section)


def article_html(story: Story, base: str, *, charset_meta: str | None = '<meta charset="utf-8">') -> str:
    when = story.published
    body = "".join(f"<p>{esc(p)}</p>" for p in story.paragraphs)
    return f"""<!doctype html>
<html lang="vi"><head>{charset_meta or ""}
<title>{esc(story.title)}</title>
<link rel="canonical" href="{esc(base + story.path)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(story.title)}">
<meta property="article:published_time" content="{when.isoformat()}">
</head><body>
<header><a href="/">Trang chủ</a> | <a href="{LISTING}">Tin tức</a></header>
<main><article>
<h1>{esc(story.title)}</h1>
<p class="meta"><time datetime="{when.isoformat()}">{when:%H:%M %d/%m/%Y}</time></p>
<div class="content">{body}<p class="author"><strong>{esc(story.author)}</strong></p></div>
</article></main>
<footer>Trang thông tin (bản mô phỏng lỗi)</footer>
</body></html>
"""


def listing_html(title: str, stories: Iterable[Story], pages: Iterable[tuple[str, str, str]], extra: str = "") -> str:
    """``pages``: (href, text, rel) of the pagination links; ``extra``: more markup in the sidebar."""
    items = "".join(
        f'<li><a href="{esc(s.path)}">{esc(s.title)}</a> <time>{s.published:%d/%m/%Y}</time></li>' for s in stories
    )
    nav = " ".join(
        f'<a href="{esc(href)}"{f" rel={rel!r}" if rel else ""}>{esc(text)}</a>' for href, text, rel in pages
    )
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{esc(title)}</title></head><body>
<header><a href="/">Trang chủ</a> | <a href="{LISTING}">Tin tức</a></header>
<main><h1>{esc(title)}</h1><ul class="news">{items}</ul><nav class="pagination">{nav}</nav></main>
<aside>{extra}</aside>
</body></html>
"""


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: it has base letters like "ê" and the five tone marks, not toned letters."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], list(decomposed[1:])
        # Recompose the base with every non-tone mark ("ê" from e + U+0302), keep the tone separate.
        tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
        others = [m for m in marks if m not in tones]
        out += unicodedata.normalize("NFC", base + "".join(others)).encode("cp1258")
        out += "".join(tones).encode("cp1258")
    return bytes(out)


# -- responses -------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)


def html_reply(text: str, status: int = 200, content_type: str = "text/html; charset=utf-8") -> Reply:
    return Reply(status, text.encode("utf-8"), [("Content-Type", content_type)])


def not_found() -> Reply:
    return Reply(404, b"<html><body>Not found</body></html>", [("Content-Type", "text/html; charset=utf-8")])


def moved(location: str, status: int = 302) -> Reply:
    return Reply(status, b"", [("Location", location), ("Content-Type", "text/html; charset=utf-8")])


class Gone(Exception):
    """The client hung up; the fault has nothing more to do."""


class FaultSite:
    """A small portal; subclasses add one fault by overriding ``respond`` or ``page``."""

    name: ClassVar[str]
    fault: ClassVar[str]  # one line, for the matrix
    # Requests a correct crawl may spend: robots.txt, the generic profile's four feed probes,
    # two listing pages, five articles (8 + 4), plus what the fault adds (``extra_budget``).
    extra_budget: ClassVar[int] = 0
    # Path prefixes never to be requested (robots.txt). Nothing but the five good articles may be stored.
    forbidden: ClassVar[tuple[str, ...]] = ()
    # What the run record (outcome and failure summary) must mention, case-insensitive: reasons, URL paths.
    must_name: ClassVar[tuple[str, ...]] = ()
    # Robots.txt body; None answers 404.
    robots: ClassVar[str | None] = None
    serves: ClassVar[bool] = True

    @property
    def gives_nothing(self) -> bool:
        """No request can get a usable answer: the crawl must end failed (exit 1, all_requests_failed)."""
        return not self.serves

    def __init__(self, index: int) -> None:
        self.index = index
        self.host = f"127.0.0.{40 + index}"
        self.base = ""  # set once bound
        self.stories = [make_story(index, n) for n in range(5)]
        self._attempts: Counter[str] = Counter()
        self._lock = threading.Lock()

    @property
    def budget(self) -> int:
        return 12 + self.extra_budget

    def expected_articles(self) -> list[ExpectedArticle]:
        return [
            ExpectedArticle(
                portal=self.name, path=s.path, title=s.title, published_at=s.published.isoformat(timespec="seconds"),
                author=s.author, source=None, summary=None, body=s.paragraphs, captions=(), story=f"{self.name}-{s.id}",
            )
            for s in self.stories
        ]

    def attempt(self, target: str) -> int:
        """How many times this target was asked for before (0 on the first request)."""
        with self._lock:
            seen = self._attempts[target]
            self._attempts[target] += 1
            return seen

    # -- pages --------------------------------------------------------------------------------
    def story(self, path: str) -> Story | None:
        return next((s for s in self.stories if s.path == path), None)

    def listing_page(self, number: int) -> Reply | None:
        pages = 2
        if not 1 <= number <= pages:
            return None
        chunk = self.stories[(number - 1) * PER_PAGE : number * PER_PAGE]
        nav = [(self.listing_path(n), str(n), "next" if n == number + 1 else "") for n in range(1, pages + 1)]
        return html_reply(listing_html("Tin tức", chunk, nav, self.sidebar(number)))

    @staticmethod
    def listing_path(number: int) -> str:
        return LISTING if number == 1 else f"{LISTING}trang-{number}/"

    @staticmethod
    def listing_number(path: str) -> int | None:
        if path == LISTING:
            return 1
        if path.startswith(LISTING + "trang-") and path.endswith("/"):
            digits = path[len(LISTING + "trang-") : -1]
            return int(digits) if digits.isdigit() else None
        return None

    def sidebar(self, number: int) -> str:
        """Links the fault adds to a listing page."""
        return ""

    def page(self, path: str) -> Reply:
        if path == "/robots.txt":
            if self.robots is None:
                return not_found()
            return Reply(200, self.robots.encode(), [("Content-Type", "text/plain")])
        number = self.listing_number(path)
        if number is not None:
            return self.listing_page(number) or not_found()
        story = self.story(path)
        if story is not None:
            return html_reply(article_html(story, self.base))
        return not_found()

    def respond(self, h: FaultHandler, path: str, attempt: int) -> int:
        """Answer one request; returns the status logged (0 when no status line was sent)."""
        reply = self.page(path)
        h.send(reply)
        return reply.status


# -- the faults ------------------------------------------------------------------------------


class Burst503(FaultSite):
    name = "burst-503-retry-after"
    fault = "each article: 503 twice (Retry-After: 1), then 200"
    extra_budget = 10  # two 503s per article
    must_name = ("503",)
    status: ClassVar[int] = 503
    failures: ClassVar[int] = 2  # first tries that fail
    # The Retry-After header sent with the failure (None: no header); a test may set it per site.
    retry_after: str | None = "1"

    def __init__(self, index: int) -> None:
        super().__init__(index)
        # (path, Retry-After value) of every failure sent with the header, in order.
        self.retry_after_sent: list[tuple[str, str]] = []

    def fails(self, path: str, attempt: int) -> bool:
        return self.story(path) is not None and attempt < self.failures

    def retry_after_value(self) -> str | None:
        return self.retry_after

    def respond(self, h: FaultHandler, path: str, attempt: int) -> int:
        if self.fails(path, attempt):
            headers = [("Content-Type", "text/html; charset=utf-8")]
            value = self.retry_after_value()
            if value:
                headers.append(("Retry-After", value))
                self.retry_after_sent.append((path, value))
            phrase = HTTPStatus(self.status).phrase
            h.send(Reply(self.status, f"<html><body>{phrase}</body></html>".encode(), headers))
            return self.status
        return super().respond(h, path, attempt)


class Burst503Plain(Burst503):
    name = "burst-503"
    fault = "each article: 503 twice (no Retry-After), then 200"
    retry_after = None


class Burst500(Burst503):
    name = "burst-500"
    fault = "each article: 500 three times (no Retry-After), then 200: every retry backs off"
    extra_budget = 15  # three 500s per article, the last retry succeeds
    must_name = ("500",)
    status = 500
    failures = 3
    retry_after = None


class Burst429(Burst503):
    name = "burst-429-retry-after"
    fault = "one article: 429 (Retry-After: 3) on the first try: the whole host pauses"
    extra_budget = 1
    must_name = ("429",)
    status = 429
    failures = 1
    retry_after = "3"

    def fails(self, path: str, attempt: int) -> bool:
        return path == self.stories[0].path and attempt < self.failures


class RetryAfterDate(Burst429):
    name = "retry-after-date"
    fault = "one article: 503 on the first try, Retry-After an HTTP-date 2 s ahead"
    must_name = ("503",)
    status = 503
    ahead = 2.0

    def retry_after_value(self) -> str:
        return format_datetime(datetime.now(UTC) + timedelta(seconds=self.ahead), usegmt=True)


class TimeoutFirst(FaultSite):
    name = "timeout-first-try"
    fault = "one article: no answer within the time-out on the first try"
    extra_budget = 1
    must_name = ("timeout",)

    def respond(self, h: FaultHandler, path: str, attempt: int) -> int:
        if path == self.stories[1].path and attempt == 0:
            h.hang()
            return 0
        return super().respond(h, path, attempt)


class SlowDrip(FaultSite):
    name = "slow-drip"
    fault = "one extra page sends its body 4 bytes a second"
    drip = Story(9901, "trang-tin-tai-rat-cham-tung-chut-mot", "Trang tin tải rất chậm từng chút một",
                 vn(2025, 3, 9, 9, 0), ("Nội dung.",), "Minh Anh")
    extra_budget = 4  # the drip page, tried four times
    must_name = ("timeout", drip.path)

    def sidebar(self, number: int) -> str:
        return f'<a href="{self.drip.path}">{esc(self.drip.title)}</a>' if number == 1 else ""

    def respond(self, h: FaultHandler, path: str, attempt: int) -> int:
        if path == self.drip.path:
            h.drip(article_html(self.drip, self.base).encode(), per_second=4)
            return 200
        return super().respond(h, path, attempt)


class Reset(FaultSite):
    name = "connection-reset"
    fault = "each article: socket reset mid-body on the first try"
    extra_budget = 5
    must_name = ("dataloss",)

    def respond(self, h: FaultHandler, path: str, attempt: int) -> int:
        if self.story(path) is not None and attempt == 0:
            h.cut(self.page(path), reset=True)
            return 0
        return super().respond(h, path, attempt)


class Truncated(FaultSite):
    name = "truncated-body"
    fault = "each article: body cut short of its Content-Length on the first try"
    extra_budget = 5
    must_name = ("dataloss",)

    def respond(self, h: FaultHandler, path: str, attempt: int) -> int:
        if self.story(path) is not None and attempt == 0:
            h.cut(self.page(path), reset=False)
            return 200
        return super().respond(h, path, attempt)


class Oversize(FaultSite):
    name = "oversize-10mb"
    fault = "two extra pages of 10 MB (with and without Content-Length)"
    big = Story(9911, "bao-cao-tong-hop-rat-lon-muoi-megabyte", "Báo cáo tổng hợp rất lớn mười megabyte",
                vn(2025, 3, 9, 9, 0), ("Nội dung.",), "Minh Anh")
    streamed = Story(9912, "bao-cao-tong-hop-rat-lon-khong-do-dai", "Báo cáo tổng hợp rất lớn không có độ dài",
                     vn(2025, 3, 9, 9, 0), ("Nội dung.",), "Minh Anh")
    extra_budget = 2 * 4  # a refused page may be retried; it must never be stored
    must_name = ("maxsize", big.path, streamed.path)
    SIZE = 10 * 1024 * 1024

    def sidebar(self, number: int) -> str:
        if number != 1:
            return ""
        return "".join(f'<a href="{s.path}">{esc(s.title)}</a> ' for s in (self.big, self.streamed))

    def _padded(self, story: Story) -> bytes:
        page = article_html(story, self.base).encode()
        filler = b"<!-- " + b"x" * (self.SIZE - len(page)) + b" -->"
        return page.replace(b"</body>", filler + b"</body>")

    def respond(self, h: FaultHandler, path: str, attempt: int) -> int:
        if path == self.big.path:
            h.send(Reply(200, self._padded(self.big), [("Content-Type", "text/html; charset=utf-8")]))
            return 200
        if path == self.streamed.path:
            h.stream_unsized(self._padded(self.streamed))
            return 200
        return super().respond(h, path, attempt)


class GzipBomb(FaultSite):
    name = "gzip-bomb"
    fault = "one extra page: 100 KB of gzip that inflates to 100 MB"
    bomb = Story(9921, "tai-lieu-nen-phinh-to-khi-giai-nen", "Tài liệu nén phình to khi giải nén",
                 vn(2025, 3, 9, 9, 0), ("Nội dung.",), "Minh Anh")
    extra_budget = 4
    must_name = ("maxsize", bomb.path)
    _payload: ClassVar[bytes | None] = None

    @classmethod
    def payload(cls) -> bytes:
        if cls._payload is None:
            page = article_html(cls.bomb, "").encode()
            head, _, tail = page.partition(b"</body>")
            stream = gzip.compress(head + b" " * (100 * 1024 * 1024) + b"</body>" + tail, compresslevel=9)
            cls._payload = stream
        return cls._payload

    def sidebar(self, number: int) -> str:
        return f'<a href="{self.bomb.path}">{esc(self.bomb.title)}</a>' if number == 1 else ""

    def respond(self, h: FaultHandler, path: str, attempt: int) -> int:
        if path == self.bomb.path:
            headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]
            h.send(Reply(200, self.payload(), headers))
            return 200
        return super().respond(h, path, attempt)


class RedirectLoop(FaultSite):
    name = "redirect-loop"
    fault = "two extra links: A -> B -> A, and /n -> /n+1 forever"
    loop_a = "/tin-tuc/bai-viet-chuyen-huong-vong-tron-a-9931.html"
    loop_b = "/tin-tuc/bai-viet-chuyen-huong-vong-tron-b-9932.html"
    chain = "/tin-tuc/bai-viet-chuyen-huong-mai-mai-{}.html"
    extra_budget = 2 + 6 + 2  # the loop; the chain up to REDIRECT_MAX_TIMES (5); slack
    must_name = ("redirect loop", "max redirections", loop_a)

    def sidebar(self, number: int) -> str:
        if number != 1:
            return ""
        return (f'<a href="{self.loop_a}">Bài viết chuyển hướng vòng tròn không bao giờ tới</a> '
                f'<a href="{self.chain.format(9940)}">Bài viết chuyển hướng mãi mãi không có điểm dừng</a>')

    def page(self, path: str) -> Reply:
        if path == self.loop_a:
            return moved(self.loop_b)
        if path == self.loop_b:
            return moved(self.loop_a)
        prefix, suffix = self.chain.split("{}")
        if path.startswith(prefix) and path.endswith(suffix) and path[len(prefix) : -len(suffix)].isdigit():
            return moved(self.chain.format(int(path[len(prefix) : -len(suffix)]) + 1), 301)
        return super().page(path)


class OffsiteRedirect(FaultSite):
    name = "offsite-redirect"
    fault = "one extra link redirects to another host; a listing link points there too"
    away = "/tin-tuc/bai-viet-da-chuyen-sang-trang-khac-9951.html"
    extra_budget = 1
    must_name = ("off-site",)
    elsewhere = ""  # the other host's base URL, set by the server

    def sidebar(self, number: int) -> str:
        if number != 1:
            return ""
        return (f'<a href="{self.away}">Bài viết đã chuyển sang trang khác ở nơi khác</a> '
                f'<a href="{self.elsewhere}/tin-tuc/bai-viet-tren-trang-khac-hoan-toan-9952.html">'
                "Bài viết trên một trang khác hoàn toàn bên ngoài</a>")

    def page(self, path: str) -> Reply:
        if path == self.away:
            return moved(self.elsewhere + "/tin-tuc/bai-viet-tren-trang-khac-hoan-toan-9952.html", 301)
        return super().page(path)


class Elsewhere(FaultSite):
    """Another host: any request here is one too many."""

    name = "elsewhere"
    fault = "(the other host)"

    def page(self, path: str) -> Reply:
        story = make_story(self.index, 8)
        return html_reply(article_html(story, self.base))


class Charset(FaultSite):
    name = "charset"
    fault = "iso-8859-1 header on UTF-8, no charset, windows-1258 with only a meta, wrong header over cp1258"
    must_name = ()

    def respond(self, h: FaultHandler, path: str, attempt: int) -> int:
        story = self.story(path)
        if story is None:
            return super().respond(h, path, attempt)
        n = self.stories.index(story)
        legacy_http = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
        legacy_html5 = '<meta charset="windows-1258">'
        if n == 0:  # the header lies, the meta tells the truth: what a misconfigured IIS sends
            body, header = article_html(story, self.base).encode(), "text/html; charset=iso-8859-1"
        elif n == 1:  # nothing says anything
            body, header = article_html(story, self.base, charset_meta=None).encode(), "text/html"
        elif n == 2:  # old-school http-equiv, no charset in the header
            body, header = to_cp1258(article_html(story, self.base, charset_meta=legacy_http)), "text/html"
        elif n == 3:  # HTML5 meta only
            body, header = to_cp1258(article_html(story, self.base, charset_meta=legacy_html5)), "text/html"
        else:  # the header claims UTF-8 over windows-1258 bytes
            body = to_cp1258(article_html(story, self.base, charset_meta=legacy_html5))
            header = "text/html; charset=utf-8"
        reply = Reply(200, body, [("Content-Type", header)])
        h.send(reply)
        return 200


class PaginationRepeat(FaultSite):
    name = "pagination-repeat"
    fault = "any page past the last answers the last page again, with a next link"
    extra_budget = 1

    def listing_page(self, number: int) -> Reply | None:
        if number < 1:
            return None
        shown = min(number, 2)
        chunk = self.stories[(shown - 1) * PER_PAGE : shown * PER_PAGE]
        nav = [(self.listing_path(n), str(n), "") for n in range(1, number + 1)]
        nav.append((self.listing_path(number + 1), str(number + 1), "next"))
        return html_reply(listing_html("Tin tức", chunk, nav))


class RecursiveLinks(FaultSite):
    name = "recursive-links"
    fault = "relative links that recurse (en/en/…, trang-2/trang-1/…); the server answers them all"
    extra_budget = 3
    must_name = ("repeated path",)

    def listing_page(self, number: int) -> Reply | None:
        if not 1 <= number <= 2:
            return None
        chunk = self.stories[(number - 1) * PER_PAGE : number * PER_PAGE]
        # Relative hrefs: right from /tin-tuc/, compounding from anywhere deeper.
        nav = [("trang-1/", "1", ""), ("trang-2/", "2", "next" if number == 1 else "")]
        return html_reply(listing_html("Tin tức", chunk, nav, '<a href="en/">English</a>'))

    def page(self, path: str) -> Reply:
        if path.startswith(LISTING) and path.endswith("/") and path != LISTING:
            last = [s for s in path.split("/") if s][-1]
            if last == "en":
                return self.listing_page(1) or not_found()
            if last.startswith("trang-") and last[6:].isdigit():
                return self.listing_page(int(last[6:])) or not_found()
        return super().page(path)


class Calendar(FaultSite):
    name = "calendar"
    fault = "endless calendar archives: /lich/2024/03/ and /tin-tuc/luu-tru/2024-03/, prev/next forever"
    extra_budget = 4
    must_name = ("calendar",)

    @staticmethod
    def _month(year: int, month: int, delta: int) -> tuple[int, int]:
        total = year * 12 + (month - 1) + delta
        return total // 12, total % 12 + 1

    def _widget(self, year: int, month: int) -> str:
        (py, pm), (ny, nm) = self._month(year, month, -1), self._month(year, month, 1)
        return (
            f'<div class="calendar"><a href="/lich/{py}/{pm:02d}/" rel="prev">«</a> '
            f'<a href="/lich/{ny}/{nm:02d}/" rel="next">»</a> '
            f'<a href="/lich/{year}/{month:02d}/15/">15</a></div>'
            f'<div class="archive"><a href="{LISTING}luu-tru/{py}-{pm:02d}/" rel="prev">Tháng trước</a> '
            f'<a href="{LISTING}luu-tru/{ny}-{nm:02d}/" rel="next">Tháng sau</a></div>'
        )

    def sidebar(self, number: int) -> str:
        return self._widget(2024, 3)

    def page(self, path: str) -> Reply:
        parts = [p for p in path.split("/") if p]
        year_month: tuple[int, int] | None = None
        if len(parts) >= 3 and parts[0] == "lich" and parts[1].isdigit() and parts[2].isdigit():
            year_month = (int(parts[1]), int(parts[2]))
        elif len(parts) == 3 and parts[:2] == ["tin-tuc", "luu-tru"] and parts[2][:4].isdigit():
            year_month = (int(parts[2][:4]), int(parts[2][5:7] or 1))
        if year_month is not None:
            year, month = year_month
            return html_reply(listing_html(f"Lưu trữ {month:02d}/{year}", self.stories, [], self._widget(year, month)))
        return super().page(path)


class RobotsSection(FaultSite):
    name = "robots-forbidden"
    fault = "robots.txt forbids /noi-bo/; the listing links two articles there"
    robots = "User-agent: *\nDisallow: /noi-bo/\n"
    forbidden = ("/noi-bo/",)
    must_name = ("robots",)

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.internal = [make_story(index, 6 + n, section="noi-bo") for n in range(2)]

    def sidebar(self, number: int) -> str:
        if number != 1:
            return ""
        return "".join(f'<a href="{s.path}">{esc(s.title)}</a> ' for s in self.internal)

    def page(self, path: str) -> Reply:
        story = next((s for s in self.internal if s.path == path), None)
        if story is not None:
            return html_reply(article_html(story, self.base))
        return super().page(path)


class Down(FaultSite):
    name = "down"
    fault = "no server: connection refused for the whole run"
    serves = False
    must_name = ("connectionrefused",)

    def expected_articles(self) -> list[ExpectedArticle]:
        return []


class Outage(FaultSite):
    """Down until told otherwise: the circuit-breaker test flips ``up`` between scheduled runs."""

    name = "outage"
    fault = "every request 503 (no Retry-After) until the portal comes back"
    must_name = ("503",)
    extra_budget = 20  # robots.txt and the listing, each tried RETRY_TIMES + 1 times
    up = False

    @property
    def gives_nothing(self) -> bool:
        return not self.up

    def expected_articles(self) -> list[ExpectedArticle]:
        return super().expected_articles() if self.up else []

    def respond(self, h: FaultHandler, path: str, attempt: int) -> int:
        if self.up:
            return super().respond(h, path, attempt)
        h.send(Reply(503, b"<html><body>Service Unavailable</body></html>",
                     [("Content-Type", "text/html; charset=utf-8")]))
        return 503


FAULTS: dict[str, type[FaultSite]] = {
    cls.name: cls
    for cls in (
        Burst503, Burst503Plain, Burst500, Burst429, RetryAfterDate, TimeoutFirst, SlowDrip, Reset, Truncated,
        Oversize, GzipBomb, RedirectLoop, OffsiteRedirect, Charset, PaginationRepeat, RecursiveLinks, Calendar,
        RobotsSection, Down, Outage,
    )
}


# -- the server ------------------------------------------------------------------------------


class FaultHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # idle keep-alive connections must not pin a thread
    site: FaultSite
    owner: FaultServer

    def do_GET(self) -> None:
        arrived = time.time()
        path = self.path.split("?", 1)[0]
        attempt = self.site.attempt(self.path)
        try:
            status = self.site.respond(self, path, attempt)
        except Gone:
            status = 0
            self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            status = 0
            self.close_connection = True
        self.owner.log(self.site.name, self.path, status, arrived)

    def send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for key, value in reply.headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def _head(self, reply: Reply, length: int | None) -> None:
        self.send_response(reply.status)
        for key, value in reply.headers:
            self.send_header(key, value)
        if length is not None:
            self.send_header("Content-Length", str(length))
        else:
            self.send_header("Connection", "close")
        self.end_headers()

    def hang(self) -> None:
        """Say nothing until the client gives up (or HANG_SECONDS pass)."""
        self.close_connection = True
        deadline = time.monotonic() + HANG_SECONDS
        while time.monotonic() < deadline:
            readable, _, _ = select.select([self.connection], [], [], 0.2)
            if readable and not self.connection.recv(1, socket.MSG_PEEK):
                raise Gone
        raise Gone

    def drip(self, body: bytes, per_second: int) -> None:
        self.close_connection = True
        self._head(Reply(200, headers=[("Content-Type", "text/html; charset=utf-8")]), len(body))
        deadline = time.monotonic() + 60
        for start in range(0, len(body), per_second):
            self.wfile.write(body[start : start + per_second])
            time.sleep(1)
            if time.monotonic() > deadline:
                raise Gone

    def cut(self, reply: Reply, *, reset: bool) -> None:
        """Send the headers and half the body, then close: with a reset (RST) or a plain FIN."""
        self.close_connection = True
        self._head(reply, len(reply.body))
        self.wfile.write(reply.body[: len(reply.body) // 2])
        if reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        raise Gone

    def stream_unsized(self, body: bytes) -> None:
        """No Content-Length: the body ends when the connection closes, so only its bytes can tell its size."""
        self.close_connection = True
        self._head(Reply(200, headers=[("Content-Type", "text/html; charset=utf-8")]), None)
        for start in range(0, len(body), 64 * 1024):
            self.wfile.write(body[start : start + 64 * 1024])

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.site.name, format % args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog is 5: a crawler opening its connections at once overflows it,
    # and each dropped SYN costs the client a 1 s, then 3 s, retransmission. Real servers use 511.
    request_queue_size = 511

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Faults close sockets under the handler on purpose; tracebacks would only be noise.
        log.debug("fault server: error on a connection from %s", client_address, exc_info=True)


class FaultServer:
    """Run fault portals in daemon threads, each on its own 127.0.0.x; use as a context manager."""

    def __init__(self, faults: Iterable[str] | None = None) -> None:
        names = list(FAULTS) if faults is None else list(faults)
        unknown = [n for n in names if n not in FAULTS]
        if unknown:
            raise ValueError(f"unknown fault(s): {', '.join(unknown)}; known: {', '.join(FAULTS)}")
        order = list(FAULTS)
        self.sites: dict[str, FaultSite] = {n: FAULTS[n](order.index(n)) for n in names}
        self.elsewhere = Elsewhere(len(order))
        # (portal, target, status, time.time() when the request arrived), in the order answered.
        self.request_log: list[tuple[str, str, int, float]] = []
        self._log_lock = threading.Lock()
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        if self._servers:
            return
        try:
            for site in [*self.sites.values(), self.elsewhere]:
                if site.serves:
                    self._serve(site)
                else:
                    site.base = f"http://{site.host}:{_refusing_port(site.host)}"
            for site in self.sites.values():
                if isinstance(site, OffsiteRedirect):
                    site.elsewhere = self.elsewhere.base
        except BaseException:
            self.stop()
            raise

    def _serve(self, site: FaultSite) -> None:
        handler = type(f"_Handler_{site.name}", (FaultHandler,), {"site": site, "owner": self})
        try:
            server = _Server((site.host, 0), handler)
        except OSError:
            # Not every OS routes all of 127/8 to loopback; the off-site fault then tests less.
            log.warning("cannot bind %s; falling back to 127.0.0.1", site.host)
            server = _Server(("127.0.0.1", 0), handler)
        host, port = server.server_address[:2]
        site.base = f"http://{host!s}:{port}"
        thread = threading.Thread(target=server.serve_forever, name=f"fault-{site.name}", daemon=True)
        thread.start()
        self._servers.append(server)
        self._threads.append(thread)

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> FaultServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def base_url(self, name: str) -> str:
        return self.sites[name].base

    def site_id(self, name: str) -> str:
        return "fault-" + name

    def sites_toml(self, name: str) -> str:
        site = self.sites[name]
        return (f'[[sites]]\nid = "{self.site_id(name)}"\nname = {json.dumps(site.fault, ensure_ascii=False)}\n'
                f'start_urls = ["{site.base}{LISTING}"]\n')

    def log(self, portal: str, target: str, status: int, arrived: float | None = None) -> None:
        with self._log_lock:
            self.request_log.append((portal, target, status, time.time() if arrived is None else arrived))

    def requests(self, name: str) -> list[tuple[str, int]]:
        """(target, status) of the portal's requests, in the order they were answered."""
        with self._log_lock:
            return [(target, status) for portal, target, status, _ in self.request_log if portal == name]

    def timed_requests(self, name: str) -> list[tuple[float, str, int]]:
        """(arrival time as time.time(), target, status) of the portal's requests, by arrival."""
        with self._log_lock:
            return sorted((at, target, status) for portal, target, status, at in self.request_log if portal == name)


def _refusing_port(host: str) -> int:
    """A port on ``host`` nobody listens on: bound then released, so a connect is refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        try:
            sock.bind((host, 0))
        except OSError:
            sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
    finally:
        sock.close()


# -- one crawl against one fault -------------------------------------------------------------


@dataclass
class FaultRun:
    """What one crawl of a fault portal did, measured against the portal's ground truth."""

    name: str
    fault: str
    seconds: float
    returncode: int
    requests: int  # as the portal logged them (the crawl's own count for a portal that is down)
    budget: int
    expected: int
    captured: int
    stored_twice: int
    lost: list[str]
    forbidden_fetched: list[str]
    wrongly_stored: list[str]
    offsite_requests: int
    outcome: str
    errors: int
    failures: str
    must_name: tuple[str, ...] = ()
    gives_nothing: bool = False
    stdout: str = ""
    stderr: str = ""
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems()

    def problems(self) -> list[str]:
        """Every way this crawl fell short; empty when it handled the fault."""
        out = []
        if self.gives_nothing and (self.returncode, self.outcome) != (EXIT_FAILED, NO_ANSWER):
            out.append(f"exit code {self.returncode}, outcome {self.outcome}: a crawl that got nothing must fail")
        elif not self.gives_nothing and self.returncode != 0:
            out.append(f"exit code {self.returncode}")
        if self.requests > self.budget:
            out.append(f"{self.requests} requests, budget {self.budget}")
        if self.lost:
            out.append(f"lost {self.lost}")
        if self.stored_twice:
            out.append(f"{self.stored_twice} stored twice")
        if self.forbidden_fetched:
            out.append(f"fetched forbidden {self.forbidden_fetched}")
        if self.wrongly_stored:
            out.append(f"stored {self.wrongly_stored}")
        if self.offsite_requests:
            out.append(f"{self.offsite_requests} requests to another host")
        said = f"{self.outcome} {self.failures}".lower()
        unnamed = [word for word in self.must_name if word.lower() not in said]
        if unnamed:
            out.append(f"run record does not name {unnamed}")
        return out


def crawl_fault(server: FaultServer, name: str, workdir: Path, *, timeout: float = 60.0,
                settings: Iterable[str] = CRAWL_SETTINGS) -> FaultRun:
    """Crawl one fault portal in a subprocess, into a fresh SQLite file under ``workdir``."""
    from crawler.review.export import records as export_records
    from storage import ArticleRepository, RunRepository, open_database

    site = server.sites[name]
    workdir.mkdir(parents=True, exist_ok=True)
    sites_file = workdir / f"{name}.toml"
    sites_file.write_text(server.sites_toml(name), encoding="utf-8")
    db_path = workdir / f"{name}.sqlite"
    db_path.unlink(missing_ok=True)
    db_url = f"sqlite:///{db_path}"
    before = len(server.requests(name))
    offsite_before = len(server.requests(server.elsewhere.name))
    args = [sys.executable, "-m", "crawler", "crawl", "--sites", str(sites_file), "--db", db_url, "--progress", "0"]
    for setting in settings:
        args += ["-s", setting]
    started = time.monotonic()
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    seconds = time.monotonic() - started

    db = open_database(db_url)
    try:
        records = list(export_records(ArticleRepository(db)))
        runs = RunRepository(db).recent(site_id=server.site_id(name), limit=1)
    finally:
        db.dispose()
    run = runs[0] if runs else None
    logged = server.requests(name)[before:]
    requests = len(logged) if site.serves else (run.requests if run else 0)

    stored_paths: Counter[str] = Counter()
    for record in records:
        for url in record["urls"]:
            stored_paths[url.removeprefix(site.base)] += 1
    expected = site.expected_articles()
    per_story = {e.path: sum(1 for r in records if any(u.removeprefix(site.base) == e.path for u in r["urls"]))
                 for e in expected}
    stored_twice = sum(n - 1 for n in stored_paths.values() if n > 1) + sum(n - 1 for n in per_story.values() if n > 1)
    lost = [e.path for e in expected if not per_story[e.path]]
    known = {e.path for e in expected}
    wrongly = sorted({p for p in stored_paths if p not in known})
    forbidden = [t for t, _ in logged if any(t.startswith(prefix) for prefix in site.forbidden)]
    return FaultRun(
        name=name,
        fault=site.fault,
        seconds=seconds,
        returncode=result.returncode,
        requests=requests,
        budget=site.budget,
        expected=len(expected),
        captured=sum(1 for n in per_story.values() if n),
        stored_twice=stored_twice,
        lost=lost,
        forbidden_fetched=forbidden,
        wrongly_stored=wrongly,
        offsite_requests=len(server.requests(server.elsewhere.name)) - offsite_before,
        outcome=run.outcome if run else "(no run recorded)",
        errors=run.errors if run else 0,
        failures=(run.failures or "") if run else "",
        must_name=site.must_name,
        gives_nothing=site.gives_nothing,
        stdout=result.stdout,
        stderr=result.stderr,
        records=records,
    )


def iter_names(names: Iterable[str] | None = None) -> Iterator[str]:
    yield from (FAULTS if names is None else names)
