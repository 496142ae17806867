"""Non-article pages of the NukeViet replica: they look article-ish (a heading, paragraphs) but must
never be stored: introduction (about module), contact form, documents table (laws module), photo
gallery (photos module) and search results."""

# ruff: noqa: E501  (HTML templates keep real markup lines whole; wrapping them would change the pages)

from __future__ import annotations

from replica.nukeviet_layout import SITE_NAME, Page
from replica.render import esc

ABOUT_PATH = "/about/gioi-thieu.html"
CONTACT_PATH = "/contact/"
LAWS_PATH = "/laws/"
PHOTOS_PATH = "/photos/"
SEARCH_PATH = "/news/search/"

_ABOUT_PARAGRAPHS = (
    "Công an tỉnh Vĩnh Phúc là cơ quan thuộc Bộ Công an, có chức năng tham mưu cho Đảng ủy Công an Trung"
    " ương, Bộ trưởng Bộ Công an và Tỉnh ủy, Ủy ban nhân dân tỉnh về công tác bảo vệ an ninh quốc gia,"
    " bảo đảm trật tự, an toàn xã hội, đấu tranh phòng, chống tội phạm trên địa bàn tỉnh.",
    "Công an tỉnh thực hiện chức năng quản lý nhà nước về an ninh, trật tự; tổ chức thực hiện các biện"
    " pháp bảo vệ an ninh chính trị nội bộ, an ninh kinh tế, an ninh văn hóa - tư tưởng, an ninh thông"
    " tin; quản lý hành chính về trật tự xã hội, trật tự an toàn giao thông, phòng cháy, chữa cháy và cứu"
    " nạn, cứu hộ.",
    "Cơ cấu tổ chức của Công an tỉnh gồm Ban Giám đốc, các phòng nghiệp vụ, Công an các huyện, thành"
    " phố và Công an các xã, phường, thị trấn. Trải qua quá trình xây dựng, chiến đấu và trưởng thành,"
    " lực lượng Công an tỉnh đã được Đảng, Nhà nước tặng thưởng nhiều phần thưởng cao quý.",
)

_DOCUMENTS = (
    (
        "125/KH-CAT-PV01",
        "12/05/2025",
        "Kế hoạch tuyên truyền phòng, chống tội phạm lừa đảo trên không gian mạng",
    ),
    ("98/TB-CAT-PC08", "18/04/2025", "Thông báo phân luồng giao thông phục vụ lễ hội Tây Thiên năm 2025"),
    (
        "76/KH-CAT-PC07",
        "25/03/2025",
        "Kế hoạch kiểm tra an toàn phòng cháy, chữa cháy nhà ở kết hợp kinh doanh",
    ),
    ("41/QĐ-CAT-PX01", "14/02/2025", "Quyết định ban hành quy chế tiếp công dân của Công an tỉnh"),
    ("15/HD-CAT-PC06", "20/01/2025", "Hướng dẫn thu nhận hồ sơ cấp căn cước lưu động tại cơ sở"),
    ("302/BC-CAT-PV01", "30/12/2024", "Báo cáo kết quả công tác bảo đảm an ninh, trật tự năm 2024"),
)

_ALBUMS = (
    ("le-ra-quan-cao-diem-2025", "Lễ ra quân cao điểm tấn công, trấn áp tội phạm", 24),
    ("hoi-thi-dieu-lenh-2025", "Hội thi điều lệnh, võ thuật, bắn súng năm 2025", 36),
    ("giot-hong-cong-an-2025", "Chương trình hiến máu “Giọt hồng Công an”", 18),
    ("tet-vi-nguoi-ngheo-2025", "Chương trình “Tết vì người nghèo” năm 2025", 15),
)


def about_page() -> Page:
    body = "".join(f"<p>{esc(p)}</p>" for p in _ABOUT_PARAGRAPHS)
    main = f"""<div class="page panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg">Giới thiệu chung</h1>
<div class="bodytext">{body}
<p><img alt="Sơ đồ tổ chức" src="/uploads/about/so-do-to-chuc.jpg" width="800"/></p></div>
</div></div>"""
    return Page("Giới thiệu chung", main, ABOUT_PATH, crumbs=[("Giới thiệu", ABOUT_PATH)], module="about")


