"""Two writers on one SQLite file: the second waits for the first instead of failing or sleeping."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper as StockWrapper

from samen.sqlite_backend.base import DatabaseWrapper

ALIAS = "writer_lock_test"


@pytest.fixture(autouse=True)
def _own_database_files(django_db_blocker):
    """These tests open SQLite files of their own, outside the test database."""
    with django_db_blocker.unblock():
        yield


def _settings(path) -> dict:
    # timeout 0: SQLite's busy handler gives up at once, so only our lock can make a writer wait.
    return {
        **connections["default"].settings_dict,
        "NAME": str(path),
        "OPTIONS": {"timeout": 0, "transaction_mode": "IMMEDIATE"},
    }


def _two_overlapping_writers(path, wrapper_class, hold: float = 0.3) -> tuple[list, list]:
    inside, events, errors = threading.Event(), [], []

    def write(label: str, hold: float, wait_for: threading.Event | None) -> None:
        connections[ALIAS] = wrapper_class(_settings(path), alias=ALIAS)
        try:
            if wait_for is not None:
                assert wait_for.wait(5)
            with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
                events.append((label, "begin", time.monotonic()))
                cursor.execute("INSERT INTO note (who) VALUES (%s)", [label])
                inside.set()
                time.sleep(hold)
            events.append((label, "commit", time.monotonic()))
        except OperationalError as exc:
            errors.append((label, str(exc)))
        finally:
            connections[ALIAS].close()

    setup = wrapper_class(_settings(path), alias=ALIAS)
    with setup.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, who TEXT)")
    setup.close()
    first = threading.Thread(target=write, args=("first", hold, None))
    second = threading.Thread(target=write, args=("second", 0.0, inside))
    first.start(), second.start()
    first.join(10), second.join(10)
    return events, errors


def test_the_second_writer_waits_for_the_first_to_commit(tmp_path):
    events, errors = _two_overlapping_writers(tmp_path / "db.sqlite3", DatabaseWrapper)
    assert errors == []
    moments = {(who, what): at for who, what, at in events}
    # The first writer held its transaction open for 0.3 s; the second began only after that.
    assert moments[("second", "begin")] >= moments[("first", "begin")] + 0.3


def test_a_closing_connection_does_not_checkpoint_under_the_next_writer(tmp_path):
    # Each writer closes when done; the last close to a WAL database checkpoints under an
    # exclusive lock. Without the lock at close this failed most rounds after the first.
    for round_ in range(5):
        path = tmp_path / f"db{round_}.sqlite3"
        _events, errors = _two_overlapping_writers(path, DatabaseWrapper, hold=0.05)
        assert errors == [], round_


def test_without_the_lock_the_second_writer_fails_at_once(tmp_path):
    # The control: the same two writers on Django's own SQLite backend.
    _events, errors = _two_overlapping_writers(tmp_path / "db.sqlite3", StockWrapper)
    assert [who for who, _ in errors] == ["second"]
    assert "locked" in errors[0][1]


@pytest.mark.parametrize("end", ["commit", "rollback"])
def test_the_lock_is_released_when_the_transaction_ends(tmp_path, end):
    import fcntl

    path = tmp_path / "db.sqlite3"
    connections[ALIAS] = DatabaseWrapper(_settings(path), alias=ALIAS)
    try:
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, who TEXT)")
        try:
            with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
                cursor.execute("INSERT INTO note (who) VALUES ('x')")
                if end == "rollback":
                    raise RuntimeError("changed my mind")
        except RuntimeError:
            pass
        with open(f"{path}.lock", "a") as other:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # would raise if still held
    finally:
        connections[ALIAS].close()
