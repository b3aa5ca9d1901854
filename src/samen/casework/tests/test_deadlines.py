"""Deadlines per state are data (seeded from the defaults): an administrator's row sets the deadline."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from samen.casework import deadlines, services
from samen.casework.calendar import add_working_days
from samen.casework.models import StateDeadline
from samen.casework.tests.conftest import user
from samen.casework.workflow import Event, State
from samen.routing.models import Track

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 3, 2, 10, 0)  # no public holiday in the weeks after


def test_without_a_row_the_default_applies_and_closed_states_have_no_deadline():
    StateDeadline.objects.all().delete()
    default = deadlines.DEFAULT_WORKING_DAYS[("victim", "triage")]
    assert deadlines.working_days_for(Track.VICTIM, State.TRIAGE) == default
    assert deadlines.due_on_for(Track.VICTIM, State.OUTCOME) is None


def test_a_configured_row_sets_the_deadline_in_working_days():
    StateDeadline.objects.update_or_create(kind=Track.VICTIM, state=State.TRIAGE, defaults={"working_days": 7})
    assert deadlines.working_days_for(Track.VICTIM, State.TRIAGE) == 7
    # Entered on a Thursday: seven working days skip one weekend.
    assert deadlines.due_on_for(Track.VICTIM, State.TRIAGE, entered=datetime.date(2026, 3, 5)) == datetime.date(
        2026, 3, 16
    )


def test_a_track_entering_a_state_gets_the_configured_deadline(world):
    from samen.casework import pipeline
    from samen.casework.models import SignalTrack
    from samen.casework.tests.conftest import file_signal

    StateDeadline.objects.update_or_create(kind=Track.VICTIM, state=State.TRIAGE, defaults={"working_days": 12})
    with time_machine.travel(MONDAY):
        signal, _secret = file_signal(place="Rotterdam")
        pipeline.drain_intake_outbox()
        victim = SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)
        victim = services.track_transition(track=victim, event=Event.TAKE, actor=user("coordinator"))
    assert victim.state == State.TRIAGE
    assert victim.due_on == add_working_days(MONDAY.date(), 12)
