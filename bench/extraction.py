"""Extraction quality and speed on the hand-annotated gold corpus, against trafilatura.

    python -m bench.extraction                          # every page under tests/gold, both systems
    python -m bench.extraction --family wordpress --pages
    python -m bench.extraction --no-trafilatura --json  # trafilatura is in the bench extra only
    python -m bench.extraction --gold bench/corpora/blind-1 # any corpus laid out the same way
    python -m bench.extraction --generic --by-family    # the generic extractor alone, family by family
    python -m bench.extraction --hash-attrs             # every class and id value replaced by a hash
    python -m bench.extraction --order system           # speed with each system reading all pages in a row

Pages: tests/gold/<family>/<slug>.html, annotated by hand in <slug>.json (see `annotation_problems`
for the format; an optional "fetched_at" gives the moment the page was saved, which a header clock
shows and which the extractor gets as the fetch time). Every system gets the same URL and the same
HTML bytes. Main text is the lead plus
the body, because trafilatura does not separate the lead; it is scored by word F1 after `hash_key`
folding (case, tone-mark style, punctuation). tests/test_extraction_gate.py runs the same scoring
(crawler only, untimed) against the floors in tests/gold/floors.json.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import logging
import math
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

from crawler.core.text import clean_inline, hash_key
from crawler.extract import extract, format_published

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
GROUPS = {
    "all": "All pages",
    "profiled": "Pages this project read with a family profile (NukeViet, ASP.NET)",
    "unprofiled": "Pages read by the generic extractor",
}
GOLD_KINDS = ("article", "non-article")
ARTICLE_MIN_CHARS = 300  # trafilatura has no page kind: this much main text counts as "article"
ROUNDS = 5
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
    fetched_at: datetime | None = None


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


def _parse_moment(value: str) -> date | datetime | None:
    try:
        return parse_published(value)
    except ValueError:
        return None


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
    fetched = data.get("fetched_at")
    if fetched is not None and (not isinstance(fetched, str) or not isinstance(_parse_moment(fetched), datetime)):
        problems.append(f"fetched_at must be an ISO timestamp with its offset, not {fetched!r}")
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


def annotation_problems(data: object, folder: str, known: Sequence[str] | None = KNOWN_FAMILIES) -> list[str]:
    """What is wrong with one gold JSON (empty when nothing); ``folder`` is the family folder it sits in.

    ``known`` lists the family folders allowed (None: any folder name is a family, as in a blind corpus)."""
    if not isinstance(data, dict):
        return ["not a JSON object"]
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        return [f"missing key{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"]
    problems = []
    if known is not None and folder not in known:
        problems.append(f"folder {folder!r} is not a known family ({', '.join(known)})")
    if data["family"] != folder:
        problems.append(f"family is {data['family']!r} but the page sits in {folder}/")
    problems += _type_problems(data)
    return problems or _article_problems(data)


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: unreadable JSON ({exc})") from None


def load_page(json_path: Path, known: Sequence[str] | None = KNOWN_FAMILIES) -> GoldPage:
    data = _read_json(json_path)
    problems = annotation_problems(data, json_path.parent.name, known)
    if problems:
        raise GoldError(f"{json_path}: " + "; ".join(problems))
    assert isinstance(data, dict)
    try:
        html = json_path.with_suffix(".html").read_bytes()
    except OSError:
        raise GoldError(f"{json_path}: no readable {json_path.stem}.html next to it") from None
    fields = {key: data[key] for key in REQUIRED_KEYS}
    fields.update({key: tuple(data[key]) for key in _TEXT_LISTS})
    fetched = data.get("fetched_at")
    fields["fetched_at"] = parse_published(fetched) if fetched else None
    return GoldPage(json_path.stem, html, Gold(**fields))


def known_families(gold_dir: Path) -> tuple[str, ...] | None:
    """The corpora under tests/ hold only the named families; any other corpus names its own."""
    return KNOWN_FAMILIES if gold_dir.resolve().parent == (ROOT / "tests").resolve() else None


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
    known = known_families(gold_dir)
    return [load_page(path, known) for path in paths]


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
    # The profile that read the page (this project only).
    profile: str | None = None
    # The fields this system is scored on; None: all of them (htmldate gives a date only).
    scored: frozenset[str] | None = None


System = Callable[[GoldPage], Output]
DATE_ONLY = frozenset({"date", "time"})


def _takes_fetch_time() -> bool:
    """Whether this checkout's extract() takes the fetch time (older ones did not)."""
    return "fetched_at" in inspect.signature(extract).parameters


