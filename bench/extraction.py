"""Extraction quality and speed on the hand-annotated gold corpus, against trafilatura.

    python -m bench.extraction                          # every page under tests/gold, both systems
    python -m bench.extraction --family wordpress --pages
    python -m bench.extraction --no-trafilatura --json  # trafilatura is in the bench extra only

Pages: tests/gold/<family>/<slug>.html, annotated by hand in <slug>.json (see `annotation_problems`
for the format). Both systems get the same URL and the same HTML bytes. Main text is the lead plus
the body, because trafilatura does not separate the lead; it is scored by word F1 after `hash_key`
folding (case, tone-mark style, punctuation). tests/test_extraction_gate.py runs the same scoring
(crawler only, untimed) against the floors in tests/gold/floors.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from crawler.extract import extract, format_published
from crawler.text import clean_inline, hash_key

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold"
FLOORS_FILE = "floors.json"

FAMILIES = (
    "nukeviet-egov", "nukeviet-default", "aspnet-langson", "aspnet-other",  # with an extractor profile
    "sharepoint", "liferay", "wordpress", "modern-news", "joomla", "custom-php",  # without
)
# tests/holdout: families written after the extractor was tuned, never used to tune it.
HOLDOUT_FAMILIES = ("dotnetnuke", "vnpt-portal", "drupal", "bootstrap-custom", "blogspot")
KNOWN_FAMILIES = FAMILIES + HOLDOUT_FAMILIES
PROFILED_PREFIXES = ("nukeviet-", "aspnet-")
GROUPS = {
    "all": "All pages",
    "profiled": "Families with a profile (nukeviet-*, aspnet-*)",
    "unprofiled": "Families without a profile",
}
GOLD_KINDS = ("article", "non-article")
ARTICLE_MIN_CHARS = 300  # trafilatura has no page kind: this much main text counts as "article"
ROUNDS = 3
WORST = 5
VN = ZoneInfo("Asia/Ho_Chi_Minh")

_OPTIONAL_TEXT = ("title", "author", "source", "summary")
_TEXT_LISTS = ("body", "captions", "chrome")
REQUIRED_KEYS = ("url", "family", "kind", "published_at", *_OPTIONAL_TEXT, *_TEXT_LISTS)


class GoldError(Exception):
    """The gold corpus cannot be used: no directory, no pages, an unreadable or broken annotation."""


# --- the gold corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Gold:
    url: str
    family: str
    kind: str
    title: str | None
    published_at: str | None
    author: str | None
    source: str | None
    summary: str | None
    body: tuple[str, ...]
    captions: tuple[str, ...]
    chrome: tuple[str, ...]


@dataclass(frozen=True)
class GoldPage:
    slug: str
    html: bytes
    gold: Gold

    @property
    def name(self) -> str:
        return f"{self.gold.family}/{self.slug}"

    @property
    def url(self) -> str:
        return self.gold.url

    @property
    def is_article(self) -> bool:
        return self.gold.kind == "article"

    @property
    def profiled(self) -> bool:
        return self.gold.family.startswith(PROFILED_PREFIXES)

    @property
    def main_text(self) -> str:
        return main_text(self.gold.summary, self.gold.body)


def main_text(summary: str | None, body: Iterable[str]) -> str:
    return "\n".join([summary or "", *body])


def parse_published(value: str) -> date | datetime:
    """``YYYY-MM-DD`` or an ISO timestamp with its offset; ValueError otherwise."""
    if len(value) == 10:
        return date.fromisoformat(value)
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has a time but no UTC offset")
    return moment


def _is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value)


def _published_ok(value: object) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    try:
        parse_published(value)
    except ValueError:
        return False
    return True


def _type_problems(data: dict[str, Any]) -> list[str]:
    problems = []
    if not isinstance(data["url"], str) or not data["url"].startswith(("http://", "https://")):
        problems.append("url must be an http(s) URL")
    if data["kind"] not in GOLD_KINDS:
        problems.append(f"kind must be one of {', '.join(GOLD_KINDS)}, not {data['kind']!r}")
    problems += [f"{key} must be a string or null" for key in _OPTIONAL_TEXT
                 if data[key] is not None and not isinstance(data[key], str)]
    problems += [f"{key} must be a list of non-blank strings" for key in _TEXT_LISTS if not _is_text_list(data[key])]
    if not _published_ok(data["published_at"]):
        problems.append("published_at must be YYYY-MM-DD, an ISO timestamp with its offset, or null, "
                        f"not {data['published_at']!r}")
    return problems


def _article_problems(data: dict[str, Any]) -> list[str]:
    if data["kind"] != "article":
        return []
    problems = []
    if not (isinstance(data["title"], str) and data["title"].strip()):
        problems.append("an article needs a title")
    if not data["body"] and not data["summary"]:
        problems.append("an article needs a body or a summary")
    return problems


def annotation_problems(data: object, folder: str) -> list[str]:
    """What is wrong with one gold JSON (empty when nothing); ``folder`` is the family folder it sits in."""
    if not isinstance(data, dict):
        return ["not a JSON object"]
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        return [f"missing key{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"]
    problems = []
    if folder not in KNOWN_FAMILIES:
        problems.append(f"folder {folder!r} is not a known family ({', '.join(KNOWN_FAMILIES)})")
    if data["family"] != folder:
        problems.append(f"family is {data['family']!r} but the page sits in {folder}/")
    problems += _type_problems(data)
    return problems or _article_problems(data)


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: unreadable JSON ({exc})") from None


def load_page(json_path: Path) -> GoldPage:
    data = _read_json(json_path)
    problems = annotation_problems(data, json_path.parent.name)
    if problems:
        raise GoldError(f"{json_path}: " + "; ".join(problems))
    assert isinstance(data, dict)
    try:
        html = json_path.with_suffix(".html").read_bytes()
    except OSError:
        raise GoldError(f"{json_path}: no readable {json_path.stem}.html next to it") from None
    fields = {key: data[key] for key in REQUIRED_KEYS}
    fields.update({key: tuple(data[key]) for key in _TEXT_LISTS})
    return GoldPage(json_path.stem, html, Gold(**fields))


def annotation_files(gold_dir: Path) -> list[Path]:
    """Every gold JSON, sorted; floors.json at the top level is not a page."""
    return sorted(gold_dir.glob("*/*.json"))


def unannotated(gold_dir: Path, families: Sequence[str] = ()) -> list[Path]:
    """HTML pages without their JSON (not annotated yet)."""
    return [p for p in sorted(gold_dir.glob("*/*.html"))
            if not p.with_suffix(".json").exists() and (not families or p.parent.name in families)]


def load_gold(gold_dir: Path = GOLD_DIR, families: Sequence[str] = ()) -> list[GoldPage]:
    if not gold_dir.is_dir():
        raise GoldError(f"no gold directory at {gold_dir}")
    paths = [p for p in annotation_files(gold_dir) if not families or p.parent.name in families]
    if not paths:
        wanted = f" for {', '.join(families)}" if families else ""
        raise GoldError(f"no annotated gold pages{wanted} under {gold_dir}")
    return [load_page(path) for path in paths]


# --- the two systems ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """What one system made of one page, in comparable form."""

    title: str | None
    published: str | None  # "YYYY-MM-DD" or an ISO timestamp
    author: str | None
    text: str  # lead + body
    is_article: bool
    error: str | None = None


System = Callable[[GoldPage], Output]


def crawler_output(page: GoldPage) -> Output:
    article = extract(page.url, page.html)
    return Output(article.title, format_published(article.published_at), article.author,
                  main_text(article.summary, article.body), article.kind == "article")


def trafilatura_output(page: GoldPage) -> Output:
    import trafilatura

    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None:
        return Output(None, None, None, "", False)
    data: dict[str, Any] = doc if isinstance(doc, dict) else doc.as_dict()
    text = data.get("text") or ""
    return Output(data.get("title"), data.get("date"), data.get("author"), text, len(text) >= ARTICLE_MIN_CHARS)


def trafilatura_available() -> bool:
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def safe_output(system: System, page: GoldPage) -> Output:
    """A system that raises on a page gets everything wrong on it; the error is kept for the report."""
    try:
        return system(page)
    except Exception as exc:
        return Output(None, None, None, "", False, error=f"{type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class Run:
    outputs: list[Output]
    seconds: list[list[float]]  # per round, per page


def run_system(pages: Sequence[GoldPage], system: System, rounds: int = ROUNDS) -> Run:
    outputs: list[Output] = []
    seconds: list[list[float]] = []
    for _ in range(max(rounds, 1)):
        outputs, times = [], []
        for page in pages:
            started = time.perf_counter()
            outputs.append(safe_output(system, page))
            times.append(time.perf_counter() - started)
        seconds.append(times)
    return Run(outputs, seconds)


def pages_per_second(run: Run, indices: Sequence[int]) -> float | None:
    """Pages per second of the best round, over the given pages only."""
    if not indices:
        return None
    best = min(sum(times[i] for i in indices) for times in run.seconds)
    return len(indices) / best if best > 0 else None


# --- scoring one page --------------------------------------------------------------------------


def same_text(a: str | None, b: str | None) -> bool:
    return clean_inline(a or "") == clean_inline(b or "")


def day(value: str | None) -> str | None:
    return value[:10] if value else None


def to_minute(value: str | None) -> datetime | None:
    """An aware timestamp cut to the minute; None for a bare day, nothing or nonsense. Naive means Vietnam time."""
    if not value or len(value) <= 10:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN)
    return moment.replace(second=0, microsecond=0)


def token_f1(predicted: str, truth: str) -> float:
    p, t = Counter(hash_key(predicted).split()), Counter(hash_key(truth).split())
    if not p and not t:
        return 1.0
    common = sum((p & t).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def occurrences(key: str, text_key: str) -> int:
    """How often the word sequence ``key`` occurs in ``text_key`` (both hash keys), overlaps included."""
    return len(re.findall(f"(?= {re.escape(key)} )", f" {text_key} "))


def leaked(chrome: Iterable[str], predicted: str, truth: str) -> list[str]:
    """Gold chrome snippets found in the predicted main text more often than in the gold main text.

    A snippet that does not belong to the gold text (the usual case) leaks when it occurs at all;
    the comparison with the gold only keeps a snippet such as "Chia sẻ" from counting against a
    body that really says "chia sẻ".
    """
    predicted_key, truth_key = hash_key(predicted), hash_key(truth)
    out = []
    for snippet in chrome:
        key = hash_key(snippet)
        if key and occurrences(key, predicted_key) > occurrences(key, truth_key):
            out.append(snippet)
    return out


@dataclass(frozen=True)
class PageScore:
    """One page, one system. Fields that do not apply (non-article page, gold without a time) are None."""

    name: str
    profiled: bool
    title: bool | None
    date: bool | None
    time: bool | None
    author: bool | None
    f1: float | None
    leaks: tuple[str, ...]
    kind: bool
    error: str | None


def score_page(page: GoldPage, out: Output) -> PageScore:
    gold = page.gold
    leaks = tuple(leaked(gold.chrome, out.text, page.main_text))
    kind = out.is_article == page.is_article
    if not page.is_article:
        return PageScore(page.name, page.profiled, None, None, None, None, None, leaks, kind, out.error)
    gold_minute = to_minute(gold.published_at)
    return PageScore(
        name=page.name,
        profiled=page.profiled,
        title=same_text(out.title, gold.title),
        date=day(out.published) == day(gold.published_at),
        time=None if gold_minute is None else to_minute(out.published) == gold_minute,
        author=same_text(out.author, gold.author),
        f1=token_f1(out.text, page.main_text),
        leaks=leaks,
        kind=kind,
        error=out.error,
    )


def score_run(pages: Sequence[GoldPage], run: Run) -> list[PageScore]:
    return [score_page(page, out) for page, out in zip(pages, run.outputs, strict=True)]


def crawler_scores(pages: Sequence[GoldPage]) -> list[PageScore]:
    """This project's scores, one untimed round: what the gate test checks."""
    return score_run(pages, run_system(pages, crawler_output, rounds=1))


