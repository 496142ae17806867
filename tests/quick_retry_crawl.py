"""`python -m crawler` with retries that wait a tenth of a second, for scheduled runs against fault portals.

The scheduler starts it through CRAWLER_SCHEDULE_COMMAND. With the product's back-off (0.5-8 s per
retry) each run of a portal that answers nothing would last half a minute; the polling tests time the
gaps between runs, not within them.
"""

import sys

from crawler.cli import main

QUICK = ("RETRY_TIMES=1", "RETRY_BACKOFF_BASE=0.1", "RETRY_BACKOFF_MAX=0.1", "RETRY_BACKOFF_MIN=0.05",
         "DOWNLOAD_TIMEOUT=2")

if __name__ == "__main__":
    sys.exit(main([*sys.argv[1:], *(arg for setting in QUICK for arg in ("-s", setting))]))
