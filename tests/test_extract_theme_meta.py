"""Rules drawn from blind sets 30 to 39 (theme furniture around a post's headline and meta line, bylines, captions,
comments and colophons, dates in odd places), each on a small page written for its test: the wording, host and
names are invented here; the shapes are those of common themes, CMS views and vendor footers, not copies of
evaluation pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

from crawler.core.dates import TZ, without_dates
from crawler.extract import extract
from crawler.extract.blocks import walk
from crawler.extract.bylines import name_piece, signature_after
from crawler.extract.chrome import is_chrome_line, is_tag_line
from crawler.extract.dom import parse
from crawler.extract.published.witnesses import _byline_dates as after_body_dates

URL = "https://anninh.example.vn/2025/03/08/kiem-tra-an-toan-cho-dem/"
TITLE = "Kiểm tra an toàn phòng cháy tại khu chợ đêm trung tâm thị xã"
P1 = (
    "Tối 7/3, tổ công tác liên ngành của thị xã đã kiểm tra công tác phòng cháy tại khu chợ đêm, nơi tập trung "
    "hơn 200 gian hàng kinh doanh quần áo, đồ gia dụng và thực phẩm chế biến sẵn."
)
P2 = (
    "Qua kiểm tra, đoàn yêu cầu ban quản lý chợ bố trí lại lối thoát nạn, thay mới 30 bình chữa cháy đã hết hạn và "
    "tổ chức tập huấn cho tiểu thương về cách xử lý khi xảy ra sự cố cháy."
)
P3 = (
    "Ban quản lý chợ cam kết hoàn thành các nội dung khắc phục trước ngày 20/3 và duy trì lực lượng trực bảo vệ "
    "suốt các ca kinh doanh buổi tối."
)
LEAD = "Đoàn kiểm tra liên ngành yêu cầu ban quản lý chợ đêm khắc phục ngay các tồn tại về lối thoát nạn."
FETCHED = datetime(2026, 11, 28, 9, 30, tzinfo=TZ)


def page(post: str, head: str = "") -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{TITLE} - An ninh thị xã</title>{head}</head><body>"
        "<div class='top-menu'><a href='/'>Trang chủ</a> <a href='/category/tin-tuc/'>Tin tức</a></div>"
        f"<div class='page-title'><h1><span>{TITLE}</span></h1></div>"
        f"<div class='content'><article class='post'>{post}</article></div>"
        "<div class='sidebar'><h3>Tin đọc nhiều</h3><ul><li><a href='/a'>Tuần tra bảo đảm trật tự dịp lễ hội</a></li>"
        "</ul></div><footer>Bản quyền © 2025 An ninh thị xã</footer></body></html>"
    )


BODY = f"<div class='post-body'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"


def published(top: str, head: str = "") -> str | None:
    """``published_at`` of a post whose headline block is ``top``, above the three paragraphs."""
    return extract(URL, page(top + BODY, head=head), fetched_at=FETCHED).to_json()["published_at"]


def test_the_headline_printed_again_with_a_date_badge_is_not_body() -> None:
    html = page(
        f"<div class='post_text'><h2 class='entry_title'><span class='date'>08 Th3</span> {TITLE}</h2>"
        f"<p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
    )
    article = extract(URL, html, fetched_at=FETCHED)
    assert article.title == TITLE
    assert article.body == [P1, P2, P3]


def test_a_theme_meta_line_that_opens_with_its_time_is_not_body() -> None:
    html = page(
        f"<div class='post_text'><h2 class='entry_title'>{TITLE}</h2>"
        "<div class='post_info'><span class='time'>Posted at 20:40h</span> in <a href='/category/pccc/'>PCCC</a> "
        "<span class='post_author'>by <a href='/author/quantri/'>quantri</a></span> "
        "<a href='#respond'>0 Comments</a></div>"
        f"<p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
    )
    assert extract(URL, html, fetched_at=FETCHED).body == [P1, P2, P3]


def test_a_meta_line_printed_in_pieces_is_not_body() -> None:
    html = page(
        f"<div class='post-wrap'><h2 class='post-title'>{TITLE}</h2><span class='post-excerpt'><p>{LEAD}</p></span>"
        "<div class='author-box'><div class='author-date'><p>Đăng</p> <span>2 năm trước</span> <p>vào</p> "
        "<span><time datetime='2025-03-08'>08/03/2025</time></span></div>"
        "<div class='author-name'><p>Bởi</p> <span><a href='/author/lan/'>Hồng Lan</a></span></div></div>"
        f"<p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
    )
    article = extract(URL, html, fetched_at=FETCHED)
    assert [*filter(None, [article.summary]), *article.body] == [LEAD, P1, P2, P3]
    assert article.to_json()["published_at"] == "2025-03-08"


def test_a_time_classed_published_and_updated_is_the_publication() -> None:
    html = page(
        f"<h2 class='post-title'>{TITLE}</h2>"
        "<div class='post-meta'><span class='time'><time class='post-published updated' "
        "datetime='2025-03-08T07:45:00+07:00'>Trên <b>Th3 8, 2025</b></time></span></div>"
        f"<div class='post-body'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>",
        head="<meta property='article:published_time' content='-0001-11-30T00:00:00+00:00'>",
    )
    article = extract(URL, html, fetched_at=FETCHED)
    assert article.to_json()["published_at"] == "2025-03-08T07:45:00+07:00"


def test_the_company_that_built_the_site_is_not_the_author() -> None:
    html = page(
        f"<h2 class='post-title'>{TITLE}</h2><div class='date'>08/03/2025</div>"
        f"<div class='post-body'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
        "<p class='credit'>Thiết kế và phát triển bởi Công ty TNHH SAOMAI</p>",
        head="<meta name='author' content='SAOMAI'>",
    )
    assert extract(URL, html, fetched_at=FETCHED).author is None


def test_related_topics_line_is_a_tag_line() -> None:
    assert is_tag_line("Chủ đề liên quan: phòng cháy, chợ đêm, PC07")
    assert is_tag_line("Chủ đề: An ninh trật tự")
    assert not is_tag_line("Chủ đề: Tuổi trẻ Công an thị xã chung tay xây dựng nếp sống văn minh đô thị.")


def test_a_year_ago_is_a_relative_date() -> None:
    assert without_dates("Đăng 1 năm trước").split() == ["Đăng"]


def test_the_time_printed_by_the_headline_beats_the_metadata_time_that_day() -> None:
    assert published(
        f"<h2 class='post-title'>{TITLE}</h2><div class='date-line'><span>Thứ Bảy, 08/03/2025</span></div>"
        "<div class='tools'><span class='time'>07:40</span> <span>| Lượt xem: 412</span></div>",
        head="<meta property='article:published_time' content='2025-03-08T16:55:10+07:00'>",
    ) == "2025-03-08T07:40:00+07:00"


def test_an_info_block_with_created_and_published_times_gives_the_published_one() -> None:
    html = page(
        f"<h2 class='item-title'>{TITLE}</h2><div class='article-info'>"
        "<span class='create'><time datetime='2025-03-08T06:10:00+07:00' itemprop='dateCreated'>Ngày tạo: 08 Tháng 3 "
        "2025</time></span> <span class='published'><time datetime='2025-03-08T07:25:00+07:00' "
        "itemprop='datePublished'>08 Tháng 3 2025</time></span></div>"
        f"<div class='item-body'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
    )
    assert extract(URL, html, fetched_at=FETCHED).to_json()["published_at"] == "2025-03-08T07:25:00+07:00"


def test_dates_under_a_related_list_heading_after_the_body_are_not_the_article_s() -> None:
    lines = [["Chuyển đổi số"], ["Bài viết liên quan"], ["Diễn tập chữa cháy tại khu công nghiệp phía Bắc thị xã"],
             ["20 Tháng 1 2025"]]
    assert after_body_dates(lines, score=0.55, max_chars=200) == []
    assert [c.value for c in after_body_dates([["Ngày đăng: 20/01/2025"]], score=0.55, max_chars=200)] == [
        date(2025, 1, 20)]


def test_a_unit_signing_under_the_text_is_neither_body_nor_author() -> None:
    html = page(
        f"<h2 class='post-title'>{TITLE}</h2><div class='date'>08/03/2025</div>"
        f"<div class='post-body'><p>{P1}</p><p>{P2}</p><p>{P3}</p>"
        "<p style='text-align: right;'><strong>Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ</strong></p>"
        "</div>"
    )
    article = extract(URL, html, fetched_at=FETCHED)
    assert article.body == [P1, P2, P3]
    assert article.author is None


def test_a_meta_description_cut_from_a_later_paragraph_is_not_the_lead() -> None:
    html = page(
        f"<h2 class='post-title'>{TITLE}</h2><div class='date'>08/03/2025</div>"
        f"<div class='post-body'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>",
        head=f"<meta property='og:type' content='article'><meta property='article:published_time' "
             f"content='2025-03-08T07:00:00+07:00'><meta name='description' content='{P2[:120]}...'>",
    )
    article = extract(URL, html, fetched_at=FETCHED)
    assert [*filter(None, [article.summary]), *article.body] == [P1, P2, P3]


def test_a_programme_s_air_date_is_not_its_publication() -> None:
    assert published(
        f"<h2 class='post-title'>{TITLE}</h2><div class='air'>Phát sóng: 20:00 - Thứ Năm, 13/03/2025 | Thời lượng: "
        "04:10</div>",
        head="<meta property='article:published_time' content='2025-03-08T10:05:00+07:00'>",
    ) == "2025-03-08T10:05:00+07:00"


def test_a_time_in_a_box_marked_modified_is_not_the_profile_s_date() -> None:
    html = page(
        f"<header class='entry-header'><h1 class='entry-title'>{TITLE}</h1><ul class='entry-meta'>"
        "<li class='meta-date'><time datetime='2 giờ trước'>2 giờ trước</time></li>"
        "<li class='meta-updated-date' itemprop='dateModified'><span>Cập nhật</span> "
        "<time datetime='2026-11-28T08:50:00+07:00'>28/11/2026</time></li></ul></header>"
        f"<div class='entry-content'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>",
        head="<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": "
             "\"2026-11-28T00:25:00+00:00\"}</script>",
    )
    assert extract(URL, html, fetched_at=FETCHED).to_json()["published_at"] == "2026-11-28T07:25:00+07:00"


def test_a_signature_with_its_source_on_the_next_line_gives_the_author() -> None:
    root = parse(
        "<html><body><table><tr><td class='noidung'><p>Một đoạn văn của bài.</p></td></tr>"
        "<tr><td align='right'><b>Hồng Nhung</b><br><i>Nguồn: congan.example.vn</i></td></tr>"
        "<tr><td align='right'>Lượt xem: 212</td></tr></table></body></html>"
    )
    assert signature_after(root.find(".//td")) == ("Hồng Nhung", None)


def test_a_print_view_is_the_article() -> None:
    html = (
        f"<html><head><meta charset='utf-8'><title>In bài: {TITLE}</title></head><body><div class='print-wrap'>"
        "<div class='print-head'>CÔNG AN THỊ XÃ</div>"
        f"<h1>{TITLE}</h1><div class='print-meta'>Ngày đăng: 08-03-2025 07:10 | Người đăng: editor01</div>"
        f"<div class='print-content'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
        "<div class='print-tools'><a href='javascript:window.print()'>[In bài]</a></div></div></body></html>"
    )
    article = extract("https://anninh.example.vn/tin-tuc/in-bai/4102", html, fetched_at=FETCHED)
    assert (article.kind, article.title, article.body) == ("article", TITLE, [P1, P2, P3])
    assert article.to_json()["published_at"] == "2025-03-08T07:10:00+07:00"


def test_the_day_a_time_element_prints_beats_its_default_stamp() -> None:
    assert published(
        f"<h2 class='post-title'>{TITLE}</h2><div class='meta'><time datetime='2020-01-01T00:00:00+07:00'>14:35 - "
        "08/03/2025</time></div>",
        head="<meta property='article:published_time' content='2020-01-01T00:00:00+07:00'>",
    ) == "2025-03-08T14:35:00+07:00"


def test_a_date_field_s_noon_utc_stamp_is_a_day() -> None:
    assert published(
        f"<h2 class='post-title'>{TITLE}</h2><div class='field-date'><time datetime='2025-03-08T12:00:00Z'>"
        "08/03/2025</time></div>"
    ) == "2025-03-08"


def test_an_update_line_yields_to_metadata_the_address_agrees_with() -> None:
    assert published(
        f"<h2 class='post-title'>{TITLE}</h2>"
        "<p class='last-updated'>Cập nhật lần cuối vào 20/05/2026 bởi bientap</p>",
        head="<meta property='article:published_time' content='2025-03-08T02:05:31+00:00'>",
    ) == "2025-03-08T09:05:31+07:00"


def test_a_newsletter_issue_s_day_dates_its_story() -> None:
    html = page(
        f"<div class='issue'>Bản tin số 12 ra ngày 8/3/2025</div><h3 class='asset-title'>{TITLE}</h3>"
        f"<div class='post-body'><p>{P1}</p><p>{P2}</p><p>{P3}</p>"
        "<p style='text-align: right;'><strong>Hồ Văn Bình, Lê Thị Mỹ Duyên</strong></p></div>"
    )
    article = extract("https://anninh.example.vn/ban-tin/12/kiem-tra-an-toan", html, fetched_at=FETCHED)
    assert article.to_json()["published_at"] == "2025-03-08"
    assert article.author == "Hồ Văn Bình, Lê Thị Mỹ Duyên"
    assert article.body == [P1, P2, P3]


def test_a_tag_in_the_author_block_is_not_the_author() -> None:
    root = parse(
        "<html><body><div class='media author-block'><h4>Bởi <a href='/author/bientap/'>bientap</a></h4>"
        "<span class='date'>08/03/2025</span> <span class='tags'><a href='/tag/pccc/'>phòng cháy</a>, "
        "<a href='/tag/cho-dem/'>Chợ Đêm</a></span></div></body></html>"
    )
    assert name_piece(root.find(".//div")) is None


def test_a_team_signing_with_its_unit_is_not_an_author() -> None:
    html = page(
        f"<h2 class='post-title'>{TITLE}</h2><div class='date'>08/03/2025</div>"
        f"<div class='post-body'><p>{P1}</p><p>{P2}</p><p>{P3}</p>"
        "<p style='text-align: right;'><strong>Tổ Tuyên truyền - Công an phường Hòa Bình</strong></p></div>"
    )
    article = extract(URL, html, fetched_at=FETCHED)
    assert article.author is None
    assert article.body == [P1, P2, P3]


def test_an_undated_page_whose_only_article_element_holds_the_headline_is_an_article() -> None:
    html = (
        "<html><head><meta charset='utf-8'><title>Tin tức</title></head><body><nav><a href='/'>Trang chủ</a></nav>"
        f"<main><article><h1>{TITLE}</h1><p class='meta'>Đăng bởi: admin · Lượt xem: 158</p>"
        f"<div class='noi-dung'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></article></main></body></html>"
    )
    assert extract("https://anninh.example.vn/bai-viet/335", html, fetched_at=FETCHED).kind == "article"


def test_joomla_s_written_by_line_is_not_body() -> None:
    assert is_chrome_line("Được viết bởi Super User")


def test_a_meta_description_that_paraphrases_a_paragraph_is_not_the_lead() -> None:
    html = page(
        f"<h2 class='post-title'>{TITLE}</h2><div class='date'>08/03/2025</div>{BODY}",
        head="<meta property='og:type' content='article'><meta property='article:published_time' "
             "content='2025-03-08T07:00:00+07:00'><meta name='description' content='Tổ công tác liên ngành của "
             "thị xã kiểm tra công tác phòng cháy tại khu chợ đêm trung tâm.'>",
    )
    article = extract(URL, html, fetched_at=FETCHED)
    assert [*filter(None, [article.summary]), *article.body] == [P1, P2, P3]


def test_go_s_default_time_format_is_read_in_its_own_zone() -> None:
    assert published(
        f"<h1>{TITLE}</h1><p class='meta'><span class='ngay'>2025-03-08 01:15:00 +0000 UTC</span> · "
        "<span>Đăng bởi: admin</span> · <span>Lượt xem: 91</span></p>"
    ) == "2025-03-08T08:15:00+07:00"
    assert published(f"<h1>{TITLE}</h1><p class='meta'>0001-01-01 00:00:00 +0000 UTC</p>") == "2025-03-08"


def test_written_by_without_a_colon_names_the_author() -> None:
    """Joomla prints "Được viết bởi <name>" (its "Written by") without a colon: "bởi" says who follows. An account
    there is no author, and the name ends where the line goes on with when it was written."""

    def author(line: str) -> str | None:
        info = (f"<dl class='article-info'><dd class='published'>Ngày đăng: Thứ bảy, 08 Tháng 3 2025 09:10</dd>"
                f"<dd class='createdby'>{line}</dd><dd class='hits'>Lượt xem: 311</dd></dl>")
        return extract(URL, page(info + BODY), fetched_at=FETCHED).author

    assert author("Được viết bởi Lê Khánh Vân") == "Lê Khánh Vân"
    assert author("Viết bởi Đỗ Hải - Minh Thư (Công an thị xã)") == "Đỗ Hải - Minh Thư (Công an thị xã)"
    assert author("Viết bởi Lê Khánh Vân vào 08/03/2025") == "Lê Khánh Vân"
    assert author("Được viết bởi Super User") is None
    assert author("Được viết bởi bientap") is None


def test_joomla_s_posted_label_and_its_time_apart_give_the_moment() -> None:
    """K2 prints "Được đăng: <weekday>, 26 Tháng 11 2026" (Joomla's "Published") with the time in a span of its own
    beside it; the "last modified" line further down ("Sửa lần cuối vào …") is an update, never the posting."""
    meta = ("<div class='item-meta'><span class='item-date'>Được đăng: Thứ năm, 06 Tháng 3 2025</span> "
            "<span class='item-time'>07:30</span> <span class='item-hits'>Lượt xem: 88</span></div>")
    modified = "<p class='item-modified'>Sửa lần cuối vào Thứ sáu, 07 Tháng 3 2025 08:15</p>"
    html = page(meta + BODY + modified)
    assert extract(URL, html, fetched_at=FETCHED).published_at == datetime(2025, 3, 6, 7, 30, tzinfo=TZ)


def test_a_last_modified_line_yields_to_an_earlier_metadata_date() -> None:
    head = "<meta property='article:published_time' content='2025-03-06T16:42:00+07:00'>"
    modified = "<p class='item-modified'>Sửa lần cuối vào Thứ sáu, 07 Tháng 3 2025 08:15</p>"
    html = page(BODY + modified, head=head)
    assert extract(URL, html, fetched_at=FETCHED).published_at == datetime(2025, 3, 6, 16, 42, tzinfo=TZ)


def test_a_notice_filed_under_a_schedule_section_of_a_profile_s_site_is_an_article() -> None:
    """A family profile's URL rules may not know an address: it is read as any site's. A notice with its own
    headline slug and number under "/lich-tiep-cong-dan/" is a story; the section's own index is not."""
    notice = (
        "<html><head><meta charset='utf-8'><title>Thông báo lịch tiếp công dân tháng 4 năm 2025</title></head><body>"
        "<form id='form1'><input type='hidden' name='__VIEWSTATE' id='__VIEWSTATE' value='x'>"
        "<div class='portlet'><h1 class='news-title'>Thông báo lịch tiếp công dân tháng 4 năm 2025</h1>"
        "<div class='news-date'>Ngày đăng: 20-03-2025</div>"
        f"<div class='news-content'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div></form></body></html>"
    )
    base = "https://congan.example.gov.vn/thong-bao/lich-tiep-cong-dan/"
    article = extract(base + "thong-bao-lich-tiep-cong-dan-thang-4-nam-2025-1042.html", notice, fetched_at=FETCHED)
    assert (article.profile, article.kind, article.published_at) == ("aspnet", "article", date(2025, 3, 20))
    assert extract(base, notice, fetched_at=FETCHED).kind == "other"


def test_a_camel_case_caption_box_beside_its_picture_is_a_caption() -> None:
    """K2's image block: the picture in one span, its caption in a span classed "itemImageCaption", the template's
    indentation between them: the caption's block is a caption (kept out of the body, given to the picture)."""
    block = ("<div class='itemImageBlock'>\n\t<span class='itemImage'><a href='/anh.jpg'>"
             "<img src='/media/cho-dem.jpg' alt='Chợ đêm'></a></span>\n\t<span class='itemImageCaption'>"
             "Đoàn kiểm tra làm việc tại khu chợ đêm.</span>\n\t<div class='clr'></div>\n</div>")
    body = f"<div class='itemBody'>{block}<div class='itemFullText'><p>{P1}</p></div></div>"
    root = parse(f"<html><body>{body}</body></html>")
    blocks = walk(root.find(".//div"), URL)
    assert [(b.text, b.caption) for b in blocks if b.image is None] == [
        ("Đoàn kiểm tra làm việc tại khu chợ đêm.", True), (P1, False)]


def test_the_posting_account_sharing_its_line_with_the_tool_bar_is_chrome() -> None:
    assert is_chrome_line("Quay lại | Đầu trang")
    assert is_chrome_line("Người đăng: quantri02 Quay lại | Về đầu trang")
    assert is_chrome_line("Đăng bởi: bientap In bài · Gửi email")
    assert not is_chrome_line("Người đăng: quantri02 cho biết lực lượng chức năng đã có mặt kịp thời tại hiện trường.")
    assert not is_chrome_line("Đầu trang báo in số ra ngày 5/12 đăng bài phóng sự về vụ việc.")


def test_a_labelled_byline_ends_where_the_date_s_field_begins() -> None:
    from crawler.extract.bylines import parse_all

    assert parse_all("Người viết: Lê Khánh Vân / Ngày đăng: 08-03-2025") == [("author", "Lê Khánh Vân")]
    assert parse_all("Tác giả: Đỗ Hải | 08/03/2025 09:10") == [("author", "Đỗ Hải")]
    assert parse_all("Tác giả: Đỗ Hải - Minh Thư") == [("author", "Đỗ Hải - Minh Thư")]
    assert parse_all("Tác giả: Minh Thư/PV") == [("author", "Minh Thư/PV")]


def test_a_description_printed_as_a_box_of_its_own_above_the_body_is_the_lead() -> None:
    """A page whose article metadata has no date (so its description may be an excerpt) and whose template prints
    the description word for word in a box of its own (named anyhow), outside the body, a related link between:
    the lead. A description that only says the title is none."""

    def article_page(description: str, sapo: str) -> str:
        head = (f"<meta property='og:type' content='article'><meta property='og:description' content='{description}'>"
                "<meta property='article:published_time' content=''>")
        related = ("<div class='k5'><ul><li><a href='/tin/1'>Hướng dẫn người dân tích hợp giấy phép lái xe trên "
                   "ứng dụng định danh</a></li></ul></div>")
        return (
            f"<html><head><meta charset='utf-8'><title>{TITLE}</title>{head}</head><body>"
            "<div class='k0'><a href='/'>Trang chủ</a> » <a href='/an-ninh/'>An ninh</a></div>"
            f"<div class='k1'><h1 class='k2'>{TITLE}</h1><div class='k3'><span>Thứ Bảy, 08/03/2025</span></div>"
            "<div class='k8'><span>09:10</span> <a href='/print/1'>In bài</a> <a href='/mail/1'>Gửi email</a></div>"
            f"<div class='k4'><strong>{sapo}</strong></div>{related}"
            f"<div class='k6'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div></body></html>"
        )

    article = extract(URL, article_page(LEAD, LEAD), fetched_at=FETCHED)
    assert (article.summary, article.body) == (LEAD, [P1, P2, P3])
    assert extract(URL, article_page(TITLE, LEAD), fetched_at=FETCHED).summary is None


def test_a_listing_whose_only_prose_is_the_colophon_is_no_article() -> None:
    """A section page of teasers (picture, linked headline, date, a cut sapo) whose only sentences set apart are the
    footer's colophon: the paper's name in bold, its licence, editor-in-chief, address and reprint notice are no
    story, whatever the classes are called."""
    teasers = "".join(
        f"<div class='q1'><a class='q3' href='/an-ninh/bai-{i}-10{i}.html'><img src='/thumbs/10{i}.jpg' alt='Ảnh {i}'>"
        f"</a><h3><a href='/an-ninh/bai-{i}-10{i}.html'>Công an xã tuần tra bảo đảm an toàn dịp lễ số {i}</a></h3>"
        f"<p class='q2'>0{i}/03/2025 08:1{i}</p><p class='q4'>Sáng 0{i}/3, Công an xã tổ chức tuần tra, kiểm soát "
        "bảo đảm an ninh trật tự trên các tuyến đường liên thôn...</p></div>"
        for i in range(1, 7))
    footer = (
        "<div class='q9'><div class='q8'><a href='/thoi-su/'>Thời sự</a> | <a href='/an-ninh/'>An ninh</a></div>"
        "<p><strong>BÁO HÒA BÌNH - CƠ QUAN CỦA ĐẢNG BỘ TỈNH HÒA BÌNH, TIẾNG NÓI CỦA NHÂN DÂN CÁC DÂN TỘC</strong></p>"
        "<p>Giấy phép hoạt động báo điện tử số 45/GP-BVHTTDL ngày 12/04/2024 của Bộ Văn hóa, Thể thao và Du lịch</p>"
        "<p>Tổng Biên tập: Trần Văn Khải - Phó Tổng Biên tập: Lê Thị Ngân, Phạm Quốc Đạt</p>"
        "<p>Địa chỉ: Số 12, đường Lê Lợi, phường Trung Tâm, tỉnh Hòa Bình. Điện thoại: 0218.3852.xxx - Email: "
        "toasoan@baohoabinh.example.vn</p><p>Ghi rõ nguồn \"Báo Hòa Bình điện tử\" khi phát hành lại thông tin từ "
        "website này.</p></div>")
    html = (f"<html><head><meta charset='utf-8'><title>An ninh - Trật tự</title></head><body>"
            f"<div class='q0'><h1>An ninh - Trật tự</h1><div class='q5'>{teasers}</div></div>{footer}</body></html>")
    assert extract("https://baohoabinh.example.vn/an-ninh/", html, fetched_at=FETCHED).kind != "article"


def test_a_signature_under_the_text_beats_an_account_in_the_labelled_byline() -> None:
    """The meta line at the top of the body names the CMS account ("Tác giả: bientap"); the writer signs under the
    text, set apart: the signature is the author. A rating widget's bare counter is no text."""
    from crawler.extract.assemble import assemble
    from crawler.extract.blocks import Block

    owner = parse("<p>x</p>")
    texts = ["Ngày đăng: 26/11/2026 2:35 CH | Tác giả: bientap | Lượt xem: 4.518", P1, P2, P3]
    blocks = [Block(t, owner) for t in texts] + [Block("Hoàng Khánh Vân", owner, bold=True, align="right")]
    result = assemble(blocks, title=TITLE, summary=None)
    assert (result.author, result.body) == ("Hoàng Khánh Vân", [P1, P2, P3])
    assert is_chrome_line("(12 lượt)") and not is_chrome_line("12 lượt xe vi phạm bị xử lý trong đêm")


def test_a_relative_date_in_two_units_is_counted_back_from_the_fetch() -> None:
    """Drupal's "time ago" prints two units ("1 ngày 4 giờ trước"): both count; to the minute only with minutes."""
    assert published("<div class='meta'><span>1 ngày 4 giờ trước</span></div>") == "2026-11-27"
    assert published("<div class='meta'><span>2 giờ 15 phút trước</span></div>") == "2026-11-28T07:15:00+07:00"


def test_a_long_form_story_s_byline_pull_quote_and_credits_are_no_body() -> None:
    """A long-form layout: "Phóng sự: X" over the text, a pull quote repeating a sentence of a paragraph (with the
    name it is attributed to), and the credits under the text ("Nội dung:", "Ảnh:", "Thiết kế:")."""
    said = "Đêm nào cũng vậy, cả tổ thay nhau thức canh từng lối mòn dẫn xuống bản"
    p2 = f"Thượng úy Lò Văn Khiêm kể: “{said}”, rồi anh cười khi nhắc đến những bữa cơm nguội giữa rừng."
    post = (
        "<p class='lf-byline'>Phóng sự: <strong>TRẦN KHÁNH VÂN</strong></p>"
        f"<div class='lf-body'><p>{P1}</p><p>{p2}</p>"
        f"<blockquote class='pq'><p>“{said}”</p><cite>Thượng úy Lò Văn Khiêm</cite></blockquote><p>{P3}</p></div>"
        "<div class='lf-end'><ul><li><span>Nội dung:</span> Trần Khánh Vân</li><li><span>Ảnh:</span> Trần Khánh Vân, "
        "Công an cung cấp</li><li><span>Thiết kế:</span> Hà My</li></ul></div>"
    )
    article = extract(URL, page(post), fetched_at=FETCHED)
    assert article.body == [P1, p2, P3]
    assert article.author in ("TRẦN KHÁNH VÂN", "Trần Khánh Vân")


def test_a_name_with_its_unit_signs_even_when_only_class_names_set_it_apart() -> None:
    from crawler.extract.bylines import looks_like_name, parse_all

    assert looks_like_name("Lê Khánh Vân (Công an xã Tân Lập)")
    assert looks_like_name("Đỗ Hải - Công an phường Bắc Hà")
    assert not looks_like_name("Lực lượng chức năng (Công an xã Tân Lập)")
    assert parse_all("Tác giả: Lê Khánh Vân 5.408 lượt xem") == [("author", "Lê Khánh Vân")]
    post = (f"<div class='x1'><p>{P1}</p><p>{P2}</p><p>{P3}</p>"
            "<div class='x2'>Lê Khánh Vân (Công an xã Tân Lập)</div></div>")
    assert extract(URL, page(post), fetched_at=FETCHED).author == "Lê Khánh Vân (Công an xã Tân Lập)"


def test_a_writer_s_name_beside_a_relative_date_is_the_author() -> None:
    meta = ("<div class='x3'><span><i class='x4'></i> 5 giờ trước</span><span><i class='x5'></i> Lê Khánh Vân</span>"
            "<span><i class='x6'></i> 1.204 lượt xem</span></div>")
    assert extract(URL, page(meta + BODY), fetched_at=FETCHED).author == "Lê Khánh Vân"


def test_the_readers_comments_and_a_newsletter_box_under_the_text_are_no_body() -> None:
    """Inside the article's own box, whatever its classes: a newsletter box, then the readers' comments under
    their heading ("Ý kiến bạn đọc (2)"), each a name, a date and a few words."""
    post = (
        f"<div class='z1'><p>{P1}</p><p>{P2}</p><p>{P3}</p>"
        "<div class='z2'><p>Nhận bản tin An ninh thị xã</p><p>Những tin nổi bật nhất trong tuần được gửi đến hộp thư"
        " của bạn mỗi sáng thứ Hai.</p></div>"
        "<div class='z3'><h3>Ý kiến bạn đọc (2)</h3><p>Ý kiến của bạn sẽ được biên tập trước khi đăng.</p>"
        "<div><b>Trần Văn Tâm</b> 09/03/2025 07:12</div><p>Mong ban quản lý chợ sớm khắc phục để bà con yên tâm buôn"
        " bán vào dịp cuối tuần.</p><div><b>Lê Thu</b> 09/03/2025 08:40</div><p>Cảm ơn đoàn kiểm tra đã làm việc"
        " rất tận tình và chu đáo.</p></div></div>"
    )
    assert extract(URL, page(post), fetched_at=FETCHED).body == [P1, P2, P3]


def test_a_headline_in_a_box_named_header_says_the_title_s_first_part() -> None:
    """Liferay's asset view puts the headline in "taglib-header" > "header-title": a header name, but the heading
    says the first part of "Headline - Section - Portal". The portal's name its top header shows (the title's last
    part) is never the headline."""
    body = f"<div class='journal'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"

    def titled(title: str, top: str, head: str) -> str | None:
        return extract(URL, (
            f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{top}"
            f"<div class='col-main'>{head}<div class='meta'>Ngày đăng 08/03/2025</div>{body}</div></body></html>"
        ), fetched_at=FETCHED).title

    liferay = f"<div class='taglib-header'><h3 class='header-title'><span>{TITLE}</span></h3></div>"
    assert titled(f"{TITLE} - Tin tức - Sự kiện - Cổng thông tin An ninh", "", liferay) == TITLE
    site = "<header class='site-header'><h1>Bản tin Công an phường</h1></header>"
    assert titled(f"{TITLE} - Bản tin Công an phường", site, f"<h2>{TITLE}</h2>") == TITLE


def test_a_name_line_over_its_date_line_under_the_body_is_the_author() -> None:
    """Step 4 of the author's chain: just below the body's container, a box holding the writer's name on a line of
    its own (the unit in brackets) and the date line under it."""
    from crawler.extract.assemble import Assembled
    from crawler.extract.fields.author import after_body

    root = parse(
        f"<html><body><div class='k0'><div class='k1'><p>{P1}</p><p>{P2}</p></div><div class='k2'><div>Lê Khánh Vân "
        "(Phòng Cảnh sát giao thông)</div><p>Cập nhật lúc 07:45, 08/03/2025</p></div>"
        "<div class='k5'><a href='#'>Facebook</a> <a href='#'>Zalo</a></div></div></body></html>"
    )
    result = Assembled()
    after_body(root.find(".//div[@class='k1']"), result)
    assert result.author == "Lê Khánh Vân (Phòng Cảnh sát giao thông)"


def test_a_last_updated_footer_time_and_a_clock_at_the_fetch_second_are_no_publication() -> None:
    """A static site's footer "Cập nhật lần cuối: <time datetime=…>" (empty until a script runs; its class
    "VPLastUpdated" says so too) is an update; a header clock whose <time> holds the fetch moment to the second (at
    a whole minute) is a clock. The printed line under the headline dates the story."""
    meta = "<div class='meta'>Thứ Bảy, 08/03/2025 | 08:20</div>"
    footer = "<p class='VPLastUpdated'>Cập nhật lần cuối: <time datetime='2025-04-02T03:11:47.000Z'></time></p>"
    assert published(meta + BODY + footer) == "2025-03-08T08:20:00+07:00"
    assert published(BODY + footer) == "2025-03-08"  # the address's day, not the update's
    clock = (f"<div class='top'><time datetime='{FETCHED.astimezone(UTC):%Y-%m-%dT%H:%M:%S}.000Z'>Thứ Bảy, 28 tháng"
             " 11, 2026 | 09:30:00</time></div>")
    assert published(clock + "<div class='meta'><span>Hôm qua lúc 21:35</span></div>") == "2026-11-27T21:35:00+07:00"


def test_the_label_over_the_text_is_no_paragraph() -> None:
    assert is_chrome_line("Nội dung bản tin") and is_chrome_line("Nội dung:")
    assert not is_chrome_line("Nội dung bản tin phản ánh tình hình trật tự tại khu chợ đêm.")
    post = f"<div class='k1'><p>Nội dung bản tin</p><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
    assert extract(URL, page(post), fetched_at=FETCHED).body == [P1, P2, P3]


def test_a_meta_line_with_a_relative_date_and_a_translation_credit_are_no_body() -> None:
    from crawler.extract.bylines import CREDIT_LINE, parse_all
    from crawler.extract.chrome import is_meta_line

    assert is_meta_line("khoảng 5 giờ trước•418 lượt xem") and is_meta_line("Hôm qua lúc 21:30")
    assert not is_meta_line("Khoảng 3 giờ trước, lực lượng chức năng đã phát hiện vụ cháy")
    assert CREDIT_LINE.match("Chuyển ngữ tiếng H'Mông: Thào A Sình")
    assert parse_all("Bài, ảnh: Lò Văn Khiêm - Chuyển ngữ: Vàng A Dế") == [("author", "Lò Văn Khiêm")]
    post = f"<div class='k1'><p>khoảng 5 giờ trước•418 lượt xem</p><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
    assert extract(URL, page(post), fetched_at=FETCHED).body == [P1, P2, P3]


def test_a_labelled_relative_date_and_the_printed_byline_beside_the_markup_s_name() -> None:
    """"Ngày đăng: 3 giờ trước" is counted back from the fetch; a body byline that prints the markup's writer with
    the unit ("Bài, ảnh: Lê Khánh Vân (Công an xã Tân Lập)") is the author as printed."""
    assert published("<div class='meta'><span>Ngày đăng: 3 giờ trước</span></div>") == "2026-11-28"
    head = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"author\": {\"@type\": \"Person\", "
            "\"name\": \"Lê Khánh Vân\"}}</script>")
    post = (f"<div class='x1'><p>{P1}</p><p>{P2}</p><p>{P3}</p>"
            "<p style='text-align: right;'><strong>Bài, ảnh: Lê Khánh Vân (Công an xã Tân Lập)</strong></p></div>")
    assert extract(URL, page(post, head=head), fetched_at=FETCHED).author == "Lê Khánh Vân (Công an xã Tân Lập)"


