"""Metamorphic tests: changes to a page that must not change what is extracted from it.

They need no annotation, so they run over every article page of tests/gold and tests/golden:
- a header clock showing the fetch day (a date line, and a ticking "HH:MM:SS" clock) added at
  the top of the page changes no ``published_at``;
- the time of the printed date moved into an element of its own beside the date keeps the time;
- a metadata date that disagrees with the printed one changes nothing;
- every class and id value replaced by an opaque hash keeps the fields within a small tolerance.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

try:
    from bench import extraction as bench
except ModuleNotFoundError:  # plain `pytest` puts tests/ on sys.path, `python -m pytest` the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench import extraction as bench

from crawler.core.dates import TZ
from crawler.extract import Article, extract, format_published
from crawler.extract.decode import to_text
from crawler.extract.published import METADATA

GOLDEN = Path(__file__).parent / "golden"
# The crawl's fetch time for every page here: well after every page's own date.
FETCHED = datetime(2026, 12, 5, 9, 14, 37, tzinfo=TZ)
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    html: str


@cache
def article_pages() -> tuple[Page, ...]:
    pages = [Page(p.name, p.url, to_text(p.html)) for p in bench.load_gold() if p.is_article]
    pages += [Page(p.name, p.url, to_text(p.html)) for p in bench.load_gold(bench.ROOT / "tests" / "holdout")
              if p.is_article]
    for path in sorted(GOLDEN.glob("*/*.json")):
        expected = bench.json.loads(path.read_text(encoding="utf-8"))
        if expected["kind"] == "article":
            html = to_text(path.with_suffix(".html").read_bytes())
            pages.append(Page(f"golden/{path.parent.name}/{path.stem}", expected["url"], html))
    return tuple(pages)


@cache
def original(page: Page, fetched: datetime | None = FETCHED) -> Article:
    return extract(page.url, page.html, fetched_at=fetched)


def _after_body_tag(html: str, insert: str) -> str:
    match = re.search(r"<body\b[^>]*>", html, re.IGNORECASE)
    assert match, "no <body> tag"
    return html[: match.end()] + insert + html[match.end():]


def clock_line(moment: datetime) -> str:
    return f'<div class="top-date">{WEEKDAYS[moment.weekday()]}, ngày {moment:%d/%m/%Y}</div>'


def ticking_clock(moment: datetime) -> str:
    return (f'<div id="clock"><span>{WEEKDAYS[moment.weekday()]}, {moment:%d/%m/%Y}</span> '
            f'<span>{moment:%H:%M:%S}</span></div>')


@pytest.mark.parametrize("clock", [clock_line, ticking_clock], ids=["date-line", "ticking"])
@pytest.mark.parametrize("with_fetch_time", [True, False], ids=["fetch-time-known", "no-fetch-time"])
def test_a_header_clock_changes_no_publication_date(clock: object, with_fetch_time: bool) -> None:
    fetched = FETCHED if with_fetch_time else None
    changed = []
    for page in article_pages():
        before = original(page, fetched)
        html = _after_body_tag(page.html, clock(FETCHED))  # type: ignore[operator]
        after = extract(page.url, html, fetched_at=fetched)
        if after.published_at != before.published_at:
            changed.append(f"{page.name}: {format_published(before.published_at)} -> "
                           f"{format_published(after.published_at)}")
    assert not changed, "a header clock became the publication date:\n  " + "\n  ".join(changed)


def test_a_header_clock_is_no_date_for_a_page_without_one() -> None:
    """A page whose article shows no date at all: the clock must not fill the gap."""
    dateless = [p for p in article_pages() if original(p).published_at is None]
    assert dateless, "the corpora have no article without a date: this test would test nothing"
    for page in dateless:
        for clock in (clock_line, ticking_clock):
            after = extract(page.url, _after_body_tag(page.html, clock(FETCHED)), fetched_at=FETCHED)
            assert after.published_at is None, f"{page.name}: the clock gave {after.published_at}"


_TIME = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::\d{2})?(?![\d:])")


def split_time(html: str, moment: datetime) -> str | None:
    """The page with the time of ``moment`` cut out of the text it shares with the date, and written
    into an element of its own right after that text's element. None when no such text is found."""
    d, m, y = moment.day, moment.month, moment.year
    day_forms = {f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"{d:02d}-{m:02d}-{y}", f"{d:02d}.{m:02d}.{y}"}
    for match in re.finditer(r">([^<>]{6,120})<", html):
        text = match.group(1)
        if not any(form in text for form in day_forms):
            continue
        times = [t for t in _TIME.finditer(text) if (int(t[1]), int(t[2])) == (moment.hour, moment.minute)]
        if len(times) != 1:
            continue
        t = times[0]
        rest = (text[: t.start()] + text[t.end():]).replace(" | ", " ").strip(" |-,")
        # The element holding the text ends at the next closing tag: the time goes right after it.
        close = html.find(">", html.find("</", match.end(1)))
        if close < 0:
            return None
        cut = html[: match.start(1)] + rest + html[match.end(1): close + 1]
        return cut + f'<span class="tm">{t[1]}:{t[2]}</span>' + html[close + 1:]
    return None


