"""Database triggers that make the audit table append-only, on SQLite and PostgreSQL.

Installed by migration 0002; `flush` (tests, demo resets) lifts them outside production mode only.
"""

from __future__ import annotations

TABLE = "audit_auditentry"

_SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
]
_SQLITE_REMOVE = ["DROP TRIGGER IF EXISTS audit_entry_no_update", "DROP TRIGGER IF EXISTS audit_entry_no_delete"]

_PG_INSTALL = [
    "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
    f"DROP TRIGGER IF EXISTS audit_entry_append_only ON {TABLE}",
    f"CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
    f"DROP TRIGGER IF EXISTS audit_entry_no_truncate ON {TABLE}",
    f"CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()",
]
_PG_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_entry_append_only ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_entry_no_truncate ON {TABLE}",
]


def _run(connection, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection) -> None:
    if connection.vendor == "postgresql":
        _run(connection, _PG_INSTALL)
    elif connection.vendor == "sqlite":
        _run(connection, _SQLITE_INSTALL)


def remove(connection) -> None:
    if connection.vendor == "postgresql":
        _run(connection, _PG_REMOVE)
    elif connection.vendor == "sqlite":
        _run(connection, _SQLITE_REMOVE)
