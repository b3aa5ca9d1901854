"""Statements reach SQLite as Django's own cursor sends them, however often they run."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import SQLiteCursorWrapper

pytestmark = [
    pytest.mark.django_db,
    # The cursor of Samen's SQLite backend; the suite also runs on PostgreSQL.
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own cursor"),
]

STATEMENTS = [
    "SELECT %s",
    "SELECT %s, '%%s', '100%%'",
    "SELECT '%%%%' || %s",
    "SELECT %s WHERE 'a%%' LIKE %s",
]


@pytest.mark.parametrize("statement", STATEMENTS)
def test_a_statement_is_converted_as_djangos_cursor_converts_it_each_time_it_runs(statement):
    expected = SQLiteCursorWrapper.convert_query(None, statement)
    with connection.cursor() as cursor:
        converted = [cursor.cursor.convert_query(statement) for _ in range(3)]
    assert converted == [expected] * 3


def test_a_statement_with_placeholders_and_percent_signs_gives_the_values_sent():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s, '100%%', %s", ["a", 2])
        assert cursor.fetchone() == ("a", "100%", 2)
        cursor.execute("SELECT %(x)s, '%%'", {"x": "named"})
        assert cursor.fetchone() == ("named", "%")


def test_the_conversion_of_a_statement_is_remembered():
    from samen.sqlite_backend.base import _qmark_style

    with connection.cursor() as cursor:
        cursor.execute("SELECT %s + 1", [1])
        before = _qmark_style.cache_info().hits
        cursor.execute("SELECT %s + 1", [2])
    assert _qmark_style.cache_info().hits == before + 1
