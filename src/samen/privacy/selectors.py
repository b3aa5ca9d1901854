"""Reads of the privacy app: agreements, break-the-glass accesses and the sharing panel."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from samen.privacy import policy
from samen.privacy.models import BreakGlassAccess, DataCategory, Purpose, SharingAgreement


def agreements_all() -> QuerySet[SharingAgreement]:
    return SharingAgreement.objects.prefetch_related("parties", "regions").order_by("revoked_at", "name", "pk")


def agreements_for_officer(user) -> tuple[list[SharingAgreement], list[SharingAgreement]]:
    """(the agreements this user manages, the others): the others are shown read-only, so an officer
    sees what its partners agreed among themselves (which basis, purposes, area) without changing it."""
    managed = set(policy.agreements_managed_by(user).values_list("pk", flat=True))
    agreements = list(agreements_all())
    return [a for a in agreements if a.pk in managed], [a for a in agreements if a.pk not in managed]


def agreement_get_for_officer(user, pk: int) -> SharingAgreement | None:
    """The agreement with this id if this user manages it, else None."""
    return policy.agreements_managed_by(user).filter(pk=pk).first()


def break_glass_all() -> QuerySet[BreakGlassAccess]:
    return BreakGlassAccess.objects.select_related("user", "user__organisation", "signal", "reviewed_by")


@dataclass
class PartnerShare:
    """What may go to one partner organisation, and on which agreement."""

    organisation: object
    lines: list[dict] = field(default_factory=list)


@dataclass
class AgreementShare:
    """One agreement in force: what it lets go, for which purposes, to which partner organisations."""

    line: dict
    organisations: list = field(default_factory=list)


def shares_by_agreement(shares: list[PartnerShare]) -> list[AgreementShare]:
    """The panel's partners grouped under the agreement that names them: a region's covenant has a
    dozen parties, and per partner the same paragraph came back a dozen times."""
    grouped: dict[int, AgreementShare] = {}
    for share in shares:
        for line in share.lines:
            grouped.setdefault(line["agreement"].pk, AgreementShare(line=line)).organisations.append(share.organisation)
    return sorted(grouped.values(), key=lambda group: group.line["agreement"].name)


def sharing_panel(user, signal) -> list[PartnerShare]:
    """Per partner organisation: which data categories may be shared, for which purposes, on which basis.

    Only for someone who may see the signal's details; the panel lists agreements in force today that have
    the user's organisation as a party and cover the signal's area.
    """
    # Whoever sees only a signal's status (the organisation that reported it) has nothing of it to share.
    if not policy.may(user, policy.Action.VIEW, signal, category=DataCategory.SUMMARY, purpose=Purpose.CARE):
        return []
    if not user.organisation_id:
        return []
    shares: dict[int, PartnerShare] = {}
    regions = policy._signal_regions(signal)
    for agreement in policy.active_agreements(organisation_id=user.organisation_id, day=timezone.localdate()):
        area = {r.pk for r in agreement.regions.all()}
        if area and not area & regions:
            continue
        for party in agreement.parties.all():
            if party.pk == user.organisation_id:
                continue
            share = shares.setdefault(party.pk, PartnerShare(organisation=party))
            share.lines.append(
                {
                    "agreement": agreement,
                    "purposes": agreement.purpose_labels(),
                    "categories": agreement.category_labels(),
                    "basis": agreement.basis_text,
                }
            )
    return sorted(shares.values(), key=lambda s: s.organisation.name)
