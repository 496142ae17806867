"""A story's words as both taggers read them: each field split once into its words, their folded forms and
the gaps between them, all by C-level string operations (a Python object per word would cost more than the
tagging itself)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from crawler.core.text import fold

WORD = re.compile(r"\w+")
WORDS_AND_GAPS = re.compile(r"(\w+)")  # split() on it: gap, word, gap, word, ..., gap


@cache
def _fold_table() -> dict[int, str]:
    """Every letter a Vietnamese text may hold -> its folded form (lower case, no marks, đ as d): one
    character for one, so the folded text's words stand where the text's do."""
    table = {}
    for code in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1 and folded != char:
            table[code] = folded
    return table


# The old tone-mark style marks the second vowel of a final "oa", "oe", "uy" ("hoà", "thuỷ"), the new one
# the first ("hòa", "thủy"): spelled in the new style, both compare equal.
_OLD_STYLE_ENDINGS = {f"{a}{m}": f"{ma}{b}" for a, b, marks, moved in (
    ("o", "a", "àáảãạ", "òóỏõọ"), ("o", "e", "èéẻẽẹ", "òóỏõọ"), ("u", "y", "ỳýỷỹỵ", "ùúủũụ")) for m, ma in zip(
    marks, moved, strict=True)}


@lru_cache(maxsize=65536)
def marked(word: str) -> str:
    """A word in lower case with its diacritics, the tone mark where the new style puts it ("Hoà" -> "hòa")."""
    word = unicodedata.normalize("NFC", word.lower())
    return word[:-2] + _OLD_STYLE_ENDINGS[word[-2:]] if word[-2:] in _OLD_STYLE_ENDINGS else word


@dataclass(slots=True)
class Words:
    """One field's words: ``text[i]`` as written, ``folded[i]``, ``gap[i]`` the characters before it."""

    text: list[str]
    folded: list[str]
    gap: list[str]

    def __len__(self) -> int:
        return len(self.text)

    def capital(self, i: int) -> bool:
        """Written with a capital first (or a digit)."""
        first = self.text[i][0]
        return first.isupper() or first.isdigit()

    def span(self, first: int, last: int) -> str:
        """Words first..last as written, with the gaps between them."""
        return "".join(self.gap[j] + self.text[j] if j > first else self.text[j] for j in range(first, last + 1))


def words(text: str) -> Words:
    text = unicodedata.normalize("NFC", text)
    parts = WORDS_AND_GAPS.split(text)
    written = parts[1::2]
    folded = WORD.findall(text.translate(_fold_table()))
    if len(folded) != len(written):  # a character the table does not fold alike: fold word by word
        folded = [fold(w) or w.lower() for w in written]
    return Words(written, folded, parts[0:-1:2])
