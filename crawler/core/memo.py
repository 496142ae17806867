"""Answers kept for one page: pure functions that a page's extraction asks about the same arguments again and
again (the headline's comparison key, a date line, a box's class names) keep their answers until `forget`.

Every page's extraction calls `forget` first, so no page is read with another page's answers (a date's
plausibility reads the clock) and a benchmark that reads one page several times gains nothing from it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])

# What a page asks: a few hundred distinct arguments per function; the bound keeps a long run of work
# outside extraction (content hashes of a whole store) from growing a cache.
MAXSIZE = 1024
_KEPT: list[Any] = []


def kept(fn: F) -> F:
    """`fn` (pure, hashable arguments) with its answers kept until `forget`."""
    cached = functools.lru_cache(maxsize=MAXSIZE)(fn)
    _KEPT.append(cached)
    return cast(F, cached)


def forget() -> None:
    """Drop every kept answer (at the start of each page)."""
    for cached in _KEPT:
        cached.cache_clear()
