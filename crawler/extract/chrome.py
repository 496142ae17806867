"""What is never article text on these portals: boxes by their class/id, lines by their words.

The line patterns come from the real pages (counters, rating lines, "Ý kiến bạn đọc",
the NukeViet session-timeout footer, share bars); the heading patterns mark the
start of a related/other-news box, which modern sites put even inside the body.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from crawler.core import memo
from crawler.core.dates import without_dates
from crawler.extract import dom

# Boxes that are chrome by name. Matched as whole tokens of class/id (split on space, "-" and "_").
# Matched against class and id names lowered once (is_chrome_box): no IGNORECASE, which is slow here.
CHROME_BOX = re.compile(
    r"(?:^|[\s_-])("
    r"nav|navbar|navigation|menu|mainmenu|topmenu|submenu|megamenu|sidebar|aside|footer|site-footer|"
    r"header|topbar|banner|breadcrumbs?|share|sharing|social|addthis|sharethis|socials?|"
    r"related|relate|relates|lienquan|tinlienquan|othernews|other|tinkhac|samecat|"
    r"comments?|binhluan|ykien|rating|ratings|vote|stars?|tags?|tagcloud|keywords?|pagination|pager|paging|"
    r"advert|adv|ads|quangcao|widget|marquee|counter|statistics?|stats|thongke|weblink|weblinks|lienket|"
    r"print|toolbar|tools|modal|popup|cookie|login|search|hotline|copyright|slogan|logo|"
    r"newsletter|subscribe|hidden|hide|d-none|author-card|author-box|authorbox|author-bio|about-author|"
    # A page builder's call-to-action box ("uagb-cta", "wp-block-call-to-action"): the site's appeal, not the story.
    r"cta|call-to-action"
    r")(?=$|[\s_-])",
)
# Names that mean "this is the content" and protect a box whose other names look like chrome
# (e.g. `class="content sidebar-left"` wrapping the whole article column).
CONTENT_BOX = re.compile(
    r"(?:^|[\s_-])(content|contents|article|articles|entry|post|body|bodytext|detail|details|chitiet|"
    r"noidung|main|story|text|journal|fulltext|newsdetail|news_detail|articlecontent)(?=$|[\s_-])",
)
CHROME_TAGS = frozenset({"nav", "aside", "footer", "header", "form"})
# Names that are chrome even next to a content word: an ad slot is "ads-inline-content",
# a video player box carries only its label as text.
STRONG_CHROME_BOX = re.compile(
    r"(?:^|[\s_-])(ads|adv|advert|advertisement|adsbygoogle|ad-slot|gpt-ad|quangcao|quang-cao|"
    r"video-embed|embed-video|video-player|player)(?=$|[\s_-])",
)

# A heading that opens a list of other articles; everything under it is not this article.
RELATED_HEADING = re.compile(
    r"^\W*(?:"
    r"(?:các\s+|những\s+)?(?:tin|bài|bài viết|tin bài|tin tức|thông tin|thủ tục|văn bản|video|ảnh)\s+"
    r"(?:liên quan|khác|cùng (?:chuyên mục|chủ đề|danh mục|loại|lĩnh vực)|đã đưa|mới hơn|cũ hơn|"
    r"xem nhiều|nổi bật|đọc nhiều)\b.{0,60}"
    r"|(?:xem thêm|đọc thêm|có thể bạn quan tâm|bạn có thể quan tâm|tin cùng chuyên mục)\b.{0,60}"
    # The files attached under a text: "Tài liệu kèm theo", "Tệp đính kèm (2)".
    r"|(?:tài liệu|tệp|tập tin|file)\s+(?:kèm theo|đính kèm)[\s\d():]*|attachments?[\s\d():]*"
    r"|(?:có liên quan|liên quan|cùng chuyên mục|tài nguyên liên quan)[\s:]*"
    r"|(?:ý kiến bạn đọc|bình luận|gửi bình luận|gửi ý kiến|ý kiến của bạn|chia sẻ bài viết|"
    r"từ khóa|từ khoá|tags?|thẻ)[\s\d():]*"
    r")$",
    re.IGNORECASE,
)

# One line of chrome, matched on the whole (short) line.
CHROME_LINE = re.compile(
    r"^\W*(?:"
    r"đang truy cập|đang online|máy chủ tìm kiếm|khách viếng thăm|hôm nay|hôm qua|tháng hiện tại|"
    r"tổng lượt truy cập|lượt truy cập|lượt xem|số lượt xem|lượt đọc|số lần xem|lần xem|số lần đọc|lần đọc|đã xem|"
    r"trực tuyến|"
    r"tổng số điểm của bài viết là|bạn đã không sử dụng site|thời gian chờ|bấm vào đây để duy trì|"
    r"ý kiến bạn đọc|những tin mới hơn|những tin cũ hơn|tin mới hơn|tin cũ hơn|"
    r"chia sẻ bài viết|chia sẻ bài|chia sẻ (?:lên|qua|trên)|chia sẻ|share|facebook|zalo|twitter|tweet|like|"
    # WordPress's like box: "Thích điều này:", then "Thích" and "Đang tải..." until its script runs.
    r"thích điều này|(?:thích\s+)?đang tải(?:\.{3}|…)?|thích|"
    r"gửi email|gửi bài viết qua email|email|"
    r"in bài(?: viết)?|in trang|bản in|print|lưu bài(?: viết)?|quay lại|trở về|về đầu trang|lên đầu trang|"
    r"về trang trước|điều hướng bài viết|post navigation|"
    r"đánh giá bài viết|xếp hạng|click để đánh giá|gửi góp ý|góp ý|cỡ chữ|font size|a\s*-\s*a\s*\+|"
    # A text-to-speech player: "Nghe đọc bài viết", "Nghe bài viết".
    r"nghe (?:đọc )?bài(?: viết)?|đọc bài viết|listen to (?:this )?article|"
    # A comment or feedback form's field labels.
    r"(?:họ và tên|họ tên|tên của bạn|địa chỉ email|email của bạn|nội dung|tiêu đề|mã xác nhận|mã bảo mật|tóm tắt|"
    r"captcha)\s*[:*]?\s*$|"
    r"tải về|download|xem thêm|đọc tiếp|chi tiết|trang chủ|quảng cáo|advertisement|"
    # A long description's fold: "Ẩn bớt", "Hiện thêm".
    r"ẩn bớt|thu gọn|hiện thêm|show less|show more|"
    r"từ khóa|từ khoá|tags?|"
    # A date field's label alone in its cell ("Ngày cập nhật" | "02/02/2026 16:40").
    r"(?:(?:ngày|thời gian)\s+)?(?:đăng(?: tin| bài| lúc| ngày)?|cập nhật(?: lần cuối)?(?: lúc)?|xuất bản|ban hành|tạo|"
    r"sửa)\W*$|"
    # The labels of a question-and-answer page.
    r"câu hỏi|trả lời|"
    # A wiki's table of contents heading.
    r"mục lục\W*$|contents\W*$"
    r")(?![^\W\d_])[\s\d:.,/()|»>+\-–]*(?:\s*\S{0,40})?$",
    re.IGNORECASE,
)
# Lines that are chrome however long they are, because of their exact wording: each phrase with a word it
# cannot match without (lower case), which a substring test finds many times faster than the phrase's pattern.
_ANYWHERE_PHRASES: tuple[tuple[str, str], ...] = (
    ("điểm", r"tổng số điểm của bài viết là"),
    ("site", r"bạn đã không sử dụng site"),
    ("duy trì", r"bấm vào đây để duy trì trạng thái"),
    ("truy cập", r"đang truy cập\s*\d|tổng lượt truy cập\s*\d"),
    ("nhiem", r"chung nhan tin nhiem mang"),
    # Comment forms: "Bình luận của bạn sẽ được kiểm duyệt …", "Email của bạn sẽ không được hiển thị …".
    ("của bạn", r"bình luận của bạn sẽ được|email của bạn sẽ không được|ý kiến của bạn sẽ được"),
    # A newsletter box: "Nhận bản tin X", "… được gửi đến hộp thư của bạn mỗi sáng thứ Sáu."
    ("bản tin", r"^\W*(?:đăng ký )?nhận bản tin\b"),
    ("hộp thư", r"(?:gửi|đến|tới|về) (?:đến |tới |về )?hộp thư(?: (?:email|điện tử))? của bạn"),
    ("qua email", r"^\W*nhận (?:tin|bản tin|thông tin)\b.{0,60}\bqua e-?mail\b"),
    # An archive notice: "Bài viết đã được đăng hơn 2 năm trước. Một số thông tin có thể không còn phù hợp.",
    # "Bài viết được chuyển từ website cũ của …".
    ("được đăng", r"bài viết (?:này )?(?:đã )?được đăng (?:hơn|cách đây)"),
    ("được xuất bản", r"bài viết (?:này )?(?:đã )?được xuất bản (?:hơn|cách đây)"),
    ("có thể không còn", r"thông tin (?:trong bài )?có thể không còn (?:phù hợp|chính xác|thay đổi)"),
    ("có thể đã", r"thông tin (?:trong bài )?có thể đã (?:phù hợp|chính xác|thay đổi)"),
    ("lưu trữ", r"bài viết (?:này )?thuộc (?:chuyên mục |mục )?lưu trữ"),
    ("được chuyển", r"được chuyển (?:về )?từ (?:website|trang|cổng)(?: thông tin)? (?:cũ|trước)"),
    # A rating widget's count: "(0 lượt đánh giá)", "12 lượt bình chọn".
    ("lượt", r"\b\d+\s*lượt\s*(?:đánh\s*giá|bình\s*chọn)\b"),
    # A feedback widget under the text: "Bạn thấy bài viết này hữu ích? Hữu ích Chưa hữu ích".
    # "Bài viết có hữu ích với bạn? Có Không".
    ("hữu ích", r"bạn thấy (?:bài viết|thông tin|nội dung)(?: này)?(?: có)? hữu ích"),
    ("hữu ích", r"(?:bài viết|thông tin|nội dung)(?: này)? có hữu ích (?:với|cho) bạn"),
    ("helpful", r"was this (?:article|page|post) helpful"),
    # A wiki's page footer ("… · Last modified: 2024/09/06 10:31 by bientap") and a comment box's login call.
    ("modified", r"\blast modified\s*:"),
    ("đăng nhập", r"(?:bạn )?(?:cần|phải) đăng nhập để (?:gửi |viết )?bình luận"),
    # Reading time: "2 phút đọc", "5 min read".
    ("phút đọc", r"\b\d+\s*phút đọc\b"),
    ("min read", r"\b\d+\s*min read\b"),
    ("bản quyền", r"bản quyền thuộc"),
    ("©", r"©"),
    ("copyright", r"copyright\b"),
    ("reserved", r"all rights reserved"),
    ("bảo lưu", r"bảo lưu mọi quyền"),
)
CHROME_ANYWHERE = re.compile("|".join(pattern for _, pattern in _ANYWHERE_PHRASES), re.IGNORECASE)
_ANYWHERE_WORDS = tuple(dict.fromkeys(word for word, _ in _ANYWHERE_PHRASES))


# The words of a tool bar whose items run together on one line
# ("Lượt xem: 534 Gửi email", "987 lượt xem Chia sẻ: Facebook Sao chép liên kết In").
TOOL_WORDS = re.compile(
    r"lượt xem|số lượt xem|lượt đọc|số lần xem|lần xem|lần đọc|đã xem|lượt truy cập|lượt chia sẻ|lượt thích|"
    r"lượt bình luận|người quan tâm|"
    r"chia sẻ(?: bài viết)?|share|facebook|zalo|twitter|tweet|"
    r"gửi email|gửi bài|email|in bài(?: viết)?|in trang|bản in|print|sao chép liên kết|copy link|lưu bài(?: viết)?|"
    r"bình luận|(?:về |lên )?đầu trang|quay lại|trở về|cỡ chữ|font size|phóng to|thu nhỏ|nghe đọc|nghe bài",
    re.IGNORECASE,
)
TOOL_LEFTOVER = re.compile(r"[^\W\d_]+")
# A byline label whose value sits in another element (Drupal's field label / field item).
BARE_LABEL = re.compile(
    r"^\W*(?:tác giả|nguồn|nguồn tin|người viết|người đăng|thực hiện|bài và ảnh|ảnh|đăng trong|published in|"
    # The label over the text itself: a broadcast's transcript, a notice's details.
    r"nội dung(?: bản tin| chi tiết| bài viết| thông báo)?)\W*$",
    re.IGNORECASE
)
# Tool lines of a few words: a font-size switch, a hotline with its number, a follow-to-get-news call.
TOOL_LINE = re.compile(
    r"^\W*(?:cỡ chữ|font size)\W*(?:a[-+]?\W*){1,4}$|"
    r"^\W*(?:đường dây nóng|hotline)\b[^.]{0,40}?[\d .]{6,}\W*$|"
    r"^\W*(?:quan tâm|theo dõi|đăng ký|follow)\b.{0,80}\bđể (?:nhận|cập nhật|xem) (?:tin|thông báo|bài|video)",
    re.IGNORECASE,
)


# What an article's meta line says besides its date: labels, counters, share and comment links.
META_LABELS = re.compile(
    r"ngày đăng|đăng ngày|đăng lúc|đăng vào|ngày xuất bản|xuất bản|cập nhật(?: lần cuối)?(?: lúc)?|thời gian|"
    r"sửa lần cuối|(?:bài viết )?(?:được )?chỉnh sửa(?: lần cuối)?|lần đọc|lượt đọc|ngày|lúc|vào|updated|posted|"
    r"published|on|at|ict",
    re.IGNORECASE,
)
# Who posted it, as the CMS says: "Gửi bởi: admin", "Người đăng: bientap", "Posted by editor01".
POSTER = re.compile(
    r"(?:(?:gửi|đăng|viết|posted|written)\s+)?(?:bởi|by)\s*[:：]?\s*[\w.@-]+|người đăng\s*[:：]?\s*[\w.@-]+",
    re.IGNORECASE,
)
# A line that only says who posted it: "Người đăng: Công an xã Tân Thạnh", "Đăng bởi: bientap", Joomla's "Được viết bởi
# Super User".
POSTER_LINE = re.compile(
    r"^\W*(?:(?:được\s+)?(?:gửi|đăng|viết|thêm|posted|written|added)\s+(?:bởi|by)|người đăng|posted by)"
    r"\s*[:：]?\s*[\w.@-]+"
    r"(?:\s+[\w.@-]+){0,5}"
    # Redmine's "Thêm bởi X cách đây gần 2 năm": with when, told relatively.
    r"(?:\s+(?:cách\s+đây|about|over)\s+[\w\s]{1,25})?\W*$",
    re.IGNORECASE,
)
# A counter alone on its line, its label elsewhere: a rating widget's "(12 lượt)" after its stars.
_BARE_COUNT = re.compile(r"^\W*\d[\d.,]*\s*lượt\W*$", re.IGNORECASE)
# A channel's call to follow it elsewhere, a link to its other pages ("📌 Fanpage: https://facebook.com/…",
# "👉 Đăng ký kênh … để cập nhật tin tức mới nhất: https://…").
PROMO_LINE = re.compile(
    r"^\W*(?:fanpage|facebook|youtube|tiktok|zalo|website|đăng ký kênh|theo dõi (?:kênh|fanpage|trang))\b"
    r"[^\n]{0,160}?https?://\S+\W*$",
    re.IGNORECASE,
)
# A post's comment count or the call to comment, alone on a line: "No Comments", "3 Comments", "Chưa có bình luận",
# "Post a Comment", "Viết bình luận của bạn".
COMMENT_LINE = re.compile(
    r"^\W*(?:(?:no|\d+)\s+comments?|chưa có (?:bình luận|ý kiến)(?: nào)?|(?:leave|post|write) a (?:comment|reply)|"
    r"(?:viết|gửi) (?:bình luận|ý kiến)(?: của bạn)?)\W*$",
    re.IGNORECASE,
)
# Who posted it, first on a line: the account alone ("Người đăng: bientap01 Quay lại | Đầu trang").
_POSTER_FIRST = re.compile(
    r"^\W*(?:(?:được\s+)?(?:gửi|đăng|viết|thêm|posted|written|added)\s+(?:bởi|by)|người đăng|posted by)"
    r"\s*[:：]?\s*[\w.@-]+",
    re.IGNORECASE,
)
META_LINE_CHARS = 120
# A cheap first cut: something that may be a date, a time or a relative date.
_DATEISH = re.compile(r"\d{1,2}\s*[/:.h-]\s*\d{1,2}|\d\s*(?:phút|giờ|tiếng|ngày|tuần|tháng|năm)|hôm|\d{4}|thg",
                      re.IGNORECASE)


# The same patterns without IGNORECASE, for text lowered once: a case-insensitive alternation of many
# Vietnamese words is several times slower in Python's re, and these run on every paragraph.
_TOOL_WORDS_LC = re.compile(TOOL_WORDS.pattern)
_ANYWHERE_LC = re.compile(CHROME_ANYWHERE.pattern)


_DIGIT = re.compile(r"\d")


def _dateish(text: str) -> bool:
    """`_DATEISH` after a cheaper cut: every match but "hôm" and "thg" holds a digit."""
    if _DIGIT.search(text) is None:
        lowered = text.lower()
        if "hôm" not in lowered and "thg" not in lowered:
            return False
    return _DATEISH.search(text) is not None


def is_meta_line(text: str) -> bool:
    """An article's meta line: a date, a time or a relative date with only labels and counters beside it
    ("Ngày đăng: 12/03/2024 02:35 CH Lượt xem: 2.514", "16:45 · 12.004 lượt xem", "2 ngày trước")."""
    if len(text) > META_LINE_CHARS or not _dateish(text):
        return False
    rest = without_dates(_RELATIVE_AGO.sub(" ", text))
    if rest == text:
        return False
    rest = META_LABELS.sub(" ", _TOOL_WORDS_LC.sub(" ", POSTER.sub(" ", rest).lower()))
    leftover = TOOL_LEFTOVER.findall(rest)
    if any(w in _SPAN_WORDS for w in leftover):
        return False  # "Từ 8h00 ngày 20/6/2025": when something happens, not when the page was posted
    # A font-size switch ("A- A A+") or an "@" may stay beside the date.
    return len(leftover) <= 3 and all(len(w) <= 3 for w in leftover)


# The labels of a meta line as whole words, in any case ("Cập nhật:", "lúc"), for text whose names are kept.
_META_LABEL_WORDS = re.compile(rf"(?<![^\W\d_])(?:{META_LABELS.pattern})(?![^\W\d_])", re.IGNORECASE)
_META_SEPARATORS = re.compile(r"[|·•,:;：]+")


def beside_the_date(text: str) -> str | None:
    """What a meta line prints beside its date, its labels and separators aside: "Quang Vinh - Hải Yến" of "Quang Vinh
    - Hải Yến Chủ nhật, 29/09/2024 | 19:45 Cập nhật: 30/09/2024 | 08:12", "Đức Anh" of "Hôm qua lúc 21:30•Đức Anh";
    None for a line without a date, or with more than one other piece."""
    if len(text) > META_LINE_CHARS or not _dateish(text):
        return None
    rest = without_dates(_RELATIVE_AGO.sub(" ", text))
    if rest == text:
        return None
    pieces = [p for p in (" ".join(q.split()) for q in _META_SEPARATORS.split(_META_LABEL_WORDS.sub(" ", rest))) if p]
    return pieces[0] if len(pieces) == 1 else None


_SPAN_WORDS = frozenset({"từ", "đến", "tới"})
# A relative date, as a meta line prints it: "khoảng 5 giờ trước", "2 ngày trước", "Hôm qua".
_RELATIVE_AGO = re.compile(
    r"(?:khoảng\s+)?\d{1,3}\s*(?:giây|phút|giờ|tiếng|ngày|tuần|tháng|năm)\s+trước|\bhôm\s+(?:qua|kia)\b", re.IGNORECASE
)


_ICON_LETTERS = 4  # at most this many icon letters after a tool word


def _only_tools(lowered: str) -> bool:
    """ "❤️ 1034 · 562 lượt chia sẻ": counters and tool words, nothing else; or a tool word first, then only the
    letters that stand for its buttons' icons ("Chia sẻ: f Z", "Chia sẻ: f in X")."""
    first = _TOOL_WORDS_LC.search(lowered)
    if first is None:
        return False
    leftover = TOOL_LEFTOVER.findall(_TOOL_WORDS_LC.sub(" ", lowered))
    if not leftover:
        return True
    return (TOOL_LEFTOVER.search(lowered[: first.start()]) is None and len(leftover) <= _ICON_LETTERS
            and all(len(word) <= 2 for word in leftover))


