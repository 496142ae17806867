"""NukeViet 4 news module (egov and default themes), the CMS of many provincial portals."""

from __future__ import annotations

import re
from typing import ClassVar
from urllib.parse import unquote, urlsplit

from lxml.html import HtmlElement

from crawler.extract import dom
from crawler.extract.profiles.base import Profile

# Optional "/index.php" and language prefix before the module name.
_PREFIX = r"^(?:/index\.php)?(?:/(?:vi|en))?"
# Modules whose detail URLs also end in "-<id>.html" but are not news.
_OTHER_MODULES = (
    r"photos|album|albums|laws|van-ban|vanban|download|downloads|videos|video|videoclips|faq|contact|page|about|"
    r"users|seek|feeds|statistics|voting|banners|comment|siteterms|weblinks|lien-ket|thu-vien-anh|"
    r"hoi-dap|gop-y|lich-cong-tac|danh-ba"
)


def _inline_scripts(root: HtmlElement) -> list[str]:
    """The text of every inline script (``//script[not(@src)]/text()``: a script's text is one node, never with
    elements in it), by lxml's tag iterator: half the XPath's time on the gold pages."""
    return [text for script in root.iter("script") if script.get("src") is None and (text := script.text)]


def _asset_has(index: dom.Index, part: str) -> bool:
    """Whether a <link href>, <script src> or <img src> contains `part`."""
    if index.has("href", part) and any(part in v and el.tag == "link" for el, v in index.owners("href")):
        return True
    return index.has("src", part) and any(
        part in v and el.tag in ("script", "img") for el, v in index.owners("src")
    )


class NukeViet(Profile):
    name = "nukeviet"

    TITLE = (
        ".newsdetail h1[itemprop=headline]",
        "[itemtype*=NewsArticle] h1[itemprop=headline]",
        "[itemtype*=NewsArticle] h1",
        ".news_column h1.title",
        "h1[itemprop=headline]",
    )
    # The hidden schema.org value first: it is ISO with a correct offset, unlike the
    # article:published_time meta (`2017-09-13+0709:36:00`). Then the visible
    # "Thứ tư - 13/09/2017 09:36" line.
    DATE = (
        "[itemtype*=NewsArticle] [itemprop=datePublished]",
        "span[itemprop=datePublished]",
        ".newsdetail span.h5",
        "[itemtype*=NewsArticle] span.h5",
        ".news_column .panel-body > .row span.h5",
    )
    BODY = ("#news-bodyhtml", "[itemtype*=NewsArticle] .bodytext", ".newsdetail .bodytext")
    LEAD = (
        ".newsdetail .hometext",
        "[itemtype*=NewsArticle] .hometext",
        ".news_column .hometext",
    )
    # "Tác giả:" and "Nguồn tin:" share the same markup; the label says which is which.
    AUTHOR = (
        "[itemtype*=NewsArticle] p.h5.text-right",
        ".newsdetail p.h5.text-right",
        ".news_column p.h5.text-right",
    )
    # The "home image" shown beside the lead, with its note as caption.
    IMAGES = ("[itemtype*=NewsArticle] figure.article", ".newsdetail figure.article")
    CATEGORY = (
        ".temp-breadcrumbs [itemprop=name]",
        ".breadcrumbs [itemprop=name]",
        ".breadcrumbs li a",
    )
    CHROME = (
        "#imgpreview",
        ".socialbutton",
        "#newsSendMailModal",
        ".news_column .list-inline",
        ".other-news",
        ".detail-related",
    )
    ARTICLE_MARK = (".newsdetail", "[itemtype*=NewsArticle]", "#news-bodyhtml")
    ARTICLE_URL = re.compile(
        _PREFIX + r"(?:/[\w%.-]+)?/[\w%.-]+/[\w%.-]+-\d+\.html?$"
        r"|[?&]op=[\w%.-]+(?:/|%2F)[\w%.-]+-\d+(?:&|$)",
        re.IGNORECASE,
    )
    LISTING_URL = re.compile(
        _PREFIX + r"/news(?:/[\w%.-]+)?(?:/page-\d+)?/?$"
        r"|" + _PREFIX + r"(?:/[\w%.-]+)?/page-\d+/?$"
        r"|[?&]nv=news(?:&op=[\w%.-]+(?:/page-\d+)?)?(?:&|$)",
        re.IGNORECASE,
    )
    NOT_ARTICLE_URL = re.compile(
        r"(?:^|/)(?:tag|tags|print|rss|search|seek|savefile|sendmail|rating|topic|groups|author|"
        + _OTHER_MODULES
        + r")(?:/|$|\?)|[?&]op=(?:tag|print|rss|search|savefile|sendmail)\b",
        re.IGNORECASE,
    )
    feed_paths: ClassVar[tuple[str, ...]] = ("/news/rss/", "/sitemap.xml")

    _GENERATOR = re.compile(r"nukeviet", re.IGNORECASE)
    _NV_JS = re.compile(r"\bnv_(?:base_siteurl|lang_data|assets_dir|cookie_prefix|is_user|open_browse|\w+)\b")

    def detect_tree(self, url: str, root: HtmlElement, index: dom.Index) -> float:
        # Read from the index's attribute values: an XPath predicate over every element costs more.
        score = 0.0
        if index.has("name", "generator"):
            generator = " ".join(
                content
                for el, v in index.owners("name")
                if v == "generator" and el.tag == "meta" and (content := el.get("content")) is not None
            )
            if self._GENERATOR.search(generator):
                score += 0.9
        if _asset_has(index, "/themes/"):
            score += 0.25
        if _asset_has(index, "/assets/js/") or _asset_has(index, "/assets/editors/"):
            score += 0.1
        scripts = " ".join(t[:2000] for t in _inline_scripts(root)[:20])
        if "nv_" in scripts and self._NV_JS.search(scripts):  # a substring test first: scripts are long
            score += 0.3
        if index.has_value("id", "news-bodyhtml") or index.has("class", "newsdetail"):
            score += 0.3
        if "/news/" in url and self.link_kind(url) == "article":
            score += 0.1
        return min(score, 1.0)

    def category_from_url(self, url: str) -> str | None:
        if self.link_kind(url) is None:
            return None
        segments = [s for s in unquote(urlsplit(url).path).split("/") if s]
        if segments and segments[0] == "index.php":
            segments = segments[1:]
        if segments and segments[0] in ("vi", "en"):
            segments = segments[1:]
        if segments and segments[0] == "news":
            segments = segments[1:]
        if len(segments) >= 2 and not segments[0].startswith("page-"):
            return segments[0]
        return None
