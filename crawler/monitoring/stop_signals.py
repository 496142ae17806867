"""Stopping the scheduler: the first SIGINT/SIGTERM ends scheduling, later ones stop the running crawls."""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from crawler.monitoring.site_run import children

log = logging.getLogger("scheduler")


class StopSignals:
    """First SIGINT/SIGTERM: stop scheduling, let runs finish. Second: SIGTERM the runs. Third: SIGKILL."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.count = 0
        self.first: int | None = None

    def handle(self, signum: int, _frame: FrameType | None) -> None:
        self.count += 1
        if self.count == 1:
            self.first = signum
            self.event.set()
            return
        stop_with = signal.SIGTERM if self.count == 2 else signal.SIGKILL
        running = children.signal_all(stop_with)
        # logging's handler locks are reentrant, so this cannot deadlock the main thread.
        log.warning("%s again: sent %s to %d running crawl(s)", signal.Signals(signum).name, stop_with.name, running)

    @property
    def forced(self) -> bool:
        return self.count > 1

    @contextlib.contextmanager
    def installed(self) -> Iterator[StopSignals]:
        previous = {s: signal.signal(s, self.handle) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield self
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
