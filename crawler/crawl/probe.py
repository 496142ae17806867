"""Probing a portal: what the crawler needs to know before a site goes into `sites.toml`.

`crawler probe URL` and `crawler sites --check` run `spiders.probe.ProbeSpider` once per portal,
with the crawl's own politeness and safety (robots.txt, the site's delay, no off-site redirect, no
trap), and read back a `Probe`:

1. whether the portal answers, and where it ends up;
2. the CMS family and how sure that is (a profile's own detection, else the generator tag or a
   family's telltale markup), and the profile to name in the registry when sure;
3. the news listing pages: each candidate with its count of article links and how it pages;
4. RSS/Atom feeds and sitemaps, with their item counts and whether they send real validators;
5. three sample articles, extracted field by field, with a verdict (title, date, author, body
   length, chrome left: a paragraph that recurs in another sample's body is the site's, not the story's).

The answer is a ready `[[sites]]` table (`render_toml`) and a report for people (`render_report`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from crawler.core.urls import canonicalize
from crawler.crawl.registry import SITE_ID, Site

# Articles read as samples, listing candidates fetched, and the article links a page needs to be a listing.
SAMPLES = 3
MAX_LISTINGS = 6
MIN_LISTING_ARTICLES = 3
MAX_START_URLS = 5
# A sample's body shorter than this is a teaser, not an article's text.
MIN_BODY_CHARS = 300
# A family profile this sure is named in the registry; below it "auto" decides page by page.
SURE = 0.8
# Exit codes of `crawler probe`.
FOUND, NO_ARTICLES, NO_ANSWER = 0, 1, 2

# The generator tag names most CMS families outright.
_GENERATOR = re.compile(
    r"(wordpress|joomla|drupal|nukeviet|dotnetnuke|dnn platform|liferay|blogger|ghost|hugo|jekyll|wix|typo3|"
    r"concrete5|umbraco|sitefinity|kentico|plone|django|sharepoint|bitrix|odoo|moodle|gatsby|next\.js|nuxt)",
    re.IGNORECASE,
)
# Markup a family leaves on every page, when the generator tag is gone.
_MARKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("wordpress", re.compile(r"/wp-content/|/wp-includes/|wp-json", re.I)),
    ("joomla", re.compile(r"/media/jui/|/media/system/js/|option=com_content|/components/com_", re.I)),
    ("drupal", re.compile(r"/sites/default/files/|drupal-settings-json|Drupal\.settings", re.I)),
    ("liferay", re.compile(r"Liferay\.|/o/classic-theme|/web/guest/|p_p_id=", re.I)),
    ("sharepoint", re.compile(r"/_layouts/|_spPageContextInfo|SharePoint", re.I)),
    ("dotnetnuke", re.compile(r"dnn_ctr|/DesktopModules/|DotNetNuke", re.I)),
    ("blogger", re.compile(r"blogger\.com/|\.blogspot\.com", re.I)),
    ("nextjs", re.compile(r"__NEXT_DATA__|/_next/static/", re.I)),
    ("nuxt", re.compile(r"__NUXT__|/_nuxt/", re.I)),
)
_FAMILY_NAMES = {"dnn platform": "dotnetnuke", "next.js": "nextjs"}


def family_of(html: str, profile: str, profile_score: float) -> tuple[str, float]:
    """The CMS family a page shows and how sure that is, 0..1.

    1. a family profile's own detection (NukeViet, ASP.NET portals), when it is sure enough to read the page;
    2. the generator tag;
    3. a family's telltale markup;
    4. otherwise "unknown" (the generic extractor reads it)."""
    if profile != "generic":
        return profile, round(profile_score, 2)
    head = html[:200_000]
    for match in re.finditer(r"<meta[^>]+name=[\"']generator[\"'][^>]*>", head, re.IGNORECASE):
        named = _GENERATOR.search(match.group(0))
        if named:
            name = named.group(1).lower()
            return _FAMILY_NAMES.get(name, name), 0.9
    for name, mark in _MARKS:
        if mark.search(head):
            return name, 0.7
    return "unknown", 0.0


@dataclass(slots=True)
class Listing:
    url: str
    articles: int
    # The next page's URL when the page links one (rel="next", a page number), else None.
    next_page: str | None = None


@dataclass(slots=True)
class Feed:
    url: str
    kind: str  # "rss" (RSS or Atom) or "sitemap"
    items: int
    validators: bool  # ETag or Last-Modified: a re-crawl can ask for it conditionally


@dataclass(slots=True)
class Sample:
    url: str
    kind: str
    title: str | None = None
    published_at: str | None = None
    published_source: str | None = None
    author: str | None = None
    body: list[str] = field(default_factory=list)
    # Paragraphs of the body that recur in another sample's body: the site's chrome, left in.
    chrome_left: int = 0

    @property
    def body_chars(self) -> int:
        return sum(len(p) for p in self.body)

    @property
    def problems(self) -> list[str]:
        if self.kind != "article":
            return [f"read as {self.kind}, not an article"]
        found = []
        if not self.title:
            found.append("no title")
        if self.published_at is None:
            found.append("no date")
        if self.body_chars < MIN_BODY_CHARS:
            found.append(f"body only {self.body_chars} chars")
        if self.chrome_left:
            found.append(f"{self.chrome_left} chrome paragraph(s) left")
        return found


@dataclass(slots=True)
class Probe:
    site: Site
    final_url: str | None = None
    status: int | None = None
    # Why the portal gave nothing to read (no answer, robots.txt, an off-site redirect …), in words.
    problem: str | None = None
    # The portal's own name for itself (og:site_name, else the start page's <title>).
    site_name: str | None = None
    family: str = "unknown"
    family_score: float = 0.0
    profile: str = "generic"
    requests: int = 0
    listings: list[Listing] = field(default_factory=list)
    feeds: list[Feed] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The name given (--name), else the portal's own, else the host."""
        host = urlsplit(self.site.start_urls[0]).hostname or ""
        if self.site.name != host or not self.site_name:
            return self.site.name
        return self.site_name

    @property
    def answered(self) -> bool:
        return self.status is not None and self.problem is None

    @property
    def articles_found(self) -> bool:
        return any(s.kind == "article" for s in self.samples)

    @property
    def exit_code(self) -> int:
        if not self.answered:
            return NO_ANSWER
        return FOUND if self.articles_found else NO_ARTICLES

    def good_listings(self) -> list[Listing]:
        """Listing pages worth starting from: those that page on first (a crawl follows a listing's pages only
        from a page that brought new articles, so a paging section must be a start URL), then the richest;
        the start page itself only when no section qualifies."""
        good = [x for x in self.listings if x.articles >= MIN_LISTING_ARTICLES]
        sections = [x for x in good if canonicalize(x.url) not in self._start_pages()]
        return sorted(sections or good, key=lambda x: (x.next_page is None, -x.articles, len(x.url)))

    def _start_pages(self) -> set[str]:
        return {canonicalize(u) for u in (*self.site.start_urls, self.final_url or "")}

    def start_urls(self) -> list[str]:
        """What the crawl should start from: the best listings, else a feed with items, else where it answered."""
        listings = [x.url for x in self.good_listings()[:MAX_START_URLS]]
        if listings:
            return listings
        feeds = sorted((f for f in self.feeds if f.items), key=lambda f: (f.kind != "rss", -f.items))
        if feeds:
            return [feeds[0].url]
        return [self.final_url or self.site.start_urls[0]]

    def verdict(self) -> str:
        """The probe's conclusion in words: what is wrong, or that the samples read well."""
        if not self.answered:
            return self.problem or "no answer"
        if not self.articles_found:
            return "answered, but no article was found"
        articles = [s for s in self.samples if s.kind == "article"]
        bad = [s for s in articles if s.problems]
        if not bad:
            return f"{len(articles)}/{len(articles)} sample articles read well"
        worst = Counter(p.split(" ", 2)[0] + " " + p.split(" ", 2)[1] for s in bad for p in s.problems)
        return f"{len(articles) - len(bad)}/{len(articles)} sample articles read well; " + ", ".join(
            f"{what} on {n}" for what, n in worst.most_common(3))