# The story's section on its own line: "Chuyên mục: Cảnh báo", "Danh mục: Tin hoạt động".
CATEGORY_LINE = re.compile(r"^\W*(?:chuyên mục|danh mục|thể loại|category)\s*[:：]\s*[^.:]{1,50}$", re.IGNORECASE)
# The same label alone, its value in the next cell ("Chuyên mục" | "Căn cước - định danh điện tử").
CATEGORY_LABEL = re.compile(r"^\W*(?:chuyên mục|danh mục|thể loại|category)\W*$", re.IGNORECASE)
# The heading of the article's info box ("Thông tin bài viết": its date, author, section in rows).
INFO_BOX_HEADING = re.compile(r"^\W*(?:thông tin bài viết|thông tin bài đăng|chi tiết bài viết)\W*$", re.IGNORECASE)


# A wiki's edit link after a heading: "Thủ đoạn của các đối tượng[sửa mã nguồn]", "Kết quả [sửa | sửa mã nguồn]".
_EDIT_WORDS = r"(?:sửa(?: mã nguồn)?|edit(?: source)?)"
EDIT_LINK = re.compile(rf"\s*\[\s*{_EDIT_WORDS}(?:\s*\|\s*{_EDIT_WORDS})*\s*\]\s*$", re.IGNORECASE)


