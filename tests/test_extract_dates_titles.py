"""Publish dates and headlines on templates no profile knows: one rule per test, on small pages.

The pages were written for the tests but reuse lines of tests/gold and tests/holdout pages (site
headers, footers, sidebar headlines): regression tests of those templates, not independent evidence.
"""

from __future__ import annotations

from datetime import date, datetime

try:
    from tests.mojibake import as_browser_misreads
except ModuleNotFoundError:  # `pytest` puts tests/ itself on sys.path, `python -m pytest` the repo root
    from mojibake import as_browser_misreads  # type: ignore[no-redef]

from crawler.core.dates import TZ
from crawler.extract import extract, get_profile
from crawler.extract.dating import from_line, from_pieces
from crawler.extract.decode import repair_mojibake, to_text
from crawler.extract.dom import selector_for

BODY = (
    "Trong tuần qua, lực lượng Cảnh sát giao thông đã tổ chức nhiều tổ công tác tuần tra, kiểm soát trên "
    "các tuyến đường trọng điểm, phát hiện và xử lý hàng trăm trường hợp vi phạm về nồng độ cồn, tốc độ "
    "và không đội mũ bảo hiểm khi điều khiển xe mô tô."
)
BODY2 = (
    "Đơn vị tiếp tục duy trì lực lượng thường trực, phối hợp với chính quyền địa phương tuyên truyền, "
    "vận động người dân chấp hành nghiêm quy định pháp luật về trật tự an toàn giao thông trong dịp lễ."
)
HEADLINE = "Tăng cường tuần tra kiểm soát bảo đảm an toàn giao thông dịp cuối năm"
URL = "http://congan.example.gov.vn/index.php?act=detail&id=4321"


def _at(y: int, m: int, d: int, hh: int, mm: int) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


def old_table_page(*, title_tag: str, cell: str, head: str = "", sidebar: str = "") -> str:
    """A table-layout portal: banner, menu, sidebar, one content cell, footer with a licence date."""
    return (
        f"<html><head><meta charset='utf-8'><title>{title_tag}</title>{head}</head><body><table>"
        "<tr><td><img src='images/banner_top.jpg' alt='CÔNG AN TỈNH BẮC NAM'></td></tr>"
        "<tr><td><a href='?act=home'><b>Trang chủ</b></a> | <a href='?act=list&cat=2'><b>Tin tức</b></a></td></tr>"
        f"<tr><td width='200'>{sidebar}</td><td>"
        "<table><tr><td><font size='2'><b>&nbsp;TIN HOẠT ĐỘNG</b></font></td></tr>"
        f"<tr><td>{cell}</td></tr></table>"
        "</td></tr>"
        "<tr><td><font size='1'><b>TRANG THÔNG TIN ĐIỆN TỬ CÔNG AN TỈNH BẮC NAM</b><br>"
        "Giấy phép số 99/GP-STTTT, ngày 03 tháng 04 năm 2015 của Sở Thông tin và Truyền thông</font></td></tr>"
        "</table></body></html>"
    )


def cell(date_line: str = "") -> str:
    date_part = f"<font size='1' color='#808080'><i>{date_line}</i></font>" if date_line else ""
    return (
        f"<font size='3' color='#990000'><b>{HEADLINE}</b></font><br>{date_part}<br><br>"
        f"<font face='Times New Roman'>{BODY}<br><br>{BODY2}<br><br></font>"
    )


# -- dates ------------------------------------------------------------------------------------------


def test_date_line_split_from_the_body_by_br_in_one_cell() -> None:
    # Title, date and body share one <td>; only <br> (with nothing but whitespace after it) separate them.
    art = extract(URL, old_table_page(title_tag=HEADLINE, cell=cell("Thứ năm - 14/11/2019 08:20")))
    assert art.published_at == _at(2019, 11, 14, 8, 20)


def test_date_on_the_headline_line_after_a_bold_title() -> None:
    page = old_table_page(
        title_tag=HEADLINE,
        cell=f"<font size='3'><b>{HEADLINE}</b></font> <font size='1'>(Ngày 09/07/2021)</font><br><br>"
        f"<font>{BODY}<br><br>{BODY2}</font>",
    )
    assert extract(URL, page).published_at == date(2021, 7, 9)


