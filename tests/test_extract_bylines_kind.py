"""Authors, sources and article/non-article classification, one rule per test, on small pages.

The pages were written for the tests but reuse pieces of tests/gold pages (the gold modern-news JSON-LD
publisher block, a schedule table's header, lines of a gold WordPress and NukeViet page).
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from lxml import html as lxml_html

from crawler.core.dates import TZ
from crawler.extract import bylines, classify, extract

PARAS = (
    "Sáng 5/6, lực lượng Công an phường phối hợp với Ban quản lý khu phố tổ chức buổi tuyên truyền phòng "
    "chống cháy nổ cho các hộ kinh doanh dọc tuyến đường chính, thu hút đông đảo người dân tham dự.",
    "Tại buổi tuyên truyền, cán bộ Công an hướng dẫn cách sử dụng bình chữa cháy, thoát nạn khi có sự cố "
    "và nhắc nhở các hộ không để hàng hóa lấn chiếm lối đi, kiểm tra thường xuyên hệ thống điện.",
    "Dịp này, đơn vị cũng trao tặng hai mươi bình chữa cháy mini cho các hộ gia đình có hoàn cảnh khó khăn "
    "và phát tờ rơi hướng dẫn kỹ năng phòng cháy, chữa cháy tại gia đình.",
)
TITLE = "Công an phường tuyên truyền phòng cháy chữa cháy cho hộ kinh doanh"


def _doc(main: str, *, head: str = "", aside: str = "") -> str:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{TITLE}</title>{head}</head><body>"
        "<nav><ul><li><a href='/'>Trang chủ</a></li><li><a href='/gioi-thieu/'>Giới thiệu</a></li></ul></nav>"
        f"<div class='wrap'><div class='col-main'>{main}</div><div class='col-side'>{aside}</div></div>"
        "<footer><p>Bản quyền thuộc Công an phường</p></footer></body></html>"
    )


def _paras(extra: str = "") -> str:
    return "".join(f"<p>{p}</p>" for p in PARAS) + extra


# --- authors: byline markup by the headline ---------------------------------------------------


def test_hatom_byline_next_to_the_headline_is_the_author() -> None:
    main = (
        "<article class='post hentry'><header class='entry-header'>"
        f"<h1 class='entry-title'>{TITLE}</h1>"
        "<div class='entry-meta'><time class='entry-date' datetime='2023-06-05T08:00:00+07:00'>05/06/2023</time>"
        "<span class='byline'> bởi <span class='author vcard'><a class='url fn n' href='/author/tt/'>"
        "Trần Thảo</a></span></span></div></header>"
        f"<div class='entry-content'>{_paras()}</div></article>"
        "<div id='comments' class='comments-area'><div class='comment-author vcard'>"
        "<b class='fn'>Nguyễn Bình Luận</b> <span class='says'>viết:</span></div><p>Bài viết hay quá.</p></div>"
    )
    article = extract("https://example.vn/2023/06/tuyen-truyen-pccc-ho-kinh-doanh/", _doc(main))
    assert article.kind == "article"
    assert article.author == "Trần Thảo"


def test_byline_never_comes_from_comments_or_widgets() -> None:
    title = lxml_html.fromstring(
        "<div><article><h1>Tiêu đề bài</h1><div class='comment-list'><div class='comment-author vcard'>"
        "<span class='fn'>Người Bình Luận</span></div></div>"
        "<div class='widget'><a rel='author' href='/u/1'>Tác Giả Khác</a></div></article></div>"
    ).find(".//h1")
    assert bylines.near_title(title) is None


def test_rel_author_link_and_itemprop_author_name() -> None:
    rel = lxml_html.fromstring(
        "<div><div class='head'><h1>Tiêu đề</h1><p class='meta'>Đăng bởi <a rel='author' href='/u/ha'>"
        "Minh Hà</a></p></div></div>"
    ).find(".//h1")
    assert bylines.near_title(rel) == "Minh Hà"
    itemprop = lxml_html.fromstring(
        "<div><div class='head'><h2>Tiêu đề</h2><dl><dd itemprop='author' itemscope>Viết bởi: "
        "<span itemprop='name'>Lê Văn Tám</span></dd></dl></div></div>"
    ).find(".//h2")
    assert bylines.near_title(itemprop) == "Lê Văn Tám"


def test_byline_accounts_and_site_names_are_not_authors() -> None:
    for name in ("admin", "Công an tỉnh Hòa Bình", "quantri", "Ban biên tập"):
        title = lxml_html.fromstring(
            f"<div><header><h1>Tiêu đề</h1><span class='byline'><span class='author vcard'>"
            f"<a class='fn'>{name}</a></span></span></header></div>"
        ).find(".//h1")
        assert bylines.near_title(title) is None, name


def test_signature_at_the_end_of_the_body_beats_the_posting_account() -> None:
    main = (
        "<article class='post hentry'><header class='entry-header'>"
        f"<h1 class='entry-title'>{TITLE}</h1>"
        "<div class='entry-meta'><time class='entry-date' datetime='2023-06-05T08:00:00+07:00'>05/06/2023</time>"
        "<span class='byline'> bởi <span class='author vcard'><a class='url fn n' href='/author/bt/'>"
        "Biên Tập Viên</a></span></span></div></header>"
        f"<div class='entry-content'>{_paras()}<p style='text-align:right'><strong>Hoàng Yến</strong></p>"
        "</div></article>"
    )
    article = extract("https://example.vn/2023/06/tuyen-truyen-pccc-ho-kinh-doanh/", _doc(main))
    assert article.author == "Hoàng Yến"


# --- authors: JSON-LD ---------------------------------------------------------------------------


def _ld(author: object) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": TITLE,
        "datePublished": "2023-06-05T08:00:00+07:00",
        "author": author,
    }
    return f"<script type='application/ld+json'>{json.dumps(data, ensure_ascii=False)}</script>"


def _signed_page(author: object, signature: str) -> str:
    main = (
        f"<article class='detail'><h1 class='detail-title'>{TITLE}</h1><div class='detail-content'>{_paras()}"
        f"<p style='text-align: right;'><strong>{signature}</strong></p></div></article>"
    )
    return _doc(main, head=_ld(author))


def test_the_signature_as_printed_wins_over_the_jsonld_form_of_the_same_name() -> None:
    article = extract(
        "https://news.example.vn/tuyen-truyen-pccc-post123456.html",
        _signed_page({"@type": "Person", "name": "Thu Trang"}, "Thu Trang/PV"),
    )
    assert article.author == "Thu Trang/PV"
    assert all("Thu Trang" not in p for p in article.body)


@pytest.mark.parametrize(("printed", "named"), [
    ("Trung tá ĐỖ VĂN LỰC", "Đỗ Văn Lực"),
    ("Bài và ảnh: NGÔ THỊ HẠNH", "Ngô Thị Hạnh"),
    ("Thiếu úy Lưu Minh Khoa (Đội CSGT số 2)", "Lưu Minh Khoa"),
])
def test_a_byline_printed_under_the_headline_names_the_jsonld_author_as_printed(printed: str, named: str) -> None:
    main = (f"<article><h1>{TITLE}</h1><div class='meta'><span>09:10 | 02/11/2026</span></div>"
            f"<p class='lead'>{'Một đoạn tóm tắt đủ dài để không phải là dòng tác giả. ' * 5}</p>"
            f"<div class='by'>{printed}</div><div class='content'>{_paras()}</div></article>")
    article = extract("https://news.example.vn/tuyen-truyen-pccc-post123456.html",
                      _doc(main, head=_ld({"@type": "Person", "name": named})))
    expected = printed.split(": ", 1)[-1]
    assert article.author == expected
    # Another name printed alone is no byline of this article: JSON-LD's form stays.
    other = extract("https://news.example.vn/tuyen-truyen-pccc-post123456.html",
                    _doc(main.replace(printed, "Trung tá TRẦN VĂN BA"), head=_ld({"@type": "Person", "name": named})))
    assert other.author == named


def test_jsonld_authors_are_joined_and_organizations_ignored() -> None:
    two = [{"@type": "Person", "name": "Văn Nam"}, {"@type": "Person", "name": "Hải Yến"}]
    assert bylines.from_jsonld(two) == "Văn Nam - Hải Yến"
    assert bylines.from_jsonld({"@type": "Organization", "name": "Báo Công an"}) is None
    assert bylines.from_jsonld({"@type": "Person", "name": "Báo Mới"}, "Báo Mới") is None
    article = extract(
        "https://news.example.vn/tuyen-truyen-pccc-post123456.html",
        _signed_page({"@type": "Organization", "name": "Báo Công an"}, "Thu Trang/PV"),
    )
    assert article.author == "Thu Trang/PV"


# --- kind: signs that an undated page is a news item --------------------------------------------


def _undated(extra: str = "") -> str:
    main = (
        f"<div class='box-detail'><h1 class='box-title'>{TITLE}</h1>"
        f"<div class='box-text'>{_paras(extra)}</div></div>"
    )
    return _doc(main)


def test_undated_prose_without_any_sign_stays_other() -> None:
    assert extract("https://example.vn/web/trang/tuyen-truyen-pccc", _undated()).kind == "other"


def test_signature_line_makes_undated_prose_an_article() -> None:
    url = "https://example.vn/web/trang/tuyen-truyen-pccc"
    signed = extract(url, _undated("<p style='text-align:right'><b>Ngọc Lan/PV</b></p>"))
    assert signed.kind == "article"
    assert signed.author == "Ngọc Lan/PV"
    sourced = extract(url, _undated("<p style='text-align:right'><em>Nguồn: Báo Nhân dân</em></p>"))
    assert sourced.kind == "article"
    assert sourced.source == "Báo Nhân dân"
    assert all("Nguồn" not in p for p in sourced.body)


def test_headline_slug_under_a_news_section_makes_an_article() -> None:
    url = "https://example.vn/tin-tuc/Pages/cong-an-phuong-tuyen-truyen-phong-chay-cho-ho-kinh-doanh.aspx"
    assert extract(url, _undated()).kind == "article"
    assert classify.url_in_news_section(url)
    assert not classify.url_in_news_section("https://example.vn/tin-tuc/Pages/default.aspx")
    assert not classify.url_in_news_section("https://example.vn/news/phong-chong-toi-pham/page-2/")
    assert not classify.url_in_news_section("https://example.vn/news/tac-gia/nguyen-thi-thu-trang-ha-noi/")
    assert not classify.url_in_news_section("https://example.vn/gioi-thieu/co-cau-to-chuc-cua-cong-an-tinh.aspx")


# --- kind: schedule and register tables ---------------------------------------------------------


def _schedule_rows(n: int) -> str:
    return "".join(
        f"<tr><td>{i}</td><td>Thứ Ba, {i + 6:02d}/02/2024</td><td>Thượng tá Nguyễn Văn {chr(65 + i)}</td>"
        "<td>Phó Trưởng Công an huyện</td><td>Trụ sở tiếp công dân</td></tr>"
        for i in range(1, n + 1)
    )


def _table_page(title: str, rows: str, prose: tuple[str, ...]) -> str:
    table = (
        "<table><tr><th>STT</th><th>Ngày</th><th>Cán bộ</th><th>Chức vụ</th><th>Địa điểm</th></tr>"
        f"{rows}</table>"
    )
    body = f"<p>{prose[0]}</p>{table}" + "".join(f"<p>{p}</p>" for p in prose[1:])
    main = f"<div class='ArticleContent' itemscope itemtype='https://schema.org/Article'><h1>{title}</h1>{body}</div>"
    return _doc(main)


def test_page_carried_by_a_schedule_table_is_not_an_article() -> None:
    # The table is 40% of the text: not more than half, so only the schedule rule sees it.
    page = _table_page("Kế hoạch làm việc của lãnh đạo đơn vị tháng 2", _schedule_rows(4), PARAS)
    assert extract("https://example.vn/ke-hoach-thang-2.aspx", page).kind == "other"


def test_article_with_a_small_dated_table_stays_an_article() -> None:
    prose = PARAS * 3
    page = _table_page(TITLE, _schedule_rows(3), prose)
    assert extract("https://example.vn/ke-hoach-thang-2.aspx", page).kind == "article"


def test_table_of_daily_figures_is_an_articles_statistics() -> None:
    rows = "".join(
        f"<tr><td>{d:02d}/5</td><td>{d + 3}</td><td>{d % 3}</td><td>{150 + d * 7}</td><td>{20 + d}</td></tr>"
        for d in range(1, 23)
    )
    # The figures are over a third of the text: a schedule's share, but no schedule.
    page = _table_page(TITLE, rows, PARAS)
    assert classify.schedule_table_chars([lxml_html.fromstring(f"<div><table>{rows}</table></div>")]) == 0
    assert extract("https://example.vn/ket-qua-dip-nghi-le.aspx", page).kind == "article"


def test_schedule_table_needs_dated_rows() -> None:
    dated = lxml_html.fromstring(f"<div><table>{_schedule_rows(3)}</table></div>")
    assert classify.schedule_table_chars([dated]) > 0
    plain = lxml_html.fromstring(
        "<div><table>" + "<tr><td>Đội</td><td>Cảnh sát giao thông</td></tr>" * 4 + "</table></div>"
    )
    assert classify.schedule_table_chars([plain]) == 0


def test_reception_schedule_named_by_title_or_url_is_other() -> None:
    assert classify.title_says_other("Lịch tiếp công dân quý I năm 2024")
    assert classify.title_says_other("Lịch trực Tết Nguyên đán")
    assert classify.url_says_other("https://example.vn/lich-tiep-cong-dan.aspx")
    assert not classify.title_says_other("Lãnh đạo Công an tỉnh tiếp công dân định kỳ tháng 3")


def test_the_story_ends_at_its_signature_before_a_footer_in_another_box() -> None:
    # The blocks of a body container that also took a newsletter's footer (another table of the same cell).
    from crawler.extract.assemble import assemble
    from crawler.extract.blocks import Block

    root = lxml_html.fromstring(
        "<div><table><tr><td id='story'><p>a</p><p>b</p><p id='sig'>c</p></td></tr></table>"
        "<table><tr><td id='foot'><p>d</p><p>e</p><p>f</p></td></tr></table></div>")
    story, foot = root.get_element_by_id("story"), root.get_element_by_id("foot")
    paragraphs = [
        "Chiều 4/11, Đội Cảnh sát giao thông phối hợp Đoàn Thanh niên xã tổ chức tuyên truyền an toàn giao "
        "thông cho hơn 300 học sinh Trường THCS Hòa Bình, phát mũ bảo hiểm cho các em có hoàn cảnh khó khăn.",
        "Cán bộ tuyên truyền hướng dẫn các em cách đội mũ bảo hiểm đúng quy cách, kỹ năng qua đường an toàn và "
        "nhắc nhở phụ huynh không giao xe cho con chưa đủ tuổi điều khiển phương tiện.",
    ]
    footer = ["LIÊN HỆ TRỰC BAN", "Điện thoại: 0290 3 831 113 - Cứu hộ: 114",
              "Bạn nhận thư này vì đã đăng ký nhận bản tin của đơn vị."]
    blocks = [Block(text, owner=story[i]) for i, text in enumerate(paragraphs)]
    blocks.append(Block("Quốc Bảo - Thanh Tâm", owner=story[2], align="right", bold=True))
    blocks += [Block(text, owner=foot[i], bold=i == 0) for i, text in enumerate(footer)]
    out = assemble(blocks, title=None, summary=None)
    assert out.author == "Quốc Bảo - Thanh Tâm"
    assert out.body == paragraphs
    # Lines after the name in its own box are the story's: nothing is cut.
    inside = [Block(text, owner=story[i % 3]) for i, text in enumerate([*paragraphs, *footer])]
    inside.insert(2, Block("Quốc Bảo - Thanh Tâm", owner=story[2], align="right", bold=True))
    assert "Bạn nhận thư này vì đã đăng ký nhận bản tin của đơn vị." in assemble(inside, title=None, summary=None).body
    # A credited source ends the story as a signature does.
    sourced = [*blocks[:2], Block("Theo Báo Thanh Hóa", owner=story[2]), *blocks[3:]]
    out = assemble(sourced, title=None, summary=None)
    assert (out.source, out.body) == ("Báo Thanh Hóa", paragraphs)


def test_a_one_column_layout_table_with_dates_in_its_rows_is_an_article() -> None:
    rows = [
        "<b>Từ ngày 01/01/2026, áp dụng quy trình mới khi đăng ký tạm trú trực tuyến</b>",
        "Ngày đăng: 29/12/2025 - Tác giả: Lê Văn Phúc",
        "<b>Từ ngày 01/01/2026, người dân đăng ký tạm trú trên ứng dụng VNeID được trả kết quả điện tử.</b>",
        "<p>Theo hướng dẫn ngày 20/12/2025 của Công an tỉnh, hồ sơ đăng ký tạm trú trực tuyến được tiếp nhận "
        "và giải quyết trong 3 ngày làm việc, người dân không phải đến trụ sở Công an xã để nhận kết quả.</p>"
        "<p>Công an xã đề nghị người dân kích hoạt tài khoản định danh điện tử mức 2 trước ngày 31/12/2025 để "
        "thuận tiện khi thực hiện các thủ tục hành chính trên môi trường điện tử.</p>",
    ]
    table = "<table>" + "".join(f"<tr><td>{r}</td></tr>" for r in rows) + "</table>"
    page = (f"<html><head><title>Tạm trú trực tuyến - Công an xã</title></head><body>{table}"
            "<p>Bản quyền © Công an xã Đông Sơn</p></body></html>")
    article = extract("http://congan-dongson.example.vn/tintuc/xemtin.asp?id=88", page)
    assert article.kind == "article"
    assert article.published_at == date(2025, 12, 29)


def test_a_section_badge_before_the_headline_in_its_cell_is_no_paragraph() -> None:
    story = "".join(f"<p>{p}</p>" for p in (
        "Thời gian qua, Công an tỉnh phát hiện nhiều trường hợp đối tượng giả danh nhân viên điện lực gọi điện "
        "yêu cầu người dân thanh toán tiền điện qua đường link lạ để chiếm đoạt tài khoản ngân hàng.",
        "Người dân khi nhận được cuộc gọi như trên cần liên hệ tổng đài chăm sóc khách hàng của ngành điện để "
        "xác minh, tuyệt đối không bấm vào đường link và không cung cấp mã OTP cho bất kỳ ai.",
    ))
    page = ("<html><head><title>Bản tin số 8</title></head><body><table><tr><td>"
            "<span style='font-weight:bold;background:#900;color:#fff'>CẢNH GIÁC</span>"
            f"<h1>Giả danh nhân viên điện lực để lừa đảo</h1><div>08:30 | 03/11/2026</div>{story}</td></tr>"
            "</table></body></html>")
    article = extract("https://bantin.example.vn/so-8/gia-danh-dien-luc.html", page)
    assert article.body[0].startswith("Thời gian qua") and "CẢNH GIÁC" not in article.body
    # Old templates put the headline, a <br> and the text in one cell: that text stays.
    old = ("<html><body><table><tr><td><b>Giả danh nhân viên điện lực để lừa đảo</b><br>03/11/2026<br>"
           f"{story}</td></tr></table></body></html>")
    assert len(extract("https://ca.example.vn/tin.asp?id=7", old).body) == 2


def test_a_wiki_page_meta_line_edit_links_and_info_box_labels() -> None:
    paragraph = ("Sáng 02/11, Công an xã phối hợp với Hội Cựu chiến binh tổ chức tuyên truyền phòng, chống ma túy "
                 "cho hơn 150 người dân bản Nà Ten, phát tờ rơi và giải đáp thắc mắc về thủ tục cấp căn cước.")
    main = (
        f"<div id='content'><h1>{TITLE}</h1><div class='body'>"
        "<p>Ngày xuất bản: 03/11/2026 | Người viết: Lò Thị Hương (Công an xã Nà Ten)</p>"
        "<table><tr><th>Thông tin</th></tr><tr><td>Chuyên mục</td></tr><tr><td>Đường dây nóng</td></tr></table>"
        f"<p>{paragraph}</p><h2>Kết quả tuyên truyền<span>[sửa mã nguồn]</span></h2><p>{paragraph}</p>"
        "</div></div>"
    )
    article = extract("https://wiki.example.vn/wiki/Tuyen_truyen_phong_chong_ma_tuy", _doc(main))
    assert article.author == "Lò Thị Hương (Công an xã Nà Ten)"
    assert article.body == [paragraph, "Kết quả tuyên truyền", paragraph]


@pytest.mark.parametrize(("headline", "title"), [
    # A forum thread's prefix: a short link before the unlinked title.
    ("<a href='/forums/tin-tuc.7/?prefix_id=2'><span>Thông báo</span></a>&nbsp;Tuyển chọn tình nguyện viên "
     "hỗ trợ người dân làm thủ tục cư trú", "Tuyển chọn tình nguyện viên hỗ trợ người dân làm thủ tục cư trú"),
    # A headline that is a link all through keeps its words.
    ("<a href='/t/12'>Tuyển chọn tình nguyện viên hỗ trợ người dân làm thủ tục cư trú</a>",
     "Tuyển chọn tình nguyện viên hỗ trợ người dân làm thủ tục cư trú"),
    # A linked place that the sentence goes on from is part of the headline.
    ("<a href='/tag/ha-noi'>Hà Nội</a> tuyển chọn tình nguyện viên hỗ trợ người dân làm thủ tục",
     "Hà Nội tuyển chọn tình nguyện viên hỗ trợ người dân làm thủ tục"),
])
def test_a_prefix_link_that_opens_the_headline_is_no_part_of_the_title(headline: str, title: str) -> None:
    main = f"<article><h1>{headline}</h1><p>09:15 | 28/11/2026</p><div class='content'>{_paras()}</div></article>"
    assert extract("https://forum.example.vn/threads/tuyen-chon.812/", _doc(main)).title == title


@pytest.mark.parametrize(("before", "after", "aside", "author"), [
    # An avatar card: the name on its own line, the (relative) date on the next.
    ("", "<div class='card'><div>Bảo Ngọc - Hữu Tài</div><div>02/11/2026 · 3 phút đọc</div></div>", "",
     "Bảo Ngọc - Hữu Tài"),
    # A labelled byline above the headline, in its box.
    ("<div class='kicker'>Bài và ảnh: Trần Khánh Linh</div>", "<p>10:20 | 02/11/2026</p>", "", "Trần Khánh Linh"),
    # The one labelled byline of the page, in an info box beside the text.
    ("", "<p>10:20 | 02/11/2026</p>", "<div class='box'><h3>Thông tin</h3><p>Tác giả: <b>Đỗ Minh Quân</b><br>"
     "Chuyên mục: Tin tức<br>Lượt xem: 88</p></div>", "Đỗ Minh Quân"),
])
def test_bylines_beside_the_date_above_the_headline_and_once_on_the_page(
        before: str, after: str, aside: str, author: str | None) -> None:
    main = (f"<article><div class='head'>{before}<h1>{TITLE}</h1>{after}</div>"
            f"<div class='content'>{_paras()}</div></article>")
    article = extract("https://news.example.vn/tuyen-truyen-pccc-post123456.html", _doc(main, aside=aside),
                      fetched_at=datetime(2026, 11, 3, 9, 0, tzinfo=TZ))
    assert article.author == author


def test_labelled_bylines_naming_different_writers_name_none() -> None:
    from crawler.extract.fields.author import _labelled_once

    one = lxml_html.fromstring("<div><p>Tác giả: <b>Đỗ Minh Quân</b><br>Lượt xem: 88</p>"
                               "<p>Người viết: Đỗ Minh Quân</p></div>")
    assert _labelled_once(one) == "Đỗ Minh Quân"
    two = lxml_html.fromstring("<ul><li>Tác giả: Đỗ Minh Quân</li><li>Tác giả: Lê Thu Hà</li></ul>")
    assert _labelled_once(two) is None


def test_a_cms_name_in_the_author_meta_is_no_author() -> None:
    main = f"<article><h1>{TITLE}</h1><p>10:20 | 02/11/2026</p><div class='content'>{_paras()}</div></article>"
    head = "<meta name='author' content='OctoberCMS'>"
    assert extract("https://news.example.vn/tuyen-truyen-pccc-post123456.html", _doc(main, head=head)).author is None


@pytest.mark.parametrize("line", [
    "Đánh giá bài viết: (3 lượt đánh giá)",
    "Bài viết này đã được đăng cách đây hơn 1 năm, một số thông tin có thể không còn chính xác.",
    "Bài viết được chuyển từ trang thông tin cũ của đơn vị.",
])
def test_rating_counts_and_archive_notices_are_chrome(line: str) -> None:
    main = (f"<article><h1>{TITLE}</h1><p>10:20 | 02/11/2026</p><div class='content'>"
            f"<p><i>{line}</i></p>{_paras()}</div></article>")
    article = extract("https://news.example.vn/tuyen-truyen-pccc-post123456.html", _doc(main))
    assert article.kind == "article" and line not in article.body


def test_an_author_card_after_the_text_is_no_paragraph() -> None:
    card = "<div class='card'><p><b>Vương Thảo My</b></p><p>Phóng viên Ban Thời sự</p></div>"
    main = (f"<article><h1>{TITLE}</h1><p>10:20 | 02/11/2026</p><div class='content'>{_paras()}{card}</div>"
            "</article>")
    article = extract("https://news.example.vn/tuyen-truyen-pccc-post123456.html",
                      _doc(main, head=_ld({"@type": "Person", "name": "Vương Thảo My"})))
    assert article.author == "Vương Thảo My"
    assert not any("Phóng viên Ban Thời sự" in p or p == "Vương Thảo My" for p in article.body)


def test_a_page_builders_content_areas_named_like_widgets_are_the_article() -> None:
    paragraphs = [
        "Sáng 15/11, Công an đặc khu phối hợp Ban quản lý cảng cá tổ chức tuyên truyền cho hơn 200 ngư dân "
        "về quy định phòng, chống khai thác hải sản bất hợp pháp và kỹ năng cứu nạn trên biển.",
        "Cán bộ tuyên truyền hướng dẫn ngư dân sử dụng thiết bị giám sát hành trình, khai báo tàu cá khi "
        "xuất bến, cập bến và liên hệ lực lượng chức năng khi gặp sự cố trên biển.",
        "Dịp này, đơn vị trao tặng 50 áo phao và 20 bộ đàm cho các tàu cá có hoàn cảnh khó khăn, góp phần "
        "bảo đảm an toàn cho ngư dân trong mùa biển động cuối năm.",
    ]
    areas = "".join(f"<div class='cms-area-widget'><div class='rich-text'><p>{p}</p></div></div>" for p in paragraphs)
    page = (
        "<html><head><title>Tuyên truyền cho ngư dân - Công an đặc khu</title></head><body>"
        "<div class='wrap'><main><h1>Tuyên truyền phòng, chống khai thác hải sản bất hợp pháp cho ngư dân</h1>"
        f"<div class='meta'>15/11/2026 09:30</div><div class='area'>{areas}</div></main>"
        "<div class='cms-widget sidebar'><h3>Tin mới</h3><ul><li><a href='/tin/a-1'>Ra quân bảo đảm trật tự "
        "an toàn giao thông dịp cuối năm</a></li><li><a href='/tin/a-2'>Tập huấn nghiệp vụ cho lực lượng "
        "bảo vệ an ninh trật tự ở cơ sở</a></li></ul></div></div></body></html>"
    )
    article = extract("https://congan-dackhu.example.vn/tin-tuc/tuyen-truyen-ngu-dan", page)
    assert article.kind == "article" and article.body == paragraphs


@pytest.mark.parametrize("meta", [
    "08:40 Tin an ninh - Trật tự bởi quantri",
    "Đăng ngày: 02/11/2026 - 08:40 | Người đăng: bientap | Thời gian đọc: 4 phút",
])
def test_a_meta_line_naming_the_cms_poster_is_no_paragraph(meta: str) -> None:
    main = (f"<article><h1>{TITLE}</h1><div class='when'>02/11/2026</div><div class='content'><p>{meta}</p>"
            f"{_paras()}</div></article>")
    article = extract("https://news.example.vn/tuyen-truyen-pccc-post123456.html", _doc(main),
                      fetched_at=datetime(2026, 11, 3, 9, 0, tzinfo=TZ))
    assert article.kind == "article" and meta not in article.body and article.author is None


def test_an_author_widget_with_its_label_and_name_in_two_elements() -> None:
    from crawler.extract.fields.author import _labelled_once

    widget = lxml_html.fromstring("<div class='w-box'><img src='/a.jpg' alt=''><div><span>Tác giả</span>"
                                  "<div>Lục Văn Hào</div><div>Đội Tham mưu</div></div></div>")
    assert _labelled_once(widget) == "Lục Văn Hào"


def test_a_produced_by_label_and_an_english_by_before_the_label() -> None:
    from crawler.extract.fields.author import _labelled_once

    box = lxml_html.fromstring("<dl><dt>Thực hiện</dt><dd>Đàm Quang Vinh</dd><dt>Lượt xem</dt><dd>1.102</dd></dl>")
    assert _labelled_once(box) == "Đàm Quang Vinh"
    assert bylines.parse_labelled("By Bài, ảnh: Lương Thu Trang") == ("author", "Lương Thu Trang")


def test_an_about_the_author_box_under_the_text_is_no_paragraph() -> None:
    bio = ("<h3>Về tác giả</h3><p>Hà Thu Phương là phóng viên ban Thời sự, theo dõi mảng an ninh trật tự và "
           "cải cách hành chính từ năm 2019.</p>")
    main = f"<article><h1>{TITLE}</h1><p>10:20 | 02/11/2026</p><div class='content'>{_paras()}{bio}</div></article>"
    article = extract("https://news.example.vn/tuyen-truyen-pccc-post123456.html", _doc(main))
    assert not any("Về tác giả" in p or "Hà Thu Phương" in p for p in article.body)


@pytest.mark.parametrize("name", ["VNPT Hà Tĩnh", "BCH Đoàn Thanh niên Công an tỉnh"])
def test_a_vendor_or_a_youth_union_committee_is_no_author(name: str) -> None:
    assert not bylines.plausible_person(name)
    assert bylines.tidy("Quang Vinh , Hải Yến") == "Quang Vinh, Hải Yến"


def test_an_author_card_without_metadata_and_a_dated_poster_line() -> None:
    card = "<div class='card'><div>Trịnh Thu Nga</div><div>Phóng viên Đội Thông tin - Phòng Tham mưu</div></div>"
    main = (f"<article><h1>{TITLE}</h1><div class='content'><p>Ngày xuất bản: 03/06/2025 Đăng bởi: Phòng Tham mưu</p>"
            f"{_paras()}{card}</div></article>")
    article = extract("https://news.example.vn/tuyen-truyen-pccc-post123456.html", _doc(main))
    assert article.author == "Trịnh Thu Nga"
    assert not any("Phòng Tham mưu" in p or "Trịnh Thu Nga" in p for p in article.body)


def test_headlines_inside_a_skipped_chrome_box_do_not_make_a_listing() -> None:
    links = "".join(f"<h3><a href='/tin/{i}.html'>Tin số {i}: hội nghị tổng kết công tác bảo đảm trật tự</a></h3>"
                    for i in range(8))
    main = f"<h1>Đời sống cán bộ chiến sĩ</h1><div class='noi-dung'><p>{PARAS[0]}</p></div>"
    url = "https://example.vn/p/doi-song-can-bo.html"
    # Eight headlines in a sidebar box (chrome, skipped): no listing; the same headlines in the page's own
    # column make one.
    note = "<p>Chuyên mục đăng tải hoạt động của các đơn vị trong lực lượng Công an tỉnh.</p>"
    assert extract(url, _doc(main, aside=f"<div class='sidebar'>{note}{links}</div>")).kind == "other"
    assert extract(url, _doc(main + f"<div class='dong-tin'>{links}</div>")).kind == "listing"