def crawler_system(profile: str = "auto") -> System:
    """This project's extractor; ``profile="generic"`` reads every page without a family profile."""
    with_fetch_time = _takes_fetch_time()

    def run(page: GoldPage) -> Output:
        kwargs: dict[str, Any] = {"profile": profile}
        if with_fetch_time and page.gold.fetched_at is not None:
            kwargs["fetched_at"] = page.gold.fetched_at
        article = extract(page.url, page.html, **kwargs)
        return Output(article.title, format_published(article.published_at), article.author,
                      main_text(article.summary, article.body), article.kind == "article", profile=article.profile)

    return run


crawler_output = crawler_system()


def trafilatura_system(**options: Any) -> System:
    """trafilatura as a news monitor calls it: ``bare_extraction`` with metadata, the article's text without its
    comments and tables (trafilatura keeps both by default), with the given options."""

    def run(page: GoldPage) -> Output:
        import trafilatura

        doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True, include_comments=False,
                                          include_tables=False, **options)
        if doc is None:
            return Output(None, None, None, "", False)
        data: dict[str, Any] = doc if isinstance(doc, dict) else doc.as_dict()
        text = data.get("text") or ""
        return Output(data.get("title"), data.get("date"), data.get("author"), text,
                      len(text) >= ARTICLE_MIN_CHARS)

    return run


trafilatura_output = trafilatura_system()


def htmldate_output(page: GoldPage) -> Output:
    """htmldate on its own, asked for the original (publication) date with its time of day.

    htmldate writes 00:00:00 when it found a day without a time: that is read as a bare day,
    so a missing time is not scored as a wrong one.
    """
    from htmldate import find_date

    found = find_date(page.html.decode("utf-8", "replace"), url=page.url, original_date=True,
                      extensive_search=True, outputformat="%Y-%m-%dT%H:%M:%S")
    published = None
    if found:
        published = found[:10] if found.endswith("T00:00:00") or len(found) <= 10 else found + "+07:00"
    return Output(None, published, None, "", False, scored=DATE_ONLY)


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
    return run_systems(pages, [("system", system)], rounds)["system"]


ORDERS = ("page", "system")


def run_systems(
    pages: Sequence[GoldPage], systems: Sequence[tuple[str, System]], rounds: int = ROUNDS, order: str = "page"
) -> dict[str, Run]:
    """`run_system` for several systems at once. With ``order="page"`` (the measure) each page is read by every
    system in turn, so a slow spell of a shared machine falls on all of them alike, not on whichever ran then.
    With ``order="system"`` each system reads every page of a round before the next system starts, as a crawler
    runs one extractor page after page: nothing else passes through the processor's caches in between."""
    outputs: dict[str, list[Output]] = {name: [] for name, _ in systems}
    seconds: dict[str, list[list[float]]] = {name: [] for name, _ in systems}
    for _ in range(max(rounds, 1)):
        times: dict[str, list[float]] = {name: [] for name, _ in systems}
        outputs = {name: [] for name, _ in systems}
        if order == "system":
            sequence = [(page, name, system) for name, system in systems for page in pages]
        else:
            sequence = [(page, name, system) for page in pages for name, system in systems]
        for page, name, system in sequence:
            started = time.perf_counter()
            outputs[name].append(safe_output(system, page))
            times[name].append(time.perf_counter() - started)
        for name, _ in systems:
            seconds[name].append(times[name])
    return {name: Run(outputs[name], seconds[name]) for name, _ in systems}


