"""Tracks through their life: taking, closing, waivers, transfers, escalation, reporter feedback."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied

from samen.casework import pipeline, selectors, services
from samen.casework.models import Notification, SignalTrack, TrackEvent
from samen.casework.tests.conftest import file_signal, org, user
from samen.casework.workflow import Event, Outcome, State, TransitionError
from samen.intake.models import PublicStatus, Signal
from samen.partners.models import ContactPoint
from samen.routing.models import Track
from samen.testing.tasks import run_queued

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracks(world):
    signal, _secret = file_signal(place="Rotterdam")
    pipeline.drain_intake_outbox()
    found = {t.kind: t for t in SignalTrack.objects.filter(signal=signal)}
    return signal, found[Track.VICTIM], found[Track.PERPETRATOR]


def _status(signal: Signal) -> str:
    return Signal.objects.get(pk=signal.pk).public_status


def test_taking_a_track_makes_the_signal_being_handled_and_assigns_the_taker(tracks):
    signal, victim, _perpetrator = tracks
    assert _status(signal) == PublicStatus.RECEIVED
    victim = services.track_transition(track=victim, event=Event.TAKE, actor=user("coordinator"))
    assert victim.state == State.TRIAGE
    assert victim.assignee == user("coordinator")
    assert _status(signal) == PublicStatus.BEING_HANDLED
    event = victim.events.get(kind=TrackEvent.Kind.TRANSITION)
    assert (event.from_state, event.to_state, event.event, event.actor) == (
        State.NEW,
        State.TRIAGE,
        Event.TAKE,
        user("coordinator"),
    )


def test_a_signal_closes_only_when_both_tracks_have_an_outcome_or_a_reasoned_waiver(tracks):
    signal, victim, perpetrator = tracks
    services.track_transition(track=victim, event=Event.TAKE, actor=user("coordinator"))
    services.track_transition(
        track=victim, event=Event.RECORD_OUTCOME, actor=user("coordinator"), outcome=Outcome.PLACED_IN_SHELTER
    )
    assert _status(signal) == PublicStatus.BEING_HANDLED
    assert not services.signal_is_closed(Signal.objects.get(pk=signal.pk))
    with pytest.raises(TransitionError, match="needs a reason"):
        services.track_transition(track=perpetrator, event=Event.WAIVE, actor=user("politie"))
    services.track_transition(
        track=perpetrator, event=Event.WAIVE, actor=user("politie"), reason="Geen strafbare feiten te onderzoeken."
    )
    assert _status(signal) == PublicStatus.HANDLED
    assert services.signal_is_closed(Signal.objects.get(pk=signal.pk))
    services.track_transition(track=perpetrator, event=Event.REOPEN, actor=user("politie"), reason="Nieuwe info.")
    assert _status(signal) == PublicStatus.BEING_HANDLED


def test_an_accepted_transfer_does_not_take_the_reporter_s_status_back_to_received(tracks):
    """Accepting returns the track to "new" for its new owner: the reporter's status went back from
    "In behandeling" to "Ontvangen", under a reply already shown (found by exploratory testing)."""
    signal, victim, _perpetrator = tracks
    services.track_transition(track=victim, event=Event.TAKE, actor=user("coordinator"))
    services.track_transition(
        track=victim, event=Event.TRANSFER, actor=user("coordinator"), transfer_to=org("zorgcoordinatie-re03")
    )
    victim = services.track_transition(track=victim, event=Event.ACCEPT_TRANSFER, actor=user("zorg"))
    assert victim.state == State.NEW
    assert _status(signal) == PublicStatus.BEING_HANDLED


def test_a_track_sent_on_before_anyone_took_it_leaves_the_reporter_s_status_at_received(tracks):
    """The reporter read "being handled" while nobody had looked at the signal (found by exploratory testing)."""
    signal, victim, _perpetrator = tracks
    services.track_transition(
        track=victim, event=Event.TRANSFER, actor=user("coordinator"), transfer_to=org("zorgcoordinatie-re03")
    )
    assert _status(signal) == PublicStatus.RECEIVED
    victim = services.track_transition(track=victim, event=Event.ACCEPT_TRANSFER, actor=user("zorg"))
    assert _status(signal) == PublicStatus.RECEIVED
    services.track_transition(track=victim, event=Event.TAKE, actor=user("zorg"))
    assert _status(signal) == PublicStatus.BEING_HANDLED


def test_only_the_owner_may_move_a_track_through_the_interface(tracks):
    _signal, victim, _perpetrator = tracks
    with pytest.raises(PermissionDenied):
        services.track_transition_as(track=victim, event=Event.TAKE, actor=user("politie"))
    with pytest.raises(PermissionDenied):
        services.track_transition_as(track=victim, event=Event.TAKE, actor=user("analist"))
    services.track_transition_as(track=victim, event=Event.TAKE, actor=user("coordinator"))


def test_a_transfer_waits_for_the_receiver_and_the_timeline_travels_along(tracks):
    signal, victim, _perpetrator = tracks
    services.track_transition(track=victim, event=Event.TAKE, actor=user("coordinator"))
    receiver = org("zorgcoordinatie-re03")
    services.track_transition(
        track=victim,
        event=Event.TRANSFER,
        actor=user("coordinator"),
        reason="Slachtoffer verhuist.",
        transfer_to=receiver,
    )
    victim.refresh_from_db()
    assert (victim.state, victim.owner.slug, victim.transfer_to) == (
        State.TRANSFER_PENDING,
        "zorgcoordinatie-re07",
        receiver,
    )
    assert Notification.objects.filter(user=user("zorg"), track=victim).exists()
    assert signal in selectors.signals_visible_to(user("zorg"))
    with pytest.raises(PermissionDenied):
        services.track_transition_as(track=victim, event=Event.ACCEPT_TRANSFER, actor=user("coordinator"))
    services.track_transition_as(track=victim, event=Event.ACCEPT_TRANSFER, actor=user("zorg"))
    victim.refresh_from_db()
    assert (victim.state, victim.owner, victim.transfer_to) == (State.NEW, receiver, None)
    assert [e.event for e in victim.events.filter(kind=TrackEvent.Kind.TRANSITION)] == [
        Event.TAKE,
        Event.TRANSFER,
        Event.ACCEPT_TRANSFER,
    ]
    # The old owner was told of the new signal, and now of the accepted transfer.
    assert Notification.objects.filter(user=user("coordinator"), track=victim).count() == 2


def test_a_rejected_transfer_stays_with_the_owner(tracks):
    signal, victim, _perpetrator = tracks
    services.track_transition(
        track=victim,
        event=Event.TRANSFER,
        actor=user("coordinator"),
        reason="Andere regio?",
        transfer_to=org("zorgcoordinatie-re03"),
    )
    services.track_transition_as(
        track=victim, event=Event.REJECT_TRANSFER, actor=user("zorg"), reason="Woont hier niet."
    )
    victim.refresh_from_db()
    # Back where it was when the transfer was asked: never taken, so still new (not "being handled").
    assert (victim.state, victim.owner.slug, victim.transfer_to) == (State.NEW, "zorgcoordinatie-re07", None)
    assert signal not in selectors.signals_visible_to(user("zorg"))


def test_a_track_in_progress_returns_to_in_progress_when_its_transfer_is_rejected(tracks):
    _signal, victim, _perpetrator = tracks
    for event in (Event.TAKE, Event.START):
        victim = services.track_transition(track=victim, event=event, actor=user("coordinator"))
    services.track_transition(
        track=victim, event=Event.TRANSFER, actor=user("coordinator"), reason="Verhuisd",
        transfer_to=org("zorgcoordinatie-re03"),
    )  # fmt: skip
    victim = services.track_transition_as(track=victim, event=Event.REJECT_TRANSFER, actor=user("zorg"), reason="Nee")
    assert victim.state == State.IN_PROGRESS


def test_escalation_goes_once_per_deadline_to_the_backup_and_the_coordinator(
    tracks, django_capture_on_commit_callbacks
):
    _signal, victim, perpetrator = tracks
    backup = ContactPoint.objects.create(
        organisation=victim.owner, name="Achterwacht", function="Zorgcoördinator", email="achterwacht@demo.example"
    )
    ContactPoint.objects.filter(pk=victim.contact_point_id).update(backup=backup)
    mail.outbox.clear()
    due = victim.due_on
    with time_machine.travel(datetime.datetime.combine(due, datetime.time(12)) + datetime.timedelta(days=1)):
        with django_capture_on_commit_callbacks(execute=True):
            escalated = services.escalate_overdue()
        run_queued()  # the e-mail tasks, as the worker runs them
        assert escalated >= 1
        assert any("achterwacht@demo.example" in m.to for m in mail.outbox)
        assert Notification.objects.filter(
            user=user("coordinator"), track=victim, text__contains=due.strftime("%d-%m-%Y")
        ).exists()
        assert victim.events.filter(kind=TrackEvent.Kind.ESCALATED).count() == 1
        # Again on the same deadline: nothing new.
        with django_capture_on_commit_callbacks(execute=True):
            services.escalate_overdue()
        assert victim.events.filter(kind=TrackEvent.Kind.ESCALATED).count() == 1
        # A new state brings a new deadline, which escalates again once overdue.
        services.track_transition(track=victim, event=Event.TAKE, actor=user("coordinator"))
    victim.refresh_from_db()
    with time_machine.travel(datetime.datetime.combine(victim.due_on, datetime.time(12)) + datetime.timedelta(days=1)):
        services.escalate_overdue()
    assert victim.events.filter(kind=TrackEvent.Kind.ESCALATED).count() == 2
    assert perpetrator.events.filter(kind=TrackEvent.Kind.ESCALATED).count() == 1


def test_the_regional_care_coordinator_is_told_of_every_escalation_and_so_is_the_owner_s_coordinator(tracks):
    from samen.testing.factories import UserFactory

    _signal, _victim, perpetrator = tracks
    assert perpetrator.owner.slug == "politie-re07"
    police_coordinator = UserFactory(organisation=org("politie-re07"), roles=["coordinator"])
    with time_machine.travel(
        datetime.datetime.combine(perpetrator.due_on, datetime.time(12)) + datetime.timedelta(days=3)
    ):
        services.escalate_overdue()
    escalations = Notification.objects.filter(track=perpetrator, text__contains=perpetrator.due_on.strftime("%d-%m-%Y"))
    told = set(escalations.values_list("user__username", flat=True))
    # The regional care coordinator (ZC Rotterdam) although the police own the track, and the owner's own.
    assert told == {user("coordinator").username, police_coordinator.username}


def test_a_message_to_the_reporter_comes_from_an_owner_only(tracks):
    signal, _victim, _perpetrator = tracks
    services.reporter_message_send(signal=signal, text="Wij gaan met uw melding aan de slag.", actor=user("politie"))
    assert list(signal.reporter_messages.values_list("text", flat=True)) == ["Wij gaan met uw melding aan de slag."]
    with pytest.raises(PermissionDenied):
        services.reporter_message_send(signal=signal, text="Hallo", actor=user("zorg"))


def test_a_message_to_the_reporter_tells_them_the_signal_is_being_handled(tracks):
    """A reply under "received" said that no organisation had looked at the signal yet."""
    signal, _victim, _perpetrator = tracks
    assert Signal.objects.get(pk=signal.pk).public_status == PublicStatus.RECEIVED
    services.reporter_message_send(signal=signal, text="Wij hebben uw melding gelezen.", actor=user("politie"))
    assert Signal.objects.get(pk=signal.pk).public_status == PublicStatus.BEING_HANDLED


def test_a_table_decision_settles_the_flag_and_lands_on_the_timeline_with_its_action(tracks):
    # Which signals reach the agenda is the rule of samen.meetings.agenda (tested there).
    _signal, victim, _perpetrator = tracks
    services.track_flag_for_table(track=victim, actor=user("coordinator"), reason="Opvang en onderzoek afstemmen.")
    victim.refresh_from_db()
    assert victim.needs_joint_decision
    services.track_decision_record(
        track=victim,
        decision="Opvang via COSM; politie hoort slachtoffer na bedenktijd.",
        actor=user("tafel"),
        action_description="Plaats in opvang zoeken",
        action_organisation=org("zorgcoordinatie-re07"),
    )
    victim.refresh_from_db()
    assert not victim.needs_joint_decision
    assert victim.events.filter(kind=TrackEvent.Kind.DECISION).exists()
    assert victim.actions.get().description == "Plaats in opvang zoeken"


def test_cases_group_signals_and_signals_can_leave_them_again(tracks):
    signal, _victim, _perpetrator = tracks
    other, _secret = file_signal(place="Rotterdam")
    pipeline.drain_intake_outbox()
    case = services.case_create(title="Nagelsalons Rotterdam-Zuid", actor=user("coordinator"), signals=[signal, other])
    assert set(case.memberships.values_list("signal_id", flat=True)) == {signal.pk, other.pk}
    services.case_add_signal(case=case, signal=signal, actor=user("coordinator"))
    assert case.memberships.count() == 2
    services.case_remove_signal(case=case, signal=other, actor=user("coordinator"))
    assert list(case.memberships.values_list("signal_id", flat=True)) == [signal.pk]
