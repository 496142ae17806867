"""What kind of case a story is about, by the taxonomy of data/case_types.toml.

case_tags(title, lead, body):
1. Title, lead and body are folded (lower case, no diacritics, đ as d); each type's terms (folded the same
   way when the taxonomy is read) are looked for as whole words, and a term written with diacritics must
   also be spelled so in the text (either tone-mark style; a word written without any matches).
2. A type scores the weights of the terms found: three times in the title, twice in the lead, once per body
   paragraph, a term at most three times in the body.
3. The story gets every type scoring at least min_score and min_share of the best type's score, best first;
   each tag keeps the terms that triggered it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from crawler.core.text import fold
from crawler.tagging.words import WORD, Words, marked, words

FIELD_WEIGHTS = {"title": 3, "lead": 2, "body": 1}
MAX_BODY_HITS = 3


@dataclass(frozen=True, slots=True)
class CaseType:
    id: str
    label: str
    description: str
    terms: dict[str, int]  # folded term -> weight


@dataclass(frozen=True, slots=True)
class CaseTag:
    type: str
    score: int
    terms: tuple[str, ...]  # the folded terms that triggered it, strongest first


@dataclass(frozen=True, slots=True)
class Taxonomy:
    types: dict[str, CaseType]
    min_score: int
    min_share: float
    # First folded word of a term -> (the term's words, the term), longest first; term -> the types holding it.
    by_first_word: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    owners: dict[str, tuple[str, ...]]
    # Folded term -> the spellings with diacritics it was written in (words.marked): folded, "đám cháy" is also
    # "đảm chạy", which is not a fire. A term written without any ("heroin", "PC04") is in ``plain``.
    spellings: dict[str, set[tuple[str, ...]]]
    plain: frozenset[str]

    @classmethod
    @cache
    def load(cls) -> Taxonomy:
        raw = tomllib.loads(resources.files("crawler.tagging").joinpath("data/case_types.toml").read_text("utf-8"))
        types: dict[str, CaseType] = {}
        owners: dict[str, list[str]] = {}
        spellings: dict[str, set[tuple[str, ...]]] = {}
        plain: set[str] = set()
        for type_id, spec in raw.items():
            if not isinstance(spec, dict):
                continue
            terms = {fold(term): int(weight) for term, weight in spec["terms"].items()}
            types[type_id] = CaseType(type_id, spec["label"], spec["description"], terms)
            for term in terms:
                owners.setdefault(term, []).append(type_id)
            for written in spec["terms"]:
                if written.isascii():
                    plain.add(fold(written))
                else:
                    spellings.setdefault(fold(written), set()).add(tuple(marked(w) for w in WORD.findall(written)))
        first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for term in owners:
            term_words = tuple(term.split())
            first.setdefault(term_words[0], []).append((term_words, term))
        index = {w: tuple(sorted(terms, key=lambda t: -len(t[0]))) for w, terms in first.items()}
        return cls(types, int(raw["min_score"]), float(raw["min_share"]), index,
                   {t: tuple(o) for t, o in owners.items()}, spellings, frozenset(plain))

    def terms_in(self, field: Words) -> Iterator[str]:
        """The terms in a field, longest first where they overlap: the folded words match, and the words as
        written too where the term has diacritics (a word written without any matches any spelling)."""
        folded = field.folded
        i = 0
        while i < len(folded):
            for term_words, term in self.by_first_word.get(folded[i], ()):
                n = len(term_words)
                if tuple(folded[i:i + n]) == term_words and self._spelled(term, field.text[i:i + n]):
                    yield term
                    i += n
                    break
            else:
                i += 1

    def _spelled(self, term: str, written: Sequence[str]) -> bool:
        if term in self.plain:
            return True
        return any(all(w.isascii() or marked(w) == m for w, m in zip(written, spelling, strict=True))
                   for spelling in self.spellings[term])


def case_tags(title: str, lead: str | None, body: Sequence[str]) -> tuple[CaseTag, ...]:
    fields = [("title", title), ("lead", lead or ""), *(("body", p) for p in body)]
    return cases_in([(name, words(text)) for name, text in fields if text])


def cases_in(fields: Sequence[tuple[str, Words]]) -> tuple[CaseTag, ...]:
    """case_tags over fields already split in words: (title|lead|body, its words)."""
    taxonomy = Taxonomy.load()
    scores: dict[str, int] = {}
    triggers: dict[str, dict[str, int]] = {}
    body_hits: dict[str, int] = {}
    for name, field in fields:
        for term in taxonomy.terms_in(field):
            if name == "body":
                body_hits[term] = body_hits.get(term, 0) + 1
                if body_hits[term] > MAX_BODY_HITS:
                    continue
            for type_id in taxonomy.owners[term]:
                weight = taxonomy.types[type_id].terms[term] * FIELD_WEIGHTS[name]
                scores[type_id] = scores.get(type_id, 0) + weight
                found = triggers.setdefault(type_id, {})
                found[term] = found.get(term, 0) + weight
    if not scores:
        return ()
    best = max(scores.values())
    chosen = [t for t, s in scores.items() if s >= taxonomy.min_score and s >= taxonomy.min_share * best]
    chosen.sort(key=lambda t: -scores[t])
    return tuple(CaseTag(t, scores[t], tuple(sorted(triggers[t], key=lambda term: -triggers[t][term])))
                 for t in chosen)
