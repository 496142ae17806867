"""Where a story happened: the places it names, each mapped to today's province (and commune where known).

place_tags(title, lead, body, portal_province, published) finds them in four stages:

1. Mentions with a unit word: "xã Phước Thể", "huyện Tuy Phong", "TP.HCM", "tỉnh Bình Thuận", "Q.Bình Thạnh",
   "thị xã La Gi", "phường 5", "đặc khu Phú Quốc". The unit word says the level (province, district, commune);
   the name after it, written capitalised (or a number), is looked up among that level's units, old and new,
   on folded text, so case, diacritics and tone-mark style ("Hoà"/"Hòa") do not matter. Longest name first.
2. Bare names: a province's name (old or new: "Bình Thuận", "Khánh Hòa") and a city's or town's ("Phan
   Thiết", "Đà Lạt") written capitalised outside a longer capitalised name, when only one unit has it.
3. A name several units share ("xã Tân Phú", "huyện Châu Thành") is settled by the story: the unit whose
   district or province the story also names wins, then one in the portal's own province, then a unit of
   the story's time (before 1 July 2025 the old ones, after it the new ones). A name still shared by units
   of different provinces is left out.
4. The story's provinces: each place counts by where it stands (title 3, lead 2, body 1), a place that is
   only where someone lives ("trú tại", "quê"), a caller pretends to be from, or part of a road's name
   ("cao tốc Hà Nội - Hải Phòng") not at all; the most counted first, the portal's own province first when
   it counts at least half as much. A provincial portal's story that names no place is about its own
   province.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from crawler.core.text import fold
from crawler.tagging.gazetteer import COMMUNE, DISTRICT, PROVINCE, Gazetteer, Unit, key
from crawler.tagging.words import Words, words

REORGANISED = date(2025, 7, 1)
MAX_NAME_WORDS = 5
FIELD_WEIGHTS = {"title": 3, "lead": 2, "body": 1}

# Unit words, folded, as token tuples -> the levels they may name (the first one preferred).
UNIT_WORDS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("tinh",): (PROVINCE,),
    ("thanh", "pho"): (PROVINCE, DISTRICT),
    ("tp",): (PROVINCE, DISTRICT),
    ("thu", "do"): (PROVINCE,),
    ("quan",): (DISTRICT,),
    ("q",): (DISTRICT,),
    ("huyen",): (DISTRICT,),
    ("thi", "xa"): (DISTRICT,),
    ("tx",): (DISTRICT,),
    ("xa",): (COMMUNE,),
    ("phuong",): (COMMUNE,),
    ("p",): (COMMUNE,),
    ("thi", "tran"): (COMMUNE,),
    ("tt",): (COMMUNE,),
    ("dac", "khu"): (COMMUNE,),
}
# What a place is to the story. Only EVENT places count towards its provinces.
EVENT, HOME, ROUTE, NAMED = "event", "home", "route", "named"
# Words shortly before a place (within ROLE_REACH words) that make it something else than where the
# story happens: where someone lives or comes from; whom a caller pretends to be.
# Compared with diacritics (lower case, NFC): folded, "trú" (lives) would be "trữ" (tàng trữ: stores).
ROLE_WORDS: dict[tuple[str, ...], str] = {
    **dict.fromkeys([("trú",), ("quê",), ("thường", "trú"), ("nguyên", "quán"), ("hktt",), ("quê", "quán"),
                     ("tạm", "trú"), ("ngụ",), ("hộ", "khẩu"), ("đến", "từ"), ("sinh", "sống")], HOME),
    **dict.fromkeys([("tự", "xưng"), ("giả", "danh"), ("mạo", "danh")], NAMED),
}
ROLE_REACH = {HOME: 4, NAMED: 8}  # words before the place
# Words right before a place that make it part of a road's, a route's or a street's name: "cao tốc Hà Nội -
# Hải Phòng", "hướng Hà Nội - Thanh Hóa", "đường Điện Biên Phủ". The place after " - " goes with it.
ROUTE_WORDS = {("cao", "toc"), ("quoc", "lo"), ("ql",), ("tinh", "lo"), ("tuyen",), ("huong",), ("duong",),
               ("pho",), ("dai", "lo"), ("cau",), ("deo",), ("ham",), ("ngo",), ("hem",), ("ben", "xe")}
# The unit word's own type, when it says one: a "phường Định Công" is not a "xã Định Công".
UNIT_TYPES: dict[tuple[str, ...], str] = {
    ("tinh",): "tỉnh", ("quan",): "quận", ("q",): "quận", ("huyen",): "huyện", ("thi", "xa"): "thị xã",
    ("tx",): "thị xã", ("xa",): "xã", ("phuong",): "phường", ("p",): "phường", ("thi", "tran"): "thị trấn",
    ("tt",): "thị trấn", ("dac", "khu"): "đặc khu", ("thanh", "pho"): "thành phố", ("tp",): "thành phố",
}
# Bare names (stage 2) of these kinds only: a commune's name alone is too often a word or a person.
BARE_DISTRICT_TYPES = {"thành phố", "thị xã"}


@dataclass(frozen=True, slots=True)
class Place:
    """One place a story names: as written, the unit it was then (old), today's province and commune."""

    mention: str  # as written, with its unit word when it had one: "xã Phước Thể"
    level: str  # province, district, commune
    province: str  # today's province, as a slug: "lam-dong"
    old_unit: str | None  # the unit before 1 July 2025, with those above it, when the mention names an old unit
    commune: str | None  # today's commune ("xã Liên Hương") for a commune-level place
    field: str  # title, lead or body
    role: str = EVENT  # EVENT: where the story happens; HOME, ROUTE, NAMED: only named (see ROLE_WORDS)


