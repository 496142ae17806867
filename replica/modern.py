"""The ``modern`` replica portal: JSON-LD NewsArticle, og: tags, an ``<article>`` element, "11:10
18/07/2022" dates, a related box INSIDE the body, share bars and a tag list.

HTTP behaviour: HTML carries a weak ETag (honoured with 304) and articles a Last-Modified; a listing
page past the last answers 404; article URLs without the trailing slash or with a stale slug 301 to
the canonical one; robots.txt disallows ``/tim-kiem``; ``/sitemap.xml`` is a Google News urlset.
"""

# ruff: noqa: E501  (HTML templates keep real markup lines whole; wrapping them would change the pages)

from __future__ import annotations

import json
import math
import re

from replica.content_modern import SECTIONS
from replica.model import Photo, Post
from replica.modern_layout import SITE_NAME, render, story_time
from replica.render import esc, xml_text
from replica.state import Replica
from replica.textforms import slugify
from replica.urls import modern_article
from replica.web import Request, Response, conditional, etag_for, html, redirect, static_asset, text

PORTAL = "modern"
PER_PAGE = 5
START_PATHS = ["/tin-tuc"]
NON_ARTICLE_PATHS = ["/gioi-thieu", "/lien-he", "/tim-kiem?q=an+ninh"]
_ASSETS = ("/static/", "/media/", "/favicon.ico")
_ARTICLE_RE = re.compile(r"^/(?P<section>[a-z0-9-]+)/(?P<slug>[a-z0-9-]*?)-i(?P<id>\d+)(?P<slash>/?)$")
_TAG_RE = re.compile(r"^/tag/(?P<tag>[a-z0-9-]+)$")


def media_path(post: Post, photo: Photo) -> str:
    return f"/media/{post.published:%Y/%m/%d}/{photo.file}"


def _json_ld(data: object) -> str:
    # "</" inside a script element would end it early.
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def _article_ld(req: Request, post: Post, url: str, section_name: str, images: list[str]) -> dict[str, object]:
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": post.title,
        "description": post.lead or "",
        "image": images,
        "datePublished": post.published.isoformat(),
        "dateModified": post.modified.isoformat(),
        "author": {"@type": "Person", "name": post.author or SITE_NAME},
        "publisher": {
            "@type": "Organization",
            "name": SITE_NAME,
            "logo": {"@type": "ImageObject", "url": req.url("/static/img/logo.png")},
        },
        "articleSection": section_name,
        "keywords": ", ".join(post.tags),
        "inLanguage": "vi",
    }


def _breadcrumb_ld(req: Request, post: Post, section_name: str) -> dict[str, object]:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Trang chủ", "item": req.url("/")},
            {
                "@type": "ListItem",
                "position": 2,
                "name": section_name,
                "item": req.url(f"/{post.section}"),
            },
        ],
    }


def _article_head(req: Request, post: Post, url: str, section_name: str, images: list[str]) -> str:
    """An article's og:/article: tags and its JSON-LD (NewsArticle, BreadcrumbList)."""
    ld = _article_ld(req, post, url, section_name, images)
    crumbs = _breadcrumb_ld(req, post, section_name)
    og_image = f'<meta property="og:image" content="{esc(images[0])}">' if images else ""
    return f"""<meta property="og:type" content="article">
<meta property="og:title" content="{esc(post.title)}">
<meta property="og:description" content="{esc(post.lead or "")}">
<meta property="og:url" content="{esc(url)}">
{og_image}
<meta property="article:published_time" content="{post.published.isoformat()}">
<meta property="article:modified_time" content="{post.modified.isoformat()}">
<meta property="article:section" content="{esc(section_name)}">
<meta name="keywords" content="{esc(", ".join(post.tags))}">
<meta name="twitter:card" content="summary_large_image">
<script type="application/ld+json">{_json_ld(ld)}</script>
<script type="application/ld+json">{_json_ld(crumbs)}</script>"""


