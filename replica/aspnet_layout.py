"""Page chrome of the Lạng Sơn-shaped ASP.NET WebForms replica: form wrapper with __VIEWSTATE,
ctl00_ ids, a marquee welcome line, sidebar ("Tìm kiếm", "Tin tức - Sự kiện", "Liên kết website",
a visitor counter that changes on every request) and the licence footer."""

# ruff: noqa: E501  (HTML templates keep real markup lines whole; wrapping them would change the pages)

from __future__ import annotations

import base64
import hashlib

from replica.content_langson import CATEGORIES
from replica.model import Post
from replica.render import esc, thousands

SITE_NAME = "Công an tỉnh Lạng Sơn"
SITE_TITLE = "Trang thông tin điện tử Công an tỉnh Lạng Sơn"
POLICY_PATH = "/chinh-sach-bao-ve-du-lieu-ca-nhan.aspx"


def _opaque(seed: str, size: int) -> str:
    digest = b""
    counter = 0
    while len(digest) < size:
        digest += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return base64.b64encode(digest[:size]).decode()


def _sidebar(visit: int, latest: list[tuple[Post, str]]) -> str:
    news = "".join(f'<li><a href="{url}" title="{esc(p.title)}">{esc(p.title)}</a></li>' for p, url in latest)
    return f"""<div class="box-right"><div class="box-title">Tìm kiếm</div>
<div class="box-content search-box"><input name="ctl00$Search1$txtKeyword" type="text" id="ctl00_Search1_txtKeyword" class="txt-search" />
<input type="submit" name="ctl00$Search1$btnSearch" value="Tìm" id="ctl00_Search1_btnSearch" class="btn-search" /></div></div>
<div class="box-right"><div class="box-title">Tin tức - Sự kiện</div>
<div class="box-content"><ul id="ctl00_TinMoi1_ulTinMoi" class="list-tinmoi">{news}</ul></div></div>
<div class="box-right"><div class="box-title">Liên kết website</div>
<div class="box-content"><select name="ctl00$LienKet1$ddlLienKet" id="ctl00_LienKet1_ddlLienKet" onchange="window.open(this.value)">
<option value="">-- Liên kết website --</option><option value="https://bocongan.gov.vn">Bộ Công an</option>
<option value="https://langson.gov.vn">Cổng TTĐT tỉnh Lạng Sơn</option><option value="https://cand.com.vn">Báo Công an nhân dân</option>
</select></div></div>
<div class="box-right"><div class="box-title">Thống kê truy cập</div>
<div class="box-content"><p>Đang trực tuyến: <span id="ctl00_ThongKe1_lblOnline">{35 + (visit * 13) % 70}</span></p>
<p>Tổng lượt truy cập: <span id="ctl00_ThongKe1_lblTong">{thousands(8_304_177 + visit, ".")}</span></p></div></div>"""


def _form_top(*, title_html: str, description: str, action: str, viewstate: str) -> str:
    """From the doctype to the WebForms postback script: the head, the form and its hidden state."""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head id="ctl00_Head1"><title>
	{title_html}
</title><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="keywords" content="Công an tỉnh Lạng Sơn, an ninh trật tự, Lạng Sơn" />
<meta name="description" content="{esc(description)}" />
<link href="/App_Themes/CATLS/css/style.css" type="text/css" rel="stylesheet" />
<link href="/App_Themes/CATLS/css/menu.css" type="text/css" rel="stylesheet" />
<script src="/Scripts/jquery-1.8.2.min.js" type="text/javascript"></script>
</head>
<body>
<form method="post" action="./{esc(action)}" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate}" />
</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
if (!theForm) {{ theForm = document.aspnetForm; }}
function __doPostBack(eventTarget, eventArgument) {{
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }}
}}
//]]>
</script>
<script src="/WebResource.axd?d=pynGkmcFUV13He1Qd6_TZAG0REM8qqEBAHCZinHsmTftbBz8ARFqQG4SmTbTGQGNsxByiuhhp7M8BL__qlDclA2&amp;t=638286137964787378" type="text/javascript"></script>
"""


def _header() -> str:
    """The banner, the top menu (with the news categories) and the marquee."""
    cats = "".join(
        f'<li><a href="/tin-tuc/{alias}/{catid}.aspx">{esc(name)}</a></li>'
        for alias, (catid, name, _) in CATEGORIES.items()
    )
    return f"""<div id="ctl00_pnHeader" class="header"><a href="/"><img src="/Uploads/banner/banner-catls.jpg" alt="CÔNG AN TỈNH LẠNG SƠN" /></a></div>
<div class="menu-top"><a id="ctl00_MenuTop1_btnMenu" class="btn-menu" href="javascript:void(0)">MENU</a>
<ul id="ctl00_MenuTop1_ulMenu" class="menu">
<li><a href="/">Trang chủ</a></li>
<li><a href="/gioi-thieu.aspx">Giới thiệu</a></li>
<li><a href="/tin-tuc/hoat-dong-cong-an-tinh/30.aspx">Tin tức - Sự kiện</a><ul>{cats}</ul></li>
<li><a href="/van-ban-phap-luat.aspx">Văn bản pháp luật</a></li>
<li><a href="/lien-he.aspx">Liên hệ</a></li>
</ul></div>
<div class="marquee"><marquee id="ctl00_marquee" scrollamount="3" onmouseover="this.stop()" onmouseout="this.start()">Chào mừng bạn đến với Trang thông tin điện tử Công an tỉnh Lạng Sơn!</marquee></div>
"""


def _form_bottom(validation: str) -> str:
    """The licence footer, the trailing hidden fields and the end of the form and the page."""
    return f"""<div id="footer"><div class="footer-in">
<p class="ft-name">CÔNG AN TỈNH LẠNG SƠN</p>
<p>&copy; 2025 Bản quyền thuộc Công an tỉnh Lạng Sơn</p>
<p>Giấy phép số: 08/GP-STTTT, ngày 17 tháng 08 năm 2018 của Sở Thông tin và Truyền thông tỉnh Lạng Sơn</p>
<p>Địa chỉ: Số 15 - đường Hoàng Văn Thụ - phường Chi Lăng - thành phố Lạng Sơn - tỉnh Lạng Sơn</p>
<p><a href="{POLICY_PATH}">Chính sách bảo vệ dữ liệu cá nhân</a></p>
<a href="https://tinnhiemmang.vn/danh-ba-tin-nhiem/congan-langson-gov-vn" title="Chung nhan Tin Nhiem Mang" target="_blank"><img src="/Uploads/banner/tinnhiemmang.png" width="150" alt="Chung nhan Tin Nhiem Mang" /></a>
</div></div>
</div>
<div class="aspNetHidden">
<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="CA0B0334" />
<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="{validation}" />
</div>
</form>
</body>
</html>
"""


def render(
    *,
    title_html: str,
    main: str,
    action: str,
    visit: int,
    latest: list[tuple[Post, str]],
    description: str = SITE_TITLE,
) -> str:
    # A fresh __VIEWSTATE per request, as WebForms pages with per-request controls have.
    viewstate = "/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QW" + _opaque(f"{action}:{visit}", 180)
    validation = "/wEdAAOY" + _opaque(f"ev:{action}:{visit}", 48)
    top = _form_top(title_html=title_html, description=description, action=action, viewstate=viewstate)
    return f"""{top}<div id="wrapper">
{_header()}<div id="main" class="clearfix">
<div class="col-left">
{main}
</div>
<div class="col-right">
{_sidebar(visit, latest)}
</div>
</div>
{_form_bottom(validation)}"""
