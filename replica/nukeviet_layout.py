"""Page chrome of the NukeViet 4 egov-theme replica: head, menu, marquee, sidebar blocks, footer."""

# ruff: noqa: E501  (HTML templates keep real markup lines whole; wrapping them would change the pages)

from __future__ import annotations

from dataclasses import dataclass, field

from replica.content_nukeviet import CATEGORIES
from replica.model import Post
from replica.render import esc, now_vn, thousands
from replica.textforms import weekday_vi

SITE_NAME = "Công an tỉnh Vĩnh Phúc"
SITE_TITLE = "Cổng thông tin điện tử Công an tỉnh Vĩnh Phúc"
SITE_DESCRIPTION = "Cổng thông tin điện tử Công an tỉnh Vĩnh Phúc - Thông tin hoạt động, an ninh trật tự"
EMAIL = "congan@vinhphuc.gov.vn.invalid"


@dataclass
class Page:
    title: str
    main: str
    canonical: str
    description: str = SITE_DESCRIPTION
    crumbs: list[tuple[str, str]] = field(default_factory=list)  # (name, path) after "Trang chủ"
    head: list[str] = field(default_factory=list)
    og_type: str = "website"
    og_image: str | None = None
    module: str = "news"
    func: str = "main"


def counter_block(visit: int) -> str:
    # Numbers move on every request, like the real "Thống kê" block, so page hashes never repeat.
    online = 612 + (visit * 37) % 400
    bots = 40 + (visit * 11) % 60
    rows = (
        ("fa-bolt", "Đang truy cập", online),
        ("fa-filter", "Máy chủ tìm kiếm", bots),
        ("fa-user", "Khách viếng thăm", online - bots),
        ("fa-clock-o", "Hôm nay", 85_004 + visit * 3),
        ("fa-calendar", "Tháng hiện tại", 3_410_587 + visit * 3),
        ("fa-bar-chart", "Tổng lượt truy cập", 155_440_213 + visit * 3),
    )
    items = "".join(
        f'<li><span><em class="fa {icon} fa-lg fa-horizon">&nbsp;</em>{label}</span>'
        f"<span>{thousands(value)}</span></li>"
        for icon, label, value in rows
    )
    return (
        '<div class="panel panel-primary"><div class="panel-heading">Thống kê</div>'
        f'<div class="panel-body"><ul class="counter list-none display-table">{items}</ul></div></div>'
    )


def _sidebar(visit: int, latest: list[tuple[Post, str]]) -> str:
    latest_items = "".join(
        f'<li class="clearfix"><a title="{esc(p.title)}" href="{url}">{esc(p.title)}</a></li>'
        for p, url in latest
    )
    return f"""
<div class="panel panel-primary"><div class="panel-heading">Tin mới nhất</div>
<div class="panel-body"><ul class="block_tophits list-none list-items">{latest_items}</ul></div></div>
<div class="panel panel-primary"><div class="panel-heading">Chuyên trang</div>
<div class="panel-body"><a href="/news/an-ninh-trat-tu/" title="An ninh mạng"><img src="/uploads/banner/an-ninh-mang.png" alt="An ninh mạng" class="img-responsive"/></a>
<p class="text-center">An ninh mạng</p></div></div>
{counter_block(visit)}
<div class="panel panel-primary"><div class="panel-heading">Liên kết Website</div>
<div class="panel-body"><select class="form-control" onchange="if(this.value) window.open(this.value)">
<option value="">-- Liên kết website --</option><option value="https://bocongan.gov.vn">Bộ Công an</option>
<option value="https://cand.com.vn">Báo Công an nhân dân</option><option value="https://dichvucong.bocongan.gov.vn">Cổng dịch vụ công Bộ Công an</option>
</select></div></div>
<div class="panel panel-primary"><div class="panel-heading">Hộp thư góp ý</div>
<div class="panel-body"><a href="/contact/" title="Hộp thư góp ý">Gửi ý kiến góp ý, phản ánh tới Công an tỉnh</a></div></div>
<div class="panel panel-primary"><div class="panel-heading">Đường dây nóng</div>
<div class="panel-body"><ul class="list-none"><li>Trực ban Công an tỉnh: <strong>069.2609.xxx</strong></li>
<li>Cảnh sát 113 - Cứu hỏa 114 - Cấp cứu 115</li></ul></div></div>
<div class="panel panel-primary"><div class="panel-heading">THÔNG TIN ĐẦU MỐI HƯỚNG DẪN, HỖ TRỢ THỰC HIỆN THỦ TỤC HÀNH CHÍNH, DVC TT</div>
<div class="panel-body"><p>Phòng Cảnh sát quản lý hành chính về trật tự xã hội: 069.2609.xxx</p></div></div>
"""


