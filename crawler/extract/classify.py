"""The signs that tell an article from a listing or another page (their order: ``crawler.extract.fields.kind``).

Conservative, because only articles are stored. An article needs a title, real paragraphs
(>= 300 characters over >= 2 paragraphs), a body not dominated by links, tables, captions or
contact lines, and some sign that it is a news item: a publish date, article markup, the
profile's article URL shape, a signature or source line ("Thanh Bình/PV", "Nguồn: Báo Công an
nhân dân"), or a URL that files the page under a news section by a headline slug
("/tin-tuc/Pages/cong-an-xa-…-vung-bien.aspx"). Introduction pages have long prose too; they
lack those signs or give themselves away by title/URL. A body whose data table of dated or
numbered rows (a schedule, a document register) holds a third of the text is a table page,
whatever prose surrounds it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from lxml.html import HtmlElement

from crawler.extract import chrome

MIN_BODY_CHARS = 300
MIN_PARAGRAPHS = 2
# A brief ("tin vắn") of two sentences is still news when the page is surely an article page:
# a CMS profile knows the URL shape and the page carries a publish date.
BRIEF_MIN_CHARS = 120
PARAGRAPH_MIN_CHARS = 40
MAX_LINK_RATIO = 0.3
TEASER_MIN = 6
# A schedule or document-register table holding this share of the text makes a table page.
SCHEDULE_TABLE_SHARE = 1 / 3
SCHEDULE_MIN_ROWS = 3

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
        "rss",
        "sitemap",
        "feedback",
        "gop-y",
        "hoi-dap",
        "faq",
        "lich-cong-tac",
        "lich-tiep-cong-dan",
        "lich-tiep-dan",
        "lich-truc",
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
    r"lịch tiếp (?:công )?dân|lịch trực|"
    r"trang chủ|tin tức|danh sách|góp ý|sitemap)\b",
    re.IGNORECASE,
)
CONTACT_LINE = re.compile(
    r"^\W*(?:địa chỉ|điện thoại|đt|tel|fax|email|e-mail|hotline|đường dây nóng|website|số điện thoại|"
    r"trực ban)\s*[:：]",
    re.IGNORECASE,
)
# Path segments naming a news section; a headline slug below one is a news item.
NEWS_SECTIONS = frozenset(
    {
        "tin-tuc",
        "tintuc",
        "tin-tuc-su-kien",
        "tin-hoat-dong",
        "tin",
        "news",
        "bai-viet",
        "baiviet",
        "thoi-su",
        "su-kien",
        "article",
        "articles",
        "post",
        "posts",
    }
)
HEADLINE_SLUG_WORDS = 5
# A row of a schedule or register: a date ("04/01/2024", "25/01", "04-01-2024") or a document
# number ("11/2020/TT-BCA"). Not "1.5" or "2-3": figures, not dates.
_ROW_MARK = re.compile(
    r"(?<![\d/.-])(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}([.-])\d{1,2}\1\d{4})(?![\d/.-])|\b\d+/\d{4}/[A-ZĐ]",
    re.IGNORECASE,
)
# Paths of author and topic pages, which list other pages under a name slug.
_NAME_SECTIONS = frozenset({"author", "authors", "tac-gia", "chu-de", "topic", "topics", "category", "chuyen-muc"})


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
    # Links shown as headlines anywhere on the page, counted when asked: only a page that is no article needs
    # the count (the kind's step 5), and counting reads every link of the page.
    headlines: Callable[[], int] = lambda: 0
    structured_body: bool = False
    # The URL matched a CMS profile's own article shape, not the generic guess.
    profile_article_url: bool = False
    # An author or source line was found for the page (a signature, "Nguồn: …", a byline).
    signed: bool = False
    # Text of data tables whose rows are dated or numbered entries (see `schedule_table_chars`).
    schedule_table_chars: int = 0


# A video section names its index, not the stories filed under it: a video news item with its text is an article.
_STORY_SECTIONS = frozenset({"video", "videos"})


def url_says_other(url: str) -> bool:
    parts = urlsplit(url)
    segments = parts.path.lower().split("/")
    for at, segment in enumerate(segments):
        stem = _stem(segment)
        if stem in _STORY_SECTIONS and at + 1 < len(segments) and _headline_slug(segments[-1]):
            continue
        if stem in OTHER_SEGMENTS:
            return True
    return any(k.lower() in SEARCH_PARAMS and v for k, v in parse_qsl(parts.query))


def _stem(segment: str) -> str:
    """A path segment without its page suffix: "tin-a-1.html" -> "tin-a-1"."""
    return segment.rsplit(".", 1)[0] if segment.endswith((".html", ".htm", ".aspx", ".php")) else segment


def _headline_slug(segment: str) -> bool:
    """A segment that names a story: at least HEADLINE_SLUG_WORDS words, none of the non-article names."""
    stem = _stem(segment)
    words = [w for w in re.split(r"[-_+]", stem) if w.isalpha()]
    return stem not in OTHER_SEGMENTS and len(words) >= HEADLINE_SLUG_WORDS


def url_in_news_section(url: str) -> bool:
    """``/tin-tuc/Pages/cong-an-xa-quang-phong-diem-tua.aspx``: a headline slug filed under a news
    section. Listing pages there are named by a page number or "default", not a headline."""
    segments = [s for s in urlsplit(url).path.lower().split("/") if s]
    if len(segments) < 2:
        return False
    if not _headline_slug(segments[-1]) or _NAME_SECTIONS.intersection(segments):
        return False
    return any(s in NEWS_SECTIONS for s in segments[:-1])


def schedule_table_chars(containers: Iterable[HtmlElement]) -> int:
    """Text of the data tables whose rows are entries of a schedule or register: at least three
    rows, and most of them, have two cells or more, a date or a document number and words in most cells
    ("Lịch tiếp công dân", "Văn bản"), not figures."""
    total = 0
    for container in containers:
        for table in container.iter("table"):
            if table.find(".//table") is not None:
                continue  # a layout table; its inner tables are read on their own
            rows = [r for r in table.iter("tr") if any(c.tag == "td" for c in r)]
            if len(rows) < SCHEDULE_MIN_ROWS:
                continue
            # A register has columns; a table of one-cell rows (title, date line, lead, text) is a layout.
            marked = sum(1 for r in rows if _columns(r) >= 2 and _dated(r) and _wordy(r))
            if marked >= SCHEDULE_MIN_ROWS and marked * 2 >= len(rows):
                total += len(" ".join(table.text_content().split()))
    return total


def _columns(row: HtmlElement) -> int:
    return sum(1 for c in row if c.tag in ("td", "th"))


def _dated(row: HtmlElement) -> bool:
    return any(_ROW_MARK.search(c.text_content()) for c in row if c.tag in ("td", "th"))


def _wordy(row: HtmlElement) -> bool:
    """Most cells hold words (who, what, where), as in a schedule or register; a table of
    figures by day ("30/4 | 12 | 3 | 150") is an article's statistics."""
    cells = [c for c in row if c.tag in ("td", "th")]
    words = sum(1 for c in cells if sum(ch.isalpha() for ch in c.text_content()) >= 3)
    return bool(cells) and words * 2 >= len(cells)


