"""Page chrome of the ``modern`` replica: a newspaper-style template no CMS profile knows."""

# ruff: noqa: E501  (HTML templates keep real markup lines whole; wrapping them would change the pages)

from __future__ import annotations

from replica.content_modern import SECTIONS
from replica.model import Post
from replica.render import esc, now_vn

SITE_NAME = "Tin An ninh Trật tự"
_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def story_time(post: Post) -> str:
    """The site's visible format, time first: "11:10 18/07/2022"."""
    return f"{post.published:%H:%M %d/%m/%Y}"


def render(
    *,
    title: str,
    main: str,
    base: str,
    canonical: str | None,
    description: str,
    head: str = "",
    body_class: str = "page",
    sidebar: list[tuple[Post, str]],
) -> str:
    now = now_vn()
    today = f"{_WEEKDAYS[now.weekday()]}, {now:%d/%m/%Y}"  # today's date in the top bar, on every page
    nav = "".join(f'<li><a href="/{alias}">{esc(name)}</a></li>' for alias, name in SECTIONS.items())
    canon = f'<link rel="canonical" href="{esc(base + canonical)}">' if canonical else ""
    latest = "".join(
        f'<li><a href="{url}">{esc(p.title)}</a><time datetime="{p.published.isoformat()}">{story_time(p)}</time></li>'
        for p, url in sidebar
    )
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {SITE_NAME}</title>
<meta name="description" content="{esc(description)}">
{canon}
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:locale" content="vi_VN">
{head}
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/static/css/app.8c1f3a.css">
<script defer src="/static/js/app.8c1f3a.js"></script>
</head>
<body class="{body_class}">
<header class="site-header">
<div class="topbar"><div class="container"><span class="today">{today}</span>
<a href="/gioi-thieu">Giới thiệu</a> <a href="/lien-he">Liên hệ</a></div></div>
<div class="container brand"><a class="logo" href="/"><img src="/static/img/logo.svg" alt="{SITE_NAME}" width="220" height="48"></a></div>
<nav class="main-nav"><div class="container"><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc">Tin tức</a></li>{nav}</ul>
<form class="search" action="/tim-kiem" method="get" role="search"><input name="q" placeholder="Tìm kiếm" aria-label="Tìm kiếm"></form></div></nav>
</header>
<main class="container layout">
<div class="content">
{main}
</div>
<aside class="sidebar"><section class="latest"><h3 class="sidebar__title">Tin mới</h3><ul>{latest}</ul></section>
<section class="hotline"><h3 class="sidebar__title">Đường dây nóng</h3><p>Tiếp nhận tin báo tội phạm: 069.xxx.xxxx</p></section></aside>
</main>
<footer class="site-footer"><div class="container">
<p><strong>TIN AN NINH TRẬT TỰ</strong> - Chuyên trang thông tin về an ninh, trật tự (bản mô phỏng ngoại tuyến)</p>
<p>Giấy phép thiết lập trang thông tin điện tử tổng hợp số 215/GP-TTĐT ngày 12/5/2021.</p>
<p>Chịu trách nhiệm nội dung: Ban Biên tập. &copy; 2021 - 2025 {SITE_NAME}. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p>
</div></footer>
</body>
</html>
"""