def test_an_avatar_s_initials_before_the_writer_s_name_are_not_the_name() -> None:
    """An author chip prints the writer's initials in a round avatar ("T", "NH") before the name: the author is the
    name; a name that happens to start with a one-letter word ("A Páo") keeps it."""
    from crawler.extract.bylines import without_avatar

    assert without_avatar(["NH", "Ngọc Hân - Thanh Tùng"]) == ["Ngọc Hân - Thanh Tùng"]
    assert without_avatar(["A", "Páo Sùng"]) == ["A", "Páo Sùng"]
    for avatar, name in (("Q", "Quý Long"), ("ML", "Mai Loan - Hữu Đạt")):
        post = (f"<div class='m1'><div class='c7'><span class='c8'>{avatar}</span><span class='c9'>{name}</span></div>"
                f"<span class='c3'>thứ sáu, 07/03/2025 21:40</span></div>{BODY}")
        assert extract(URL, page(post), fetched_at=FETCHED).author == name


def test_joomla_s_intro_text_box_is_the_lead() -> None:
    """A box named "introtext" (Joomla's name for the lead, any theme) or "intro" is the lead set apart."""
    for name in ("item-introtext", "attribute-intro"):
        post = f"<div class='{name}'><p><strong>{LEAD}</strong></p></div>{BODY}"
        article = extract(URL, page(post), fetched_at=FETCHED)
        assert (article.summary, article.body) == (LEAD, [P1, P2, P3])


