"""Extraction pieces one at a time: detection, URL shapes, overrides, encodings, classification, junk."""

from __future__ import annotations

import codecs
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract import PROFILE_NAMES, Article, detect_profile, extract, get_profile
from crawler.extract.decode import declared_charset, decode_html
from crawler.extract.dom import selector_for

P1 = (
    "Ngày 12/3, Công an huyện phối hợp với Ủy ban nhân dân xã tổ chức tuyên truyền pháp luật về an ninh, "
    "trật tự cho hơn 200 người dân tại nhà văn hóa thôn, tập trung vào phòng chống ma túy và lừa đảo "
    "qua mạng."
)
P2 = (
    "Cán bộ tuyên truyền đã thông tin những thủ đoạn mới của tội phạm công nghệ cao, hướng dẫn người dân "
    "cách bảo mật tài khoản ngân hàng, không cung cấp mã OTP và kịp thời trình báo cơ quan Công an."
)
P3 = (
    "Kết thúc buổi tuyên truyền, Công an huyện phát tờ rơi, hướng dẫn cài đặt ứng dụng định danh điện tử "
    "và tiếp nhận nhiều ý kiến đóng góp của người dân về công tác bảo đảm an ninh trật tự ở cơ sở."
)
TITLE = "Tuyên truyền pháp luật về an ninh trật tự cho người dân vùng cao"


def page(body: str, *, head: str = "", title: str = TITLE) -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title} - Công an tỉnh Sơn La</title>"
        f"{head}</head><body><div id='menu'><ul><li><a href='/'>Trang chủ</a></li>"
        f"<li><a href='/tin-tuc'>Tin tức</a></li></ul></div>{body}"
        "<div id='footer'>© Bản quyền thuộc Công an tỉnh Sơn La</div></body></html>"
    )


def article_html(
    extra_body: str = "", *, date_line: str = "Thứ ba - 12/03/2024 10:15", head: str = ""
) -> str:
    return page(
        f"<div class='detail'><h1>{TITLE}</h1><div class='time'>{date_line}</div>"
        f"<div class='content'><p>{P1}</p><p>{P2}</p><p>{P3}</p>{extra_body}</div></div>",
        head=head,
    )


URL = "https://congan.sonla.gov.vn/tin-tuc/tuyen-truyen-phap-luat-1234.html"


# -- profiles, detection --------------------------------------------------------------------------


def test_profile_names_and_lookup() -> None:
    assert set(PROFILE_NAMES) == {"nukeviet", "aspnet", "generic"}
    for name in PROFILE_NAMES:
        assert get_profile(name).name == name
    with pytest.raises(KeyError):
        get_profile("joomla")


def test_detect_nukeviet_by_generator_and_by_assets() -> None:
    by_generator = "<html><head><meta name='generator' content='NukeViet v4.5'></head><body></body></html>"
    assert detect_profile("https://a.gov.vn/", selector_for(by_generator)).name == "nukeviet"
    by_assets = (
        "<html><head><link rel='StyleSheet' href='/themes/egov/css/style.css'>"
        "<script>var nv_base_siteurl='/',nv_lang_data='vi';</script></head><body></body></html>"
    )
    assert detect_profile("https://a.gov.vn/", selector_for(by_assets)).name == "nukeviet"


def test_detect_aspnet() -> None:
    html = (
        "<html><body><form id='form1'><input type='hidden' name='__VIEWSTATE' id='__VIEWSTATE' value='x'>"
        "<span id='ctl00_ContentPlaceHolder1_lblNgayDang'>03-05-2024</span></form></body></html>"
    )
    assert (
        detect_profile("https://congan.langson.gov.vn/tin-tuc/a/30.aspx", selector_for(html)).name == "aspnet"
    )


def test_detect_falls_back_to_generic() -> None:
    html = "<html><head><meta name='generator' content='WordPress 6.2'></head><body><p>x</p></body></html>"
    assert detect_profile("https://a.vn/2023/07/bai-viet/", selector_for(html)).name == "generic"
    assert detect_profile("https://a.vn/", selector_for("")).name == "generic"


def test_detected_profile_is_used_and_named() -> None:
    html = article_html(head="<meta name='generator' content='NukeViet v4.3'>")
    assert extract(URL, html).profile == "nukeviet"
    assert extract(URL, html, profile="generic").profile == "generic"


