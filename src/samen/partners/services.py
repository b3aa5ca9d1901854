"""Changes to the partner map. Every change writes a ChangeRecord in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.text import Truncator, slugify

from samen import audit
from samen.partners.models import ChangeRecord, ContactPoint, Organisation


def _display(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset, models.QuerySet)):
        return sorted(str(v) for v in value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    snap: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            snap[name] = _display(getattr(instance, name).all()) if instance.pk else []
        else:
            snap[name] = _display(getattr(instance, name))
    return snap


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}


def _actor_label(actor) -> str:
    """Who made a change, as the history shows it, shortened to fit its column: the organisation's
    name alone may take the whole 200 characters (the actor's own organisation, just renamed)."""
    if actor is None:
        return "systeem"
    org = getattr(actor, "organisation", None)
    name = actor.get_full_name() or actor.get_username()
    label = f"{name} ({org})" if org else name
    return Truncator(label).chars(ChangeRecord._meta.get_field("actor_label").max_length)


def _record(organisation: Organisation, actor, action: str, changes: dict[str, Any]) -> ChangeRecord:
    return ChangeRecord.objects.create(
        organisation=organisation,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        action=action,
        changes=changes,
    )


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:100] or "organisatie"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_update(*, organisation: Organisation, data: dict[str, Any], actor) -> ChangeRecord | None:
    """Apply validated form data (plain fields and many-to-many sets); record what changed."""
    fields = list(data)
    before = _snapshot(organisation, fields)
    m2m = {}
    for name, value in data.items():
        if organisation._meta.get_field(name).many_to_many:
            m2m[name] = value
        else:
            setattr(organisation, name, value)
    organisation.full_clean(exclude=["slug"])
    organisation.save()
    for name, value in m2m.items():
        getattr(organisation, name).set(value)
    changes = _diff(before, _snapshot(organisation, fields))
    if not changes:
        return None
    return _record(organisation, actor, "organisation_updated", changes)


@transaction.atomic
def organisation_create(*, data: dict[str, Any], actor) -> Organisation:
    m2m = {k: data.pop(k) for k in list(data) if Organisation._meta.get_field(k).many_to_many}
    organisation = Organisation(**data)
    organisation.slug = unique_slug(organisation.short_name or organisation.name)
    organisation.full_clean()
    organisation.save()
    for name, value in m2m.items():
        getattr(organisation, name).set(value)
    _record(organisation, actor, "organisation_created", {"name": [None, organisation.name]})
    return organisation


CONTACT_FIELDS = ["name", "function", "phone", "email", "reachable", "is_available", "backup", "position"]


def _audit(actor, action: str, pk: int, origin: str) -> None:
    """A contact point names a person: its writes go to the audit log in the same transaction."""
    audit.record(
        actor=actor,
        action=action,
        object_type="contact_point",
        object_id=pk,
        fields=["contact"],
        activity=audit.PARTNER_MAP,
        origin=origin,
    )


@transaction.atomic
def contact_point_save(
    *, organisation: Organisation, data: dict[str, Any], actor, contact_point: ContactPoint | None = None
) -> ContactPoint:
    creating = contact_point is None
    contact_point = contact_point or ContactPoint(organisation=organisation)
    if contact_point.organisation_id != organisation.pk:
        raise ValueError("contact point belongs to another organisation")
    before = {} if creating else _snapshot(contact_point, CONTACT_FIELDS)
    for name, value in data.items():
        setattr(contact_point, name, value)
    if contact_point.backup_id and contact_point.backup_id == contact_point.pk:
        raise ValueError("a contact point cannot be its own backup")
    contact_point.full_clean()
    contact_point.save()
    changes = _diff(before, _snapshot(contact_point, CONTACT_FIELDS))
    if changes:
        changes = {f"{contact_point.name}: {k}": v for k, v in changes.items()}
        _record(organisation, actor, "contact_added" if creating else "contact_updated", changes)
    _audit(actor, audit.Action.WRITE, contact_point.pk, "partners.contact_point_save")
    return contact_point


@transaction.atomic
def contact_point_delete(*, contact_point: ContactPoint, actor) -> None:
    organisation = contact_point.organisation
    label = str(contact_point)
    _audit(actor, audit.Action.DELETE, contact_point.pk, "partners.contact_point_delete")
    contact_point.delete()
    _record(organisation, actor, "contact_removed", {"contact": [label, None]})
