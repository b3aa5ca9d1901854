"""From intake to two tracks: the outbox, routing with reasons, deadlines, owners told."""

from __future__ import annotations

import pytest
from django.core import mail

from samen.casework import pipeline, services
from samen.casework.models import Notification, SignalTrack, TrackEvent
from samen.casework.tests.conftest import file_signal, org, user
from samen.casework.workflow import State
from samen.intake.models import IntakeOutbox
from samen.routing.models import RoutingRule, Track
from samen.testing.tasks import run_queued

pytestmark = pytest.mark.django_db


def test_intake_writes_one_outbox_row_with_the_signal(world):
    signal, _secret = file_signal()
    assert list(IntakeOutbox.objects.filter(signal=signal).values_list("processed_at", flat=True)) == [None]


def test_draining_the_outbox_opens_a_victim_and_a_perpetrator_track_with_owner_and_reason(
    world, django_capture_on_commit_callbacks
):
    signal, _secret = file_signal(place="Rotterdam")
    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.drain_intake_outbox() == 1
    run_queued()  # the e-mail task, as the worker runs it
    tracks = {t.kind: t for t in SignalTrack.objects.filter(signal=signal).select_related("owner")}
    assert tracks[Track.VICTIM].owner.slug == "zorgcoordinatie-re07"
    assert tracks[Track.PERPETRATOR].owner.slug == "politie-re07"
    for track in tracks.values():
        assert track.state == State.NEW
        assert track.routing_reason.startswith(track.owner.name)
        assert track.due_on is not None
        assert track.events.get().kind == TrackEvent.Kind.OPENED
    assert Notification.objects.filter(user=user("coordinator"), track=tracks[Track.VICTIM]).exists()
    assert Notification.objects.filter(user=user("politie"), track=tracks[Track.PERPETRATOR]).exists()
    assert any("politie@demo.example" in m.to for m in mail.outbox)
    assert IntakeOutbox.objects.get(signal=signal).processed_at is not None


def test_draining_twice_never_opens_a_second_pair_of_tracks(world):
    signal, _secret = file_signal()
    pipeline.drain_intake_outbox()
    IntakeOutbox.objects.update(processed_at=None)  # as if the first run crashed before marking
    pipeline.drain_intake_outbox()
    pipeline.drain_intake_outbox()
    assert SignalTrack.objects.filter(signal=signal).count() == 2
    assert TrackEvent.objects.filter(track__signal=signal, kind=TrackEvent.Kind.OPENED).count() == 2


def test_a_minor_victim_goes_to_veilig_thuis_and_labour_exploitation_to_the_labour_inspectorate(world):
    signal, _secret = file_signal(place="Rotterdam", age="ongeveer 16", forms=("ARBEID",))
    pipeline.drain_intake_outbox()
    owners = dict(SignalTrack.objects.filter(signal=signal).values_list("kind", "owner__slug"))
    assert owners[Track.VICTIM].startswith("veilig-thuis-")
    assert owners[Track.PERPETRATOR] == "nla"


@pytest.mark.parametrize("age", ["under 18", "ongeveer 30", "?"])
def test_a_yes_to_are_they_under_18_sends_the_victim_the_children_s_way(world, age):
    """The answer was stored but never read: a child went the adults' way, also with "under 18"
    as the age (found by exploratory testing)."""
    signal, _secret = file_signal(place="Rotterdam", age=age, answers=["minor"])
    pipeline.drain_intake_outbox()
    owner = SignalTrack.objects.get(signal=signal, kind=Track.VICTIM).owner.slug
    assert owner.startswith("veilig-thuis-")


@pytest.mark.parametrize(("age", "minor"), [("onder de 18", True), ("poniżej 18", True), ("about 30", False)])
def test_an_age_that_says_under_18_in_the_reporter_s_words_is_a_minor(world, age, minor):
    signal, _secret = file_signal(place="Rotterdam", age=age)
    pipeline.drain_intake_outbox()
    owner = SignalTrack.objects.get(signal=signal, kind=Track.VICTIM).owner.slug
    assert owner.startswith("veilig-thuis-") is minor


def test_rerouting_after_a_rule_change_moves_ownership_and_records_the_decision(world):
    signal, _secret = file_signal(place="Rotterdam")
    pipeline.drain_intake_outbox()
    RoutingRule.objects.filter(track=Track.PERPETRATOR, owner__slug="politie-re07").update(owner=org("politie-re01"))
    from samen.routing import engine

    engine.invalidate()
    changed = services.signal_reroute(signal=signal, actor=user("coordinator"))
    track = SignalTrack.objects.get(signal=signal, kind=Track.PERPETRATOR)
    assert [t.pk for t in changed] == [track.pk]
    assert track.owner.slug == "politie-re01"
    rerouted = track.events.get(kind=TrackEvent.Kind.REROUTED)
    assert "politie" in rerouted.reason.lower() and "was" in rerouted.reason
    victim = SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)
    assert victim.owner.slug == "zorgcoordinatie-re07"
    assert victim.events.filter(kind=TrackEvent.Kind.REROUTED).count() == 1