def test_date_line_sharing_its_line_with_a_view_counter_in_a_sibling_element() -> None:
    page = (
        f"<html><head><title>{HEADLINE}</title></head><body><div class='news-detail'>"
        f"<h2 class='news-heading'>{HEADLINE}</h2>"
        "<div class='meta'><span class='d'>Ngày đăng 25/12/2023 | 12:30 PM</span> "
        "<span class='v'>- Lượt xem: 2.417</span></div>"
        f"<div class='body'><p>{BODY}</p><p>{BODY2}</p></div></div></body></html>"
    )
    assert extract(URL, page).published_at == _at(2023, 12, 25, 12, 30)


def test_time_before_the_day_with_a_label_and_a_counter_beside() -> None:
    pieces = ["Cập nhật: 22:45 ngày 5/1/2022", "Lượt xem: 3.058"]
    assert from_pieces(pieces) == _at(2022, 1, 5, 22, 45)


def test_time_in_the_segment_after_the_day() -> None:
    # "|" splits the line into segments; the time is the one after the day, a counter after that.
    assert from_line("Ngày đăng 02/11/2021 | 09:15 AM | Lượt xem: 864") == _at(2021, 11, 2, 9, 15)


def test_a_date_inside_a_lead_sentence_is_not_a_date_line() -> None:
    assert from_pieces(["Sáng", "20/02/2025", ", tại Hà Nội, Công an tỉnh tổ chức hội nghị"]) is None
    assert from_pieces(["Ngày", "20/02/2025", "Công an tỉnh tổ chức hội nghị tổng kết công tác năm"]) is None


def test_no_date_shown_gives_none_not_the_footer_licence_date() -> None:
    art = extract(URL, old_table_page(title_tag=HEADLINE, cell=cell()))
    assert art.title == HEADLINE
    assert art.published_at is None


def test_sidebar_repeating_the_headline_as_a_link_does_not_lend_its_date() -> None:
    sidebar = (
        f"<b>TIN MỚI</b><br><a href='?act=detail&id=4321'><font size='2'>{HEADLINE}</font></a><br>"
        "<font size='1'>(01-01-2019)</font><br>"
    )
    page = old_table_page(title_tag=HEADLINE, cell=cell("Ngày đăng: 14-11-2019"), sidebar=sidebar)
    assert extract(URL, page).published_at == date(2019, 11, 14)


# -- titles -----------------------------------------------------------------------------------------


def test_upper_case_site_name_before_the_headline_is_stripped() -> None:
    page = old_table_page(title_tag=f"CÔNG AN TỈNH BẮC NAM - {HEADLINE}", cell=cell("Thứ năm - 14/11/2019 08:20"))
    art = extract(URL, page)
    assert art.title == HEADLINE
    assert art.published_at == _at(2019, 11, 14, 8, 20)


def test_og_site_name_before_the_headline_is_stripped() -> None:
    page = (
        "<html><head><title>x</title><meta property='og:site_name' content='Công an huyện Đông Tây'>"
        f"<meta property='og:title' content='Công an huyện Đông Tây | {HEADLINE}'></head><body>"
        f"<div class='detail'><div class='tieude'>{HEADLINE}</div><div class='body'><p>{BODY}</p><p>{BODY2}</p>"
        "</div></div></body></html>"
    )
    assert extract(URL, page).title == HEADLINE


def test_title_tag_that_is_only_the_site_name_gives_way_to_the_shown_headline() -> None:
    # <title> equals the banner's alt: the headline is the bold line followed by the article text.
    art = extract(URL, old_table_page(title_tag="CÔNG AN TỈNH BẮC NAM", cell=cell("Ngày 14/11/2019")))
    assert art.title == HEADLINE
    assert art.published_at == date(2019, 11, 14)


def test_site_name_title_known_from_the_logo_alt_in_mixed_case() -> None:
    page = (
        "<html><head><title>Công an thành phố Cửu Long</title></head><body>"
        "<div class='top'><a href='/'><img src='/img/site-logo.png' alt='Công an thành phố Cửu Long'></a></div>"
        f"<div class='main'><p><strong>{HEADLINE}</strong></p><p>{BODY}</p><p>{BODY2}</p></div></body></html>"
    )
    assert extract(URL, page).title == HEADLINE


def test_title_part_the_page_shows_wins_over_category_and_site_parts() -> None:
    page = (
        f"<html><head><title>Tin hoạt động | {HEADLINE} | Báo điện tử Nam Bắc</title></head><body>"
        f"<div class='content'><span class='big'>{HEADLINE}</span><p>{BODY}</p><p>{BODY2}</p></div></body></html>"
    )
    assert extract(URL, page).title == HEADLINE


