"""Lookups and key rotation over every model that holds `VaultField`s."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction

from samen.vault import crypto, keys
from samen.vault.fields import Sealed, VaultField


def vault_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if any(isinstance(f, VaultField) for f in m._meta.concrete_fields)]


def vault_fields(model: type[models.Model]) -> list[VaultField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, VaultField)]


def _stale_fields(instance: models.Model, fields: list[VaultField]) -> list[str]:
    """The fields of this row sealed under an older key than the newest of its scope."""
    stale = []
    for field in fields:
        raw = instance.__dict__.get(field.attname)
        if isinstance(raw, Sealed) and crypto.key_id_of(raw.text) != keys.current_key_id(field.scope_of(instance)):
            stale.append(field.attname)
    return stale


@dataclass
class RotationReport:
    model: str
    examined: int = 0
    rotated: int = 0


def rotate(*, batch_size: int = 500, dry_run: bool = False) -> Iterator[RotationReport]:
    """Re-seal every value under the newest key version of its scope, one short transaction per batch.

    The site stays up: reads open any version that is still configured, so old keys may only
    be removed from the environment after this has finished.
    """
    for model in vault_models():
        fields = vault_fields(model)
        report = RotationReport(model=model._meta.label)
        last_pk = 0
        while True:
            with transaction.atomic():
                batch = list(
                    model._default_manager.select_for_update().filter(pk__gt=last_pk).order_by("pk")[:batch_size]
                )
                for instance in batch:
                    report.examined += 1
                    stale = _stale_fields(instance, fields)
                    if stale:
                        report.rotated += 1
                        if not dry_run:
                            # Reading opens the old value; saving seals it under the newest key.
                            instance.save(update_fields=[f.attname for f in fields])
            if len(batch) < batch_size:
                break
            last_pk = batch[-1].pk
        yield report
