"""The site registry: `sites.toml`, validated on load.

Every problem is reported as one `RegistryError` naming the file, the site and the
key, so the command line can print a single line and exit with status 2.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SITE_ID = re.compile(r"^[a-z0-9-]+$")
INTERVAL = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
DEFAULT_INTERVAL = timedelta(minutes=15)
DEFAULT_MAX_PAGES = 2000
# Polling (crawler.monitoring.polling): adaptive by default, within these bounds and budget.
POLLING_MODES = ("adaptive", "fixed")
DEFAULT_MIN_INTERVAL = timedelta(minutes=2)
DEFAULT_MAX_INTERVAL = timedelta(hours=2)
DEFAULT_REQUESTS_PER_DAY = 1000
KNOWN_KEYS = frozenset(
    {"id", "name", "start_urls", "profile", "allowed_domains", "interval", "max_pages", "selectors",
     "download_delay", "concurrency", "polling", "min_interval", "max_interval", "requests_per_day"}
)


class RegistryError(Exception):
    def __init__(self, path: Path | str, message: str, *, site: str | None = None, key: str | None = None):
        where = str(path)
        if site is not None:
            where += f": site {site!r}"
        if key is not None:
            where += f": key {key!r}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Site:
    id: str
    name: str
    start_urls: tuple[str, ...]
    profile: str = "auto"
    allowed_domains: tuple[str, ...] = ()
    interval: timedelta = DEFAULT_INTERVAL
    max_pages: int = DEFAULT_MAX_PAGES
    selectors: Mapping[str, str] = field(default_factory=dict)
    # Politeness: seconds between requests to this portal, and requests in flight at once.
    download_delay: float = 1.0
    concurrency: int = 2
    # When the scheduler re-crawls: "adaptive" (learned from the portal's publishing hours, between
    # min_interval and max_interval, starting at interval) or "fixed" (every interval).
    polling: str = "adaptive"
    min_interval: timedelta = DEFAULT_MIN_INTERVAL
    max_interval: timedelta = DEFAULT_MAX_INTERVAL
    requests_per_day: int = DEFAULT_REQUESTS_PER_DAY


def parse_interval(text: str) -> timedelta | None:
    match = INTERVAL.match(text.strip())
    if not text.strip() or match is None or not any(match.groups()):
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    value = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    return value if value.total_seconds() > 0 else None


def format_interval(value: timedelta) -> str:
    """A duration in the syntax of `sites.toml` ("45s", "15m", "2h", "1h30m"), to the second."""
    seconds = max(0, round(value.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "") + (f"{seconds}s" if seconds else "")
    return text or "0s"


def polling_summary(site: Site) -> str:
    """How the scheduler polls a site, in a few words: "every 15m" or "adaptive, 2m to 2h, ..."."""
    if site.polling == "fixed":
        return f"every {format_interval(site.interval)}"
    return (f"adaptive, {format_interval(site.min_interval)} to {format_interval(site.max_interval)}, "
            f"{site.requests_per_day} requests/day (starts every {format_interval(site.interval)})")


def _is_http_url(url: object) -> bool:
    if not isinstance(url, str) or url != url.strip() or any(c.isspace() or ord(c) < 32 for c in url):
        return False
    try:
        # urlsplit raises on a broken IPv6 literal ("http://[::1/"); .port on a port out of range.
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _profile_names() -> frozenset[str]:
    from crawler.extract import PROFILE_NAMES

    return frozenset({"auto", *PROFILE_NAMES})


# Builds the one-line error for a key of the site being read: fail(key, message).
_Fail = Callable[[str, str], RegistryError]


def _check_keys(raw: dict[str, Any], site_id: object, fail: _Fail) -> tuple[str, str]:
    """The site's id and name, once every key is known."""
    unknown = sorted(set(raw) - KNOWN_KEYS)
    if unknown:
        # A typo ("start_url", "intervall") is the usual cause: name the key meant.
        close = difflib.get_close_matches(unknown[0], sorted(KNOWN_KEYS), n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise fail(unknown[0], f"unknown key ({hint}known keys: {', '.join(sorted(KNOWN_KEYS))})")
    if not isinstance(site_id, str) or not SITE_ID.match(site_id):
        raise fail("id", "required, letters a-z, digits and '-' only")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail("name", "required, a non-empty string")
    return site_id, name


def _start_urls(raw: dict[str, Any], fail: _Fail) -> list[str]:
    start_urls = raw.get("start_urls")
    if not isinstance(start_urls, list) or not start_urls:
        raise fail("start_urls", "required, a non-empty list of http(s) URLs")
    for url in start_urls:
        if not _is_http_url(url):
            raise fail("start_urls", f"not an http(s) URL: {url!r}")
    return start_urls


def _profile(raw: dict[str, Any], fail: _Fail) -> str:
    profile = raw.get("profile", "auto")
    names = _profile_names()
    if not isinstance(profile, str) or profile not in names:  # a list is unhashable: test the type first
        raise fail("profile", f"unknown profile {profile!r} (one of: {', '.join(sorted(names))})")
    return profile


def _allowed_domains(raw: dict[str, Any], start_urls: list[str], fail: _Fail) -> list[str]:
    domains = raw.get("allowed_domains")
    if domains is None:
        domains = sorted({urlsplit(u).hostname or "" for u in start_urls})
    elif not isinstance(domains, list) or not all(isinstance(d, str) and d for d in domains):
        raise fail("allowed_domains", "a list of host names")
    for url in start_urls:
        host = urlsplit(url).hostname or ""
        if not any(host == d or host.endswith("." + d) for d in domains):
            raise fail("allowed_domains", f"start URL {url!r} is outside the allowed domains")
    return domains


def _duration(raw: dict[str, Any], key: str, default: timedelta, fail: _Fail) -> timedelta:
    if key not in raw:
        return default
    parsed = parse_interval(raw[key]) if isinstance(raw[key], str) else None
    if parsed is None:
        raise fail(key, f"expected a duration like \"15m\", \"1h\" or \"1h30m\", got {raw[key]!r}")
    return parsed


def _polling(raw: dict[str, Any], fail: _Fail) -> tuple[timedelta, str, timedelta, timedelta, int]:
    """interval, polling, min_interval, max_interval and requests_per_day, checked together."""
    interval = _duration(raw, "interval", DEFAULT_INTERVAL, fail)
    mode = raw.get("polling", "adaptive")
    if mode not in POLLING_MODES:
        raise fail("polling", f"one of {', '.join(repr(m) for m in POLLING_MODES)}, got {mode!r}")
    low = _duration(raw, "min_interval", min(DEFAULT_MIN_INTERVAL, interval), fail)
    high = _duration(raw, "max_interval", max(DEFAULT_MAX_INTERVAL, interval), fail)
    if low > high:
        raise fail("min_interval", f"longer than max_interval ({raw.get('min_interval')} > {raw.get('max_interval')})")
    if not low <= interval <= high:
        raise fail("interval", "outside min_interval and max_interval")
    budget = raw.get("requests_per_day", DEFAULT_REQUESTS_PER_DAY)
    if not isinstance(budget, int) or isinstance(budget, bool) or budget < 1:
        raise fail("requests_per_day", "a positive whole number")
    return interval, mode, low, high, budget


def _max_pages(raw: dict[str, Any], fail: _Fail) -> int:
    max_pages = raw.get("max_pages", DEFAULT_MAX_PAGES)
    if not isinstance(max_pages, int) or isinstance(max_pages, bool) or max_pages < 1:
        raise fail("max_pages", "a positive whole number")
    return max_pages


def _selectors(raw: dict[str, Any], fail: _Fail) -> dict[str, str]:
    selectors = raw.get("selectors", {})
    if not isinstance(selectors, dict):
        raise fail("selectors", "a table of field = \"CSS or XPath selector\"")
    from crawler.extract.article import SELECTOR_FIELDS  # here: the parser stays unloaded until a site has selectors

    for key, value in selectors.items():
        if key not in SELECTOR_FIELDS:
            raise fail(f"selectors.{key}", f"unknown field (one of: {', '.join(sorted(SELECTOR_FIELDS))})")
        if not isinstance(value, str) or not value.strip():
            raise fail(f"selectors.{key}", "a non-empty CSS or XPath selector")
    return selectors


def _politeness(raw: dict[str, Any], fail: _Fail) -> tuple[float, int]:
    """The download delay (seconds) and the concurrency (requests in flight) asked for."""
    delay = raw.get("download_delay", 1.0)
    # TOML has nan and inf; neither is a delay Scrapy can wait.
    if not isinstance(delay, int | float) or isinstance(delay, bool) or not math.isfinite(delay) or delay < 0:
        raise fail("download_delay", "seconds, a number >= 0")
    concurrency = raw.get("concurrency", 2)
    if not isinstance(concurrency, int) or isinstance(concurrency, bool) or not 1 <= concurrency <= 16:
        raise fail("concurrency", "a whole number from 1 to 16")
    return float(delay), concurrency


def _site(path: Path, index: int, raw: Any) -> Site:
    """One [[sites]] table, checked key by key in the order the errors are reported."""
    if not isinstance(raw, dict):
        raise RegistryError(path, f"entry #{index + 1} of [[sites]] is not a table")
    site_id = raw.get("id")
    label = site_id if isinstance(site_id, str) else f"#{index + 1}"

    def fail(key: str, message: str) -> RegistryError:
        return RegistryError(path, message, site=label, key=key)

    site_id, name = _check_keys(raw, site_id, fail)
    start_urls = _start_urls(raw, fail)
    profile = _profile(raw, fail)
    domains = _allowed_domains(raw, start_urls, fail)
    interval, polling, min_interval, max_interval, requests_per_day = _polling(raw, fail)
    max_pages = _max_pages(raw, fail)
    selectors = _selectors(raw, fail)
    delay, concurrency = _politeness(raw, fail)
    return Site(
        id=site_id,
        name=name.strip(),
        start_urls=tuple(start_urls),
        profile=profile,
        allowed_domains=tuple(domains),
        interval=interval,
        max_pages=max_pages,
        selectors=dict(selectors),
        download_delay=delay,
        concurrency=concurrency,
        polling=polling,
        min_interval=min_interval,
        max_interval=max_interval,
        requests_per_day=requests_per_day,
    )


def parse_sites(text: str, path: Path | str = "sites.toml") -> list[Site]:
    path = Path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason = str(exc)
        # tomllib names no line when it runs out of input (an unclosed array or string);
        # the last line is where to start looking, and every message should give one.
        if reason.endswith("(at end of document)"):
            reason = reason.replace("(at end of document)", f"(at end of file, line {max(1, len(text.splitlines()))})")
        raise RegistryError(path, f"not valid TOML: {reason}") from None
    extra = sorted(set(data) - {"sites"})
    if extra:
        raise RegistryError(path, "unknown top-level key; the file holds [[sites]] tables only", key=extra[0])
    raw_sites = data.get("sites")
    if not isinstance(raw_sites, list) or not raw_sites:
        raise RegistryError(path, "no [[sites]] entries")
    sites: list[Site] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_sites):
        site = _site(path, index, raw)
        if site.id in seen:
            raise RegistryError(path, "duplicate id", site=site.id, key="id")
        seen.add(site.id)
        sites.append(site)
    return sites


def load_sites(path: Path | str = "sites.toml") -> list[Site]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegistryError(path, "file not found") from None
    except UnicodeDecodeError:
        raise RegistryError(path, "not UTF-8 text") from None
    except OSError as exc:
        raise RegistryError(path, f"cannot read: {exc.strerror}") from None
    return parse_sites(text, path)


def select_sites(sites: list[Site], ids: list[str] | None, path: Path | str = "sites.toml") -> list[Site]:
    if not ids:
        return sites
    by_id = {s.id: s for s in sites}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise RegistryError(path, f"no site with id {missing[0]!r}", site=missing[0])
    return [by_id[i] for i in dict.fromkeys(ids)]
