"""Reads of linkage, with access built in: a user only ever gets notices of their own organisation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from samen.casework.models import Case
from samen.linkage import permissions
from samen.linkage.models import PossibleLink, SideStatus
from samen.partners.models import ContactPoint, Organisation

_RELATED = ("organisation_a", "organisation_b", "encoding_a__person__signal", "encoding_b__person__signal")


def links_for(user: Any, *, open_only: bool = True) -> QuerySet[PossibleLink]:
    """Possible links of the user's organisation; by default those its own side has not answered."""
    if not permissions.can_view_links(user):
        return PossibleLink.objects.none()
    org = user.organisation_id
    if open_only:
        condition = Q(organisation_a_id=org, status_a=SideStatus.OPEN, outcome="") | Q(
            organisation_b_id=org, status_b=SideStatus.OPEN, outcome=""
        )
    else:
        condition = Q(organisation_a_id=org) | Q(organisation_b_id=org)
    return PossibleLink.objects.filter(condition).select_related(*_RELATED).order_by("-created_at", "-pk")


def link_get_for_user(user: Any, pk: int) -> PossibleLink:
    """One possible link, or 404 for anyone outside the two organisations (no hint it exists)."""
    link = PossibleLink.objects.filter(pk=pk).select_related(*_RELATED).first()
    if link is None or not permissions.can_view_link(user, link):
        raise Http404(_("There is no possible link at this address, or you may not see it."))
    return link


@dataclass(frozen=True)
class LinkView:
    """A notice as one organisation sees it: its own signal, the other organisation, a band."""

    link: PossibleLink
    side: str
    own_signal_id: int
    own_receipt: str
    own_status: str
    own_reason: str
    other: Organisation
    other_status: str
    contact_points: list[ContactPoint]
    # The viewer's organisation's case with both signals, once both confirmed under an agreement.
    case_id: int | None

    @property
    def own_status_label(self) -> str:
        return str(SideStatus(self.own_status).label)

    @property
    def other_status_label(self) -> str:
        return str(SideStatus(self.other_status).label)


def link_view(user: Any, link: PossibleLink) -> LinkView:
    side = link.side_of(user.organisation_id)
    if side is None:
        raise Http404
    own = link.own_encoding(side)
    other = link.other_organisation(side)
    other_side = "b" if side == "a" else "a"
    return LinkView(
        link=link,
        side=side,
        own_signal_id=own.person.signal_id,
        own_receipt=own.person.signal.receipt_code,
        own_status=link.status_of(side),
        own_reason=link.reason_a if side == "a" else link.reason_b,
        other=other,
        other_status=link.status_of(other_side),
        contact_points=list(ContactPoint.objects.filter(organisation=other).order_by("position", "pk")[:3]),
        case_id=_own_case_id(user, link) if link.case_id else None,
    )


def _own_case_id(user: Any, link: PossibleLink) -> int | None:
    signals = (link.encoding_a.person.signal_id, link.encoding_b.person.signal_id)
    cases = Case.objects.filter(organisation_id=user.organisation_id, memberships__signal_id=signals[0])
    return cases.filter(memberships__signal_id=signals[1]).order_by("pk").values_list("pk", flat=True).first()