def test_a_description_that_only_repeats_the_headline_is_no_lead() -> None:
    """A template that fills its descriptions with the headline (meta and og:description, JSON-LD) has no lead."""
    for head in (f"<meta property='og:type' content='article'><meta property='og:description' content='{TITLE}'>"
                 "<meta property='article:published_time' content='2025-03-08T08:20:00+07:00'>",
                 f"<script type='application/ld+json'>{{\"@type\": \"NewsArticle\", \"description\": \"{TITLE}\"}}"
                 "</script>"):
        article = extract(URL, page(BODY, head=head), fetched_at=FETCHED)
        assert (article.summary, article.body) == (None, [P1, P2, P3])


def test_a_like_box_and_a_tool_line_are_chrome_by_their_words_alone() -> None:
    """With no class naming them, WordPress's like box ("Thích điều này:", "Thích Đang tải...") and a portal's tool
    line ("« Quay lại In trang Gửi email Đầu trang") after the signature are not the body, and the signature above
    them is still the byline; a bare "Đăng lúc:" label is no paragraph either."""
    for line in ("Thích điều này:", "Thích Đang tải...", "« Quay lại In trang Gửi email Đầu trang", "Đăng lúc:"):
        assert is_chrome_line(line), line
    assert not is_chrome_line("In trang phục truyền thống, các em học sinh biểu diễn văn nghệ chào mừng.")
    post = (f"<div class='q1'><p>{P1}</p><p>{P2}</p><p>{P3}</p><p style='text-align:right'><b>Hữu Phước</b></p>"
            "<div class='q2'><h3 class='q3'>Thích điều này:</h3><div class='q4'><span>Thích</span> "
            "<span>Đang tải...</span></div></div><div class='q5'><a href='/'>« Quay lại</a> <a href='#'>In trang</a>"
            " <a href='#'>Gửi email</a> <a href='#top'>Đầu trang</a></div></div>")
    article = extract(URL, page(post), fetched_at=FETCHED)
    assert (article.body, article.author) == ([P1, P2, P3], "Hữu Phước")