def test_a_short_og_title_is_the_start_of_the_printed_headline() -> None:
    # A static-site generator writes the page's short sidebar name to og:title; the <h1> says it in full.
    short = "Tăng cường tuần tra kiểm soát"
    page = (
        f"<html><head><title>{short} | Công an tỉnh Bắc Nam</title>"
        f"<meta property='og:title' content='{short}'></head><body>"
        f"<main><h1>{HEADLINE}</h1><p>{BODY}</p><p>{BODY2}</p></main></body></html>"
    )
    assert extract(URL, page).title == HEADLINE


def test_a_metadata_title_shown_only_as_a_breadcrumb_link_yields_to_the_only_h1() -> None:
    nav_name = "Tuần tra dịp cuối năm"
    page = (
        f"<html><head><title>{nav_name} - Cửa hàng Bắc Nam</title><meta property='og:title' content='{nav_name}'>"
        "</head><body><ol class='crumbs'><li><a href='/'>Trang chủ</a></li>"
        f"<li><a href='/content/9-tuan-tra'><span>{nav_name}</span></a></li></ol>"
        f"<section id='main'><header class='page-header'><h1>{HEADLINE}</h1></header>"
        f"<section class='page-content'><p>{BODY}</p><p>{BODY2}</p></section></section></body></html>"
    )
    assert extract(URL, page).title == HEADLINE


def test_an_h1_in_the_story_header_is_the_headline_but_not_one_in_the_site_header() -> None:
    page = (
        "<html><head><title>Cửa hàng Bắc Nam</title></head><body>"
        "<header class='site'><div class='logo'>Cửa hàng Bắc Nam</div></header>"
        f"<section id='main'><header class='page-header'><h1>{HEADLINE}</h1></header>"
        f"<div class='page-content'><p>{BODY}</p><p>{BODY2}</p></div></section></body></html>"
    )
    assert extract(URL, page).title == HEADLINE
    in_banner = page.replace("<header class='site'><div class='logo'>Cửa hàng Bắc Nam</div></header>",
                             "<header class='site'><h1>Cửa hàng Bắc Nam - Dịch vụ tận tâm</h1></header>")
    assert extract(URL, in_banner).title == HEADLINE


def test_mojibake_title_tag_og_title_and_heading_are_repaired_nbsp_and_soft_hyphen_included() -> None:
    # "à" is C3 A0 and "ử" E1 BB AD: as cp1252 their last bytes are NBSP and a soft hyphen, which
    # whitespace clean-up would destroy before any later repair.
    headline = "Xử lý tài xế vi phạm nồng độ cồn trên quốc lộ"
    broken = as_browser_misreads(headline)
    assert "\xa0" in broken and "\xad" in broken
    page = (
        f"<html><head><meta charset='utf-8'><title>{broken} - {as_browser_misreads('Công an tỉnh Bắc Nam')}</title>"
        f"<meta property='og:title' content='{broken}'></head><body><div class='detail'>"
        f"<h1>{broken}</h1><p>{as_browser_misreads(BODY)}</p><p>{as_browser_misreads(BODY2)}</p></div></body></html>"
    )
    art = extract(URL, page.encode("utf-8"))
    assert art.title == headline
    assert art.body[0] == BODY


def test_mojibake_repair_leaves_real_vietnamese_alone() -> None:
    text = "<p>NGÃ\xa0BA HUẾ – “CÔNG AN” tỉnh Hà Nội à á â ã è é ê</p>"
    assert repair_mojibake(text) == text
    # Two odd pairs are not enough to call a page broken.
    assert repair_mojibake("Ã© and Ã¨ " + text) == "Ã© and Ã¨ " + text
    hotline = "Công an tỉnh Điện Biên: Đường dây nóng"
    assert to_text(as_browser_misreads(hotline)) == hotline


def test_mojibake_title_tag_is_repaired_even_without_the_document_repair() -> None:
    # Profile.extract on a Selector skips decoding: <title> and og:title are repaired where they are read.
    headline = "Bắt giữ đối tượng trộm cắp tài sản tại nhiều chùa"
    page = (
        f"<html><head><title>{as_browser_misreads(headline)} - {as_browser_misreads('Công an tỉnh Bắc Nam')}"
        "</title></head><body>"
        f"<div class='a'><h2>{headline}</h2><div class='d'>Ngày đăng: 22/04/2019 07:48</div>"
        f"<h2>{HEADLINE}</h2><p>{BODY}</p><p>{BODY2}</p></div></body></html>"
    )
    art = get_profile("generic").extract(URL, selector_for(page))
    assert art.title == headline
    assert art.published_at == _at(2019, 4, 22, 7, 48)