# A site's colophon in its footer: copyright, licence, the unit's address and phone, "cite the source".
COLOPHON_LINE = re.compile(
    r"^\W*(?:bản quyền|copyright|©|giấy phép(?: số)?\b[^.]{0,40}/(?:gp|gpxb|gp-)|"
    r"(?:trụ sở|địa chỉ)\s*:.{0,120}?(?:điện thoại|đt|tel)\s*:|"
    r"ghi rõ nguồn|chịu trách nhiệm (?:chính|nội dung|xuất bản)|tổng biên tập\s*:)",
    re.IGNORECASE,
)


# A tag line: its label, then a few short terms ("Từ khóa: lừa đảo, VNeID", "Tags: #căn cước #Hương Sơn", "Chủ đề liên
# quan: ma túy, PC04").
TAG_LINE = re.compile(
    r"^\W*(?:từ\s*khóa|từ\s*khoá|tags?|thẻ|nhãn|keywords?|chủ\s*đề(?:\s*liên\s*quan)?)\s*[:：]\s*(?P<terms>\S.*)$",
    re.IGNORECASE,
)
_TAG_SEPARATORS = re.compile(r"[,;#|·•]")
TAG_TERM_WORDS = 6


def is_tag_line(text: str) -> bool:
    match = TAG_LINE.match(text) if len(text) <= 200 else None
    if match is None or match["terms"].rstrip().endswith("."):
        return False
    terms = [t.strip() for t in _TAG_SEPARATORS.split(match["terms"]) if t.strip()]
    return bool(terms) and all(len(t.split()) <= TAG_TERM_WORDS for t in terms)


