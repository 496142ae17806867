"""The Lạng Sơn-shaped ASP.NET replica portal (``langson``).

Behaviour a crawler must expect: URL rewriting keys on the numeric id only, so any slug/category
segment serves the article (200, no redirect, no canonical link); routing is case-insensitive; a
listing page past the end is an empty listing (200); there is no RSS, no sitemap and no robots.txt
(all 404); dates are day-first and date-only ("05/06/2020", some "03-05-2024"); the "thủ tục" module
shows no date at all.
"""

# ruff: noqa: E501  (HTML templates keep real markup lines whole; wrapping them would change the pages)

from __future__ import annotations

import math
import re
import secrets

from replica.aspnet_layout import POLICY_PATH, SITE_NAME, SITE_TITLE, render
from replica.content_langson import CATEGORIES
from replica.model import Photo, Post
from replica.render import esc, ptext
from replica.state import Replica
from replica.urls import langson_article, langson_category
from replica.web import Request, Response, html, static_asset

PORTAL = "langson"
PER_PAGE = 5
START_PATHS = ["/tin-tuc/hoat-dong-cong-an-tinh/30.aspx", "/tin-tuc/hoat-dong-cong-an-toan-quoc/31.aspx"]
INTRO_PATH = "/gioi-thieu.aspx"
CONTACT_PATH = "/lien-he.aspx"
DOCUMENTS_PATH = "/van-ban-phap-luat.aspx"
NON_ARTICLE_PATHS = [INTRO_PATH, CONTACT_PATH, DOCUMENTS_PATH, POLICY_PATH]
_ASSETS = (
    "/app_themes/",
    "/scripts/",
    "/uploads/",
    "/webresource.axd",
    "/scriptresource.axd",
    "/favicon.ico",
)

_LIST_RE = re.compile(r"^/tin-tuc/[^/]+/(?P<cat>\d+)(?:/pg(?P<n>\d+))?\.aspx$")
_ARTICLE_RE = re.compile(r"^/[^/]+/\d+/[^/]+/(?P<id>\d+)\.aspx$")
_BY_CATID = {catid: alias for alias, (catid, _, _) in CATEGORIES.items()}

# Older ministry items listed in the procedures table without a page of their own in the replica.
_OLDER_PROCEDURES = (
    "Hội nghị giao ban công tác tháng 01 năm 2025 của Bộ Công an",
    "Bộ Công an phát động phong trào thi đua đặc biệt chào mừng kỷ niệm 80 năm Ngày truyền thống Công an nhân dân",
    "Tổng kết công tác bảo đảm an ninh, trật tự dịp Tết Nguyên đán Ất Tỵ 2025",
)


def _headers() -> list[tuple[str, str]]:
    return [
        ("Cache-Control", "private"),
        ("X-AspNet-Version", "4.0.30319"),
        ("X-Powered-By", "ASP.NET"),
        ("Set-Cookie", f"ASP.NET_SessionId={secrets.token_hex(12)}; path=/; HttpOnly; SameSite=Lax"),
    ]


def date_line(post: Post) -> str:
    fmt = "%d-%m-%Y" if "dash-date" in post.quirks else "%d/%m/%Y"
    return post.published.strftime(fmt)


def upload_path(photo: Photo) -> str:
    return f"/Uploads/images/news/{photo.file}"