def title_says_other(title: str | None) -> bool:
    # Only short titles: "Lịch sử hào hùng của lực lượng …" is a news story, "Lịch sử hình thành" is not.
    return bool(title) and len(title or "") <= 50 and OTHER_TITLE.match(title or "") is not None


def is_article(s: Signals) -> bool:
    """Step 3 of the kind's chain (``crawler.extract.fields.kind``)."""
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
    if schedule_page(s):
        return False
    if s.image_count >= 4 and s.caption_chars >= chars:
        return False
    contact = sum(1 for p in s.body if CONTACT_LINE.match(p))
    if contact >= 2 and contact * 4 >= len(s.body):
        return False
    # The site's colophon read as the text (a listing whose only prose is its footer: licence, editor, address).
    colophon = sum(1 for p in s.body if CONTACT_LINE.match(p) or chrome.COLOPHON_LINE.match(p))
    if colophon >= 2 and colophon * 2 >= len(s.body):
        return False
    return (
        s.has_date
        or s.article_markup
        or s.url_kind == "article"
        or s.signed
        or url_in_news_section(s.url)
    )


def schedule_page(s: Signals) -> bool:
    """A schedule or register table holds a third of the text."""
    return s.schedule_table_chars >= SCHEDULE_TABLE_SHARE * max(s.text_chars, 1) and s.schedule_table_chars > 0