# A post's edit note: "Đã sửa Thứ Bảy lúc 16:12 bởi Ban Biên Tập", "Edited 2 hours ago by admin", "(đã sửa)".
EDIT_NOTE = re.compile(
    r"^\W*(?:(?:đã\s+(?:được\s+)?sửa|edited)(?:\s+.{0,40}?)?\s+(?:bởi|by)\s+\S.{0,40}|đã sửa|edited)\W*$", re.IGNORECASE
)


def is_chrome_line(text: str) -> bool:
    if len(text) <= 90 and (CHROME_LINE.match(text) or BARE_LABEL.match(text) or POSTER_LINE.match(text)
                            or CATEGORY_LINE.match(text) or EDIT_NOTE.match(text) or COMMENT_LINE.match(text)):
        return True
    if is_tag_line(text) or (len(text) <= 20 and _BARE_COUNT.match(text)) or (
            len(text) <= 250 and PROMO_LINE.match(text)):
        return True
    poster = _POSTER_FIRST.match(text) if len(text) <= 160 else None
    if poster is not None and (rest := text[poster.end():].strip(" |·•-–")) and is_chrome_line(rest):
        return True  # the posting account, then the tool bar it shares a line with
    if len(text) <= 160 and TOOL_LINE.match(text):
        return True
    lowered = text.lower() if len(text) <= 300 else ""
    if len(text) <= 60 and _only_tools(lowered):
        return True
    if is_meta_line(text):
        return True
    if len(text) <= 120 and len(_TOOL_WORDS_LC.findall(lowered)) >= 2:
        # Two tool words and nothing else but numbers, punctuation and one short word ("In"), beside a
        # font-size switch ("In bài Gửi email Cỡ chữ: A- A A+ Chia sẻ:").
        leftover = [w for w in TOOL_LEFTOVER.findall(_TOOL_WORDS_LC.sub(" ", lowered)) if w != "a"]
        if len(leftover) <= 1 and all(len(w) <= 3 for w in leftover):
            return True
    return (bool(lowered) and dom.holds_any(lowered, _ANYWHERE_WORDS)
            and _ANYWHERE_LC.search(lowered) is not None)