class AspNetPortal:
    def __init__(self, state: Replica) -> None:
        self.state = state

    def handle(self, req: Request) -> Response:
        visit = self.state.visit(PORTAL)
        path = req.path.lower()  # IIS matches paths case-insensitively
        asset = static_asset(path, _ASSETS)
        if asset is not None:
            return asset
        if path in ("/", "/default.aspx"):
            return self._home(req, visit)
        pages = {
            INTRO_PATH: self._intro,
            CONTACT_PATH: self._contact,
            DOCUMENTS_PATH: self._documents,
            POLICY_PATH: self._policy,
        }
        if path in pages:
            title, main = pages[path]()
            return self._page(req, visit, title, main)
        if m := _LIST_RE.match(path):
            alias = _BY_CATID.get(int(m["cat"]))
            if alias is None:
                return self._not_found()
            return self._listing(req, visit, alias, int(m["n"] or 1))
        if m := _ARTICLE_RE.match(path):
            post = self.state.get(PORTAL, int(m["id"]))
            if post is None:
                return self._not_found()
            return self._article(req, visit, post)
        return self._not_found()

    # -- plumbing ------------------------------------------------------------------------------
    def _latest(self) -> list[tuple[Post, str]]:
        news = [p for p in self.state.posts(PORTAL) if p.kind == "news"][:6]
        return [(p, langson_article(p)) for p in news]

    def _page(
        self, req: Request, visit: int, title_html: str, main: str, description: str = SITE_TITLE
    ) -> Response:
        action = req.path.rsplit("/", 1)[-1] or "default.aspx"
        page = render(
            title_html=title_html,
            main=main,
            action=action,
            visit=visit,
            latest=self._latest(),
            description=description,
        )
        return html(page, 200, _headers())

    def _not_found(self) -> Response:
        # IIS's own error page, not the portal's chrome.
        body = (
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; '
            'charset=iso-8859-1"/><title>404 - File or directory not found.</title></head><body><div id="header">'
            '<h1>Server Error</h1></div><div id="content"><div class="content-container"><fieldset>'
            "<h2>404 - File or directory not found.</h2><h3>The resource you are looking for might have been removed, "
            "had its name changed, or is temporarily unavailable.</h3></fieldset></div></div></body></html>"
        )
        return html(body, 404, [("X-Powered-By", "ASP.NET")])

    # -- listings ------------------------------------------------------------------------------
    def _home(self, req: Request, visit: int) -> Response:
        items = "".join(
            self._list_item(p) for p in self.state.posts(PORTAL, "hoat-dong-cong-an-tinh")[:PER_PAGE]
        )
        main = (
            '<div class="box-home"><div class="title-home"><a href="/tin-tuc/hoat-dong-cong-an-tinh/30.aspx">'
            f'Hoạt động Công an tỉnh</a></div><div class="list-news">{items}</div></div>'
        )
        return self._page(req, visit, esc(SITE_TITLE), main)

    def _list_item(self, p: Post) -> str:
        url = langson_article(p)
        img = (
            f'<a class="img" href="{url}"><img src="{upload_path(p.photos[0])}" alt="" /></a>'
            if p.photos
            else ""
        )
        return (
            f'<div class="item-news clearfix">{img}<h2 class="title-news"><a href="{url}">{ptext(p, p.title)}</a></h2>'
            f'<span class="date-news">({date_line(p)})</span>'
            f'<div class="sapo-news">{ptext(p, p.lead or "")}</div></div>'
        )

    def _listing(self, req: Request, visit: int, alias: str, page: int) -> Response:
        _, name, module = CATEGORIES[alias]
        posts = self.state.posts(PORTAL, alias)
        total = max(1, math.ceil(len(posts) / PER_PAGE))
        chunk = posts[(page - 1) * PER_PAGE : page * PER_PAGE]
        if not chunk:
            listing = '<div class="no-data">Chưa có tin bài trong chuyên mục này.</div>'
        elif module == "procedure":
            rows = "".join(
                f'<tr><td class="stt">{(page - 1) * PER_PAGE + i}</td><td><a href="{langson_article(p)}">'
                f"{ptext(p, p.title)}</a></td><td>{esc(name)}</td></tr>"
                for i, p in enumerate(chunk, start=1)
            )
            listing = f'<table class="tbl-list"><tr><th>STT</th><th>Tên thủ tục</th><th>Lĩnh vực</th></tr>{rows}</table>'
        else:
            listing = f'<div class="list-news">{"".join(self._list_item(p) for p in chunk)}</div>'
        links = []
        if page > 1:
            links.append(f'<a href="{langson_category(alias, page - 1)}">&laquo;</a>')
        for i in range(1, total + 1):
            links.append(
                f'<a class="current">{i}</a>'
                if i == page
                else f'<a href="{langson_category(alias, i)}">{i}</a>'
            )
        if page < total:
            links.append(f'<a href="{langson_category(alias, page + 1)}">&raquo;</a>')
        main = (
            f'<div class="breadcrumb"><a href="/">Trang chủ</a> &raquo; <a href="{langson_category(alias)}">{esc(name)}</a></div>'
            f'<h1 class="cat-title"><span id="ctl00_ContentPlaceHolder1_ctl00_lblTenChuyenMuc">{esc(name)}</span></h1>'
            f'{listing}<div class="paging" id="ctl00_ContentPlaceHolder1_ctl00_divPaging"><span>Trang: </span>{" ".join(links)}</div>'
        )
        return self._page(req, visit, esc(name), main)

    # -- article -------------------------------------------------------------------------------
    def _article(self, req: Request, visit: int, post: Post) -> Response:
        _, name, _ = CATEGORIES[post.section]
        crumbs = (
            f'<div class="breadcrumb"><a href="/">Trang chủ</a> &raquo; '
            f'<a href="{langson_category(post.section)}">{esc(name)}</a></div>'
        )
        content = self._procedure_html(post) if post.kind == "procedure" else self._news_html(post)
        main = crumbs + content
        return self._page(req, visit, ptext(post, post.title), main, description=post.lead or post.title)

    def _news_html(self, post: Post) -> str:
        others = [p for p in self.state.posts(PORTAL, post.section) if p.id != post.id][:6]
        other_items = "".join(
            f'<li><a href="{langson_article(p)}">{ptext(p, p.title)}</a> <span class="date">({date_line(p)})</span></li>'
            for p in others
        )
        trailer = ""
        if post.author:
            trailer += f'<p style="text-align: right;"><strong>{ptext(post, post.author)}</strong></p>'
        if post.source:
            trailer += f'<p style="text-align: right;"><em>Nguồn: {ptext(post, post.source)}</em></p>'
        return f"""<div class="news-detail">
<h1 class="title-detail"><span id="ctl00_ContentPlaceHolder1_ctl00_lblTitle">{ptext(post, post.title)}</span></h1>
<div class="date-detail"><span id="ctl00_ContentPlaceHolder1_ctl00_lblNgayDang" class="PostDate">{date_line(post)}</span></div>
<div class="sapo-detail"><span id="ctl00_ContentPlaceHolder1_ctl00_lblTomTat"><strong>{ptext(post, post.lead or "")}</strong></span></div>
<div id="ctl00_ContentPlaceHolder1_ctl00_divNoiDung" class="ArticleContent">
{_body_html(post)}
{trailer}
<p>&nbsp;</p>
</div>
<div class="tool-detail"><a href="javascript:window.print()">In bài viết</a> | <a href="javascript:history.back()">Quay lại</a></div>
<div class="other-news"><div class="title-other">Các tin khác</div><ul>{other_items}</ul></div>
</div>"""

    def _procedure_html(self, post: Post) -> str:
        _, field, _ = CATEGORIES[post.section]
        rows = [(ptext(p, p.title), langson_article(p)) for p in self.state.posts(PORTAL, post.section)]
        rows += [(esc(t), "") for t in _OLDER_PROCEDURES]
        table = "".join(
            f'<tr><td class="stt">{i}</td><td>{_link_or_text(title, url)}</td><td>{esc(field)}</td></tr>'
            for i, (title, url) in enumerate(rows, start=1)
        )
        source = (
            f'<p style="text-align: right;"><strong>Nguồn {ptext(post, post.source)}</strong></p>'
            if post.source
            else ""
        )
        return f"""<div class="thutuc-detail">
<h1 class="title-thutuc"><span class="stt">1</span> <span class="lbl">Thủ tục: </span><span id="ctl00_ContentPlaceHolder1_ctl00_lblTenThuTuc">{ptext(post, post.title)}</span></h1>
<table class="tbl-thutuc"><tr><td class="lbl">Lĩnh vực:</td><td>{esc(field)}</td></tr>
<tr><td class="lbl">Cơ quan thực hiện:</td><td>Bộ Công an</td></tr></table>
<div class="lbl-chitiet"><span class="stt">3</span>Chi tiết thủ tục:</div>
<div id="ctl00_ContentPlaceHolder1_ctl00_divChiTiet" class="ArticleContent">
{_body_html(post)}
{source}
</div>
<div class="thutuc-khac"><div class="title-other">Các thủ tục khác trong cùng lĩnh vực</div>
<table class="tbl-list"><tr><th>STT</th><th>Tên thủ tục</th><th>Lĩnh vực</th></tr>{table}</table></div>
</div>"""

    # -- non-article pages ---------------------------------------------------------------------
    def _intro(self) -> tuple[str, str]:
        paragraphs = (
            "Công an tỉnh Lạng Sơn là cơ quan chuyên môn thuộc Bộ Công an, chịu sự lãnh đạo, chỉ đạo trực tiếp,"
            " tập trung, thống nhất của Đảng ủy Công an Trung ương, Bộ trưởng Bộ Công an và sự lãnh đạo của"
            " Tỉnh ủy, sự quản lý của Ủy ban nhân dân tỉnh Lạng Sơn.",
            "Là tỉnh biên giới có nhiều cửa khẩu quốc tế và cửa khẩu chính, lực lượng Công an tỉnh luôn xác"
            " định nhiệm vụ bảo vệ an ninh biên giới, bảo đảm trật tự, an toàn xã hội khu vực cửa khẩu là"
            " nhiệm vụ trọng tâm, thường xuyên.",
        )
        body = "".join(f'<p style="text-align: justify;">{esc(p)}</p>' for p in paragraphs)
        return (
            "Giới thiệu",
            f'<div class="page-detail"><h1 class="title-detail">Giới thiệu chung</h1>{body}</div>',
        )

    def _contact(self) -> tuple[str, str]:
        main = """<div class="page-detail"><h1 class="title-detail">Liên hệ</h1>
<p><strong>CÔNG AN TỈNH LẠNG SƠN</strong></p>
<p>Địa chỉ: Số 15 - đường Hoàng Văn Thụ - phường Chi Lăng - thành phố Lạng Sơn - tỉnh Lạng Sơn</p>
<p>Điện thoại trực ban: 069.2xxx.xxx</p>
<table class="tbl-contact"><tr><td>Họ tên:</td><td><input name="ctl00$ContentPlaceHolder1$ctl00$txtHoTen" type="text" /></td></tr>
<tr><td>Email:</td><td><input name="ctl00$ContentPlaceHolder1$ctl00$txtEmail" type="text" /></td></tr>
<tr><td>Nội dung:</td><td><textarea name="ctl00$ContentPlaceHolder1$ctl00$txtNoiDung" rows="6" cols="40"></textarea></td></tr>
<tr><td></td><td><input type="submit" name="ctl00$ContentPlaceHolder1$ctl00$btnGui" value="Gửi liên hệ" /></td></tr></table></div>"""
        return "Liên hệ", main

    def _documents(self) -> tuple[str, str]:
        docs = (
            ("215/KH-CAT", "14/05/2025", "Kế hoạch bảo đảm an ninh, trật tự khu vực cửa khẩu năm 2025"),
            ("98/TB-CAT-PC08", "25/04/2025", "Thông báo phân luồng giao thông dịp nghỉ lễ 30/4 - 1/5"),
            ("37/HD-CAT-PC06", "10/03/2025", "Hướng dẫn thủ tục đăng ký thường trú qua Cổng dịch vụ công"),
            ("12/QĐ-CAT", "15/01/2025", "Quyết định ban hành quy chế tiếp công dân"),
        )
        rows = "".join(
            f"<tr><td>{i}</td><td>{esc(code)}</td><td>{issued}</td><td>{esc(summary)}</td>"
            f'<td><a href="/Uploads/files/vanban-{i}.pdf">Tải về</a></td></tr>'
            for i, (code, issued, summary) in enumerate(docs, start=1)
        )
        main = (
            '<div class="page-detail"><h1 class="title-detail">Văn bản pháp luật</h1><table class="tbl-list">'
            "<tr><th>STT</th><th>Số/Ký hiệu</th><th>Ngày ban hành</th><th>Trích yếu</th><th>Tải về</th></tr>"
            f"{rows}</table></div>"
        )
        return "Văn bản pháp luật", main

    def _policy(self) -> tuple[str, str]:
        main = f"""<div class="page-detail"><h1 class="title-detail">Chính sách bảo vệ dữ liệu cá nhân</h1>
<p style="text-align: justify;">{esc(SITE_NAME)} cam kết bảo vệ dữ liệu cá nhân của người truy cập theo quy định của Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ về bảo vệ dữ liệu cá nhân.</p>
<p style="text-align: justify;">Thông tin do người dân cung cấp qua chức năng liên hệ chỉ được sử dụng để tiếp nhận, giải quyết phản ánh, kiến nghị và không cung cấp cho bên thứ ba khi chưa có sự đồng ý.</p></div>"""
        return "Chính sách bảo vệ dữ liệu cá nhân", main


def _link_or_text(title_html: str, url: str) -> str:
    return f'<a href="{url}">{title_html}</a>' if url else title_html


def _body_html(post: Post) -> str:
    out: list[str] = []
    photo_count = 0
    text_index = 0
    for block in post.blocks:
        if isinstance(block, Photo):
            photo_count += 1
            out.append(
                f'<p style="text-align: center;"><img alt="" src="{upload_path(block)}" style="width: 600px; height: 400px;" /></p>'
            )
            caption = ptext(post, block.caption)
            if photo_count % 2:
                out.append(f'<p style="text-align: center;"><em>{caption}</em></p>')
            else:
                out.append(
                    f'<p style="text-align: center;"><span style="font-size:13px;"><i>{caption}</i></span></p>'
                )
            out.append("<p>&nbsp;</p>")
            continue
        text = ptext(post, block)
        if text_index == 1:
            text += "&nbsp;"  # trailing NBSP, as pasted from Word
        out.append(f'<p style="text-align: justify;">{text}</p>')
        text_index += 1
    return "\n".join(out)