# --- figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    at_least: float | None = None
    at_most: float | None = None

    def describe(self) -> str:
        if self.key == "speed_ratio" and self.at_least is not None:
            return f">= {self.at_least:g}x"
        if self.at_least is not None:
            return f">= {self.at_least:g}"
        return f"{self.at_most:g}" if self.at_most is not None else ""

    def missed(self, value: float | None) -> bool:
        if value is None:
            return False
        if self.at_least is not None and value < self.at_least:
            return True
        return self.at_most is not None and value > self.at_most


TARGETS = (
    Target("title", "title accuracy", at_least=0.99),
    Target("date", "date accuracy (day)", at_least=0.98),
    Target("time", "time accuracy (HH:MM)", at_least=0.97),
    Target("author", "author accuracy", at_least=0.95),
    Target("body_f1", "body token F1 (macro)", at_least=0.99),
    Target("chrome_leaks", "chrome leaks (snippets)", at_most=0),
    Target("leak_pages", "pages with a chrome leak", at_most=0),
    Target("kind", "article/non-article", at_least=0.99),
    Target("pages_per_s", "pages per second"),
    Target("speed_ratio", "speed crawler/trafilatura", at_least=3.0),
)
TARGET_BY_KEY = {target.key: target for target in TARGETS}
Figures = dict[str, float | int | None]


