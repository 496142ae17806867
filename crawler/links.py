"""Which links lead to articles, which to more listing pages, on any template.

Profiles know their family's URL patterns; these heuristics cover templates no
profile knows, from the URL's shape, the anchor text and ``rel``.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlsplit

LinkKind = Literal["article", "listing"]

PAGINATION_URL = re.compile(
    r"([?&](page|p|pg|trang|pageindex|pagenumber|paged|start|offset|\w*_cur)=\d+|/page[-/]?\d+/?$|/pg\d+\.aspx$"
    r"|/trang[-/]\d+/?$|[-_/]p\d+\.html?$)",
    re.IGNORECASE,
)
PAGINATION_TEXT = re.compile(r"^(\d{1,4}|»|›|>|>>|next|sau|tiếp|trang sau|tiếp theo|xem tiếp|cuối|last|»»)$", re.I)
ARTICLE_URL = re.compile(
    r"(/[^/]*[a-z0-9]-(?:[a-z0-9]+-){2,}[a-z0-9]*[^/]*$|[-/_]\d{3,}\.(?:html?|aspx|php)$|/\d{4,}/?$|[?&](id|newsid|articleid|itemid)=\d+)",
    re.IGNORECASE,
)
SECTION_WORDS = re.compile(
    r"(tag|tags|search|tim-kiem|timkiem|lien-he|contact|gioi-thieu|about|login|dang-nhap|rss|print|in-bai|"
    r"sitemap|van-ban|thu-vien|gallery|album|video|media|hoi-dap|faq|lich-cong-tac)",
    re.IGNORECASE,
)


def guess_link_kind(url: str, text: str = "", rel: str = "") -> LinkKind | None:
    path = urlsplit(url).path
    text = " ".join(text.split()).lower()
    if "next" in rel.lower().split() or (PAGINATION_URL.search(url) and (not text or PAGINATION_TEXT.match(text))):
        return "listing"
    if PAGINATION_TEXT.match(text) and PAGINATION_URL.search(url):
        return "listing"
    if SECTION_WORDS.search(path.rsplit("/", 1)[-1]) and not ARTICLE_URL.search(url):
        return None
    # Teaser links carry the headline; menu links are short.
    if ARTICLE_URL.search(url) and len(text) >= 20:
        return "article"
    return None
