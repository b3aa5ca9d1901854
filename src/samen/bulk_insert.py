"""One multi-row INSERT per table for new rows: the write path of intake and the audit log.

`QuerySet.bulk_create` builds an insert query object and compiles it on every call, which costs
about as much as the database work itself for the handful of rows a signal has (a signal, its
persons and identities, answers, indicators, an outbox row, an audit entry). `insert_rows`
does the same per-field work as `bulk_create` — `pre_save` (defaults, `auto_now_add`, vault
sealing, blind indexes) and `get_db_prep_save` — from a plan made once per model (its fields,
columns, foreign keys and statement texts), so the rows stored are the ones `bulk_create`
would store (a test compares both for every model that uses it). Like `bulk_create` it sends
no model signals and calls no `save()`. `ValueRows` goes one step further for rows no caller
needs back as objects: they are given as plain values, with no model instance at all, and
`insert_tables` writes several such lists that point to each other in one statement on
PostgreSQL.

Used where intake has a throughput target (issue 3, `benchmarks/intake.py`); everywhere else,
write through the ORM as usual.
"""

from __future__ import annotations

import datetime
import functools
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.utils import timezone
from psycopg.types.json import Jsonb

from samen.pipelined_transaction import after_sync

_NONE = type(None)
_MISSING = object()
# Field classes whose `pre_save` is a plain read and whose `get_db_prep_save` returns a value of
# these types unchanged (on SQLite and PostgreSQL): such a value goes to the database as it is.
_UNCHANGED = {
    models.CharField: (str, _NONE),
    models.TextField: (str, _NONE),
    models.IntegerField: (int, _NONE),
    models.BigIntegerField: (int, _NONE),
    models.PositiveSmallIntegerField: (int, _NONE),
    models.BooleanField: (bool, _NONE),
    models.AutoField: (int, _NONE),
    models.BigAutoField: (int, _NONE),
}


@dataclass(frozen=True)
class _Plan:
    fields: tuple[models.Field, ...]
    # Per field: the value types stored as they are, or () when every value goes through the field.
    unchanged: tuple[tuple[type, ...], ...]
    columns: tuple[str, ...]
    # Foreign keys whose related object may be cached on the instance.
    relations: tuple[models.Field, ...]


def _unchanged_types(field: models.Field) -> tuple[type, ...]:
    """The value types this field stores as they are (exact field classes only, not subclasses
    such as the vault's sealed fields); a foreign key stores its target's."""
    if type(field) in (models.ForeignKey, models.OneToOneField):
        field = field.target_field
    return _UNCHANGED.get(type(field), ())


@functools.lru_cache(maxsize=128)
def _plan(model: type[Model], generated: bool) -> _Plan:
    fields = tuple(f for f in model._meta.local_concrete_fields if not (generated and f.primary_key))
    return _Plan(
        fields=fields,
        unchanged=tuple(_unchanged_types(f) for f in fields),
        columns=tuple(f.column for f in fields),
        relations=tuple(f for f in fields if f.is_relation),
    )


@functools.lru_cache(maxsize=256)
def _statement(alias: str, table: str, columns: tuple[str, ...], rows: int, returning: str) -> str:
    """INSERT … VALUES (…), (…) for `rows` rows."""
    quote = connections[alias].ops.quote_name
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sql = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES {', '.join([one_row] * rows)}"  # noqa: S608 - names from model metadata
    return f"{sql} RETURNING {quote(returning)}" if returning else sql


@functools.lru_cache(maxsize=128)
def _unnest_statement(alias: str, model: type[Model], generated: bool, returning: bool) -> str:
    """INSERT … SELECT * FROM UNNEST(column arrays): PostgreSQL, any number of rows.

    One array parameter per column, as Django's own bulk_create does on PostgreSQL: the text and
    the parameter count do not grow with the rows, so psycopg converts the statement once and
    keeps it (it re-parses statements of more than 50 parameters on every call).
    """
    connection = connections[alias]
    quote = connection.ops.quote_name
    plan = _plan(model, generated)
    arrays = ", ".join(f"(%s)::{field.db_type(connection).split('(')[0]}[]" for field in plan.fields)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in plan.columns)}) SELECT * FROM UNNEST({arrays})"  # noqa: S608, E501 - names from model metadata
    return f"{sql} RETURNING {quote(model._meta.pk.column)}" if returning else sql