# The heading of an author's bio box under the text ("Về tác giả"): it and the short bio after it are not the story.
AUTHOR_BIO_HEADING = re.compile(r"^\W*(?:về tác giả|thông tin tác giả|giới thiệu tác giả|about the author)\W*$",
                                re.IGNORECASE)


def is_related_heading(text: str) -> bool:
    return len(text) <= 80 and RELATED_HEADING.match(text) is not None


def is_chrome_box(el: HtmlElement) -> bool:
    return _is_chrome_box(dom.tag_of(el), dom.attrs_text(el))


@memo.kept  # a page names many boxes alike ("item", "col-md-4"), and several steps ask about the same box
def _is_chrome_box(tag: str, names: str) -> bool:
    if tag in ("body", "html"):
        return False
    names = names.lower()
    if tag in CHROME_TAGS and tag != "form":
        return not (names and CONTENT_BOX.search(names))
    if not names:
        return False
    if STRONG_CHROME_BOX.search(names) is not None:
        return True
    return CHROME_BOX.search(names) is not None and CONTENT_BOX.search(names) is None


def link_density(el: HtmlElement) -> tuple[int, int]:
    """(characters of text, characters inside links) of an element."""
    total = len(dom.text_of(el))
    linked = sum(len(dom.text_of(a)) for a in el.iter("a"))
    return total, min(linked, total)


