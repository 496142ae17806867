"""Score the place and case-type tagger (crawler.tagging) on an annotated set of stories.

    python -m bench.tagging                       # every set under bench/tagging/
    python -m bench.tagging --set set-2           # one set
    python -m bench.tagging --set set-2 --misses  # and list what it got wrong (never on a set's first contact)

Each set-N/*.jsonl holds stories written by helpers who never saw the tagger (BRIEF.md), with the
provinces where the story happens (today's, main one first), the communes named as places of its events
and its case types. Scores:

- main province: the tagger's first province is the story's main one (a national story with none: the
  tagger says none). Baseline in the same run: the portal's own province, as a reader who filters by
  portal gets today.
- provinces: precision and recall of the set of provinces, over all stories (micro).
- communes: the communes named as places of events, matched by name (folded) and today's province.
- types: precision, recall and F1 per type, their macro average, the main type, the exact set.
- time: milliseconds per story (places and types), median over the set after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from crawler.tagging.cases import Taxonomy, case_tags  # noqa: E402
from crawler.tagging.gazetteer import key  # noqa: E402
from crawler.tagging.places import COMMUNE, EVENT, UNIT_WORDS, place_tags  # noqa: E402

HERE = Path(__file__).resolve().parent


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[str], got: set[str]) -> None:
        self.tp += len(gold & got)
        self.fp += len(got - gold)
        self.fn += len(gold - got)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    stories: int = 0
    main_province: int = 0
    baseline_main_province: int = 0
    provinces: Counts = field(default_factory=Counts)
    baseline_provinces: Counts = field(default_factory=Counts)
    communes: Counts = field(default_factory=Counts)
    types: dict[str, Counts] = field(default_factory=dict)
    by_province: dict[str, Counts] = field(default_factory=dict)
    main_type: int = 0
    exact_types: int = 0
    milliseconds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def commune_name(mention: str) -> str:
    """A commune mention without its unit word, as the sets write it: "xã Phước Thể" -> "phuocthe"."""
    words = mention.split()
    folded = [key(w) for w in words]
    for size in (2, 1):
        if tuple(folded[:size]) in UNIT_WORDS:
            return key(" ".join(words[size:]))
    if "." in words[0]:  # "P.An Hòa"
        return key(mention.split(".", 1)[1])
    return key(mention)


def load(set_dir: Path) -> list[dict]:
    stories = []
    for path in sorted(set_dir.glob("*.jsonl")):
        stories += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return stories


def score(stories: list[dict]) -> Score:
    s = Score()
    for type_id in Taxonomy.load().types:
        s.types[type_id] = Counts()
    for story in stories:
        published = date.fromisoformat(story["published"])
        started = time.perf_counter()
        places = place_tags(story["title"], story["lead"], story["body"], portal_province=story["portal_province"],
                            published=published)
        types = case_tags(story["title"], story["lead"], story["body"])
        s.milliseconds.append((time.perf_counter() - started) * 1000)
        s.stories += 1
        gold_provinces = story["provinces"]
        got_main = places.provinces[0] if places.provinces else None
        gold_main = gold_provinces[0] if gold_provinces else None
        s.main_province += got_main == gold_main
        portal = story["portal_province"]
        s.baseline_main_province += portal == gold_main
        s.provinces.add(set(gold_provinces), set(places.provinces))
        for province in set(gold_provinces) | set(places.provinces):
            s.by_province.setdefault(province, Counts()).add({province} & set(gold_provinces),
                                                             {province} & set(places.provinces))
        s.baseline_provinces.add(set(gold_provinces), {portal} if portal else set())
        gold_communes = {(key(c["mention"]), c["province"]) for c in story["communes"]}
        got_communes = {(commune_name(p.mention), p.province) for p in places.places
                        if p.level == COMMUNE and p.role == EVENT}
        s.communes.add(gold_communes, got_communes)
        gold_types, got_types = story["types"], [t.type for t in types]
        for type_id, counts in s.types.items():
            counts.add({type_id} & set(gold_types), {type_id} & set(got_types))
        s.main_type += bool(got_types) and got_types[0] == gold_types[0]
        s.exact_types += set(got_types) == set(gold_types)
        if got_main != gold_main or set(gold_provinces) != set(places.provinces) or set(got_types) != set(gold_types):
            s.misses.append(f"{story['id']}: provinces {gold_provinces} got {list(places.provinces)}; types "
                            f"{gold_types} got {got_types} ({', '.join(f'{t.type}:{t.score}' for t in types)})")
    return s


def report(name: str, s: Score) -> str:
    macro = statistics.mean(c.f1 for c in s.types.values())
    lines = [
        f"TAGGING {name}: {s.stories} stories",
        f"  main province       {s.main_province / s.stories:.3f}   (baseline, the portal's province: "
        f"{s.baseline_main_province / s.stories:.3f})",
        f"  provinces           P {s.provinces.precision:.3f}  R {s.provinces.recall:.3f}  F1 {s.provinces.f1:.3f}"
        f"   (baseline: P {s.baseline_provinces.precision:.3f}  R {s.baseline_provinces.recall:.3f}  "
        f"F1 {s.baseline_provinces.f1:.3f})",
        f"  communes            P {s.communes.precision:.3f}  R {s.communes.recall:.3f}  F1 {s.communes.f1:.3f}",
        f"  types macro F1      {macro:.3f}   main type {s.main_type / s.stories:.3f}   exact set "
        f"{s.exact_types / s.stories:.3f}",
    ]
    for type_id, c in s.types.items():
        lines.append(f"    {type_id:20} P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}  "
                     f"(gold {c.tp + c.fn}, tagged {c.tp + c.fp})")
    lines.append("  per province (P / R, gold stories):")
    shown = sorted(s.by_province.items(), key=lambda item: -(item[1].tp + item[1].fn))
    for row in range(0, len(shown), 3):
        lines.append("    " + "   ".join(f"{p:12} {c.precision:.2f}/{c.recall:.2f} ({c.tp + c.fn:>2})"
                                         for p, c in shown[row:row + 3]))
    lines.append(f"  time per story      {statistics.median(s.milliseconds):.2f} ms median, "
                 f"{max(s.milliseconds):.2f} ms slowest")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", help="a set folder under bench/tagging (default: every set-*)")
    parser.add_argument("--misses", action="store_true", help="list the stories it got wrong")
    args = parser.parse_args(argv)
    names = args.set or sorted(p.name for p in HERE.glob("set-*") if p.is_dir())
    place_tags("warm-up", None, ["xã Phước Thể"])
    case_tags("warm-up", None, [])
    for name in names:
        stories = load(HERE / name)
        if not stories:
            print(f"error: no stories in {HERE / name}", file=sys.stderr)
            return 2
        result = score(stories)
        print(report(name, result))
        if args.misses:
            print("\n".join(f"  miss {m}" for m in result.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