def _take_related_ids(obj: Model, relations: tuple[models.Field, ...]) -> None:
    """What `Model._prepare_related_fields_for_save` does, for the foreign keys of the plan only."""
    for field in relations:
        if not field.is_cached(obj):
            continue
        related = field.get_cached_value(obj)
        if related is None:
            continue
        if related.pk is None:
            # Django's own wording, as bulk_create raises it.
            raise ValueError(
                f"insert_rows() prohibited to prevent data loss due to unsaved related object '{field.name}'"
            )
        if getattr(obj, field.attname) in field.empty_values:
            setattr(obj, field.attname, getattr(related, field.target_field.attname))


class PreparedRows:
    """New instances of one model with their column values computed, ready to be inserted.

    Preparing does all the per-field work (defaults, `pre_save` with vault sealing and blind
    indexes, `get_db_prep_save`); only the foreign keys are read again at `insert()`, so the
    instances may point to parents that are inserted in between. Intake prepares a whole batch
    before it opens its transaction: on SQLite that is the time the database is locked for
    every other writer.
    """

    def __init__(self, objs: Sequence[Model]) -> None:
        self.objs = list(objs)
        if not self.objs:
            return
        self.model = model = type(self.objs[0])
        if model._meta.parents or any(type(obj) is not model for obj in self.objs):
            raise ValueError("insert_rows takes instances of one model without parent models")
        self.alias = router.db_for_write(model)
        have_pk = [obj.pk is not None for obj in self.objs]
        if any(have_pk) and not all(have_pk):
            raise ValueError("either every instance has a primary key or none has")
        self.generated = not have_pk[0]
        connection = connections[self.alias]
        self.plan = plan = _plan(model, self.generated)
        pairs = tuple(zip(plan.fields, plan.unchanged, strict=True))
        related = {field.attname for field in plan.relations}
        self.rows = []
        for obj in self.objs:
            values = obj.__dict__
            row = []
            for field, unchanged in pairs:
                value = values.get(field.attname, _MISSING)
                if field.attname in related:
                    value = None  # read at insert(), when the parent has its key
                elif type(value) not in unchanged:
                    value = field.get_db_prep_save(field.pre_save(obj, True), connection)
                row.append(value)
            self.rows.append(row)
        self._relation_columns = [(index, field) for index, field in enumerate(plan.fields) if field.attname in related]

    @classmethod
    def merge(cls, parts: Sequence[PreparedRows]) -> PreparedRows:
        """The rows of several prepared lists of one model as one, inserted with one statement."""
        filled = [part for part in parts if part.objs]
        merged = cls.__new__(cls)
        merged.objs = [obj for part in filled for obj in part.objs]
        if not filled:
            return merged
        first = filled[0]
        kind = (first.model, first.alias, first.generated)
        if any((part.model, part.alias, part.generated) != kind for part in filled):
            raise ValueError("only rows of one model, database and kind of key can be merged")
        merged.model, merged.alias, merged.generated = kind
        merged.plan = first.plan
        merged.rows = [row for part in filled for row in part.rows]
        merged._relation_columns = first._relation_columns
        return merged

    def insert(self, cursor: Any = None) -> None:
        """INSERT the rows, set the instances' primary keys and mark them saved; through
        `cursor` (one of this database's) when given."""
        if not self.objs:
            return
        model, alias, plan, rows = self.model, self.alias, self.plan, self.rows
        connection = connections[alias]
        if self.generated and not connection.features.can_return_rows_from_bulk_insert:
            model._default_manager.using(alias).bulk_create(self.objs)
            return
        for obj, row in zip(self.objs, rows, strict=True):
            _take_related_ids(obj, plan.relations)
            for index, field in self._relation_columns:
                row[index] = field.get_db_prep_save(getattr(obj, field.attname), connection)
        keys = _execute_insert(
            connection, model, rows, generated=self.generated, returning=self.generated, cursor=cursor
        )
        if keys is not None:
            _take_keys(self.objs, keys)
        for obj in self.objs:
            obj._state.adding = False
            obj._state.db = alias

    def __len__(self) -> int:
        return len(self.objs)

    def key(self, index: int) -> Any:
        return self.objs[index].pk