# A sign-up form's box (its heading, its call to subscribe, the form) holds at most this much text.
SIGNUP_BOX_CHARS = 300


def signup_boxes(root: HtmlElement) -> list[HtmlElement]:
    """The boxes of the fields asking for an e-mail address, each the largest box around its field that holds no
    more than SIGNUP_BOX_CHARS of text: a newsletter's sign-up box ("Đăng ký nhận bản tin", "Nhận tin … qua email
    mỗi sáng", the form) or a comment form, chrome whatever its classes say (an ASP.NET page's one form around
    everything holds much more). Read before the form controls leave the tree; the body skips them."""
    found: list[HtmlElement] = []
    for field in root.iter("input"):  # lxml's tag iterator: an XPath predicate over every input costs more
        if (field.get("type") or "").lower() != "email" and "email" not in (field.get("name") or "").lower():
            continue  # a field asking for anything but an e-mail address (a search box)
        box = field
        parent = box.getparent()
        while (parent is not None and dom.tag_of(parent) not in ("body", "html")
               and not dom.text_longer(parent, SIGNUP_BOX_CHARS)):
            box, parent = parent, parent.getparent()
        if box is not field:
            found.append(box)
    return found


def prune_related(container: HtmlElement) -> None:
    """Remove "Tin liên quan"-style boxes found by their heading, anywhere under `container`.

    The box is the largest ancestor of the heading (below `container`) that is
    mostly links; when the heading sits directly in the body, the link lists that
    follow it go instead.
    """
    headings: list[HtmlElement] = []
    seen: set[HtmlElement] = set()
    # Start from matching text nodes, not from every element: reading the text of every
    # nested <div> would be quadratic on deep templates.
    short = [t for t in _TEXT_NODES(container) if len(t) <= 120]
    for text in (short[i] for i in dom.matching(short, _HEADING_HINT_LOWER, _has_heading_hint)):
        node = text.getparent()
        if getattr(text, "is_tail", False):
            node = node.getparent() if node is not None else None
        while node is not None and node is not container:
            if dom.tag_of(node) in _HEADING_HOLDERS:
                body = dom.text_of(node)
                if len(body) > 80:
                    break
                if node not in seen and is_related_heading(body):
                    seen.add(node)
                    headings.append(node)
                    break
            node = node.getparent()
    for heading in headings:
        if heading.getparent() is None or not dom.contains(container, heading):
            continue
        if COMMENTS_HEADING.match(dom.text_of(heading)) and _story_above(container, heading):
            _remove_comments(container, heading)
            continue
        _remove_box(container, heading)


