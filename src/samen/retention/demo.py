"""Demo step: one legal hold, placed by the demo privacy officer on a signal their organisation holds."""

from __future__ import annotations

import datetime

from django.utils import timezone

from samen.retention.holds import legal_hold_place
from samen.retention.models import LegalHold
from samen.vault.demo import demo_privacy_officer
from samen.vault.subject_access import signals_held_by

REASON = "Vordering van de officier van justitie: strafrechtelijk onderzoek naar het uitzendbureau loopt."


def seed_legal_hold() -> int:
    """Place the demo hold once (the officer has placed none yet); returns how many were new."""
    officer = demo_privacy_officer()
    if officer is None or LegalHold.objects.filter(created_by=officer).exists():
        return 0
    signal = signals_held_by(officer.organisation_id).order_by("pk").first()
    if signal is None:
        return 0
    legal_hold_place(
        actor=officer, signal=signal, reason=REASON, review_date=timezone.localdate() + datetime.timedelta(days=180)
    )
    return 1
