"""Field-by-field extraction quality and speed against trafilatura, on pages with ground truth.

    python bench/extraction_quality.py            # needs the bench extra: pip install -e '.[bench]'

Pages: every article of the bundled replica portals (served on loopback, ground truth from
the replica) and every golden article page under tests/golden. Both extractors get the same
URL and HTML. Main text is the lead plus the body, because trafilatura does not separate
the lead; it is scored by word-level F1 after `hash_key` folding (case, tone style, punctuation).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.extract import extract  # noqa: E402
from crawler.replica import ReplicaServer  # noqa: E402
from crawler.text import clean_inline, hash_key  # noqa: E402


@dataclass
class Page:
    name: str
    url: str
    html: bytes
    title: str
    published: str | None
    author: str | None
    text: str  # lead + body


@dataclass
class Guess:
    title: str | None
    published: str | None
    author: str | None
    text: str


def replica_pages() -> list[Page]:
    pages = []
    with ReplicaServer() as replica:
        for exp in replica.replica.expected():
            url = replica.base_url(exp.portal) + exp.path
            with urllib.request.urlopen(url) as response:
                html = response.read()
            text = "\n".join([exp.summary or "", *exp.body])
            pages.append(Page(f"replica/{exp.portal}{exp.path[:40]}", url, html, exp.title, exp.published_at,
                              exp.author, text))
    return pages


def golden_pages() -> list[Page]:
    pages = []
    for html_path in sorted((ROOT / "tests" / "golden").glob("*/*.html")):
        want = json.loads(html_path.with_suffix(".json").read_text(encoding="utf-8"))
        if want["kind"] != "article":
            continue
        text = "\n".join([want.get("summary") or "", *want["body"]])
        pages.append(Page(f"golden/{html_path.parent.name}/{html_path.stem}", want["url"], html_path.read_bytes(),
                          want["title"], want["published_at"], want["author"], text))
    return pages


def ours(page: Page) -> Guess:
    article = extract(page.url, page.html)
    published = article.to_json()["published_at"]
    return Guess(article.title, published, article.author, "\n".join([article.summary or "", *article.body]))


def trafilatura_guess(page: Page) -> Guess:
    import trafilatura

    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None:
        return Guess(None, None, None, "")
    data: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return Guess(data.get("title"), data.get("date"), data.get("author"), data.get("text") or "")


def f1(predicted: str, truth: str) -> float:
    p, t = Counter(hash_key(predicted).split()), Counter(hash_key(truth).split())
    common = sum((p & t).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def same(a: str | None, b: str | None) -> bool:
    return clean_inline(a or "") == clean_inline(b or "")


def same_day(a: str | None, b: str | None) -> bool:
    return (a or "")[:10] == (b or "")[:10]


def score(pages: list[Page], guess: Callable[[Page], Guess]) -> dict[str, float]:
    results = [(page, guess(page)) for page in pages]
    n = len(results)
    return {
        "text F1": statistics.mean(f1(g.text, p.text) for p, g in results),
        "text F1 >= 0.9": sum(f1(g.text, p.text) >= 0.9 for p, g in results) / n,
        "title exact": sum(same(g.title, p.title) for p, g in results) / n,
        "date (day) right": sum(same_day(g.published, p.published) for p, g in results) / n,
        "author exact": sum(same(g.author, p.author) for p, g in results) / n,
    }


def speed(pages: list[Page], guess: Callable[[Page], Guess], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for page in pages:
            guess(page)
        best = min(best, time.perf_counter() - started)
    return len(pages) / best


def main() -> int:
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        print("error: trafilatura is not installed; run: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    pages = replica_pages() + golden_pages()
    print(f"{len(pages)} article pages with ground truth "
          f"({sum(p.name.startswith('replica') for p in pages)} replica, "
          f"{sum(p.name.startswith('golden') for p in pages)} golden)\n")
    ours_scores, their_scores = score(pages, ours), score(pages, trafilatura_guess)
    print(f"{'field':<20} {'crawler':>8} {'trafilatura':>12}")
    for key in ours_scores:
        print(f"{key:<20} {ours_scores[key]:>8.3f} {their_scores[key]:>12.3f}")
    ours_speed, their_speed = speed(pages, ours), speed(pages, trafilatura_guess)
    print(f"\nspeed: crawler {ours_speed:.0f} pages/s, trafilatura {their_speed:.0f} pages/s, "
          f"ratio {ours_speed / their_speed:.2f}x")
    weak = [(f1(ours(p).text, p.text), p.name) for p in pages]
    worst = sorted(weak)[:5]
    print("\nlowest text F1 (crawler): " + ", ".join(f"{name} {value:.2f}" for value, name in worst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
