"""Legal holds: placing and lifting them (services) and the holds a privacy officer sees (selectors).

A hold keeps a signal whatever the retention policies say (`services.due` leaves held signals
out). A privacy officer places one on a signal their organisation holds (reported it or owns a
track of it: the same scope as the subject-access export) and lifts it with a reason. Each
change writes an audit entry in the same transaction, with codes and numbers only: the reasons
stay on the hold, for the privacy officers.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samen import audit
from samen.intake.models import Signal
from samen.retention.models import LegalHold
from samen.vault.subject_access import signals_held_by


def holds_for_organisation(organisation_id: int) -> QuerySet[LegalHold]:
    """Holds, active or lifted, on the signals this organisation holds."""
    if not organisation_id:
        return LegalHold.objects.none()
    return LegalHold.objects.filter(signal__in=signals_held_by(organisation_id).values("pk")).select_related(
        "signal", "created_by", "lifted_by"
    )


def hold_get_for_officer(user: Any, pk: int) -> LegalHold | None:
    """The hold with this id if it is on a signal the user's organisation holds, else None."""
    return holds_for_organisation(user.organisation_id).filter(pk=pk).first()


def _record(actor: Any, hold: LegalHold, origin: str) -> None:
    audit.record(
        actor=actor,
        action=audit.Action.WRITE,
        object_type="legal_hold",
        object_id=hold.pk,
        fields=["signal"],
        activity=audit.RETENTION,
        origin=origin,
    )


def legal_hold_place(*, actor: Any, signal: Signal, reason: str, review_date: datetime.date) -> LegalHold:
    """Keep this signal from retention until the hold is lifted; raises ValidationError for a bad request."""
    reason = reason.strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("Say why the signal must be kept.")
    if review_date <= timezone.localdate():
        errors["review_date"] = _("The review date must lie in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if LegalHold.objects.filter(signal=signal, lifted_at__isnull=True).exists():
            raise ValidationError(_("This signal already has an active legal hold."))
        hold = LegalHold.objects.create(signal=signal, reason=reason, review_date=review_date, created_by=actor)
        _record(actor, hold, "retention.legal_hold_place")
    return hold


def legal_hold_lift(*, actor: Any, hold: LegalHold, reason: str) -> LegalHold:
    """End the hold: from now on the retention policies apply to the signal again."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the hold can be lifted.")})
    with transaction.atomic():
        updated = LegalHold.objects.filter(pk=hold.pk, lifted_at__isnull=True).update(
            lifted_at=timezone.now(), lifted_by=actor, lift_reason=reason
        )
        if not updated:
            raise ValidationError(_("This legal hold has already been lifted."))
        _record(actor, hold, "retention.legal_hold_lift")
    hold.refresh_from_db()
    return hold