def contact_page() -> Page:
    main = f"""<div class="panel panel-default"><div class="panel-body">
<h1 class="h2">Liên hệ</h1>
<div class="row"><div class="col-md-12"><h2 class="h3">{esc(SITE_NAME)}</h2>
<ul class="list-none"><li><em class="fa fa-map-marker"></em> Địa chỉ: Đường Nguyễn Tất Thành, thành phố Vĩnh Yên, tỉnh Vĩnh Phúc</li>
<li><em class="fa fa-phone"></em> Điện thoại: 069.2609.xxx</li><li><em class="fa fa-fax"></em> Fax: 069.2609.xxx</li></ul></div></div>
<form method="post" action="/contact/" class="form-horizontal">
<div class="form-group"><label>Bộ phận cần liên hệ</label><select name="fpart" class="form-control">
<option value="1">Văn phòng Công an tỉnh</option><option value="2">Phòng Tham mưu</option><option value="3">Bộ phận tiếp công dân</option></select></div>
<div class="form-group"><label>Họ và tên</label><input type="text" name="fname" class="form-control"/></div>
<div class="form-group"><label>Email</label><input type="email" name="femail" class="form-control"/></div>
<div class="form-group"><label>Tiêu đề</label><input type="text" name="ftitle" class="form-control"/></div>
<div class="form-group"><label>Nội dung</label><textarea name="fcon" rows="6" class="form-control"></textarea></div>
<div class="form-group"><label>Mã bảo mật</label><img src="/index.php?scaptcha=captcha" alt="captcha"/><input type="text" name="fcode" maxlength="6"/></div>
<button type="submit" class="btn btn-primary">Gửi thư</button></form>
</div></div>"""
    return Page("Liên hệ", main, CONTACT_PATH, crumbs=[("Liên hệ", CONTACT_PATH)], module="contact")


def laws_page() -> Page:
    rows = "".join(
        f'<tr><td class="text-center">{i}</td><td>{esc(code)}</td><td>{issued}</td><td>{esc(summary)}</td>'
        f'<td class="text-center"><a href="/uploads/laws/{i}.pdf"><em class="fa fa-download"></em></a></td></tr>'
        for i, (code, issued, summary) in enumerate(_DOCUMENTS, start=1)
    )
    main = f"""<div class="panel panel-default"><div class="panel-body">
<h1 class="h2">Văn bản</h1>
<table class="table table-striped table-bordered table-hover"><thead><tr>
<th class="text-center">STT</th><th>Số ký hiệu</th><th>Ngày ban hành</th><th>Trích yếu</th><th>Tải về</th></tr></thead>
<tbody>{rows}</tbody></table>
</div></div>"""
    return Page("Văn bản", main, LAWS_PATH, crumbs=[("Văn bản", LAWS_PATH)], module="laws")


def photos_page() -> Page:
    items = "".join(
        f'<div class="col-xs-12 col-md-8 album" id="{alias}"><a href="#{alias}" title="{esc(name)}">'
        f'<img src="/uploads/photos/{alias}/thumb.jpg" alt="{esc(name)}" class="img-thumbnail"/></a>'
        f'<h3><a href="#{alias}">{esc(name)}</a></h3><span class="count">{count} ảnh</span></div>'
        for alias, name, count in _ALBUMS
    )
    main = f"""<div class="panel panel-default"><div class="panel-body">
<h1 class="h2">Thư viện ảnh</h1><div class="row albums">{items}</div>
</div></div>"""
    return Page("Thư viện ảnh", main, PHOTOS_PATH, crumbs=[("Thư viện ảnh", PHOTOS_PATH)], module="photos")


def search_page(query: str, results: list[tuple[str, str, str, str]]) -> Page:
    """``results``: (title, url, snippet, date) tuples."""
    items = "".join(
        f'<div class="panel panel-default"><div class="panel-body"><h3><a href="{url}" title="{esc(title)}">'
        f'{esc(title)}</a></h3><p>{esc(snippet)}</p><div class="text-muted">{date}</div></div></div>'
        for title, url, snippet, date in results
    )
    if not items:
        items = '<div class="alert alert-info">Không tìm thấy bài viết nào phù hợp.</div>'
    main = f"""<div class="panel panel-default"><div class="panel-body">
<form action="{SEARCH_PATH}" method="get"><input type="text" name="q" value="{esc(query)}" class="form-control"/>
<button type="submit" class="btn btn-primary">Tìm kiếm</button></form>
<p class="h3">Kết quả tìm kiếm theo từ khóa <strong>{esc(query)}</strong>: {len(results)} kết quả</p></div></div>
{items}"""
    return Page(
        "Tìm kiếm",
        main,
        SEARCH_PATH,
        crumbs=[("Tin Tức", "/news/"), ("Tìm kiếm", SEARCH_PATH)],
        func="search",
    )
