"""`crawler db`: the database schema, `upgrade` it to this version's revision or show the `current` one."""

from __future__ import annotations

import argparse

from crawler.cli import options
from crawler.cli.base import EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("db", help="the database schema: upgrade it, show its revision")
    actions = p.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    q = actions.add_parser("upgrade", help="migrate the schema to this version's revision")
    options.add_db(q)
    q = actions.add_parser("current", help="print the schema's revision")
    options.add_db(q)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return upgrade(args) if args.db_command == "upgrade" else current(args)


def upgrade(args: argparse.Namespace) -> int:
    from storage.db import upgrade_database

    where, before, after = upgrade_database(args.db)
    if before == after:
        print(f"{where}: already at revision {after} (head)")
    else:
        print(f"{where}: upgraded from {before or 'an empty database'} to revision {after} (head)")
    return EXIT_OK


def current(args: argparse.Namespace) -> int:
    from storage.db import current_revision, head_revision

    where, revision, inferred = current_revision(args.db)
    if revision is None:
        print(f"{where}: empty (no schema yet)")
        return EXIT_OK
    head = " (head)" if revision == head_revision() else f" (head is {head_revision()})"
    unstamped = ", inferred: made before migrations, not stamped yet" if inferred else ""
    print(f"{where}: {revision}{head}{unstamped}")
    return EXIT_OK
