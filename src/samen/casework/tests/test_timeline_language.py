"""The timeline's own words are in the reader's language, whoever wrote the event and in whichever
language they worked; the words typed by people (an action, a reason) stay as typed."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import translation

from samen.casework import services
from samen.casework.models import SignalTrack, TrackEvent
from samen.casework.tests.conftest import user
from samen.routing.models import Track

pytestmark = pytest.mark.django_db


def _shown(track: SignalTrack, kind: str, language: str) -> list[str]:
    with translation.override(language):
        return [event.reason_shown for event in track.events.filter(kind=kind)]


def test_an_action_added_in_english_reads_in_dutch_for_a_dutch_reader(signal):
    victim = SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)
    with translation.override("en"):
        services.action_add(track=victim, description="Opvangplek zoeken", actor=user("coordinator"))
    assert _shown(victim, TrackEvent.Kind.ACTION, "nl") == ["Actie toegevoegd: Opvangplek zoeken"]
    assert _shown(victim, TrackEvent.Kind.ACTION, "en") == ["Action added: Opvangplek zoeken"]
    # Kept in Dutch as well, for the subject access export and anyone reading the record itself.
    assert victim.events.get(kind=TrackEvent.Kind.ACTION).reason == "Actie toegevoegd: Opvangplek zoeken"


def test_a_note_and_a_withdrawn_agenda_request_read_in_the_reader_s_language(signal):
    victim = SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)
    with translation.override("nl"):
        services.note_add(track=victim, text="Gebeld met de opvang.", actor=user("coordinator"))
        services.track_flag_for_table(track=victim, actor=user("coordinator"), reason="Samen beslissen")
        services.track_flag_for_table(track=victim, actor=user("coordinator"), reason="", flag=False)
    assert _shown(victim, TrackEvent.Kind.NOTE, "en") == ["Note added"]
    assert _shown(victim, TrackEvent.Kind.FLAGGED, "en") == ["Samen beslissen", "Removed from the agenda"]
    assert _shown(victim, TrackEvent.Kind.FLAGGED, "nl") == ["Samen beslissen", "Van de agenda gehaald"]


def test_an_escalation_names_who_was_told_in_the_reader_s_language(signal):
    victim = SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)
    with time_machine.travel(datetime.datetime.combine(victim.due_on, datetime.time(12)) + datetime.timedelta(days=1)):
        services.escalate_overdue()
    [english] = _shown(victim, TrackEvent.Kind.ESCALATED, "en")
    [dutch] = _shown(victim, TrackEvent.Kind.ESCALATED, "nl")
    assert english.startswith("Escalated to ") and dutch.startswith("Geëscaleerd naar ")
    assert english.removeprefix("Escalated to ") == dutch.removeprefix("Geëscaleerd naar ")  # the same names


def test_an_outcome_recorded_in_english_reads_in_dutch_for_a_dutch_reader_with_the_reason_as_typed(signal):
    from samen.casework.workflow import Event, Outcome

    victim = SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)
    with translation.override("en"):
        services.track_transition(track=victim, event=Event.TAKE, actor=user("coordinator"))
        services.track_transition(
            track=victim,
            event=Event.RECORD_OUTCOME,
            actor=user("coordinator"),
            outcome=Outcome.PLACED_IN_SHELTER,
            reason="Plek bij de COSM, 50% zeker.",
        )
    recorded = victim.events.filter(event=Event.RECORD_OUTCOME)
    with translation.override("nl"):
        dutch = [event.reason_shown for event in recorded]
        label = str(Outcome.PLACED_IN_SHELTER.label)
    assert dutch == [f"{label}; Plek bij de COSM, 50% zeker."] and label != "placed in shelter"
    with translation.override("en"):
        assert [event.reason_shown for event in recorded] == ["placed in shelter; Plek bij de COSM, 50% zeker."]
