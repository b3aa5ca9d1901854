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
from typing import Any, Generic, TypeVar

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

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


def statement_version(build: Callable[[BaseDatabaseWrapper], str]) -> Callable[[], tuple]:
    """A `version` that reads one row of one plain statement, its text built once per database.

    Every worker checks each cache's version every second. Through the ORM an aggregate of a few
    counts took 0.5-11 ms of CPU to compile and run (the geography's three tables the most), which
    the signals of that second paid for; the statement itself takes about 15 µs.
    """
    texts: dict[str, str] = {}

    def version() -> tuple:
        sql = texts.get(connection.alias)
        if sql is None:
            sql = texts[connection.alias] = build(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return tuple(cursor.fetchone())

    return version


def counts_and_last_keys(*models: Any) -> Callable[[], tuple]:
    """A `version` of tables that change by rows added or removed: per model its row count and largest key."""

    def build(database: BaseDatabaseWrapper) -> str:
        quote = database.ops.quote_name
        parts = []
        for model in models:
            table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
            parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX({key}) FROM {table})"]  # noqa: S608 - names from model metadata
        return f"SELECT {', '.join(parts)}"

    return statement_version(build)
