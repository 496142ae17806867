"""The `crawler` command: crawl, export, extract, sites, demo, and the review commands new, show, review, runs."""

from __future__ import annotations

import argparse
import json
import os
import sys
import typing
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from crawler.core.dates import TZ
from crawler.crawl.registry import RegistryError, load_sites, select_sites

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A problem the user can fix, told in one line."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def _settings_overrides(pairs: Sequence[str]) -> dict[str, str]:
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


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.crawl.runner import run_crawl
    from crawler.crawl.summary import render_table
    from crawler.monitoring.alerts import after_crawl
    from storage import open_database, resolve_db_url

    sites = select_sites(load_sites(args.sites), args.site, args.sites)
    # Before the database is opened (and a SQLite file created): a typo costs nothing.
    settings = _settings_overrides(args.set)
    db_url = resolve_db_url(args.db)
    # Fail fast, in one line, before any request is sent.
    open_database(db_url).dispose()
    overrides: dict[str, object] = {"LOG_LEVEL": args.log_level, "PROGRESS_INTERVAL": args.progress}
    if args.revisit:
        overrides["REVISIT_ALL"] = True
    if args.full:
        overrides["FULL_CRAWL"] = True
    overrides.update(settings)
    if args.distributed or _distributed_setting(settings):
        from crawler.crawl import distributed

        url, prefix = _redis_target(args)
        overrides.update(_with_extensions(distributed.feeder_settings(url, prefix)))
        print(f"feeding {len(sites)} site(s) into Redis ({prefix}:*) for the workers", file=sys.stderr, flush=True)
        run_crawl(sites, sites_file=args.sites, db_url=db_url, overrides=overrides)
        return EXIT_OK
    print(f"crawling {len(sites)} site(s) into {_redact(db_url)}", file=sys.stderr, flush=True)
    summaries = run_crawl(sites, sites_file=args.sites, db_url=db_url, overrides=overrides)
    print(render_table(summaries))
    after_crawl(db_url)  # alerts (crawler.monitoring.alerts): only when configured; never fails the crawl
    failed = [s for s in summaries if s.failed]
    return EXIT_FAILED if failed and len(failed) == len(summaries) else EXIT_OK


def _distributed_setting(settings: dict[str, str]) -> bool:
    from crawler.crawl.runner import crawl_settings

    return crawl_settings(settings).getbool("DISTRIBUTED")


def _redis_target(args: argparse.Namespace) -> tuple[str, str]:
    from crawler.crawl import distributed

    try:
        return distributed.redis_url(args.redis), distributed.key_prefix(args.redis_prefix)
    except distributed.DistributedError as exc:
        raise CommandError(str(exc)) from None


def _with_extensions(overrides: dict[str, object]) -> dict[str, object]:
    from crawler.crawl.distributed import merge_extensions
    from crawler.crawl.runner import crawl_settings

    return merge_extensions(crawl_settings().getdict("EXTENSIONS"), overrides)


def cmd_worker(args: argparse.Namespace) -> int:
    """Crawl what the feeders put into Redis, with a spider per registry site, until stopped or idle."""
    from crawler.crawl import distributed
    from crawler.crawl.runner import run_crawl
    from crawler.crawl.summary import render_table
    from storage import open_database, resolve_db_url

    sites = select_sites(load_sites(args.sites), args.site, args.sites)
    settings = _settings_overrides(args.set)
    db_url = resolve_db_url(args.db)
    open_database(db_url).dispose()
    url, prefix = _redis_target(args)
    overrides: dict[str, object] = {"LOG_LEVEL": args.log_level, "PROGRESS_INTERVAL": args.progress}
    overrides.update(settings)
    overrides.update(_with_extensions(distributed.worker_settings(url, prefix, args.idle_exit)))
    print(f"worker: {len(sites)} site(s), queues {prefix}:*, storing into {_redact(db_url)}",
          file=sys.stderr, flush=True)
    summaries = run_crawl(sites, sites_file=args.sites, db_url=db_url, overrides=overrides)
    # This worker's share over its lifetime; `crawler runs` has one row per site per crawl cycle.
    print(render_table(summaries))
    return EXIT_OK


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def cmd_export(args: argparse.Namespace) -> int:
    from crawler.review.export import records, write_csv, write_jsonl
    from storage import ArticleRepository, open_database

    db = open_database(args.db)
    try:
        try:
            out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"{args.output}: cannot write: {exc.strerror}") from None
        try:
            writer = write_csv if args.format == "csv" else write_jsonl
            count = writer(records(ArticleRepository(db), new_only=args.new), out)
        finally:
            if args.output:
                out.close()
    finally:
        db.dispose()
    print(f"exported {count} article(s)", file=sys.stderr)
    return EXIT_OK


