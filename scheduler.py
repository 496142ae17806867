"""Re-crawl every portal of the registry on its own interval; the same as `crawler schedule`.

Run: `python scheduler.py [--sites FILE] [--site ID ...] [--db URL] [--once] [--run-timeout S]
[--log-level L]` (Ctrl-C or SIGTERM to stop). The options are `crawler schedule`'s
(`crawler/cli/schedule.py`); the logic lives in `crawler/monitoring/schedule.py`, where the
stored jobs can find their function again after a restart.
"""

from __future__ import annotations

import sys

from crawler.cli import OneLineParser
from crawler.cli import schedule as command
from crawler.monitoring import schedule


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="scheduler.py", description=(schedule.__doc__ or "").splitlines()[0])
    command.add_options(parser)
    return command.run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
