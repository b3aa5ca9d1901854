"""Every casework write is in the audit log, in its own transaction, with the category it changed."""

from __future__ import annotations

import pytest

from samen.audit.models import AuditEntry
from samen.audit.services import verify_chain
from samen.casework import pipeline, services
from samen.casework.models import SignalTrack
from samen.casework.tests.conftest import file_signal, user
from samen.casework.workflow import Event
from samen.routing.models import Track

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim_track(world):
    signal, _secret = file_signal(place="Rotterdam")
    pipeline.drain_intake_outbox()
    return SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)


def _writes(signal_id: int, origin: str):
    return AuditEntry.objects.filter(action="write", object_type="signal", object_id=str(signal_id), origin=origin)


def test_routing_a_signal_is_logged_as_a_write_by_the_platform(victim_track):
    opened = _writes(victim_track.signal_id, "casework.opened")
    # One entry per track: the victim track and the perpetrator track.
    assert [(e.actor_label, e.fields) for e in opened] == [("system:casework", "status")] * 2


def test_a_transition_a_note_an_action_and_a_message_each_leave_an_entry_of_the_user(victim_track):
    coordinator = user("coordinator")
    services.track_transition(track=victim_track, event=Event.TAKE, actor=coordinator)
    services.note_add(track=victim_track, text="Gesprek gepland met de cliënt.", actor=coordinator)
    services.action_add(track=victim_track, description="Opvangplek zoeken", actor=coordinator)
    services.reporter_message_send(signal=victim_track.signal, text="Wij pakken dit op.", actor=coordinator)
    entries = {
        origin: _writes(victim_track.signal_id, origin).get()
        for origin in ("casework.transition", "casework.note", "casework.action", "casework.reporter_message")
    }
    assert {e.actor_id for e in entries.values()} == {coordinator.pk}
    assert entries["casework.transition"].fields == "status"
    assert entries["casework.note"].fields == "free_text"
    # Codes and numbers only: the note's text is not in the log.
    assert not AuditEntry.objects.filter(fields__contains="Gesprek").exists()
    assert verify_chain().ok


def test_adding_and_removing_a_signal_from_a_case_is_logged(victim_track):
    worker = user("coordinator")
    case = services.case_create(title="Nagelsalons Rotterdam", actor=worker, signals=[victim_track.signal])
    services.case_remove_signal(case=case, signal=victim_track.signal, actor=worker)
    for origin in ("casework.case_add_signal", "casework.case_remove_signal"):
        assert _writes(victim_track.signal_id, origin).get().fields == "case"