def pages_per_second(run: Run, indices: Sequence[int]) -> float | None:
    """Pages per second over the given pages, each page at its best round: on a shared machine a pause
    lands on some page of every round, and the sum of each page's fastest reading is what the code costs
    (timeit's rule, applied to every system alike)."""
    if not indices:
        return None
    best = sum(min(times[i] for times in run.seconds) for i in indices)
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


_AUTHOR_LABEL = re.compile(r"^\s*(?:tác giả|bài(?: và|,)? ảnh|bài|người viết|bởi|by|theo|pv)\s*[:.\-]?\s*",
                           re.IGNORECASE)
_TITLE_SUFFIX = re.compile(r"\s+[-|–—:»]\s+[^-|–—:»]+$")


def lenient_title(predicted: str | None, truth: str | None) -> bool:
    """Title right once a site-name suffix ("… - Công an tỉnh X", "… | Báo Y") is ignored."""
    if same_text(predicted, truth):
        return True
    if not predicted or not truth:
        return False
    return hash_key(_TITLE_SUFFIX.sub("", predicted)) == hash_key(truth)


_AUTHOR_EXTRAS = re.compile(r"\s*\([^()]*\)\s*$|\s*/\s*PV\s*$", re.IGNORECASE)


def lenient_author(predicted: str | None, truth: str | None) -> bool:
    """Author right once labels ("Tác giả:", "Bởi", "By", "Theo"), case, a unit in brackets after the name
    and a "/PV" (reporter) suffix are ignored: the annotators of different corpora wrote those differently."""
    if same_text(predicted, truth):
        return True
    if not predicted or not truth:
        return False

    def core(name: str) -> str:
        return hash_key(_AUTHOR_EXTRAS.sub("", _AUTHOR_LABEL.sub("", name)))

    return core(predicted) == core(truth)


@dataclass(frozen=True)
class PageScore:
    """One page, one system. Fields that do not apply (non-article page, gold without a time, a field
    the system does not give) are None."""

    name: str
    profiled: bool
    title: bool | None
    date: bool | None
    time: bool | None
    author: bool | None
    f1: float | None
    leaks: tuple[str, ...]
    kind: bool | None
    error: str | None
    title_lenient: bool | None = None
    author_lenient: bool | None = None
    # The published day is the fetch day while the gold says otherwise: a header clock was taken.
    clock: bool | None = None


def _clock(page: GoldPage, out: Output) -> bool | None:
    fetched = page.gold.fetched_at
    if fetched is None or not out.published:
        return None if fetched is None else False
    fetch_day = fetched.astimezone(VN).date().isoformat()
    return day(out.published) == fetch_day != day(page.gold.published_at)


def score_page(page: GoldPage, out: Output) -> PageScore:
    gold = page.gold
    profiled = out.profile is not None and out.profile != "generic"
    if out.scored is not None:
        return _score_fields(page, out, out.scored, profiled)
    leaks = tuple(leaked(gold.chrome, out.text, page.main_text))
    kind = out.is_article == page.is_article
    if not page.is_article:
        return PageScore(page.name, profiled, None, None, None, None, None, leaks, kind, out.error)
    gold_minute = to_minute(gold.published_at)
    return PageScore(
        name=page.name,
        profiled=profiled,
        title=same_text(out.title, gold.title),
        date=day(out.published) == day(gold.published_at),
        time=None if gold_minute is None else to_minute(out.published) == gold_minute,
        author=same_text(out.author, gold.author),
        f1=token_f1(out.text, page.main_text),
        leaks=leaks,
        kind=kind,
        error=out.error,
        title_lenient=lenient_title(out.title, gold.title),
        author_lenient=lenient_author(out.author, gold.author),
        clock=_clock(page, out),
    )