def test_a_share_row_of_icon_letters_and_the_writer_s_name_over_the_text_are_no_body() -> None:
    """A share row whose buttons print their icons as letters ("Chia sẻ: f Z") is chrome; the writer's name alone on
    the first line of the container, over the date, is the byline, not the body's first paragraph."""
    assert is_chrome_line("Chia sẻ: f Z") and is_chrome_line("Chia sẻfZ") and is_chrome_line("Chia sẻ f in X")
    assert not is_chrome_line("Chia sẻ ở đây và ở đó nữa")
    share = ("<div class='m5'><span>Chia sẻ:</span> <a href='https://facebook.com/sharer'>f</a> "
             "<a href='https://zalo.me/share'>Z</a></div>")
    for row in ("", share):
        post = ("<div class='m1'><div class='m2'><div class='m3'>Phạm Hải Đăng</div>"
                f"<div class='m4'>08/03/2025 08:20 · 4 phút đọc</div></div>{row}<p>{P1}</p><p>{P2}</p><p>{P3}</p>"
                "</div>")
        article = extract(URL, page(post), fetched_at=FETCHED)
        assert (article.body, article.author) == ([P1, P2, P3], "Phạm Hải Đăng")


def test_the_meta_line_with_the_writers_beside_the_date_opens_no_body() -> None:
    """The container's first line prints the writers beside the date ("Hôm qua lúc 21:30•Bảo Ngọc - Văn Thịnh"): a
    meta line, not a paragraph, and its names are the byline; a first sentence that starts with a date stays."""
    from crawler.extract.chrome import beside_the_date

    assert beside_the_date("Quang Vinh - Hải Yến Chủ nhật, 29/09/2024 | 19:45 Cập nhật: 30/09/2024 | 08:12") == (
        "Quang Vinh - Hải Yến")
    assert beside_the_date("Hoàng Long · 12/03/2024 08:30") == "Hoàng Long"  # "on" is no label inside a name
    for meta in ("Hôm qua lúc 21:30•Bảo Ngọc - Văn Thịnh", "08:20 ngày 8/3/2025 Bảo Ngọc - Văn Thịnh"):
        post = f"<div class='r1'><p>{meta}</p><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
        article = extract(URL, page(post), fetched_at=FETCHED)
        assert (article.body, article.author) == ([P1, P2, P3], "Bảo Ngọc - Văn Thịnh")
    dated = "Ngày 7/3/2025, Công an thị xã tổ chức hội nghị triển khai công tác phòng cháy tại khu chợ đêm."
    post = f"<div class='r1'><p>{dated}</p><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
    assert extract(URL, page(post), fetched_at=FETCHED).body == [dated, P1, P2, P3]


