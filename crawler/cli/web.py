"""`crawler web`: serve the review inbox (inbox, articles, portals, search, feeds) over HTTP."""

from __future__ import annotations

import argparse
import ipaddress
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
    p.add_argument("--no-auth", action="store_true",
                   help="serve without sign-in: anyone who reaches the inbox may review (loopback addresses only)")
    p.add_argument("--behind-proxy", action="store_true",
                   help="an HTTPS proxy forwards to this server: trust its X-Forwarded-For/-Proto/-Host headers")
    options.add_portal_names(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from waitress.server import create_server

    from crawler.web import create_app
    from crawler.web.context import DB_KEY
    from storage.reviewers import ReviewerRepository

    loopback = is_loopback(args.host)
    if args.no_auth and not loopback:
        raise CommandError(f"--no-auth would let anyone who reaches {args.host} review: it is for a loopback "
                           "address only (127.0.0.1, ::1, localhost); add accounts with `crawler user add NAME`")
    sites = options.portal_sites(args.sites)
    app = create_app(args.db, sites=sites, auth=not args.no_auth, behind_proxy=args.behind_proxy)
    if not args.no_auth and ReviewerRepository(app.extensions[DB_KEY]).count() == 0:
        app.extensions[DB_KEY].dispose()
        raise CommandError("no reviewer accounts: add one with `crawler user add NAME`"
                           + (" (or, on this machine only, serve without sign-in: --no-auth)" if loopback else ""))
    try:
        server = create_server(app, host=args.host, port=args.port, threads=args.threads)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise CommandError(f"cannot listen on {args.host}:{args.port}: {reason}") from None
    port = server.effective_port
    print(f"review inbox at http://{args.host}:{port}/ (Ctrl-C to stop)", file=sys.stderr, flush=True)
    if not loopback and not args.behind_proxy:
        print("warning: over plain http, passwords and session cookies cross the network in clear: put an HTTPS "
              "proxy in front (and pass --behind-proxy)", file=sys.stderr, flush=True)
    try:
        server.run()
    finally:
        server.close()
        app.extensions[DB_KEY].dispose()
    return EXIT_OK


def is_loopback(host: str) -> bool:
    """An address only this machine reaches (127.0.0.0/8, ::1, localhost)."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
