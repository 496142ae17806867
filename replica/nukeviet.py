"""The NukeViet 4 (egov theme) replica portal: routing, listings, article detail and print view.

Real behaviours reproduced on purpose: a wrong category/alias part of an article URL 301-redirects to
the canonical one (the numeric id is the key); a page number past the last returns the last page
again; the pagination markup leaves the active item unclosed (``</a><li>``) and marks every later
page ``rel="next"``; ``article:published_time`` is not ISO 8601; HTML pages send Last-Modified =
now minus one day and no ETag.
"""

# ruff: noqa: E501  (HTML templates keep real markup lines whole; wrapping them would change the pages)

from __future__ import annotations

import math
import re
from datetime import datetime

from replica import nukeviet_feeds as feeds
from replica import nukeviet_pages as pages
from replica.content_nukeviet import CATEGORIES
from replica.model import Photo, Post
from replica.nukeviet_layout import SITE_NAME, SITE_TITLE, Page, render
from replica.render import CKE_BOOKMARK, esc
from replica.state import Replica
from replica.textforms import slugify, weekday_vi
from replica.urls import nukeviet_article, nukeviet_category
from replica.web import Request, Response, html, redirect, static_asset, yesterday_header

PORTAL = "nukeviet"
PER_PAGE = 5  # NukeViet's default is 20; 5 makes ~14 articles span several pages.
START_PATHS = ["/news/tin-hoat-dong/", "/news/an-ninh-trat-tu/"]
NON_ARTICLE_PATHS = [
    pages.ABOUT_PATH,
    pages.CONTACT_PATH,
    pages.LAWS_PATH,
    pages.PHOTOS_PATH,
    pages.SEARCH_PATH + "?q=an+ninh",
]
_ASSETS = ("/themes/", "/assets/", "/uploads/", "/favicon.ico")

_PAGE_RE = re.compile(r"^/news/(?:(?P<cat>[a-z0-9-]+)/)?page-(?P<n>\d+)/?$")
_ARTICLE_RE = re.compile(r"^/news/(?P<cat>[a-z0-9-]+)/(?P<alias>[a-z0-9-]*?)-?(?P<id>\d+)\.html$")
_PRINT_RE = re.compile(r"^/news/print/(?P<cat>[a-z0-9-]+)/(?P<alias>[a-z0-9-]*?)-?(?P<id>\d+)$")
_CAT_RE = re.compile(r"^/news/(?P<cat>[a-z0-9-]+)/?$")
_RSS_RE = re.compile(r"^/news/rss/(?:(?P<cat>[a-z0-9-]+)/?)?$")
_TAG_RE = re.compile(r"^/news/tag/(?P<kw>[a-z0-9-]+)/?$")


def _headers() -> list[tuple[str, str]]:
    return [
        yesterday_header(),
        ("Cache-Control", "no-store, no-cache, must-revalidate"),
        ("Expires", "Thu, 19 Nov 1981 08:52:00 GMT"),
        ("Pragma", "no-cache"),
        ("X-Powered-By", "PHP/7.4.33"),
    ]


def upload_path(post: Post, photo: Photo) -> str:
    return f"/uploads/news/{post.published:%Y_%m}/{photo.file}"


def visible_time(moment: datetime) -> str:
    return f"{weekday_vi(moment.date())} - {moment:%d/%m/%Y %H:%M}"


def buggy_published_time(moment: datetime) -> str:
    # PHP date('Y-m-dTH:i:s') where T is the zone abbreviation ("+07"), not the ISO separator.
    return f"{moment:%Y-%m-%d}+07{moment:%H:%M:%S}"