def test_a_last_updated_label_and_a_subscribe_call_are_chrome() -> None:
    """"Cập nhật lần cuối:" alone (its date filled by a script) and a channel's call to subscribe "để cập nhật tin"
    are no paragraphs; a sentence about registering to update records is."""
    assert is_chrome_line("Cập nhật lần cuối:") and is_chrome_line("Đăng ký kênh để xem video mới mỗi ngày")
    assert is_chrome_line("👉 Đăng ký kênh Công an tỉnh X để cập nhật tin tức an ninh trật tự mới nhất")
    assert not is_chrome_line("Người dân đăng ký thường trú để cập nhật thông tin cư trú trên hệ thống.")
    post = f"<div class='r1'><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>Cập nhật lần cuối: <span class='v'></span></p></div>"
    assert extract(URL, page(post), fetched_at=FETCHED).body == [P1, P2, P3]


def test_an_author_box_that_holds_the_date_field_in_words_gives_the_name_alone() -> None:
    """The author box of a help-centre template holds the name and "Ngày đăng: một ngày trước" (no digit): the author
    is the name."""
    from crawler.extract.bylines import before_date_field

    assert before_date_field("Trần Văn Lực Ngày đăng: một ngày trước") == "Trần Văn Lực"
    assert before_date_field("Lê Đăng Khoa") == "Lê Đăng Khoa"
    top = ("<div class='article-author'><a href='/profiles/12'>Vũ Thị Hạnh</a><ul><li>Ngày đăng: "
           "<time datetime='2025-03-08T01:20:00Z'>một ngày trước</time></li></ul></div>")
    assert extract(URL, page(top + BODY), fetched_at=FETCHED).author == "Vũ Thị Hạnh"