# -- URL shapes -----------------------------------------------------------------------------------

NUKEVIET_ARTICLES = [
    "https://congan.sonla.gov.vn/news/hoat-dong-cong-an-tinh/tap-huan-nghiep-vu-1234.html",
    "https://congan.sonla.gov.vn/vi/news/an-ninh-trat-tu/bat-giu-doi-tuong-56.html",
    "http://congan.dienbien.gov.vn/index.php/news/phong-chong-ma-tuy/bat-giu-2-banh-heroin-305.html",
    "http://congan.dienbien.gov.vn/index.php/vi/news/phong-chong-ma-tuy/bat-giu-2-banh-heroin-305.html",
    "https://conganphuyen.gov.vn/hoat-dong/ra-quan-tong-kiem-soat-phuong-tien-789.html",
    "http://a.gov.vn/index.php?language=vi&nv=news&op=hoat-dong/ra-quan-tong-kiem-soat-789",
]
NUKEVIET_LISTINGS = [
    "https://congan.sonla.gov.vn/news/hoat-dong-cong-an-tinh/",
    "https://congan.sonla.gov.vn/news/hoat-dong-cong-an-tinh/page-2/",
    "https://congan.sonla.gov.vn/news/page-5/",
    "https://congan.sonla.gov.vn/vi/news/",
]
NUKEVIET_NEITHER = [
    "https://congan.sonla.gov.vn/news/tag/phong-chay",
    "https://congan.sonla.gov.vn/news/print/hoat-dong-cong-an-tinh/tap-huan-nghiep-vu-1234.html",
    "https://congan.sonla.gov.vn/news/rss/",
    "https://congan.sonla.gov.vn/news/rss/hoat-dong-cong-an-tinh/",
    "https://congan.sonla.gov.vn/news/search/?q=ma+tuy",
    "https://congan.sonla.gov.vn/seek/?q=ma+tuy",
    "https://congan.sonla.gov.vn/photos/album/le-ky-niem-12.html",
    "https://congan.sonla.gov.vn/about/lich-su-hinh-thanh.html",
]


@pytest.mark.parametrize("url", NUKEVIET_ARTICLES)
def test_nukeviet_article_urls(url: str) -> None:
    assert get_profile("nukeviet").link_kind(url) == "article"


@pytest.mark.parametrize("url", NUKEVIET_LISTINGS)
def test_nukeviet_listing_urls(url: str) -> None:
    assert get_profile("nukeviet").link_kind(url) == "listing"


@pytest.mark.parametrize("url", NUKEVIET_NEITHER)
def test_nukeviet_never_article(url: str) -> None:
    assert get_profile("nukeviet").link_kind(url) is None


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (
            "https://congan.langson.gov.vn/hoat-dong-cong-an-tinh/30/cong-an-tinh-vinh-danh/7564.aspx",
            "article",
        ),
        ("https://congan.langson.gov.vn/thu-tuc-hanh-chinh/40/gap-mat-ky-niem-63-nam/914.aspx", "article"),
        ("https://congan.caobang.gov.vn/NewsDetail.aspx?id=2087", "article"),
        ("https://congan.langson.gov.vn/tin-tuc/hoat-dong-cong-an-tinh/30.aspx", "listing"),
        ("https://congan.langson.gov.vn/tin-tuc/hoat-dong-cong-an-tinh/30/pg10.aspx", "listing"),
        ("https://congan.langson.gov.vn/TimKiem.aspx?key=ma+tuy", None),
        ("https://congan.langson.gov.vn/lien-he.aspx", None),
    ],
)
def test_aspnet_urls(url: str, kind: str | None) -> None:
    assert get_profile("aspnet").link_kind(url) == kind


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://conganbaolam.vn/2023/07/huong-dan-cap-ho-chieu-pho-thong/", "article"),
        ("https://catd.vn/phap-luat/triet-pha-duong-day-lua-dao-482913.html", "article"),
        (
            "https://a.gov.vn/web/guest/tin-tuc/-/asset_publisher/Xk9aB2/content/tuyen-truyen-phong-chong",
            "article",
        ),
        ("https://conganbaolam.vn/category/tin-tuc/page/3/", "listing"),
        ("https://a.gov.vn/web/guest/tin-tuc?p_p_id=101&_101_INSTANCE_Xk9aB2_cur=2", "listing"),
        ("https://conganbaolam.vn/tag/ho-chieu/", None),
        ("https://conganbaolam.vn/?s=ho+chieu", None),
    ],
)
def test_generic_urls(url: str, kind: str | None) -> None:
    assert get_profile("generic").link_kind(url) == kind