_NOW, _REFUSED = object(), object()


@functools.lru_cache(maxsize=128)
def _value_plan(model: type[Model]) -> tuple[tuple[models.Field, str, tuple[type, ...], Any], ...]:
    """Per column of a generated-key insert: the field, its attribute name, the value types
    stored as they are, and how a missing value is made (the field's default, the clock, or
    refused)."""
    plan = _plan(model, True)
    columns = []
    for field, unchanged in zip(plan.fields, plan.unchanged, strict=True):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            missing: Any = _NOW
        elif type(field).pre_save is not models.Field.pre_save and not isinstance(field, models.DateField):
            missing = _REFUSED  # its pre_save computes the value (vault sealing, blind indexes)
        else:
            missing = field
        columns.append((field, field.attname, unchanged, missing))
    return tuple(columns)


@functools.lru_cache(maxsize=128)
def _value_table(model: type[Model], parent_attname: str) -> tuple[str, tuple, int]:
    """The database alias, the column plan and the parent column's index of `ValueRows` of a model.

    Intake makes eight `ValueRows` per signal; working these out anew each time cost as much as
    adding the rows. Database routers are configuration, fixed while the process runs.
    """
    if model._meta.parents:
        raise ValueError("ValueRows takes models without parent models")
    columns = _value_plan(model)
    names = [name for _field, name, _unchanged, _missing in columns]
    return router.db_for_write(model), columns, names.index(parent_attname) if parent_attname else -1


class ValueRows:
    """New rows of one model given as attribute values, without model instances.

    For the small rows a signal has (persons, answers, indicators, an outbox row), building and
    walking a model instance costs more than the database's work on the row. Each value is
    taken as the field would store it: missing fields get their default, `auto_now_add` the
    current time; a field whose `pre_save` computes its value (a vault field, a blind index) must
    be given, already sealed or computed. Each row may point to a row of `parent` (inserted
    first, in the same transaction) through `parent_attname`; its key is read at `insert()`.
    The database assigns the primary keys; with `keys=True` they are read back (`key(i)`).
    """

    def __init__(
        self,
        model: type[Model],
        *,
        parent: PreparedRows | ValueRows | None = None,
        parent_attname: str = "",
        keys: bool = False,
    ) -> None:
        if (parent is None) != (not parent_attname):
            raise ValueError("a parent needs the attribute that points to it, and the other way round")
        self.model, self.parent, self.returning = model, parent, keys
        self.alias, self._columns, self._parent_column = _value_table(model, parent_attname)
        # Only for converting values, which depends on the database's kind, not on this thread.
        self._connection = connections[self.alias]
        self._parent_attname = parent_attname
        self.rows: list[list] = []
        self.parents: list[int] = []
        self.keys: list[Any] = []

    def add(self, values: dict[str, Any], parent: int | None = None) -> int:
        """Add a row; `parent` is the position of its parent row. Returns the new row's position."""
        if (parent is None) != (self.parent is None):
            raise ValueError("every row points to a parent row when the rows have a parent, and only then")
        connection = self._connection
        row = []
        for field, name, unchanged, missing in self._columns:
            value = values.get(name, _MISSING)
            if value is _MISSING:
                if name == self._parent_attname:
                    row.append(None)  # read at insert(), when the parent has its key
                    continue
                if missing is _REFUSED:
                    raise ValueError(f"{self.model.__name__}.{name} must be given")
                value = timezone.now() if missing is _NOW else missing.get_default()
            if type(value) not in unchanged:
                value = field.get_db_prep_save(value, connection)
            row.append(value)
        self.rows.append(row)
        self.parents.append(-1 if parent is None else parent)
        return len(self.rows) - 1

    def __len__(self) -> int:
        return len(self.rows)

    def _kind(self) -> tuple:
        return (self.model, self.alias, self.returning, self._parent_column)

    def key(self, index: int) -> Any:
        return self.keys[index]

    @classmethod
    def merge(cls, parts: Sequence[ValueRows], parent: PreparedRows | ValueRows | None) -> ValueRows:
        """The rows of several lists as one, pointing into `parent`: the merge of their parents, in order."""
        first = parts[0]
        if any(part._kind() != first._kind() for part in parts):
            raise ValueError("only rows of one model, database and parent can be merged")
        merged = cls.__new__(cls)
        merged.__dict__.update(first.__dict__)
        merged.parent, merged.rows, merged.parents, merged.keys = parent, [], [], []
        offset = 0
        for part in parts:
            merged.rows += part.rows
            merged.parents += [p + offset if p >= 0 else p for p in part.parents]
            offset += len(part.parent) if part.parent is not None else 0
        return merged

    def _take_parent_keys(self) -> None:
        column = self._parent_column
        for row, parent in zip(self.rows, self.parents, strict=True):
            row[column] = key = self.parent.key(parent)
            if key is None:
                raise ValueError("the parent rows must be inserted first")

    def insert(self, cursor: Any = None) -> None:
        """INSERT the rows (the parent's must be in); with `keys`, read their new keys back.

        With `cursor` (one of this list's database), through it rather than a cursor of its own.
        """
        if not self.rows:
            return
        if self.parent is not None:
            self._take_parent_keys()
        connection = connections[self.alias]
        keys = _execute_insert(
            connection, self.model, self.rows, generated=True, returning=self.returning, cursor=cursor
        )
        self.keys = [key for (key,) in keys] if keys is not None else []