def mark_chrome(samples: Sequence[Sample]) -> None:
    """Count, in each sample, the body paragraphs another sample's body repeats word for word."""
    seen: Counter[str] = Counter()
    for sample in samples:
        for paragraph in set(sample.body):
            seen[paragraph] += 1
    for sample in samples:
        sample.chrome_left = sum(1 for p in sample.body if seen[p] > 1 and len(p) > 0)


def suggested_id(site: Site, url: str | None) -> str:
    """The registry id: the one given, else from the host ("congan.laichau.gov.vn" -> "laichau",
    "127.0.0.11" -> "portal-127-0-0-11")."""
    if site.id and SITE_ID.match(site.id) and site.id != "probe":
        return site.id
    host = (urlsplit(url or site.start_urls[0]).hostname or "portal").lower()
    if re.fullmatch(r"[\d.]+|[\da-f:]+", host):
        return "portal-" + re.sub(r"[^\da-f]+", "-", host).strip("-")
    parts = [p for p in host.split(".") if p not in ("www", "congan", "gov", "vn", "com", "org", "net", "edu")]
    text = re.sub(r"[^a-z0-9]+", "-", (parts[0] if parts else host).lower()).strip("-")
    return text or "portal"


def render_toml(probe: Probe) -> str:
    """A `[[sites]]` table for `sites.toml`, from what the probe found."""
    site = probe.site
    lines = [
        "[[sites]]",
        f"id = {json.dumps(suggested_id(site, probe.final_url))}",
        f"name = {json.dumps(probe.name, ensure_ascii=False)}",
        "start_urls = [" + ", ".join(json.dumps(u) for u in probe.start_urls()) + "]",
    ]
    if probe.profile != "generic" and probe.family_score >= SURE:
        lines.append(f"profile = {json.dumps(probe.profile)}")
    hosts = sorted({urlsplit(u).hostname or "" for u in probe.start_urls()} - {""})
    asked = sorted({urlsplit(u).hostname or "" for u in site.start_urls} - {""})
    if hosts and hosts != asked:
        # It answered from another host of the same site (www., a redirect to the canonical host).
        lines.append("allowed_domains = [" + ", ".join(json.dumps(h) for h in sorted(set(hosts) | set(asked))) + "]")
    return "\n".join(lines) + "\n"


