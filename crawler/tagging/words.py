"""A story's words as both taggers read them: each word with its folded form, once per field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crawler.core.text import fold

WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Token:
    text: str
    folded: str  # lower case, no diacritics, đ as d
    start: int
    capital: bool  # written with a capital (or a digit) first
    gap_before: str  # the characters between the previous word and this one


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """One word folded (a few thousand syllables make up Vietnamese text: cached)."""
    return fold(word)


def tokens(text: str) -> list[Token]:
    found, end = [], 0
    for match in WORD.finditer(text):
        word = match.group()
        start = match.start()
        found.append(Token(word, fold_word(word), start, word[0].isupper() or word[0].isdigit(), text[end:start]))
        end = match.end()
    return found
