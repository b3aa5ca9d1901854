"""Exemptions from the right of access: placing and withdrawing them (services), and those an officer sees.

A privacy officer records an exemption on a signal their organisation holds (the scope of its
subject-access export), or on one person of it, with the legal ground and a review date. Until
then, or until it is withdrawn, `subject_access_export` leaves the item out. Each change writes an
audit entry in the same transaction with codes only: the legal ground is a short reference and
goes in as the entry's legal basis; the reason for a withdrawal stays on the exemption.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samen import audit
from samen.intake.models import Signal, SignalPerson
from samen.vault.models import Exemption
from samen.vault.subject_access import signals_held_by

# The ground is written into audit entries as their legal basis, which takes a short reference only.
LEGAL_GROUND = re.compile(r"^[A-Za-z0-9_.,:()/ -]{1,120}$")


def exemptions_for_organisation(organisation_id: int) -> QuerySet[Exemption]:
    """Exemptions, in force or not, on the signals (or persons of signals) this organisation holds."""
    if not organisation_id:
        return Exemption.objects.none()
    held = signals_held_by(organisation_id).values("pk")
    return Exemption.objects.filter(Q(signal__in=held) | Q(person__signal__in=held)).select_related(
        "signal", "person__signal", "created_by", "withdrawn_by"
    )


def exemption_get_for_officer(user: Any, pk: int) -> Exemption | None:
    return exemptions_for_organisation(user.organisation_id).filter(pk=pk).first()


def _persons_in_order(signal_ids: set[int]) -> dict[int, list[int]]:
    numbered: dict[int, list[int]] = {}
    for person_id, signal_id in (
        SignalPerson.objects.filter(signal_id__in=signal_ids).order_by("position", "pk").values_list("pk", "signal_id")
    ):
        numbered.setdefault(signal_id, []).append(person_id)
    return numbered


def person_by_number(signal: Signal, number: int) -> SignalPerson | None:
    """The n-th person of the signal as its page lists them (1 is the first), or None."""
    ids = _persons_in_order({signal.pk}).get(signal.pk, [])
    return SignalPerson.objects.get(pk=ids[number - 1]) if 1 <= number <= len(ids) else None


def with_subjects(exemptions: list[Exemption]) -> list[tuple[Exemption, str]]:
    """Each exemption with what it covers in words: the whole signal, or the n-th person of it (one query)."""
    persons = [e.person for e in exemptions if e.person is not None]
    ordered = _persons_in_order({p.signal_id for p in persons})
    result = []
    for exemption in exemptions:
        person = exemption.person
        if person is None:
            subject = _("the whole signal %(code)s") % {"code": exemption.signal.receipt_code}
        else:
            subject = _("person %(number)s (%(role)s) of signal %(code)s") % {
                "number": ordered[person.signal_id].index(person.pk) + 1,
                "role": person.get_role_display(),
                "code": person.signal.receipt_code,
            }
        result.append((exemption, subject))
    return result


def _record(actor: Any, exemption: Exemption, *, action: str, origin: str) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="exemption",
        object_id=exemption.pk,
        fields=["person" if exemption.person_id else "signal"],
        activity=audit.SUBJECT_ACCESS,
        legal_basis=exemption.legal_ground,
        origin=origin,
    )


def _in_force(today: datetime.date) -> Q:
    return Q(review_date__gte=today, withdrawn_at__isnull=True)


def exemption_place(
    *, actor: Any, signal: Signal, person: SignalPerson | None, legal_ground: str, review_date: datetime.date
) -> Exemption:
    """Exempt the whole signal, or one person of it, from subject access until the review date."""
    legal_ground = " ".join(legal_ground.split())
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if not LEGAL_GROUND.match(legal_ground):
        errors["legal_ground"] = _(
            "Give the legal ground as a short reference, such as UAVG art. 41 lid 1 sub d "
            "(letters, digits, spaces and . , : ( ) / - only)."
        )
    if review_date <= today:
        errors["review_date"] = _("The review date must lie in the future.")
    if errors:
        raise ValidationError(errors)
    if person is not None and person.signal_id != signal.pk:
        raise ValueError("the person must belong to the signal")
    target = Q(signal=signal) | Q(person=person) if person is not None else Q(signal=signal)
    with transaction.atomic():
        if Exemption.objects.filter(target, _in_force(today)).exists():
            raise ValidationError(_("An exemption in force already covers this."))
        # An exemption on a person names the person only: with the signal it would withhold everyone in it.
        exemption = Exemption.objects.create(
            signal=None if person is not None else signal,
            person=person,
            legal_ground=legal_ground,
            review_date=review_date,
            created_by=actor,
        )
        _record(actor, exemption, action=audit.Action.WRITE, origin="vault.exemption_place")
    return exemption


def exemption_withdraw(*, actor: Any, exemption: Exemption, reason: str) -> Exemption:
    """End the exemption: from now on subject access includes the item again."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the exemption is withdrawn.")})
    with transaction.atomic():
        updated = Exemption.objects.filter(pk=exemption.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by=actor, withdrawal_reason=reason
        )
        if not updated:
            raise ValidationError(_("This exemption has already been withdrawn."))
        _record(actor, exemption, action=audit.Action.WRITE, origin="vault.exemption_withdraw")
    exemption.refresh_from_db()
    return exemption
