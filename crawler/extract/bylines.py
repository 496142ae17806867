"""Author and source lines: "Tác giả: …", "Nguồn tin: …", "Theo …", or a name alone at the end."""

from __future__ import annotations

import re
from typing import Literal

Byline = tuple[Literal["author", "source"], str]

_AUTHOR_LABEL = re.compile(
    r"^\W*(?:tác giả(?:\s+bài(?:\s+viết)?)?|bài(?:\s+và\s+ảnh|,\s*ảnh)?|tin(?:\s+và\s+ảnh|,\s*ảnh)?|"
    r"tin\s*-\s*ảnh|bài\s*-\s*ảnh|"
    r"người viết|phóng viên|thực hiện|nhóm phóng viên|author|by)\s*[:：]\s*(.+)$",
    re.IGNORECASE,
)
_SOURCE_LABEL = re.compile(
    r"^\W*(?:nguồn(?:\s+tin|\s+bài|\s+tham khảo)?|source)\s*[:：]\s*(.+)$", re.IGNORECASE
)
# "Nguồn Cổng thông tin điện tử - Bộ Công an": no colon, so the rest must look like a name or address.
_SOURCE_BARE = re.compile(r"^\W*nguồn(?:\s+tin)?\s+(.+)$", re.IGNORECASE)
_THEO = re.compile(r"^\W*\(?\s*theo\s+([^,;]{1,70}?)\s*\)?\s*\.?$", re.IGNORECASE)
_NAMEISH_START = re.compile(r"^(?:https?://|www\.|báo\s|trang\s|cổng\s|[\w.-]+\.(?:vn|com|net|org)\b)", re.I)
_SENTENCE_END = re.compile(r"[.!?…:;]\s*$")
# A person or unit name: "Thủy Quyên", "HOÀNG ANH", "Minh Tuấn/PV", "Hồng Nhung - Văn Tú", "Đ.T".
_CONNECTORS = frozenset({"/", "-", "–", "&", "và", ","})
_UNIT_WORDS = re.compile(r"^(?:công an|phòng|đội|ban|cục|văn phòng|trung tâm|trại|trường|nhóm|tổ)\b", re.I)


def parse_labelled(text: str) -> Byline | None:
    """A line that says what it is: "Tác giả: X", "Nguồn: X", "Nguồn X" (no colon), "Theo X"."""
    text = text.strip()
    if not text or len(text) > 160:
        return None
    match = _AUTHOR_LABEL.match(text)
    if match:
        return ("author", _tidy(match.group(1)))
    match = _SOURCE_LABEL.match(text)
    if match:
        return ("source", _tidy(match.group(1)))
    if len(text) <= 110:
        match = _SOURCE_BARE.match(text)
        if match and _nameish(match.group(1)) and not re.search(r"[.!?]\s", match.group(1)):
            return ("source", _tidy(match.group(1)))
        match = _THEO.match(text)
        if match and _nameish(match.group(1)):
            return ("source", _tidy(match.group(1)))
    return None


def looks_like_name(text: str, *, formatted: bool = False) -> bool:
    """A short line that can only be a signature.

    ``formatted`` (right-aligned, bold or italic on its own) relaxes the rule so unit
    names with lower-case words ("Công an huyện Cao Lộc") pass too.
    """
    text = text.strip()
    if not text or len(text) > 60 or (_SENTENCE_END.search(text) and not text.endswith(".")) or "  " in text:
        return False
    if text.endswith(".") and not re.search(r"\b[A-ZĐ]\.$", text):
        return False
    if any(ch.isdigit() for ch in text) and not re.search(r"PV\d*|PC\d+|PA\d+", text):
        return False
    words = text.replace("/", " / ").split()
    if not 1 <= len(words) <= 8:
        return False
    if not (words[0][:1].isupper() or words[0][:1] == "("):
        return False
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
    core = word.strip("()")
    return bool(core) and core[0].isupper() and (core.isalpha() or bool(re.fullmatch(r"[\w.]+", core)))


def _tidy(value: str) -> str:
    value = value.strip().strip("()").strip()
    return value.rstrip(".").strip() if not re.search(r"\b[A-ZĐ]\.$", value) else value
