"""Build crawler/tagging/data/gazetteer.json.gz from the vietnamadminunits package's data (MIT licence).

    pip install --no-deps vietnamadminunits==1.0.4     # its data files only; the package is never imported
    python tools/build_gazetteer.py

vietnamadminunits holds the administrative units before 1 July 2025 (63 provinces, 696 districts, 10,035
communes; table admin_units_legacy of data/dataset.db), after it (34 provinces, 3,321 communes; table
admin_units) and the mapping from each old commune to the new one(s) (data/converter_2025.json; a split
commune names every new unit, its default first). Chosen over vietnam-provinces and
vietnam-address-converter for data quality (docs/tagging.md). The tagger reads the compact file written
here, so the product needs neither the package nor its dependencies (shapely, geopy, numpy).
"""

from __future__ import annotations

import gzip
import importlib.metadata
import json
import sqlite3
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "crawler" / "tagging" / "data" / "gazetteer.json.gz"
PACKAGE = "vietnamadminunits"


def _aliases(text: str | None) -> list[str]:
    return json.loads(text) if text else []


def main() -> int:
    try:
        dist = importlib.metadata.distribution(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        print(f"error: {PACKAGE} is not installed: pip install --no-deps {PACKAGE}==1.0.4", file=sys.stderr)
        return 2
    data = Path(str(dist.locate_file(f"{PACKAGE}/data")))
    db = sqlite3.connect(data / "dataset.db")
    converter = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))

    provinces, communes, new_by_key = [], [], {}
    seen_provinces = set()
    for row in db.execute("SELECT provinceCode, provinceShort, province, provinceAlias, wardCode, wardShort, wardType, "
                          "wardAlias, provinceKey, wardKey FROM admin_units ORDER BY provinceCode, wardCode"):
        p_code, p_name, p_full, p_alias, w_code, w_name, w_type, w_alias, p_key, w_key = row
        if p_code not in seen_provinces:
            seen_provinces.add(p_code)
            provinces.append([p_code, p_name, p_full.removesuffix(p_name).strip().lower(), _aliases(p_alias)])
        communes.append([w_code, w_name, w_type.lower(), p_code, _aliases(w_alias)])
        new_by_key[(p_key, w_key)] = w_code

    old_provinces: dict[str, list] = {}
    old_districts: dict[str, list] = {}
    old_communes, old_by_key = [], {}
    for row in db.execute("SELECT provinceCode, provinceShort, province, districtCode, districtShort, districtType, "
                          "wardCode, wardShort, wardType, wardAlias, districtAlias, provinceKey, districtKey, wardKey "
                          "FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"):
        (p_code, p_name, p_full, d_code, d_name, d_type, w_code, w_name, w_type, w_alias, d_alias,
         p_key, d_key, w_key) = row
        old_provinces.setdefault(p_code, [p_code, p_name, p_full.removesuffix(p_name).strip().lower()])
        old_districts.setdefault(d_code, [d_code, d_name, d_type.lower(), p_code, _aliases(d_alias)])
        old_by_key[f"{p_key}_{d_key}_{w_key or ''}"] = (d_code, w_code)
        if w_code:
            old_communes.append([w_code, w_name, w_type.lower(), d_code, _aliases(w_alias)])

    # Old commune (or commune-less island district) -> new communes, the default first.
    targets: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for p_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, olds in wards.items():
            for old in olds:
                targets[old_by_key[old]].append(new_by_key[(p_key, new_key)])
    for p_key, splits in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, options in splits.items():
            ordered = sorted(options, key=lambda o: not o["isDefaultNewWard"])
            targets[old_by_key[old]].extend(new_by_key[(p_key, o["newWardKey"])] for o in ordered)

    province_of = {c[0]: c[3] for c in communes}
    for commune in old_communes:
        commune.append(list(dict.fromkeys(targets[(commune[3], commune[0])])))
    # An old district or province goes to the new province most of its communes went to.
    district_votes: dict[str, Counter[str]] = defaultdict(Counter)
    for commune in old_communes:
        for code in commune[5]:
            district_votes[commune[3]][province_of[code]] += 1
    for (d_code, w_code), codes in targets.items():
        if not w_code:  # an island district without communes
            district_votes[d_code].update(province_of[c] for c in codes)
    for district in old_districts.values():
        district.append(district_votes[district[0]].most_common(1)[0][0])
    province_votes: dict[str, Counter[str]] = defaultdict(Counter)
    for district in old_districts.values():
        province_votes[district[3]][district[5]] += 1
    for province in old_provinces.values():
        province.append(province_votes[province[0]].most_common(1)[0][0])

    gazetteer = {
        "source": f"{PACKAGE} {dist.version} ({dist.metadata.get('License') or 'MIT'} licence), data/dataset.db "
                  "and data/converter_2025.json, by tools/build_gazetteer.py",
        "fields": {
            "provinces": "code, name, type, aliases (today's 34)",
            "communes": "code, name, type, province code, aliases (today's 3,321)",
            "old_provinces": "code, name, type, today's province code",
            "old_districts": "code, name, type, old province code, aliases, today's province code",
            "old_communes": "code, name, type, old district code, aliases, today's commune codes (default first)",
        },
        "provinces": provinces, "communes": communes, "old_provinces": list(old_provinces.values()),
        "old_districts": list(old_districts.values()), "old_communes": old_communes,
    }
    payload = json.dumps(gazetteer, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    OUT.write_bytes(gzip.compress(payload, mtime=0))
    print(f"{OUT.relative_to(ROOT)}: {len(provinces)} provinces, {len(communes)} communes; before 2025-07-01: "
          f"{len(old_provinces)} provinces, {len(old_districts)} districts, {len(old_communes)} communes "
          f"({len(payload):,} bytes, {OUT.stat().st_size:,} compressed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
