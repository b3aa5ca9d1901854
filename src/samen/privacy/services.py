"""Writes of the privacy app: sharing agreements and break-the-glass accesses, each audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.privacy import policy
from samen.privacy.auditing import audit
from samen.privacy.models import (
    POLICE_OR_JUSTICE_TYPES,
    BreakGlassAccess,
    DataCategory,
    SectorBasis,
    SharingAgreement,
)

BREAK_GLASS_DURATION = timedelta(hours=1)


def _require(user, action: str, obj=None) -> None:
    decision = policy.decide(user, action, obj)
    if not decision.allowed:
        audit(actor=user, action=action, obj=obj, result="denied")
        raise PermissionDenied(decision.reason)


def agreement_errors(
    *, parties: Iterable, categories: Iterable[str], sector_basis: str, valid_from, valid_until
) -> dict[str, str]:
    """What is wrong with an agreement, by field: it is between at least two parties; police or
    justice data need a Wpg/Wjsg/Wgs ground; a period must not end before it starts."""
    errors: dict[str, str] = {}
    parties = list(parties)
    if len({o.pk for o in parties}) < 2:
        errors["parties"] = _("A sharing agreement is made between at least two parties: choose at least two.")
    police_party = any(o.type in POLICE_OR_JUSTICE_TYPES for o in parties)
    if (police_party or DataCategory.CRIMINAL in categories) and sector_basis == SectorBasis.NONE:
        errors["sector_basis"] = _("Police or justice data are shared only on a ground in the Wpg, Wjsg or Wgs.")
    if valid_until and valid_from and valid_until < valid_from:
        errors["valid_until"] = _("The end date lies before the start date.")
    return errors


@transaction.atomic
def agreement_save(*, actor, data: dict, agreement: SharingAgreement | None = None) -> SharingAgreement:
    """Create or change an agreement; `data` holds the model fields plus `parties` and `regions`.

    The actor must manage the agreement as it is (PermissionDenied) and as it will be: a party list
    without the actor's own organisation is refused at the parties (ValidationError).
    """
    _require(actor, policy.Action.MANAGE_AGREEMENTS, agreement)
    data = dict(data)
    parties = list(data.pop("parties"))
    regions = list(data.pop("regions", []))
    errors = agreement_errors(
        parties=parties,
        categories=data.get("categories", []),
        sector_basis=data.get("sector_basis", ""),
        valid_from=data.get("valid_from"),
        valid_until=data.get("valid_until"),
    )
    decision = policy.agreement_parties_decision(actor, [o.pk for o in parties])
    if not decision.allowed:  # told before "at least two": adding the own organisation may settle both
        errors["parties"] = decision.reason
    if errors:
        raise ValidationError(errors)
    created = agreement is None
    agreement = agreement or SharingAgreement(created_by=actor)
    for name, value in data.items():
        setattr(agreement, name, value)
    agreement.save()
    agreement.parties.set(parties)
    agreement.regions.set(regions)
    audit(actor=actor, action="agreement_create" if created else "agreement_change", obj=agreement)
    return agreement


@transaction.atomic
def agreement_revoke(*, actor, agreement: SharingAgreement, reason: str) -> SharingAgreement:
    """Revoke at once: the policy reads `revoked_at` on every decision."""
    _require(actor, policy.Action.MANAGE_AGREEMENTS, agreement)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the agreement is revoked.")})
    agreement = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.revoked_at is None:
        agreement.revoked_at = timezone.now()
        agreement.revoked_reason = reason.strip()
        agreement.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
        audit(actor=actor, action="agreement_revoke", obj=agreement)
    return agreement


@transaction.atomic
def break_glass_open(*, actor, signal, reason: str) -> BreakGlassAccess:
    """Open a time-limited access outside the rules; it is logged and waits for review."""
    decision = policy.decide(actor, policy.Action.BREAK_GLASS)
    if not decision.allowed:
        audit(actor=actor, action="break_glass", obj=signal, result="denied")
        raise PermissionDenied(decision.reason)
    reason = reason.strip()
    if len(reason) < 20:
        raise ValidationError({"reason": _("Describe in at least 20 characters why you need this access now.")})
    now = timezone.now()
    access = BreakGlassAccess.objects.create(
        user=actor, signal=signal, reason=reason, created_at=now, expires_at=now + BREAK_GLASS_DURATION
    )
    audit(actor=actor, action="break_glass", obj=signal)
    return access


@transaction.atomic
def break_glass_review(*, actor, access: BreakGlassAccess, verdict: str, note: str) -> BreakGlassAccess:
    """The privacy officer judges an access: justified or not, with a note."""
    _require(actor, policy.Action.VIEW_AUDIT)
    if verdict not in ("justified", "unjustified"):
        raise ValidationError({"verdict": _("Choose a verdict.")})
    access = BreakGlassAccess.objects.select_for_update().get(pk=access.pk)
    access.reviewed_at = timezone.now()
    access.reviewed_by = actor
    access.review_verdict = verdict
    access.review_note = note.strip()
    access.save(update_fields=["reviewed_at", "reviewed_by", "review_verdict", "review_note"])
    audit(actor=actor, action="break_glass_review", obj=access)
    return access