def _menu() -> str:
    cats = "".join(
        f'<li><a href="/news/{alias}/" title="{esc(name)}">{esc(name)}</a></li>'
        for alias, name in CATEGORIES.items()
    )
    return f"""<nav class="second-nav" id="menusite"><div class="container"><div class="row"><div class="bg box-shadow">
<ul class="nav navbar-nav">
<li><a title="Trang chủ" href="/"><em class="fa fa-lg fa-home">&nbsp;</em><span class="visible-xs-inline-block"> Trang chủ</span></a></li>
<li><a title="Giới thiệu" href="/about/gioi-thieu.html">Giới thiệu</a></li>
<li class="dropdown"><a title="Tin Tức" href="/news/">Tin Tức</a><ul class="dropdown-menu">{cats}</ul></li>
<li><a title="Văn bản" href="/laws/">Văn bản</a></li>
<li><a title="Thư viện ảnh" href="/photos/">Thư viện ảnh</a></li>
<li><a title="Liên hệ" href="/contact/">Liên hệ</a></li>
</ul>
<div class="headerSearch"><form action="/news/search/" method="get"><input type="text" class="form-control" maxlength="60" name="q" placeholder="Tìm kiếm..."/>
<button type="submit" class="btn btn-info"><em class="fa fa-search fa-lg"></em></button></form></div>
</div></div></div></nav>"""


def _breadcrumbs(crumbs: list[tuple[str, str]]) -> str:
    items = [
        '<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">'
        '<a href="/" itemprop="item" title="Trang chủ"><span itemprop="name">Trang chủ</span></a>'
        '<i class="hidden" itemprop="position" content="1"></i></li>'
    ]
    for pos, (name, path) in enumerate(crumbs, start=2):
        items.append(
            '<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">'
            f'<a href="{path}" itemprop="item" title="{esc(name)}"><span itemprop="name">{esc(name)}</span></a>'
            f'<i class="hidden" itemprop="position" content="{pos}"></i></li>'
        )
    return (
        '<nav class="third-nav"><div class="row"><div class="bg"><div class="clearfix">'
        '<div class="col-xs-24 col-sm-18 col-md-18"><div class="breadcrumbs-wrap">'
        '<ul class="breadcrumbs list-none" itemscope itemtype="https://schema.org/BreadcrumbList">'
        + "".join(items)
        + "</ul></div></div>"
        # Today's date in the header: a date on every page that is never a publish date.
        + f'<div class="col-xs-24 col-sm-6 col-md-6 current-time text-right">{_today()}</div>'
        + "</div></div></div></nav>"
    )


def _today() -> str:
    now = now_vn()
    return f"{weekday_vi(now.date())}, {now:%d/%m/%Y}"


def render(page: Page, *, base: str, visit: int, latest: list[tuple[Post, str]]) -> str:
    title = f"{page.title} - {SITE_TITLE}" if page.title != SITE_TITLE else SITE_TITLE
    og_image = f'<meta property="og:image" content="{esc(page.og_image)}">\n' if page.og_image else ""
    head_extra = "\n".join(page.head)
    return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