def test_a_meta_column_s_labelled_dates_beside_the_headline_say_which_is_the_posting() -> None:
    """A meta column left of the article, before the headline in the page's order, lists "Ngày đăng" | date and
    "Cập nhật" | date in a <dl>; the metadata carries the update. The posting's date is published_at."""
    head = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": "
            "\"2025-03-10T02:40:00+00:00\"}</script>")
    html = (f"<html><head><meta charset='utf-8'><title>{TITLE}</title>{head}</head><body><main><div class='g1'>"
            "<aside class='g2'><dl><dt>Ngày đăng</dt><dd>08/03/2025 08:20</dd><dt>Cập nhật</dt>"
            "<dd>10/03/2025 09:40</dd></dl></aside>"
            f"<article class='g3'><h1>{TITLE}</h1>{BODY}</article></div></main></body></html>")
    assert extract(URL, html, fetched_at=FETCHED).to_json()["published_at"] == "2025-03-08T08:20:00+07:00"


def test_a_notice_s_event_time_over_its_place_is_not_the_publication() -> None:
    """A notice opens with its details, "Thời gian: 7 giờ 30 ngày 15/3/2025" then "Địa điểm: …": when the event
    happens, not when the notice was posted (here only the metadata says that)."""
    head = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": "
            "\"2025-03-08T01:20:00Z\"}</script>")
    post = ("<div class='n1'><p>Thời gian: 7 giờ 30 ngày 15/3/2025 (thứ Bảy).</p><p>Địa điểm: Nhà văn hóa thôn 3.</p>"
            f"<p>{P1}</p><p>{P2}</p><p>{P3}</p></div>")
    url = "https://anninh.example.vn/thong-bao/thuc-tap-chua-chay-thon-3-1207.html"  # no date in the address
    article = extract(url, page(post, head=head), fetched_at=FETCHED)
    assert article.to_json()["published_at"] == "2025-03-08T08:20:00+07:00"