def test_feed_paths() -> None:
    assert get_profile("nukeviet").feed_paths == ("/news/rss/", "/sitemap.xml")
    assert "/wp-sitemap.xml" in get_profile("generic").feed_paths


# -- overrides ------------------------------------------------------------------------------------


def test_overrides_take_precedence_css_and_xpath() -> None:
    html = page(
        "<div class='wrap'><h1>Tiêu đề sai của khối quảng cáo bên trên trang</h1>"
        "<div class='tieu-de'>Tiêu đề đúng do sổ đăng ký chỉ ra</div>"
        "<span class='ngay' data-time='2024-03-12T10:15:00+07:00'>hôm qua</span>"
        "<div class='tac-gia'>Thanh Hà</div><div class='chuyen-muc'>An ninh trật tự</div>"
        f"<div class='tom-tat'>Tóm tắt bài viết do sổ đăng ký chỉ ra.</div>"
        f"<div class='khac'><p>{P3}</p><p>{P3}</p><p>{P3}</p></div>"
        f"<div class='noi-dung'><p>{P1}</p><p>{P2}</p></div></div>"
    )
    art = extract(
        URL,
        html,
        overrides={
            "title": ".tieu-de",
            "published_at": "//span[@class='ngay']/@data-time",
            "author": "div.tac-gia",
            "category": "(//div[@class='chuyen-muc'])[1]",
            "summary": ".tom-tat",
            "body": ".noi-dung",
        },
    )
    assert art.title == "Tiêu đề đúng do sổ đăng ký chỉ ra"
    assert art.published_at == datetime.fromisoformat("2024-03-12T10:15:00+07:00")
    assert art.author == "Thanh Hà"
    assert art.category == "An ninh trật tự"
    assert art.summary == "Tóm tắt bài viết do sổ đăng ký chỉ ra."
    assert art.body == [P1, P2]


def test_broken_override_selector_is_ignored() -> None:
    art = extract(URL, article_html(), overrides={"title": "h1[[[", "body": "//div[@class="})
    assert art.title == TITLE
    assert art.body == [P1, P2, P3]


# -- encodings ------------------------------------------------------------------------------------


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese pages use it: base letters plus combining tone marks."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", parts[0] + "".join(c for c in parts[1:] if c not in tones))
            out += base.encode("cp1258") + "".join(c for c in parts[1:] if c in tones).encode("cp1258")
    return bytes(out)


def test_declared_charset() -> None:
    assert (
        declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">')
        == "cp1258"
    )
    assert declared_charset(b"<meta charset='UTF-8'>") == "utf-8"
    assert declared_charset(b"<meta charset='nonsense-42'>") is None
    assert declared_charset(b"<p>no declaration</p>") is None


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"),
        lambda s: s.encode("utf-8"),
        lambda s: _cp1258(s.replace("<head>", '<head><meta charset="windows-1258">')),
        lambda s: _cp1258(
            s.replace(
                "<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
            )
        ),
        lambda s: _cp1258(s),  # undeclared and not UTF-8: the cp1258 fallback
    ],
    ids=[
        "utf8-bom",
        "utf16-bom",
        "utf8-plain",
        "cp1258-meta-charset",
        "cp1258-http-equiv",
        "cp1258-undeclared",
    ],
)
def test_bytes_are_decoded_to_nfc(encode: Callable[[str], bytes]) -> None:
    html = "<html><head><title>x</title></head><body><h1>Công an tỉnh Điện Biên bắt giữ đối tượng</h1></body>"
    text = decode_html(encode(html))
    assert "Công an tỉnh Điện Biên bắt giữ đối tượng" in text
    assert unicodedata.is_normalized("NFC", text)


def test_str_input_is_normalised_to_nfc() -> None:
    html = unicodedata.normalize("NFD", article_html())
    art = extract(URL, html)
    assert art.title == TITLE
    assert art.body == [P1, P2, P3]