class NukeVietPortal:
    def __init__(self, state: Replica) -> None:
        self.state = state

    # -- dispatch ------------------------------------------------------------------------------
    def handle(self, req: Request) -> Response:
        visit = self.state.visit(PORTAL)
        path = req.path
        asset = static_asset(path, _ASSETS)
        if asset is not None:
            return asset
        if path == "/robots.txt":
            return feeds.robots(req)
        if path == "/sitemap.xml":
            return feeds.sitemap_index(req, self.state, ["/sitemap-vi.xml"])
        if path == "/sitemap-vi.xml":
            return feeds.sitemap_index(req, self.state, ["/sitemap-vi.news.xml", "/sitemap-vi.about.xml"])
        if path == "/sitemap-vi.news.xml":
            return feeds.sitemap_news(req, self.state)
        if path == "/sitemap-vi.about.xml":
            return feeds.sitemap_about(req, self.state)
        if m := _RSS_RE.match(path):
            cat = m["cat"]
            if cat is not None and cat not in CATEGORIES:
                return self._not_found(req, visit)
            return feeds.rss(req, self.state, cat)
        static = {
            pages.ABOUT_PATH: pages.about_page,
            pages.CONTACT_PATH: pages.contact_page,
            pages.LAWS_PATH: pages.laws_page,
            pages.PHOTOS_PATH: pages.photos_page,
        }
        if path in static:
            return self._page(req, visit, static[path]())
        if path in ("/", "/news/"):
            return self._listing(req, visit, None, 1, canonical=path)
        if path == pages.SEARCH_PATH:
            return self._search(req, visit)
        if m := _PAGE_RE.match(path):
            return self._paged(req, visit, m["cat"], int(m["n"]))
        if m := _TAG_RE.match(path):
            return self._tag(req, visit, m["kw"])
        if m := _PRINT_RE.match(path):
            return self._print(req, int(m["id"]), visit)
        if m := _ARTICLE_RE.match(path):
            return self._article(req, visit, int(m["id"]))
        if m := _CAT_RE.match(path):
            if m["cat"] not in CATEGORIES:
                return self._not_found(req, visit)
            if not path.endswith("/"):
                return redirect(req.url(path + "/"))
            return self._listing(req, visit, m["cat"], 1, canonical=path)
        return self._not_found(req, visit)

    # -- helpers -------------------------------------------------------------------------------
    def _page(self, req: Request, visit: int, page: Page, status: int = 200) -> Response:
        latest = [(p, nukeviet_article(p)) for p in self.state.posts(PORTAL)[:5]]
        return html(render(page, base=req.base, visit=visit, latest=latest), status, _headers())

    def _not_found(self, req: Request, visit: int) -> Response:
        main = (
            '<div class="alert alert-danger text-center"><h1 class="h2">Lỗi 404</h1>'
            "<p>Trang bạn yêu cầu không tồn tại hoặc đã bị xóa.</p>"
            '<p><a href="/">Quay lại trang chủ</a></p></div>'
        )
        return self._page(req, visit, Page("Lỗi 404", main, req.path, module="page404"), 404)

    # -- listings ------------------------------------------------------------------------------
    def _paged(self, req: Request, visit: int, cat: str | None, n: int) -> Response:
        if cat is not None and cat not in CATEGORIES:
            return self._not_found(req, visit)
        if n <= 1:
            return redirect(req.url(nukeviet_category(cat) if cat else "/news/"))
        return self._listing(req, visit, cat, n, canonical=req.path)

    def _listing(self, req: Request, visit: int, cat: str | None, page: int, *, canonical: str) -> Response:
        posts = self.state.posts(PORTAL, cat)
        total = max(1, math.ceil(len(posts) / PER_PAGE))
        shown = min(page, total)  # past the end: the last page again, as the real portal does
        chunk = posts[(shown - 1) * PER_PAGE : shown * PER_PAGE]
        name = CATEGORIES[cat] if cat else "Tin Tức"
        base_path = f"/news/{cat}" if cat else "/news"
        items = "".join(self._list_item(p) for p in chunk)
        pager = _pagination(base_path, name, shown, total)
        head = []
        if shown < total:
            head.append(f'<link rel="next" href="{req.url(f"{base_path}/page-{shown + 1}/")}">')
        if shown > 1:
            prev = f"{base_path}/" if shown == 2 else f"{base_path}/page-{shown - 1}/"
            head.append(f'<link rel="prev" href="{req.url(prev)}">')
        main = (
            f'<h1 class="hidden d-none">{esc(name)}</h1>'
            f'<div class="viewcat-page-new">{items}</div>'
            f'<div class="text-center">{pager}</div>'
        )
        crumbs = [("Tin Tức", "/news/")] + ([(name, f"/news/{cat}/")] if cat else [])
        title = name if shown == 1 else f"{name} - Trang {shown}"
        page_obj = Page(title, main, canonical, crumbs=crumbs, head=head, func="viewcat" if cat else "main")
        if canonical == "/":
            page_obj.title = SITE_TITLE
        return self._page(req, visit, page_obj)

    def _list_item(self, p: Post) -> str:
        url = nukeviet_article(p)
        thumb = (
            f'<a href="{url}" title="{esc(p.title)}"><img alt="{esc(p.title)}" src="{upload_path(p, p.photos[0])}"'
            ' width="150" class="img-thumbnail pull-left imghome"/></a>'
            if p.photos
            else ""
        )
        return (
            '<div class="news_column"><div class="panel panel-default clearfix"><div class="panel-body">'
            f'{thumb}<h3><a href="{url}" title="{esc(p.title)}">{esc(p.title)}</a></h3>'
            '<div class="text-muted"><ul class="list-unstyled list-inline">'
            f'<li><em class="fa fa-clock-o">&nbsp;</em> {p.published:%d/%m/%Y %H:%M:%S}</li>'
            f'<li><em class="fa fa-eye">&nbsp;</em> Đã xem: {self.state.hits(PORTAL, p.id)}</li></ul></div>'
            f"{esc(p.lead or '')}</div></div></div>"
        )

    def _tag(self, req: Request, visit: int, kw: str) -> Response:
        posts = [p for p in self.state.posts(PORTAL) if kw in {slugify(t) for t in p.tags}]
        if not posts:
            return self._not_found(req, visit)
        label = next(t for t in posts[0].tags if slugify(t) == kw)
        items = "".join(self._list_item(p) for p in posts)
        main = f'<h1 class="h3">Tags: <strong>{esc(label)}</strong></h1><div class="viewcat-page-new">{items}</div>'
        return self._page(req, visit, Page(label, main, req.path, crumbs=[("Tin Tức", "/news/")], func="tag"))

    def _search(self, req: Request, visit: int) -> Response:
        query = req.query.get("q", "").strip()
        words = [w for w in slugify(query).split("-") if w]
        found = []
        for p in self.state.posts(PORTAL):
            hay = slugify(f"{p.title} {p.lead or ''}")
            if words and all(w in hay.split("-") for w in words):
                found.append((p.title, nukeviet_article(p), p.lead or "", f"{p.published:%d/%m/%Y}"))
        return self._page(req, visit, pages.search_page(query, found))

    # -- article -------------------------------------------------------------------------------
    def _article(self, req: Request, visit: int, post_id: int) -> Response:
        post = self.state.get(PORTAL, post_id)
        if post is None:
            return self._not_found(req, visit)
        canonical = nukeviet_article(post)
        if req.path != canonical:
            return redirect(req.url(canonical))
        hits = self.state.hit(PORTAL, post.id)
        return self._page(req, visit, self._detail_page(req, post, hits))

    def _detail_page(self, req: Request, post: Post, hits: int) -> Page:
        cat_name = CATEGORIES[post.section]
        url = req.url(nukeviet_article(post))
        image = req.url(upload_path(post, post.photos[0])) if post.photos else ""
        same_cat = self.state.posts(PORTAL, post.section)
        newer = [p for p in same_cat if (p.published, p.id) > (post.published, post.id)][-5:]
        older = [p for p in same_cat if (p.published, p.id) < (post.published, post.id)][:5]
        main = _detail_article(req, post, url, image) + _detail_boxes(post, url, hits, newer, older)
        return Page(
            post.title,
            main,
            nukeviet_article(post),
            description=post.lead or post.title,
            crumbs=[("Tin Tức", "/news/"), (cat_name, f"/news/{post.section}/")],
            head=[
                f'<meta property="article:published_time" content="{buggy_published_time(post.published)}">',
                f'<meta property="article:modified_time" content="{buggy_published_time(post.modified)}">',
                f'<meta property="article:section" content="{esc(cat_name)}">',
                f'<meta name="keywords" content="{esc(", ".join(post.tags))}">',
            ],
            og_type="article",
            og_image=image or None,
            func="detail",
        )

    def _print(self, req: Request, post_id: int, visit: int) -> Response:
        post = self.state.get(PORTAL, post_id)
        if post is None:
            return self._not_found(req, visit)
        url = req.url(nukeviet_article(post))
        page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{esc(post.title)}</title>
