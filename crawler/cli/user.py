"""`crawler user`: the review inbox's reviewer accounts: add, password, list, remove."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from crawler.cli import options
from crawler.cli.base import EXIT_OK, CommandError

if TYPE_CHECKING:
    from storage.db import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("user", help="reviewer accounts of the review inbox: add, password, list, remove")
    actions = p.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    for name, help in (("add", "make an account (asks for its password)"),
                       ("password", "give an account a new password (its sessions end)")):
        q = actions.add_parser(name, help=help)
        q.add_argument("name", metavar="NAME")
        q.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of standard input instead of asking")
        options.add_db(q)
    q = actions.add_parser("list", help="the accounts, with when each last signed in")
    options.add_db(q)
    q = actions.add_parser("remove", help="delete an account (its sessions end; its reviews keep its name)")
    q.add_argument("name", metavar="NAME")
    options.add_db(q)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from crawler.review.accounts import AccountError
    from storage import open_database

    actions = {"add": add, "password": password, "list": list_accounts, "remove": remove}
    try:
        if args.user_command in ("add", "password"):
            _check_name(args.name)
        db = open_database(args.db)
        try:
            return actions[args.user_command](db, args)
        finally:
            db.dispose()
    except AccountError as exc:
        raise CommandError(str(exc)) from None


def add(db: Database, args: argparse.Namespace) -> int:
    from crawler.review import accounts

    try:
        accounts.add(db, args.name, _new_password(args))
    except accounts.ReviewerExists:
        raise CommandError(f"there is a reviewer {args.name} already (a new password: "
                           f"crawler user password {args.name})") from None
    print(f"added reviewer {args.name}")
    return EXIT_OK


def password(db: Database, args: argparse.Namespace) -> int:
    from crawler.review import accounts

    if not accounts.set_password(db, args.name, _new_password(args)):
        raise CommandError(f"no reviewer {args.name} (see crawler user list)")
    print(f"new password for {args.name}; the sessions it had are ended")
    return EXIT_OK


def list_accounts(db: Database, args: argparse.Namespace) -> int:
    from crawler.review.queue import local_time
    from storage.reviewers import ReviewerRepository

    reviewers = ReviewerRepository(db).all()
    if not reviewers:
        print("no reviewers (add one: crawler user add NAME)")
        return EXIT_OK
    width = max(len("name"), *(len(r.name) for r in reviewers))
    print(f"{'name':<{width}}  {'added':<16}  last sign-in")
    for r in reviewers:
        print(f"{r.name:<{width}}  {local_time(r.created_at):<16}  {local_time(r.last_login_at, 'never')}")
    return EXIT_OK


def remove(db: Database, args: argparse.Namespace) -> int:
    from storage.reviewers import ReviewerRepository

    if not ReviewerRepository(db).remove(args.name):
        raise CommandError(f"no reviewer {args.name} (see crawler user list)")
    print(f"removed reviewer {args.name}")
    return EXIT_OK


def _check_name(name: str) -> None:
    from crawler.review.accounts import check_name

    check_name(name)


def _new_password(args: argparse.Namespace) -> str:
    """The password: standard input's first line (--password-stdin), else asked twice on the terminal."""
    from crawler.review.accounts import check_password

    if args.password_stdin:
        return check_password(sys.stdin.readline().rstrip("\r\n"))
    if not sys.stdin.isatty():
        raise CommandError("no terminal to ask the password on: pipe it in with --password-stdin")
    first = check_password(getpass.getpass(f"Password for {args.name}: "))
    if getpass.getpass("Again: ") != first:
        raise CommandError("the two passwords differ; nothing changed")
    return first
