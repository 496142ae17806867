"""Where and what: the places a story names (today's provinces, after the 1 July 2025 reorganisation) and
its case types. Text in, tags out: no crawling, no storage.

    tags = tag_story(title, lead, body, portal_province="lam-dong", published=date(2024, 5, 3))
    tags.provinces    # ("lam-dong", "ho-chi-minh"): the main one first
    tags.places       # Place(mention="xã Phước Thể", old_unit="xã Phước Thể, huyện Tuy Phong, tỉnh Bình Thuận", ...)
    tags.types        # CaseTag(type="drugs", score=33, terms=("ma tuy", ...)), ...

crawler.tagging.places finds the places (the gazetteer: crawler.tagging.gazetteer), crawler.tagging.cases
the case types (the taxonomy: data/case_types.toml).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from crawler.tagging.cases import CaseTag, Taxonomy, cases_in
from crawler.tagging.places import Place, places_in
from crawler.tagging.words import words

__all__ = ["CaseTag", "Place", "StoryTags", "Taxonomy", "province_key", "province_names", "tag_story"]


@dataclass(frozen=True, slots=True)
class StoryTags:
    provinces: tuple[str, ...]
    places: tuple[Place, ...]
    types: tuple[CaseTag, ...]


def tag_story(title: str, lead: str | None, body: Sequence[str], *, portal_province: str | None = None,
              published: date | None = None) -> StoryTags:
    """A story's places and case types, its text split in words once for both."""
    fields = [(name, words(text)) for name, text in
              [("title", title), ("lead", lead or ""), *(("body", p) for p in body)] if text]
    places = places_in(fields, portal_province, published)
    types = cases_in(fields)
    return StoryTags(places.provinces, places.places, types)


def province_key(text: str) -> str | None:
    """Today's province a user means: a slug ("lam-dong"), a name today or before 1 July 2025 ("Lâm Đồng",
    "Bình Thuận", "binh thuan", "TP.HCM"); None if none is meant."""
    from crawler.tagging.gazetteer import PROVINCE, Gazetteer, key

    gazetteer = Gazetteer.load()
    wanted = key(text.replace("-", " ").removeprefix("tỉnh ").removeprefix("Tỉnh "))
    for prefix in ("tinh", "thanhpho", "tp"):
        if wanted.startswith(prefix) and (PROVINCE, wanted[len(prefix):]) in gazetteer.names:
            wanted = wanted[len(prefix):]
    units = gazetteer.names.get((PROVINCE, wanted), [])
    provinces = {u.province for u in units}
    return gazetteer.province_slug(provinces.pop()) if len(provinces) == 1 else None


def province_names() -> dict[str, str]:
    """Today's provinces: slug -> name ("lam-dong" -> "Lâm Đồng"), by slug."""
    from crawler.tagging.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    return dict(sorted(((gazetteer.province_slug(c), u.name) for c, u in gazetteer.provinces.items()),
                       key=lambda item: item[0]))
