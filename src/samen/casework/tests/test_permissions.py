"""Access to a signal as a matrix: owner of a track, owner of the other track, reporting
organisation, organisation asked to take over, outsider, someone without a working role."""

from __future__ import annotations

import datetime

import pytest

from samen.casework import permissions, pipeline, selectors
from samen.casework.models import SignalTrack
from samen.casework.tests.conftest import file_signal, offer_to_zorg, org, user
from samen.intake.models import Signal
from samen.routing.models import Track
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

PREDICATES = ["view", "details", "original_text", "identities", "act_victim", "act_perpetrator", "message"]
MATRIX = {
    # persona: view, details, original text, identities, act on victim, act on perpetrator, message reporter
    "victim_owner": (True, True, True, True, True, False, True),
    "perpetrator_owner": (True, True, True, True, False, True, True),
    "reporting_professional": (True, False, False, False, False, False, False),
    "transfer_receiver": (True, True, False, False, False, False, False),
    "outsider": (False, False, False, False, False, False, False),
    "analyst_at_owner": (False, False, False, False, False, False, False),  # need to know: no working role
}


@pytest.fixture
def personas(world):
    signal, _secret = file_signal(place="Rotterdam", organisation=org("comensha"))
    pipeline.drain_intake_outbox()
    offer_to_zorg(signal)
    people = {
        "victim_owner": user("coordinator"),
        "perpetrator_owner": user("politie"),
        "reporting_professional": UserFactory(organisation=org("comensha"), roles=["case_worker"]),
        "transfer_receiver": user("zorg"),
        "outsider": user("tafel"),
        "analyst_at_owner": UserFactory(organisation=org("zorgcoordinatie-re07"), roles=["analyst"]),
    }
    return Signal.objects.prefetch_related("tracks").get(pk=signal.pk), people


@pytest.mark.parametrize("persona", list(MATRIX))
def test_who_may_see_and_do_what_on_a_signal(personas, persona):
    signal, people = personas
    who = people[persona]
    tracks = {t.kind: t for t in signal.tracks.all()}
    answers = (
        permissions.can_view_signal(who, signal),
        permissions.can_see_details(who, signal),
        permissions.can_see_original_text(who, signal),
        permissions.can_see_identities(who, signal),
        permissions.can_act_on_track(who, tracks[Track.VICTIM]),
        permissions.can_act_on_track(who, tracks[Track.PERPETRATOR]),
        permissions.can_message_reporter(who, signal),
    )
    assert dict(zip(PREDICATES, answers, strict=True)) == dict(zip(PREDICATES, MATRIX[persona], strict=True))
    assert (signal in selectors.signals_visible_to(who)) == MATRIX[persona][0]


def test_anonymous_visitors_may_nothing(personas):
    from django.contrib.auth.models import AnonymousUser

    signal, _people = personas
    assert not permissions.can_view_signal(AnonymousUser(), signal)
    assert not selectors.signals_visible_to(AnonymousUser()).exists()


def test_overdue_tracks_head_the_queue(world):
    for _ in range(3):
        file_signal(place="Rotterdam")
    pipeline.drain_intake_outbox()
    tracks = list(SignalTrack.objects.filter(owner__slug="zorgcoordinatie-re07").order_by("pk"))
    late = tracks[-1]
    SignalTrack.objects.filter(pk=late.pk).update(due_on=datetime.date(2020, 1, 1))
    SignalTrack.objects.filter(pk=tracks[0].pk).update(due_on=datetime.date(2099, 1, 1))
    queue = list(selectors.queue_for_user(user("coordinator")))
    assert queue[0].pk == late.pk and queue[0].is_overdue
    assert [t.is_overdue for t in queue[1:]] == [False] * (len(queue) - 1)
    overdue_only = list(selectors.queue_for_user(user("coordinator"), selectors.QueueFilter(overdue=True)))
    assert [t.pk for t in overdue_only] == [late.pk]
