"""Extraction on the machine's other cores.

Scrapy runs every callback on one thread, and reading an article page (parse, score the
blocks, find the fields) costs more CPU than everything else a crawl does with it. Pages
are therefore handed to a small pool of worker processes while the reactor goes on
fetching; the spider awaits the typed Article. `extract` needs no Scrapy, so what travels
is a URL and the page's text or bytes, and an Article back.

EXTRACT_PROCESSES sets the pool size: 0 extracts inline (on a one-core machine that is
faster), a negative value means "one per core but one, at most MAX_AUTO_PROCESSES".
The pool is per process and shared by every spider in it, started on first use with the
"spawn" method (forking a process that runs a reactor and database threads is unsafe).
The store pipeline uses it too, for the CPU part of storing a batch (storage.derived).
"""

from __future__ import annotations

import asyncio
import atexit
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import TypeVar

from crawler.extract import Article, Context, extract

MAX_AUTO_PROCESSES = 4
PARENT_CHECK_SECONDS = 0.5

T = TypeVar("T")
_lock = threading.Lock()
_pools: dict[int, ProcessPoolExecutor] = {}


def pool_size(setting: int) -> int:
    if setting >= 0:
        return setting
    return max(0, min(MAX_AUTO_PROCESSES, (os.cpu_count() or 1) - 1))


def _pool(processes: int) -> ProcessPoolExecutor:
    with _lock:
        pool = _pools.get(processes)
        if pool is None:
            pool = ProcessPoolExecutor(
                processes, mp_context=multiprocessing.get_context("spawn"), initializer=_follow_parent,
                initargs=(os.getpid(),),
            )
            _pools[processes] = pool
        return pool


def _follow_parent(parent: int) -> None:
    """In a worker: exit when the crawl process is gone, even killed with SIGKILL (no clean shutdown then)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


@atexit.register
def shutdown() -> None:
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)


async def in_pool(fn: Callable[[], T], *, processes: int) -> T:
    """``fn()`` in a worker process (inline when `processes` is 0). ``fn`` travels pickled: a module-level
    function, or a functools.partial of one."""
    if processes <= 0:
        return fn()
    return await asyncio.wrap_future(_pool(processes).submit(fn))


async def extract_async(
    url: str, html: str | bytes, *, profile: str, overrides: Mapping[str, str] | None, processes: int,
    context: Context | None = None,
) -> Article:
    """`crawler.extract.extract` in a worker process (or inline when `processes` is 0)."""
    return await in_pool(partial(extract, url, html, profile=profile, overrides=dict(overrides or {}),
                                 context=context), processes=processes)
