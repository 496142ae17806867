"""`crawler watch`: watchlists, keywords or phrases that alert when a new story has them (add, list, remove)."""

from __future__ import annotations

import argparse

from crawler.cli import options
from crawler.cli.base import EXIT_OK, CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("watch", help="watchlists: keywords or phrases that alert when a new story has them")
    actions = p.add_subparsers(dest="watch_command", required=True, metavar="ACTION")
    q = actions.add_parser("add", help="watch for these terms (diacritics and case do not matter), in a province, "
                                       "of a case type")
    q.add_argument("name", metavar="NAME")
    q.add_argument("terms", nargs="*", metavar="TERM", help="a keyword or a quoted phrase (whole words); any one")
    options.add_tag_filters(q)
    options.add_db(q)
    q = actions.add_parser("list", help="list the active watchlists")
    options.add_db(q)
    q = actions.add_parser("remove", help="stop watching: remove a watchlist by id")
    q.add_argument("id", type=options.watch_id, metavar="ID")
    options.add_db(q)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    action = {"add": add, "list": list_watchlists, "remove": remove}[args.watch_command]
    return action(args)


def add(args: argparse.Namespace) -> int:
    from crawler.monitoring.alerts import fold_terms
    from storage import open_database
    from storage.alerts import AlertRepository

    name = " ".join(args.name.split())
    if not name:
        raise CommandError("a watchlist needs a name")
    terms = [" ".join(term.split()) for term in args.terms]
    if not terms and not args.province and not args.case_type:
        raise CommandError("a watchlist needs terms, a --province or a --type (e.g. crawler watch add 'ma túy Lâm "
                           "Đồng' --province lam-dong --type drugs)")
    try:
        folded = fold_terms(terms)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    db = open_database(args.db)
    try:
        repo = AlertRepository(db)
        if any(w.name == name for w in repo.watchlists()):
            raise CommandError(f"a watchlist named {name!r} exists; remove it first or pick another name")
        watch = repo.add_watchlist(name, terms, folded, province=args.province, case_type=args.case_type)
    finally:
        db.dispose()
    scope = [", ".join(terms)] if terms else []
    scope += [f"in {args.province}"] if args.province else []
    scope += [f"of type {args.case_type}"] if args.case_type else []
    print(f"watchlist {watch.id} {name!r}: {'; '.join(scope)}")
    return EXIT_OK


def list_watchlists(args: argparse.Namespace) -> int:
    from crawler.monitoring.alerts import render_watchlists
    from crawler.review.queue import reading
    from storage.alerts import AlertRepository

    with reading(args.db) as db:
        print(render_watchlists(AlertRepository(db).watchlists()))
    return EXIT_OK


def remove(args: argparse.Namespace) -> int:
    from crawler.review.queue import reading
    from storage.alerts import AlertRepository

    with reading(args.db) as db:
        if not AlertRepository(db).remove_watchlist(args.id):
            raise CommandError(f"no watchlist with id {args.id}")
    print(f"watchlist {args.id} removed")
    return EXIT_OK
