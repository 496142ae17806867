"""`crawler worker`: distributed mode, crawl what the feeders put into Redis, for every site."""

from __future__ import annotations

import argparse
import sys

from crawler.cli import options
from crawler.cli.base import EXIT_OK
from crawler.cli.crawl import with_extensions


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("worker", help="distributed mode: crawl the requests queued in Redis, for every site")
    options.add_sites(p)
    options.add_site(p, "serve only this site (repeatable)", repeatable=True)
    options.add_db(p)
    options.add_redis(p, "Redis URL (default: $REDIS_URL)")
    p.add_argument("--idle-exit", type=float, metavar="SECONDS",
                   help="exit once nothing was queued or fetched for this long (default: wait forever)")
    options.add_log_level(p)
    options.add_progress(p, 0.0)
    options.add_scrapy_settings(p)
    options.add_metrics(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Crawl what the feeders put into Redis, with a spider per registry site, until stopped or idle."""
    from crawler.crawl import distributed
    from crawler.crawl.runner import run_crawl
    from crawler.crawl.summary import render_table
    from storage.db import redact_url

    sites, db_url, overrides, settings = options.crawl_target(args)
    url, prefix = options.redis_target(args)
    options.start_metrics(args, db_url)
    overrides.update(settings)
    overrides.update(with_extensions(distributed.worker_settings(url, prefix, args.idle_exit)))
    print(f"worker: {len(sites)} site(s), queues {prefix}:*, storing into {redact_url(db_url)}",
          file=sys.stderr, flush=True)
    summaries = run_crawl(sites, sites_file=args.sites, db_url=db_url, overrides=overrides)
    # This worker's share over its lifetime; `crawler runs` has one row per site per crawl cycle.
    print(render_table(summaries))
    return EXIT_OK
