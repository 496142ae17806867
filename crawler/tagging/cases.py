"""What kind of case a story is about, by the taxonomy of data/case_types.toml.

case_tags(title, lead, body):
1. Title, lead and body are folded (lower case, no diacritics, đ as d); each type's terms (folded the same
   way when the taxonomy is read) are looked for as whole words.
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
from crawler.tagging.words import words

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

    @classmethod
    @cache
    def load(cls) -> Taxonomy:
        raw = tomllib.loads(resources.files("crawler.tagging").joinpath("data/case_types.toml").read_text("utf-8"))
        types: dict[str, CaseType] = {}
        owners: dict[str, list[str]] = {}
        for type_id, spec in raw.items():
            if not isinstance(spec, dict):
                continue
            terms = {fold(term): int(weight) for term, weight in spec["terms"].items()}
            types[type_id] = CaseType(type_id, spec["label"], spec["description"], terms)
            for term in terms:
                owners.setdefault(term, []).append(type_id)
        first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for term in owners:
            words = tuple(term.split())
            first.setdefault(words[0], []).append((words, term))
        index = {w: tuple(sorted(terms, key=lambda t: -len(t[0]))) for w, terms in first.items()}
        return cls(types, int(raw["min_score"]), float(raw["min_share"]), index,
                   {t: tuple(o) for t, o in owners.items()})

    def terms_in(self, words: Sequence[str]) -> Iterator[str]:
        """The terms in a field's folded words, longest first where they overlap."""
        i = 0
        while i < len(words):
            for term_words, term in self.by_first_word.get(words[i], ()):
                if tuple(words[i:i + len(term_words)]) == term_words:
                    yield term
                    i += len(term_words)
                    break
            else:
                i += 1


def case_tags(title: str, lead: str | None, body: Sequence[str]) -> tuple[CaseTag, ...]:
    fields = [("title", title), ("lead", lead or ""), *(("body", p) for p in body)]
    return cases_in([(name, words(text).folded) for name, text in fields if text])


def cases_in(fields: Sequence[tuple[str, Sequence[str]]]) -> tuple[CaseTag, ...]:
    """case_tags over fields already split in folded words: (title|lead|body, words)."""
    taxonomy = Taxonomy.load()
    scores: dict[str, int] = {}
    triggers: dict[str, dict[str, int]] = {}
    body_hits: dict[str, int] = {}
    for name, folded in fields:
        for term in taxonomy.terms_in(folded):
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
