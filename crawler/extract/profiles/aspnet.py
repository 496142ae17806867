"""ASP.NET WebForms portals: the Lạng Sơn police portal family and similar products.

Their markup is positional and the ids change with the layout, so the selectors
here are the common names (``ctl00_…_lblNgayDang``, ``ArticleContent``,
``PostDate``); when none matches, the shared heuristics find the body and the
date line right under the title. The "thủ tục" (procedure) module publishes
articles too: "Thủ tục: <title>", "Chi tiết thủ tục:", no date line, a
"Nguồn …" trailer, and a table of other procedures that is not body.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from lxml.html import HtmlElement

from crawler.extract import dom
from crawler.extract.profiles.base import Profile


class AspNet(Profile):
    name = "aspnet"

    TITLE = (
        # The procedure module: the cell reading "Thủ tục: <title>" (not its bold label alone).
        "//*[starts-with(normalize-space(.), 'Thủ tục:') and string-length(normalize-space(.)) > 20]"
        "[not(*[starts-with(normalize-space(.), 'Thủ tục:') and string-length(normalize-space(.)) > 20])]",
        "[id$=lblTitle]",
        "[id*=lblTieuDe]",
        "[id*=lblTenThuTuc]",
        ".ArticleTitle",
        ".news-detail-title",
        ".title-detail",
        ".detail-title",
        ".NewsTitle",
        ".thutuc-title",
    )
    DATE = (
        "[id$=lblNgayDang]",
        "[id*=lblNgayDang]",
        "[id*=lblDate]",
        "[id*=NgayDang]",
        ".PostDate",
        ".date-detail",
        ".detail-date",
        ".NewsDate",
    )
    BODY = (
        ".ArticleContent",
        "[id$=lblContent]",
        "[id*=lblNoiDung]",
        "[id*=NoiDung]",
        ".news-detail-content",
        ".detail-content",
        ".content-detail",
        ".NewsContent",
    )
    LEAD = (".ArticleLead", "[id$=lblSummary]", "[id*=lblTomTat]", ".news-detail-sapo", ".detail-sapo")
    AUTHOR = ("[id$=lblAuthor]", "[id*=lblTacGia]", ".ArticleAuthor", ".detail-author")
    SOURCE = ("[id$=lblSource]", "[id*=lblNguon]", ".ArticleSource")
    CATEGORY = (".breadcrumb a", ".breadcrumbs a", "[id*=SiteMapPath] a", "[id*=lblCategory]", ".cate-title")
    CHROME = ("marquee", "[id*=pnlOther]", "[id*=OtherNews]", "[id*=TinKhac]", "[id*=ThuTucKhac]")
    ARTICLE_MARK = ("[id$=lblNgayDang]", ".ArticleContent", "[id$=lblContent]")
    TITLE_PREFIX = re.compile(r"^\W*(?:\d+\s*)?thủ tục\s*[:：]\s*", re.IGNORECASE)
    DROP_LINE = re.compile(r"^\W*(?:\d+\s*)?chi tiết thủ tục\s*[:：]?\s*$", re.IGNORECASE)
    # /hoat-dong-cong-an-tinh/30/<slug>/7564.aspx; other products: Detail.aspx?id=123.
    ARTICLE_URL = re.compile(
        r"^/[\w%.-]+/\d+/[^/]+/\d+\.aspx$"
        r"|/[\w-]*(?:detail|chitiet|chi-tiet|newsdetail|ViewNews|NewsView)[\w-]*\.aspx\?(?:.*&)?"
        r"(?:id|newsid|articleid|itemid|ItemID|NewsID)=\d+",
        re.IGNORECASE,
    )
    # /tin-tuc/hoat-dong-cong-an-tinh/30.aspx and …/30/pg10.aspx
    LISTING_URL = re.compile(
        r"^(?:/tin-tuc)?/[\w%.-]+/\d+(?:/pg\d+)?\.aspx$"
        r"|/[\w-]*(?:list|danhsach|danh-sach|category|chuyenmuc)[\w-]*\.aspx",
        re.IGNORECASE,
    )
    NOT_ARTICLE_URL = re.compile(r"(?:search|timkiem|tim-kiem|print|login|rss)[\w-]*\.aspx", re.IGNORECASE)

    def detect_tree(self, url: str, root: HtmlElement, index: dom.Index) -> float:
        # Read from the index's attribute values: an XPath predicate over every element costs more.
        score = 0.0
        if index.has_value("id", "__VIEWSTATE") or (
            index.has("name", "__VIEWSTATE")
            and any(v == "__VIEWSTATE" and el.tag == "input" for el, v in index.owners("name"))
        ):
            score += 0.6
        if index.has_prefix("id", "ctl00_") or index.has_prefix("name", "ctl00$"):
            score += 0.2
        path = urlsplit(url).path.lower()
        if path.endswith(".aspx"):
            score += 0.25
        elif index.has("href", ".aspx") and any(
            ".aspx" in v and el.tag == "a" for el, v in index.owners("href")
        ):
            score += 0.1
        if (index.has("src", "WebResource.axd") or index.has("src", "ScriptResource.axd")) and any(
            ("WebResource.axd" in v or "ScriptResource.axd" in v) and el.tag == "script"
            for el, v in index.owners("src")
        ):
            score += 0.1
        return min(score, 0.9)

    def category_from_url(self, url: str) -> str | None:
        segments = [s for s in unquote(urlsplit(url).path).split("/") if s]
        if len(segments) == 4 and segments[-1].lower().endswith(".aspx"):
            return segments[0]
        return None
