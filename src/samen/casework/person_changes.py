"""Correcting what was reported about a person, after intake.

A case worker of an owner puts right a misspelt name, a wrong BSN or date of birth, or adds what
became known since (a phone number, the nationality): the person has a right to have wrong data
about them corrected (AVG art. 16), and a follow-up on a wrong name reaches no one.

In one transaction the person and their identity are stored (sealed as at intake, with their blind
indexes made again), a note on the timeline of every track names the person and the fields that
changed (never a value), and the audit log names the kinds of data written. What was made from the
person is made again:

- the de-identified copies: a corrected name is one the copy must remove, and age, nationality and
  description are free text. They are cleared; intake's background run makes them again;
- the linkage encoding (name, date of birth, phone number, gender): taken out of matching through
  `hooks.person_corrected` (kept, superseded, where an answered possible link rests on it), and the
  periodic step encodes and matches the person again;
- the insights' counts (age, gender, nationality): moved through `hooks.signal_corrected`.

Two case workers may have one person open at once: the form sends keyed digests of what it showed,
and only what its user changed is written (`changed_since_shown`). Once retention removed the
identities, no name comes back and no text about the people changes (`identities_removed`).

The role is not changed here: it decides which track a person belongs to and who encodes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from samen import audit
from samen.casework import permissions, selectors, services, shown_values
from samen.intake import hooks
from samen.intake import services as intake_services
from samen.intake.api_schema import MAX_PERSONS
from samen.intake.forms import same_bsn_message
from samen.intake.models import PersonIdentity, PersonRole, Signal, SignalPerson
from samen.vault.crypto import blind_index

PERSON_FIELDS = ("age", "gender", "nationality", "description", "consent")
IDENTITY_FIELDS = ("name", "birth_date", "phone", "address", "bsn")
SPECIAL_FIELDS = ("health",)
CRIMINAL_FIELDS = ("criminal_law",)
# What the de-identified copies are made from: free text, and the names they remove.
DEIDENTIFIED_FROM = frozenset({"age", "nationality", "description", "name"})
# What a linkage encoding is made from (`linkage.services.identifiers_of`).
ENCODED_FROM = frozenset({"name", "birth_date", "phone", "gender"})
# What the insights count a person by (`insights.aggregates.PERSON_COLUMNS`).
COUNTED_BY = frozenset({"age", "gender", "nationality"})
# The audit log's words for the kinds of data written.
_AUDIT_CATEGORY = {
    **dict.fromkeys(PERSON_FIELDS, "person"),
    **dict.fromkeys(IDENTITY_FIELDS, "identity"),
    "health": "special",
    "criminal_law": "criminal",
}


def person_label(person: SignalPerson, persons: list[SignalPerson]) -> str:
    """The person as the timeline names them, in the active language: the role, with a number where
    the signal names more than one of it ("possible victim 2")."""
    label = str(PersonRole(person.role).label)
    number = selectors.person_number(person, persons)
    return f"{label} {number}" if number else label


def audit_categories(names: Iterable[str]) -> list[str]:
    """The audit log's words for the kinds of data these fields hold."""
    return sorted({_AUDIT_CATEGORY[name] for name in names})


def _field_label(name: str) -> str:
    model = SignalPerson if name in PERSON_FIELDS else PersonIdentity
    return str(model._meta.get_field(name).verbose_name)


def _in_both_languages(make: Callable[[], str]) -> dict[str, str]:
    """A value of a timeline reason, read in Dutch or in English (`routing.engine._shown`)."""
    values = {}
    for language in ("nl", "en"):
        with translation.override(language):
            values[language] = make()
    return values


