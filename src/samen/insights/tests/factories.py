"""Signals and tracks for insights tests, written through the real intake and casework services
(identities included, never read); only their moments are set back in time afterwards, since the
services stamp "now" and the tests control the clock."""

from __future__ import annotations

import itertools
from datetime import datetime

from samen.casework import services
from samen.casework.models import SignalTrack, TrackEvent
from samen.geo.models import Municipality
from samen.intake.models import Channel, PersonRole, ReporterType, Signal
from samen.intake.services import IdentityInput, PersonInput, SignalInput, fingerprint_of, signal_submit
from samen.routing.engine import Decision

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
        municipality=Municipality.objects.get(code=municipality) if municipality else None,
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


def open_track(signal: Signal, kind: str, owner, *, opened: datetime) -> SignalTrack:
    decision = Decision(
        track=kind, rule_id=None, owner_id=owner.pk, owner_name=owner.name, contact_point_id=None, reason="test"
    )
    track, _created = services.track_open(signal=signal, decision=decision)
    SignalTrack.objects.filter(pk=track.pk).update(created_at=opened)
    TrackEvent.objects.filter(track=track).update(at=opened)
    track.refresh_from_db()
    return track


def act_on(track: SignalTrack, at: datetime, *, event: str = "take", outcome: str | None = None) -> None:
    """Move ``track`` by ``event`` (default: take it up, its first action), as if at ``at``."""
    before = set(TrackEvent.objects.filter(track=track).values_list("pk", flat=True))
    services.track_transition(track=track, event=event, actor=None, reason="test", outcome=outcome)
    TrackEvent.objects.filter(track=track).exclude(pk__in=before).update(at=at)
    track.refresh_from_db()


def summary_snapshot() -> dict:
    """Every cell of the signal and person summary tables, to compare a refresh with a rebuild."""
    from samen.insights import models

    out = {}
    for model in (
        models.SignalCount,
        models.SignalAreaCount,
        models.SignalNationalCount,
        models.SignalRegionCount,
        models.PersonCount,
        models.PersonNationalCount,
    ):
        fields = [f.name for f in model._meta.fields if f.name not in ("id", "n")]
        out[model.__name__] = {tuple(row[:-1]): row[-1] for row in model.objects.values_list(*fields, "n")}
    return out
