"""`crawler crawl`: crawl the registry's sites once and store new articles (or, --distributed, feed Redis)."""

from __future__ import annotations

import argparse
import sys

from crawler.cli import options
from crawler.cli.base import EXIT_FAILED, EXIT_OK, EXIT_USAGE


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("crawl", help="crawl the registry's sites once and store new articles")
    options.add_sites(p)
    options.add_site(p, "crawl only this site (repeatable)", repeatable=True)
    options.add_db(p)
    options.add_log_level(p)
    options.add_progress(p, 10.0)
    options.add_scrapy_settings(p)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--revisit", action="store_true",
                      help="audit pass: also re-fetch every known article to record edits and removals")
    mode.add_argument("--full", action="store_true",
                      help="re-read every listing page, feed and article, as on a first crawl")
    p.add_argument("--distributed", action="store_true",
                   help="only feed the start requests into Redis ($REDIS_URL) for `crawler worker` processes: "
                        "a crawl cycle per site, in this crawl's mode, recorded as one run when drained")
    options.add_redis(p, "Redis URL for --distributed (default: $REDIS_URL)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from crawler.crawl.outage import STORE_REFUSED
    from crawler.crawl.runner import run_crawl
    from crawler.crawl.summary import render_table
    from crawler.monitoring.alerts import after_crawl
    from storage.db import redact_url

    sites, db_url, overrides, settings = options.crawl_target(args)
    if args.revisit:
        overrides["REVISIT_ALL"] = True
    if args.full:
        overrides["FULL_CRAWL"] = True
    overrides.update(settings)
    if args.distributed or _distributed_setting(settings):
        from crawler.crawl import distributed

        url, prefix = options.redis_target(args)
        overrides.update(with_extensions(distributed.feeder_settings(url, prefix)))
        print(f"feeding {len(sites)} site(s) into Redis ({prefix}:*) for the workers", file=sys.stderr, flush=True)
        run_crawl(sites, sites_file=args.sites, db_url=db_url, overrides=overrides)
        return EXIT_OK
    print(f"crawling {len(sites)} site(s) into {redact_url(db_url)}", file=sys.stderr, flush=True)
    summaries = run_crawl(sites, sites_file=args.sites, db_url=db_url, overrides=overrides)
    print(render_table(summaries))
    after_crawl(db_url)  # alerts (crawler.monitoring.alerts): only when configured; never fails the crawl
    if any(s.finish_reason == STORE_REFUSED for s in summaries):
        return EXIT_USAGE  # a full disk or a read-only database: someone must act (the reason was logged)
    failed = [s for s in summaries if s.failed]
    return EXIT_FAILED if failed and len(failed) == len(summaries) else EXIT_OK


def _distributed_setting(settings: dict[str, str]) -> bool:
    from crawler.crawl.runner import crawl_settings

    return crawl_settings(settings).getbool("DISTRIBUTED")


def with_extensions(overrides: dict[str, object]) -> dict[str, object]:
    """The distributed mode's extensions added to the project's (`crawler worker` uses it too)."""
    from crawler.crawl.distributed import merge_extensions
    from crawler.crawl.runner import crawl_settings

    return merge_extensions(crawl_settings().getdict("EXTENSIONS"), overrides)
