"""Demo step: one exemption from access, recorded by the demo privacy officer on a possible perpetrator in a
signal their organisation holds (a criminal investigation must not be revealed to its suspect)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from samen.accounts.models import Role, User
from samen.intake.models import PersonRole, SignalPerson
from samen.vault.exemptions import exemption_place
from samen.vault.models import Exemption
from samen.vault.subject_access import signals_held_by

GROUND = "UAVG art. 41 lid 1 sub d"


def demo_privacy_officer() -> User | None:
    """The first privacy officer who acts for an organisation (the demo account "privacy")."""
    return (
        User.objects.filter(role_assignments__role=Role.PRIVACY_OFFICER, organisation__isnull=False, is_active=True)
        .order_by("pk")
        .first()
    )


def seed_exemption() -> int:
    """Record the demo exemption once (the officer has recorded none yet); returns how many were new."""
    officer = demo_privacy_officer()
    if officer is None or Exemption.objects.filter(created_by=officer).exists():
        return 0
    held = signals_held_by(officer.organisation_id).values("pk")
    person = (
        SignalPerson.objects.filter(signal__in=held, role=PersonRole.PERPETRATOR)
        .select_related("signal")
        .order_by("signal_id", "position", "pk")
        .first()
    )
    if person is None:
        return 0
    exemption_place(
        actor=officer,
        signal=person.signal,
        person=person,
        legal_ground=GROUND,
        review_date=timezone.localdate() + datetime.timedelta(days=365),
    )
    return 1
