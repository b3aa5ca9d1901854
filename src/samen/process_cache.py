"""Data compiled once per process from tables that rarely change, rebuilt when they do.

Routing rules and the municipality index are read on every signal but change a few times a
year. A `ProcessCache` builds them once and compares a cheap version of the tables (counts and
last change) at most every `recheck_seconds`, so an edit in another process shows up within
that time; `invalidate()` forgets the data at once (after a load in this process, in tests).
While one thread checks, the others use the data they have.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")

_all: list[ProcessCache] = []


class ProcessCache(Generic[T]):
    def __init__(self, build: Callable[[], T], version: Callable[[], Hashable], *, recheck_seconds: float = 1.0):
        self._build, self._version = build, version
        self.recheck_seconds = recheck_seconds
        self._lock = threading.Lock()
        self._data: T | None = None
        self._built_at_version: Hashable = None
        self._checked_at = 0.0
        _all.append(self)

    def get(self) -> T:
        data = self._data
        if data is not None and time.monotonic() - self._checked_at < self.recheck_seconds:
            return data
        # A thread that has data and finds another one checking goes on with that data rather
        # than queue behind a check that takes database round trips; without data, it waits.
        if not self._lock.acquire(blocking=data is None):
            return data  # type: ignore[return-value]  # not None: a blocking acquire always succeeds
        try:
            if self._data is not None and time.monotonic() - self._checked_at < self.recheck_seconds:
                return self._data  # another thread checked while this one waited for the lock
            version = self._version()
            if self._data is None or version != self._built_at_version:
                self._data, self._built_at_version = self._build(), version
            self._checked_at = time.monotonic()
            return self._data
        finally:
            self._lock.release()

    def invalidate(self) -> None:
        with self._lock:
            self._data = None


def invalidate_all() -> None:
    """Forget every cache of this process (tests, after a database flush)."""
    for cache in _all:
        cache.invalidate()
