"""Articles of the Lạng Sơn-shaped ASP.NET replica.

Category 30 is the ordinary news module (date line only, author alone on the last line); category 31
is the "thủ tục" (procedure) module the real portal uses to republish ministry news: no date line,
"Thủ tục: <title>", a "Nguồn …" trailer and a related-procedures table. People and figures are invented.
"""

from __future__ import annotations

from functools import partial

from replica.content_shared import langson_copy
from replica.model import Photo, Post, vn

# alias -> (category id, display name, module); the module decides the article URL and template.
CATEGORIES: dict[str, tuple[int, str, str]] = {
    "hoat-dong-cong-an-tinh": (30, "Hoạt động Công an tỉnh", "news"),
    "hoat-dong-cong-an-toan-quoc": (31, "Hoạt động của Công an toàn quốc", "procedure"),
}

MINISTRY_SOURCE = "Cổng thông tin điện tử - Bộ Công an"

_post = partial(Post, portal="langson", shows="date")
_procedure = partial(
    Post,
    portal="langson",
    section="hoat-dong-cong-an-toan-quoc",
    kind="procedure",
    shows="none",
    lead=None,
    source=MINISTRY_SOURCE,
)

POSTS: tuple[Post, ...] = (
    _post(
        id=8412,
        section="hoat-dong-cong-an-tinh",
        title="Bảo đảm trật tự, an toàn giao thông dịp nghỉ lễ 30/4 - 1/5",
        published=vn(2024, 5, 3, 15, 20),
        lead=(
            "Trong 5 ngày nghỉ lễ 30/4 và 1/5/2024, lực lượng Cảnh sát giao thông Công an tỉnh đã huy động"
            " tối đa quân số, phương tiện, tổ chức tuần tra, kiểm soát, bảo đảm trật tự, an toàn giao thông"
            " trên các tuyến đường trọng điểm."
        ),
        blocks=(
            "Phòng Cảnh sát giao thông đã phân luồng, điều tiết giao thông tại các nút giao trên Quốc lộ 1,"
            " Quốc lộ 4B, tuyến cao tốc Bắc Giang - Lạng Sơn và khu vực cửa khẩu Hữu Nghị, Tân Thanh, nơi có"
            " lượng phương tiện chở hàng xuất nhập khẩu và du khách tăng cao trong dịp nghỉ lễ.",
            "Kết quả, lực lượng chức năng đã kiểm tra, phát hiện 684 trường hợp vi phạm, trong đó có 157"
            " trường hợp vi phạm nồng độ cồn, 96 trường hợp chạy quá tốc độ quy định; tạm giữ 121"
            " phương tiện,"
            " tước 88 giấy phép lái xe. Trong dịp nghỉ lễ, trên địa bàn tỉnh không xảy ra ùn tắc giao thông"
            " kéo dài.",
            Photo(
                "2024/5/tuan-tra-ql1-nghi-le.jpg",
                "Tổ công tác Phòng Cảnh sát giao thông kiểm tra phương tiện trên tuyến Quốc lộ 1.",
            ),
            "Cùng với tuần tra, kiểm soát, lực lượng Cảnh sát giao thông đã phối hợp với Công an các huyện,"
            " thành phố duy trì các chốt hỗ trợ, hướng dẫn người dân và du khách tại các khu du lịch Mẫu Sơn,"
            " Động Tam Thanh, góp phần tạo môi trường an toàn, thân thiện.",
        ),
        author="Hoàng Anh/PV",
        quirks=frozenset({"dash-date"}),
    ),
    _post(
        id=8437,
        section="hoat-dong-cong-an-tinh",
        title="Mang Trung thu ấm áp đến với trẻ em vùng biên giới",
        published=vn(2024, 9, 16, 10, 0),
        lead=(
            "Nhân dịp Tết Trung thu năm 2024, Đoàn Thanh niên Công an tỉnh phối hợp với Đồn Biên phòng cửa"
            " khẩu Chi Ma tổ chức chương trình “Trung thu cho em” tại một trường phổ thông dân tộc bán trú"
            " thuộc huyện Lộc Bình."
        ),
        blocks=(
            "Tại chương trình, các đoàn viên thanh niên Công an đã cùng các em học sinh phá cỗ, rước đèn, múa"
            " lân và tham gia nhiều trò chơi dân gian. Đêm hội trăng rằm diễn ra trong không khí vui"
            " tươi, đầm"
            " ấm, mang lại niềm vui cho các em nhỏ vùng biên giới còn nhiều khó khăn.",
            "Dịp này, Ban tổ chức đã trao tặng 200 suất quà gồm bánh kẹo, sữa, đồ dùng học tập và 20 chiếc xe"
            " đạp cho các em học sinh có hoàn cảnh đặc biệt khó khăn, vượt khó học tốt. Tổng trị giá các phần"
            " quà hơn 120 triệu đồng, do cán bộ, chiến sĩ Công an tỉnh và các nhà hảo tâm đóng góp.",
            Photo(
                "2024/9/trung-thu-cho-em-loc-binh.jpg",
                "Đoàn viên thanh niên Công an tỉnh trao quà cho các em học sinh.",
            ),
            "Chương trình là hoạt động thiết thực hưởng ứng phong trào “Công an nhân dân chung tay vì"
            " trẻ em”,"
            " góp phần tăng cường mối quan hệ gắn bó giữa lực lượng Công an với đồng bào các dân tộc khu vực"
            " biên giới.",
        ),
        author="NGỌC HÀ",
    ),
    _post(
        id=8455,
        section="hoat-dong-cong-an-tinh",
        title="Bắt giữ gần 3 tấn hàng hóa không rõ nguồn gốc",
        published=vn(2024, 11, 22, 8, 30),
        lead=(
            "Phòng Cảnh sát kinh tế Công an tỉnh vừa phối hợp với Công an huyện Văn Lãng phát hiện, bắt giữ"
            " một xe ô tô tải vận chuyển gần 3 tấn hàng hóa không rõ nguồn gốc, xuất xứ."
        ),
        blocks=(
            "Khoảng 4 giờ sáng ngày 20/11/2024, trên tuyến đường tỉnh thuộc địa phận huyện Văn Lãng, tổ công"
            " tác phát hiện xe ô tô tải mang biển kiểm soát tỉnh ngoài có dấu hiệu nghi vấn nên yêu cầu dừng"
            " xe kiểm tra.",
            "Kiểm tra phương tiện, tổ công tác phát hiện trên thùng xe chứa 2.960 kg hàng hóa gồm quần"
            " áo, giày"
            " dép, đồ chơi trẻ em và mỹ phẩm do nước ngoài sản xuất. Lái xe không xuất trình được hóa đơn,"
            " chứng từ chứng minh nguồn gốc hợp pháp của số hàng hóa trên.",
            "Tại cơ quan Công an, lái xe khai nhận được một người thuê vận chuyển số hàng trên từ khu"
            " vực biên"
            " giới về Hà Nội tiêu thụ với giá 8 triệu đồng mỗi chuyến. Ước tính tổng trị giá lô hàng khoảng"
            " 650 triệu đồng.",
            "Hiện Phòng Cảnh sát kinh tế đang tạm giữ toàn bộ phương tiện, hàng hóa, tiếp tục xác minh,"
            " làm rõ"
            " để xử lý theo quy định của pháp luật.",
        ),
        author="Minh Tuấn",
    ),
    _post(
        id=8471,
        section="hoat-dong-cong-an-tinh",
        title="Công an tỉnh tổng kết phong trào thi đua “Vì an ninh Tổ quốc” năm 2024",
        published=vn(2025, 1, 10, 16, 0),
        lead=(
            "Chiều 09/01/2025, Công an tỉnh Lạng Sơn tổ chức Hội nghị tổng kết phong trào thi đua “Vì an ninh"
            " Tổ quốc” năm 2024, triển khai công tác thi đua, khen thưởng năm 2025."
        ),
        blocks=(
            "Năm 2024, phong trào thi đua “Vì an ninh Tổ quốc” trong Công an tỉnh được triển khai sâu rộng,"
            " bám sát nhiệm vụ chính trị, gắn với các cuộc vận động lớn của Đảng, ngành Công an và địa"
            " phương."
            " Nhiều mô hình, cách làm hay được nhân rộng, tạo động lực để cán bộ, chiến sĩ hoàn thành"
            " xuất sắc"
            " nhiệm vụ.",
            "Tình hình an ninh chính trị, trật tự, an toàn xã hội trên địa bàn tỉnh, nhất là khu vực biên"
            " giới, được giữ vững. Tỷ lệ điều tra, khám phá án hình sự đạt 92,4%; công tác quản lý xuất nhập"
            " cảnh, quản lý hành chính về trật tự xã hội phục vụ hiệu quả hoạt động thông quan hàng hóa và"
            " phát triển kinh tế - xã hội của tỉnh.",
            Photo(
                "2025/1/tong-ket-thi-dua-2024.jpg",
                "Lãnh đạo Công an tỉnh trao Bằng khen cho các tập thể có thành tích xuất sắc.",
            ),
            "Với những thành tích đã đạt được, năm 2024, Công an tỉnh được Bộ Công an tặng Cờ thi đua xuất"
            " sắc; 45 tập thể, 218 cá nhân được các cấp khen thưởng. Tại hội nghị, Công an tỉnh đã khen"
            " thưởng 12 tập thể, 36 cá nhân tiêu biểu trong phong trào thi đua.",
            Photo("2025/1/tong-ket-thi-dua-2024-2.jpg", "Các đại biểu dự hội nghị."),
            "Phát biểu chỉ đạo, lãnh đạo Công an tỉnh đề nghị các đơn vị tiếp tục đổi mới nội dung, hình thức"
            " thi đua, gắn thi đua với thực hiện nhiệm vụ trọng tâm năm 2025; kịp thời phát hiện, bồi dưỡng,"
            " nhân rộng các điển hình tiên tiến, tạo khí thế thi đua sôi nổi trong toàn lực lượng.",
        ),
        author="Bích Ngọc",
    ),
    _procedure(
        id=8481,
        title="Sơ kết 5 năm xây dựng Công an xã chính quy",
        published=vn(2025, 2, 19, 9, 0),
        blocks=(
            "Sáng 18/02/2025, tại Hà Nội, Bộ Công an tổ chức Hội nghị sơ kết 5 năm thực hiện Đề án xây dựng"
            " Công an xã, thị trấn chính quy. Hội nghị được tổ chức theo hình thức trực tuyến tới Công an các"
            " đơn vị, địa phương.",
            "Báo cáo tại hội nghị cho thấy, sau 5 năm triển khai, lực lượng Công an xã chính quy đã được bố"
            " trí tại tất cả các xã, thị trấn trên cả nước, trở thành lực lượng nòng cốt trong bảo đảm an"
            " ninh, trật tự ở cơ sở. Nhiều vụ việc phức tạp được phát hiện, giải quyết ngay từ địa bàn, không"
            " để phát sinh thành điểm nóng.",
            Photo("2025/2/so-ket-cong-an-xa.jpg", "Quang cảnh hội nghị tại điểm cầu Bộ Công an."),
            "Công an xã chính quy đã phát huy vai trò trong thực hiện Đề án 06 của Chính phủ, trực tiếp thu"
            " nhận hồ sơ cấp căn cước, kích hoạt tài khoản định danh điện tử cho người dân; tích cực tham gia"
            " phòng, chống thiên tai, cứu hộ, cứu nạn, nhất là trong thời gian khắc phục hậu quả cơn bão số 3"
            " năm 2024.",
            "Phát biểu chỉ đạo hội nghị, lãnh đạo Bộ Công an đề nghị Công an các địa phương tiếp tục quan tâm"
            " kiện toàn tổ chức, bộ máy; bảo đảm cơ sở vật chất, trụ sở làm việc; thường xuyên bồi dưỡng,"
            " huấn luyện nghiệp vụ, nâng cao kỹ năng vận động quần chúng cho cán bộ, chiến sĩ Công an xã.",
            "Dịp này, nhiều tập thể, cá nhân có thành tích xuất sắc trong xây dựng lực lượng Công an xã chính"
            " quy được Bộ trưởng Bộ Công an tặng Bằng khen.",
        ),
    ),
    _post(
        id=8479,
        section="hoat-dong-cong-an-tinh",
        title="Ra mắt mô hình “Camera an ninh kết nối cộng đồng” tại thị trấn Đồng Đăng",
        published=vn(2025, 2, 14, 10, 40),
        lead=(
            "Ngày 13/02/2025, Công an huyện Cao Lộc phối hợp với Ủy ban nhân dân thị trấn Đồng Đăng tổ chức"
            " ra mắt mô hình “Camera an ninh kết nối cộng đồng”."
        ),
        blocks=(
            "Mô hình được triển khai với 48 mắt camera lắp đặt tại các tuyến đường, ngã ba, ngã tư, khu vực"
            " chợ và các điểm có nguy cơ xảy ra vi phạm về an ninh, trật tự. Toàn bộ hình ảnh được kết nối về"
            " trụ sở Công an thị trấn, giúp lực lượng chức năng theo dõi, phát hiện và xử lý kịp thời các vụ"
            " việc.",
            "Kinh phí lắp đặt hệ thống do người dân, doanh nghiệp trên địa bàn tự nguyện đóng góp với tổng số"
            " tiền hơn 300 triệu đồng. Đây là minh chứng cho sự đồng thuận, chung tay của Nhân dân cùng lực"
            " lượng Công an trong công tác bảo đảm an ninh, trật tự ở cơ sở.",
            Photo("2025/2/ra-mat-camera-dong-dang.jpg", "Đại biểu thực hiện nghi thức ra mắt mô hình."),
            "Phát biểu tại buổi lễ, lãnh đạo Công an huyện Cao Lộc đề nghị Công an thị trấn phối hợp chặt chẽ"
            " với các thôn, khối phố duy trì hiệu quả hoạt động của mô hình, coi đây là công cụ quan trọng"
            " trong phòng ngừa, phát hiện tội phạm và xử lý vi phạm trật tự an toàn giao thông.",
        ),
        author="Hoàng Long",
    ),
    langson_copy(),
    _procedure(
        id=8496,
        title="Tập huấn chuyên sâu Luật Trật tự, an toàn giao thông đường bộ",
        published=vn(2025, 4, 2, 14, 0),
        blocks=(
            "Chiều 01/4/2025, Bộ Công an tổ chức hội nghị trực tuyến tập huấn chuyên sâu Luật Trật tự, an"
            " toàn giao thông đường bộ và các văn bản quy định chi tiết cho lực lượng Cảnh sát giao thông"
            " trên toàn quốc.",
            "Tại hội nghị, đại diện Cục Cảnh sát giao thông đã quán triệt những nội dung cơ bản, điểm mới của"
            " Luật; hướng dẫn quy trình tuần tra, kiểm soát, xử lý vi phạm, quy định về đào tạo, sát hạch,"
            " cấp giấy phép lái xe và quản lý dữ liệu phương tiện, người điều khiển phương tiện.",
            "Theo đánh giá, sau ba tháng Luật có hiệu lực, ý thức chấp hành pháp luật về giao thông của người"
            " dân có chuyển biến rõ rệt. Số vụ tai nạn giao thông trên toàn quốc giảm ở cả ba tiêu chí so với"
            " cùng kỳ năm 2024; tình trạng vi phạm nồng độ cồn, chạy quá tốc độ giảm mạnh.",
            "Lãnh đạo Bộ Công an yêu cầu lực lượng Cảnh sát giao thông tiếp tục đẩy mạnh ứng dụng khoa học"
            " công nghệ, mở rộng hệ thống camera giám sát, xử lý vi phạm qua hình ảnh; kiên quyết xử lý"
            " nghiêm cán bộ, chiến sĩ vi phạm trong thực thi công vụ.",
        ),
    ),
    _post(
        id=8493,
        section="hoat-dong-cong-an-tinh",
        title="Công an huyện Hữu Lũng làm rõ vụ trộm cắp xe mô tô sau 48 giờ",
        published=vn(2025, 4, 17, 9, 10),
        lead=(
            "Chỉ sau 48 giờ tiếp nhận tin báo, Công an huyện Hữu Lũng đã điều tra, làm rõ vụ trộm cắp xe mô"
            " tô xảy ra trên địa bàn, bắt giữ đối tượng gây án và thu hồi tài sản trả lại cho bị hại."
        ),
        blocks=(
            "Trước đó, ngày 14/4/2025, anh Hoàng Văn S. trình báo việc chiếc xe mô tô của gia đình dựng trước"
            " cửa nhà bị kẻ gian lấy trộm vào ban đêm. Nhận tin báo, Công an huyện đã chỉ đạo lực lượng Cảnh"
            " sát hình sự phối hợp với Công an xã khẩn trương xác minh, truy xét.",
            "Thông qua trích xuất camera và rà soát các đối tượng có tiền án, tiền sự, lực lượng chức"
            " năng xác"
            " định Lương Văn C. (SN 1995, trú tại huyện Chi Lăng) là đối tượng gây án. Ngày 16/4/2025,"
            " tổ công"
            " tác đã bắt giữ C. khi đối tượng đang tìm cách tiêu thụ chiếc xe ở tỉnh lân cận.",
            "Tại cơ quan Công an, C. khai nhận do cần tiền tiêu xài cá nhân nên đã nảy sinh ý định trộm cắp."
            " Cơ quan Cảnh sát điều tra Công an huyện Hữu Lũng đã khởi tố vụ án, khởi tố bị can để điều tra,"
            " xử lý theo quy định.",
        ),
        author="Văn Thắng",
        quirks=frozenset({"dash-date"}),
    ),
    _post(
        id=8502,
        section="hoat-dong-cong-an-tinh",
        title="Tập huấn kỹ năng phòng cháy, chữa cháy cho tiểu thương chợ Đông Kinh",
        published=vn(2025, 5, 23, 8, 0),
        lead=(
            "Ngày 22/5/2025, Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ Công an tỉnh phối"
            " hợp với"
            " Ban quản lý chợ Đông Kinh tổ chức tập huấn nghiệp vụ phòng cháy, chữa cháy cho hơn 300 tiểu"
            " thương đang kinh doanh tại chợ."
        ),
        blocks=(
            "Tại buổi tập huấn, cán bộ Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ đã phổ"
            " biến các"
            " quy định của pháp luật về phòng cháy, chữa cháy; phân tích nguyên nhân, bài học kinh nghiệm từ"
            " các vụ cháy chợ, trung tâm thương mại thời gian qua; hướng dẫn cách sắp xếp hàng hóa, sử dụng"
            " điện an toàn tại các ki-ốt.",
            "Các tiểu thương được thực hành sử dụng bình chữa cháy xách tay, lăng, vòi chữa cháy vách"
            " tường và"
            " kỹ năng thoát nạn khi có cháy. Cuối buổi, lực lượng chức năng tổ chức diễn tập phương án chữa"
            " cháy với tình huống giả định cháy tại khu vực kinh doanh hàng vải.",
            Photo(
                "2025/5/tap-huan-pccc-dong-kinh.jpg",
                "Tiểu thương chợ Đông Kinh thực hành sử dụng bình chữa cháy.",
            ),
            "Qua buổi tập huấn, các tiểu thương đã nâng cao nhận thức, trách nhiệm trong công tác phòng cháy,"
            " chữa cháy, chủ động xử lý các tình huống cháy ngay từ ban đầu, góp phần bảo đảm an toàn cho chợ"
            " và tài sản của Nhân dân.",
        ),
        author="Thu Trang",
    ),
)
