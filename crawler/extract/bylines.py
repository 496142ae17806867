"""Author and source lines: "Tác giả: …", "Nguồn tin: …", "Theo …", or a name alone at the end."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal

from lxml import etree
from lxml.html import HtmlElement

from crawler.core.text import fold
from crawler.extract import dom

Byline = tuple[Literal["author", "source"], str]

_AUTHOR_LABEL = re.compile(
    r"^\W*(?:tác giả(?:\s+bài(?:\s+viết)?)?|bài(?:\s+và\s+ảnh|,\s*ảnh)?|tin(?:\s+và\s+ảnh|,\s*ảnh)?|"
    r"tin\s*-\s*ảnh|bài\s*-\s*ảnh|"
    r"người viết|(?:được\s+)?viết\s+bởi|written\s+by|phóng viên|thực hiện|nhóm phóng viên|nhóm pv|pv|ptv|ghi chép|"
    r"phóng sự|"
    r"author|by)\s*[:：]\s*(.+)$",
    re.IGNORECASE,
)
# "Được viết bởi Minh Tuấn" (Joomla's "Written by"): "bởi" says who follows, with or without a colon.
# The name ends where the line goes on with when ("… vào 28/05/2024", "… lúc 10:20") or with another field.
_WRITTEN_BY = re.compile(
    r"^\W*(?:(?:được\s+)?viết\s+bởi|written\s+by)\s*[:：]?\s+([^\d|·•,;:()]+?(?:\s*\([^()]*\))?)"
    r"(?:\s+(?:vào|lúc|ngày|on|at)\b.*|\s*[|·•,;]\s*.*|\s+\d.*|\s*[-–]?\s*(?:nguồn|source|theo)\b.*)?$",
    re.IGNORECASE,
)
_BY_BEFORE_LABEL = re.compile(r"^\W*(?:by|bởi)\s+(?=(?:tác giả|bài|tin|người viết|phóng viên|thực hiện|pv)\b)",
                              re.IGNORECASE)
_SOURCE_LABEL = re.compile(
    r"^\W*(?:nguồn(?:\s+tin|\s+bài|\s+tham khảo)?|source)\s*[:：]\s*(.+)$", re.IGNORECASE
)
# "Nguồn Cổng thông tin điện tử - Bộ Công an": no colon, so the rest must look like a name or address.
_SOURCE_BARE = re.compile(r"^\W*nguồn(?:\s+tin)?\s+(.+)$", re.IGNORECASE)
_THEO = re.compile(r"^\W*\(?\s*theo\s+([^,;]{1,70}?)\s*\)?\s*\.?$", re.IGNORECASE)
# A republication note: "Bài viết đã đăng trên Báo Công an Nhân dân, đăng lại với sự đồng ý của tòa soạn."
_REPUBLISHED = re.compile(
    r"^\W*(?:bài(?:\s+viết)?\s+)?(?:này\s+)?(?:đã\s+)?(?:được\s+)?(?:đăng|xuất bản)\s+(?:lần đầu\s+)?(?:trên|tại)\s+"
    r"((?:báo|tạp chí|trang|cổng|đài)\b[^,;.]{2,60}?)\s*(?:[,;.]\s*(?:được\s+)?đăng lại\b.*)?\.?$",
    re.IGNORECASE,
)
_NAMEISH_START = re.compile(r"^(?:https?://|www\.|báo\s|trang\s|cổng\s|[\w.-]+\.(?:vn|com|net|org)\b)", re.I)
_SENTENCE_END = re.compile(r"[.!?…:;]\s*$")
# A person or unit name: "Thủy Quyên", "HOÀNG ANH", "Minh Tuấn/PV", "Hồng Nhung - Văn Tú", "Đ.T".
_CONNECTORS = frozenset({"/", "-", "–", "&", "và", ","})
_WITH_UNIT = re.compile(
    r"^([^()]{2,40}?)\s*\((?:công an|phòng|đội|cục|ban|trung tâm|trại|đồn|văn phòng|trường|(?:chi\s+)?đoàn|hội)\b"
    r"[^()]{2,60}\)$", re.I)
# "Đức Mạnh - Công an xã Tân Sỏi": the signer, a dash, then the unit.
_WITH_UNIT_DASH = re.compile(
    r"^([^()\-–]{2,40}?)\s+[-–]\s+(?:công an|phòng|đội|đồn|trung tâm|(?:chi\s+)?đoàn)\s[^()\-–]{2,60}$", re.I)
_UNIT_WORDS = re.compile(r"^(?:công an|phòng|đội|ban|cục|văn phòng|trung tâm|trại|trường|nhóm|tổ)\b", re.I)
# Accounts and site names that CMSes put where a person's name belongs.
_NOT_A_PERSON = re.compile(
    r"cổng thông tin|trang thông tin|ban biên tập|tòa soạn|toà soạn|quản trị|biên tập viên|"
    r"^công an (?:tỉnh|thành phố|tp\b)|ubnd|"
    r"^(?:báo|tạp chí|đài|trang|cổng|website)\s|"
    # A shop's own account on a store platform ("Cửa hàng ATGT Đồng Nai", "ABC Store").
    r"^(?:cửa hàng|shop|store|siêu thị|nhà sách)\s|\b(?:store|shop)$|"
    # A unit signing as the poster ("Phòng Tham mưu", "Văn phòng Cục"): a unit, not a person.
    r"^(?:phòng|đội|cục|văn phòng|ban|trung tâm|trại|tổ|nhóm|ủy ban|uỷ ban|công an (?:huyện|quận|thị xã|xã|phường))\s|"
    r"^đoàn (?:tn|thanh niên)\b|"
    # CMS accounts: "admin", "bientap", "quantri", "editor01", "xnc_bientap".
    r"^(?:admin|administrator|root|editor|webmaster|guest|khách|bientap|quantri|biên tập|quản trị)\w*$|"
    # Joomla's and other CMSes' default account names.
    r"^(?:super\s*user|site\s*admin|admin\s*user|joomla|wordpress)$|"
    # A role, not a name: "Cộng tác viên" (contributor), "Phóng viên" (reporter).
    r"^(?:cộng tác viên|ctv|phóng viên|pv|người đăng tin)$|"
    # A credited origin written where the author goes ("Theo Báo Hải Phòng"): a source.
    r"^theo\s|"
    # A unit by its initials: "CAX Xuân Hòa" (Công an xã), "CAP Bến Thành", "CAH Tam Đường".
    r"^(?:cax|cap|cah|caq|catp|cat|catx)\s|"
    r"^\w+_\w+$|https?://|www\.|@|"
    # The CMS vendor in <meta name="author">: "Viettel Solutions", "VNPT Software", "ABC JSC", "… UI Team".
    r"\b(?:solutions?|software|technology|technologies|jsc|corp|corporation|company|ltd|group|media|team|inc)\b|"
    # A CMS's own name ("OctoberCMS", "Vina CMS") where a generator filled the author field, or the vendor
    # that built the portal ("VNPT Hà Tĩnh", "Viettel Solutions").
    r"cms\b|\b(?:vnpt|viettel|fpt|cmc|misa|bkav|vng)\b|"
    # A youth union's executive committee signing ("BCH ĐOÀN THANH NIÊN …"): a unit.
    r"^(?:bch|ban chấp hành)\b",
    re.IGNORECASE,
)


# A police rank before the name: "Đại úy TRẦN MINH ĐỨC", "Thiếu tá Nguyễn Văn Hùng" (printed bylines keep it).
RANK = re.compile(r"^(?:thiếu|trung|thượng|đại)\s+(?:úy|uý|tá|tướng)\s+(?=\S)", re.IGNORECASE)
# What a printed byline adds to the names metadata gives: a rank, a unit in brackets, a "/PV" suffix.
_DECORATION = re.compile(r"\s*\([^()]*\)|/\s*(?:pv|ctv|pc\d+|pa\d+|ttxvn)\b", re.IGNORECASE)


def _core_names(text: str) -> list[str]:
    """The names of a byline, folded, without rank, unit or "/PV"."""
    parts = [RANK.sub("", p.strip()) for p in _NAME_JOINS.split(_DECORATION.sub("", text)) if p.strip()]
    # fold() gives its words joined by single spaces: folded once, nothing to collapse.
    return [folded for p in parts if (folded := fold(p))]


def same_people(printed: str, named: str) -> bool:
    """Whether a printed byline names the same writers as ``named`` (metadata), whatever its case, rank, unit
    or "/PV" suffix: "Đại úy TRẦN MINH ĐỨC" and "Trần Minh Đức"."""
    left = _core_names(printed)
    return bool(left) and left == _core_names(named)


# Short visible texts of the body, in document order: where a printed byline can be.
_SHORT_BODY_TEXTS = etree.XPath("//body//text()[string-length(normalize-space()) > 2][string-length() < 130]")
PRINTED_MAX_CHARS = 120


def printed_form(root: HtmlElement, named: str) -> str | None:
    """The first byline the page prints that names the same writers as ``named`` (metadata), as printed:
    "Bài, ảnh: PHẠM THU TRANG" gives "PHẠM THU TRANG" for "Phạm Thu Trang"."""
    names = _core_names(named)
    # A line is read as names twice when it has no label (as it is, then as a byline): once is enough.
    read: dict[str, list[str]] = {}

    def core_names(text: str) -> list[str]:
        found = read.get(text)
        if found is None:
            found = read[text] = _core_names(text)
        return found

    for el in dom.text_holders(_SHORT_BODY_TEXTS(root)):
        text = " ".join(dom.text_of(el).split())
        if not text or len(text) > PRINTED_MAX_CHARS:
            continue
        if len(names) > 1 and core_names(text) == names[:1] and el.getparent() is not None:
            # One writer's link of several: the line holding them all ("<a>Hoàng Nam</a> và <a>Mai Phương</a>").
            text = " ".join(dom.text_of(el.getparent()).split())
        labelled = parse_labelled(text)
        # "By <a>Thu Hang</a> and <a>Duc Minh</a>": the names without the unlabelled "By".
        unlabelled = _BYLINE_PREFIX.sub("", text)
        value = labelled[1] if labelled and labelled[0] == "author" else None if labelled else unlabelled
        value = (value or "").strip(" -–|·•,")
        if value and len(value) <= PRINTED_MAX_CHARS and (left := core_names(value)) and left == names:
            return tidy(value)
    return None


def _unmarked(text: str) -> str:
    """Text without its diacritics, punctuation kept: "Công an" -> "Cong an"."""
    plain = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return plain.replace("đ", "d").replace("Đ", "D")


_NOT_A_PERSON_UNMARKED = re.compile(_unmarked(_NOT_A_PERSON.pattern), re.IGNORECASE)
# "bởi Hữu Phúc", "Viết bởi: Hồng Nhung", "By X", "Tác giả: X", "Đăng bởi X".
_BYLINE_PREFIX = re.compile(
    r"^\W*(?:(?:được\s+)?(?:viết|đăng|gửi)\s+)?(?:bởi|by|tác giả|người viết|người đăng|posted by|written by)"
    r"\s*[:：]?\s*",
    re.IGNORECASE,
)
# Boxes whose bylines belong to someone else: comments, related posts, widgets.
_FOREIGN_BOX = re.compile(r"comment|respond|related|widget|sidebar|author-box|author-bio", re.IGNORECASE)
# The same inside the article's meta column, which a blog's theme may well call a sidebar.
_FOREIGN_IN_COLUMN = re.compile(r"comment|respond|related|widget|author-box|author-bio", re.IGNORECASE)
_BYLINE_LEVELS = 3
# (attribute, part of a value) of byline markup: what `_BYLINE_CANDIDATES` looks for, and what the page's
# attribute index is asked first (a page without any of them has no byline markup).
_BYLINE_MARKS = (("class", "author"), ("class", "byline"), ("class", "tacgia"), ("class", "tac-gia"),
                 ("rel", "author"), ("itemprop", "author"), ("href", "/author/"), ("href", "/tac-gia/"),
                 ("href", "/profile/"))
# A cheap first cut (hAtom class names are lower case); `_byline_rank` decides.
_BYLINE_CANDIDATES = etree.XPath(
    ".//*[" + " or ".join(f"contains(@{attr}, '{part}')" for attr, part in _BYLINE_MARKS) + "]"
)
# A link to the writer's page on blog platforms and site builders: "/author/minh-anh", "/profile/quochuy/profile".
_AUTHOR_HREF = re.compile(r"/(?:author|tac-gia|profile)/[^/?#]+", re.IGNORECASE)


# A label that ends the author's part of a byline: the source's, or another credit of a long-form story's
# credits block ("Thực hiện: X | Ảnh: Y | Thiết kế: Z").
# The labels of a long-form story's other credits (photos, design, video), after its writers'.
CREDIT_LABELS = (r"ảnh|thiết\s*kế|đồ\s*h[oọ]a|đồ\s*hoạ|video|trình\s*bày|biên\s*tập|kỹ\s*thuật|dựng\s*phim|quay\s*phim|"
                 # A translation's credit in an edition for ethnic-minority readers: "Chuyển ngữ tiếng H'Mông: X".
                 r"chuyển\s*ngữ(?:\s*tiếng\s*[^:：]{1,20}?)?")
# A long-form story's credits under the text, one per line: photos, design, graphics, video ("Thiết kế: Khánh Linh"),
# and the writer's as "Nội dung:" among them.
CREDIT_LINE = re.compile(rf"^\W*(?:{CREDIT_LABELS})\s*[:：]\s*[^.!?:]{{2,80}}$", re.IGNORECASE)
CONTENT_CREDIT = re.compile(r"^\W*nội\s*dung\s*[:：]\s*([^.!?:]{2,60})$", re.IGNORECASE)
_NEXT_LABEL = re.compile(rf"\s*[-–|;,]?\s*\b(?:nguồn(?:\s+tin)?|source|theo|{CREDIT_LABELS})\s*[:：]", re.IGNORECASE)


# A separator, then the date's field of a meta line ("/ Ngày đăng:", "| Cập nhật", "· 09/10/2024").
_DATE_FIELD_AFTER = re.compile(
    r"\s*[|/·•–-]\s*(?=(?:ngày\s*đăng|đăng\s*(?:lúc|ngày)|ngày\s*xuất\s*bản|cập\s*nhật|thời\s*gian|lượt\s*xem"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}:\d{2}))"
    # A counter beside it, its icon the only separator: "Tác giả: Ngọc Hân 5.408 lượt xem".
    r"|\s+(?=\d[\d.,]*\s*lượt\b|lượt\s*(?:xem|đọc)\b)",
    re.IGNORECASE,
)


# A date's field with its label after a name, in the same box ("Trần Văn Lực Ngày đăng: một ngày trước", the two
# elements' texts run together or not).
_DATE_LABEL_AFTER = re.compile(
    r"\s*(?=(?:ngày\s*đăng|đăng\s*(?:lúc|ngày)|ngày\s*xuất\s*bản|cập\s*nhật|lượt\s*xem|posted|published)\s*[:：])",
    re.IGNORECASE,
)


def before_date_field(text: str) -> str:
    """A byline box's text up to the date's labelled field it may hold too ("Trần Văn Lực Ngày đăng: một ngày
    trước" is "Trần Văn Lực")."""
    return _DATE_LABEL_AFTER.split(text, maxsplit=1)[0]


def parse_all(text: str) -> list[Byline]:
    """Every labelled part of a line: "Tác giả: X - Nguồn: Y" gives the author and the source."""
    first = parse_labelled(text)
    if first is None:
        return []
    found = [first]
    if first[0] == "author":
        rest = _NEXT_LABEL.search(text)
        if rest is not None:
            second = parse_labelled(text[rest.start():].lstrip(" -–|;,"))
            if second is not None and second[0] == "source":
                found.append(second)
    return found


def parse_labelled(text: str) -> Byline | None:
    """A line that says what it is: "Tác giả: X", "Nguồn: X", "Nguồn X" (no colon), "Theo X", "Bài viết đã đăng
    trên Báo X, đăng lại …"."""
    # A template's English "By" before the Vietnamese label: "By Bài, ảnh: X".
    text = _BY_BEFORE_LABEL.sub("", text.strip())
    if not text or len(text) > 160:
        return None
    match = _AUTHOR_LABEL.match(text) or _WRITTEN_BY.match(text)
    if match:
        # "Tác giả: Minh Phương - Nguồn: Phòng Tham mưu": the author's part ends at the next label.
        # "Người viết: X / Ngày đăng: 09-10-2024": nor does it go on into the date's field.
        value = _NEXT_LABEL.split(match.group(1), maxsplit=1)[0]
        return ("author", tidy(_DATE_FIELD_AFTER.split(value, maxsplit=1)[0]))
    match = _SOURCE_LABEL.match(text)
    if match:
        return ("source", tidy(match.group(1)))
    if len(text) <= 110:
        match = _SOURCE_BARE.match(text)
        if match and _nameish(match.group(1)) and not re.search(r"[.!?]\s", match.group(1)):
            return ("source", tidy(match.group(1)))
        match = _THEO.match(text)
        if match and _nameish(match.group(1)):
            return ("source", tidy(match.group(1)))
    match = _REPUBLISHED.match(text)
    if match and _nameish(match.group(1)):
        return ("source", tidy(match.group(1)))
    return None


UNIT_SIGNATURE_CHARS = 80


def unit_signature(text: str) -> bool:
    """A unit's name alone, as it signs a story under the text ("Phòng Tham mưu", "Công an xã Tân Thạnh"): no
    sentence."""
    text = text.strip()
    # "Trường Giang" and "Tổ Quốc" are people: a unit's word first, and no person's name.
    return (len(text) <= UNIT_SIGNATURE_CHARS and _UNIT_WORDS.match(text) is not None
            and not re.search(r"[.!?:;]$|\d", text) and not plausible_person(text))


def without_avatar(pieces: list[str]) -> list[str]:
    """A name line's pieces without the avatar that starts it: the writer's initials in an element of their own
    ("T" | "Thanh Bình", "NH" | "Ngọc Hân - Thanh Tùng"), standing for the name that follows."""
    if len(pieces) < 2:
        return pieces
    first, rest = pieces[0].strip(), " ".join(pieces[1:]).split()
    if not (1 <= len(first) <= 3 and first.isalpha() and first.isupper()) or not rest:
        return pieces
    initials = "".join(word[:1] for word in rest[:len(first)])
    return pieces[1:] if initials.upper() == first else pieces


def looks_like_name(text: str, *, formatted: bool = False) -> bool:
    """A short line that can only be a signature.

    ``formatted`` (right-aligned, bold or italic on its own) relaxes the rule so unit
    names with lower-case words ("Công an huyện Cao Lộc") pass too.
    """
    text = text.strip()
    unit = _WITH_UNIT.match(text) or _WITH_UNIT_DASH.match(text)
    if unit and (formatted or looks_like_name(unit.group(1))):
        # "Hải Đăng (Phòng Cảnh sát PCCC và CNCH)": a signature with its unit; set apart, or a person's full name
        # (a layout of utility classes sets it apart by names that say nothing).
        return looks_like_name(unit.group(1), formatted=True) and len(text) <= 90
    if not text or len(text) > 60 or (_SENTENCE_END.search(text) and not text.endswith(".")) or "  " in text:
        return False
    if text.endswith(".") and not re.search(r"\b[A-ZĐ]\.$", text):
        return False
    if any(ch.isdigit() for ch in text) and not re.search(r"PV\d*|PC\d+|PA\d+", text):
        return False
    words = text.replace("/", " / ").split()
    if not 1 <= len(words) <= 8:
        return False
    if not (words[0][:1].isupper() or words[0][:1] == "(") or words[0].endswith(","):
        return False  # "Trần, Quốc Bảo" is a catalogue's surname-first form, not a signature
    if all(_name_word(w) for w in words):
        # One capitalised word could be anything ("Tóm lại"), but a single all-caps word
        # ("PV") or two or more capitalised words are a signature.
        return len(words) >= 2 or formatted or words[0].isupper()
    return formatted and len(words) <= 8 and bool(_UNIT_WORDS.match(text))


def _nameish(rest: str) -> bool:
    return rest[:1].isupper() or rest[:1].isdigit() or bool(_NAMEISH_START.match(rest))


def _name_word(word: str) -> bool:
    if word in _CONNECTORS:
        return True
    core = word.strip("(),")  # "Hồ Sĩ Đức, Lê Thị Mỹ Duyên": a comma after a name
    # "H'Linh", "Y'Bih": Ê Đê and other Central Highlands names carry an apostrophe.
    return bool(core) and core[0].isupper() and (core.isalpha() or bool(re.fullmatch(r"[\w.'’]+", core)))


# A signature crediting its origin in brackets: "Minh Phương (Theo Báo Lai Châu)", "Thu Hà (Nguồn: VTV)".
_NAME_WITH_SOURCE = re.compile(
    r"^(?P<name>[^()]{2,60}?)\s*\(\s*(?:theo|nguồn\s*[:：]?)\s+(?P<source>[^()]{2,70})\)\W*$", re.IGNORECASE
)


# A signature with its source after it, on the next line ("<b>Khánh Linh</b><br><i>Nguồn: cand.com.vn</i>", whose
# text runs the two together: "Khánh LinhNguồn: cand.com.vn").
_NAME_THEN_SOURCE = re.compile(r"^(?P<name>[^:：]{2,60}?)\s*nguồn(?:\s*tin)?\s*[:：]\s*\S", re.IGNORECASE)


def name_and_source(text: str) -> tuple[str, str] | None:
    """The writer and the credited source of a signature that names both ("X (Theo Báo Y)")."""
    match = _NAME_WITH_SOURCE.match(text.strip())
    return (tidy(match["name"]), tidy(match["source"])) if match else None


def tidy(value: str) -> str:
    value = re.sub(r"\s+([,;])", r"\1", value.strip().strip("·•|").strip())
    if value.startswith("(") and value.endswith(")"):
        value = value[1:-1].strip()
    elif value.startswith("(") and ")" not in value:
        value = value[1:].strip()
    elif value.endswith(")") and "(" not in value:
        value = value[:-1].strip()
    return value.rstrip(".").strip() if not re.search(r"\b[A-ZĐ]\.$", value) else value


def plausible_person(text: str | None) -> bool:
    """A person's (or a reporters' group's) name, not a login, a site name or an address."""
    text = (text or "").strip()
    if not text or len(text) > 80 or _NOT_A_PERSON.search(text):
        return False
    # "Cong an thanh pho Can Tho", typed without its diacritics, is still the unit (only such text is read
    # this way: "Bảo Ngọc" unmarked would be "báo", a newspaper).
    if text.isascii() and _NOT_A_PERSON_UNMARKED.search(text):
        return False
    return text[:1].isupper() and sum(ch.isalpha() for ch in text) >= 2


def from_jsonld(value: Any, site_name: str = "") -> str | None:
    """The JSON-LD ``author``: the names of its Person entries, several joined by " - ".

    The site's own structured statement of authorship, free of the decorations a visible
    signature carries ("Hải Đăng/PV"), so it wins over the signature line. Organizations,
    accounts and the site's own name are not authors.
    """
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            kinds = item.get("@type", "Person")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if not any(str(k).lower() == "person" for k in kinds):
                continue
            name = item.get("name")
        else:
            name = item
        if not isinstance(name, str):
            continue
        name = " ".join(name.split())
        if site_name and name.casefold() == site_name.strip().casefold():
            continue
        if plausible_person(name) and name not in names:
            names.append(name)
    return " - ".join(names) or None


_NAME_JOINS = re.compile(r"\s+(?:[-–&]|và|and)\s+|\s*[/,]\s*")


def fuller(author: str | None, signature: str | None) -> str | None:
    """The signature under the text when it names the known author and other writers with them
    ("Quang Vinh - Hải Yến" for JSON-LD's "Quang Vinh"); never a suffix that is no name ("Hoàng Lan/PV")."""
    if not author or not signature or signature == author:
        return author
    parts = [p.strip() for p in _NAME_JOINS.split(signature) if p.strip()]
    if len(parts) < 2 or author not in parts:
        return author
    if all(len(p.split()) >= 2 and plausible_person(p) and looks_like_name(p) for p in parts):
        return signature
    return author


def near_title(title_el: HtmlElement | None, index: dom.Index | None = None) -> str | None:
    """The byline markup next to the headline, as blog and news templates write it.

    hAtom/WordPress ``.byline .author`` and ``.author.vcard .fn``, ``a[rel=author]``,
    schema.org ``[itemprop=author]`` (its ``[itemprop=name]``), then a bare ``.byline``
    ("bởi X"). Searched in the headline's own box and up to three boxes around it, never
    in comments, related posts or widgets, whose authors are other people; then in the article's
    meta column beside it (``dom.meta_column``). `index`, the page's attribute index, skips pages without
    any byline markup.
    """
    if index is not None and not any(index.has(attr, part) for attr, part in _BYLINE_MARKS):
        return None  # the page has no byline markup at all: no box need be searched
    box = title_el
    for _ in range(_BYLINE_LEVELS):
        if box is None:
            return None
        box = box.getparent()
        if box is None or not isinstance(box.tag, str) or box.tag in ("body", "html"):
            return None
        found = _byline_in(box)
        if found:
            return found
    return _in_meta_column(title_el)


_META_COLUMN_LEVELS = 6


def _in_meta_column(title_el: HtmlElement) -> str | None:
    """The byline markup in the article's meta column beside it (a blog's post sidebar: the authors' profiles,
    the date, the reading time), whatever the column's own class says."""
    node: HtmlElement | None = title_el
    for _ in range(_META_COLUMN_LEVELS):
        node = node.getparent() if node is not None else None
        if node is None or dom.tag_of(node) in ("body", "html"):
            return None
        for sibling in (*node.itersiblings(preceding=True), *node.itersiblings()):
            if (isinstance(sibling.tag, str) and not _FOREIGN_IN_COLUMN.search(dom.attrs_text(sibling))
                    and dom.meta_column(sibling)):
                found = _byline_in(sibling, foreign=_FOREIGN_IN_COLUMN)
                if found:
                    return found
    return None


def _byline_in(box: HtmlElement, *, foreign: re.Pattern[str] = _FOREIGN_BOX) -> str | None:
    """The best byline markup in `box`, none inside a box the `foreign` names (comments, related posts,
    widgets)."""
    best: tuple[int, str] | None = None
    for el in _BYLINE_CANDIDATES(box):
        rank = _byline_rank(el)
        if rank is None or (best is not None and best[0] <= rank) or _in_foreign_box(el, box, foreign):
            continue
        whole = _byline_text(el)
        # A byline box holding an avatar, the name and the date: the name is one of its pieces.
        plain = whole and plausible_person(whole) and looks_like_name(whole, formatted=True)
        name = whole if plain else name_piece(el)
        if name:
            best = (rank, name)
    return best[1] if best else None


_TAG_HREF = re.compile(r"/(?:tag|tags|the|chu-de|tu-khoa)/", re.IGNORECASE)


def tag_link(node: HtmlElement | None) -> bool:
    """A link to a tag's page (by its address or rel="tag")."""
    return node is not None and dom.tag_of(node) == "a" and (
        "tag" in (node.get("rel") or "").lower().split() or _TAG_HREF.search(node.get("href") or "") is not None)


def name_piece(box: HtmlElement) -> str | None:
    """The first visible piece of a byline box that is a person's name ("GH" | "Phan Gia Hân" | "5 tháng 9")."""
    for node in box.iter():
        if not isinstance(node.tag, str) or dom.is_hidden(node) or node.get("aria-hidden") == "true":
            continue
        if tag_link(node):
            continue  # "<span class='newsup-tags'><a href='/tag/1ccc25/'>Bảo Lạc</a>": a tag, a place's name
        text = " ".join((node.text or "").split())
        if (len(text.split()) >= 2 and plausible_person(text) and looks_like_name(text, formatted=True)
                and not any(ch.isdigit() for ch in text)):
            return tidy(text)
    return None


def _classes(el: HtmlElement) -> set[str]:
    return set((el.get("class") or "").lower().split())


def _byline_rank(el: HtmlElement) -> int | None:
    classes = _classes(el)
    if "author" in classes:
        parent = el.getparent()
        near = (parent, parent.getparent() if parent is not None else None)
        in_byline = "byline" in classes or any(a is not None and "byline" in _classes(a) for a in near)
        if in_byline or "vcard" in classes:
            return 0
    if "author" in (el.get("rel") or "").lower().split():
        return 1
    if (el.get("itemprop") or "").lower() == "author":
        return 2
    if "byline" in classes:
        return 3
    # "post-metadata__author", "author-name", Vietnamese "tacgia": a class that names the author, or a link to
    # the author's page.
    named = any("author" in c or "tacgia" in c or "tac-gia" in c for c in classes)
    if named or _AUTHOR_HREF.search(el.get("href") or ""):
        return 4
    return None


def _byline_text(el: HtmlElement) -> str:
    if (el.get("itemprop") or "").lower() == "author":
        names = el.xpath(".//*[@itemprop='name']")
        node = names[0] if names else el
        raw = node.get("content") or node.text_content()
    else:
        fn = [x for x in el.iter() if isinstance(x.tag, str) and "fn" in _classes(x)]
        raw = dom.shown_text(fn[0] if fn else el)
    text = " ".join(raw.split())
    labelled = parse_labelled(text)
    if labelled is not None and labelled[0] == "author":  # "Bài và ảnh: Đức Thắng"
        return labelled[1]
    return _BYLINE_PREFIX.sub("", before_date_field(text), count=1).strip(" ,;|")


def _in_foreign_box(el: HtmlElement, box: HtmlElement, foreign: re.Pattern[str] = _FOREIGN_BOX) -> bool:
    node: HtmlElement | None = el
    while node is not None and node is not box:
        if foreign.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
        node = node.getparent()
    return False


_LABEL_ONLY = re.compile(
    r"^\W*[^\W\d][^:：]{0,24}[:：]\s*$|^\W*(?:tác giả|người viết|thực hiện|phóng viên|author)\W*$", re.IGNORECASE
)
SIGNATURE_CHARS = 90


# Labels of the other fields of an info table, which a byline's empty value leaves next to its label.
_NEXT_FIELD = ("Người đăng", "Chuyên mục", "Lượt xem", "Ngày đăng", "Danh mục", "Nguồn", "Đăng bởi")


def labelled_lines(lines: list[str]) -> list[Byline]:
    """Labelled bylines in visible lines, a label alone on its line joined with the next one
    ("Tác giả:" | "Phạm Ngọc" in two table cells)."""
    found: list[Byline] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _LABEL_ONLY.match(line) and i + 1 < len(lines):
            if _LABEL_ONLY.match(lines[i + 1]) or lines[i + 1].startswith(_NEXT_FIELD):
                i += 1  # an empty field: the next line is the next field's label ("Tác giả" | "Người đăng")
                continue
            line = f"{line.rstrip(' :：')}: {lines[i + 1]}"
            i += 1
        found += parse_all(line)
        i += 1
    return found


def signature_after(container: HtmlElement) -> tuple[str, str | None] | None:
    """A signature set apart just after the body: a short name line, right-aligned or bold, in the
    first boxes that follow the body's container ("<p align=right><b>Thanh Bình - Quốc Việt</b></p>"); the writer,
    and the source when the line credits one ("<b>Khánh Linh</b> <i>(Theo TTXVN)</i>")."""
    node: HtmlElement | None = container
    looked = 0
    for _ in range(3):
        if node is None:
            return None
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            text = " ".join(sibling.text_content().split())
            if not text:
                continue
            looked += 1
            if len(text) > SIGNATURE_CHARS or looked > 3:
                return None
            credited = _NAME_THEN_SOURCE.match(text)
            if (credited is not None and _set_apart(sibling) and looks_like_name(credited["name"], formatted=True)
                    and plausible_person(credited["name"])):
                # "<b>Khánh Linh</b><br><i>Nguồn: cand.com.vn</i>": the writer, then the source on its own line.
                return tidy(credited["name"]), None
            labelled = parse_labelled(text)
            if labelled is not None:
                return (labelled[1], None) if labelled[0] == "author" and plausible_person(labelled[1]) else None
            if any(a.text_content().strip() for a in sibling.iter("a")):
                return None  # a pager or a link list ("Trước | Tiếp"), not a signature
            if not _set_apart(sibling):
                continue
            with_source = name_and_source(text)
            if with_source is not None and looks_like_name(with_source[0], formatted=True) and plausible_person(
                    with_source[0]):
                # "Khánh Linh (Theo Reuters)": the brackets credit the source, they name no unit of the writer.
                return with_source
            if looks_like_name(text, formatted=True) and plausible_person(text):
                return tidy(text), None
        node = node.getparent()
        if node is None or not isinstance(node.tag, str) or node.tag in ("body", "html"):
            return None
    return None


_BOLD_CLASS = re.compile(r"(?:^|\s)(?:font-(?:bold|semibold|extrabold)|fw-(?:bold|semibold)|font-weight-bold)(?:$|\s)")


def _set_apart(el: HtmlElement) -> bool:
    """Right-aligned, or bold or italic throughout: how a signature stands apart from the text."""
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        if dom.alignment(node) == "right":
            return True
    whole = 0.8 * len(el.text_content().strip())
    # A utility-class layout sets it bold by class: <div class="text-sm font-semibold">.
    if any(isinstance(n.tag, str) and _BOLD_CLASS.search(n.get("class") or "") and len(n.text_content()) >= whole
           for n in el.iter()):
        return True
    strong = list(el.iter("b", "strong", "i", "em"))
    return bool(strong) and sum(len(n.text_content()) for n in strong) >= whole
