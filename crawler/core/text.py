"""Vietnamese text hygiene: one place that decides what "the same text" means.

Portals mix Unicode forms (NFD from macOS paste, windows-1258 decodes), two tone-mark
placements ("hoà" / "hòa", "Uỷ" / "Ủy") inside one article, NBSP spacer runs, zero-width
characters and UTF-8 read as cp1252 ("CÃ´ng an"). Display text keeps the author's tone
style; only keys used for comparison and hashing are folded to one style.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections.abc import Iterable

from crawler.core import memo

# Characters that render as nothing and only break comparisons.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS), None)
_WORD = re.compile(r"[^\W_]+")

# Tone marks. The old ("classic") style puts the mark on the first vowel of an open oa/oe/uy
# syllable: "hòa", "khỏe", "thủy"; the new style on the second: "hoà", "khoẻ", "thuỷ". With a final
# consonant ("hoàng", "khuyến") both styles agree. Read in NFC, where a toned vowel is one letter.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_COMBINING = "\u0300-\u036f"
# A toned a, e or y in NFC: its letter and its mark.
_TONED = {unicodedata.normalize("NFC", letter + tone): (letter, tone) for letter in "aAeEyY" for tone in _TONES}
_TONED_AE = "".join(ch for ch, (letter, _) in _TONED.items() if letter in "aAeE")
_TONED_Y = "".join(ch for ch, (letter, _) in _TONED.items() if letter in "yY")
# An open syllable in the new style: o before a toned a/e, u before a toned y, at the syllable's end.
# ("qu" is a consonant, so "quý" is already right: ``_swap`` leaves a match after a q.) One character class
# for the first letter and one for the toned one, so that the engine skips ahead by the first; ``_swap`` leaves
# the pairs that are not o+a/e or u+y (a toned letter cannot start a pair, so no match is lost to them).
_NEW_STYLE = re.compile(rf"[oOuU][{_TONED_AE}{_TONED_Y}](?![\w{_COMBINING}])")
_PAIRS = frozenset(f"{first}{toned}" for first in "oO" for toned in _TONED_AE) | frozenset(
    f"{first}{toned}" for first in "uU" for toned in _TONED_Y
)


# Letters that betray UTF-8 bytes decoded as cp1252 / latin-1 ("CÃ´ng", "tá»‰nh"): a lead letter and what cp1252
# shows for a continuation byte; that second letter alone is the first cut (the leads "á" and "â" are everywhere).
_MOJIBAKE_SECOND = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122"
_MOJIBAKE_HINT = re.compile(f"[ÃÂÄÅÆáâ][{_MOJIBAKE_SECOND}]")
_MAYBE_MOJIBAKE = re.compile(f"[{_MOJIBAKE_SECOND}]")


def clean_inline(text: str) -> str:
    """NFC, no invisible characters, one space between words, trimmed."""
    # str.split() splits on every Unicode space, NBSP and the U+2000 block included.
    return " ".join(_visible(text).split())


def _visible(text: str) -> str:
    """NFC, no invisible characters."""
    text = unicodedata.normalize("NFC", text)
    # translate is slow on non-ASCII text: only when needed (six substring tests cost less than a character class)
    for ch in _INVISIBLE_CHARS:
        if ch in text:
            return text.translate(_INVISIBLE)
    return text


def is_blank(text: str) -> bool:
    """True for spacer paragraphs: nothing but spaces, NBSP, dots, dashes or stars."""
    return not has_alnum(clean_inline(text))


def has_alnum(text: str) -> bool:
    """``any(ch.isalnum() for ch in text)``, by one search: a word character but the underscore (`_WORD`) is
    exactly what str.isalnum() accepts."""
    return _WORD.search(text) is not None


def _swap(match: re.Match[str]) -> str:
    pair = match.group(0)
    start = match.start()
    if pair not in _PAIRS or (start and match.string[start - 1] in "qQ"):
        return pair
    letter, tone = _TONED[pair[1]]
    return unicodedata.normalize("NFC", pair[0] + tone) + letter


def unify_tone_marks(text: str) -> str:
    """Move tone marks of open oa/oe/uy syllables to the old style: "hoà" -> "hòa", "Uỷ" -> "Ủy" (in NFC)."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _NEW_STYLE.sub(_swap, text)


def _c1_as_latin1(error: UnicodeError) -> tuple[bytes, int]:
    """cp1252's encoder error handler for what it leaves out: the C1 controls (U+0080-U+009F, five of them bytes
    cp1252 leaves undefined) stand for their own byte, as latin-1 shows them; anything else stays an error."""
    if isinstance(error, UnicodeEncodeError):
        chunk = error.object[error.start : error.end]
        if all("\x80" <= ch <= "\x9f" for ch in chunk):
            return chunk.encode("latin-1"), error.end
    raise error


codecs.register_error("crawler-c1-as-latin1", _c1_as_latin1)


def shown_bytes(text: str) -> bytes:
    """The bytes whose cp1252 characters (or, where cp1252 has none, latin-1 ones) ``text`` shows, by the C codec;
    UnicodeEncodeError when it shows anything else."""
    return text.encode("cp1252", errors="crawler-c1-as-latin1")


def _undo_cp1252(text: str) -> str | None:
    try:
        return shown_bytes(text).decode("utf-8")
    except UnicodeError:
        return None


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252; text that is not mojibake comes back unchanged."""
    if _MAYBE_MOJIBAKE.search(text) is None or _MOJIBAKE_HINT.search(text) is None:
        return text
    whole = _undo_cp1252(text)
    if whole is not None:
        return whole
    # Mixed text (a mojibake title inside a clean template line): repair word by word.
    words = text.split(" ")
    for i, word in enumerate(words):
        if _MOJIBAKE_HINT.search(word):
            fixed = _undo_cp1252(word)
            if fixed is not None:
                words[i] = fixed
    return " ".join(words)


def clean(text: str) -> str:
    """Repaired mojibake, then `clean_inline`: what every extracted text goes through."""
    return clean_inline(fix_mojibake(text))


@memo.kept  # a page compares its headline, lead and first paragraphs several times
def hash_key(text: str) -> str:
    """A comparison key: same words in the same order, whatever the case, tone style or punctuation."""
    # Its words only: spaces need no collapsing first.
    return " ".join(_WORD.findall(unify_tone_marks(_visible(text)).casefold()))


def content_hash(paragraphs: Iterable[str]) -> str:
    """SHA-256 of the body's words; paragraph breaks do not count, so <br> vs <p> copies match."""
    keys = (hash_key(p) for p in paragraphs)
    joined = " ".join(k for k in keys if k)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


_STRIP_MARKS = re.compile(f"[{_COMBINING}]")


def fold(text: str) -> str:
    """Text as readers type it without diacritics: "Công an tỉnh Lạng Sơn" -> "cong an tinh lang son".

    Words only, lower case, every mark dropped and đ read as d, so "hoà" and "hòa" (and "hoa")
    meet. Search indexes and watchlists compare folded text on both sides.
    """
    decomposed = unicodedata.normalize("NFD", clean_inline(text).casefold())
    plain = _STRIP_MARKS.sub("", decomposed).replace("đ", "d")
    return " ".join(_WORD.findall(plain))
