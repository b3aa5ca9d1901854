"""A signal brought to the signaaltafel in tests, the way it happens outside them."""

from __future__ import annotations

from typing import Any

from samen.casework import permissions, services
from samen.casework.models import SignalTrack
from samen.intake.models import Signal
from samen.meetings.services import agendas_refresh


def bring_to_table(*, signal: Signal, actor: Any, reason: str) -> list[SignalTrack]:
    """Flag the open tracks of the signal that `actor` acts on, as the flag form on the signal page
    does, then refresh the agendas, as the worker does every few minutes."""
    tracks = [t for t in signal.tracks.all() if permissions.can_act_on_track(actor, t) and not t.is_closed]
    if not tracks:
        raise ValueError(f"{actor} acts on no open track of signal {signal.pk}")
    for track in tracks:
        services.track_flag_for_table(track=track, actor=actor, reason=reason)
    agendas_refresh()
    return tracks
