"""When to fetch a captured article again to catch edits and removals.

Portals correct stories mostly in the first hours, rarely after a week: revisits
thin out with age (1 h, 6 h, 1 day, 3 days, 7 days after first capture), and
after the last one only `crawler crawl --revisit` fetches the article again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

REVISIT_AFTER: tuple[timedelta, ...] = (
    timedelta(hours=1),
    timedelta(hours=6),
    timedelta(days=1),
    timedelta(days=3),
    timedelta(days=7),
)
# A revisit missed while the crawler was down is still made this long after the last point;
# older articles are left to `crawler crawl --revisit` (a re-crawl never reads the archive).
CATCH_UP = timedelta(days=7)
REVISIT_WINDOW = REVISIT_AFTER[-1] + CATCH_UP


def revisit_due(
    first_seen: datetime, last_seen: datetime, now: datetime, schedule: Sequence[timedelta] = REVISIT_AFTER
) -> bool:
    """True when a revisit point has passed since the article was last fetched."""
    passed = [first_seen + step for step in schedule if first_seen + step <= now]
    return bool(passed) and last_seen < passed[-1]