@dataclass(frozen=True, slots=True)
class PlaceTags:
    provinces: tuple[str, ...]  # today's province slugs, the main one first
    places: tuple[Place, ...]


@dataclass(slots=True)
class _Mention:
    field: str
    first: int  # token index of the name's first word (after any unit word)
    words: int
    text: str
    levels: tuple[str, ...]
    candidates: list[Unit]
    unit_type: str | None  # the type its unit word says ("phường"), None for a bare name
    role: str


_UNIT_FIRST_WORDS = frozenset(words[0] for words in UNIT_WORDS)


def _unit_word(field: Words, i: int) -> tuple[int, tuple[str, ...]] | None:
    """The unit word starting at word i: (its length in words, the levels it names)."""
    if field.folded[i] not in _UNIT_FIRST_WORDS:
        return None
    for size in (2, 1):
        unit = tuple(field.folded[i:i + size])
        if len(unit) == size and unit in UNIT_WORDS:
            # "TP.HCM", "Q.Bình Thạnh": the abbreviation stands right before the name, a dot between.
            return size, UNIT_WORDS[unit]
    return None


def _role(field: Words, i: int, previous: _Mention | None) -> str:
    """What the place starting at word i (its unit word, if any) is to the story."""
    if previous is not None and previous.role == ROUTE and field.gap[i].strip() in ("-", "–", "—"):
        return ROUTE  # the other end of "Hà Nội - Hải Phòng"
    for size in (2, 1):
        if i >= size and tuple(field.folded[i - size:i]) in ROUTE_WORDS and not field.gap[i].strip():
            return ROUTE
    reach = max(ROLE_REACH.values())
    before = [w.lower() for w in field.text[max(0, i - reach):i]]
    for j in range(len(before)):
        for size in (2, 1):
            role = ROLE_WORDS.get(tuple(before[j:j + size]))
            if role is not None and len(before) - j <= ROLE_REACH[role]:
                return role
    return EVENT


def _find(gazetteer: Gazetteer, name: str, field: Words) -> list[_Mention]:
    """Stages 1 and 2 over one field."""
    found: list[_Mention] = []
    count = len(field)
    taken = [False] * count
    resume = 0
    for i in [i for i, w in enumerate(field.folded) if w in _UNIT_FIRST_WORDS]:
        unit = _unit_word(field, i) if i >= resume else None
        if unit is None:
            continue
        size, levels = unit
        first = i + size
        match = (_longest(gazetteer, field, first, levels)
                 if first < count and field.capital(first) and not field.gap[first].strip(" .") else None)
        if match is not None:
            length, candidates = match
            unit_type = UNIT_TYPES.get(tuple(field.folded[i:first]))
            found.append(_Mention(name, first, length, field.span(i, first + length - 1), levels, candidates,
                                  unit_type, _role(field, i, found[-1] if found else None)))
            for j in range(i, first + length):
                taken[j] = True
            resume = first + length
    resume = 0
    for i in [i for i, w in enumerate(field.text) if w[0].isupper()]:  # 2. bare names
        if taken[i] or i < resume:
            continue
        inside_name = (i > 1 and field.capital(i - 1) and not taken[i - 1] and not field.gap[i].strip()
                       and not field.gap[i - 1].endswith((".", "!", "?", "\n")))
        match = None if inside_name else _longest(gazetteer, field, i, (PROVINCE, DISTRICT), bare=True)
        if match is not None:
            length, candidates = match
            after = i + length
            if length >= 2 and all(field.capital(j) for j in range(i, after)) and not (
                    after < count and field.capital(after) and not field.gap[after].strip()):
                found.append(_Mention(name, i, length, field.span(i, after - 1), (PROVINCE, DISTRICT), candidates,
                                      None, _role(field, i, found[-1] if found else None)))
                resume = after
    return found


def _longest(gazetteer: Gazetteer, field: Words, start: int, levels: Sequence[str],
             bare: bool = False) -> tuple[int, list[Unit]] | None:
    """The longest name of a unit of ``levels`` starting at word ``start``: (its words, the units)."""
    best = None
    k = ""
    for n in range(min(MAX_NAME_WORDS, len(field) - start)):
        if n and field.gap[start + n].strip(" -–"):
            break  # a name does not run over punctuation (but "Bà Rịa - Vũng Tàu" does)
        k += field.folded[start + n]
        if k not in gazetteer.prefixes:
            break
        units = [u for level in levels for u in gazetteer.names.get((level, k), ())]
        if bare:
            units = [u for u in units if u.level == PROVINCE or u.type in BARE_DISTRICT_TYPES]
            if len({u.province for u in units}) != 1:
                continue
        if units:
            best = (n + 1, units)
    return best


