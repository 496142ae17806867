"""The options several commands share, declared once (as Scrapy's `ScrapyCommand.add_options`), and their types.

Each `add_*` function adds one option (or a pair that goes together) to a command's parser;
a command calls them in the order its `--help` lists them. The help text of an option is the
same everywhere unless a command passes its own.
"""

from __future__ import annotations

import argparse
import math
import os
import typing
from collections.abc import Sequence
from pathlib import Path

from crawler.cli.base import EXIT_FAILED, CommandError
from crawler.crawl.registry import Site, load_sites, select_sites

SITES_HELP = "site registry (default: %(default)s)"
PORTAL_NAMES_HELP = "site registry, for portal names (default: %(default)s)"
DB_HELP = "database URL (default: $DATABASE_URL, then sqlite:///data/crawler.sqlite)"
LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"]


# --- the options -------------------------------------------------------------------------------


def sites_default() -> str:
    return os.environ.get("CRAWLER_SITES", "sites.toml")


def add_sites(parser: argparse.ArgumentParser, help: str = SITES_HELP) -> None:
    """--sites FILE: the site registry."""
    parser.add_argument("--sites", default=sites_default(), help=help)


def add_site(parser: argparse.ArgumentParser, help: str, *, repeatable: bool = False) -> None:
    """--site ID: one site, or with `repeatable` a selection of sites."""
    if repeatable:
        parser.add_argument("--site", action="append", metavar="ID", help=help)
    else:
        parser.add_argument("--site", metavar="ID", help=help)


def add_db(parser: argparse.ArgumentParser, help: str = DB_HELP) -> None:
    """--db URL: the database."""
    parser.add_argument("--db", help=help)


def add_log_level(parser: argparse.ArgumentParser, default: str = "WARNING", *, any_case: bool = False) -> None:
    if any_case:
        parser.add_argument("--log-level", default=default, type=str.upper, choices=LOG_LEVELS)
    else:
        parser.add_argument("--log-level", default=default, choices=LOG_LEVELS)


def add_progress(parser: argparse.ArgumentParser, default: float) -> None:
    parser.add_argument("--progress", type=float, default=default, metavar="SECONDS", help="progress line interval")


def add_scrapy_settings(parser: argparse.ArgumentParser) -> None:
    """-s NAME=VALUE, repeatable; read with `settings_overrides`."""
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="a Scrapy setting")


def add_redis(parser: argparse.ArgumentParser, url_help: str) -> None:
    """--redis URL and --redis-prefix PREFIX; read with `redis_target`."""
    parser.add_argument("--redis", metavar="URL", help=url_help)
    parser.add_argument("--redis-prefix", metavar="PREFIX",
                        help="Redis key prefix (default: $CRAWLER_REDIS_PREFIX, vnpc)")


def add_metrics(parser: argparse.ArgumentParser) -> None:
    """--metrics-port / --metrics-host: serve Prometheus metrics (crawler.monitoring.metrics)."""
    parser.add_argument("--metrics-port", type=port, metavar="PORT",
                        help="serve Prometheus metrics at http://HOST:PORT/metrics (default: none)")
    parser.add_argument("--metrics-host", default="127.0.0.1", metavar="HOST",
                        help="address of the metrics server (default: %(default)s, this machine only)")


def start_metrics(args: argparse.Namespace, db_url: str) -> None:
    """Serve the metrics when --metrics-port was given; a port that cannot be had is one `error:` line."""
    if args.metrics_port is None:
        return
    from crawler.monitoring import metrics

    try:
        metrics.serve(args.metrics_port, metrics.lazy_database(db_url), host=args.metrics_host)
    except OSError as exc:
        raise CommandError(f"cannot serve metrics on {args.metrics_host}:{args.metrics_port}: "
                           f"{exc.strerror or exc}") from None


def add_limit(parser: argparse.ArgumentParser, help: str, default: int | None = None) -> None:
    """--limit N, a whole number >= 1."""
    parser.add_argument("--limit", type=positive, default=default, metavar="N", help=help)