<head>
<title>{esc(title)}</title>
<meta name="description" content="{esc(page.description)}">
<meta name="author" content="{esc(SITE_NAME)}">
<meta name="copyright" content="{esc(SITE_NAME)} [{EMAIL}]">
<meta name="generator" content="NukeViet v4.5">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta property="og:title" content="{esc(page.title)}">
<meta property="og:type" content="{page.og_type}">
<meta property="og:description" content="{esc(page.description)}">
<meta property="og:site_name" content="{esc(SITE_TITLE)}">
{og_image}<meta property="og:url" content="{esc(base + page.canonical)}">
{head_extra}
<link rel="shortcut icon" href="/uploads/favicon.ico">
<link rel="canonical" href="{esc(base + page.canonical)}">
<link rel="alternate" href="/news/rss/" title="Tin Tức" type="application/rss+xml">
<link rel="preload" as="script" href="/assets/js/jquery/jquery.min.js?t=1716883421" type="text/javascript">
<link rel="StyleSheet" href="/assets/css/font-awesome.min.css?t=1716883421">
<link rel="StyleSheet" href="/themes/egov/css/bootstrap.non-responsive.css?t=1716883421">
<link rel="StyleSheet" href="/themes/egov/css/style.css?t=1716883421">
<link rel="StyleSheet" href="/themes/egov/css/news.css?t=1716883421">
</head>
<body>
<noscript><div class="alert alert-danger">Trình duyệt của bạn đã tắt chức năng hỗ trợ JavaScript.<br />Website chỉ làm việc khi bạn bật nó trở lại.<br />Để tham khảo cách bật JavaScript, hãy click chuột <a href="http://wiki.nukeviet.vn/support:browser:enable_javascript">vào đây</a>!</div></noscript>
<div class="body-bg"><div class="wraper">
<header><div class="container"><div id="header" class="row">
<div class="logo col-xs-24 col-sm-24 col-md-8"><a title="{esc(SITE_TITLE)}" href="/"><img src="/uploads/logo-cong-an.png" width="90" height="90" alt="{esc(SITE_NAME)}"/></a>
<span class="site_name">CÔNG AN TỈNH VĨNH PHÚC</span><span class="site_description">Cổng thông tin điện tử</span></div>
</div></div></header>
{_menu()}
<div class="marquee-box container"><marquee behavior="scroll" direction="left" scrollamount="4" onmouseover="this.stop();" onmouseout="this.start();">Chào mừng bạn đến với Cổng thông tin điện tử Công an tỉnh Vĩnh Phúc - Vì Nhân dân phục vụ!</marquee></div>
<section><div class="container" id="body">
{_breadcrumbs(page.crumbs)}
<div class="row">
<div class="col-sm-16 col-md-18">
{page.main}
</div>
<div class="col-sm-8 col-md-6">{_sidebar(visit, latest)}</div>
</div>
</div></section>
<footer id="footer"><div class="wraper"><div class="container"><div class="row">
<div class="col-xs-24 col-sm-24 col-md-16">
<p class="footer-title"><strong>CỔNG THÔNG TIN ĐIỆN TỬ CÔNG AN TỈNH VĨNH PHÚC</strong></p>
<p>Cơ quan chủ quản: Công an tỉnh Vĩnh Phúc. Chịu trách nhiệm chính: Giám đốc Công an tỉnh.</p>
<p>Địa chỉ: Đường Nguyễn Tất Thành, thành phố Vĩnh Yên, tỉnh Vĩnh Phúc. Điện thoại: 069.2609.xxx</p>
<p>Giấy phép số 12/GP-TTĐT ngày 15/3/2019 của Sở Thông tin và Truyền thông tỉnh Vĩnh Phúc.</p>
<p>Ghi rõ nguồn "Cổng thông tin điện tử Công an tỉnh Vĩnh Phúc" khi phát hành lại thông tin từ website này.</p>
</div>
<div class="col-xs-24 col-sm-24 col-md-8"><div class="copyright">&copy; Bản quyền thuộc về {esc(SITE_NAME)}</div>
<div class="bttop"><a class="pointer"><i class="fa fa-eject fa-lg"></i></a></div></div>
</div></div></div></footer>
</div></div>
<div id="timeoutsess" class="chromeframe">Bạn đã không sử dụng Site, <a onclick="timeoutsesscancel();" href="#">Bấm vào đây để duy trì trạng thái đăng nhập</a>. Thời gian chờ: <span id="secField"> 60 </span> giây</div>
<div id="openidResult" class="nv-alert" style="display:none"></div>
<div id="openidBt" data-result="" data-redirect=""></div>
<script src="/assets/js/jquery/jquery.min.js?t=1716883421"></script>
<script>var nv_base_siteurl="/",nv_lang_data="vi",nv_lang_interface="vi",nv_name_variable="nv",nv_fc_variable="op",nv_lang_variable="language",nv_module_name="{page.module}",nv_func_name="{page.func}",nv_is_user=0,nv_my_ofs=7,nv_my_abbr="+07",nv_cookie_prefix="nv4c_Vp4sT",nv_check_pass_mstime=1738000,nv_area_admin=0,nv_safemode=0,theme_responsive=0,nv_is_recaptcha=0;</script>
<script src="/assets/js/language/vi.js?t=1716883421"></script>
<script src="/assets/js/global.js?t=1716883421"></script>
<script src="/themes/egov/js/news.js?t=1716883421"></script>
<script src="/themes/egov/js/main.js?t=1716883421"></script>
</body>
</html>
"""
