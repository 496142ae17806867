"""Quality gate on the gold corpus: this project's extraction figures may not fall below their floors.

The figures come from the benchmark's own scoring (bench/extraction.py, crawler only, untimed);
the floors live in tests/gold/floors.json and are raised by hand as the extractor improves.
To see which pages pull a figure down: python -m bench.extraction --no-trafilatura --pages
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

try:
    from bench import extraction as bench
except ModuleNotFoundError:  # plain `pytest` puts tests/ on sys.path, `python -m pytest` the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench import extraction as bench

GOLD = bench.GOLD_DIR
FLOORS_PATH = GOLD / bench.FLOORS_FILE
# floors.json key -> (figure, the figure must be at least the floor (True) or at most it (False))
FLOORS: dict[str, tuple[str, bool]] = {
    "title": ("title", True),
    "date": ("date", True),
    "time": ("time", True),
    "author": ("author", True),
    "body_f1": ("body_f1", True),
    "kind": ("kind", True),
    "chrome_leaks_max": ("chrome_leaks", False),
}
ANNOTATIONS = bench.annotation_files(GOLD) if GOLD.is_dir() else []


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _shown(path: Path) -> str:
    return str(path.relative_to(bench.ROOT)) if path.is_relative_to(bench.ROOT) else str(path)


def load_floors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FLOORS_PATH.read_text(encoding="utf-8"))
    return data


def floor_misses(measured: bench.Figures, floors: dict[str, Any]) -> list[str]:
    misses = []
    for key, (figure, at_least) in FLOORS.items():
        value, floor = measured[figure], floors[key]
        if value is None:
            misses.append(f"{figure}: nothing to measure (no page it applies to), floor {floor}")
        elif (value < floor) if at_least else (value > floor):
            relation = "below its floor" if at_least else "above its maximum"
            misses.append(f"{figure}: {bench.format_value(figure, value)} is {relation} {floor}")
    return misses


@pytest.fixture(scope="module")
def scores() -> list[bench.PageScore]:
    try:
        pages = bench.load_gold(GOLD)
    except bench.GoldError as exc:
        pytest.fail(f"the gold corpus cannot be read: {exc}")
    return bench.crawler_scores(pages)


def test_figures_meet_their_floors(scores: list[bench.PageScore]) -> None:
    misses = floor_misses(bench.figures(scores), load_floors())
    assert not misses, (
        f"extraction figures that miss their floors in {_shown(FLOORS_PATH)}:\n  "
        + "\n  ".join(misses)
        + "\nsee the pages with: python -m bench.extraction --no-trafilatura --pages"
    )


def test_held_out_families_meet_the_same_floors() -> None:
    """tests/holdout: five families written after the extractor was tuned (see docs/benchmarks.md)."""
    holdout = bench.ROOT / "tests" / "holdout"
    misses = floor_misses(bench.figures(bench.crawler_scores(bench.load_gold(holdout))), load_floors())
    assert not misses, "held-out figures that miss their floors:\n  " + "\n  ".join(misses)


def test_the_extractor_raises_on_no_gold_page(scores: list[bench.PageScore]) -> None:
    raised = [f"{s.name}: {s.error}" for s in scores if s.error]
    assert not raised, "extract() raised on:\n  " + "\n  ".join(raised)


def test_floors_file_names_every_floor() -> None:
    floors = load_floors()
    assert set(floors) == set(FLOORS), f"floors.json keys must be exactly: {', '.join(FLOORS)}"
    for key, value in floors.items():
        assert isinstance(value, int | float) and not isinstance(value, bool), f"{key}: {value!r} is not a number"
        upper = float("inf") if key == "chrome_leaks_max" else 1
        assert 0 <= value <= upper, f"{key}: {value} is out of range"


@pytest.mark.parametrize("family", bench.FAMILIES)
def test_family_has_gold_pages(family: str) -> None:
    pages = sorted((GOLD / family).glob("*.json"))
    assert pages, f"no annotated gold page for family {family} under {GOLD / family}"


@pytest.mark.parametrize("path", ANNOTATIONS, ids=_id)
def test_annotation_is_well_formed(path: Path) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        pytest.fail(f"{_id(path)}: unreadable JSON: {exc}")
    problems = bench.annotation_problems(data, path.parent.name)
    if not path.with_suffix(".html").is_file():
        problems.append(f"no {path.stem}.html next to it")
    assert not problems, f"{_id(path)}:\n  " + "\n  ".join(problems)


def test_every_gold_page_is_annotated() -> None:
    missing = [_id(path) for path in bench.unannotated(GOLD)] if GOLD.is_dir() else []
    assert not missing, "HTML without its JSON annotation: " + ", ".join(missing)


def test_no_stray_files_in_the_gold_corpus() -> None:
    folders = [p.name for p in GOLD.iterdir() if p.is_dir() and not p.name.startswith(".")] if GOLD.is_dir() else []
    unknown = sorted(set(folders) - set(bench.FAMILIES))
    assert not unknown, f"gold folders that are not families: {', '.join(unknown)} (known: {', '.join(bench.FAMILIES)})"


@pytest.mark.parametrize("order", bench.ORDERS)
def test_speed_runs_read_every_page_with_every_system_in_the_order_asked(order: str) -> None:
    pages = bench.load_gold(GOLD)[:3]
    seen: list[tuple[str, str]] = []

    def system(name: str) -> bench.System:
        def run(page: bench.GoldPage) -> bench.Output:
            seen.append((name, page.name))
            return bench.Output(None, None, None, "", False)
        return run

    runs = bench.run_systems(pages, [("a", system("a")), ("b", system("b"))], rounds=2, order=order)
    assert all(len(runs[name].seconds) == 2 and len(runs[name].outputs) == 3 for name in ("a", "b"))
    first_round = seen[:6]
    if order == "page":
        assert first_round == [(n, p.name) for p in pages for n in ("a", "b")]
    else:
        assert first_round == [(n, p.name) for n in ("a", "b") for p in pages]
