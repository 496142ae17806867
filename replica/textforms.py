"""Vietnamese text forms the replica needs: Unicode forms, tone-mark styles, aliases, weekday names."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# Old-style ("hòa", "Ủy") puts the tone on the first vowel of open oa/oe/uy syllables;
# new-style ("hoà", "Uỷ") puts it on the second. NFC keeps them distinct, which is the point.
_TONED_O = "òóỏõọ"
_TONED_U = "ùúủũụ"
_TONES = "\u0300\u0301\u0309\u0303\u0323"


def _tone_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, toned_first, seconds in (("o", _TONED_O, "ae"), ("u", _TONED_U, "y")):
        for toned, mark in zip(toned_first, _TONES, strict=True):
            for second in seconds:
                new = base + unicodedata.normalize("NFC", second + mark)
                for old_form, new_form in (
                    (toned + second, new),
                    (toned.upper() + second, new[0].upper() + new[1:]),
                    ((toned + second).upper(), new.upper()),
                ):
                    table[old_form] = new_form
    return table


_TONE_TABLE = _tone_table()
# "qu" + toned vowel is not an oa/uy syllable ("quỳ" is already new-style), hence the lookbehind.
_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(sorted(_TONE_TABLE, key=len, reverse=True)) + r")(?!\w)")


def to_new_tones(text: str) -> str:
    """Rewrite old-style tone placement as new-style: "hòa" -> "hoà", "Ủy" -> "Uỷ", "khỏe" -> "khoẻ"."""
    return _TONE_RE.sub(lambda m: _TONE_TABLE[m.group(1)], unicodedata.normalize("NFC", text))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACE_RE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """The comparison form used by the tests: NFC, no zero-width characters, NBSP as space, one space."""
    text = _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text))
    return _SPACE_RE.sub(" ", text.replace("\xa0", " ")).strip()


def slugify(text: str) -> str:
    """ASCII alias the way NukeViet's change_alias and most Vietnamese CMSs build one."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def weekday_vi(day: date, *, capital: bool = False) -> str:
    name = _WEEKDAYS[day.weekday()]
    if capital and name.startswith("Thứ "):
        name = "Thứ " + name[4:].capitalize()
    return name
