"""One multi-row INSERT for a list of new model instances: the write path of intake and the audit log.

`QuerySet.bulk_create` builds an insert query object and compiles it on every call, which costs
about as much as the database work itself for the handful of rows a signal has (a signal, its
persons and identities, answers, indicators, an outbox row, an audit entry). `insert_rows`
does the same per-field work as `bulk_create` — `pre_save` (defaults, `auto_now_add`, vault
sealing, blind indexes) and `get_db_prep_save` — and caches only the statement text, so the
rows stored are the ones `bulk_create` would store (a test compares both for every model that
uses it). Like `bulk_create` it sends no model signals and calls no `save()`.

Used where intake has a throughput target (issue 3, `benchmarks/intake.py`); everywhere else,
write through the ORM as usual.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from django.db import connections, router
from django.db.models import Model


@functools.lru_cache(maxsize=256)
def _statement(alias: str, table: str, columns: tuple[str, ...], rows: int, returning: str) -> str:
    quote = connections[alias].ops.quote_name
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sql = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES {', '.join([one_row] * rows)}"  # noqa: S608 - names from model metadata
    return f"{sql} RETURNING {quote(returning)}" if returning else sql


def insert_rows(objs: Sequence[Model]) -> None:
    """INSERT new instances of one model, set their primary keys and mark them saved.

    Either every instance has its primary key already or none has (then the database assigns
    them, read back with RETURNING). Models with multi-table inheritance are refused.
    """
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    if meta.parents or any(type(obj) is not model for obj in objs):
        raise ValueError("insert_rows takes instances of one model without parent models")
    alias = router.db_for_write(model)
    connection = connections[alias]
    have_pk = [obj.pk is not None for obj in objs]
    if any(have_pk) and not all(have_pk):
        raise ValueError("either every instance has a primary key or none has")
    generated = not have_pk[0]
    if generated and not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.using(alias).bulk_create(objs)
        return
    fields = [f for f in meta.local_concrete_fields if not (generated and f.primary_key)]
    columns = tuple(f.column for f in fields)
    batch = max(1, connection.ops.bulk_batch_size(fields, objs))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch):
            chunk = objs[start : start + batch]
            params = []
            for obj in chunk:
                obj._prepare_related_fields_for_save(operation_name="insert_rows")
                for field in fields:
                    params.append(field.get_db_prep_save(field.pre_save(obj, True), connection))
            returning = meta.pk.column if generated else ""
            cursor.execute(_statement(alias, meta.db_table, columns, len(chunk), returning), params)
            if generated:
                for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                    obj.pk = pk
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias
