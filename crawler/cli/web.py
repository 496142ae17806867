"""`crawler web`: serve the review inbox (inbox, articles, portals, search, feeds) over HTTP."""

from __future__ import annotations

import argparse
import sys

from crawler.cli import options
from crawler.cli.base import EXIT_OK, CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("web", help="serve the review inbox (inbox, articles, portals, search, feeds) over HTTP")
    options.add_db(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s, this machine only)")
    p.add_argument("--port", type=options.port, default=8080,
                   help="port to listen on (default: %(default)s; 0: any free)")
    p.add_argument("--threads", type=options.positive, default=4, metavar="N",
                   help="worker threads (default: %(default)s)")
    options.add_portal_names(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from waitress.server import create_server

    from crawler.web import create_app

    sites = options.portal_sites(args.sites)
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
