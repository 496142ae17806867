"""`crawler sites`: the registry's sites with their crawl health and alerts; `--check` probes each portal."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from crawler.cli import options
from crawler.cli.base import EXIT_FAILED, EXIT_OK
from crawler.crawl.registry import Site, load_sites

if TYPE_CHECKING:
    from crawler.crawl.probe import Probe


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("sites", help="list the registry's sites with their crawl health and alerts")
    options.add_sites(p)
    options.add_site(p, "only this site (repeatable)", repeatable=True)
    options.add_db(p)
    p.add_argument("--check", action="store_true",
                   help="probe every site now (as `crawler probe`, concurrently across portals, politely per "
                        "portal): reachable, family, listings, feed, sample quality; exit 1 when any is broken")
    options.add_scrapy_settings(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from crawler.crawl.registry import RegistryError, select_sites

    missing: RegistryError | None = None
    try:
        sites = select_sites(load_sites(args.sites), args.site, args.sites)
    except RegistryError as exc:
        # Without its registry file the store still knows the portals its crawls were given.
        if args.check or not str(exc).endswith("file not found"):
            raise
        sites, missing = [], exc
    if args.check:
        return _check(sites, options.settings_overrides(args.set))
    from sqlalchemy.exc import SQLAlchemyError

    from crawler.review.queue import reading, render_registry, render_sites
    from storage import DatabaseError, RunRepository
    from storage.portals import PortalRepository

    try:
        with reading(args.db) as db:
            sites += _stored_only(PortalRepository(db).all(), sites, args.site)
            if not sites and missing is not None:
                raise missing
            overviews = RunRepository(db).overview([s.id for s in sites])
    except (DatabaseError, SQLAlchemyError) as exc:
        if missing is not None:
            raise missing from None
        # The registry is worth showing on its own: it is what a first-time user checks before any crawl.
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"warning: {reason} (showing the registry only)", file=sys.stderr)
        print(render_registry(sites))
        return EXIT_OK
    print(render_sites(sites, overviews))
    return EXIT_OK


def _stored_only(stored: Sequence[Any], sites: Sequence[Site], wanted: Sequence[str] | None) -> list[Site]:
    """The portals the store knows (from earlier crawls) that the registry read now does not list."""
    known = {s.id for s in sites}
    return [Site(id=p.id, name=p.name, start_urls=tuple(p.start_urls) or ("-",), profile=p.profile)
            for p in stored if p.id not in known and (not wanted or p.id in wanted)]


def _check(sites: Sequence[Site], overrides: dict[str, str]) -> int:
    from crawler.crawl.probe import run_probes

    print(f"checking {len(sites)} site(s): robots.txt and each portal's delay are respected", file=sys.stderr,
          flush=True)
    probes = run_probes(sites, overrides)
    print(render_check(probes))
    broken = [p for p in probes if p.exit_code != 0]
    if broken:
        print(f"{len(broken)} of {len(probes)} site(s) broken: {', '.join(p.site.id for p in broken)} "
              "(crawler probe URL shows one in detail and suggests its entry)", file=sys.stderr)
    return EXIT_FAILED if broken else EXIT_OK


def render_check(probes: Sequence[Probe]) -> str:
    from crawler.review.queue import render_table

    rows = []
    for p in probes:
        listings = p.good_listings()
        rss = [f for f in p.feeds if f.kind == "rss" and f.items]
        feed = ("rss+validators" if any(f.validators for f in rss) else "rss") if rss else (
            "sitemap" if any(f.items for f in p.feeds) else "-")
        articles = [s for s in p.samples if s.kind == "article"]
        good = sum(1 for s in articles if not s.problems)
        rows.append([
            p.site.id, "yes" if p.answered else "no", f"{p.family} {p.family_score:.2f}" if p.answered else "-",
            str(len(listings)), feed, f"{good}/{len(articles)}" if articles else "-",
            "" if p.exit_code == 0 and good == len(articles) else p.verdict(),
        ])
    headers = ["site", "reachable", "family", "listings", "feed", "samples ok", "problem"]
    return "\n".join(render_table(headers, rows, right=[3], shrink=6))
