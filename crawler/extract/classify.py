"""Article, listing or other: conservative, because only articles are stored.

An article needs a title, real paragraphs (>= 300 characters over >= 2 paragraphs),
a body not dominated by links, tables, captions or contact lines, and some sign
that it is a news item (a publish date, article markup, or the profile's article
URL shape). Introduction pages have long prose too; they lack those signs or
give themselves away by title/URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from crawler.extract.article import PageKind

MIN_BODY_CHARS = 300
MIN_PARAGRAPHS = 2
# A brief ("tin vắn") of two sentences is still news when the page is surely an article page:
# a CMS profile knows the URL shape and the page carries a publish date.
BRIEF_MIN_CHARS = 120
PARAGRAPH_MIN_CHARS = 40
MAX_LINK_RATIO = 0.3
TEASER_MIN = 6

# Whole path segments (or their stem before ".html"/".aspx") that name a non-article page.
OTHER_SEGMENTS = frozenset(
    {
        "tag",
        "tags",
        "tim-kiem",
        "timkiem",
        "search",
        "ket-qua-tim-kiem",
        "lien-he",
        "contact",
        "gioi-thieu",
        "about",
        "about-us",
        "gioithieu",
        "lienhe",
        "so-do-to-chuc",
        "co-cau-to-chuc",
        "chuc-nang-nhiem-vu",
        "lich-su",
        "van-ban",
        "vanban",
        "van-ban-phap-luat",
        "thu-vien-anh",
        "album",
        "albums",
        "gallery",
        "photos",
        "videos",
        "video",
        "print",
        "in-bai",
        "rss",
        "sitemap",
        "feedback",
        "gop-y",
        "hoi-dap",
        "faq",
        "lich-cong-tac",
        "danh-ba",
        "login",
        "dang-nhap",
        "users",
        "seek",
    }
)
SEARCH_PARAMS = frozenset({"q", "keyword", "keywords", "key", "tukhoa", "tu_khoa", "search", "s", "query"})
OTHER_TITLE = re.compile(
    r"^\W*(?:giới thiệu|liên hệ|sơ đồ|cơ cấu tổ chức|chức năng,? nhiệm vụ|lịch sử|kết quả tìm kiếm|tìm kiếm|"
    r"thư viện ảnh|thư viện video|album|văn bản|danh bạ|đường dây nóng|hỏi đáp|lịch công tác|bản đồ|"
    r"trang chủ|tin tức|danh sách|góp ý|sitemap)\b",
    re.IGNORECASE,
)
CONTACT_LINE = re.compile(
    r"^\W*(?:địa chỉ|điện thoại|đt|tel|fax|email|e-mail|hotline|đường dây nóng|website|số điện thoại|"
    r"trực ban)\s*[:：]",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Signals:
    url: str
    title: str | None
    body: list[str]
    has_date: bool
    article_markup: bool
    url_kind: str | None
    text_chars: int
    link_chars: int
    table_chars: int
    caption_chars: int
    image_count: int
    teasers: int
    headlines: int = 0
    structured_body: bool = False
    # The URL matched a CMS profile's own article shape, not the generic guess.
    profile_article_url: bool = False


def url_says_other(url: str) -> bool:
    parts = urlsplit(url)
    for segment in parts.path.lower().split("/"):
        stem = segment.rsplit(".", 1)[0] if segment.endswith((".html", ".htm", ".aspx", ".php")) else segment
        if stem in OTHER_SEGMENTS:
            return True
    return any(k.lower() in SEARCH_PARAMS and v for k, v in parse_qsl(parts.query))


def title_says_other(title: str | None) -> bool:
    # Only short titles: "Lịch sử hào hùng của lực lượng …" is a news story, "Lịch sử hình thành" is not.
    return bool(title) and len(title or "") <= 50 and OTHER_TITLE.match(title or "") is not None


def classify(s: Signals) -> PageKind:
    # The profile's own article URL shape wins over words in the path ("/news/van-ban/…-12.html").
    if (s.url_kind != "article" and url_says_other(s.url)) or title_says_other(s.title):
        return "other"
    if s.url_kind == "listing":
        return "listing"
    if _is_article(s):
        return "article"
    if s.table_chars > 0.5 * max(s.text_chars, 1):
        return "other"
    if s.headlines >= TEASER_MIN:
        return "listing"
    return "other"


def _is_article(s: Signals) -> bool:
    if not s.title:
        return False
    paragraphs = [p for p in s.body if len(p) >= PARAGRAPH_MIN_CHARS]
    chars = sum(len(p) for p in s.body)
    enough = chars >= MIN_BODY_CHARS and len(paragraphs) >= MIN_PARAGRAPHS
    if s.profile_article_url and s.has_date:
        enough = enough or (chars >= BRIEF_MIN_CHARS and len(paragraphs) >= 1)
    if not enough and not (s.structured_body and chars >= MIN_BODY_CHARS):
        return False
    if s.text_chars and s.link_chars / s.text_chars > MAX_LINK_RATIO:
        return False
    if s.teasers >= 5 and s.link_chars >= 0.15 * max(s.text_chars, 1):
        return False
    if s.table_chars > 0.5 * max(s.text_chars, 1):
        return False
    if s.image_count >= 4 and s.caption_chars >= chars:
        return False
    contact = sum(1 for p in s.body if CONTACT_LINE.match(p))
    if contact >= 2 and contact * 4 >= len(s.body):
        return False
    return s.has_date or s.article_markup or s.url_kind == "article"
