"""Articles of the NukeViet replica (a provincial police portal, egov theme): two categories.

Names of suspects are initials and all people, units and figures are invented for the replica.
"""

from __future__ import annotations

from functools import partial

from replica.content_shared import nukeviet_copy
from replica.model import Photo, Post, vn

CATEGORIES: dict[str, str] = {
    "tin-hoat-dong": "Tin hoạt động",
    "an-ninh-trat-tu": "An ninh trật tự",
}


_post = partial(Post, portal="nukeviet")


POSTS: tuple[Post, ...] = (
    _post(
        id=3088,
        section="tin-hoat-dong",
        title="Công an tỉnh thăm, tặng quà gia đình chính sách nhân kỷ niệm 77 năm Ngày Thương binh -"
        " Liệt sĩ",
        published=vn(2024, 7, 26, 9, 15),
        lead=(
            "Nhân kỷ niệm 77 năm Ngày Thương binh - Liệt sĩ (27/7/1947 - 27/7/2024), đoàn công tác Công an"
            " tỉnh do Đại tá Lê Minh Tuấn, Phó Giám đốc Công an tỉnh làm trưởng đoàn đã đến thăm, tặng quà"
            " các gia đình chính sách, thương binh, thân nhân liệt sĩ trên địa bàn huyện Lập Thạch và"
            " huyện Sông Lô."
        ),
        blocks=(
            "Tại các gia đình, đồng chí Phó Giám đốc Công an tỉnh ân cần hỏi thăm tình hình sức khỏe, đời"
            " sống của các thương binh, thân nhân liệt sĩ; bày tỏ lòng biết ơn sâu sắc đối với những hy sinh,"
            " cống hiến to lớn của các anh hùng liệt sĩ, thương binh, bệnh binh trong sự nghiệp đấu tranh"
            " giải phóng dân tộc, xây dựng và bảo vệ Tổ quốc.",
            "Đồng chí mong muốn các gia đình tiếp tục phát huy truyền thống cách mạng, giáo dục con cháu"
            " chăm ngoan, học giỏi, chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước,"
            " tích cực tham gia phong trào Toàn dân bảo vệ an ninh Tổ quốc tại địa phương.",
            Photo(
                "tham-gia-dinh-chinh-sach-lap-thach.jpg",
                "Đại tá Lê Minh Tuấn, Phó Giám đốc Công an tỉnh thăm hỏi, tặng quà gia đình thương binh"
                " tại huyện Lập Thạch.",
            ),
            "Dịp này, Công an tỉnh đã trao tặng 60 suất quà, mỗi suất trị giá 1,5 triệu đồng; đồng thời tổ"
            " chức dâng hương, dâng hoa tưởng niệm tại Nghĩa trang liệt sĩ huyện Lập Thạch. Công an các"
            " huyện, thành phố cũng chủ động phối hợp với chính quyền địa phương thăm hỏi, sửa sang phần mộ"
            " liệt sĩ và tặng quà các gia đình có công với cách mạng.",
            "Các gia đình chính sách bày tỏ xúc động, cảm ơn sự quan tâm của lãnh đạo Công an tỉnh; khẳng"
            " định sẽ luôn đồng hành cùng lực lượng Công an trong công tác giữ gìn an ninh, trật tự ở cơ sở.",
        ),
        author="Minh Hằng",
        tags=("đền ơn đáp nghĩa", "27/7"),
    ),
    _post(
        id=3095,
        section="an-ninh-trat-tu",
        title="Bắt quả tang đối tượng vận chuyển trái phép 2 bánh heroin",
        published=vn(2024, 11, 14, 7, 50),
        lead=(
            "Công an huyện Bình Xuyên vừa phối hợp với Phòng Cảnh sát điều tra tội phạm về ma túy, Công an"
            " tỉnh bắt quả tang một đối tượng đang vận chuyển trái phép chất ma túy trên địa bàn."
        ),
        blocks=(
            "Khoảng 22 giờ ngày 12/11/2024, tại khu vực ngã ba thị trấn Hương Canh, huyện Bình Xuyên, tổ"
            " công tác phát hiện Nguyễn Văn Đ. (SN 1991, trú tại huyện Yên Lạc) điều khiển xe mô tô có biểu"
            " hiện nghi vấn nên yêu cầu dừng xe kiểm tra.",
            "Kiểm tra cốp xe, tổ công tác thu giữ 2 bánh hình hộp chữ nhật, bên ngoài bọc nilon màu vàng, bên"
            " trong chứa chất bột màu trắng. Qua giám định, đây là heroin với tổng trọng lượng hơn 700 gam."
            " Lực lượng chức năng còn thu giữ 2 điện thoại di động và 15 triệu đồng tiền mặt.",
            "Tại cơ quan Công an, Đ. khai nhận đã nhận vận chuyển số ma túy trên cho một người không quen"
            " biết để hưởng tiền công. Cơ quan Cảnh sát điều tra Công an tỉnh đã khởi tố vụ án, khởi tố bị"
            " can, bắt tạm giam đối tượng để tiếp tục điều tra, mở rộng vụ án.",
            "Công an tỉnh đề nghị người dân cảnh giác, không nhận vận chuyển hàng hóa thuê khi không rõ"
            " nguồn gốc; kịp thời cung cấp thông tin về hoạt động mua bán, tàng trữ, sử dụng trái phép chất"
            " ma túy cho cơ quan Công an gần nhất.",
        ),
        author="Hoàng Nam",
        tags=("ma túy", "Bình Xuyên"),
    ),
    _post(
        id=3098,
        section="an-ninh-trat-tu",
        title="Triệt phá đường dây đánh bạc qua mạng với số tiền giao dịch hơn 50 tỷ đồng",
        published=vn(2024, 12, 19, 17, 30),
        lead=(
            "Phòng Cảnh sát hình sự, Công an tỉnh vừa đấu tranh, triệt phá thành công đường dây tổ chức"
            " đánh bạc dưới hình thức cá độ bóng đá qua mạng internet, tổng số tiền giao dịch hơn 50 tỷ đồng."
        ),
        blocks=(
            "Qua công tác nắm tình hình, Phòng Cảnh sát hình sự phát hiện một nhóm đối tượng sử dụng các"
            " trang web cá độ có máy chủ đặt ở nước ngoài để tổ chức cho người chơi đặt cược các trận bóng"
            " đá trong nước và quốc tế, thanh toán qua nhiều tài khoản ngân hàng thuê, mượn của người khác.",
            "Sau thời gian xác lập chuyên án, ngày 16/12/2024, lực lượng chức năng đồng loạt kiểm tra 6 địa"
            " điểm tại thành phố Vĩnh Yên và huyện Tam Dương, bắt giữ 9 đối tượng, trong đó Trần Quang H."
            " (SN 1987) giữ vai trò cầm đầu, trực tiếp cấp tài khoản tổng cho các đại lý cấp dưới.",
            "Tang vật thu giữ gồm 14 điện thoại di động, 3 máy tính xách tay, nhiều sổ ghi chép và thẻ ngân"
            " hàng. Bước đầu xác định từ tháng 3/2024 đến khi bị bắt, đường dây đã tổ chức cho hàng trăm"
            " người chơi tham gia với tổng số tiền giao dịch hơn 50 tỷ đồng.",
            "Hiện vụ án đang được Cơ quan Cảnh sát điều tra Công an tỉnh tiếp tục mở rộng điều tra, xử lý các"
            " đối tượng theo quy định của pháp luật.",
        ),
        author="Quốc Khánh",
        tags=("đánh bạc", "cá độ bóng đá"),
    ),
    _post(
        id=3101,
        section="tin-hoat-dong",
        title="Công an tỉnh triển khai nhiệm vụ công tác năm 2025",
        published=vn(2025, 1, 8, 16, 40),
        lead=(
            "Ngày 8/1, Công an tỉnh tổ chức hội nghị tổng kết công tác Công an năm 2024, triển khai nhiệm vụ"
            " năm 2025. Dự hội nghị có đại diện lãnh đạo Tỉnh ủy, Ủy ban nhân dân tỉnh và các sở, ban, ngành"
            " liên quan."
        ),
        blocks=(
            "Năm 2024, tình hình an ninh chính trị, trật tự an toàn xã hội trên địa bàn tỉnh cơ bản ổn định."
            " Lực lượng Công an toàn tỉnh đã chủ động nắm chắc tình hình, tham mưu kịp thời cho cấp ủy, chính"
            " quyền các cấp nhiều chủ trương, biện pháp bảo đảm an ninh, trật tự, không để bị động, bất ngờ"
            " trong mọi tình huống.",
            "Công tác đấu tranh phòng, chống tội phạm đạt nhiều kết quả nổi bật: tỷ lệ điều tra, khám phá án"
            " hình sự đạt 89,6%, trong đó án rất nghiêm trọng và đặc biệt nghiêm trọng đạt 100%; triệt phá 27"
            " đường dây, ổ nhóm tội phạm; bắt giữ 412 vụ, 596 đối tượng phạm tội về ma túy. Tai nạn giao"
            " thông giảm cả ba tiêu chí so với năm trước.",
            Photo("hoi-nghi-tong-ket-2024.jpg", "Quang cảnh hội nghị tổng kết công tác Công an năm 2024."),
            "Công tác cải cách thủ tục hành chính, thực hiện Đề án 06 của Chính phủ tiếp tục được đẩy mạnh."
            " Công an tỉnh đã thu nhận hơn 215 nghìn hồ sơ cấp căn cước, kích hoạt trên 720 nghìn tài khoản"
            " định danh điện tử mức độ 2, góp phần quan trọng trong xây dựng chính quyền số của tỉnh.",
            "Phát biểu chỉ đạo, đại diện lãnh đạo tỉnh ghi nhận, đánh giá cao những kết quả lực lượng Công an"
            " tỉnh đạt được; đề nghị trong năm 2025 tiếp tục bám sát chỉ đạo của Bộ Công an, Tỉnh ủy, tập"
            " trung bảo đảm tuyệt đối an toàn đại hội đảng bộ các cấp và các sự kiện chính trị quan trọng.",
            "Tại hội nghị, Công an tỉnh đã phát động phong trào thi đua “Vì an ninh Tổ quốc” năm 2025; nhiều"
            " tập thể, cá nhân có thành tích xuất sắc được khen thưởng.",
        ),
        author="Nguyễn Hà",
        tags=("tổng kết", "thi đua"),
    ),
    _post(
        id=3103,
        section="an-ninh-trat-tu",
        title="Cảnh báo thủ đoạn giả danh Công an gọi điện yêu cầu “cập nhật định danh điện tử”",
        published=vn(2025, 1, 15, 9, 5),
        lead=(
            "Thời gian gần đây, trên địa bàn tỉnh xuất hiện nhiều trường hợp người dân nhận được cuộc gọi"
            " của đối tượng tự xưng là cán bộ Công an, yêu cầu cập nhật thông tin định danh điện tử qua"
            " đường link lạ, dẫn đến bị chiếm đoạt tiền trong tài khoản."
        ),
        blocks=(
            "Theo phản ánh, các đối tượng thường gọi điện bằng số máy lạ hoặc qua ứng dụng Zalo, xưng danh"
            " cán bộ Công an phường, xã, đọc chính xác họ tên, số căn cước của người dân để tạo lòng tin. Sau"
            " đó, đối tượng hướng dẫn người dân tải ứng dụng “VNeID” giả mạo từ đường link gửi kèm, yêu cầu"
            " cấp quyền truy cập và nhập mật khẩu ngân hàng.",
            "Khi người dân làm theo, ứng dụng giả mạo chiếm quyền điều khiển điện thoại, đọc tin nhắn chứa mã"
            " OTP và chuyển toàn bộ tiền trong tài khoản sang tài khoản khác. Riêng trong tháng 12/2024, Công"
            " an tỉnh đã tiếp nhận 11 trường hợp bị lừa đảo theo thủ đoạn này với tổng số tiền thiệt hại gần"
            " 2 tỷ đồng.",
            "Công an tỉnh khẳng định, lực lượng Công an không làm việc với công dân qua điện thoại, không yêu"
            " cầu người dân cài đặt ứng dụng qua đường link. Ứng dụng VNeID chính thức chỉ được tải từ kho"
            " ứng dụng App Store và Google Play.",
            "Người dân khi nhận được các cuộc gọi nghi vấn cần bình tĩnh, tuyệt đối không cung cấp thông tin"
            " cá nhân, mã OTP, không chuyển tiền cho người lạ; đồng thời liên hệ ngay Công an xã, phường nơi"
            " cư trú hoặc đường dây nóng của Công an tỉnh để được hướng dẫn, xử lý kịp thời.",
        ),
        author="Minh Quân",
        tags=("lừa đảo", "VNeID"),
        quirks=frozenset({"zwsp"}),
    ),
    _post(
        id=3106,
        section="an-ninh-trat-tu",
        title="Xử lý gần 300 trường hợp vi phạm nồng độ cồn trong dịp Tết Nguyên đán",
        published=vn(2025, 2, 3, 11, 20),
        lead=(
            "Trong 9 ngày nghỉ Tết Nguyên đán Ất Tỵ 2025, lực lượng Cảnh sát giao thông Công an tỉnh đã phát"
            " hiện, lập biên bản xử lý 293 trường hợp người điều khiển phương tiện vi phạm quy định về nồng"
            " độ cồn."
        ),
        blocks=(
            "Để bảo đảm trật tự, an toàn giao thông trong dịp Tết, Phòng Cảnh sát giao thông đã bố trí các tổ"
            " công tác làm việc xuyên ngày, đêm trên các tuyến Quốc lộ 2, Quốc lộ 2C, đường cao tốc Nội Bài -"
            " Lào Cai và các tuyến tỉnh lộ; tập trung kiểm soát nồng độ cồn vào khung giờ sau các bữa ăn"
            " trưa, tối.",
            "Kết quả, lực lượng chức năng đã kiểm tra hơn 4.800 phương tiện, xử lý 1.126 trường hợp vi phạm,"
            " tạm giữ 312 phương tiện, tước giấy phép lái xe có thời hạn 205 trường hợp. Trong thời gian nghỉ"
            " Tết, trên địa bàn tỉnh xảy ra 3 vụ tai nạn giao thông, giảm 2 vụ so với cùng kỳ năm trước.",
            Photo(
                "kiem-tra-nong-do-con-ql2.jpg",
                "Cảnh sát giao thông kiểm tra nồng độ cồn người điều khiển phương tiện trên Quốc lộ 2.",
            ),
            "Phòng Cảnh sát giao thông khuyến cáo, người dân đã uống rượu, bia tuyệt đối không điều khiển"
            " phương tiện tham gia giao thông; chủ động bố trí người đưa đón hoặc sử dụng các dịch vụ vận tải"
            " để bảo đảm an toàn cho bản thân, gia đình và cộng đồng.",
        ),
        author="Văn Dũng",
        source="Phòng Cảnh sát giao thông",
        tags=("nồng độ cồn", "Tết Nguyên đán"),
    ),
    _post(
        id=3108,
        section="tin-hoat-dong",
        title="Ra quân cao điểm tấn công, trấn áp tội phạm bảo đảm an ninh, trật tự mùa lễ hội",
        published=vn(2025, 2, 21, 8, 15),
        lead=(
            "Sáng 20/02/2025, tại thành phố Vĩnh Yên, Công an tỉnh tổ chức lễ ra quân cao điểm tấn công, trấn"
            " áp tội phạm, bảo đảm an ninh, trật tự trong thời gian diễn ra các lễ hội đầu xuân năm 2025."
        ),
        blocks=(
            "Tham gia lễ ra quân có hơn 500 cán bộ, chiến sĩ thuộc các lực lượng Cảnh sát hình sự, Cảnh sát"
            " giao thông, Cảnh sát cơ động, Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ cùng lực lượng"
            " tham gia bảo vệ an ninh, trật tự ở cơ sở với đầy đủ phương tiện, trang thiết bị.",
            "Theo kế hoạch, cao điểm được triển khai từ ngày 20/02 đến hết ngày 30/4/2025. Lực lượng Công an"
            " sẽ tập trung rà soát, nắm chắc các đối tượng hình sự, ma túy, cho vay lãi nặng; tăng cường tuần"
            " tra, kiểm soát tại các khu vực lễ hội, khu du lịch Tam Đảo, Tây Thiên và các tuyến giao thông"
            " trọng điểm.",
            Photo(
                "le-ra-quan-cao-diem-2025.jpg",
                "Các lực lượng tham gia lễ ra quân diễu hành qua các tuyến phố chính của thành phố Vĩnh Yên.",
            ),
            "Phát biểu tại buổi lễ, Đại tá Phạm Quốc Hùng, Phó Giám đốc Công an tỉnh yêu cầu các đơn vị quán"
            " triệt tinh thần tấn công tội phạm ngay từ đầu năm, không để hình thành các băng nhóm tội"
            " phạm có"
            " tổ chức; kiên quyết xử lý nghiêm các hành vi vi phạm nồng độ cồn, chở quá số người quy"
            " định, đua"
            " xe trái phép.",
            "Đồng chí cũng lưu ý cán bộ, chiến sĩ khi làm nhiệm vụ phải giữ đúng điều lệnh, văn minh,"
            " lịch sự,"
            " tận tụy phục vụ Nhân dân; kịp thời hướng dẫn, hỗ trợ du khách khi có yêu cầu, góp phần xây dựng"
            " hình ảnh đẹp về người Công an nhân dân.",
        ),
        author="Phan Thành",
        tags=("ra quân", "lễ hội"),
        quirks=frozenset({"table-captions"}),
    ),
    nukeviet_copy(),
    _post(
        id=3115,
        section="tin-hoat-dong",
        title="Tập huấn nghiệp vụ thu nhận hồ sơ căn cước cho Công an cấp xã",
        published=vn(2025, 3, 25, 14, 5),
        lead=(
            "Từ ngày 24 đến 25/3, Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an tỉnh tổ chức"
            " lớp tập huấn nghiệp vụ thu nhận hồ sơ căn cước, định danh và xác thực điện tử cho hơn 150 cán"
            " bộ Công an các xã, phường, thị trấn."
        ),
        blocks=(
            "Tại lớp tập huấn, các học viên được phổ biến những điểm mới của Luật Căn cước năm 2023 và"
            " các văn"
            " bản hướng dẫn thi hành; quy trình thu nhận thông tin sinh trắc học mống mắt, giọng nói; cách xử"
            " lý các trường hợp thông tin công dân còn sai lệch giữa Cơ sở dữ liệu quốc gia về dân cư và giấy"
            " tờ, hồ sơ gốc.",
            "Bên cạnh phần lý thuyết, học viên được thực hành trực tiếp trên hệ thống máy thu nhận, hướng dẫn"
            " người dân kích hoạt tài khoản định danh điện tử trên ứng dụng VNeID, tích hợp giấy phép lái xe,"
            " thẻ bảo hiểm y tế vào căn cước điện tử.",
            Photo(
                "tap-huan-can-cuoc-cong-an-xa.jpg",
                "Cán bộ Phòng Cảnh sát quản lý hành chính về trật tự xã hội hướng dẫn học viên thực hành.",
            ),
            "Qua lớp tập huấn, Công an cấp xã sẽ chủ động tổ chức thu nhận hồ sơ lưu động tại thôn, tổ dân"
            " phố, trường học, ưu tiên người cao tuổi, người khuyết tật, người có hoàn cảnh khó khăn, bảo đảm"
            " mọi công dân đủ điều kiện đều được cấp căn cước đúng thời hạn.",
        ),
        author="Thu Hà",
        tags=("căn cước", "Đề án 06"),
        quirks=frozenset({"zwsp"}),
    ),
    _post(
        id=3117,
        section="an-ninh-trat-tu",
        title="Khởi tố nhóm đối tượng trộm cắp linh kiện điện tử tại khu công nghiệp",
        published=vn(2025, 4, 3, 16, 10),
        lead=(
            "Cơ quan Cảnh sát điều tra Công an thành phố Phúc Yên vừa ra quyết định khởi tố vụ án, khởi tố"
            " bị can đối với 4 đối tượng về hành vi trộm cắp tài sản tại một doanh nghiệp trong khu công"
            " nghiệp trên địa bàn."
        ),
        blocks=(
            "Trước đó, ngày 21/3/2025, Công an thành phố Phúc Yên nhận được tin báo của một công ty điện tử"
            " về việc phát hiện thất thoát nhiều linh kiện trong kho thành phẩm. Vào cuộc xác minh, cơ quan"
            " Công an xác định nhóm đối tượng là công nhân của công ty đã lợi dụng ca làm việc ban đêm để lấy"
            " trộm linh kiện, cất giấu trong người rồi mang ra ngoài.",
            "Các đối tượng gồm: Lê Văn K. (SN 1998), Nguyễn Thị H. (SN 2000), Đỗ Minh T. (SN 1996) và Vũ Văn"
            " P. (SN 1999), đều trú tại các tỉnh lân cận. Số linh kiện trộm được, nhóm đối tượng bán lại cho"
            " một cơ sở thu mua phế liệu với giá rẻ để lấy tiền tiêu xài.",
            "Tại cơ quan điều tra, các đối tượng đã khai nhận toàn bộ hành vi phạm tội. Tổng giá trị tài sản"
            " bị chiếm đoạt ước tính hơn 800 triệu đồng. Cơ quan Công an đã thu hồi phần lớn số tài sản, trả"
            " lại cho doanh nghiệp.",
            "Qua vụ việc, Công an thành phố Phúc Yên đề nghị các doanh nghiệp tăng cường quản lý người lao"
            " động, kiểm soát chặt chẽ việc ra vào kho hàng, lắp đặt hệ thống camera giám sát tại các khu vực"
            " trọng yếu để phòng ngừa tội phạm.",
        ),
        author="Hải Yến",
        tags=("trộm cắp", "khu công nghiệp"),
    ),
    _post(
        id=3119,
        section="tin-hoat-dong",
        title="Hơn 600 cán bộ, chiến sĩ tham gia hiến máu tình nguyện “Giọt hồng Công an”",
        published=vn(2025, 4, 12, 10, 20),
        lead=(
            "Hưởng ứng Ngày Toàn dân hiến máu tình nguyện 7/4, Đoàn Thanh niên Công an tỉnh phối hợp với"
            " Bệnh viện Đa khoa tỉnh tổ chức chương trình hiến máu tình nguyện “Giọt hồng Công an” năm 2025."
        ),
        blocks=(
            "Ngay từ sáng sớm, đông đảo đoàn viên, thanh niên, cán bộ, chiến sĩ các đơn vị đã có mặt tại hội"
            " trường Công an tỉnh để đăng ký, khám sàng lọc. Nhiều đồng chí đã tham gia hiến máu từ năm lần"
            " trở lên, trở thành những “ngân hàng máu sống” sẵn sàng hỗ trợ người bệnh khi cần.",
            "Kết thúc chương trình, Ban tổ chức đã tiếp nhận 612 đơn vị máu an toàn, bổ sung kịp thời nguồn"
            " máu dự trữ phục vụ công tác cấp cứu, điều trị tại các bệnh viện trên địa bàn tỉnh.",
            Photo(
                "giot-hong-cong-an-2025.jpg",
                "Đoàn viên thanh niên Công an tỉnh tham gia hiến máu tình nguyện.",
            ),
            "Chương trình “Giọt hồng Công an” được tổ chức thường niên từ năm 2015, đến nay đã trở thành hoạt"
            " động ý nghĩa, thể hiện tinh thần tương thân, tương ái, “vì Nhân dân phục vụ” của tuổi trẻ Công"
            " an tỉnh.",
        ),
        author="Thanh Tùng",
        tags=("hiến máu", "tuổi trẻ Công an"),
    ),
    _post(
        id=3121,
        section="an-ninh-trat-tu",
        title="Cứu 5 người mắc kẹt trong vụ cháy nhà ở kết hợp kinh doanh",
        published=vn(2025, 5, 8, 6, 45),
        lead=(
            "Rạng sáng 7/5, Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ Công an tỉnh đã kịp thời"
            " dập tắt đám cháy tại một nhà ở kết hợp kinh doanh ở phường Liên Bảo, thành phố Vĩnh Yên, giải"
            " cứu an toàn 5 người mắc kẹt."
        ),
        blocks=(
            "Khoảng 2 giờ 30 phút cùng ngày, người dân phát hiện khói bốc ra từ tầng 1 của ngôi nhà 4 tầng,"
            " nơi gia đình anh N.V.T. kinh doanh đồ điện gia dụng. Do nhiều hàng hóa dễ cháy, ngọn lửa nhanh"
            " chóng bùng phát, khói đen lan lên các tầng trên.",
            "Nhận tin báo qua số điện thoại 114, Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ đã"
            " điều động 4 xe chữa cháy, 1 xe thang cùng 35 cán bộ, chiến sĩ đến hiện trường. Lực lượng chữa"
            " cháy vừa dập lửa ở tầng 1, vừa sử dụng thang, mặt nạ phòng độc tiếp cận tầng 4 để đưa 5 người"
            " trong gia đình ra ngoài an toàn.",
            Photo(
                "chay-nha-lien-bao.jpg",
                "Lực lượng Cảnh sát phòng cháy, chữa cháy tiếp cận tầng cao để cứu người mắc kẹt.",
            ),
            "Đến khoảng 3 giờ 15 phút, đám cháy được khống chế hoàn toàn, không để lan sang các nhà liền kề."
            " Vụ cháy không gây thiệt hại về người, nhiều tài sản, hàng hóa tại tầng 1 bị thiêu rụi. Nguyên"
            " nhân vụ cháy đang được cơ quan chức năng điều tra làm rõ.",
            "Lực lượng Cảnh sát phòng cháy, chữa cháy khuyến cáo các hộ gia đình nhà ở kết hợp kinh doanh cần"
            " bố trí lối thoát nạn thứ hai, trang bị bình chữa cháy, thiết bị báo cháy; không để xe và hàng"
            " hóa dễ cháy gần nguồn điện vào ban đêm.",
        ),
        author="Ngọc Lan",
        source="http://cand.com.vn",
        tags=("cháy nhà", "cứu nạn"),
        quirks=frozenset({"source-link", "spacers"}),
    ),
    _post(
        id=3124,
        section="tin-hoat-dong",
        title="Hội thi điều lệnh, võ thuật, bắn súng Công an nhân dân năm 2025",
        published=vn(2025, 5, 20, 15, 45),
        lead=(
            "Trong hai ngày 19 và 20/5, Công an tỉnh tổ chức Hội thi điều lệnh, võ thuật, bắn súng Công an"
            " nhân dân năm 2025 với sự tham gia của 24 đội thi đến từ các phòng nghiệp vụ và Công an các"
            " huyện, thành phố."
        ),
        blocks=(
            "Các đội thi tranh tài ở ba nội dung: điều lệnh đội ngũ từng người và phân đội có súng; võ thuật"
            " Công an nhân dân với các bài khóa gỡ, bắt giữ đối tượng; bắn súng ngắn ở cự ly 25 m. Nội dung"
            " thi được xây dựng sát với yêu cầu thực tiễn công tác, chiến đấu của lực lượng Công an cơ sở.",
            "Hội thi diễn ra sôi nổi, nghiêm túc, đúng quy chế. Các đội đã thể hiện tác phong chính quy, kỹ"
            " năng thuần thục, tinh thần đoàn kết, quyết tâm cao, để lại ấn tượng tốt với Ban giám khảo.",
            Photo(
                "hoi-thi-vo-thuat-2025.jpg",
                "Phần thi võ thuật Công an nhân dân của đội Công an thành phố Phúc Yên.",
            ),
            "Kết quả, đội Phòng Cảnh sát cơ động đạt giải Nhất toàn đoàn; giải Nhì thuộc về đội Công an huyện"
            " Bình Xuyên; đội Công an thành phố Vĩnh Yên và đội Phòng Cảnh sát hình sự đồng giải Ba. Ban tổ"
            " chức cũng trao nhiều giải cá nhân cho các vận động viên có thành tích xuất sắc.",
            "Phát biểu bế mạc, lãnh đạo Công an tỉnh đề nghị các đơn vị duy trì nền nếp huấn luyện thường"
            " xuyên, coi rèn luyện điều lệnh, võ thuật, bắn súng là nhiệm vụ quan trọng trong xây dựng lực"
            " lượng Công an tỉnh chính quy, tinh nhuệ, hiện đại.",
        ),
        author="Đức Anh",
        tags=("hội thi", "võ thuật"),
    ),
    _post(
        id=3126,
        section="an-ninh-trat-tu",
        title="Tuyên truyền kỹ năng phòng, chống đuối nước cho học sinh dịp hè",
        published=vn(2025, 6, 10, 10, 0),
        lead=(
            "Nhằm giảm thiểu tai nạn đuối nước ở trẻ em trong dịp nghỉ hè, Công an huyện Vĩnh Tường phối hợp"
            " với Đoàn Thanh niên huyện tổ chức chương trình tuyên truyền, hướng dẫn kỹ năng phòng, chống"
            " đuối nước cho hơn 400 học sinh trên địa bàn."
        ),
        blocks=(
            "Tại chương trình, cán bộ Công an huyện đã thông tin về tình hình tai nạn đuối nước ở trẻ em thời"
            " gian qua, phân tích nguyên nhân chủ yếu là do các em tự ý đi tắm ở sông, hồ, ao, đầm không có"
            " người lớn giám sát, chưa biết bơi hoặc thiếu kỹ năng xử lý khi gặp nguy hiểm.",
            "Các em học sinh được hướng dẫn cách nhận biết khu vực nước sâu, nguy hiểm; kỹ năng tự cứu khi bị"
            " chuột rút, bị rơi xuống nước; cách dùng sào, dây, phao để hỗ trợ người bị đuối nước thay vì"
            " nhảy xuống cứu trực tiếp; kỹ năng sơ cứu, hô hấp nhân tạo ban đầu.",
            Photo(
                "tuyen-truyen-duoi-nuoc-vinh-tuong.jpg",
                "Cán bộ Công an huyện Vĩnh Tường hướng dẫn học sinh kỹ năng sơ cứu người bị đuối nước.",
            ),
            "Nhiều em đã tự tin tham gia thực hành, trả lời các câu hỏi tình huống và nhận được phần quà từ"
            " Ban tổ chức. Qua chương trình, Công an huyện mong muốn các bậc phụ huynh tăng cường quản lý,"
            " nhắc nhở con em, không để trẻ đi bơi một mình trong dịp hè.",
        ),
        author="Thùy Linh",
        tags=("đuối nước", "học sinh"),
    ),
)
