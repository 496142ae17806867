"""`crawler alerts`: the alert events and their deliveries; --send records new events and sends the due ones."""

from __future__ import annotations

import argparse
import sys

from crawler.cli import options
from crawler.cli.base import EXIT_OK, CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("alerts", help="list alert events and their deliveries; --send checks and sends due ones")
    p.add_argument("--send", action="store_true",
                   help="record new events (watchlist matches, failed crawls, health drops) and send what is due")
    p.add_argument("--pending", action="store_true", help="only events not delivered on every channel yet")
    options.add_limit(p, "at most N events (default: %(default)s)", default=50)
    options.add_db(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
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
            raise CommandError("no alert channel configured: set CRAWLER_NOTIFY (Apprise URLs) or "
                               "CRAWLER_ALERT_WEBHOOK")
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
