"""A durable transaction whose statements travel together to PostgreSQL: two round trips, not five.

Intake writes a batch of signals from one thread while every request of the batch waits for
it (`samen.intake.group_commit`). On a busy machine each round trip to the database cost that
thread 4-8 ms of waiting, however small the statement: the database's process and then the
writing thread must each get a core back. psycopg sends BEGIN on its own and waits for it, and
the commit is one more trip; with the audit head's lock, the batch's insert and the audit
entries that made five.

In psycopg's pipeline mode statements are sent without waiting for the answers of the ones
before, and one answer is awaited only where it is read. `durable()` opens Django's durable
`atomic` block as usual, but sends BEGIN itself in the pipeline, ahead of the block's first
statements, and COMMIT behind its last ones; Django's own commit then finds the transaction
done. Inside the block a statement's answer is read as usual (that waits for it and for
everything sent before it); an answer no one needs before the commit can be read after it
(`after_sync`). Errors are Django's, as from any other statement: an error from a statement
in the pipeline, or from the COMMIT, rolls the block back.

Django's health check of a persistent connection (a SELECT 1, once per request that uses it)
still comes first, on its own round trip. Elsewhere (SQLite, or inside another `atomic` block,
as in tests that run in a transaction) `durable()` is `transaction.atomic(durable=True)` and
`after_sync` runs its function at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

_state = threading.local()


def active(connection: BaseDatabaseWrapper) -> bool:
    """Whether this thread is inside `durable()` on `connection`, with its statements pipelined."""
    return getattr(_state, "alias", None) == connection.alias


@contextmanager
def durable(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A durable transaction, like `transaction.atomic(durable=True)`; pipelined on PostgreSQL."""
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        with transaction.atomic(using=using, durable=True):
            yield
        return
    # Django's per-request health check of the connection (a SELECT 1) must not land inside
    # the pipeline, where a dead connection could no longer be replaced.
    connection.close_if_health_check_failed()
    reads: list[Callable[[], None]] = []
    with transaction.atomic(using=using, durable=True):
        connection.ensure_connection()
        raw = connection.connection
        # Nothing has been sent in this transaction yet, so psycopg allows this: it would
        # otherwise send BEGIN on its own and wait for the answer.
        raw.autocommit = True
        _state.alias, _state.reads = using, reads
        try:
            with connection.wrap_database_errors, raw.pipeline():
                raw.execute("BEGIN")
                yield
                raw.execute("COMMIT")
        finally:
            _state.alias = _state.reads = None
    for read in reads:
        read()


def after_sync(connection: BaseDatabaseWrapper, read: Callable[[], None]) -> None:
    """Run `read` once the statements sent so far have their answers: after the commit inside
    `durable()` on `connection`, at once elsewhere."""
    if active(connection):
        _state.reads.append(read)
    else:
        read()