def _cleaned(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def stored_values(person: SignalPerson) -> dict[str, Any]:
    """Every field of the person as stored now, identity opened (the caller shows or compares them)."""
    values = {name: getattr(person, name) for name in PERSON_FIELDS}
    identity = PersonIdentity.objects.filter(person=person).first()
    for name in IDENTITY_FIELDS + SPECIAL_FIELDS + CRIMINAL_FIELDS:
        values[name] = getattr(identity, name) if identity is not None else (None if name == "birth_date" else "")
    return values


_SHOWN_SALT = "samen.casework.person_form"


def shown_digests(person_id: int, values: Mapping[str, Any]) -> str:
    """What a form showed (`shown_values`). `values` as the form cleans them (`PersonChangeForm.as_cleaned`)."""
    return shown_values.shown_digests(_SHOWN_SALT, person_id, values)


def changed_since_shown(person_id: int, values: Mapping[str, Any], shown: str) -> dict[str, Any]:
    """The fields of a sent form that differ from what the form showed (`shown_digests`): one case
    worker adds a phone number, another corrects the age from the page opened before; the second
    must not write the old phone number back."""
    return shown_values.changed_since_shown(_SHOWN_SALT, person_id, values, shown)


def _writable_fields(actor: Any, signal: Signal) -> tuple[str, ...]:
    """The fields this user may correct on this signal; PermissionDenied when none."""
    if not permissions.can_correct_persons(actor, signal):
        raise PermissionDenied(_("Only a case worker of an owner can correct the people in this signal."))
    fields = PERSON_FIELDS + IDENTITY_FIELDS
    if permissions.can_correct_special(actor, signal):
        fields += SPECIAL_FIELDS
    if permissions.can_correct_criminal_law(actor, signal):
        fields += CRIMINAL_FIELDS
    return fields


IDENTITIES_REMOVED = _lazy(
    "The identifying data of this signal were removed at the end of their retention period: no names "
    "are entered again, and the texts about the people and the place are not changed any more."
)


def identities_removed(signal: Signal) -> bool:
    """Whether retention removed the signal's identities (its tombstone says so, `retention.services`).

    Read through the app registry: retention sits above casework and removes casework's data too.
    """
    tombstones = apps.get_model("retention", "Tombstone").objects
    return tombstones.filter(category="identity", object_type="signal", object_id=str(signal.pk)).exists()


def _locked(signal: Signal, actor: Any, values: Mapping[str, Any]) -> tuple[Signal, tuple[str, ...]]:
    """The signal, locked so corrections, additions and routing apply one after the other, and the
    fields this user may write; `PermissionDenied` or `ValidationError` when nothing may be written."""
    signal = Signal.objects.select_for_update(of=("self",)).prefetch_related("tracks").get(pk=signal.pk)
    writable = _writable_fields(actor, signal)
    forbidden = sorted(set(values) - set(writable))
    if forbidden:
        raise PermissionDenied(_("You may not correct these fields: %(fields)s.") % {"fields": ", ".join(forbidden)})
    if signal.free_text_removed:
        raise ValidationError(
            _("The personal data of this signal were removed at the end of its retention period."),
            code="removed",
        )
    sealed = set(IDENTITY_FIELDS + SPECIAL_FIELDS + CRIMINAL_FIELDS)
    entered = any(_cleaned(values[name]) not in ("", None) for name in sealed & set(values))
    # A free text changed means a new de-identified copy, made without the names retention removed:
    # names the text still holds would reach the readers of the copy.
    if (entered or DEIDENTIFIED_FROM & set(values)) and identities_removed(signal):
        raise ValidationError(IDENTITIES_REMOVED, code="identities_removed")
    return signal, writable


def _store(person: SignalPerson, identity: PersonIdentity | None, values: Mapping[str, Any], names: list[str]) -> None:
    """Write these fields of `values` to the person and, sealed, to their identity (made when needed)."""
    for name in names:
        if name in PERSON_FIELDS:
            setattr(person, name, _cleaned(values[name]))
    if person.pk is None:
        person.save()
    elif set(names) & set(PERSON_FIELDS):
        person.save(update_fields=[name for name in names if name in PERSON_FIELDS])
    sealed = [name for name in names if name not in PERSON_FIELDS]
    if sealed:
        identity = identity or PersonIdentity(person=person)
        for name in sealed:
            setattr(identity, name, _cleaned(values[name]))
        identity.save()


def _made_again(signal: Signal, names: list[str], **counted: Any) -> None:
    """What was made from the person's fields `names`: the de-identified copies, and the counts
    (`counted` tells the insights how the person was counted before, `hooks.signal_corrected`)."""
    if DEIDENTIFIED_FROM & set(names) and (cleared := intake_services.deidentify_again(signal)):
        signal.save(update_fields=cleared)
    if counted:
        hooks.signal_corrected.send(
            sender=Signal,
            signal_id=signal.pk,
            municipality_before=signal.municipality.code if signal.municipality_id else "",
            forms_before=sorted(signal.forms.values_list("code", flat=True)),
            **counted,
        )


def _shown(names: Iterable[str]) -> list[str]:
    """The fields a timeline note may name: not health or criminal-law data."""
    return [name for name in names if name not in SPECIAL_FIELDS + CRIMINAL_FIELDS]


def _recorded(
    signal: Signal, person: SignalPerson, persons: list[SignalPerson], names: list[str], actor: Any, said: dict | None
) -> None:
    """The timeline note on every track (none when `said` is None) and the audit entry of a write to a person.

    The timeline is read by everyone who follows the signal up, also by those the policy refuses
    health and criminal-law data: it does not say that such data were written (the audit log does).
    """
    if said is not None:
        shown = _shown(names)
        person_words = _in_both_languages(lambda: person_label(person, persons))
        field_words = _in_both_languages(lambda: get_text_list([_field_label(n) for n in shown], _("and")))
        for part in said["parts"]:
            part[1] = {**part[1], **({"person": person_words, "fields": field_words} if part[0] else {})}
        services.note_on_every_track(signal=signal, actor=actor, said=said)
    audit.record(
        actor=actor,
        action=audit.Action.WRITE,
        object_type="person",
        object_id=person.pk,
        fields=audit_categories(names),
        activity=audit.CASEWORK,
        origin="casework.person_change",
    )


def _said(heading: str, message: str, reason: str) -> dict:
    parts: list[list] = [[message, {}]]
    if reason.strip():
        parts.append(["", {"text": reason.strip()}])
    return {"heading": heading, "parts": parts}


def _refuse_a_bsn_of_another(
    signal: Signal, person: SignalPerson | None, persons: list[SignalPerson], bsn: str
) -> None:
    """One BSN is one person's, as at intake (`intake.forms.repeated_bsns`): found by its blind
    index, never by opening another person's identity."""
    index = blind_index("bsn", _cleaned(bsn))
    holder = (
        PersonIdentity.objects.filter(person__signal=signal, bsn_index=index)
        .exclude(person=person)
        .values_list("person_id", flat=True)
        .first()
        if index
        else None
    )
    other = next((p for p in persons if p.pk == holder), None)
    if other is not None:
        error = ValidationError(same_bsn_message(person_label(other, persons)), code="same_bsn")
        raise ValidationError({"bsn": error})


@transaction.atomic
def person_change(
    *, signal: Signal, person_id: int, actor: Any, values: Mapping[str, Any], reason: str = ""
) -> tuple[str, ...]:
    """Correct one person of the signal; returns the names of the fields that changed.

    `values` holds the fields to set (`PERSON_FIELDS`, `IDENTITY_FIELDS`, and health and
    criminal-law data where the user may see them); a field left out stays as it is. A field the
    user may not correct gives `PermissionDenied`; a signal whose personal data retention removed
    gives `ValidationError`. Changing nothing writes nothing.
    """
    signal, writable = _locked(signal, actor, values)
    persons = list(SignalPerson.objects.filter(signal=signal).order_by("position", "pk"))
    person = next((p for p in persons if p.pk == person_id), None)
    if person is None:
        raise ValidationError(_("This person is not part of the signal."), code="unknown_person")
    identity = PersonIdentity.objects.filter(person=person).first()

    def now(name: str) -> Any:
        if name in PERSON_FIELDS:
            return getattr(person, name)
        value = getattr(identity, name) if identity is not None else None
        return value if value is not None or name == "birth_date" else ""

    changed = [name for name in writable if name in values and _cleaned(values[name]) != now(name)]
    if not changed:
        return ()
    if "bsn" in changed:
        _refuse_a_bsn_of_another(signal, person, persons, values["bsn"])
    counted_before = {name: getattr(person, name) for name in COUNTED_BY}
    if "name" in changed and identity is not None and identity.name.strip():
        # Still removed from the de-identified copies: the free text may use the name as it was.
        identity.former_names = "\n".join(dict.fromkeys([*identity.former_names.splitlines(), identity.name.strip()]))
    _store(person, identity, values, changed)
    _made_again(
        signal, changed, **({"person_before": {"id": person.pk, **counted_before}} if COUNTED_BY & set(changed) else {})
    )
    if ENCODED_FROM & set(changed):
        hooks.person_corrected.send(sender=SignalPerson, person_id=person.pk, actor=actor)
    # A correction of health or criminal-law data alone leaves no note: the note would tell them apart.
    said = _said(gettext_noop("Person corrected"), gettext_noop("%(fields)s of %(person)s"), reason)
    _recorded(signal, person, persons, changed, actor, said if _shown(changed) else None)
    return tuple(changed)


@transaction.atomic
def person_add(*, signal: Signal, role: str, actor: Any, values: Mapping[str, Any], reason: str = "") -> SignalPerson:
    """Add a person who became known after intake (a second victim, the perpetrator's name).

    The same fields and rules as `person_change`; at least one field must say something. No
    consent is asked of a possible perpetrator. The new person is counted in the insights, and
    linkage's periodic step encodes them as any person of a routed signal.
    """
    signal, writable = _locked(signal, actor, values)
    if role not in PersonRole.values:
        raise ValidationError(_("Choose who this person is."), code="role")
    given = [name for name in writable if name in values and _cleaned(values[name]) not in ("", None)]
    if role == PersonRole.PERPETRATOR and "consent" in given:
        given.remove("consent")
    if not given:
        raise ValidationError(_("Fill in at least one thing about the person."), code="empty")
    others = list(SignalPerson.objects.filter(signal=signal).order_by("position", "pk"))
    if len(others) >= MAX_PERSONS:  # as many as intake takes
        raise ValidationError(_("At most %(count)d persons per signal.") % {"count": MAX_PERSONS}, code="too_many")
    if "bsn" in given:
        _refuse_a_bsn_of_another(signal, None, others, values["bsn"])
    person = SignalPerson(signal=signal, role=role, position=max((p.position for p in others), default=-1) + 1)
    _store(person, None, values, given)
    persons = [*others, person]  # the new person comes last, as the signal's persons are ordered
    _made_again(signal, given, person_added=person.pk)
    # A new person is always noted, since every track sees them, and never with the fields given:
    # a note without any would tell every reader that only health or criminal-law data were.
    said = _said(gettext_noop("Person added"), gettext_noop("%(person)s"), reason)
    _recorded(signal, person, persons, given, actor, said)
    return person