def share(values: Iterable[bool | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def figures(scores: Sequence[PageScore]) -> Figures:
    f1s = [s.f1 for s in scores if s.f1 is not None]
    return {
        "title": share(s.title for s in scores),
        "date": share(s.date for s in scores),
        "time": share(s.time for s in scores),
        "author": share(s.author for s in scores),
        "body_f1": statistics.fmean(f1s) if f1s else None,
        "chrome_leaks": sum(len(s.leaks) for s in scores),
        "leak_pages": sum(bool(s.leaks) for s in scores),
        "kind": share(s.kind for s in scores),
    }


def worst_pages(scores: Sequence[PageScore], n: int = WORST) -> list[tuple[str, float]]:
    rated = sorted((s.f1, s.name) for s in scores if s.f1 is not None)
    return [(name, f1) for f1, name in rated[:n]]


def in_group(page: GoldPage, group: str) -> bool:
    return group == "all" or page.profiled == (group == "profiled")


@dataclass
class SystemResult:
    name: str
    run: Run
    scores: list[PageScore]


def group_figures(pages: Sequence[GoldPage], results: Sequence[SystemResult], group: str) -> dict[str, Any]:
    indices = [i for i, page in enumerate(pages) if in_group(page, group)]
    entry: dict[str, Any] = {
        "pages": len(indices),
        "articles": sum(pages[i].is_article for i in indices),
        "with_time": sum(pages[i].is_article and to_minute(pages[i].gold.published_at) is not None for i in indices),
    }
    for result in results:
        numbers = figures([result.scores[i] for i in indices])
        numbers["pages_per_s"] = pages_per_second(result.run, indices)
        entry[result.name] = numbers
    entry["speed_ratio"] = _ratio(entry, results)
    return entry


def _ratio(entry: dict[str, Any], results: Sequence[SystemResult]) -> float | None:
    if len(results) < 2:
        return None
    ours, theirs = (entry[r.name]["pages_per_s"] for r in results[:2])
    return ours / theirs if ours and theirs else None


# --- output ------------------------------------------------------------------------------------

MISS = "✗"
LABEL_WIDTH = 30
COLUMN_WIDTH = 13


def format_value(key: str, value: float | int | None) -> str:
    if value is None:
        return "n/a"
    if key in ("chrome_leaks", "leak_pages"):
        return str(value)
    if key == "pages_per_s":
        return f"{value:.0f}"
    if key == "speed_ratio":
        return f"{value:.2f}x"
    return f"{value:.3f}"


def cell(key: str, value: float | int | None) -> str:
    mark = f" {MISS}" if TARGET_BY_KEY[key].missed(value) else "  "
    return f"{format_value(key, value)}{mark}".rjust(COLUMN_WIDTH)


def row(target: Target, entry: dict[str, Any], systems: Sequence[str]) -> str | None:
    if target.key == "speed_ratio":
        if len(systems) < 2:
            return None
        cells = cell(target.key, entry["speed_ratio"]) + " " * COLUMN_WIDTH * (len(systems) - 1)
    else:
        cells = "".join(cell(target.key, entry[name][target.key]) for name in systems)
    return f"{target.label:<{LABEL_WIDTH}}{cells}  {target.describe()}"


def table(title: str, entry: dict[str, Any], systems: Sequence[str]) -> list[str]:
    counts = f"{entry['pages']} pages, {entry['articles']} articles, {entry['with_time']} with a publish time"
    header = f"{'figure':<{LABEL_WIDTH}}" + "".join(f"{name:>{COLUMN_WIDTH}}" for name in systems) + "  target"
    rows = [row(target, entry, systems) for target in TARGETS]
    return [f"{title}: {counts}", header, "-" * len(header), *(r for r in rows if r is not None)]


def footnotes(systems: Sequence[str]) -> list[str]:
    notes = [
        f"{MISS} = misses its target. Title, date, time, author and body F1 are over article pages (gold kind).",
        "title, author: exact after clean_inline; null right only against null. date: the publish day; null right "
        "only against null.",
        "time: publish time right to the minute, on articles whose gold has one.",
        "body F1: word F1 (hash_key words as multisets) of lead + body, macro mean over pages.",
        "chrome leaks: gold chrome snippets (all pages) whose hash_key words occur in the main text (more often "
        "than in the gold main text).",
        f"pages per second: best of {ROUNDS} runs over the selected pages.",
    ]
    if "trafilatura" in systems:
        notes += [
            "trafilatura: main text = its text; its date is a day only, so its time is always wrong.",
            f"trafilatura has no page kind: it counts as \"article\" when its text has >= {ARTICLE_MIN_CHARS} "
            "characters.",
        ]
    return [f"  * {note}" for note in notes]


def worst_lines(results: Sequence[SystemResult]) -> list[str]:
    lines = []
    for result in results:
        worst = worst_pages(result.scores)
        listed = ", ".join(f"{name} {f1:.3f}" for name, f1 in worst) or "none"
        lines.append(f"{WORST} lowest body F1 ({result.name}): {listed}")
    return lines


def flag(value: bool | None) -> str:
    return "-" if value is None else ("ok" if value else "NO")


PAGE_COLUMNS = (("title", 5), ("date", 4), ("time", 4), ("author", 6), ("F1", 6), ("leaks", 5), ("kind", 4))


def page_line(score: PageScore, width: int) -> str:
    f1 = "-" if score.f1 is None else f"{score.f1:.3f}"
    values = (flag(score.title), flag(score.date), flag(score.time), flag(score.author), f1, str(len(score.leaks)),
              flag(score.kind))
    line = f"{score.name:<{width}}" + "".join(f" {v:>{w}}" for v, (_, w) in zip(values, PAGE_COLUMNS, strict=True))
    if score.error:
        line += f"  raised {score.error}"
    if score.leaks:
        line += "  leaked: " + " | ".join(_short(s) for s in score.leaks)
    return line


def _short(text: str, width: int = 40) -> str:
    text = clean_inline(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def page_lines(result: SystemResult) -> list[str]:
    label = f"page ({result.name})"
    width = max(len(label), *(len(s.name) for s in result.scores))
    header = f"{label:<{width}}" + "".join(f" {name:>{w}}" for name, w in PAGE_COLUMNS)
    return [header, "-" * len(header), *(page_line(s, width) for s in result.scores)]


def report_text(pages: Sequence[GoldPage], results: Sequence[SystemResult], show_pages: bool) -> str:
    systems = [r.name for r in results]
    lines: list[str] = []
    for group, title in GROUPS.items():
        entry = group_figures(pages, results, group)
        if entry["pages"] or group == "all":
            lines += [*table(title, entry, systems), ""]
    lines += [*worst_lines(results), "", *footnotes(systems)]
    if show_pages:
        for result in results:
            lines += ["", *page_lines(result)]
    return "\n".join(lines)


def report_json(gold_dir: Path, pages: Sequence[GoldPage], results: Sequence[SystemResult],
                show_pages: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "gold": str(gold_dir),
        "targets": {t.key: t.describe() for t in TARGETS if t.describe()},
        "groups": {group: group_figures(pages, results, group) for group in GROUPS},
        "worst": {r.name: [{"page": n, "f1": f} for n, f in worst_pages(r.scores)] for r in results},
    }
    if show_pages:
        data["pages"] = {r.name: [_page_json(s) for s in r.scores] for r in results}
    return data


def _page_json(score: PageScore) -> dict[str, Any]:
    return {"page": score.name, "title": score.title, "date": score.date, "time": score.time,
            "author": score.author, "f1": score.f1, "leaks": list(score.leaks), "kind": score.kind,
            "error": score.error}


# --- command line ------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="gold corpus directory (default: tests/gold)")
    parser.add_argument("--family", action="extend", nargs="+", default=[], choices=KNOWN_FAMILIES,
                        metavar="F", help=f"only these families ({', '.join(KNOWN_FAMILIES)})")
    parser.add_argument("--no-trafilatura", action="store_true", help="score this project only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--pages", action="store_true", help="add one line per page and system")
    return parser.parse_args(argv)


def quiet_logs() -> None:
    for name in ("trafilatura", "htmldate", "courlan", "justext", "crawler"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def warn_about(gold_dir: Path, families: Sequence[str], results: Sequence[SystemResult]) -> None:
    for path in unannotated(gold_dir, families):
        print(f"note: {path.relative_to(gold_dir)} has no JSON yet; skipped", file=sys.stderr)
    for result in results:
        for score in result.scores:
            if score.error:
                print(f"warning: {result.name} raised on {score.name}: {score.error}", file=sys.stderr)


def systems_to_run(no_trafilatura: bool) -> list[tuple[str, System]]:
    systems: list[tuple[str, System]] = [("crawler", crawler_output)]
    if no_trafilatura:
        print("note: trafilatura skipped (--no-trafilatura); crawler figures only", file=sys.stderr)
    elif not trafilatura_available():
        print("note: trafilatura is not installed (pip install -e '.[bench]'); crawler figures only", file=sys.stderr)
    else:
        systems.append(("trafilatura", trafilatura_output))
    return systems


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        pages = load_gold(args.gold, args.family)
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    quiet_logs()
    results = []
    for name, system in systems_to_run(args.no_trafilatura):
        run = run_system(pages, system)
        results.append(SystemResult(name, run, score_run(pages, run)))
    warn_about(args.gold, args.family, results)
    if args.json:
        print(json.dumps(report_json(args.gold, pages, results, args.pages), ensure_ascii=False, indent=2))
    else:
        print(report_text(pages, results, args.pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