def test_a_time_moved_beside_its_date_is_kept() -> None:
    moved, lost = 0, []
    for page in article_pages():
        before = original(page)
        if not isinstance(before.published_at, datetime) or before.published_source in METADATA:
            continue
        html = split_time(page.html, before.published_at)
        if html is None:
            continue
        moved += 1
        after = extract(page.url, html, fetched_at=FETCHED)
        # The time moves without its seconds: right to the minute is right.
        if not isinstance(after.published_at, datetime) or after.published_at.replace(second=0) != \
                before.published_at.replace(second=0):
            lost.append(f"{page.name}: {format_published(before.published_at)} -> "
                        f"{format_published(after.published_at)}")
    assert moved >= 20, f"only {moved} pages had a date line whose time could be moved: the test tests too little"
    assert not lost, f"{len(lost)} of {moved} pages lost their time:\n  " + "\n  ".join(lost)


def test_a_disagreeing_metadata_date_changes_nothing() -> None:
    checked, changed = 0, []
    wrong = (FETCHED - timedelta(days=900)).replace(hour=0, minute=0, second=0)
    tag = f'<meta property="article:published_time" content="{wrong.isoformat()}">'
    for page in article_pages():
        before = original(page)
        if before.published_at is None or before.published_source in METADATA:
            continue  # only a printed date can outvote the metadata
        checked += 1
        html = re.sub(r"(<head\b[^>]*>)", lambda m: m.group(1) + tag, page.html, count=1, flags=re.IGNORECASE)
        after = extract(page.url, html, fetched_at=FETCHED)
        if after.published_at != before.published_at:
            changed.append(f"{page.name}: {format_published(before.published_at)} -> "
                           f"{format_published(after.published_at)}")
    assert checked >= 40
    assert not changed, "a wrong metadata date won over the printed one:\n  " + "\n  ".join(changed)


def test_renamed_classes_and_ids_keep_the_fields() -> None:
    pages = article_pages()
    same = {"title": 0, "published_at": 0, "author": 0}
    f1s = []
    for page in pages:
        before = original(page)
        after = extract(page.url, bench.hash_attrs(page.html.encode("utf-8")), fetched_at=FETCHED)
        same["title"] += after.title == before.title
        same["published_at"] += after.published_at == before.published_at
        same["author"] += after.author == before.author
        f1s.append(bench.token_f1(bench.main_text(after.summary, after.body),
                                  bench.main_text(before.summary, before.body)))
    n = len(pages)
    shares = {field: count / n for field, count in same.items()}
    mean_f1 = sum(f1s) / n
    assert mean_f1 >= 0.97, f"body F1 against the original markup: {mean_f1:.3f}"
    assert shares["title"] >= 0.97, shares
    assert shares["published_at"] >= 0.95, shares
    assert shares["author"] >= 0.85, shares