<meta name="robots" content="noindex, nofollow"><meta name="generator" content="NukeViet v4.5">
<link rel="canonical" href="{esc(url)}"><link rel="StyleSheet" href="/themes/egov/css/news.print.css">
</head><body><div id="print">
<div id="hd_print"><h2 class="pull-left">{esc(SITE_NAME)}</h2><p class="pull-right"><a title="{esc(SITE_TITLE)}" href="/">{esc(req.base)}</a></p></div>
<div class="clear"></div><hr/>
<div id="content"><h1>{esc(post.title)}</h1>
<ul class="list-inline"><li>{visible_time(post.published)}</li>
<li class="hidden-print txtrequired"><a title="In ra" href="javascript:;" onclick="window.print()">In ra</a></li>
<li class="hidden-print txtrequired"><a title="Đóng cửa sổ này" href="javascript:;" onclick="window.close()">Đóng cửa sổ này</a></li></ul>
<div class="hometext">{esc(post.lead or "")}</div>
<div class="bodytext">{body_html(post)}</div>
{_byline(post)}
</div>
<div id="footer" class="clearfix"><div id="url"><strong>URL của bản tin này: </strong><a href="{esc(url)}" title="{esc(post.title)}">{esc(url)}</a></div>
<div class="clear"></div><div class="copyright">&copy; {esc(SITE_NAME)}</div></div>
</div></body></html>
"""
        return html(page, 200, _headers())


def body_html(post: Post) -> str:
    out: list[str] = []
    text_index = 0
    photo_index = 1  # the listing thumbnail is "Ảnh minh hoạ 1" in NukeViet's auto-generated alts
    spacers = "spacers" in post.quirks
    for block in post.blocks:
        if isinstance(block, Photo):
            photo_index += 1
            alt = f"{post.title} - Ảnh minh hoạ {photo_index}"
            out.append(_photo_html(post, block, alt))
            if spacers:
                out.append("<p>&nbsp;</p>")
            continue
        out.append(f'<p style="text-align:justify;">{_paragraph_html(post, block, text_index)}</p>')
        if spacers and text_index % 3 == 2:
            out.append("<p>&nbsp;</p>")
        text_index += 1
    if spacers:
        out.append("<p>&nbsp;</p>")
    return "\n".join(out)


def _paragraph_html(post: Post, text: str, index: int) -> str:
    out = esc(text)
    if index == 0:
        # CKEditor turns a typed double space into "&nbsp; ": common in real bodies.
        out = out.replace(" ", "&nbsp; ", 1)
    if "zwsp" in post.quirks:
        if index == 0:
            out = "\u200b" + out
        elif index == 2:
            out = out.replace(" ", " \u200b", 1)
    if "bookmark" in post.quirks and index == 1:
        out += CKE_BOOKMARK
    return out


def _photo_html(post: Post, photo: Photo, alt: str) -> str:
    src = upload_path(post, photo)
    if "table-captions" in post.quirks:
        return (
            '<table align="center" border="0" cellpadding="3" cellspacing="0" class="image" style="width:100%">'
            f'<tbody><tr><td><img alt="{esc(alt)}" src="{src}" style="width:100%"/></td></tr>'
            f'<tr><td class="image_desc" style="text-align:center"><em>{esc(photo.caption)}</em></td></tr>'
            "</tbody></table>"
        )
    return (
        f'<figure class="image"><img alt="{esc(alt)}" height="533" src="{src}" width="800"/>'
        f"<figcaption>{esc(photo.caption)}</figcaption></figure>"
    )


def _byline(post: Post) -> str:
    rows = []
    if post.author:
        rows.append(f'<p class="h5 text-right"><strong>Tác giả: </strong>{esc(post.author)}</p>')
    if post.source:
        if "source-link" in post.quirks:
            src = f'<a href="{esc(post.source)}" rel="nofollow" target="_blank">{esc(post.source)}</a>'
        else:
            src = esc(post.source)
        rows.append(f'<p class="h5 text-right"><strong>Nguồn tin: </strong>{src}</p>')
    return f'<div class="margin-bottom-lg">{"".join(rows)}</div>' if rows else ""


def _related(heading: str, posts: list[Post]) -> str:
    if not posts:
        return ""
    items = "".join(
        f'<li><em class="fa fa-angle-right">&nbsp;</em><a href="{nukeviet_article(p)}" title="{esc(p.title)}">'
        f"<h4>{esc(p.title)}</h4></a><em>({p.published:%d/%m/%Y})</em></li>"
        for p in posts
    )
    return (
        f'<p class="h3"><strong>{heading}</strong></p>'
        f'<div class="clearfix"><ul class="detail-related related list-none list-items">{items}</ul></div>'
    )


def _pagination(base_path: str, title: str, page: int, total: int) -> str:
    """NukeViet 4's nv_alias_page() for up to 7 pages, bugs included."""
    if total < 2:
        return ""
    label = f"{esc(title)} - Trang"

    def href(i: int) -> str:
        return f"{base_path}/" if i == 1 else f"{base_path}/page-{i}/"

    out = (
        '<li class="active"><a href="#">1</a></li>'
        if page == 1
        else f'<li><a rel="prev" title="{label} 1" href="{href(1)}">1</a></li>'
    )
    for i in range(2, total + 1):
        if i == page:
            out += f'<li class="active"><a href="#">{i}</a><li>'
        else:
            rel = "next" if i > page else "prev"
            out += f'<li><a rel="{rel}" title="{label} {i}" href="{href(i)}">{i}</a></li>'
    if page > 1:
        out = f'<li><a rel="prev" title="{label} {page - 1}" href="{href(page - 1)}">&laquo;</a></li>' + out
    else:
        out = '<li class="disabled"><a href="#">&laquo;</a></li>' + out
    if page < total:
        out += f'<li><a rel="next" title="{label} {page + 1}" href="{href(page + 1)}">&raquo;</a></li>'
    else:
        out += '<li class="disabled"><a href="#">&raquo;</a></li>'
    return f'<ul class="pagination">{out}</ul>'


