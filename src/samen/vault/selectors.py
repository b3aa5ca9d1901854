"""Finding identities by blind index: exact BSN or phone number, never by searching plaintext."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from samen.intake.models import PersonIdentity, SignalPerson
from samen.vault.crypto import blind_index


def persons_by_identifier(*, bsn: str = "", phone: str = "", signal_ids: QuerySet | None = None) -> QuerySet:
    """Persons whose identity has this BSN or phone number (spaces, dashes and +31/0 do not matter)."""
    condition = Q()
    if bsn and (index := blind_index("bsn", bsn)):
        condition |= Q(identity__bsn_index=index)
    if phone and (index := blind_index("phone", phone)):
        condition |= Q(identity__phone_index=index)
    if not condition:
        return SignalPerson.objects.none()
    persons = SignalPerson.objects.filter(condition)
    if signal_ids is not None:
        persons = persons.filter(signal_id__in=signal_ids)
    return persons.select_related("signal", "identity")


def identity_of(person: SignalPerson) -> PersonIdentity | None:
    """The decrypted identity of a person (values open on attribute access), or None."""
    return PersonIdentity.objects.filter(person=person).select_related("person__signal").first()
