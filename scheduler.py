"""Re-crawl every portal of the registry on its own interval; the same as `crawler schedule`.

Run: `python scheduler.py [--sites FILE] [--site ID ...] [--db URL] [--once] [--run-timeout S]
[--log-level L]` (Ctrl-C or SIGTERM to stop). The logic lives in `crawler/schedule.py`,
where the stored jobs can find their function again after a restart.
"""

from __future__ import annotations

import sys

from crawler.schedule import main

if __name__ == "__main__":
    sys.exit(main(prog="scheduler.py"))