def _detail_article(req: Request, post: Post, url: str, image: str) -> str:
    """The article panel of a detail page: schema.org microdata, date line, tools, lead, body and byline."""
    thumb = (
        '<figure class="article left noncaption pointer" style="width:150px;" onclick="modalShowByObj(this);">'
        f'<p class="text-center"><img alt="{esc(post.title)}" src="{upload_path(post, post.photos[0])}"'
        ' width="150" class="img-thumbnail"/></p></figure>'
        if post.photos
        else ""
    )
    print_url = f"/news/print/{post.section}/{slugify(post.title)}-{post.id}"
    return f"""<div class="news_column panel panel-default newsdetail" itemtype="http://schema.org/NewsArticle" itemscope>
<div class="panel-body">
<h1 class="title margin-bottom-lg" itemprop="headline">{esc(post.title)}</h1>
<div class="hidden hide d-none" itemprop="author" itemtype="http://schema.org/Person" itemscope><span itemprop="name">{esc(post.author or SITE_NAME)}</span></div>
<span class="hidden hide d-none" itemprop="datePublished">{post.published.isoformat()}</span>
<span class="hidden hide d-none" itemprop="dateModified">{post.modified.isoformat()}</span>
<span class="hidden hide d-none" itemprop="mainEntityOfPage">{esc(url)}</span>
<span class="hidden hide d-none" itemprop="image">{esc(image)}</span>
<div class="hidden hide d-none" itemprop="publisher" itemtype="http://schema.org/Organization" itemscope><span itemprop="name">{esc(SITE_NAME)}</span>
<span itemprop="logo" itemtype="http://schema.org/ImageObject" itemscope><span itemprop="url">{esc(req.url("/uploads/logo-cong-an.png"))}</span></span></div>
<div class="row margin-bottom-lg newsdetailmetatop">
<div class="col-md-12"><span class="h5">{visible_time(post.published)}</span></div>
<div class="col-md-12"><ul class="list-inline text-right">
<li><a class="dimgray" rel="nofollow" title="Gửi bài viết qua email" href="javascript:void(0);" onclick="nv_open_browse('/news/sendmail/{post.section}/{slugify(post.title)}-{post.id}','',650,500,'resizable=no,scrollbars=yes,toolbar=no,location=no,status=no');return false"><em class="fa fa-envelope fa-lg">&nbsp;</em></a></li>
<li><a class="dimgray" rel="nofollow" title="In ra" href="javascript: void(0)" onclick="nv_open_browse('{print_url}','',840,500,'resizable=yes,scrollbars=yes,toolbar=no,location=no,status=no');return false"><em class="fa fa-print fa-lg">&nbsp;</em></a></li>
</ul></div>
</div>
<div class="clearfix">{thumb}
<div class="hometext m-bottom" itemprop="description">{esc(post.lead or "")}</div>
</div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">
{body_html(post)}
</div>
{_byline(post)}
</div>
</div>
"""


