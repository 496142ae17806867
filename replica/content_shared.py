"""The one story published on all three portals: the ``modern`` newspaper runs it first, then the
NukeViet and Lạng Sơn portals republish it with their own pictures, chrome and Unicode habits.

The body paragraphs are the same text everywhere; only what a content hash must ignore differs:
Unicode form (the Lạng Sơn copy is served NFD), tone-mark style (it is also retyped "hoà", "Uỷ"),
spacer paragraphs (the NukeViet copy), captions, and the "Nguồn: …" trailer on the republished copies.
"""

from __future__ import annotations

from replica.model import Photo, Post, vn
from replica.textforms import to_new_tones

STORY_KEY = "lua-dao-khong-gian-mang-2025"
ORIGIN_NAME = "Tin An ninh Trật tự"

TITLE = (
    "Toàn lực lượng Công an triển khai cao điểm phòng ngừa, đấu tranh với tội phạm lừa đảo"
    " trên không gian mạng"
)
LEAD = (
    "Sáng 10/3, Bộ Công an tổ chức hội nghị trực tuyến toàn quốc triển khai cao điểm phòng ngừa,"
    " đấu tranh với tội phạm lừa đảo chiếm đoạt tài sản trên không gian mạng năm 2025. Hội nghị được"
    " kết nối tới Công an các tỉnh, thành phố trực thuộc Trung ương."
)
PARAGRAPHS: tuple[str, ...] = (
    "Theo báo cáo tại hội nghị, năm 2024, lực lượng Công an các địa phương đã phát hiện, xử lý hàng"
    " nghìn vụ lừa đảo chiếm đoạt tài sản qua mạng, triệt phá nhiều đường dây hoạt động xuyên quốc gia."
    " Các đối tượng liên tục thay đổi phương thức, thủ đoạn, lợi dụng mạng xã hội, ứng dụng nhắn tin và"
    " các sàn giao dịch ảo để tiếp cận, dẫn dụ nạn nhân.",
    "Đáng chú ý, nhiều đối tượng giả danh cán bộ Công an, Viện kiểm sát, Tòa án gọi điện thông báo"
    " người dân liên quan đến vụ án, yêu cầu chuyển tiền vào tài khoản để “phục vụ điều tra”; giả danh"
    " nhân viên điện lực, ngân hàng, cơ quan bảo hiểm xã hội đề nghị cập nhật thông tin, cài đặt ứng"
    " dụng giả mạo nhằm chiếm quyền điều khiển điện thoại.",
    "Phát biểu chỉ đạo hội nghị, đồng chí Thứ trưởng Bộ Công an, Ủy viên Ban Thường vụ Đảng ủy Công an"
    " Trung ương yêu cầu Công an các đơn vị, địa phương xác định đấu tranh với tội phạm lừa đảo trên"
    " không gian mạng là nhiệm vụ trọng tâm, thường xuyên; huy động sức mạnh tổng hợp của cả hệ thống"
    " chính trị, phối hợp chặt chẽ với các ngân hàng, doanh nghiệp viễn thông để kịp thời ngăn chặn dòng"
    " tiền, khóa tài khoản của đối tượng.",
    "Cùng với đó, lực lượng Công an cần đẩy mạnh tuyên truyền, nhất là tại khu vực nông thôn, miền núi,"
    " giúp người dân nhận diện các thủ đoạn mới; hướng dẫn cài đặt, sử dụng ứng dụng định danh điện tử"
    " VNeID và các biện pháp xác thực sinh trắc học khi giao dịch trực tuyến. Mỗi thôn, tổ dân phố phải"
    " có tổ công nghệ số cộng đồng tham gia hỗ trợ người dân.",
    "Hội nghị thống nhất giao Cục Cảnh sát hình sự chủ trì, phối hợp với Cục An ninh mạng và phòng,"
    " chống tội phạm sử dụng công nghệ cao theo dõi, hướng dẫn việc triển khai cao điểm; định kỳ tổng"
    " hợp kết quả, kịp thời biểu dương các tập thể, cá nhân có thành tích xuất sắc và chấn chỉnh những"
    " đơn vị còn để xảy ra nhiều vụ việc phức tạp.",
    "Tại các điểm cầu, lãnh đạo Công an các tỉnh đã báo cáo tình hình, đề xuất giải pháp phù hợp với"
    " thực tiễn địa phương. Nhiều đơn vị kiến nghị sớm hoàn thiện quy định về quản lý tài khoản ngân"
    " hàng, thuê bao di động không chính chủ; tăng cường hợp tác quốc tế để truy vết, thu hồi tài sản"
    " cho người bị hại.",
    "Kết thúc hội nghị, đồng chí Thứ trưởng nhấn mạnh: bảo vệ tài sản, sức khỏe, tính mạng và sự bình"
    " yên của Nhân dân là mệnh lệnh từ trái tim của mỗi cán bộ, chiến sĩ Công an; mọi hành vi lừa đảo"
    " phải được phát hiện sớm, xử lý nghiêm minh theo đúng quy định của pháp luật, góp phần giữ vững môi"
    " trường hòa bình, ổn định cho phát triển kinh tế - xã hội.",
)
AUTHOR = "Quang Minh"