# The heading of the readers' comments under a story: "Ý kiến bạn đọc (2)", "Bình luận (5)", "Gửi ý kiến".
COMMENTS_HEADING = re.compile(
    r"^\W*(?:ý kiến bạn đọc|(?:gửi |viết )?bình luận|gửi ý kiến(?: của bạn)?|ý kiến của bạn|\d+\s*bình luận)"
    r"\s*(?:\(\d+\))?\W*$",
    re.IGNORECASE,
)
# Paragraphs of the story above such a heading before it is read as the comments' (not a tool bar's link on top).
COMMENTS_AFTER_PARAGRAPHS = 2


def _story_above(container: HtmlElement, heading: HtmlElement) -> bool:
    long = 0
    for el in container.iter("p", heading.tag):
        if el is heading:
            return False
        if el.tag == "p" and dom.text_longer(el, 99):
            long += 1
            if long >= COMMENTS_AFTER_PARAGRAPHS:
                return True
    return False


def _remove_comments(container: HtmlElement, heading: HtmlElement) -> None:
    """The readers' comments: their heading's box (the box it opens) and whatever follows it in the container:
    names, dates and words of readers, the form to add one."""
    node = heading
    parent = node.getparent()
    while parent is not None and parent is not container and _first_element(parent) is node:
        node, parent = parent, parent.getparent()
    doomed = [node, *(s for s in node.itersiblings() if isinstance(s.tag, str))]
    for el in doomed:
        dom.remove(el)


