"""Vietnam's administrative units before and after the 1 July 2025 reorganisation, with the mapping between them.

Read from data/gazetteer.json.gz, which tools/build_gazetteer.py writes from the vietnamadminunits package's
data (63 provinces, 696 districts and 10,035 communes before; 34 provinces and 3,321 communes after; every old
commune mapped to its new one(s)). Loaded once per process (Gazetteer.load).
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from crawler.core.text import fold

# Levels, as the unit words in a story name them.
PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"
# Names people write that the package does not hold (its "Thành phố Huế" was "Thừa Thiên Huế" until 2025).
EXTRA_ALIASES = {
    PROVINCE: {"thuathienhue": "46", "tphcm": "79", "hcm": "79", "hcmc": "79", "saigon": "79", "brvt": "77"},
}


def key(name: str) -> str:
    """A name as the indexes hold it: folded, no spaces ("Phước Thể" -> "phuocthe")."""
    return fold(name).replace(" ", "")


def slug(name: str) -> str:
    """Today's province as the store and the filters name it: "Hồ Chí Minh" -> "ho-chi-minh"."""
    return fold(name).replace(" ", "-")


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str  # without its unit word: "Phước Thể"
    type: str  # its unit word, lower case: "xã", "phường", "huyện", "tỉnh", ...
    level: str  # PROVINCE, DISTRICT or COMMUNE
    old: bool  # a unit of before 1 July 2025
    province: str  # today's province code (for an old unit: the one it went to)
    parent: str | None = None  # the old district of an old commune, the old province of an old district
    today: tuple[str, ...] = ()  # an old commune's new communes, the default first

    @property
    def full_name(self) -> str:
        """With its unit word: "xã Phước Thể", "phường 5" (whose name holds its unit word: "Phường 5")."""
        if fold(self.name).startswith(fold(self.type) + " "):
            return self.type + self.name[len(self.type):]
        return f"{self.type} {self.name}"


@dataclass
class Gazetteer:
    provinces: dict[str, Unit] = field(default_factory=dict)  # today's, by code
    communes: dict[str, Unit] = field(default_factory=dict)  # today's, by code
    old: dict[str, Unit] = field(default_factory=dict)  # before 2025, by level-prefixed code
    # (level, key) -> every unit of that level with that name or alias, old and new.
    names: dict[tuple[str, str], list[Unit]] = field(default_factory=lambda: defaultdict(list))
    # Every name's folded words run together up to each word ("phuoc", "phuocthe"), and every alias:
    # a lookup stops as soon as the words read so far begin no name.
    prefixes: set[str] = field(default_factory=set)
    source: str = ""
    _slugs: dict[str, str] = field(default_factory=dict)

    @classmethod
    @cache
    def load(cls) -> Gazetteer:
        raw = resources.files("crawler.tagging").joinpath("data/gazetteer.json.gz").read_bytes()
        data = json.loads(gzip.decompress(raw))
        g = cls(source=data["source"])
        for code, name, kind, aliases in data["provinces"]:
            g._add(Unit(code, name, kind, PROVINCE, False, code), aliases)
        for code, name, kind, province, aliases in data["communes"]:
            g._add(Unit(code, name, kind, COMMUNE, False, province), aliases)
        for code, name, kind, today in data["old_provinces"]:
            g._add(Unit(code, name, kind, PROVINCE, True, today))
        for code, name, kind, parent, aliases, today in data["old_districts"]:
            g._add(Unit(code, name, kind, DISTRICT, True, today, parent), aliases)
        for code, name, kind, parent, aliases, today in data["old_communes"]:
            province = g.communes[today[0]].province
            g._add(Unit(code, name, kind, COMMUNE, True, province, parent, tuple(today)), aliases)
        for level, extra in EXTRA_ALIASES.items():
            for alias, code in extra.items():
                g.prefixes.add(alias)
                unit = g.old[f"{level}:{code}"] if f"{level}:{code}" in g.old else g.provinces[code]
                g.names[(level, alias)].append(unit)
        return g

    def _add(self, unit: Unit, aliases: list[str] = ()) -> None:  # type: ignore[assignment]
        if unit.old:
            self.old[f"{unit.level}:{unit.code}"] = unit
        elif unit.level == PROVINCE:
            self.provinces[unit.code] = unit
        else:
            self.communes[unit.code] = unit
        words = fold(unit.name).split()
        type_words = fold(unit.type).split()
        if words[:len(type_words)] == type_words and len(words) > len(type_words):
            words = words[len(type_words):]  # "Phường 5" is named "5" after its unit word
        keys = {key(unit.name), "".join(words), *aliases}
        if len(words) == 1 and words[0].isdigit():  # "phường 5" is also written "phường 05"
            keys.add(f"{int(words[0]):02d}")
        self.prefixes.update("".join(words[:n]) for n in range(1, len(words) + 1))
        self.prefixes.update(keys)
        for k in keys:
            if unit not in self.names[(unit.level, k)]:
                self.names[(unit.level, k)].append(unit)

    def province_slug(self, code: str) -> str:
        return self.slugs[code]

    @property
    def slugs(self) -> dict[str, str]:
        """Today's province codes -> slugs."""
        if not self._slugs:
            self._slugs.update({code: slug(unit.name) for code, unit in self.provinces.items()})
        return self._slugs

    def old_district(self, code: str | None) -> Unit | None:
        return self.old.get(f"{DISTRICT}:{code}") if code else None

    def old_province(self, code: str | None) -> Unit | None:
        return self.old.get(f"{PROVINCE}:{code}") if code else None

    def path(self, unit: Unit) -> str:
        """An old unit with the units above it: "xã Phước Thể, huyện Tuy Phong, tỉnh Bình Thuận"."""
        parts = [unit.full_name]
        district = self.old_district(unit.parent) if unit.level == COMMUNE else None
        if district is not None:
            parts.append(district.full_name)
        province = self.old_province(district.parent if district else unit.parent if unit.level == DISTRICT
                                     else None)
        if province is not None:
            parts.append(province.full_name)
        return ", ".join(parts)
