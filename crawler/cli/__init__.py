"""The `crawler` command: one module per command, as Scrapy's `scrapy.commands`.

Each command module (`crawler.cli.crawl`, `crawler.cli.new`, ...) has `register(subparsers)`,
which adds its parser, help and options and sets its handler, and `run(args) -> int`. The
options several commands share are declared once, in `crawler.cli.options`. Here: the exit
codes, `CommandError` and the parser class (from `crawler.cli.base`), the order of the commands in `crawler --help`, and
`main`, which turns every mistake the user can fix into one `error:` line and an exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from crawler.cli import (
    alerts,
    crawl,
    db,
    demo,
    export,
    extract,
    feed,
    new,
    probe,
    review,
    runs,
    schedule,
    search,
    show,
    sites,
    tags,
    user,
    watch,
    web,
    worker,
)
from crawler.cli.base import EXIT_FAILED, EXIT_OK, EXIT_USAGE, CommandError, OneLineParser
from crawler.crawl.registry import RegistryError

__all__ = ["COMMANDS", "EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "CommandError", "OneLineParser", "build_parser", "main"]

# In the order of `crawler --help`.
COMMANDS = (crawl, worker, export, extract, probe, sites, new, show, review, runs, search, tags, web, user, feed,
            db, schedule, watch, alerts, demo)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="crawler", description="Monitoring crawler for Vietnamese provincial police news portals."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from sqlalchemy.exc import InterfaceError, OperationalError

    from storage import DatabaseError
    from storage.db import first_line

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (RegistryError, CommandError, DatabaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code if isinstance(exc, CommandError) else EXIT_USAGE
    except (OperationalError, InterfaceError) as exc:  # the database went away, filled up or is read-only
        print(f"error: the database refused: {first_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