def _score_fields(page: GoldPage, out: Output, scored: frozenset[str], profiled: bool) -> PageScore:
    """A system that gives only some fields (htmldate: the date) is scored on those alone."""
    gold = page.gold
    if not page.is_article or not scored <= DATE_ONLY:
        return PageScore(page.name, profiled, None, None, None, None, None, (), None, out.error)
    gold_minute = to_minute(gold.published_at)
    return PageScore(
        name=page.name, profiled=profiled, title=None, date=day(out.published) == day(gold.published_at),
        time=None if gold_minute is None else to_minute(out.published) == gold_minute,
        author=None, f1=None, leaks=(), kind=None, error=out.error, clock=_clock(page, out),
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
        if self.key.startswith("speed_") and self.at_least is not None:
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
    Target("title_lenient", "title, site suffix ignored"),
    Target("date", "date accuracy (day)", at_least=0.98),
    Target("time", "time accuracy (HH:MM)", at_least=0.95),
    Target("clock_dates", "dates taken from the fetch day", at_most=0),
    Target("author", "author accuracy", at_least=0.95),
    Target("author_lenient", "author, labels/case ignored"),
    Target("body_f1", "body token F1 (macro)", at_least=0.99),
    Target("chrome_leaks", "chrome leaks (snippets)", at_most=0),
    Target("leak_pages", "pages with a chrome leak", at_most=0),
    Target("kind", "article/non-article", at_least=0.99),
    Target("pages_per_s", "pages per second"),
    Target("speed_ratio", "speed crawler/trafilatura", at_least=3.0),
    # The same on the article pages alone: a page whose address or title names it as no article is read no
    # further than its title and category, so the mix of pages moves the ratio above.
    Target("speed_articles", "speed on articles alone"),
)
TARGET_BY_KEY = {target.key: target for target in TARGETS}
Figures = dict[str, float | int | None]


