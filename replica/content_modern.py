"""Articles of the ``modern`` replica: a newspaper-style site with no CMS profile ("Tin An ninh Trật tự").

Everything here is invented for the replica; suspects are anonymous.
"""

from __future__ import annotations

from functools import partial

from replica.content_shared import modern_original
from replica.model import Photo, Post, vn

SECTIONS: dict[str, str] = {"thoi-su": "Thời sự", "phap-luat": "Pháp luật"}

_post = partial(Post, portal="modern")

POSTS: tuple[Post, ...] = (
    _post(
        id=712301,
        section="thoi-su",
        title="Biểu dương lực lượng Công an tham gia ứng phó, khắc phục hậu quả bão số 3",
        published=vn(2024, 9, 14, 11, 10),
        lead=(
            "Ngày 13/9, Bộ Công an tổ chức gặp mặt, biểu dương các tập thể, cá nhân có thành tích xuất sắc"
            " trong công tác ứng phó, khắc phục hậu quả cơn bão số 3 và mưa lũ sau bão tại các tỉnh phía Bắc."
        ),
        blocks=(
            "Trong những ngày bão lũ, hàng chục nghìn cán bộ, chiến sĩ Công an đã được huy động, có mặt tại"
            " những nơi xung yếu nhất để sơ tán người dân, cứu hộ, cứu nạn, bảo vệ tài sản của Nhà nước và"
            " Nhân dân. Nhiều đồng chí đã không quản hiểm nguy, lội nước, băng rừng tiếp cận các khu"
            " vực bị sạt"
            " lở, chia cắt.",
            "Theo thống kê, lực lượng Công an đã trực tiếp sơ tán hàng chục nghìn hộ dân đến nơi an toàn, cứu"
            " hộ hàng nghìn người bị mắc kẹt, vận chuyển hàng trăm tấn lương thực, nước uống, nhu yếu"
            " phẩm đến"
            " các vùng bị cô lập; đồng thời bảo đảm an ninh, trật tự, không để kẻ xấu lợi dụng thiên tai để"
            " trục lợi.",
            Photo(
                "bao-so-3-so-tan-dan.jpg",
                "Cán bộ, chiến sĩ Công an hỗ trợ người dân di chuyển khỏi vùng ngập lụt.",
            ),
            "Phát biểu tại buổi gặp mặt, lãnh đạo Bộ Công an ghi nhận, biểu dương tinh thần “vì Nhân dân phục"
            " vụ”, sẵn sàng hy sinh của các tập thể, cá nhân; yêu cầu Công an các địa phương tiếp tục"
            " phối hợp"
            " với chính quyền khắc phục hậu quả, giúp người dân sớm ổn định cuộc sống, khôi phục sản xuất.",
            "Dịp này, Bộ trưởng Bộ Công an đã tặng Bằng khen cho 58 tập thể, 126 cá nhân có thành tích xuất"
            " sắc đột xuất trong công tác ứng phó, khắc phục hậu quả bão số 3.",
        ),
        author="Hồng Quân",
        tags=("bão số 3", "cứu hộ cứu nạn", "Bộ Công an"),
    ),
    _post(
        id=712356,
        section="phap-luat",
        title="Triệt phá đường dây lừa đảo đầu tư tiền ảo, chiếm đoạt hơn 100 tỷ đồng",
        published=vn(2024, 12, 3, 8, 40),
        lead=(
            "Cơ quan Cảnh sát điều tra vừa khởi tố vụ án, khởi tố bị can đối với 15 đối tượng trong đường dây"
            " lừa đảo đầu tư tiền ảo qua mạng, chiếm đoạt hơn 100 tỷ đồng của hàng nghìn người bị hại."
        ),
        blocks=(
            "Theo kết quả điều tra ban đầu, từ năm 2022, nhóm đối tượng đã lập nhiều trang web, ứng dụng giả"
            " mạo sàn giao dịch tiền ảo, quảng cáo trên mạng xã hội về lợi nhuận cao, “cam kết không"
            " thua lỗ”."
            " Để tạo lòng tin, các đối tượng thuê người đóng vai “chuyên gia tài chính”, lập các nhóm"
            " chat hướng"
            " dẫn đầu tư và đăng tải hình ảnh người chơi rút tiền thành công.",
            "Sau khi người tham gia nạp tiền, các đối tượng can thiệp vào hệ thống, điều chỉnh số liệu khiến"
            " tài khoản báo lỗ hoặc bị “đóng băng”, yêu cầu nộp thêm tiền để “mở khóa”. Khi nạn nhân"
            " không còn"
            " khả năng nộp tiền, các đối tượng chặn liên lạc và chiếm đoạt toàn bộ số tiền.",
            "Đường dây được tổ chức chặt chẽ, phân công thành nhiều bộ phận: kỹ thuật, chăm sóc khách"
            " hàng, kế"
            " toán và rút tiền, hoạt động tại nhiều tỉnh, thành phố. Cơ quan điều tra đã thu giữ 86"
            " điện thoại,"
            " 40 máy tính, phong tỏa hàng trăm tài khoản ngân hàng liên quan.",
            "Cơ quan Công an khuyến cáo người dân cảnh giác với các lời mời chào đầu tư sinh lời cao"
            " bất thường"
            " trên mạng; chỉ giao dịch qua các tổ chức tài chính được cấp phép hoạt động tại Việt Nam.",
        ),
        author="Phạm Linh",
        tags=("lừa đảo trực tuyến", "tiền ảo"),
    ),
    _post(
        id=712380,
        section="thoi-su",
        title="Dùng căn cước thay thẻ bảo hiểm y tế khi đi khám, chữa bệnh",
        published=vn(2025, 1, 20, 15, 25),
        lead=(
            "Từ đầu năm 2025, người dân tại nhiều bệnh viện trên cả nước đã có thể sử dụng căn cước gắn chip"
            " hoặc tài khoản định danh điện tử VNeID thay cho thẻ bảo hiểm y tế khi đi khám, chữa bệnh."
        ),
        blocks=(
            "Theo cơ quan quản lý dữ liệu dân cư, hàng nghìn cơ sở khám, chữa bệnh đã triển khai tra"
            " cứu thông"
            " tin thẻ bảo hiểm y tế bằng căn cước, giúp rút ngắn thời gian làm thủ tục từ 5 - 7 phút"
            " xuống còn"
            " khoảng 1 phút mỗi lượt.",
            "Tại các bệnh viện tuyến tỉnh, người bệnh chỉ cần xuất trình căn cước hoặc mở ứng dụng VNeID để"
            " nhân viên tiếp đón quét mã QR. Thông tin hành chính, thẻ bảo hiểm y tế được tự động điền vào hệ"
            " thống, hạn chế sai sót so với nhập liệu thủ công.",
            Photo("can-cuoc-kham-benh.jpg", "Người dân sử dụng căn cước gắn chip làm thủ tục khám bệnh."),
            "Lực lượng Công an các địa phương đã phối hợp với ngành Y tế, Bảo hiểm xã hội hỗ trợ kỹ thuật,"
            " hướng dẫn cán bộ y tế vận hành thiết bị đọc chip; cử cán bộ trực tại một số bệnh viện để hỗ trợ"
            " người dân kích hoạt tài khoản định danh điện tử.",
            "Thời gian tới, ngành Công an sẽ tiếp tục phối hợp với ngành Y tế mở rộng tích hợp giấy khám sức"
            " khỏe, sổ sức khỏe điện tử trên ứng dụng VNeID, hướng tới mục tiêu mỗi người dân có một hồ"
            " sơ sức"
            " khỏe điện tử.",
        ),
        author="Minh Châu",
        tags=("VNeID", "căn cước", "Đề án 06"),
    ),
    modern_original(),
    _post(
        id=712433,
        section="phap-luat",
        title="Bắt nhóm đối tượng cho vay qua ứng dụng với lãi suất 180%/năm",
        published=vn(2025, 4, 22, 9, 30),
        lead=(
            "Công an một số địa phương vừa phối hợp triệt phá ổ nhóm cho vay lãi nặng dưới hình thức “tín"
            " chấp” qua ứng dụng điện thoại, với lãi suất lên tới 180%/năm."
        ),
        blocks=(
            "Qua công tác nghiệp vụ, lực lượng chức năng phát hiện nhóm đối tượng lập nhiều ứng dụng cho vay"
            " trực tuyến, quảng cáo “giải ngân trong 15 phút, không cần thế chấp”. Người vay chỉ cần cung cấp"
            " ảnh căn cước, danh bạ điện thoại và tài khoản mạng xã hội là được duyệt khoản vay từ 2 đến 10"
            " triệu đồng.",
            "Thực tế, người vay phải chịu nhiều khoản phí “thẩm định”, “bảo hiểm khoản vay” bị trừ ngay khi"
            " giải ngân; lãi suất quy đổi lên tới 180%/năm, gấp nhiều lần mức pháp luật cho phép. Khi"
            " người vay"
            " chậm trả, nhóm đối tượng gọi điện, nhắn tin đe dọa, bôi nhọ danh dự người vay và người thân.",
            "Lực lượng chức năng đã bắt giữ 7 đối tượng, thu giữ nhiều máy tính, điện thoại, sim rác cùng tài"
            " liệu liên quan. Bước đầu xác định nhóm đã cho hơn 3.000 lượt người vay, thu lời bất chính hàng"
            " chục tỷ đồng.",
            Photo("tang-vat-cho-vay-lai-nang.jpg", "Tang vật thu giữ trong quá trình khám xét."),
            "Cơ quan điều tra đang tiếp tục làm rõ vai trò của từng đối tượng, đồng thời đề nghị những"
            " người là"
            " nạn nhân của nhóm đối tượng liên hệ với cơ quan Công an để phục vụ công tác điều tra.",
        ),
        author="Đức Huy",
        tags=("tín dụng đen", "cho vay lãi nặng"),
    ),
    _post(
        id=712455,
        section="thoi-su",
        title="Khuyến cáo kỹ năng thoát nạn khi xảy ra cháy chung cư mini",
        published=vn(2025, 5, 28, 19, 5),
        lead=(
            "Trước tình hình cháy nổ tại các khu nhà ở nhiều tầng, nhiều căn hộ có chiều hướng gia tăng trong"
            " mùa nắng nóng, lực lượng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ đưa ra một số khuyến"
            " cáo giúp người dân chủ động thoát nạn."
        ),
        blocks=(
            "Theo cơ quan chức năng, phần lớn chung cư mini, nhà trọ nhiều tầng chỉ có một lối thoát nạn duy"
            " nhất là cầu thang bộ, tầng 1 thường dùng làm nơi để xe máy. Khi xảy ra cháy, khói và khí"
            " độc lan"
            " nhanh theo cầu thang lên các tầng trên, gây nguy hiểm cho người bên trong.",
            "Người dân cần trang bị bình chữa cháy, mặt nạ lọc độc, đèn pin, búa phá dỡ và dây thoát hiểm tại"
            " mỗi căn hộ; thường xuyên kiểm tra hệ thống điện, không sạc xe điện qua đêm tại khu vực để xe"
            " chung. Mỗi gia đình nên thống nhất phương án thoát nạn, xác định trước lối thoát thứ hai"
            " qua ban"
            " công, mái nhà hoặc nhà liền kề.",
            "Khi phát hiện cháy, cần bình tĩnh hô hoán, gọi ngay số 114, ngắt cầu dao điện nếu có thể. Trường"
            " hợp khói đã tràn vào cầu thang, tuyệt đối không chạy xuống tầng dưới mà đóng kín cửa, chèn khăn"
            " ướt vào khe cửa, di chuyển ra ban công hoặc nơi thoáng khí và phát tín hiệu cầu cứu.",
            Photo(
                "huong-dan-mat-na-loc-doc.jpg",
                "Lực lượng Cảnh sát phòng cháy, chữa cháy hướng dẫn người dân sử dụng mặt nạ lọc độc.",
            ),
            "Cơ quan Công an cũng khuyến cáo chủ nhà cho thuê phải bảo đảm điều kiện an toàn phòng cháy, chữa"
            " cháy theo quy định, mở thêm lối thoát nạn, không lắp khung sắt, “chuồng cọp” bịt kín ban công,"
            " cửa sổ.",
        ),
        author="Thanh Bình",
        tags=("phòng cháy chữa cháy", "chung cư mini"),
    ),
    _post(
        id=712470,
        section="phap-luat",
        title="Giải cứu 12 công dân bị lừa ra nước ngoài làm “việc nhẹ lương cao”",
        published=vn(2025, 6, 18, 14, 0),
        lead=(
            "Lực lượng chức năng đã phối hợp với cơ quan đại diện Việt Nam ở nước ngoài giải cứu, đưa về nước"
            " an toàn 12 công dân bị dụ dỗ sang làm “việc nhẹ lương cao” tại một khu vực giáp biên."
        ),
        blocks=(
            "Theo lời kể của các nạn nhân, họ được một số đối tượng quen biết qua mạng xã hội giới thiệu công"
            " việc bán hàng trực tuyến với mức lương 1.000 - 1.500 USD/tháng, được bao ăn ở, chi phí đi lại."
            " Tuy nhiên, sau khi xuất cảnh, các nạn nhân bị thu giữ hộ chiếu, điện thoại, bị ép làm"
            " việc trong"
            " các cơ sở lừa đảo trực tuyến.",
            "Những người không đạt “chỉ tiêu” bị đánh đập, bỏ đói hoặc bị bán sang công ty khác. Một số nạn"
            " nhân đã tìm cách liên lạc được với gia đình, gửi thông tin, vị trí để cầu cứu.",
            "Nhận được tin báo, Bộ Công an đã chỉ đạo các đơn vị nghiệp vụ phối hợp với lực lượng chức năng"
            " nước sở tại xác minh, giải cứu. Sau khi về nước, các công dân được kiểm tra sức khỏe, hỗ"
            " trợ thủ"
            " tục để trở về địa phương.",
            "Cơ quan Công an khuyến cáo người dân không tin vào lời mời chào tuyển dụng “việc nhẹ lương"
            " cao” ở"
            " nước ngoài qua mạng xã hội; khi có nhu cầu đi làm việc ở nước ngoài, cần tìm hiểu kỹ thông tin"
            " qua các doanh nghiệp được cấp phép.",
        ),
        author="Lê Hoa",
        tags=("mua bán người", "việc nhẹ lương cao"),
    ),
    _post(
        id=712488,
        section="phap-luat",
        title="Phát hiện đường dây mua bán trái phép hóa đơn giá trị gia tăng",
        published=vn(2025, 7, 8, 10, 15),
        lead=(
            "Cơ quan Cảnh sát điều tra vừa khởi tố 9 bị can liên quan đến đường dây thành lập hàng chục doanh"
            " nghiệp “ma” để mua bán trái phép hóa đơn giá trị gia tăng, gây thất thu ngân sách nhà nước."
        ),
        blocks=(
            "Kết quả điều tra xác định, các đối tượng đã thuê người đứng tên thành lập 38 công ty nhưng không"
            " hoạt động sản xuất, kinh doanh thực tế, chỉ nhằm mục đích xuất bán hóa đơn cho các doanh nghiệp"
            " có nhu cầu hợp thức hóa chi phí, hàng hóa không rõ nguồn gốc.",
            "Mỗi hóa đơn được bán với giá từ 3 đến 8% giá trị hàng hóa ghi trên hóa đơn. Tổng giá trị hàng"
            " hóa, dịch vụ ghi trên các hóa đơn đã xuất bán ước tính hơn 1.200 tỷ đồng.",
            Photo(
                "kham-xet-van-phong-hoa-don.jpg", "Cơ quan điều tra khám xét văn phòng của nhóm đối tượng."
            ),
            "Cơ quan Cảnh sát điều tra đang tiếp tục mở rộng điều tra, làm rõ trách nhiệm của các doanh"
            " nghiệp"
            " đã mua hóa đơn để xử lý nghiêm theo quy định của pháp luật.",
        ),
        author="Trung Kiên",
        tags=("hóa đơn", "doanh nghiệp ma"),
    ),
)
