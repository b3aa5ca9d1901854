"""A pipelined durable transaction acts as `atomic(durable=True)`: all or nothing, Django's errors, sound connection."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from samen import audit, pipelined_transaction
from samen.audit.services import verify_chain
from samen.intake import services
from samen.intake.models import Channel, Signal
from samen.intake.tests.test_services import _input

pytestmark = pytest.mark.django_db(transaction=True)
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="pipelines are PostgreSQL's")


@pytest.fixture
def tables():
    """A parent and a child table whose foreign key is checked at commit, as Django's are."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE pipe_parent (id integer PRIMARY KEY)")
        cursor.execute(
            "CREATE TABLE pipe_child (id integer PRIMARY KEY,"
            " parent_id integer REFERENCES pipe_parent DEFERRABLE INITIALLY DEFERRED)"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE pipe_child")
        cursor.execute("DROP TABLE pipe_parent")


def _count(table: str) -> int:
    """Rows of `table` as another connection sees them: committed ones only."""
    seen: list[int] = []

    def look() -> None:
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - our own table names
                seen.append(cursor.fetchone()[0])
        finally:
            connections.close_all()

    thread = threading.Thread(target=look)
    thread.start()
    thread.join()
    return seen[0]


def _usable() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _django_is_back_in_autocommit() -> bool:
    return connection.get_autocommit() and not connection.in_atomic_block and _usable()


@postgresql_only
def test_the_statements_of_a_block_are_one_transaction_that_commits_at_its_end(tables):
    with pipelined_transaction.durable():
        assert pipelined_transaction.active(connection)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO pipe_parent VALUES (1), (2)")
            cursor.execute("SELECT txid_current()")
            first = cursor.fetchone()
            cursor.execute("INSERT INTO pipe_child VALUES (1, 2) RETURNING parent_id")
            assert cursor.fetchone() == (2,)
            cursor.execute("SELECT txid_current()")
            assert cursor.fetchone() == first
        assert _count("pipe_parent") == 0  # not before the commit
    assert not pipelined_transaction.active(connection)
    assert (_count("pipe_parent"), _count("pipe_child")) == (2, 1)
    assert _django_is_back_in_autocommit()


@postgresql_only
def test_an_error_in_the_block_rolls_all_of_it_back_as_django_s_own_error(tables):
    with pytest.raises(IntegrityError), pipelined_transaction.durable(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO pipe_parent VALUES (1)")
        cursor.execute("INSERT INTO pipe_parent VALUES (1) RETURNING id")
        cursor.fetchone()
    assert _count("pipe_parent") == 0
    assert _django_is_back_in_autocommit()


@postgresql_only
def test_an_error_found_only_at_the_commit_rolls_all_of_it_back_as_django_s_own_error(tables):
    with pytest.raises(IntegrityError), pipelined_transaction.durable(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO pipe_parent VALUES (1)")
        cursor.execute("INSERT INTO pipe_child VALUES (1, 99)")  # no parent 99: refused at COMMIT
    assert (_count("pipe_parent"), _count("pipe_child")) == (0, 0)
    assert _django_is_back_in_autocommit()


@postgresql_only
def test_reads_left_for_after_the_sync_run_after_the_commit_in_the_order_they_were_left(tables):
    done: list[str] = []
    with pipelined_transaction.durable():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO pipe_parent VALUES (7)")
        pipelined_transaction.after_sync(connection, lambda: done.append(f"first, {_count('pipe_parent')} stored"))
        pipelined_transaction.after_sync(connection, lambda: done.append("second"))
        assert done == []
    assert done == ["first, 1 stored", "second"]


def test_outside_a_pipelined_block_a_read_left_for_after_the_sync_runs_at_once():
    done: list[str] = []
    pipelined_transaction.after_sync(connection, lambda: done.append("now"))
    assert done == ["now"]


def test_inside_another_atomic_block_it_is_an_ordinary_durable_block_and_refused_as_one():
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"), pipelined_transaction.durable():
        pass


@postgresql_only
def test_a_signal_whose_audit_head_cannot_be_locked_is_refused_as_audit_unavailable_and_not_stored(reference_data):
    services.signal_submit(
        data=_input(), channel=Channel.API, actor=None, idempotency_key="before", fingerprint="before"
    )
    locked, release = threading.Event(), threading.Event()

    def hold_the_head() -> None:
        holder = connections.create_connection("default")
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute("SELECT 1 FROM audit_audithead FOR UPDATE")
        locked.set()
        release.wait(10)
        holder.rollback()
        holder.close()

    thread = threading.Thread(target=hold_the_head)
    thread.start()
    try:
        assert locked.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        with pytest.raises(audit.AuditUnavailable):
            services.signal_submit(
                data=_input(), channel=Channel.API, actor=None, idempotency_key="after", fingerprint="after"
            )
    finally:
        release.set()
        thread.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert list(Signal.objects.values_list("idempotency_key", flat=True)) == ["before"]
    assert verify_chain().ok
