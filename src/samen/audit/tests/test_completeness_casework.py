"""Audit completeness for the casework pages: one entry per signal disclosed, denied reads included."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from samen.audit.models import AuditEntry
from samen.casework.models import SignalTrack
from samen.intake.tests.factories import SignalFactory, SignalPersonFactory
from samen.routing.models import Track
from samen.testing.auth import login
from samen.testing.factories import OrganisationFactory, UserFactory
from samen.vault.tests.factories import PersonIdentityFactory

pytestmark = pytest.mark.django_db

WHAT = "Zeven vrouwen slapen in de kelder van de nagelsalon."


@pytest.fixture
def owner():
    organisation = OrganisationFactory()
    return organisation, UserFactory(organisation=organisation, roles=["case_worker"])


def _signal(organisation, kinds=("victim", "perpetrator")):
    signal = SignalFactory(what=WHAT, organisation=organisation)
    PersonIdentityFactory(person=SignalPersonFactory(signal=signal))
    for kind in kinds:
        SignalTrack.objects.create(signal=signal, kind=Track(kind), owner=organisation)
    return signal


def _no_content():
    dump = json.dumps(list(AuditEntry.objects.values()), default=str)
    for text in ["nagelsalon", "Ana Popescu", "111222333", "MH-"]:
        assert text not in dump


def test_the_queue_leaves_one_entry_per_signal_it_lists(client, owner):
    organisation, worker = owner
    signals = [_signal(organisation), _signal(organisation, kinds=("victim",))]
    _signal(OrganisationFactory())  # not listed, so not logged
    login(client, worker)
    response = client.get(reverse("casework:queue"))
    assert response.status_code == 200
    listed = {t.signal_id for t in response.context["page"].object_list}
    assert listed == {s.pk for s in signals}
    entries = AuditEntry.objects.filter(origin="casework.queue")
    assert sorted(int(e.object_id) for e in entries) == sorted(listed)
    _no_content()


def test_the_signal_page_leaves_one_read_and_a_refused_look_one_denied_entry(client, owner):
    organisation, worker = owner
    mine, theirs = _signal(organisation), _signal(OrganisationFactory())
    login(client, worker)
    assert client.get(reverse("casework:signal", args=[mine.pk])).status_code == 200
    assert client.get(reverse("casework:signal", args=[theirs.pk])).status_code == 404
    entries = [
        (e.object_id, e.result) for e in AuditEntry.objects.filter(origin="casework.signal_detail").order_by("seq")
    ]
    assert entries == [(str(mine.pk), "allowed"), (str(theirs.pk), "denied")]
    assert "identity" in AuditEntry.objects.get(result="allowed").fields
    _no_content()


def test_a_case_page_leaves_one_entry_per_signal_it_lists(client, owner):
    from samen.casework import services

    organisation, worker = owner
    signals = [_signal(organisation), _signal(organisation)]
    case = services.case_create(title="Nagelsalons", actor=worker, signals=signals)
    login(client, worker)
    assert client.get(reverse("casework:case", args=[case.pk])).status_code == 200
    entries = AuditEntry.objects.filter(origin="casework.case_detail", action="read")
    assert sorted(int(e.object_id) for e in entries) == sorted(s.pk for s in signals)
    _no_content()


def test_my_actions_leave_one_entry_per_signal_whose_actions_are_shown(client, owner):
    from samen.casework import services

    organisation, worker = owner
    signal = _signal(organisation)
    track = signal.tracks.first()
    for text in ("Opvang regelen", "Tolk bellen"):
        services.action_add(track=track, description=text, actor=worker, owner=worker)
    login(client, worker)
    assert client.get(reverse("casework:actions")).status_code == 200
    entries = AuditEntry.objects.filter(origin="casework.my_actions")
    assert [(e.object_id, e.fields) for e in entries] == [(str(signal.pk), "free_text")]