def fetch_time(value: str) -> datetime:
    """An ISO timestamp for --fetched-at; without an offset it is Vietnam time."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO timestamp (e.g. 2026-12-05T09:14+07:00)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=TZ)


def cmd_extract(args: argparse.Namespace) -> int:
    from crawler.extract import PROFILE_NAMES, Context, extract

    if args.profile not in ("auto", *PROFILE_NAMES):
        raise CommandError(f"unknown profile {args.profile!r} (one of: auto, {', '.join(PROFILE_NAMES)})")
    if args.url and len(args.files) > 1:
        raise CommandError("--url names the page of a single file")
    results = []
    status = EXIT_OK
    for name in args.files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{name}: cannot read: {exc.strerror}") from None
        head = data[:2048].lstrip().lower()
        if b"<" not in head or data[:4] in (b"%PDF", b"PK\x03\x04") or b"\x00" in data[:1024]:
            print(f"error: {name}: not an HTML page", file=sys.stderr)
            status = EXIT_USAGE
            continue
        url = args.url or path.resolve().as_uri()
        fetched_at = args.fetched_at or datetime.fromtimestamp(path.stat().st_mtime, TZ)
        article = extract(url, data, profile=args.profile, fetched_at=fetched_at,
                          context=Context(thorough=args.explain))
        if args.explain and article.dating is not None:
            print(f"{name}: date witnesses (fetched {fetched_at.isoformat(timespec='minutes')}), best first:",
                  file=sys.stderr)
            print("\n".join(f"  {line}" for line in article.dating.explain()), file=sys.stderr)
        results.append({"file": name, **article.to_json()})
    if results:
        json.dump(results[0] if len(results) == 1 else results, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return status


def cmd_sites(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from crawler.review.queue import reading, render_registry, render_sites
    from storage import DatabaseError, RunRepository

    sites = load_sites(args.sites)
    try:
        with reading(args.db) as db:
            overviews = RunRepository(db).overview([s.id for s in sites])
    except (DatabaseError, SQLAlchemyError) as exc:
        # The registry is worth showing on its own: it is what a first-time user checks before any crawl.
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"warning: {reason} (showing the registry only)", file=sys.stderr)
        print(render_registry(sites))
        return EXIT_OK
    print(render_sites(sites, overviews))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from crawler.review.queue import reading, render_queue, review_queue

    with reading(args.db) as db:
        queue = review_queue(db, site_id=args.site, limit=args.limit)
    print(render_queue(queue, site_id=args.site))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from crawler.review.queue import article_json, reading, render_article
    from storage import ArticleRepository

    with reading(args.db) as db:
        article = ArticleRepository(db).get(args.id)
        also = _also_published(db, args.id) if article is not None and not args.json else []
    if article is None:
        raise CommandError(f"no article with id {args.id}")
    if args.json:
        json.dump(article_json(article), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(render_article(article))
        if also:  # the same story, edited, on other portals (storage.near_dups): earliest first
            print("\nAlso published by:\n" + "\n".join(also))
    return EXIT_OK


def _also_published(db: typing.Any, article_id: int) -> list[str]:
    from crawler.review.queue import local_time
    from storage.near_dups import also_published

    return [f"  {a.site_id}, first seen {local_time(a.first_seen_at)}, {a.url}  (article {a.article_id})"
            for a in also_published(db, article_id)]


def cmd_review(args: argparse.Namespace) -> int:
    from crawler.review.queue import missing_ids, no_article_message, reading, reviewed_message
    from storage import ArticleRepository

    if args.all == bool(args.ids):
        raise CommandError("give article ids or --all, not both" if args.all else "give article ids or --all")
    with reading(args.db) as db:
        if args.all:
            print(reviewed_message(ArticleRepository(db).review(None), None))
            return EXIT_OK
        missing = missing_ids(db, args.ids)
        if missing:
            raise CommandError(no_article_message(missing))
        marked = ArticleRepository(db).review(args.ids)
    print(reviewed_message(marked, len(set(args.ids))))
    return EXIT_OK


def cmd_runs(args: argparse.Namespace) -> int:
    from crawler.review.queue import reading, render_runs
    from storage import RunRepository

    with reading(args.db) as db:
        runs = RunRepository(db).recent(site_id=args.site, limit=args.limit)
    print(render_runs(runs))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from crawler.review.queue import TERMINAL_WIDTH, local_time, one_line, reading, render_table, shorten
    from storage.search import SearchError, count, search

    try:
        with reading(args.db) as db:
            hits = search(db, args.query, site_id=args.site, limit=args.limit)
            total = count(db, args.query, site_id=args.site) if hits else 0
    except SearchError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        json.dump([{"id": h.article_id, "title": h.title, "site": h.site_id, "url": h.url,
                    "published_at": h.published_at.isoformat() if h.published_at else None,
                    "first_seen_at": h.first_seen_at.isoformat(), "snippet": h.snippet, "score": h.score}
                   for h in hits], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not hits:
        print(f"no stories match {one_line(args.query)!r}" + (f" on {args.site}" if args.site else ""))
        return EXIT_OK
    rows = [[str(h.article_id), h.site_id, local_time(h.at), "title" if h.score >= 2 else "text", one_line(h.title)]
            for h in hits]
    table = render_table(["id", "site", "date", "match", "title"], rows, right=[0], shrink=4)
    lines = table[:2]
    for line, hit in zip(table[2:], hits, strict=True):
        lines += [line, "    " + shorten(hit.snippet, TERMINAL_WIDTH - 4)]
    total_text = f"{total}+" if total >= 1000 else str(total)
    lines += ["", f"showing {len(hits)} of {total_text} matching stories (title matches first, then newest)",
              "details: crawler show ID"]
    print("\n".join(lines))
    return EXIT_OK


def _web_sites(path: str) -> list[typing.Any]:
    """The registry for portal names; a missing default sites.toml is no reason not to serve the inbox."""
    if path == os.environ.get("CRAWLER_SITES", "sites.toml") and not Path(path).exists():
        return []
    return load_sites(path)


def cmd_web(args: argparse.Namespace) -> int:
    from waitress.server import create_server

    from crawler.web import create_app

    sites = _web_sites(args.sites)
    app = create_app(args.db, sites=sites)
    try:
        server = create_server(app, host=args.host, port=args.port, threads=args.threads)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise CommandError(f"cannot listen on {args.host}:{args.port}: {reason}") from None
    port = server.effective_port
    print(f"review inbox at http://{args.host}:{port}/ (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        server.run()
    finally:
        server.close()
        app.extensions["crawler_db"].dispose()
    return EXIT_OK


def cmd_feed(args: argparse.Namespace) -> int:
    from crawler.review.feeds import atom_feed
    from crawler.review.queue import reading
    from storage import ArticleRepository

    names = {s.id: s.name for s in _web_sites(args.sites)}
    with reading(args.db) as db:
        if args.site and args.site not in names and not ArticleRepository(db).has_known_urls(args.site):
            raise CommandError(f"unknown site {args.site!r}: not in the registry and never crawled")
        body = atom_feed(db, site_id=args.site, site_name=names.get(args.site or ""), limit=args.limit,
                         base_url=args.base_url)
    sys.stdout.buffer.write(body)
    sys.stdout.flush()
    return EXIT_OK


def _article_id(text: str) -> int:
    from storage.models import MAX_ID

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an article id (a whole number), got {text!r}") from None
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"expected an article id >= 1, got {text!r}")
    return value


def _watch_id(text: str) -> int:
    try:
        return _article_id(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"expected a watchlist id (a whole number >= 1), got {text!r}") from None


class OneLineParser(argparse.ArgumentParser):
    """Usage mistakes in one `error:` line with exit 2, like every other mistake the user can fix."""

    def error(self, message: str) -> typing.NoReturn:
        self.exit(EXIT_USAGE, f"error: {self.prog}: {message} (see {self.prog} --help)\n")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number 0-65535, got {value}")
    return value


def cmd_watch_add(args: argparse.Namespace) -> int:
    from crawler.monitoring.alerts import fold_terms
    from storage import open_database
    from storage.alerts import AlertRepository

    name = " ".join(args.name.split())
    if not name:
        raise CommandError("a watchlist needs a name")
    terms = [" ".join(term.split()) for term in args.terms]
    try:
        folded = fold_terms(terms)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    db = open_database(args.db)
    try:
        repo = AlertRepository(db)
        if any(w.name == name for w in repo.watchlists()):
            raise CommandError(f"a watchlist named {name!r} exists; remove it first or pick another name")
        watch = repo.add_watchlist(name, terms, folded)
    finally:
        db.dispose()
    print(f"watchlist {watch.id} {name!r}: {', '.join(terms)}")
    return EXIT_OK


def cmd_watch_list(args: argparse.Namespace) -> int:
    from crawler.monitoring.alerts import render_watchlists
    from crawler.review.queue import reading
    from storage.alerts import AlertRepository

    with reading(args.db) as db:
        print(render_watchlists(AlertRepository(db).watchlists()))
    return EXIT_OK


def cmd_watch_remove(args: argparse.Namespace) -> int:
    from crawler.review.queue import reading
    from storage.alerts import AlertRepository

    with reading(args.db) as db:
        if not AlertRepository(db).remove_watchlist(args.id):
            raise CommandError(f"no watchlist with id {args.id}")
    print(f"watchlist {args.id} removed")
    return EXIT_OK


def cmd_alerts(args: argparse.Namespace) -> int:
    from crawler.monitoring import alerts
    from crawler.review.queue import reading
    from storage import open_database
    from storage.alerts import AlertRepository

    try:
        config = alerts.load_config()
    except alerts.AlertConfigError as exc:
        raise CommandError(str(exc)) from None
    if args.send:
        if not config.channels:
            raise CommandError("no alert channel configured: set CRAWLER_ALERT_WEBHOOK or CRAWLER_SMTP_HOST")
        db = open_database(args.db)
        try:
            alerts.check(db, config)
            report = alerts.send_due(db, config)
        finally:
            db.dispose()
        print(report.line(), file=sys.stderr)
    with reading(args.db) as db:
        print(alerts.render_events(AlertRepository(db).events(limit=args.limit, pending_only=args.pending)))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from crawler.cli.demo import run_demo

    return run_demo(Path(args.data))


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from storage.db import upgrade_database

    where, before, after = upgrade_database(args.db)
    if before == after:
        print(f"{where}: already at revision {after} (head)")
    else:
        print(f"{where}: upgraded from {before or 'an empty database'} to revision {after} (head)")
    return EXIT_OK


def cmd_db_current(args: argparse.Namespace) -> int:
    from storage.db import current_revision, head_revision

    where, revision, inferred = current_revision(args.db)
    if revision is None:
        print(f"{where}: empty (no schema yet)")
        return EXIT_OK
    head = " (head)" if revision == head_revision() else f" (head is {head_revision()})"
    unstamped = ", inferred: made before migrations, not stamped yet" if inferred else ""
    print(f"{where}: {revision}{head}{unstamped}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="crawler", description="Monitoring crawler for Vietnamese provincial police news portals."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sites_default = os.environ.get("CRAWLER_SITES", "sites.toml")
    db_help = "database URL (default: $DATABASE_URL, then sqlite:///data/crawler.sqlite)"

    p = sub.add_parser("crawl", help="crawl the registry's sites once and store new articles")
    p.add_argument("--sites", default=sites_default, help="site registry (default: %(default)s)")
    p.add_argument("--site", action="append", metavar="ID", help="crawl only this site (repeatable)")
    p.add_argument("--db", help="database URL (default: $DATABASE_URL, then sqlite:///data/crawler.sqlite)")
    p.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    p.add_argument("--progress", type=float, default=10.0, metavar="SECONDS", help="progress line interval")
    p.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="a Scrapy setting")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--revisit", action="store_true",
                      help="audit pass: also re-fetch every known article to record edits and removals")
    mode.add_argument("--full", action="store_true",
                      help="re-read every listing page, feed and article, as on a first crawl")
    p.add_argument("--distributed", action="store_true",
                   help="only feed the start requests into Redis ($REDIS_URL) for `crawler worker` processes: "
                        "a crawl cycle per site, in this crawl's mode, recorded as one run when drained")
    p.add_argument("--redis", metavar="URL", help="Redis URL for --distributed (default: $REDIS_URL)")
    p.add_argument("--redis-prefix", metavar="PREFIX", help="Redis key prefix (default: $CRAWLER_REDIS_PREFIX, vnpc)")
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("worker", help="distributed mode: crawl the requests queued in Redis, for every site")
    p.add_argument("--sites", default=sites_default, help="site registry (default: %(default)s)")
    p.add_argument("--site", action="append", metavar="ID", help="serve only this site (repeatable)")
    p.add_argument("--db", help=db_help)
    p.add_argument("--redis", metavar="URL", help="Redis URL (default: $REDIS_URL)")
    p.add_argument("--redis-prefix", metavar="PREFIX", help="Redis key prefix (default: $CRAWLER_REDIS_PREFIX, vnpc)")
    p.add_argument("--idle-exit", type=float, metavar="SECONDS",
                   help="exit once nothing was queued or fetched for this long (default: wait forever)")
    p.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    p.add_argument("--progress", type=float, default=0.0, metavar="SECONDS", help="progress line interval")
    p.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="a Scrapy setting")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("export", help="print stored articles as JSON lines or CSV")
    p.add_argument("--db", help="database URL (default: $DATABASE_URL, then sqlite:///data/crawler.sqlite)")
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.add_argument("--new", action="store_true", help="only articles not yet reviewed")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("extract", help="extract saved HTML pages offline and print JSON")
    p.add_argument("files", nargs="+", metavar="FILE.html")
    p.add_argument("--url", help="the page's URL (resolves relative links, picks URL-based rules)")
    p.add_argument("--profile", default="auto", help="auto (default), a CMS family name, or generic")
    p.add_argument("--fetched-at", type=fetch_time, metavar="ISO",
                   help="when the page was saved, e.g. 2026-12-05T09:14+07:00 (default: the file's modification "
                        "time); a header clock shows that day, and no later date is a publication date")
    p.add_argument("--explain", action="store_true",
                   help="print every publication-date witness with its score and verdict on stderr")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("sites", help="list the registry's sites with their crawl health and alerts")
    p.add_argument("--sites", default=sites_default, help="site registry (default: %(default)s)")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=cmd_sites)

    p = sub.add_parser("new", help="list the stories new, updated or removed since the last review")
    p.add_argument("--db", help=db_help)
    p.add_argument("--site", metavar="ID", help="only stories seen on this site")
    p.add_argument("--limit", type=_positive, metavar="N", help="show at most N stories (default: all)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("show", help="print one stored story: every field, its URLs, versions and their diffs")
    p.add_argument("id", type=_article_id, metavar="ID")
    p.add_argument("--db", help=db_help)
    p.add_argument("--json", action="store_true", help="print a JSON object instead of text")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("review", help="mark stories reviewed, so `crawler new` no longer lists them")
    p.add_argument("ids", nargs="*", type=_article_id, metavar="ID")
    p.add_argument("--all", action="store_true", help="mark every unreviewed story")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("runs", help="list recent crawl runs with their figures")
    p.add_argument("--db", help=db_help)
    p.add_argument("--site", metavar="ID", help="only this site's runs")
    p.add_argument("--limit", type=_positive, default=20, metavar="N", help="at most N runs (default: %(default)s)")
    p.set_defaults(func=cmd_runs)

    p = sub.add_parser("search", help="search stored stories; no need for diacritics (cong an lang son)")
    p.add_argument("query", metavar="QUERY", help='words, all required; "quoted words" in a row')
    p.add_argument("--site", metavar="ID", help="only stories of this site")
    p.add_argument("--limit", type=_positive, default=20, metavar="N", help="at most N stories (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="print a JSON array instead of a table")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("web", help="serve the review inbox (inbox, articles, portals, search, feeds) over HTTP")
    p.add_argument("--db", help=db_help)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s, this machine only)")
    p.add_argument("--port", type=_port, default=8080, help="port to listen on (default: %(default)s; 0: any free)")
    p.add_argument("--threads", type=_positive, default=4, metavar="N", help="worker threads (default: %(default)s)")
    p.add_argument("--sites", default=sites_default, help="site registry, for portal names (default: %(default)s)")
    p.set_defaults(func=cmd_web)

    p = sub.add_parser("feed", help="print the Atom feed of new articles (overall, or of one site)")
    p.add_argument("--db", help=db_help)
    p.add_argument("--site", metavar="ID", help="only articles first seen on this site")
    p.add_argument("--limit", type=_positive, default=50, metavar="N", help="at most N entries (default: %(default)s)")
    p.add_argument("--base-url", default="http://127.0.0.1:8080/", metavar="URL",
                   help="where `crawler web` serves, for the feed's links (default: %(default)s)")
    p.add_argument("--sites", default=sites_default, help="site registry, for portal names (default: %(default)s)")
    p.set_defaults(func=cmd_feed)

    p = sub.add_parser("db", help="the database schema: upgrade it, show its revision")
    db_sub = p.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    q = db_sub.add_parser("upgrade", help="migrate the schema to this version's revision")
    q.add_argument("--db", help=db_help)
    q.set_defaults(func=cmd_db_upgrade)
    q = db_sub.add_parser("current", help="print the schema's revision")
    q.add_argument("--db", help=db_help)
    q.set_defaults(func=cmd_db_current)

    from crawler.monitoring import schedule

    p = sub.add_parser("schedule", help="re-crawl every site on its interval until Ctrl-C or SIGTERM")
    schedule.add_arguments(p)
    p.set_defaults(func=schedule.run)

    p = sub.add_parser("watch", help="watchlists: keywords or phrases that alert when a new story has them")
    watch_sub = p.add_subparsers(dest="watch_command", required=True, metavar="ACTION")
    q = watch_sub.add_parser("add", help="watch for these terms (diacritics and case do not matter)")
    q.add_argument("name", metavar="NAME")
    q.add_argument("terms", nargs="+", metavar="TERM", help="a keyword or a quoted phrase (whole words)")
    q.add_argument("--db", help=db_help)
    q.set_defaults(func=cmd_watch_add)
    q = watch_sub.add_parser("list", help="list the active watchlists")
    q.add_argument("--db", help=db_help)
    q.set_defaults(func=cmd_watch_list)
    q = watch_sub.add_parser("remove", help="stop watching: remove a watchlist by id")
    q.add_argument("id", type=_watch_id, metavar="ID")
    q.add_argument("--db", help=db_help)
    q.set_defaults(func=cmd_watch_remove)

    p = sub.add_parser("alerts", help="list alert events and their deliveries; --send checks and sends due ones")
    p.add_argument("--send", action="store_true",
                   help="record new events (watchlist matches, failed crawls, health drops) and send what is due")
    p.add_argument("--pending", action="store_true", help="only events not delivered on every channel yet")
    p.add_argument("--limit", type=_positive, default=50, metavar="N", help="at most N events (default: %(default)s)")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=cmd_alerts)

    p = sub.add_parser("demo", help="serve the bundled replica portals, crawl them into SQLite, show the result")
    p.add_argument("--data", default="data/demo", help="directory for the demo database (default: %(default)s)")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from storage import DatabaseError

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (RegistryError, CommandError, DatabaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code if isinstance(exc, CommandError) else EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
