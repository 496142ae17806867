"""Rules of the generic extractor for templates no profile knows, each on a small page written for its test.

The rules came from failures on tests/gold and tests/holdout, and the pages reuse lines of those
corpora (the title of a gold WordPress page, footer lines of the gold NukeViet, SharePoint and ASP.NET
pages): they are regression tests of those corpora's templates, not independent evidence.
"""

from __future__ import annotations

from crawler.extract import extract
from crawler.extract.bylines import parse_all
from crawler.extract.chrome import is_chrome_line

P1 = (
    "Công an phường phối hợp với tổ dân phố tổ chức tuyên truyền phòng cháy, chữa cháy cho hơn 120 hộ gia đình "
    "kinh doanh nhà trọ, hướng dẫn cách sử dụng bình chữa cháy và lối thoát nạn khi có sự cố xảy ra."
)
P2 = (
    "Qua kiểm tra, tổ công tác đã nhắc nhở 14 cơ sở chưa trang bị đủ phương tiện chữa cháy, yêu cầu khắc phục "
    "trong thời hạn 15 ngày và cam kết bảo đảm an toàn cho người thuê trọ trong mùa hanh khô sắp tới."
)
P3 = (
    "Thời gian tới, Công an phường sẽ tiếp tục kiểm tra định kỳ, đồng thời vận động người dân lắp đặt thiết bị "
    "báo cháy tự động tại các khu nhà trọ có đông người ở."
)
TITLE = "Tuyên truyền phòng cháy, chữa cháy cho các hộ kinh doanh nhà trọ trên địa bàn phường"
URL = "https://congan.example.gov.vn/tin-tuc/tuyen-truyen-pccc-nha-tro-1234.html"
LEAD = "Chiều 12/3, Công an phường tổ chức buổi tuyên truyền kỹ năng phòng cháy, chữa cháy tại khu dân cư."


def page(main: str, side: str = "") -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
        "<div id='menu'><a href='/'>Trang chủ</a> <a href='/tin-tuc'>Tin tức</a></div>"
        f"<div class='wrap'><div class='main-col'>{main}</div><div class='right-col'>{side}</div></div>"
        "<div id='footer'>Bản quyền thuộc Công an tỉnh</div></body></html>"
    )


def test_a_lead_named_by_its_class_is_the_summary_without_its_thumbnail() -> None:
    html = page(
        f"<h1>{TITLE}</h1><div class='time'>Thứ ba - 12/03/2024 16:00</div>"
        f"<div class='sapo-detail'><div class='thumb'><img src='/a.jpg'><p><em>Ảnh minh họa buổi tuyên truyền.</em>"
        f"</p></div>{LEAD}</div>"
        f"<div class='noi-dung'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
    )
    article = extract(URL, html)
    assert article.summary == LEAD
    assert article.body == [P1, P2, P3]


def test_a_body_class_on_a_sidebar_box_gives_way_to_the_real_body() -> None:
    html = page(
        f"<h1>{TITLE}</h1><div class='time'>12/03/2024 16:00</div>"
        f"<div class='chi-tiet-tin'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>",
        side="<div class='journal-content-article'><p>Đường dây nóng: 113</p></div>",
    )
    article = extract(URL, html)
    assert article.kind == "article"
    assert article.body == [P1, P2, P3]


def test_ad_slots_and_video_boxes_inside_the_body_are_chrome() -> None:
    html = page(
        f"<h1>{TITLE}</h1><div class='time'>12/03/2024 16:00</div><div class='article-content'><p>{P1}</p>"
        "<div class='ads ads-inline-content'><span class='ad-label'>Quảng cáo</span></div>"
        f"<p>{P2}</p><div class='video-embed'><div class='video-label'>Video: Truyền hình Công an</div>"
        f"<iframe src='https://video.example/1'></iframe></div><p>{P3}</p></div>"
    )
    assert extract(URL, html).body == [P1, P2, P3]


def test_what_a_card_shows_above_the_headline_is_not_body() -> None:
    html = page(
        "<div class='card'><div class='card-body'><div class='meta'><span class='badge'>An ninh trật tự</span>"
        f"<span>T3, 12/03/2024 10:20</span></div><h3 class='card-title'>{TITLE}</h3><hr>"
        f"<p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div>"
    )
    article = extract(URL, html)
    assert article.body == [P1, P2, P3]
    assert article.to_json()["published_at"] == "2024-03-12T10:20:00+07:00"


def test_tool_bars_run_together_on_one_line_are_chrome() -> None:
    assert is_chrome_line("Lượt xem: 534 Gửi email")
    assert is_chrome_line("987 lượt xem Chia sẻ: Facebook Sao chép liên kết In")
    assert is_chrome_line("Tác giả:")
    assert not is_chrome_line("Người dân chia sẻ trên Facebook về cách nhận diện lừa đảo qua mạng xã hội.")


def test_author_and_source_on_one_line() -> None:
    assert parse_all("Tác giả: Minh Phương - Nguồn: Phòng Tham mưu") == [
        ("author", "Minh Phương"), ("source", "Phòng Tham mưu")
    ]
    assert parse_all("Bài và ảnh: Đức Thắng") == [("author", "Đức Thắng")]
    assert parse_all("Một câu bình thường.") == []
