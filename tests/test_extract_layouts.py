"""Layouts of templates no profile knows, each rule on a small page written for its test (none is a copy of
an evaluation page): client apps that hide their server-rendered page until a script runs, a blog's meta
column beside the article, documentation generators' permalink anchors, teaser lists with dates, image
components with their captions, republication notes, bylines joined by "và", days printed without a year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from lxml.html import HtmlElement

from crawler.core.dates import TZ
from crawler.extract import density, extract
from crawler.extract.blocks import Block, reuse, walk
from crawler.extract.decode import parse as parse_html
from crawler.extract.decode import to_text

GOLD = Path(__file__).parent / "gold"

FETCHED = datetime(2026, 11, 28, 10, 0, tzinfo=TZ)
TITLE = "Chi đoàn Cảnh sát cơ động ra quân dọn vệ sinh môi trường tại khu dân cư ven sông"
PARAS = (
    "Sáng 23/11, hơn 40 đoàn viên Chi đoàn Cảnh sát cơ động đã phối hợp với Ban công tác mặt trận khu phố "
    "tổ chức ra quân thu gom rác thải, phát quang bụi rậm dọc tuyến đường ven sông.",
    "Trong buổi ra quân, các đoàn viên đã thu gom gần hai tấn rác thải sinh hoạt, nạo vét ba tuyến mương "
    "thoát nước và trồng mới hai mươi cây xanh tại khuôn viên nhà văn hóa khu phố.",
    "Hoạt động nhằm hưởng ứng phong trào chung tay xây dựng khu dân cư xanh, sạch, đẹp, đồng thời góp phần "
    "tăng cường mối quan hệ gắn bó giữa lực lượng Công an với Nhân dân trên địa bàn.",
)
BODY = "".join(f"<p>{p}</p>" for p in PARAS)
URL = "https://doanthanhnien.example.gov.vn/bai-viet/ra-quan-don-ve-sinh.html"


def _article(url: str, html: str):  # type: ignore[no-untyped-def]
    return extract(url, html, fetched_at=FETCHED)


def test_a_page_a_class_hides_until_its_script_runs_is_read() -> None:
    html = (f"<html><head><title>{TITLE}</title><style>.hide{{opacity:0}}</style></head><body>"
            "<div id='app'><header class='navbar'><a href='/'>Tuổi trẻ Công an</a></header>"
            f"<div class='hide'><section class='page'><h1>{TITLE}</h1>"
            "<div class='page-info'><span>Lê Thu Trang - Phạm Minh Khôi</span> <span>24/11/2026</span></div>"
            f"<div class='content'>{BODY}</div></section></div></div></body></html>")
    article = _article(URL, html)
    assert article.kind == "article"
    assert article.body == list(PARAS)
    assert article.published_at == date(2026, 11, 24)
    # Really hidden text (a hidden box beside a visible article) stays out.
    shown = html.replace("<div class='hide'>", "<div><div class='hide'><p>" + "Nội dung ẩn. " * 20
                         + "</p></div>", 1).replace("</section></div>", "</section></div></div>", 1)
    assert not any("Nội dung ẩn" in p for p in _article(URL, shown).body)


def test_the_writers_names_beside_the_date_on_its_line() -> None:
    html = (f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1>"
            "<div class='info'><span>Lê Thu Trang - Phạm Minh Khôi</span><span>24/11/2026</span>"
            f"<span>Môi trường</span></div><div class='content'>{BODY}</div></main></body></html>")
    assert _article(URL, html).published_at == date(2026, 11, 24)


def test_the_meta_column_beside_the_article_gives_its_date_and_author() -> None:
    column = ("<div class='md-sidebar md-sidebar--post'><div class='md-sidebar__inner'><nav class='md-nav'>"
              "<a href='/blog/'>Quay lại</a><div class='md-post__authors'><div class='md-profile'>"
              "<span class='md-profile__description'><strong>Đỗ Quang Vinh</strong><br>Đội An ninh mạng</span>"
              "</div></div><ul class='md-post__meta'><li><nav class='md-nav'><ul><li><div>"
              "<time datetime='2026-11-20 00:00:00'>20 tháng 11, 2026</time></div></li></ul></nav></li></ul>"
              "</nav></div></div>")
    html = (f"<html><head><title>{TITLE}</title></head><body><header><a href='/'>Bản tin</a></header>"
            f"<main><div class='md-content'>{column}<article class='md-content__inner'><h1>{TITLE}</h1>"
            f"{BODY}</article></div></main><footer>© 2026</footer></body></html>")
    article = _article(URL, html)
    assert article.author == "Đỗ Quang Vinh"
    assert article.published_at == date(2026, 11, 20)  # a machine midnight behind a printed day is the day


def test_headings_permalink_anchors_are_no_text() -> None:
    html = (f"<html><head><title>{TITLE}</title></head><body><article>"
            f"<h1>{TITLE}<a class='headerlink' href='#top'>¶</a></h1><p>{PARAS[0]}</p>"
            "<h2 id='ket-qua'>Kết quả<a class='headerlink' href='#ket-qua'>¶</a></h2>"
            f"<p>{PARAS[1]}</p><p>{PARAS[2]}</p></article></body></html>")
    article = _article(URL, html)
    assert article.title == TITLE
    assert article.body == [PARAS[0], "Kết quả", PARAS[1], PARAS[2]]


def test_a_date_in_a_teaser_of_another_post_is_not_this_ones() -> None:
    html = (f"<html><head><title>{TITLE}</title></head><body><div class='post'><h1>{TITLE}</h1>"
            "<div class='byline'>Hôm qua</div>"
            f"<div class='body'>{BODY}</div><div class='more'><h4>Bài đăng khác</h4>"
            "<div class='preview'><a href='/p/tuan-tra-dem'>Theo chân tổ tuần tra đêm trên tuyến quốc lộ</a>"
            "<div class='meta'><time datetime='2025-09-14T01:30:00Z'>14 thg 9, 2025</time></div></div>"
            "</div></div></body></html>")
    assert _article(URL, html).published_at == date(2026, 11, 27)


def test_an_image_component_and_its_caption_are_a_figure() -> None:
    caption = "Đoàn viên thu gom rác thải dọc tuyến đường ven sông."
    figure = (f"<div class='cmp-image'><img src='/dam/anh-1.jpg' alt=''><span class='cmp-image__title'>{caption}"
              "</span></div>")
    html = (f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
            f"<div class='text'><p>{PARAS[0]}</p></div>{figure}<div class='text'><p>{PARAS[1]}</p>"
            f"<p>{PARAS[2]}</p></div></article></body></html>")
    article = _article(URL, html)
    assert article.body == list(PARAS)
    assert [i.caption for i in article.images] == [caption]


def test_a_republication_note_names_the_source() -> None:
    note = "<p><em>Bài viết đã đăng trên Báo Thanh niên, đăng lại với sự đồng ý của tòa soạn.</em></p>"
    html = (f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
            f"<div>24/11/2026</div>{BODY}{note}</article></body></html>")
    article = _article(URL, html)
    assert article.source == "Báo Thanh niên"
    assert not any("đăng lại" in p for p in article.body)


def test_metadata_writers_are_given_as_printed_when_joined_by_va() -> None:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x", "author": ['
          '{"@type": "Person", "name": "Lê Thu Trang"}, {"@type": "Person", "name": "Phạm Minh Khôi"}]}</script>')
    html = (f"<html><head><title>{TITLE}</title>{ld}</head><body><article><h1>{TITLE}</h1>"
            "<div class='names'><a href='/@trang'>Lê Thu Trang</a> và <a href='/@khoi'>Phạm Minh Khôi</a></div>"
            f"<div>24/11/2026</div>{BODY}</article></body></html>")
    assert _article(URL, html).author == "Lê Thu Trang và Phạm Minh Khôi"


def test_a_day_printed_without_its_year_takes_the_year_of_the_address() -> None:
    html = (f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1>"
            f"<div class='info'><span>26/3</span></div><div class='content'>{BODY}</div></main></body></html>")
    url = "https://doanthanhnien.example.gov.vn/bai-viet/2025-03-26/ra-quan-don-ve-sinh.html"
    assert _article(url, html).published_at == date(2025, 3, 26)
    assert _article(URL, html).published_at == date(2026, 3, 26)  # alone: the latest such day before the fetch


# -- the body's blocks, read once -------------------------------------------------------------------------

def _both(html: str, skip_of: Callable[[HtmlElement], set[HtmlElement]]) -> tuple[object, list[Block]]:
    root = parse_html(html)
    found = density.analyse(root, URL)
    assert found.container is not None and found.entered is not None
    skip = skip_of(root)
    walked = walk(found.container, URL, skip=skip.__contains__)
    return reuse(found.blocks, found.entered, found.container, skip), walked


def _text(blocks: list[Block]) -> list[tuple[str, object]]:
    return [(b.text, b.owner) for b in blocks]


def test_the_density_pass_blocks_are_what_a_walk_of_the_container_gives() -> None:
    html = (f"<html><body><div class='menu'><a href='/'>Trang chủ</a></div><div class='content'><h1>{TITLE}</h1>"
            f"<div class='share'>Chia sẻ</div>{BODY}<div class='tags'>Từ khóa: môi trường</div></div></body></html>")
    reused, walked = _both(html, lambda root: {root.find(".//div[@class='share']")})
    assert reused is not None and _text(reused) == _text(walked)  # type: ignore[arg-type]
    assert not any(b.text == "Chia sẻ" for b in walked)


@pytest.mark.parametrize("html", [
    # A skipped inline element cuts a paragraph's text: the container is walked again.
    f"<html><body><div class='content'><p>{PARAS[0]} <span class='share'>Chia sẻ</span> {PARAS[1]}</p>"
    f"<p>{PARAS[2]}</p></div></body></html>",
    # Text on both sides of a skipped block would join into one paragraph.
    f"<html><body><div class='content'>{PARAS[0]}<div class='share'>Chia sẻ</div>{PARAS[1]}<p>{PARAS[2]}</p>"
    "</div></body></html>",
])
def test_blocks_are_walked_again_when_a_skip_changes_a_paragraph(html: str) -> None:
    reused, walked = _both(html, lambda root: {root.xpath("//*[@class='share']")[0]})
    assert reused is None
    assert not any("Chia sẻ" in b.text for b in walked)


def test_bold_around_the_container_makes_the_blocks_walked_again() -> None:
    html = f"<html><body><b><div class='content'>{BODY}</div></b><div class='side'>x</div></body></html>"
    reused, _ = _both(html, lambda root: set())
    assert reused is None


@pytest.mark.parametrize("around", [
    "<table><tr><td align='center'>{}</td></tr></table>",  # a layout table's centred cell
    "<center><div>{}</div></center>",
    "<div style='text-align: right'><table><tr><td><div class='x'>{}</div></td></tr></table></div>",
    "<table><tr><th class='text-center'>{}</th></tr></table>",
])
def test_blocks_read_in_an_aligned_cell_are_reused_with_the_containers_own_alignment(around: str) -> None:
    # Every element of the page as the container: the reused blocks are the walk's in every field (text, owner,
    # alignment, table cell, image), whatever alignment and cells stand around and inside the container.
    inner = (f"<div class='content'><h1>{TITLE}</h1><p align='center'><img src='/a.jpg'> Ảnh minh họa</p>"
             f"<figure class='image'><img src='/b.jpg'><figcaption>Lực lượng ra quân</figcaption></figure>"
             f"<table class='image'><tr><td><img src='/c.jpg'></td></tr><tr><td>Chú thích ảnh</td></tr></table>"
             f"<div style='text-align:right'>{PARAS[0]}<span>{PARAS[1]}</span></div>"
             f"<table><tr><td>{PARAS[2]}</td><td align='right'><p>Ô bên phải</p></td></tr></table>{BODY}</div>")
    html = f"<html><body><div class='menu'><a href='/'>Trang chủ</a></div>{around.format(inner)}</body></html>"
    root = parse_html(html)
    found = density.analyse(root, URL)
    assert found.entered is not None
    rebased = 0
    for container in found.entered:
        reused = reuse(found.blocks, found.entered, container, set())
        ctx = found.entered[container]
        if reused is None:  # read inside a heading, a link, bold or a caption: only then walked again
            assert ctx.heading or ctx.link or ctx.bold or ctx.italic or ctx.caption
            continue
        assert reused == walk(container, URL)
        rebased += any(all(b is not a for a in found.blocks) for b in reused)  # a block made anew
    assert rebased  # some container's blocks differ from the page walk's in alignment or cell, and were fixed


def test_reuse_matches_a_walk_on_every_gold_page() -> None:
    checked = 0
    for meta in sorted(GOLD.glob("*/*.json")):
        root = parse_html(to_text(meta.with_suffix(".html").read_bytes()))
        found = density.analyse(root, URL)
        if found.entered is None:
            continue
        for container in found.containers:
            reused = reuse(found.blocks, found.entered, container, found.chrome_boxes)
            if reused is not None:
                walked = walk(container, URL, skip=found.chrome_boxes.__contains__)
                assert _text(reused) == _text(walked), meta.name
                checked += 1
    assert checked > 40


# -- set 20's rules ---------------------------------------------------------------------------------------

def test_an_old_sites_colophon_is_not_the_story_and_its_inline_related_list_goes() -> None:
    colophon = ("<b>TRANG THÔNG TIN ĐIỆN TỬ CÔNG AN TỈNH BẮC NAM</b><br>Địa chỉ: Số 9 đường Trần Phú, phường "
                "Bắc Sơn, tỉnh Bắc Nam - Điện thoại: 0212.3820.113<br>Giấy phép số 45/GP-TTĐT do Sở Thông tin và "
                "Truyền thông cấp ngày 15/3/2010<br>Bản quyền © 2010 Công an tỉnh Bắc Nam. Ghi rõ nguồn khi phát "
                "hành lại thông tin từ trang này.")
    related = "".join(f"<img src='/i/dot.gif' width='4' height='4'> <a href='/cgi-bin/news.cgi?id={n}'>{t}</a><br>"
                      for n, t in ((11, "Bắt hai đối tượng trộm cắp tài sản tại chợ trung tâm huyện vào rạng sáng"),
                                   (12, "Ra quân tổng kiểm soát phương tiện giao thông cơ giới đường bộ cuối năm"),
                                   (13, "Công an tỉnh gặp mặt các cơ quan báo chí nhân ngày Báo chí cách mạng")))
    html = (f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head><body><table>"
            f"<tr><td width='170'><a href='/'>Trang chủ</a></td><td width='440'><font size='3'><b>{TITLE}</b>"
            "</font><br><font size='1'>Cập nhật: 13/09/2024 - 07:48</font><br>"
            f"{BODY}<font color='#990000'><b>Các tin đã đưa:</b></font><br>{related}"
            f"</td></tr><tr><td colspan='2'><font size='1'>{colophon}</font></td></tr></table></body></html>")
    article = _article("http://www.congan.example.gov.vn/cgi-bin/news.cgi?id=10", html)
    assert article.body == list(PARAS)


def test_a_meta_bar_nav_inside_the_article_dates_it() -> None:
    bar = ("<nav class='level post-meta'><div class='level-item'>Đăng ngày: "
           "<time datetime='2024-07-19T15:00:00+07:00'>19/07/2024</time></div></nav>")
    html = (f"<html><head><title>{TITLE}</title></head><body><nav class='navbar'><a href='/'>Trang chủ</a></nav>"
            f"<article class='box'><h1>{TITLE}</h1>{bar}{BODY}</article></body></html>")
    assert _article(URL, html).published_at == datetime(2024, 7, 19, 15, 0, tzinfo=TZ)


def test_a_day_printed_in_utc_takes_the_metadatas_moment() -> None:
    head = "<meta property='article:published_time' content='2024-03-11T18:40:00.000Z'>"
    html = (f"<html><head><title>{TITLE}</title>{head}</head><body><article><h1>{TITLE}</h1>"
            f"<div class='meta'>Published on Mar 11, 2024</div>{BODY}</article></body></html>")
    assert _article(URL, html).published_at == datetime(2024, 3, 12, 1, 40, tzinfo=TZ)
    # A metadata day that is not the printed one in UTC either is a wrong one: the printed day stands.
    other = html.replace("2024-03-11T18:40", "2024-03-20T18:40")
    assert _article(URL, other).published_at == date(2024, 3, 11)


def test_a_news_posted_label_dates_the_line() -> None:
    html = (f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1>"
            f"<div class='hint'>Tin đăng 27/11/2026 16:45</div>{BODY}</main></body></html>")
    article = _article(URL, html)
    assert article.published_at == datetime(2026, 11, 27, 16, 45, tzinfo=TZ)
    assert not any("Tin đăng" in p for p in article.body)


def test_a_shop_account_is_no_author_and_an_icons_name_is_no_part_of_one() -> None:
    shop = (f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
            "<span class='author'>Bởi Cửa hàng An toàn Bắc Nam</span><div>24/11/2026</div>"
            f"{BODY}</article></body></html>")
    assert _article(URL, shop).author is None
    icon = shop.replace("Bởi Cửa hàng An toàn Bắc Nam",
                        "<mat-icon aria-hidden='true'>person</mat-icon> Minh Anh (Công an phường Bắc Sơn)")
    assert _article(URL, icon).author == "Minh Anh (Công an phường Bắc Sơn)"


def test_the_headlines_subtitle_is_the_lead() -> None:
    dek = "Phạt nguội không bao giờ được thông báo bằng một đường link rút gọn gửi qua tin nhắn"
    h2 = (f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1><h2>{dek}</h2>"
          f"<div>24/11/2026</div><div class='content'>{BODY}</div></article></body></html>")
    article = _article(URL, h2)
    assert article.summary == dek and article.body == list(PARAS)
    in_header = h2.replace(f"<h1>{TITLE}</h1><h2>{dek}</h2>",
                           f"<header><h1>{TITLE}</h1><p class='x'>{dek}</p></header>")
    assert _article(URL, in_header).summary == dek
    # A short section heading right after the headline is no subtitle.
    heading = h2.replace(dek, "Diễn biến vụ việc")
    assert _article(URL, heading).summary != "Diễn biến vụ việc"


def test_the_articles_info_table_under_the_text_is_no_text() -> None:
    table = ("<table><thead><tr><th>Thông tin bài viết</th><th></th></tr></thead><tbody>"
             "<tr><td>Ngày xuất bản</td><td>10/11/2026</td></tr>"
             "<tr><td>Chuyên mục</td><td>Căn cước - định danh</td></tr>"
             "</tbody></table>")
    html = (f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1>"
            f"<div class='content'>{BODY}{table}</div></main></body></html>")
    article = _article(URL, html)
    assert article.body == list(PARAS)
    assert article.published_at == date(2026, 11, 10)


def test_an_archive_notice_is_no_text() -> None:
    notice = ("<p><em>Bài viết thuộc chuyên mục lưu trữ của Công an huyện (trước khi tổ chức lại bộ máy). "
              "Một số tên gọi có thể đã thay đổi.</em></p>")
    html = (f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1><div>24/11/2026</div>"
            f"<div class='content'>{notice}{BODY}</div></main></body></html>")
    assert _article(URL, html).body == list(PARAS)


def test_a_page_builders_widgets_are_the_story_even_when_one_holds_most_of_it() -> None:
    widgets = (f"<div class='area-widget'><p>{PARAS[0]}</p><p>{PARAS[1]}</p></div>"
               f"<div class='area-widget'><p>{PARAS[2]}</p></div>")
    html = (f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1><div>24/11/2026</div>"
            f"<div class='area'>{widgets}</div></main><aside class='sidebar'><a href='/a'>Tin mới</a></aside>"
            "</body></html>")
    assert _article(URL, html).body == list(PARAS)


def test_a_time_marked_as_the_modification_date_is_not_the_publication() -> None:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x", '
          '"datePublished": "2024-08-29T02:10:45+00:00"}</script>')
    meta = ("<div class='entry-meta'>Cập nhật lần cuối: <time class='entry-date updated-date' "
            "datetime='2024-09-18T10:02:11+07:00' itemprop='dateModified'>18/09/2024</time></div>")
    html = (f"<html><head><title>{TITLE}</title>{ld}</head><body><article class='post'><header class='entry-header'>"
            f"<h1 class='entry-title'>{TITLE}</h1>{meta}</header><div class='entry-content'>{BODY}</div></article>"
            "</body></html>")
    assert _article(URL, html).published_at == datetime(2024, 8, 29, 9, 10, 45, tzinfo=TZ)


# -- set 21's rules ---------------------------------------------------------------------------------------


def test_a_byline_classed_tacgia_after_the_text() -> None:
    html = (f"<html><head><title>{TITLE}</title></head><body><div data-role='content'><h2 class='tieude'>{TITLE}</h2>"
            f"<p class='ngaydang'>16/10/2020</p><div class='noidung'>{BODY}</div>"
            "<p class='tacgia'>Hoàng Nam - Minh Đức</p></div></body></html>")
    assert _article(URL, html).author == "Hoàng Nam - Minh Đức"


def test_the_writers_name_beside_the_date_in_one_text() -> None:
    html = (f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1>"
            f"<p class='meta'>15/07/2024 09:12 | Hồ Thị Lam</p><div class='content'>{BODY}</div></main></body></html>")
    assert _article(URL, html).author == "Hồ Thị Lam"


def test_the_writer_and_unit_in_the_dates_table_row() -> None:
    row = ("<table class='info'><tr><td>Thứ Ba, 16/09/2025 | 10:05</td>"
           "<td style='text-align:right'>Thu Hà (Phòng PC07)</td></tr></table>")
    html = (f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1>"
            f"<div class='news-detail'>{row}{BODY}</div></main></body></html>")
    article = _article(URL, html)
    assert article.author == "Thu Hà (Phòng PC07)"
    assert article.body == list(PARAS)


def test_a_feedback_forms_labels_do_not_hide_the_signature() -> None:
    form = ("<div class='gopy'><h4>Gửi góp ý</h4><p>Họ và tên:</p><input name='n'><p>Nội dung:</p>"
            "<textarea></textarea><p>Mã xác nhận:</p></div>")
    sig = "<p style='text-align: right;'><strong>Quang Huy (Công an xã Như Xuân)</strong></p>"
    html = (f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1><div>24/11/2026</div>"
            f"<div class='content'>{BODY}{sig}{form}</div></main></body></html>")
    article = _article(URL, html)
    assert article.author == "Quang Huy (Công an xã Như Xuân)"
    assert article.body == list(PARAS)


def test_a_channels_name_is_no_headline_its_message_has_one_and_its_time() -> None:
    headline = "BẮT ĐỐI TƯỢNG TRUY NÃ ĐẶC BIỆT LẨN TRỐN HƠN MƯỜI NĂM TẠI VÙNG BIÊN"
    message = (f"<div class='widget_message'><div class='widget_message_text'><b>{headline}</b><br><br>"
               + "<br><br>".join(PARAS)
               + "</div><div class='widget_message_footer'><a href='/c/1774'>"
               "<time datetime='2025-01-05T12:45:00+00:00'>19:45</time></a></div></div>")
    html = ("<html><head><title>Công an tỉnh Bắc Nam – Telegram</title>"
            "<meta property='og:title' content='Công an tỉnh Bắc Nam'></head><body>"
            "<header class='channel'><span class='channel_title'>Công an tỉnh Bắc Nam</span></header>"
            f"<section class='messages'>{message}</section><footer>© 2026</footer></body></html>")
    article = _article("https://congan.example.gov.vn/kenh/s/bacnam/1774", html)
    assert article.title == headline
    assert article.published_at == datetime(2025, 1, 5, 19, 45, tzinfo=TZ)


def test_a_posts_date_above_the_first_line_of_its_message() -> None:
    headline = "Giám đốc Công an tỉnh tiếp công dân định kỳ tháng 11 tại trụ sở tiếp công dân"
    post = ("<div role='article'><div class='head'><h2><a href='/page'>Công an tỉnh Bắc Nam</a></h2>"
            "<span><a href='/posts/1'>28 tháng 11 lúc 06:45</a></span></div>"
            f"<div class='msg'><div><div><p><strong>{headline}</strong></p>"
            + "".join(f"<p>{p}</p>" for p in PARAS) + "</div></div></div></div>")
    html = ("<html><head><title>Công an tỉnh Bắc Nam</title></head><body>"
            f"<div role='main'>{post}</div></body></html>")
    article = _article("https://social.example.com/bacnam/posts/1", html)
    assert article.title == headline
    assert article.published_at == datetime(2026, 11, 28, 6, 45, tzinfo=TZ)


def test_a_short_og_title_inside_a_span_of_the_h1() -> None:
    short = "Cảnh báo thủ đoạn lừa đảo mạo danh trung tâm sát hạch"
    full = f"{short} cấp đổi giấy phép lái xe"
    html = (f"<html><head><title>{short} | Cửa hàng Bắc Nam</title><meta property='og:title' content='{short}'>"
            f"</head><body><h1 class='page-title'><span class='base'>{full}</span></h1><div>24/11/2026</div>"
            f"<div class='content'>{BODY}</div></body></html>")
    assert _article(URL, html).title == full


# -- set 22's rules ---------------------------------------------------------------------------------------


def test_a_long_form_storys_credits_block_names_its_writer() -> None:
    credits = ("<div class='credit'>Thực hiện: <b>Đỗ Quang Vinh</b> | Ảnh: <b>Lê Hải</b> | "
               "Thiết kế: <b>Ngọc Diệp</b></div>")
    html = (f"<html><head><title>{TITLE}</title></head><body><section class='cover'><h1>{TITLE}</h1>"
            f"<span>Thứ Hai, 15/07/2024 - 06:00</span></section><div class='emag-body'>{credits}{BODY}</div>"
            "</body></html>")
    article = _article(URL, html)
    assert article.author == "Đỗ Quang Vinh"
    assert article.body == list(PARAS)


def test_the_author_field_among_a_meta_lines_fields() -> None:
    info = ("<div class='article-info'><span class='date'>Thứ Ba, 10/11/2026</span> <span class='time'>09:05</span>"
            " | Người đăng: quantri | Tác giả: Lê Bích Ngọc | Lượt xem: 233</div>")
    html = (f"<html><head><title>{TITLE}</title></head><body><div class='article-head'><h1>{TITLE}</h1>{info}</div>"
            f"<div class='content'>{BODY}</div></body></html>")
    assert _article(URL, html).author == "Lê Bích Ngọc"


def test_an_author_box_with_the_date_gives_the_name() -> None:
    box = ("<div class='article-author'><img src='/a.png' alt=''><div class='article-meta'><a href='/p/1'>Hồ Lan Anh"
           "</a><ul><li>Ngày đăng: <time datetime='2026-11-14T09:20:00Z'>14 tháng 11 năm 2026 16:20</time></li>"
           "</ul></div></div>")
    html = (f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>{box}"
            f"<div class='article-body'>{BODY}</div></article></body></html>")
    assert _article(URL, html).author == "Hồ Lan Anh"


def test_a_separator_line_between_the_writer_and_the_date() -> None:
    meta = ("<div class='meta'><div class='who'><img src='/a.jpg' alt=''><div><p>Lê Mỹ Duyên</p></div></div>"
            "<div class='dot'><p>·</p></div><div class='date'><span>5 thg 10, 2026</span></div></div>")
    html = (f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1>{meta}"
            f"<div class='rich'>{BODY}</div></main></body></html>")
    assert _article(URL, html).author == "Lê Mỹ Duyên"


def test_a_repository_items_abstract_is_the_lead_not_the_metadata_box_around_the_headline() -> None:
    abstract = "Hơn 500 học viên dự tọa đàm, được chuyên gia chia sẻ các thủ đoạn lừa đảo mới trên không gian mạng."
    box = (f"<div class='item-summary-view-metadata'><h1>{TITLE}</h1><div class='authors'><h5>Tác giả:</h5>"
           "<span>Trần, Quốc Bảo</span> ; <span>Lý, Thanh Mai</span></div><div>Ngày: 2026-11-02</div>"
           f"<div class='description'><h3>Tóm tắt:</h3><div class='abstract'>{abstract}</div></div>"
           f"<div class='fulltext'>{BODY}</div></div>")
    html = f"<html><head><title>{TITLE}</title></head><body><div id='ds-body'>{box}</div></body></html>"
    article = _article(URL, html)
    assert article.summary == abstract
    assert not any(p.startswith("Tóm tắt") for p in article.body)


# -- set 23's rules ---------------------------------------------------------------------------------------


def test_a_blog_whose_h1_is_its_name_linking_home_and_its_day_in_an_english_header() -> None:
    entry = ("<div class='entry_date'><h3 class='date'>Tuesday, July 8. 2025</h3>"
             f"<h4 class='entry_title'><a href='/archives/258-x.html'>{TITLE}</a></h4>"
             f"<div class='entry_body'>{BODY}</div><div class='entry_footer'>Posted by Ban biên tập "
             "in <a href='/categories/3'>Bảo mật</a> at <a href='/archives/258-x.html'>09:15</a></div></div>")
    html = (f"<html><head><title>{TITLE} - Cảnh giác số</title></head><body>"
            f"<div id='banner'><h1><a class='homelink' href='https://blog.example.gov.vn/'>Cảnh giác số</a></h1></div>"
            f"<table><tr><td id='content'>{entry}</td></tr></table></body></html>")
    article = _article("https://blog.example.gov.vn/archives/258-x.html", html)
    assert article.title == TITLE
    assert article.published_at == datetime(2025, 7, 8, 9, 15, tzinfo=TZ)


def test_a_signature_of_a_name_a_dash_and_the_unit() -> None:
    sig = "<p style='text-align: right;'><strong>Đức Mạnh - Công an xã Tân Sỏi</strong></p>"
    html = (f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1><div>24/11/2026</div>"
            f"<div class='content'>{BODY}{sig}</div></main></body></html>")
    article = _article(URL, html)
    assert article.author == "Đức Mạnh - Công an xã Tân Sỏi"
    assert article.body == list(PARAS)


def test_a_wiki_footer_and_a_comment_boxs_login_call_are_no_text() -> None:
    tail = ("<p>Bạn phải đăng nhập để gửi bình luận.</p>"
            "<p>tin_tuc/2024/09/ra_quan.txt · Last modified: 2024/09/06 10:31 by bientap</p>")
    html = (f"<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1><div>24/11/2026</div>"
            f"<div class='content'>{BODY}{tail}</div></main></body></html>")
    assert _article(URL, html).body == list(PARAS)


def test_a_city_polices_account_is_no_author() -> None:
    from crawler.extract import bylines
    assert not bylines.plausible_person("Công an TP")
    assert not bylines.plausible_person("Công an TP Huế")


# -- set 24's rules ---------------------------------------------------------------------------------------


def test_an_uncompiled_vue_template_is_hidden_and_its_time_still_dates_the_page() -> None:
    meta = ("<p class='uk-article-meta'>Viết bởi Quản trị viên vào <time datetime='2024-03-11T23:30:00+00:00' "
            "v-cloak>{{ \"2024-03-11T23:30:00+00:00\" | date \"longDate\" }}</time></p>")
    html = (f"<html><head><title>{TITLE}</title></head><body><article class='uk-article'><h1>{TITLE}</h1>{meta}"
            f"<div class='uk-margin'>{BODY}</div></article></body></html>")
    article = _article(URL, html)
    assert article.published_at == datetime(2024, 3, 12, 6, 30, tzinfo=TZ)
    assert article.body == list(PARAS)


def test_an_english_relative_date_above_the_note() -> None:
    bar = ("<div class='infobar'><span>Last changed by</span> <a href='/@a'>hotro</a> · "
           "<span>Published 2 days ago</span></div>")
    html = (f"<html><head><title>{TITLE}</title></head><body>{bar}<div id='doc' class='markdown-body'>"
            f"<h1>{TITLE}</h1>{BODY}</div></body></html>")
    assert _article(URL, html).published_at == date(2026, 11, 26)


def test_an_event_time_in_the_text_is_no_meta_line() -> None:
    from crawler.extract import chrome
    assert not chrome.is_meta_line("Từ 8h00 ngày 20/6/2025 (thứ Sáu).")
    assert chrome.is_meta_line("Ngày đăng: 12/03/2024 02:35 CH Lượt xem: 2.514")


def test_a_notes_last_changed_time_is_not_its_date() -> None:
    bar = ("<div class='infobar'>Last changed by pc06 · <time class='ui-lastchange' "
           "datetime='2025-02-17T08:44:10.000Z'>Feb 17, 2025</time></div>")
    table = "<table><tr><td>Ngày ban hành</td><td>05/08/2024</td></tr></table>"
    html = (f"<html><head><title>{TITLE}</title></head><body><div class='doc'><h1>{TITLE}</h1>{bar}{table}"
            f"{BODY}</div></body></html>")
    assert _article(URL, html).published_at == date(2024, 8, 5)


def test_a_forum_posts_sent_yesterday_with_its_time() -> None:
    head = "<span class='post_date'>Gửi: <span title='27-11-2026'>Hôm qua</span>, 20:15</span>"
    html = (f"<html><head><title>{TITLE}</title></head><body><div class='post'><h2>{TITLE}</h2>"
            f"<div class='post_head'>{head}</div><div class='post_body'>{BODY}</div></div></body></html>")
    assert _article(URL, html).published_at == datetime(2026, 11, 27, 20, 15, tzinfo=TZ)