# -- fields and cleaning --------------------------------------------------------------------------


def test_dates_never_from_lead_or_now() -> None:
    html = page(
        f"<div class='detail'><h1>{TITLE}</h1>"
        f"<div class='content'><p>Sáng 20/02/2025, tại Hà Nội, {P1}</p><p>{P2}</p><p>{P3}</p></div></div>"
    )
    art = extract(URL, html)
    assert art.published_at is None


def test_nukeviet_meta_date_bug_is_read() -> None:
    head = (
        "<meta name='generator' content='NukeViet v4.3'>"
        "<meta property='article:published_time' content='2017-09-13+0709:36:00'>"
    )
    art = extract(URL, article_html(date_line="", head=head))
    assert art.published_at == datetime.fromisoformat("2017-09-13T09:36:00+07:00")


def test_day_only_date_is_a_date() -> None:
    art = extract(URL, article_html(date_line="05/06/2020"))
    assert art.published_at == date(2020, 6, 5)
    assert not isinstance(art.published_at, datetime)


def test_spacers_bookmarks_captions_and_bylines_leave_the_body() -> None:
    extra = (
        "<p>&nbsp;</p><p><span data-cke-bookmark='1' style='display:none'>&nbsp;</span>\u200b</p>"
        "<p style='text-align:center'><img src='/uploads/anh-1.jpg' alt=''></p>"
        "<p style='text-align:center'><em>Quang cảnh buổi tuyên truyền.</em></p>"
        "<p>Ảnh: Minh Tuấn</p>"
        "<p>Tổng số điểm của bài viết là: 0 trong 0 đánh giá</p>"
        "<p>Chia sẻ</p>"
        "<p style='text-align:right'><strong>Tác giả: Quang Hưng</strong></p>"
        "<p style='text-align:right'>Nguồn tin: Báo Công an nhân dân</p>"
    )
    art = extract(URL, article_html(extra))
    assert art.body == [P1, P2, P3]
    assert [(i.url, i.caption) for i in art.images] == [
        ("https://congan.sonla.gov.vn/uploads/anh-1.jpg", "Quang cảnh buổi tuyên truyền.")
    ]
    assert art.author == "Quang Hưng"
    assert art.source == "Báo Công an nhân dân"


@pytest.mark.parametrize(
    ("tail", "author", "source"),
    [
        ("<p style='text-align:right'><strong>HOÀNG ANH</strong></p>", "HOÀNG ANH", None),
        ("<p style='text-align:right'>Minh Tuấn/PV</p>", "Minh Tuấn/PV", None),
        ("<p>Thủy Quyên</p>", "Thủy Quyên", None),
        ("<p><em>Theo Báo Lạng Sơn</em></p>", None, "Báo Lạng Sơn"),
        ("<p>Nguồn Cổng thông tin điện tử - Bộ Công an</p>", None, "Cổng thông tin điện tử - Bộ Công an"),
        ("<p>Lê Minh</p><p>Nguồn: cand.com.vn</p>", "Lê Minh", "cand.com.vn"),
    ],
)
def test_tail_bylines(tail: str, author: str | None, source: str | None) -> None:
    art = extract(URL, article_html(tail))
    assert (art.author, art.source) == (author, source)
    assert art.body == [P1, P2, P3]


def test_last_sentence_is_not_taken_for_a_name() -> None:
    art = extract(URL, article_html("<p>Người dân cần cảnh giác.</p>"))
    assert art.author is None
    assert art.body[-1] == "Người dân cần cảnh giác."


def test_lead_and_title_are_not_repeated_in_body() -> None:
    html = page(
        f"<div class='detail'><h1>{TITLE}</h1><div class='time'>12/03/2024</div>"
        f"<div class='sapo'>{P1}</div>"
        f"<div class='content'><p>{TITLE}</p><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div>"
    )
    art = extract(URL, html)
    assert art.summary == P1
    assert art.body == [P2, P3]