def _first_element(el: HtmlElement) -> HtmlElement | None:
    return next((c for c in el if isinstance(c.tag, str)), None)


_HEADING_HINT = re.compile(
    r"liên quan|khác|xem thêm|đọc thêm|bình luận|ý kiến|từ kh|tags?\b|thẻ|quan tâm|cùng chuyên mục|"
    r"mới hơn|cũ hơn|xem nhiều|đọc nhiều|nổi bật|chia sẻ|đã đưa",
    re.IGNORECASE,
)
# `_HEADING_HINT` without IGNORECASE, for lower-cased text: the same matches (and much faster) except
# for the three characters lower() maps to something else than the regex's case folding does.
_HEADING_HINT_LOWER = re.compile(_HEADING_HINT.pattern)
_TEXT_NODES = etree.XPath(".//text()[normalize-space()]")


def _has_heading_hint(text: str) -> bool:
    if dom.case_odd(text):
        return _HEADING_HINT.search(text) is not None
    return _HEADING_HINT_LOWER.search(text.lower()) is not None


_HEADING_HOLDERS = frozenset(
    {"p", "div", "h2", "h3", "h4", "h5", "h6", "strong", "b", "span", "header", "li", "td", "th", "em", "a"}
)


def _remove_box(container: HtmlElement, heading: HtmlElement) -> None:
    box = None
    node = heading
    # Climb out of inline wrappers (<p><strong>Tin liên quan</strong></p>).
    while node.getparent() is not None and node.getparent() is not container:
        parent = node.getparent()
        total, linked = link_density(parent)
        rest = total - len(dom.text_of(heading))
        if total > 4000:
            break
        if rest <= 0:
            node = parent
            continue
        if linked / max(rest, 1) >= 0.45:
            box = parent
            node = parent
            continue
        break
    if box is not None:
        dom.remove(box)
        return
    # The heading is a block of the body itself: drop it and the link lists after it.
    start = node
    doomed = [start]
    for sib in start.itersiblings():
        if not isinstance(sib.tag, str):
            continue
        total, linked = link_density(sib)
        has_img = sib.find(".//img") is not None
        if total == 0 and (not has_img or dom.tag_of(sib) == "img"):
            # Breaks, and the bullet pictures of an old page's list of links.
            doomed.append(sib)
            continue
        if (total and linked / total >= 0.5) or (dom.tag_of(sib) in ("ul", "ol") and total < 2000 and linked):
            doomed.append(sib)
            continue
        break
    for el in doomed:
        dom.remove(el)


def only_header_boxes(el: HtmlElement, levels: int) -> bool:
    """Whether every chrome box around the element (up to ``levels`` ancestors) is one only a "header" name or tag
    makes chrome: a title's header inside the story's column ("taglib-header" > "header-title"), which a page's
    top header resembles only by that word."""
    node: HtmlElement | None = el
    for _ in range(levels):
        if node is None:
            break
        if is_chrome_box(node):
            tag, names = dom.tag_of(node), (node.get("class") or "") + " " + (node.get("id") or "")
            if tag != "header" and {m.group(1) for m in CHROME_BOX.finditer(names.lower())} != {"header"}:
                return False
            if STRONG_CHROME_BOX.search(names.lower()):
                return False
        node = node.getparent()
    return True


def in_chrome_box(el: HtmlElement, levels: int | None = None) -> bool:
    """Whether the element or one of its ancestors (up to ``levels`` of them) is a chrome box (``is_chrome_box``)."""
    node: HtmlElement | None = el
    looked = 0
    while node is not None and (levels is None or looked < levels):
        if is_chrome_box(node):
            return True
        node = node.getparent()
        looked += 1
    return False