def insert_tables(
    tables: Sequence[ValueRows],
    *,
    then: tuple[str, Sequence[Any]] | None = None,
    before_keys: Callable[[], object] | None = None,
    keys_after_sync: bool = False,
) -> None:
    """INSERT several lists of rows, each after the list its rows point to, in as few statements as possible.

    `then`, a data-modifying statement without RETURNING and its parameters, runs in the same
    transaction; on PostgreSQL as a part of the same statement, where it does not see the new
    rows (every part reads the same snapshot), so it must not depend on them. With
    `keys_after_sync` no one needs the new keys before the transaction ends: in a pipelined
    transaction (`samen.pipelined_transaction`) the statement is then sent without waiting for
    its answer, and the keys are filled in after the commit. `before_keys` is called once the
    rows are sent and before their keys are read: there, the answer to a statement sent before
    them comes back in the same round trip.

    On PostgreSQL every list goes in one statement (`_tables_statement`), with the new keys
    drawn from the tables' sequences in that statement and the rows' links to their parents
    resolved there. A thread that writes for others (`samen.intake.group_commit`) waits for
    every round trip while every request of its batch waits for it, and on a busy machine a
    round trip cost it 4-8 ms however small the statement (the database's process and then
    the writing thread must each get a core back). Elsewhere (SQLite runs in the same
    process, without round trips) the lists go in one by one (`ValueRows.insert`).
    """
    filled = [table for table in tables if table.rows]
    connection = connections[(filled or tables)[0].alias]
    if any(table.alias != connection.alias for table in filled):
        raise ValueError("the rows of insert_tables go to one database")
    positions = {id(table): n for n, table in enumerate(filled)}
    parents = tuple(positions.get(id(table.parent), -1) if table.parent is not None else -1 for table in filled)
    if any(parent >= n for n, parent in enumerate(parents)):
        raise ValueError("each list of rows comes after the list its rows point to")
    if filled and connection.vendor == "postgresql":
        keyed = tuple(table.returning or n in parents for n, table in enumerate(filled))
        _insert_tables_postgresql(connection, filled, parents, keyed, then, before_keys, keys_after_sync)
        return
    # One cursor for every statement: making one cost a tenth of a small INSERT.
    with _insert_cursor(connection) as cursor:
        for table in filled:
            table.insert(cursor)
        if then is not None:
            cursor.execute(*then)
    if before_keys is not None:
        before_keys()