def test_a_tip_box_after_the_source_line_is_not_the_story() -> None:
    """After "Nguồn: …" a tip box in the same container tells readers how to reach the unit (a long line with a phone
    number and an e-mail address): the story ended at the source line."""
    tip = ("<div class='t2'><p class='t3'>Tiếp nhận tin báo</p><p>Mọi thông tin về lừa đảo trực tuyến xin gửi về "
           "Phòng An ninh mạng qua số điện thoại 0222.3871.113 hoặc thư điện tử tinbao.pa05@congan.example.vn để "
           "được hướng dẫn kịp thời.</p></div>")
    post = (f"<div class='t1'><p>{P1}</p><p>{P2}</p><p>{P3}</p><p style='text-align:right'><em>Nguồn: cand.com.vn"
            f"</em></p>{tip}</div>")
    article = extract(URL, page(post), fetched_at=FETCHED)
    assert (article.body, article.source) == ([P1, P2, P3], "cand.com.vn")


def test_the_post_navigation_heading_is_chrome_and_the_signature_above_it_the_byline() -> None:
    """WordPress's "Điều hướng bài viết" heading (for screen readers, shown when no class hides it) after the
    signature is chrome: the right-aligned name above it is still the last line, the byline."""
    assert is_chrome_line("Điều hướng bài viết") and is_chrome_line("Post navigation")
    post = (f"<div class='w1'><p>{P1}</p><p>{P2}</p><p>{P3}</p><p style='text-align: right;'><strong>Hoàng Lan</strong>"
            "</p><nav class='w2'><h2 class='w3'>Điều hướng bài viết</h2><div class='w4'><a href='/a/' rel='prev'>"
            "Tuần tra bảo đảm trật tự dịp lễ hội</a></div></nav></div>")
    article = extract(URL, page(post), fetched_at=FETCHED)
    assert (article.body, article.author) == ([P1, P2, P3], "Hoàng Lan")


