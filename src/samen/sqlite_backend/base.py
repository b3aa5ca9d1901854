"""Django's SQLite backend, with write transactions queued on a file lock instead of retried.

SQLite lets one writer in at a time. A second writer that finds the database locked sleeps in
SQLite's busy handler — 1, 2, 5, 10, 15 ms and on — and tries again, so under concurrent
writes (two web workers storing signals) the lock is often free while everyone sleeps. Here
every write transaction (an outermost `atomic` block, which starts with `BEGIN IMMEDIATE`)
first takes an exclusive `flock` on `<database>.lock`, one open file per connection, and
releases it at commit or rollback: the next writer wakes the moment the lock is free, in the
order the kernel queues them. Reads outside a transaction never wait (WAL).

Closing a connection takes the lock too: when the last connection to a WAL database closes,
SQLite checkpoints it under an exclusive lock, which would otherwise land in the middle of the
next writer's `BEGIN IMMEDIATE`.

The lock is advisory: a program that opens the database without it (the sqlite3 shell) is
still kept out by SQLite's own lock and busy timeout. In-memory databases (the test suite)
have no file and take no lock.

Cursors convert a statement's `%s` placeholders to SQLite's `?` once per statement text
(`_CursorWrapper`), not on every execute.
"""

from __future__ import annotations

import fcntl
import functools

from django.db.backends.sqlite3 import base


@functools.lru_cache(maxsize=1024)
def _qmark_style(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class _CursorWrapper(base.SQLiteCursorWrapper):
    """Django's cursor, remembering the conversion of each statement text.

    Django rewrites every statement with a regular expression on each execute; an intake
    runs ten statements of a few hundred characters, and that cost more than some of them
    took SQLite. The statement texts carry placeholders, never values.
    """

    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return _qmark_style(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    _lock_file = None
    _holds_lock = False

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=_CursorWrapper)

    def _acquire_writer_lock(self) -> None:
        if self.is_in_memory_db():
            return
        if self._lock_file is None:
            self._lock_file = open(f"{self.settings_dict['NAME']}.lock", "a")
        fcntl.flock(self._lock_file, fcntl.LOCK_EX)
        self._holds_lock = True

    def _release_writer_lock(self) -> None:
        if self._holds_lock:
            self._holds_lock = False
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self) -> None:
        self._acquire_writer_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer_lock()
            raise

    def _commit(self):
        # A commit that fails leaves the transaction open; the rollback that follows releases.
        result = super()._commit()
        self._release_writer_lock()
        return result

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_writer_lock()

    def _close(self):
        # Closing the last connection to a WAL database checkpoints it under an exclusive lock:
        # a write like any other, so it waits its turn too.
        if self.connection is not None:
            self._acquire_writer_lock()
        try:
            return super()._close()
        finally:
            self._release_writer_lock()
            if self._lock_file is not None:
                self._lock_file.close()
                self._lock_file = None