def _settle(gazetteer: Gazetteer, mentions: list[_Mention], portal_code: str | None, published: date | None) -> None:
    """Stage 3: keep, for each mention, the candidates the story's other places and its portal favour."""
    for _ in range(2):  # a settled commune names its district for the next pass
        provinces: set[str] = set()
        districts: set[str] = set()
        old_provinces: set[str] = set()
        for m in mentions:
            if len({u.province for u in m.candidates}) == 1:
                provinces.add(m.candidates[0].province)
            if len(m.candidates) == 1:
                u = m.candidates[0]
                if u.level == DISTRICT:
                    districts.add(u.code)
                    old_provinces.add(u.parent or "")
                elif u.level == COMMUNE and u.old:
                    districts.add(u.parent or "")
                elif u.level == PROVINCE and u.old:
                    old_provinces.add(u.code)
        for m in mentions:
            if len(m.candidates) < 2:
                continue
            scores = [_score(gazetteer, u, provinces, districts, old_provinces, portal_code, published)
                      + (6 if u.type == m.unit_type else 0) for u in m.candidates]
            best = max(scores)
            m.candidates = [u for u, s in zip(m.candidates, scores, strict=True) if s == best]


def _score(gazetteer: Gazetteer, unit: Unit, provinces: set[str], districts: set[str], old_provinces: set[str],
           portal_code: str | None, published: date | None) -> int:
    score = 0
    if unit.level == COMMUNE and unit.old and unit.parent in districts:
        score += 8
    district = gazetteer.old_district(unit.parent) if unit.level == COMMUNE and unit.old else None
    if (unit.level == DISTRICT and unit.parent in old_provinces) or (district and district.parent in old_provinces):
        score += 4
    if unit.province in provinces:
        score += 4
    if unit.province == portal_code:
        score += 2
    if published is not None and unit.old == (published < REORGANISED):
        score += 1
    return score


def place_tags(title: str, lead: str | None, body: Sequence[str], *, portal_province: str | None = None,
               published: date | None = None) -> PlaceTags:
    """The places of a story (see the module docstring); ``portal_province`` is today's province slug."""
    fields = [("title", title), ("lead", lead or ""), *(("body", p) for p in body)]
    return places_in([(name, words(text)) for name, text in fields if text], portal_province, published)


def places_in(fields: Sequence[tuple[str, Words]], portal_province: str | None,
              published: date | None) -> PlaceTags:
    """place_tags over fields already split in words: (title|lead|body, its words)."""
    gazetteer = Gazetteer.load()
    by_slug = {s: code for code, s in gazetteer.slugs.items()}
    portal_code = by_slug.get(portal_province or "")
    mentions = [m for name, field in fields for m in _find(gazetteer, name, field)]
    _settle(gazetteer, mentions, portal_code, published)

    places: list[Place] = []
    weights: Counter[str] = Counter()
    specific: set[str] = set()  # named by a district or commune
    order: dict[str, int] = {}
    for m in mentions:
        if len({u.province for u in m.candidates}) != 1:
            continue
        unit = m.candidates[0]
        province = gazetteer.province_slug(unit.province)
        commune = None
        if unit.level == COMMUNE:
            commune = gazetteer.communes[unit.today[0]].full_name if unit.old else unit.full_name
        old_unit = gazetteer.path(unit) if unit.old and len(m.candidates) == 1 else None
        places.append(Place(m.text, unit.level, province, old_unit, commune, m.field, m.role))
        if m.role == EVENT:
            weights[province] += FIELD_WEIGHTS[m.field]
            if unit.level != PROVINCE:
                specific.add(province)
            order.setdefault(province, len(order))
    # A province the story names only in passing (once, by its bare name, in the body) is not one of its own.
    provinces = [p for p in weights if weights[p] >= 2 or p in specific or p == portal_province]
    provinces.sort(key=lambda p: (-weights[p], p != portal_province, order[p]))
    if portal_province in provinces and 2 * weights[portal_province] >= weights[provinces[0]]:
        provinces.remove(portal_province)
        provinces.insert(0, portal_province)
    if not provinces and portal_province in by_slug:
        provinces = [portal_province]
    return PlaceTags(tuple(provinces), tuple(_unique(places)))


def _unique(places: list[Place]) -> list[Place]:
    """Each place once (the first time it is named), the places of the story's events first."""
    seen: dict[tuple[str, str, str | None], Place] = {}
    for place in places:
        k = (fold(place.mention), place.province, place.commune)
        if k not in seen or (seen[k].role != EVENT and place.role == EVENT):
            seen[k] = place
    return sorted(seen.values(), key=lambda p: p.role != EVENT)


__all__ = ["Place", "PlaceTags", "key", "place_tags", "places_in"]
