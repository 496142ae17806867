"""What every command shares: the exit codes, the one-line user error and the parser that reports usage
mistakes in one line."""

from __future__ import annotations

import argparse
import typing

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A problem the user can fix, told in one line."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


class OneLineParser(argparse.ArgumentParser):
    """Usage mistakes in one `error:` line with exit 2, like every other mistake the user can fix."""

    def error(self, message: str) -> typing.NoReturn:
        self.exit(EXIT_USAGE, f"error: {self.prog}: {message} (see {self.prog} --help)\n")