def _detail_boxes(post: Post, url: str, hits: int, newer: list[Post], older: list[Post]) -> str:
    """The boxes under an article: keywords, rating, share and view count, comments, newer and older news."""
    keywords = "".join(
        f'<a title="{esc(t)}" href="/news/tag/{slugify(t)}"><em>{esc(t)}</em></a>'
        + (", " if i < len(post.tags) - 1 else "")
        for i, t in enumerate(post.tags)
    )
    return f"""<div class="news_column panel panel-default newsdetailbox"><div class="panel-body"><div class="h5">
<em class="fa fa-tags">&nbsp;</em><strong>Từ khóa: </strong>{keywords}</div></div></div>
<div class="news_column panel panel-default newsdetailbox"><div class="panel-body">
<form id="form3B" action=""><div class="h5 clearfix">
<p id="stringrating">Tổng số điểm của bài viết là: 0 trong 0 đánh giá</p>
<div style="padding: 5px;"><input class="hover-star" type="radio" value="1" title="Bài viết rất kém"/><input class="hover-star" type="radio" value="2" title="Bài viết kém"/><input class="hover-star" type="radio" value="3" title="Bài viết đạt"/><input class="hover-star" type="radio" value="4" title="Bài viết tốt"/><input class="hover-star" type="radio" value="5" title="Bài viết rất tốt"/><span id="hover-test" style="margin: 0 0 0 20px;">Click để đánh giá bài viết</span></div>
</div></form></div></div>
<div class="news_column panel panel-default newsdetailbox"><div class="panel-body">
<div class="socialicon clearfix margin-bottom-lg"><div class="fb-like" data-href="{esc(url)}" data-layout="button_count" data-action="like" data-show-faces="false" data-share="true">&nbsp;</div></div>
<span class="small text-muted">Lượt xem: {hits}</span></div></div>
<div class="news_column panel panel-default newsdetailbox"><div class="panel-body">
<div id="idcomment" class="nv-fullbg" data-module="news" data-content="news_commentcontent" data-area="8" data-id="{post.id}">
<div class="row clearfix margin-bottom-lg"><div class="col-xs-12 text-left"><p class="comment-title"><em class="fa fa-comments">&nbsp;</em> Ý kiến bạn đọc</p></div></div>
<div id="formcomment" class="comment-form"><form method="post" role="form"><div class="form-group clearfix"><input type="text" class="form-control" placeholder="Họ và tên" name="name"/></div>
<div class="form-group clearfix"><input type="email" class="form-control" placeholder="Email" name="email"/></div>
<div class="form-group clearfix"><textarea class="form-control" name="content" placeholder="Nội dung bình luận"></textarea></div>
<div class="form-group clearfix"><label>Mã bảo mật</label><input type="text" maxlength="6" name="code"/></div>
<input type="button" value="Gửi bình luận" class="btn btn-primary"/></form></div></div>
</div></div>
<div class="news_column panel panel-default newsdetailbox"><div class="panel-body other-news">
{_related("Những tin mới hơn", newer)}
{_related("Những tin cũ hơn", older)}
</div></div>"""
