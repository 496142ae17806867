"""Reading what the crawler found: the review queue (`new`, `show`, `review`), crawl runs and portal health.

Everything here returns plain text or JSON-ready dicts, so the command line stays a thin layer
and the rendering can be tested without a terminal. Times are shown in Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

import difflib
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from crawler.core.dates import TZ, iso
from crawler.crawl.registry import Site, polling_summary
from crawler.extract.published import describe_source
from crawler.review.export import record
from crawler.tagging import province_names
from storage import CrawlRun, DatabaseError, SiteOverview, flag_of, open_database, resolve_db_url
from storage import queue as stored_queue
from storage.db import Database
from storage.models import ArticleVersion, Story
from storage.portals import PortalRepository
from storage.repository import published_value
from storage.tags import StoryTagRows

TERMINAL_WIDTH = 120
# A title cut shorter than this is no longer recognisable; the table may overflow instead.
MIN_TITLE_WIDTH = 20

# A portal deserves attention after this many failed crawls in a row: one or two failures are
# usually a slow night on a provincial server, three in a row (45 minutes at the default
# interval) rarely are.
ALERT_FAILURES = 3
# ...or when fewer than this share of its article pages came out with a title, a date and a
# body: the site's layout probably changed and its extraction profile needs a look.
ALERT_HEALTH = 0.6

FLAG_LABELS = {"new": "NEW", "updated": "UPDATED", "removed": "REMOVED"}


# -- opening ----------------------------------------------------------------------------------


def open_existing(url: str | None) -> Database:
    """Open the database for reading, refusing to leave an empty SQLite file where none was."""
    url = resolve_db_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        return open_database(url)  # which reports the bad URL in one line
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(str(parsed.database))
        if not path.exists():
            raise DatabaseError(f"no database at {path}: nothing crawled yet (run `crawler crawl`, or pass --db)")
    return open_database(url)


@contextmanager
def reading(url: str | None) -> Iterator[Database]:
    db = open_existing(url)
    try:
        yield db
    finally:
        db.dispose()


# -- formatting -------------------------------------------------------------------------------


def local_time(value: datetime | None, default: str = "-") -> str:
    return value.astimezone(TZ).strftime("%Y-%m-%d %H:%M") if value is not None else default


def published_text(row: Story) -> str:
    return date_text(published_value(row))


def date_text(value: datetime | date | None) -> str:
    """A publish date as the page showed it: day and time, or the day alone."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def percent(part: int | float, whole: int | float) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def width_of(text: str) -> int:
    """Terminal columns: combining marks take none (a title may come decomposed), wide characters two."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text
    )


def one_line(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def shorten(text: str, width: int) -> str:
    text = one_line(text)
    if width_of(text) <= width:
        return text
    kept: list[str] = []
    used = 0
    for ch in text:
        used += width_of(ch)
        if used > width - 1:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(0, width - width_of(text))
    return fill + text if right else text + fill


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[int] = (),
    shrink: int | None = None,
    max_width: int = TERMINAL_WIDTH,
) -> list[str]:
    """Aligned columns under a ruled header, cut to ``max_width`` when the ``shrink`` column allows it."""
    count = len(headers)
    widths = [max(width_of(row[i]) for row in (headers, *rows)) for i in range(count)]
    sep = "  "

    def total() -> int:
        return sum(widths) + len(sep) * (count - 1)

    if shrink is not None and total() > max_width:
        floor = max(width_of(headers[shrink]), MIN_TITLE_WIDTH)
        widths[shrink] = max(floor, widths[shrink] - (total() - max_width))
    if total() > max_width:
        sep = " "
    lines = []
    for index, row in enumerate((headers, *rows)):
        cells = [shorten(cell, widths[i]) if i == shrink else cell for i, cell in enumerate(row)]
        lines.append(sep.join(_pad(cell, widths[i], i in right) for i, cell in enumerate(cells)).rstrip())
        if index == 0:
            lines.append(sep.join("-" * w for w in widths))
    return lines


# -- the review queue -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueueRow:
    id: int
    flag: str
    site_id: str
    published: str
    title: str
    urls: int


@dataclass(frozen=True, slots=True)
class ReviewQueue:
    rows: list[QueueRow]  # the ones to show, newest change first
    counts: Counter[str]  # flag -> stories, over the whole queue (not only the rows shown)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def review_queue(db: Database, *, site_id: str | None = None, limit: int | None = None, province: str | None = None,
                 case_type: str | None = None) -> ReviewQueue:
    """What ``ArticleRepository.flagged()`` returns, in its order, optionally for one portal (storage.queue.listing),
    one province as it is today and one case type (storage.tags).

    A story counts for a portal when any of its URLs is there, not only the first one seen.
    """
    listing = stored_queue.listing(db, site_id=site_id, limit=limit, province=province, case_type=case_type)
    rows = [QueueRow(s.article.id, s.flag, s.article.site_id, published_text(s.article), s.article.title, s.urls)
            for s in listing.stories]
    return ReviewQueue(rows, listing.counts)


def render_queue(queue: ReviewQueue, *, site_id: str | None = None, names: Mapping[str, str] | None = None,
                 province: str | None = None, case_type: str | None = None) -> str:
    """The review table; ``names`` (the store's portal names) adds a line naming the portals shown."""
    if not queue.total:
        where = f" on {named(site_id, names)}" if site_id else ""
        where += f" in {province}" if province else ""
        what = f" of type {case_type}" if case_type else ""
        return f"nothing new{what}{where} since the last review"
    with_urls = any(r.urls > 1 for r in queue.rows)
    headers = ["id", "flag", "site", "published", *(["urls"] if with_urls else []), "title"]
    table = [
        [
            str(r.id), FLAG_LABELS.get(r.flag, r.flag), r.site_id, r.published,
            *([str(r.urls) if r.urls > 1 else ""] if with_urls else []), one_line(r.title),
        ]
        for r in queue.rows
    ]
    right = [0, 4] if with_urls else [0]
    lines = render_table(headers, table, right=right, shrink=len(headers) - 1)
    breakdown = ", ".join(f"{queue.counts[flag]} {flag}" for flag in FLAG_LABELS if queue.counts[flag])
    shown = "" if len(queue.rows) == queue.total else f"showing {len(queue.rows)} of "
    lines += legend([r.site_id for r in queue.rows], names)
    lines.append("")
    lines.append(f"{shown}{queue.total} to review ({breakdown})")
    lines.append("details: crawler show ID    mark as reviewed: crawler review ID ... | crawler review --all")
    return "\n".join(lines)


def missing_ids(db: Database, ids: Sequence[int]) -> list[int]:
    wanted = sorted(set(ids))
    found = stored_queue.existing_ids(db, wanted)
    return [i for i in wanted if i not in found]


def no_article_message(ids: Sequence[int]) -> str:
    if len(ids) == 1:
        return f"no article with id {ids[0]}"
    return f"no article with ids {', '.join(map(str, ids))}"


def reviewed_message(marked: int, asked: int | None) -> str:
    text = f"marked {marked} article(s) reviewed"
    if asked is not None and asked > marked:
        text += f" ({asked - marked} already reviewed)"
    return text


# -- one story --------------------------------------------------------------------------------


def version_lines(version: ArticleVersion) -> list[str]:
    """What a diff of two versions compares: the title as a ``# heading``, then the body a paragraph a line."""
    lines = [f"# {one_line(version.title)}"]
    for paragraph in version.body.split("\n\n"):
        lines.extend(paragraph.splitlines() or [""])
    return lines


def _diff_lines(version: ArticleVersion) -> list[str]:
    heading, *body = version_lines(version)
    return [heading, "", *body]


def version_diff(old: ArticleVersion, new: ArticleVersion) -> str:
    """Title (as a ``# heading``) and body, a paragraph a line, as a unified diff."""
    return "\n".join(
        difflib.unified_diff(
            _diff_lines(old), _diff_lines(new),
            fromfile=f"version {old.version}", tofile=f"version {new.version}", lineterm="", n=1,
        )
    )


def article_json(row: Story, tags: StoryTagRows | None = None) -> dict[str, Any]:
    """The export record, plus what a reviewer needs: flag, URL history and every version with its diff."""
    data = record(row, tags)
    flag = flag_of(row)
    data.update(
        flag=flag or None,
        profile=row.profile,
        version=row.version,
        removed_at=iso(row.removed_at),
        reviewed_at=iso(row.reviewed_at),
        reviewed_by=row.reviewed_by if row.reviewed_at is not None else None,
        urls=[
            {
                "url": u.url,
                "site": u.site_id,
                "first_seen_at": iso(u.first_seen_at),
                "last_seen_at": iso(u.last_seen_at),
                "removed_at": iso(u.removed_at),
            }
            for u in row.urls
        ],
        versions=[
            {
                "version": v.version,
                "captured_at": iso(v.captured_at),
                "url": v.url,
                "title": v.title,
                "summary": v.summary,
                "body": v.body,
                "content_hash": v.content_hash,
                "diff": version_diff(row.versions[i - 1], v) if i else None,
            }
            for i, v in enumerate(row.versions)
        ],
    )
    return data


def _wrapped(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, width=TERMINAL_WIDTH - 20, initial_indent=indent, subsequent_indent=indent) or [""]


def reviewed_text(row: Story) -> str:
    """When the story was last reviewed, and by whom when known: "2026-12-06 10:15 by lan", or "never"."""
    by = f" by {row.reviewed_by}" if row.reviewed_at is not None and row.reviewed_by else ""
    return local_time(row.reviewed_at, "never") + by


def places_text(province: str, places: Sequence[Mapping[str, Any]], provinces: Mapping[str, str]) -> str:
    """A province and the places of the story in it: "Lâm Đồng: xã Phước Thể (xã Phước Thể, huyện Tuy Phong,
    tỉnh Bình Thuận; today xã Liên Hương)"."""
    shown = []
    for place in places:
        was = place.get("old_unit")
        now = place.get("commune")
        notes = "; ".join(part for part in (was, f"today {now}" if now and now != place.get("mention") else None)
                          if part)
        shown.append(f"{place['mention']} ({notes})" if notes else str(place["mention"]))
    name = provinces.get(province, province)
    return f"{name}: {', '.join(shown)}" if shown else name


def render_article(row: Story, names: Mapping[str, str] | None = None, tags: StoryTagRows | None = None) -> str:
    flag = flag_of(row)
    label = FLAG_LABELS.get(flag, "reviewed")
    updated = local_time(row.updated_at) + (f" (version {row.version})" if row.version > 1 else "")
    fields = [
        ("title", one_line(row.title)),
        ("site", named(row.site_id, names)),
        ("url", row.url),
        ("published", published_text(row)),
        ("date source", describe_source(row.published_source)),
        ("author", row.author or "-"),
        ("source", row.source or "-"),
        ("category", row.category or "-"),
        ("profile", row.profile),
        ("content hash", row.content_hash),
        ("first seen", local_time(row.first_seen_at)),
        ("updated", updated),
        ("removed", local_time(row.removed_at)),
        ("reviewed", reviewed_text(row)),
        ("flag", label),
    ]
    if tags is not None:
        provinces = province_names()
        fields.append(("where", " | ".join(places_text(p, places, provinces) for p, places in tags.provinces)
                       or "-"))
        fields.append(("case types", ", ".join(f"{t} ({', '.join(terms[:3])})" for t, terms in tags.types) or "-"))
    lines = [f"article {row.id}  [{label}]", ""]
    lines += [f"{name + ':':<14}{value}" for name, value in fields]

    lines += ["", f"urls ({len(row.urls)}):"]
    for u in row.urls:
        seen = f"{u.site_id}, first seen {local_time(u.first_seen_at)}"
        if u.removed_at is not None:
            seen += f", removed {local_time(u.removed_at)}"
        lines.append(f"  {u.url}  ({seen})")

    lines += ["", "summary:", *(_wrapped(one_line(row.summary)) if row.summary else ["  -"])]
    lines += ["", "body:"]
    for index, paragraph in enumerate(p for p in row.body.split("\n\n") if p.strip()):
        if index:
            lines.append("")
        lines += _wrapped(one_line(paragraph))

    images = row.images or []
    lines += ["", f"images ({len(images)}):"]
    for image in images:
        lines.append(f"  {image.get('url')}")
        if image.get("caption"):
            lines += _wrapped(one_line(image["caption"]), "    ")

    lines += ["", f"versions ({len(row.versions)}):"]
    for v in row.versions:
        lines.append(f"  {v.version:>3}  captured {local_time(v.captured_at)}  {v.url}")
    for old, new in zip(row.versions, row.versions[1:], strict=False):
        diff = version_diff(old, new)
        lines += ["", diff or f"version {old.version} -> {new.version}: no change in title or body"]
    return "\n".join(lines)


# -- runs and portals -------------------------------------------------------------------------

RUN_HEADERS = (
    "started", "site", "mode", "outcome", "duration", "requests", "KB", "new", "upd", "same", "dup", "removed",
    "errors", "health",
)


def _outcome(run: CrawlRun) -> str:
    # "closespider_pagecount" alone is wider than the rest of a row can spare; the reason is enough.
    return run.outcome.removeprefix("closespider_")


def render_runs(runs: Sequence[CrawlRun], names: Mapping[str, str] | None = None) -> str:
    if not runs:
        return "no crawl runs recorded"
    table = [
        [
            local_time(r.started_at), r.site_id, r.mode, _outcome(r),
            duration((r.finished_at - r.started_at).total_seconds()),
            str(r.requests), str(round(r.bytes / 1024)), str(r.new), str(r.updated), str(r.unchanged),
            str(r.duplicates), str(r.removed), str(r.errors), percent(r.healthy_pages, r.article_pages),
        ]
        for r in runs
    ]
    lines = render_table(RUN_HEADERS, table, right=range(4, len(RUN_HEADERS)))
    return "\n".join(lines + legend([r.site_id for r in runs], names))


def alert_of(overview: SiteOverview) -> str:
    reasons = []
    if overview.failures_in_a_row >= ALERT_FAILURES:
        reasons.append(f"{overview.failures_in_a_row} failures in a row")
    if overview.health is not None and overview.health < ALERT_HEALTH:
        reasons.append(f"health {percent(overview.health, 1)}")
    if overview.health_alert:
        reasons.append("health dropped (template change?)")
    return ", ".join(reasons)


def portal_names(db: Database) -> dict[str, str]:
    """The portals' names as the store knows them (every crawl writes them: table sites)."""
    return PortalRepository(db).names()


def named(site_id: str, names: Mapping[str, str] | None) -> str:
    """"ha-tinh (Công an tỉnh Hà Tĩnh)" when the store names the portal, else the id."""
    name = (names or {}).get(site_id)
    return f"{site_id} ({name})" if name and name != site_id else site_id


def legend(site_ids: Iterable[str], names: Mapping[str, str] | None) -> list[str]:
    """A line naming the portals a table shows by id ("portals: ha-tinh = Công an tỉnh Hà Tĩnh; …")."""
    shown = [i for i in dict.fromkeys(site_ids) if (names or {}).get(i)]
    if not shown or names is None:
        return []
    return ["", "portals: " + "; ".join(f"{i} = {names[i]}" for i in shown)]


def render_registry(sites: Sequence[Site]) -> str:
    """The registry alone, as `crawler sites` printed it before there was a database to ask."""
    width = max(len(s.id) for s in sites)
    return "\n".join(f"{s.id.ljust(width)}  {s.profile:8}  {s.name}  {s.start_urls[0]}" for s in sites)


SITE_HEADERS = ("id", "profile", "name", "last success", "failures", "per day", "health", "next run", "ALERT")


def render_sites(sites: Sequence[Site], overviews: Sequence[SiteOverview]) -> str:
    """One line per portal with its crawl health and next planned run; then how each is polled."""
    by_id = {o.site_id: o for o in overviews}
    table = []
    polling = []
    for site in sites:
        o = by_id.get(site.id)
        if o is None:
            table.append([site.id, site.profile, site.name, "never", "-", "-", "-", "-", ""])
        else:
            table.append([
                site.id, site.profile, site.name, local_time(o.last_success_at, "never"), str(o.failures_in_a_row),
                f"{o.articles_per_day:.1f}", percent(o.health, 1) if o.health is not None else "-",
                local_time(o.next_run_at), alert_of(o),
            ])
        plan = f"; {o.schedule_note}" if o is not None and o.schedule_note else ""
        learned = f"; learned: {o.cadence}" if o is not None and o.cadence else ""
        polling.append(f"  {site.id}: {polling_summary(site)}{plan}{learned}")
    lines = render_table(SITE_HEADERS, table, right=(4, 5, 6), shrink=2)
    alerts = sum(1 for row in table if row[-1])
    lines += ["", f"{len(sites)} site(s), {alerts} with an alert "
                  f"(at {ALERT_FAILURES} failed crawls in a row or extraction health under {percent(ALERT_HEALTH, 1)})",
              "", "polling (next run as planned by `crawler schedule` after the last run):", *polling]
    return "\n".join(lines)