def share(values: Iterable[bool | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def figures(scores: Sequence[PageScore]) -> Figures:
    f1s = [s.f1 for s in scores if s.f1 is not None]
    texts = any(s.kind is not None for s in scores)  # a date-only system has no text to leak
    clocks = [s.clock for s in scores if s.clock is not None]
    return {
        "title": share(s.title for s in scores),
        "title_lenient": share(s.title_lenient for s in scores),
        "date": share(s.date for s in scores),
        "time": share(s.time for s in scores),
        "author": share(s.author for s in scores),
        "author_lenient": share(s.author_lenient for s in scores),
        "body_f1": statistics.fmean(f1s) if f1s else None,
        "chrome_leaks": sum(len(s.leaks) for s in scores) if texts else None,
        "leak_pages": sum(bool(s.leaks) for s in scores) if texts else None,
        "kind": share(s.kind for s in scores),
        "clock_dates": sum(clocks) if clocks else None,
    }


# Figures that are shares of pages: they get a 95% Wilson interval.
PROPORTIONS = ("title", "title_lenient", "date", "time", "author", "author_lenient", "kind")


def wilson(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion (successes out of n)."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def intervals(scores: Sequence[PageScore]) -> dict[str, tuple[int, int, float, float]]:
    """For each proportion: (right, pages it applies to, interval low, interval high)."""
    out = {}
    for key in PROPORTIONS:
        known = [getattr(s, key) for s in scores if getattr(s, key) is not None]
        if known:
            right = sum(known)
            out[key] = (right, len(known), *wilson(right, len(known)))
    return out


def worst_pages(scores: Sequence[PageScore], n: int = WORST) -> list[tuple[str, float]]:
    rated = sorted((s.f1, s.name) for s in scores if s.f1 is not None)
    return [(name, f1) for f1, name in rated[:n]]


def in_group(index: int, group: str, results: Sequence[SystemResult]) -> bool:
    """Groups follow the profile that really read the page (this project's run comes first)."""
    if group == "all":
        return True
    if group.startswith("family:"):
        return results[0].scores[index].name.split("/", 1)[0] == group[len("family:"):]
    return results[0].scores[index].profiled == (group == "profiled")


@dataclass
class SystemResult:
    name: str
    run: Run
    scores: list[PageScore]


def group_figures(pages: Sequence[GoldPage], results: Sequence[SystemResult], group: str) -> dict[str, Any]:
    indices = [i for i in range(len(pages)) if in_group(i, group, results)]
    entry: dict[str, Any] = {
        "pages": len(indices),
        "articles": sum(pages[i].is_article for i in indices),
        "with_time": sum(pages[i].is_article and to_minute(pages[i].gold.published_at) is not None for i in indices),
    }
    for result in results:
        chosen = [result.scores[i] for i in indices]
        numbers: dict[str, Any] = dict(figures(chosen))
        numbers["pages_per_s"] = pages_per_second(result.run, indices)
        numbers["intervals"] = intervals(chosen)
        entry[result.name] = numbers
    entry["speed_ratio"] = _ratio(results, indices)
    entry["speed_articles"] = _ratio(results, [i for i in indices if pages[i].is_article])
    return entry


def _ratio(results: Sequence[SystemResult], indices: Sequence[int]) -> float | None:
    """This project's speed over the first other system's on the given pages."""
    if len(results) < 2:
        return None
    ours, theirs = (pages_per_second(r.run, indices) for r in results[:2])
    return ours / theirs if ours and theirs else None


# --- output ------------------------------------------------------------------------------------

MISS = "✗"
LABEL_WIDTH = 30
COLUMN_WIDTH = 18


def format_value(key: str, value: float | int | None) -> str:
    if value is None:
        return "n/a"
    if key in ("chrome_leaks", "leak_pages", "clock_dates"):
        return str(value)
    if key == "pages_per_s":
        return f"{value:.0f}"
    if key.startswith("speed_"):
        return f"{value:.2f}x"
    return f"{value:.3f}"


def cell(key: str, value: float | int | None) -> str:
    mark = f" {MISS}" if TARGET_BY_KEY[key].missed(value) else "  "
    return f"{format_value(key, value)}{mark}".rjust(COLUMN_WIDTH)


def row(target: Target, entry: dict[str, Any], systems: Sequence[str]) -> str | None:
    if target.key.startswith("speed_"):
        if len(systems) < 2:
            return None
        cells = cell(target.key, entry[target.key]) + " " * COLUMN_WIDTH * (len(systems) - 1)
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
        "title/author lenient: a site-name suffix after a separator, byline labels (Tác giả:, Bởi, By, Theo), "
        "case, a unit in brackets after the name and a /PV suffix ignored.",
        "dates taken from the fetch day: articles dated on the day the page was saved (gold fetched_at) while "
        "the gold date is another day: a header clock or other chrome taken for the publication date.",
        "body F1: word F1 (hash_key words as multisets) of lead + body, macro mean over pages.",
        "chrome leaks: gold chrome snippets (all pages) whose hash_key words occur in the main text (more often "
        "than in the gold main text).",
        f"pages per second: each page at its best of {ROUNDS} runs, over the selected pages.",
        "speed on articles alone: the ratio over the gold articles only (the extractor stops after the title and "
        "category on a page whose address or title names it as no article).",
    ]
    if "htmldate" in systems:
        notes.append("htmldate: find_date(original_date=True, extensive_search=True) with a time output format; "
                     "00:00:00 counts as a bare day. Scored on date and time only.")
    if "trafilatura" in systems:
        notes += [
            "trafilatura: bare_extraction with metadata, comments and tables left out (include_comments=False, "
            "include_tables=False; trafilatura-prec: favor_precision=True too); main text = its text; its date is "
            "a day only, so its time is always wrong.",
            f"trafilatura has no page kind: it counts as \"article\" when its text has >= {ARTICLE_MIN_CHARS} "
            "characters.",
        ]
    return [f"  * {note}" for note in notes]


def worst_lines(results: Sequence[SystemResult]) -> list[str]:
    lines = []
    for result in results:
        if all(s.f1 is None for s in result.scores):
            continue
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


def interval_lines(entry: dict[str, Any], systems: Sequence[str]) -> list[str]:
    lines = []
    for name in systems:
        parts = [f"{key} {right}/{n} [{low:.2f}, {high:.2f}]"
                 for key, (right, n, low, high) in entry[name]["intervals"].items()]
        if parts:
            lines.append(f"  95% Wilson ({name}): " + "; ".join(parts))
    return lines


def families_of(results: Sequence[SystemResult]) -> list[str]:
    return sorted({s.name.split("/", 1)[0] for s in results[0].scores})


def report_text(pages: Sequence[GoldPage], results: Sequence[SystemResult], show_pages: bool,
                by_family: bool = False) -> str:
    systems = [r.name for r in results]
    lines: list[str] = []
    groups = dict(GROUPS)
    if by_family:
        groups.update({f"family:{f}": f"Family {f}" for f in families_of(results)})
    for group, title in groups.items():
        entry = group_figures(pages, results, group)
        if entry["pages"] or group == "all":
            lines += [*table(title, entry, systems), *interval_lines(entry, systems), ""]
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
        "groups": {group: group_figures(pages, results, group)
                   for group in [*GROUPS, *(f"family:{f}" for f in families_of(results))]},
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
    parser.add_argument("--family", action="extend", nargs="+", default=[], metavar="F",
                        help=f"only these families (tests/gold and tests/holdout: {', '.join(KNOWN_FAMILIES)})")
    parser.add_argument("--no-trafilatura", action="store_true", help="score this project only")
    parser.add_argument("--generic", action="store_true",
                        help="this project's generic extractor on every page (no family profile)")
    parser.add_argument("--hash-attrs", action="store_true",
                        help="replace every class and id value by an opaque hash before extraction")
    parser.add_argument("--by-family", action="store_true", help="add one table per family")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--pages", action="store_true", help="add one line per page and system")
    parser.add_argument("--order", choices=ORDERS, default="page",
                        help="page: every system reads a page in turn (the measure, default); system: each system "
                             "reads all pages of a round before the next one starts")
    return parser.parse_args(argv)


_ATTR = re.compile(rb"""(\s(?:class|id)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)


def _opaque(token: bytes) -> bytes:
    return b"h" + hashlib.blake2s(token, digest_size=4).hexdigest().encode()


def hash_attrs(html: bytes) -> bytes:
    """Every class and id value replaced token by token with an opaque hash (the same token, the same
    hash): a page whose markup names nothing, for measuring what the extractor owes to class names."""

    def replace(match: re.Match[bytes]) -> bytes:
        value = next(group for group in match.groups()[1:] if group is not None)
        return match[1] + b'"' + b" ".join(_opaque(t) for t in value.split()) + b'"'

    return _ATTR.sub(replace, html)


def with_hashed_attrs(pages: Sequence[GoldPage]) -> list[GoldPage]:
    return [GoldPage(p.slug, hash_attrs(p.html), p.gold) for p in pages]


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


def systems_to_run(no_trafilatura: bool, generic: bool = False) -> list[tuple[str, System]]:
    systems: list[tuple[str, System]] = [("crawler", crawler_system("generic" if generic else "auto"))]
    if no_trafilatura:
        print("note: trafilatura skipped (--no-trafilatura); crawler figures only", file=sys.stderr)
    elif not trafilatura_available():
        print("note: trafilatura is not installed (pip install -e '.[bench]'); crawler figures only", file=sys.stderr)
    else:
        systems += [
            ("trafilatura", trafilatura_output),
            ("trafilatura-prec", trafilatura_system(favor_precision=True)),
            ("htmldate", htmldate_output),
        ]
    return systems


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    known = known_families(args.gold)
    unknown = sorted(set(args.family) - set(known)) if known is not None else []
    if unknown:
        print(f"error: unknown famil{'ies' if len(unknown) > 1 else 'y'} {', '.join(unknown)} "
              f"(one of: {', '.join(known or ())})", file=sys.stderr)
        return 2
    try:
        pages = load_gold(args.gold, args.family)
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.hash_attrs:
        pages = with_hashed_attrs(pages)
    quiet_logs()
    systems = list(systems_to_run(args.no_trafilatura, args.generic))
    runs = run_systems(pages, systems, order=args.order)
    results = [SystemResult(name, runs[name], score_run(pages, runs[name])) for name, _ in systems]
    warn_about(args.gold, args.family, results)
    if args.json:
        print(json.dumps(report_json(args.gold, pages, results, args.pages), ensure_ascii=False, indent=2))
    else:
        print(report_text(pages, results, args.pages, args.by_family))
    return 0


if __name__ == "__main__":
    sys.exit(main())