def test_a_signature_crediting_its_source_in_brackets_gives_the_writer_and_the_source() -> None:
    """A right-aligned signature under the text, "<b>Thu Trang</b> <i>(Theo TTXVN)</i>": the brackets hold the source
    the story was taken from, not the writer's unit."""
    html = page(f"<div class='b1'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
                "<p class='b2' style='text-align:right'><strong>Thu Trang</strong> <em>(Theo TTXVN)</em></p>"
                "<div class='b3'><span>Từ khóa:</span> <a href='/tag/chay-no/'>cháy nổ</a></div>")
    article = extract(URL, html, fetched_at=FETCHED)
    assert (article.body, article.author, article.source) == ([P1, P2, P3], "Thu Trang", "TTXVN")


def test_a_row_of_the_writer_and_the_place_and_day_under_the_text_is_the_byline() -> None:
    """Under the text, one row of two pieces with nothing between them: the writer with their unit, and the place and
    day ("Phước Hậu, ngày 7 tháng 3 năm 2025"). Its text runs the two together; it is the byline, not a paragraph."""
    post = (f"<div class='r1'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div><div class='r2'><span class='r3'>Hoàng Nam "
            "(Công an phường Phước Hậu)</span><span>Phước Hậu, ngày 7 tháng 3 năm 2025</span></div>")
    article = extract(URL, page(post), fetched_at=FETCHED)
    assert (article.body, article.author) == ([P1, P2, P3], "Hoàng Nam (Công an phường Phước Hậu)")


def test_a_sign_up_box_inside_the_post_is_chrome_whatever_its_classes() -> None:
    """Opaque class names, and inside the post a box asking for an e-mail address (its call to subscribe, the
    form): a newsletter's sign-up, not the story, though nothing names it so."""
    signup = ("<div class='x7'><div class='x8'><p class='x9'>Bản tin An ninh thị xã đến hộp thư mỗi sáng thứ Hai: "
              "hãy để lại địa chỉ để không bỏ lỡ bài mới.</p><form action='/dang-ky' method='post'><input type='email' "
              "name='email' placeholder='Email của bạn'><button type='submit'>Nhận tin</button></form></div></div>")
    post = f"<div class='x1'><p>{P1}</p><p>{P2}</p>{signup}<p>{P3}</p></div>"
    article = extract(URL, page(post), fetched_at=FETCHED)
    assert article.body == [P1, P2, P3]


def test_an_e_mail_field_in_a_form_around_the_whole_page_takes_nothing_of_the_story() -> None:
    """An ASP.NET page wraps everything in one form; its sidebar asks for an e-mail address. Only the sidebar's small
    box is a sign-up box: the story inside the same form stays."""
    html = (f"<html><head><title>{TITLE}</title></head><body><form id='aspnetForm' method='post'>"
            f"<div class='c1'><h1>{TITLE}</h1><div class='c2'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div>"
            "<div class='c3'><p>Nhận bản tin qua thư điện tử</p><input type='text' name='ctl00$txtEmail'>"
            "<input type='submit' value='Gửi'></div></form></body></html>")
    assert extract(URL, html, fetched_at=FETCHED).body == [P1, P2, P3]


def test_a_post_s_comment_count_and_the_call_to_comment_are_chrome() -> None:
    for line in ("No Comments", "3 Comments", "Post a Comment", "Leave a Reply", "Chưa có bình luận",
                 "Viết bình luận của bạn"):
        assert is_chrome_line(line), line
    assert not is_chrome_line("Comments from the ministry were read out at the meeting by its spokesman")


def test_a_contact_box_closing_the_text_is_not_the_story() -> None:
    """The text closes with a box of its own, opaquely named: a short heading, then a line saying how to reach the
    unit (a phone number, an address). It is the unit's contact box, not the story's last paragraphs."""
    box = ("<div class='k4'><p class='k5'>Đường dây tiếp nhận phản ánh</p><p>Người dân phát hiện sai phạm xin phản "
           "ánh về Đội Cảnh sát giao thông qua số 0236.3822.113 hoặc hộp thư phananh.csgt@congan.example.vn.</p></div>")
    post = f"<div class='k1'><p>{P1}</p><p>{P2}</p><p>{P3}</p>{box}</div>"
    assert extract(URL, page(post), fetched_at=FETCHED).body == [P1, P2, P3]


def test_paragraphs_a_class_keeps_apart_with_blank_lines_are_paragraphs() -> None:
    """A description rendered with its line breaks kept (Tailwind's "whitespace-pre-line"): one element holding the
    paragraphs separated by blank lines. The reader sees paragraphs; so does the extractor."""
    text = f"\n{P1}\n\n{P2}\n\n{P3}\n"
    html = page(f"<div class='q1 whitespace-pre-line text-base'>{text}</div>")
    assert extract(URL, html, fetched_at=FETCHED).body == [P1, P2, P3]
    # Without such a class the newlines are only the source's layout: one paragraph, as a browser shows it.
    assert extract(URL, page(f"<div class='q1'>{text}</div>"), fetched_at=FETCHED).body != [P1, P2, P3]


def test_a_channel_s_calls_to_follow_it_elsewhere_and_a_fold_are_chrome() -> None:
    for line in ("📌 Fanpage: https://www.facebook.com/conganxa.example", "Ẩn bớt", "Hiện thêm",
                 "👉 Đăng ký kênh Công an huyện để cập nhật tin tức mới nhất: https://www.youtube.com/@conganhuyen"):
        assert is_chrome_line(line), line
    assert not is_chrome_line("Chi tiết thủ tục xem tại Cổng dịch vụ công: https://dichvucong.example.vn")
