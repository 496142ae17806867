"""`crawler probe URL`: find what the crawler needs to know about a portal, and print its `[[sites]]` entry."""

from __future__ import annotations

import argparse
import sys

from crawler.cli import options
from crawler.cli.base import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "probe", help="look at a portal (family, listings, feeds, sample articles) and print its sites.toml entry",
        description="Politely fetch a portal's home or listing page and find its CMS family, news listings, feeds "
                    "and sitemaps, and three sample articles read field by field. The [[sites]] entry goes to "
                    "stdout, the report to stderr. Exit 0: articles found; 1: the portal answered but no "
                    "article was found; 2: bad input or no answer.")
    p.add_argument("url", help="the portal's home page or a news listing page (http or https)")
    p.add_argument("--id", help="the registry id to suggest (default: from the host name)")
    p.add_argument("--name", help="the portal's name for the entry (default: the host name)")
    options.add_scrapy_settings(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import re
    from urllib.parse import urlsplit

    from crawler.crawl.probe import render_report, render_toml, run_probes
    from crawler.crawl.registry import RegistryError, parse_sites

    host = urlsplit(args.url).hostname if "://" in args.url else None
    entry = (f'[[sites]]\nid = "{args.id or "probe"}"\nname = {_quoted(args.name or host or args.url)}\n'
             f"start_urls = [{_quoted(args.url)}]\n")
    try:
        site = parse_sites(entry, "probe")[0]
    except RegistryError as exc:
        # "probe: site 'x': key 'start_urls': not an http(s) URL: '…'" -> "not an http(s) URL"
        message = re.sub(r"^.*key '[^']+': ", "", str(exc)).split(": '")[0]
        raise CommandError(f"cannot probe {args.url!r}: {message}") from None
    overrides = options.settings_overrides(args.set)
    print(f"probing {args.url} (robots.txt and a {site.download_delay:g} s delay are respected)",
          file=sys.stderr, flush=True)
    probe = run_probes([site], overrides)[0]
    print(render_report(probe), file=sys.stderr)
    if probe.answered:
        print(render_toml(probe), end="")
    return probe.exit_code


def _quoted(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)