def modern_original() -> Post:
    p = PARAGRAPHS
    return Post(
        portal="modern",
        id=712401,
        section="thoi-su",
        title=TITLE,
        published=vn(2025, 3, 10, 11, 45),
        lead=LEAD,
        blocks=(
            p[0],
            Photo("hoi-nghi-truc-tuyen-lua-dao-1.jpg", "Quang cảnh hội nghị tại điểm cầu Bộ Công an."),
            p[1],
            p[2],
            Photo(
                "hoi-nghi-truc-tuyen-lua-dao-2.jpg",
                "Đại biểu dự hội nghị tại điểm cầu Bộ Công an. Ảnh: Quang Minh",
            ),
            p[3],
            p[4],
            p[5],
            p[6],
        ),
        author=AUTHOR,
        story=STORY_KEY,
        tags=("Bộ Công an", "lừa đảo trực tuyến", "an ninh mạng"),
    )


def nukeviet_copy() -> Post:
    p = PARAGRAPHS
    return Post(
        portal="nukeviet",
        id=3112,
        section="tin-hoat-dong",
        title=TITLE,
        published=vn(2025, 3, 11, 8, 30),
        lead=LEAD,
        blocks=(
            p[0],
            p[1],
            Photo(
                "cao-diem-lua-dao-khong-gian-mang.jpg",
                "Các đại biểu dự hội nghị tại điểm cầu Công an tỉnh.",
            ),
            p[2],
            p[3],
            p[4],
            p[5],
            p[6],
        ),
        author=AUTHOR,
        source=ORIGIN_NAME,
        story=STORY_KEY,
        quirks=frozenset({"spacers", "bookmark"}),
        tags=("lừa đảo", "không gian mạng"),
    )


def langson_copy() -> Post:
    # The Lạng Sơn editor retyped the piece with new-style tone marks and the CMS stores NFD.
    p = tuple(to_new_tones(x) for x in PARAGRAPHS)
    return Post(
        portal="langson",
        id=8486,
        section="hoat-dong-cong-an-tinh",
        title=to_new_tones(TITLE),
        published=vn(2025, 3, 12, 9, 5),
        lead=to_new_tones(LEAD),
        blocks=(
            p[0],
            p[1],
            p[2],
            Photo("2025/3/hoi-nghi-lua-dao-diem-cau-ls.jpg", "Điểm cầu Công an tỉnh Lạng Sơn dự hội nghị."),
            p[3],
            p[4],
            p[5],
            p[6],
        ),
        author=AUTHOR,
        source=ORIGIN_NAME,
        story=STORY_KEY,
        shows="date",
        quirks=frozenset({"nfd"}),
    )
