"""Signals for insights tests, written through the real intake service (identities included, never read)."""

from __future__ import annotations

import itertools
from datetime import datetime

from samen.geo.models import Municipality
from samen.intake.models import Channel, PersonRole, ReporterType, Signal
from samen.intake.services import IdentityInput, PersonInput, SignalInput, fingerprint_of, signal_submit

_keys = itertools.count(1)


def make_signal(
    municipality: str,
    *,
    at: datetime,
    form: str | None = "ARBEID",
    sector: str = "",
    channel: str = Channel.PROFESSIONAL_WEB,
    reporter_type: str = ReporterType.PROFESSIONAL,
    victim_age: str = "25",
    victim_gender: str = "female",
    victim_nationality: str = "Pools",
    victim_name: str = "",
) -> Signal:
    key = f"insights-test-{next(_keys)}"
    data = SignalInput(
        what="Mensen werken zeven dagen per week op een kwekerij.",
        municipality=Municipality.objects.get(code=municipality),
        reporter_type=reporter_type,
        persons=[
            PersonInput(
                role=PersonRole.VICTIM,
                age=victim_age,
                gender=victim_gender,
                nationality=victim_nationality,
                identity=IdentityInput(name=victim_name) if victim_name else None,
            ),
            PersonInput(role=PersonRole.PERPETRATOR, description="De baas."),
        ],
        form_codes=[form] if form else [],
        sector=sector,
    )
    result = signal_submit(data=data, channel=channel, actor=None, idempotency_key=key, fingerprint=fingerprint_of(key))
    Signal.objects.filter(pk=result.signal.pk).update(created_at=at)
    return result.signal