def _insert_tables_postgresql(
    connection: BaseDatabaseWrapper,
    tables: list[ValueRows],
    parents: tuple[int, ...],
    keyed: tuple[bool, ...],
    then: tuple[str, Sequence[Any]] | None,
    before_keys: Callable[[], object] | None,
    keys_after_sync: bool,
) -> None:
    shape = tuple(
        (table.model, parent, table._parent_column if parent >= 0 else -1, is_keyed)
        for table, parent, is_keyed in zip(tables, parents, keyed, strict=True)
    )
    params: list[Any] = []
    for table, parent, is_keyed in zip(tables, parents, keyed, strict=True):
        if is_keyed:
            params.append(len(table.rows))
        if parent < 0 and table.parent is not None:
            table._take_parent_keys()  # rows whose parents went in before, elsewhere
        elif parent >= 0:
            # The parent's position (from 1) in its own list, in place of its key: the
            # statement joins it to the key the parent row gets.
            column = table._parent_column
            for row, position in zip(table.rows, table.parents, strict=True):
                row[column] = position + 1
        params.append(json.dumps(table.rows, default=_json_value, separators=(",", ":"), ensure_ascii=False))
    if then is not None:
        params += then[1]
    cursor = _insert_cursor(connection)
    try:
        cursor.execute(_tables_statement(connection.alias, shape, then[0] if then is not None else ""), params)
        if before_keys is not None:
            before_keys()
    except BaseException:
        cursor.close()
        raise

    def read_keys() -> None:
        with cursor:
            keys = iter(cursor.fetchone())
        for table, is_keyed in zip(tables, keyed, strict=True):
            if is_keyed:
                table.keys = list(next(keys))

    if keys_after_sync:
        after_sync(connection, read_keys)
    else:
        read_keys()