def render_report(probe: Probe) -> str:
    """What the probe found, for people (stderr of `crawler probe`)."""
    out = [f"probe {probe.site.start_urls[0]}"]
    if probe.final_url and probe.final_url != probe.site.start_urls[0]:
        out.append(f"  answered from {probe.final_url}")
    if not probe.answered:
        out.append(f"  problem: {probe.problem or 'no answer'}")
        out.append(f"  verdict: {probe.verdict()}")
        return "\n".join(out)
    sure = "sure" if probe.family_score >= SURE else "a guess" if probe.family_score else "no family markup"
    profile = probe.profile if probe.profile != "generic" else "generic extractor"
    out.append(f"  family: {probe.family} ({sure}, {probe.family_score:.2f}); read by: {profile}")
    out.append("  listings:" if probe.listings else "  listings: none found")
    for x in sorted(probe.listings, key=lambda x: -x.articles):
        paging = f"next page {x.next_page}" if x.next_page else "no next page seen"
        out.append(f"    {x.articles:3d} article links  {x.url}  ({paging})")
    out.append("  feeds:" if probe.feeds else "  feeds: none found")
    for f in probe.feeds:
        validators = "with validators" if f.validators else "no validators"
        out.append(f"    {f.kind:7s} {f.items:4d} items  {f.url}  ({validators})")
    out.append("  samples:" if probe.samples else "  samples: none read")
    for s in probe.samples:
        problems = s.problems
        out.append(f"    {'ok ' if not problems else 'BAD'} {s.url}")
        if s.kind == "article":
            date = f"{s.published_at} ({s.published_source})" if s.published_at else "-"
            out.append(f"        title: {s.title or '-'}")
            out.append(f"        date: {date}; author: {s.author or '-'}; body: {s.body_chars} chars; "
                       f"chrome left: {s.chrome_left}")
        if problems:
            out.append(f"        problem: {'; '.join(problems)}")
    out.append(f"  requests: {probe.requests}")
    out.append(f"  verdict: {probe.verdict()}")
    return "\n".join(out)


def run_probes(sites: Sequence[Site], overrides: dict[str, Any] | None = None) -> list[Probe]:
    """Probe every site in this process, concurrently across portals (one reactor: call once per process)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.crawl.runner import crawl_settings
    from spiders.probe import probe_spider_class

    settings = crawl_settings({
        # A probe stores nothing, records no run and needs no registry.
        "ITEM_PIPELINES": {}, "EXTENSIONS": {}, "LOG_LEVEL": "CRITICAL", "RETRY_TIMES": 1,
        "SPIDER_LOADER_CLASS": "scrapy.spiderloader.SpiderLoader", "SPIDER_MODULES": [],
        **(overrides or {}),
    })
    process = CrawlerProcess(settings)
    probes = [Probe(site) for site in sites]
    for probe in probes:
        process.crawl(probe_spider_class(probe))
    process.start()
    for probe in probes:
        mark_chrome([s for s in probe.samples if s.kind == "article"])
    return probes