def _share_bar(url: str) -> str:
    return (
        '<div class="share-bar"><span>Chia sẻ</span>'
        f'<a class="share share--fb" href="https://www.facebook.com/sharer/sharer.php?u={esc(url)}" rel="nofollow noopener" target="_blank">Facebook</a>'
        f'<a class="share share--zalo" href="#" data-href="{esc(url)}">Zalo</a>'
        f'<button class="share share--copy" data-url="{esc(url)}">Sao chép liên kết</button></div>'
    )


class ModernPortal:
    def __init__(self, state: Replica) -> None:
        self.state = state

    def handle(self, req: Request) -> Response:
        self.state.visit(PORTAL)
        path = req.path
        asset = static_asset(path, _ASSETS)
        if asset is not None:
            return asset
        if path == "/robots.txt":
            return text(
                f"User-agent: *\nDisallow: /api/\nDisallow: /tim-kiem\nAllow: /\nSitemap: {req.url('/sitemap.xml')}\n"
            )
        if path == "/sitemap.xml":
            return self._sitemap(req)
        if path == "/":
            return self._listing(req, None, "Trang chủ", "/", page=1)
        if path in ("/tin-tuc/", *(f"/{s}/" for s in SECTIONS)):
            return redirect(req.url(path.rstrip("/")))
        if path == "/tin-tuc":
            return self._listing(req, None, "Tin tức", path, self._page_number(req))
        if path.lstrip("/") in SECTIONS:
            section = path.lstrip("/")
            return self._listing(req, section, SECTIONS[section], path, self._page_number(req))
        if m := _TAG_RE.match(path):
            return self._tag(req, m["tag"])
        if path == "/gioi-thieu":
            return self._static(req, "Giới thiệu", _ABOUT)
        if path == "/lien-he":
            return self._static(req, "Liên hệ", _CONTACT)
        if path == "/tim-kiem":
            return self._search(req)
        if m := _ARTICLE_RE.match(path):
            post = self.state.get(PORTAL, int(m["id"]))
            if post is None:
                return self._not_found(req)
            canonical = modern_article(post)
            if path != canonical:
                return redirect(req.url(canonical))
            return self._article(req, post)
        return self._not_found(req)

    # -- plumbing ------------------------------------------------------------------------------
    @staticmethod
    def _page_number(req: Request) -> int:
        raw = req.query.get("page", "1")
        return int(raw) if raw.isdigit() and int(raw) > 0 else 1

    def _respond(self, req: Request, page: str, status: int = 200, post: Post | None = None) -> Response:
        raw = page.encode("utf-8")
        resp = html(page, status, [("Cache-Control", "public, max-age=60"), ("Vary", "Accept-Encoding")])
        if status != 200:
            return resp
        return conditional(
            req, resp, etag=etag_for(raw, weak=True), last_modified=post.modified if post else None
        )

    def _render(self, req: Request, *, title: str, main: str, canonical: str | None, **kw: str) -> str:
        sidebar = [(p, modern_article(p)) for p in self.state.posts(PORTAL)[:5]]
        description = kw.pop("description", f"{SITE_NAME} - tin tức an ninh, trật tự")
        return render(
            title=title,
            main=main,
            base=req.base,
            canonical=canonical,
            description=description,
            sidebar=sidebar,
            **kw,
        )

    def _not_found(self, req: Request) -> Response:
        main = '<div class="error-page"><h1>404</h1><p>Không tìm thấy trang bạn yêu cầu.</p><a href="/">Về trang chủ</a></div>'
        return self._respond(
            req, self._render(req, title="Không tìm thấy trang", main=main, canonical=None), 404
        )

    def _static(self, req: Request, title: str, body: str) -> Response:
        main = f'<div class="static-page"><h1 class="page-title">{esc(title)}</h1>{body}</div>'
        return self._respond(req, self._render(req, title=title, main=main, canonical=req.path))

    # -- listings ------------------------------------------------------------------------------
    def _story(self, p: Post) -> str:
        url = modern_article(p)
        thumb = (
            f'<a class="story__thumb" href="{url}"><img src="{media_path(p, p.photos[0])}" alt="{esc(p.title)}" loading="lazy"></a>'
            if p.photos
            else ""
        )
        return (
            f'<article class="story">{thumb}<h2 class="story__title"><a href="{url}">{esc(p.title)}</a></h2>'
            f'<time datetime="{p.published.isoformat()}">{story_time(p)}</time>'
            f'<p class="story__sapo">{esc(p.lead or "")}</p></article>'
        )

    def _listing(self, req: Request, section: str | None, name: str, path: str, page: int) -> Response:
        posts = self.state.posts(PORTAL, section)
        total = max(1, math.ceil(len(posts) / PER_PAGE))
        if page > total:
            return self._not_found(req)
        chunk = posts[(page - 1) * PER_PAGE : page * PER_PAGE]

        def href(i: int) -> str:
            return path if i == 1 else f"{path}?page={i}"

        nums = " ".join(
            f'<span class="current">{i}</span>' if i == page else f'<a href="{href(i)}">{i}</a>'
            for i in range(1, total + 1)
        )
        prev = f'<a rel="prev" href="{href(page - 1)}">Trang trước</a> ' if page > 1 else ""
        nxt = f' <a rel="next" href="{href(page + 1)}">Trang sau</a>' if page < total else ""
        more = (
            f'<button class="load-more" data-next="{href(page + 1)}">Xem thêm</button>'
            if page < total
            else ""
        )
        main = (
            f'<h1 class="page-title">{esc(name)}</h1><div class="story-list">{"".join(self._story(p) for p in chunk)}</div>'
            f'{more}<nav class="pagination">{prev}{nums}{nxt}</nav>'
        )
        canonical = href(page)
        return self._respond(
            req, self._render(req, title=name, main=main, canonical=canonical, body_class="page-list")
        )

    def _tag(self, req: Request, tag: str) -> Response:
        posts = [p for p in self.state.posts(PORTAL) if tag in {slugify(t) for t in p.tags}]
        if not posts:
            return self._not_found(req)
        label = next(t for t in posts[0].tags if slugify(t) == tag)
        main = f'<h1 class="page-title">#{esc(label)}</h1><div class="story-list">{"".join(self._story(p) for p in posts)}</div>'
        return self._respond(
            req, self._render(req, title=label, main=main, canonical=req.path, body_class="page-tag")
        )

    def _search(self, req: Request) -> Response:
        query = req.query.get("q", "")
        words = [w for w in slugify(query).split("-") if w]
        found = [
            p
            for p in self.state.posts(PORTAL)
            if words and all(w in slugify(f"{p.title} {p.lead}").split("-") for w in words)
        ]
        items = "".join(self._story(p) for p in found) or "<p>Không có kết quả phù hợp.</p>"
        main = (
            f'<h1 class="page-title">Kết quả tìm kiếm: “{esc(query)}”</h1><p class="count">{len(found)} kết quả</p>'
            f'<div class="story-list">{items}</div>'
        )
        return self._respond(
            req, self._render(req, title="Tìm kiếm", main=main, canonical=None, body_class="page-search")
        )

    # -- article -------------------------------------------------------------------------------
    def _article(self, req: Request, post: Post) -> Response:
        url = req.url(modern_article(post))
        section_name = SECTIONS[post.section]
        images = [req.url(media_path(post, ph)) for ph in post.photos]
        page = self._render(
            req,
            title=post.title,
            main=self._article_main(post, url, section_name),
            canonical=modern_article(post),
            description=post.lead or post.title,
            head=_article_head(req, post, url, section_name, images),
            body_class="page-article",
        )
        return self._respond(req, page, post=post)

    def _article_main(self, post: Post, url: str, section_name: str) -> str:
        share = _share_bar(url)
        tags = "".join(f'<a href="/tag/{slugify(t)}" rel="tag">#{esc(t)}</a>' for t in post.tags)
        same = [p for p in self.state.posts(PORTAL, post.section) if p.id != post.id][:4]
        same_items = "".join(
            f'<li><a href="{modern_article(p)}">{esc(p.title)}</a> <time>{story_time(p)}</time></li>'
            for p in same
        )
        author = (
            f'<span class="article__author">{esc(post.author)}</span><span class="sep"> - </span>'
            if post.author
            else ""
        )
        return f"""<nav class="breadcrumb" aria-label="breadcrumb"><a href="/">Trang chủ</a><span>/</span><a href="/{post.section}">{esc(section_name)}</a></nav>
<article class="article" data-id="{post.id}">
<header class="article__header">
<h1 class="article__title">{esc(post.title)}</h1>
<div class="article__meta">{author}<time class="article__time" datetime="{post.published.isoformat()}">{story_time(post)}</time></div>
{share}
</header>
<h2 class="article__sapo">{esc(post.lead or "")}</h2>
<div class="article__body" id="article-body">
{self._body_html(post)}
</div>
<div class="article__tags"><span>Từ khóa:</span> {tags}</div>
{share.replace('class="share-bar"', 'class="share-bar share-bar--bottom"')}
</article>
<section class="same-section"><h2 class="section-title">Cùng chuyên mục</h2><ul>{same_items}</ul></section>"""

    def _body_html(self, post: Post) -> str:
        others = [p for p in self.state.posts(PORTAL) if p.id != post.id and p.published < post.published][:2]
        if not others:
            others = [p for p in self.state.posts(PORTAL) if p.id != post.id][:2]
        related = "".join(f'<li><a href="{modern_article(p)}">{esc(p.title)}</a></li>' for p in others)
        box = f'<div class="box-related" data-role="related-inline"><div class="box-related__title">Tin liên quan</div><ul>{related}</ul></div>'
        paragraphs = len(post.paragraphs)
        box_after = max(1, paragraphs // 2)
        out: list[str] = []
        seen = 0
        for block in post.blocks:
            if isinstance(block, Photo):
                out.append(
                    f'<figure class="article__image"><img src="{media_path(post, block)}" alt="{esc(block.caption)}"'
                    f' loading="lazy" width="960" height="640"><figcaption>{esc(block.caption)}</figcaption></figure>'
                )
                continue
            out.append(f"<p>{esc(block)}</p>")
            seen += 1
            if seen == box_after and related:
                out.append(box)
        return "\n".join(out)

    # -- sitemap -------------------------------------------------------------------------------
    def _sitemap(self, req: Request) -> Response:
        posts = self.state.posts(PORTAL)
        urls = "".join(
            f"<url><loc>{xml_text(req.url(modern_article(p)))}</loc><lastmod>{p.modified.isoformat()}</lastmod>"
            f"<news:news><news:publication><news:name>{SITE_NAME}</news:name><news:language>vi</news:language>"
            f"</news:publication><news:publication_date>{p.published.isoformat()}</news:publication_date>"
            f"<news:title>{xml_text(p.title)}</news:title></news:news></url>"
            for p in posts
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"{urls}</urlset>\n"
        ).encode()
        stamps = [p.modified for p in posts]
        if (changed := self.state.changed_at(PORTAL)) is not None:
            stamps.append(changed)
        resp = Response(200, body, [("Content-Type", "application/xml; charset=utf-8")])
        return conditional(req, resp, etag=etag_for(body), last_modified=max(stamps) if stamps else None)


_ABOUT = (
    "<p>Tin An ninh Trật tự là chuyên trang tổng hợp thông tin về công tác bảo đảm an ninh, trật tự, phòng,"
    " chống tội phạm và các hoạt động của lực lượng Công an nhân dân trên cả nước.</p>"
    "<p>Chuyên trang được thành lập năm 2021, cập nhật tin tức hằng ngày với các chuyên mục Thời sự, Pháp luật,"
    " cảnh báo thủ đoạn phạm tội và hướng dẫn kỹ năng phòng ngừa cho người dân.</p>"
)
_CONTACT = (
    "<p>Tòa soạn: Ban Biên tập Tin An ninh Trật tự.</p><p>Email: toasoan@tinanninh.invalid</p>"
    '<form class="contact-form" method="post" action="/lien-he"><input name="name" placeholder="Họ tên">'
    '<input name="email" placeholder="Email"><textarea name="message" placeholder="Nội dung"></textarea>'
    '<button type="submit">Gửi</button></form>'
)