def add_json(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--json", action="store_true", help=help)


def add_portal_names(parser: argparse.ArgumentParser) -> None:
    """--sites FILE where the registry only names the portals; read with `portal_sites`."""
    add_sites(parser, help=PORTAL_NAMES_HELP)


# --- reading them ------------------------------------------------------------------------------


def portal_sites(path: str) -> list[typing.Any]:
    """The registry for portal names; a missing default sites.toml is no reason not to serve the inbox."""
    if path == os.environ.get("CRAWLER_SITES", "sites.toml") and not Path(path).exists():
        return []
    return load_sites(path)


def settings_overrides(pairs: Sequence[str]) -> dict[str, str]:
    overrides = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CommandError(f"-s expects NAME=VALUE, got {pair!r}")
        overrides[key] = value
    if overrides:
        _check_setting_types(overrides)
    return overrides


def _check_setting_types(overrides: dict[str, str]) -> None:
    """Scrapy converts a setting only where it reads it, mid-start, with a traceback; check numbers and flags here."""
    from scrapy.settings import Settings

    from crawler.crawl.runner import crawl_settings

    defaults = crawl_settings()
    for key, value in overrides.items():
        default = defaults.get(key)
        probe = Settings({key: value})
        try:
            if isinstance(default, bool):
                probe.getbool(key)
            elif isinstance(default, int | float):
                # Scrapy reads some integer defaults (DOWNLOAD_TIMEOUT) as floats: accept either.
                probe.getfloat(key)
        except ValueError:
            kind = "true or false" if isinstance(default, bool) else "a number"
            raise CommandError(f"-s {key}: expected {kind}, got {value!r}") from None


def redis_target(args: argparse.Namespace) -> tuple[str, str]:
    """The Redis URL and key prefix of --redis and --redis-prefix, or of the environment."""
    from crawler.crawl import distributed

    try:
        url, prefix = distributed.redis_url(args.redis), distributed.key_prefix(args.redis_prefix)
    except distributed.DistributedError as exc:
        raise CommandError(str(exc)) from None
    # Asked before anything starts: a Redis that is away (a restart) fails this run in one line; the
    # scheduler backs off and tries again.
    problem = distributed.redis_problem(url)
    if problem:
        from storage.db import redact_url

        raise CommandError(f"Redis at {redact_url(url)} is unavailable: {problem}", code=EXIT_FAILED)
    return url, prefix


# --- argument types ----------------------------------------------------------------------------


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value


def port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number 0-65535, got {value}")
    return value


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def article_id(text: str) -> int:
    from storage.models import MAX_ID

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an article id (a whole number), got {text!r}") from None
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"expected an article id >= 1, got {text!r}")
    return value


def watch_id(text: str) -> int:
    try:
        return article_id(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"expected a watchlist id (a whole number >= 1), got {text!r}") from None


def crawl_target(args: argparse.Namespace) -> tuple[list[Site], str, dict[str, object], dict[str, str]]:
    """What `crawler crawl` and `crawler worker` start from: the sites, the database URL (opened once, so a
    mistake costs one line before any request is sent), the overrides every crawl gets, and the -s ones."""
    from storage import open_database, resolve_db_url

    sites = select_sites(load_sites(args.sites), args.site, args.sites)
    # Before the database is opened (and a SQLite file created): a typo costs nothing.
    settings = settings_overrides(args.set)
    db_url = resolve_db_url(args.db)
    open_database(db_url).dispose()
    overrides: dict[str, object] = {"LOG_LEVEL": args.log_level, "PROGRESS_INTERVAL": args.progress}
    return sites, db_url, overrides, settings


def province(text: str) -> str:
    """--province: today's province, by slug or by name (today's or a former province's)."""
    from crawler.tagging import province_key

    found = province_key(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"not a province: {text!r} (e.g. lam-dong, 'Lâm Đồng' or a former "
                                         "province, 'Bình Thuận'; see crawler tags)")
    return found


def case_type(text: str) -> str:
    """--type: a case type of crawler/tagging/data/case_types.toml."""
    from crawler.tagging import Taxonomy

    types = Taxonomy.load().types
    if text not in types:
        raise argparse.ArgumentTypeError(f"not a case type: {text!r} (one of {', '.join(types)})")
    return text


def add_tag_filters(parser: argparse.ArgumentParser) -> None:
    """--province and --type: stories tagged with today's province and with a case type (crawler.tagging)."""
    parser.add_argument("--province", type=province, metavar="PROVINCE",
                        help="only stories about this province as it is today (a former province's name "
                             "finds its stories too: 'Bình Thuận' is lam-dong)")
    parser.add_argument("--type", dest="case_type", type=case_type, metavar="TYPE",
                        help="only stories of this case type (drugs, traffic, fraud-cyber, ...: crawler tags)")