def _json_value(value: Any) -> Any:
    """A value that JSON has no type for, as the text PostgreSQL reads it from (`_tables_statement`).

    Only the kinds the rows written this way hold (times, the vault's UUIDs, JSON fields' values
    as Django adapts them); any other fails loudly rather than being stored as something else.
    """
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Jsonb):  # a JSONField's value: the statement takes it as JSON (`_tables_statement`)
        return value.obj
    raise TypeError(f"insert_tables cannot store a {type(value).__name__}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@functools.lru_cache(maxsize=256)
def _tables_statement(alias: str, shape: tuple[tuple[type[Model], int, int, bool], ...], then: str) -> str:
    """One INSERT per list of rows, as the parts of one statement (PostgreSQL).

    `shape` has per list its model, the position of the list its rows point to (or -1), the
    column that points there and whether the rows' keys are needed. Each list's rows come as
    one JSON array of arrays (one parameter, however many rows: psycopg converts the statement
    once and keeps it, and dumping a JSON text costs far less than dumping an array per
    column); a list whose keys are needed takes them from its table's sequence, numbered by
    the rows' order (`k<n>`), and the lists that point to it join on that number. The
    statement returns the keys of every such list, in the order of its rows. Foreign keys are
    checked at commit (Django declares them deferred), so the parts may run in any order.
    `then` is one more part, the last.
    """
    connection = connections[alias]
    quote = connection.ops.quote_name
    parts, returned = [], []
    for n, (model, parent, parent_column, is_keyed) in enumerate(shape):
        meta, fields = model._meta, _plan(model, True).fields
        columns = [quote(field.column) for field in fields]
        values = [_json_element(i, field.db_type(connection)) for i, field in enumerate(fields)]
        joins = ""
        if parent >= 0:
            values[parent_column] = f"k{parent}.id"
            joins += f" JOIN k{parent} ON k{parent}.o = (u.e->>{parent_column})::int"
        if is_keyed:
            sequence = f"pg_get_serial_sequence({_literal(quote(meta.db_table))}, {_literal(meta.pk.column)})"
            parts.append(f"k{n} AS (SELECT nextval({sequence}) AS id, o FROM generate_series(1, %s::int) AS o)")  # noqa: S608
            columns.insert(0, quote(meta.pk.column))
            values.insert(0, f"k{n}.id")
            joins = f" JOIN k{n} ON k{n}.o = u.o{joins}"
            returned.append(f"ARRAY(SELECT id FROM k{n} ORDER BY o)")  # noqa: S608 - names of our own
        parts.append(
            f"t{n} AS (INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) SELECT {', '.join(values)}"  # noqa: S608 - names from model metadata
            f" FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS u(e, o){joins})"
        )
    if then:
        parts.append(f"t{len(shape)} AS ({then})")
    return f"WITH {', '.join(parts)} SELECT {', '.join(returned) or '1'}"


def _json_element(index: int, db_type: str) -> str:
    """Column `index` of a row given as a JSON array, as a value of `db_type`: a jsonb column takes
    the element itself (its text would be a JSON string's contents, not JSON)."""
    if db_type == "jsonb":
        return f"(u.e->{index})"
    return f"(u.e->>{index})::{db_type.split('(')[0]}"


def _insert_cursor(connection: BaseDatabaseWrapper):
    """A cursor of `connection` for the inserts; on PostgreSQL one that binds on the server.

    Django's psycopg cursors bind parameters on the client by default: psycopg writes every
    value into the statement's text, quoting each element of every column array. For intake's
    batched inserts that was a third of the web worker's time on the write path. These
    statements have fixed, typed placeholders (`_unnest_statement`, `_statement`,
    `_tables_statement`), so the server binds them as well; the rest of the site keeps
    Django's default.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    # What `BaseDatabaseWrapper._cursor` does, with the server-binding cursor class.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(ServerBindingCursor(connection.connection))


@functools.lru_cache(maxsize=128)
def _fixed_batch_size(alias: str, model: type[Model], generated: bool) -> int | None:
    """The database's rows per INSERT for a model when it does not depend on how many rows there
    are (SQLite's limit on parameters), else None; working it out cost as much as a small INSERT."""
    fields, ops = _plan(model, generated).fields, connections[alias].ops
    size = ops.bulk_batch_size(fields, [None])
    return size if ops.bulk_batch_size(fields, [None, None]) == size else None


def _execute_insert(
    connection: BaseDatabaseWrapper,
    model: type[Model],
    rows: list[list],
    *,
    generated: bool,
    returning: bool,
    cursor: Any = None,
) -> list[tuple] | None:
    """INSERT the rows with as few statements as the database allows; their new keys when `returning`.

    Through `cursor` when given, else through a cursor of its own."""
    if cursor is None:
        with _insert_cursor(connection) as cursor:
            return _execute_insert(connection, model, rows, generated=generated, returning=returning, cursor=cursor)
    meta, plan = model._meta, _plan(model, generated)
    if connection.vendor == "postgresql" and len(rows) > 1:
        columns = [list(column) for column in zip(*rows, strict=True)]
        cursor.execute(_unnest_statement(connection.alias, model, generated, returning), columns)
        return cursor.fetchall() if returning else None
    keys: list[tuple] = []
    batch = _fixed_batch_size(connection.alias, model, generated)
    batch = max(1, connection.ops.bulk_batch_size(plan.fields, rows) if batch is None else batch)
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        params = [value for row in chunk for value in row]
        pk = meta.pk.column if returning else ""
        cursor.execute(_statement(connection.alias, meta.db_table, plan.columns, len(chunk), pk), params)
        if returning:
            keys += cursor.fetchall()
    return keys if returning else None


def insert_rows(objs: Sequence[Model]) -> None:
    """INSERT new instances of one model, set their primary keys and mark them saved.

    Either every instance has its primary key already or none has (then the database assigns
    them, read back with RETURNING). Models with multi-table inheritance are refused.
    """
    PreparedRows(objs).insert()


def _take_keys(objs: Sequence[Model], keys: list[tuple] | None) -> None:
    if keys is not None:
        for obj, (pk,) in zip(objs, keys, strict=True):
            obj.pk = pk
