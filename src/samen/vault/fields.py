"""Model fields for identifying data: encrypted at rest, plaintext on the instance.

`VaultField` stores a sealed value (see `crypto`) and decrypts lazily on attribute access, with
the row's stable uuid (`uuid_field`) and the field name as associated data. The key scope is
read from the instance along `scope_from` (e.g. "person.signal.organisation_id"): the
organisation whose key seals the value, or the platform when it is empty.

`BlindIndexField` keeps HMAC(index key, normalised value) of another field, for exact lookup
(`PersonIdentity.objects.filter(bsn_index=blind_index("bsn", "1112 22 333"))`).

Limits: querysets cannot filter or order on sealed columns, and `.values()` / `.update()`
return or write sealed text as is; read and write identities through model instances.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from samen import random_bytes
from samen.vault import crypto, keys


class Sealed:
    """A value as loaded from the database, not yet opened."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return "<sealed>"


class _VaultAttribute(DeferredAttribute):
    """A data descriptor, so every read passes here and a sealed value is opened once."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = self.field.open_for(instance, value.text)
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value) -> None:
        instance.__dict__[self.field.attname] = value


def _resolve(instance: Any, path: str) -> Any:
    value = instance
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value


class VaultField(models.TextField):
    descriptor_class = _VaultAttribute

    def __init__(
        self, *args: Any, kind: str = "text", scope_from: str = "", uuid_field: str = "vault_id", **kwargs: Any
    ) -> None:
        if kind not in ("text", "date"):
            raise ValueError("kind is text or date")
        self.kind, self.scope_from, self.uuid_field = kind, scope_from, uuid_field
        kwargs.setdefault("editable", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.update(kind=self.kind, scope_from=self.scope_from, uuid_field=self.uuid_field)
        return name, "samen.vault.fields.VaultField", args, kwargs

    def aad_for(self, instance: Any) -> bytes:
        return crypto.associated_data(instance._meta.db_table, str(getattr(instance, self.uuid_field)), self.column)

    def scope_of(self, instance: Any) -> str:
        return keys.scope_for(_resolve(instance, self.scope_from) if self.scope_from else None)

    def open_for(self, instance: Any, text: str) -> Any:
        plain = crypto.open_sealed(text, aad=self.aad_for(instance))
        return datetime.date.fromisoformat(plain) if self.kind == "date" else plain

    def seal_for(self, instance: Any, value: Any) -> str:
        return self.sealed(value, row_id=str(getattr(instance, self.uuid_field)), scope=self.scope_of(instance))

    def sealed(self, value: Any, *, row_id: str, scope: str) -> str | None:
        """The column's value for `value` in the row whose vault uuid is `row_id`, under `scope`:
        what `pre_save` stores, for rows written without a model instance (`bulk_insert.ValueRows`)."""
        if value is None or value == "":
            return None if self.null else ""
        plain = value.isoformat() if isinstance(value, datetime.date) else str(value)
        aad = crypto.associated_data(self.model._meta.db_table, row_id, self.column)
        return crypto.seal(plain, scope=scope, aad=aad)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None if (value is None or self.kind == "date") else ""
        return Sealed(value)

    def to_python(self, value):
        if self.kind == "date" and isinstance(value, str) and value:
            return datetime.date.fromisoformat(value)
        return value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is None or value == "":
            return None if self.null else ""
        return self.seal_for(model_instance, value)

    def get_prep_value(self, value):
        if isinstance(value, Sealed):
            return value.text
        if isinstance(value, datetime.date):
            raise TypeError("sealed columns cannot be compared with plain values")
        return value


class BlindIndexField(models.CharField):
    def __init__(self, *args: Any, source: str = "", kind: str = "", **kwargs: Any) -> None:
        self.source, self.kind = source, kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, kind=self.kind)
        return name, "samen.vault.fields.BlindIndexField", args, kwargs

    def pre_save(self, model_instance, add):
        value = crypto.blind_index(self.kind, getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


@functools.lru_cache(maxsize=32)
def _identifying_fields(model: type[models.Model]) -> tuple[tuple[VaultField, ...], tuple[BlindIndexField, ...]]:
    fields = model._meta.concrete_fields
    return (
        tuple(f for f in fields if isinstance(f, VaultField)),
        tuple(f for f in fields if isinstance(f, BlindIndexField)),
    )


def sealed_values(
    model: type[models.Model], values: dict[str, Any], *, scope: str, normalised: bool = False
) -> dict[str, Any]:
    """The values of a new row of `model` as its vault and blind-index fields store them: sealed
    under `scope` with a fresh vault uuid, blind indexes computed from the plain values. What
    `pre_save` stores for an instance, for rows written without one (`bulk_insert.ValueRows`).
    `normalised`: the indexed values are normalised already (see `crypto.blind_index`)."""
    vault_fields, index_fields = _identifying_fields(model)
    row = dict(values)
    row_ids: dict[str, str] = {}
    for field in vault_fields:
        if field.uuid_field not in row_ids:
            row.setdefault(field.uuid_field, random_bytes.uuid4())
            row_ids[field.uuid_field] = str(row[field.uuid_field])
        row[field.attname] = field.sealed(values.get(field.attname), row_id=row_ids[field.uuid_field], scope=scope)
    for field in index_fields:
        row[field.attname] = crypto.blind_index(field.kind, values.get(field.source) or "", normalised=normalised)
    return row