def test_related_box_inside_body_is_dropped() -> None:
    related = (
        "<div class='box'><p><strong>Tin liên quan</strong></p><ul>"
        "<li><a href='/a-1.html'>Cảnh báo lừa đảo đầu tư chứng khoán ảo trên mạng</a></li>"
        "<li><a href='/b-2.html'>Khởi tố nhóm đối tượng lừa đảo qua mạng xã hội</a></li></ul></div>"
    )
    html = page(
        f"<div class='detail'><h1>{TITLE}</h1><div class='time'>12/03/2024</div>"
        f"<div class='content'><p>{P1}</p>{related}<p>{P2}</p><p>{P3}</p></div></div>"
    )
    art = extract(URL, html)
    assert art.body == [P1, P2, P3]


def test_image_urls_honour_base_href_and_lazy_loading() -> None:
    extra = (
        "<figure><img src='data:image/gif;base64,R0lGOD' data-src='anh/2.jpg'>"
        "<figcaption>Chú thích.</figcaption></figure>"
    )
    html = article_html(extra, head="<base href='https://cdn.sonla.gov.vn/media/'>")
    art = extract(URL, html)
    assert [(i.url, i.caption) for i in art.images] == [
        ("https://cdn.sonla.gov.vn/media/anh/2.jpg", "Chú thích.")
    ]


def test_mojibake_is_repaired() -> None:
    broken = P1.encode("utf-8").decode("latin-1")
    fixed = extract(URL, article_html().replace(P1, broken))
    assert fixed.body[0] == P1


def test_extract_needs_no_scrapy() -> None:
    code = (
        "import sys; from crawler.extract import extract; "
        "a = extract('https://a.vn/x-1.html', '<html><body><h1>Tiêu đề</h1></body></html>'); "
        "assert 'scrapy' not in sys.modules, 'scrapy imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- classification -------------------------------------------------------------------------------


def test_article_is_article() -> None:
    assert extract(URL, article_html()).kind == "article"


def test_thin_page_is_other() -> None:
    html = page(f"<div class='detail'><h1>{TITLE}</h1><div class='time'>12/03/2024</div><p>{P1}</p></div>")
    assert extract(URL, html).kind == "other"


def test_brief_on_a_known_article_url_with_a_date_is_an_article() -> None:
    brief = page(f"<div class='detail'><h1>{TITLE}</h1><div class='time'>12/03/2024</div><p>{P1}</p></div>")
    nukeviet_url = "https://congan.sonla.gov.vn/news/tin-tuc/tuyen-truyen-phap-luat-1234.html"
    article = extract(nukeviet_url, brief, profile="nukeviet")
    assert article.kind == "article"
    assert article.body == [P1]
    # Without a date the same page stays out: a brief needs every sign.
    undated = brief.replace("<div class='time'>12/03/2024</div>", "")
    assert extract(nukeviet_url, undated, profile="nukeviet").kind == "other"


def test_listing_with_teasers_is_listing() -> None:
    items = "".join(
        f"<div class='item'><h3><a href='/tin-tuc/bai-viet-so-{i}-{1000 + i}.html'>"
        f"Công an tỉnh tổ chức hoạt động số {i} "
        f"trong tháng</a></h3><p>{P1[:140]}</p><span>12/03/2024</span></div>"
        for i in range(20)
    )
    html = page(f"<div class='list'><h1>Tin hoạt động</h1>{items}</div>")
    art = extract("https://congan.sonla.gov.vn/chuyen-muc/tin-hoat-dong", html)
    assert art.kind == "listing"
    assert art.body == []


def test_contact_page_is_other() -> None:
    html = page(
        "<div class='detail'><h1>Thông tin liên lạc của Công an tỉnh</h1>"
        "<div class='time'>Cập nhật: 05/01/2024</div>"
        "<div class='content'><p>Địa chỉ: Số 10 đường Tô Hiệu, thành phố Sơn La, tỉnh Sơn La</p>"
        "<p>Điện thoại: 0212.3852.000</p><p>Email: congan@sonla.gov.vn</p><p>Fax: 0212.3852.001</p>"
        f"<p>{P2}</p></div></div>"
    )
    assert extract("https://congan.sonla.gov.vn/thong-tin-1234.html", html).kind == "other"


def test_document_table_is_other() -> None:
    rows = "".join(
        f"<tr><td>{i}</td><td>{i}/KH-CAT</td><td>12/03/2024</td>"
        f"<td>Kế hoạch triển khai nhiệm vụ số {i}</td></tr>"
        for i in range(1, 15)
    )
    html = page(
        "<div class='detail'><h1>Hệ thống chỉ đạo của Công an tỉnh năm 2024</h1>"
        "<div class='time'>12/03/2024</div>"
        f"<div class='content'><p>{P1}</p><table>{rows}</table></div></div>"
    )
    assert extract("https://congan.sonla.gov.vn/chi-dao-1234.html", html).kind == "other"


@pytest.mark.parametrize(
    "url",
    [
        "https://congan.sonla.gov.vn/tim-kiem?q=ma+tuy",
        "https://congan.sonla.gov.vn/news/tag/phong-chay",
        "https://congan.sonla.gov.vn/gioi-thieu",
        "https://congan.sonla.gov.vn/lien-he",
    ],
)
def test_special_urls_are_other(url: str) -> None:
    assert extract(url, article_html()).kind == "other"


def test_non_articles_keep_only_what_names_them() -> None:
    art = extract("https://congan.sonla.gov.vn/tim-kiem?q=ma+tuy", article_html())
    assert art.kind == "other"
    assert (art.body, art.images, art.summary, art.author, art.published_at) == ([], [], None, None, None)


# -- junk never raises ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "junk",
    [
        "",
        b"",
        "   ",
        "just some text, not HTML at all: Công an tỉnh",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj",
        b"\x00\x01\x02\xff\xfe\xfd" * 50,
        "<?xml version='1.0'?><rss><channel><item><title>x</title></item></channel></rss>",
        "<html>",
        "<" * 1000,
        "<div>" * 3000 + "sâu" + "</div>" * 3000,
        "<html><body><table><tr><td><img></td></tr></table><a href='javascript:void(0)'>x</a></body></html>",
        "<script type='application/ld+json'>{not json</script><h1>Tiêu đề</h1>",
        '<script type=\'application/ld+json\'>[{"@type": ["NewsArticle"], "author": [{"name": 5}], '
        '"datePublished": "not a date", "articleSection": [null]}]</script>',
        "<meta property='article:published_time' content='2024-99-99T99:99'><h1>Tiêu đề bài</h1>",
        "<html><body><img src='http://[::1'></body></html>",
    ],
)
def test_junk_input_does_not_raise(junk: str | bytes) -> None:
    art = extract("https://a.vn/x-1.html", junk)
    assert isinstance(art, Article)
    assert art.kind in ("article", "listing", "other")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_do_not_raise(data: bytes) -> None:
    assert isinstance(extract("https://a.vn/", data), Article)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<div class='content'>",
                "</div>",
                "<h1>",
                "</h1>",
                "<img src='a.jpg'>",
                "<br>",
                "<figure>",
                "<figcaption>",
                "<a href='/x-12.html'>",
                "</a>",
                "<table><tr><td>",
                "&nbsp;",
                "Tin liên quan",
                "Tác giả: Lê Minh",
                "12/03/2024",
                "Công an tỉnh tổ chức hội nghị ",
                "<em>",
                "</em>",
            ]
        ),
        max_size=80,
    )
)
def test_random_markup_does_not_raise(parts: list[str]) -> None:
    assert isinstance(extract("https://a.vn/x-12.html", "".join(parts)), Article)


def test_text_walkers_read_the_text_after_a_comment() -> None:
    """A template's comments (``<!-- end .date -->``) sit between elements and inside lines: the text after one
    belongs to the line around it, and a comment beside an element is no element to walk into."""
    from lxml import html as lxml_html

    from crawler.extract import dating, dom

    root = lxml_html.fromstring(
        '<div><div class="noi-dung"><p>Đoạn cuối của bài.</p></div><!-- hết nội dung -->Nguồn: Đội 3'
        '<p class="ngay">Cập nhật 09:40<!-- giờ --> ngày 14/10/2026</p></div>'
    )
    body = root[0]
    assert dating.visible_lines_after(body, 5) == [["Nguồn: Đội 3"], ["Cập nhật 09:40", " ngày 14/10/2026"]]
    assert dating.visible_lines_in(root)[-1] == ["Cập nhật 09:40", " ngày 14/10/2026"]
    assert dom.shown_text(root[-1]) == "Cập nhật 09:40 ngày 14/10/2026"
