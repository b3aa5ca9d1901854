"""A signal whose reporter did not know the town: the national fallback takes it, no region claims
it, and its owner places it once known, which moves its tracks to the region's owners."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samen.casework import pipeline, services, signal_changes
from samen.casework.models import SignalTrack, TrackEvent
from samen.casework.tests.conftest import file_signal, org, user
from samen.geo.models import Municipality
from samen.intake.models import Signal
from samen.meetings import agenda
from samen.meetings.tests.conftest import make_table
from samen.routing.models import Track
from samen.testing.auth import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def unplaced(world):
    signal, _secret = file_signal(place=None)
    pipeline.drain_intake_outbox()
    return Signal.objects.get(pk=signal.pk)


def _tracks(signal: Signal) -> dict[str, SignalTrack]:
    return {t.kind: t for t in SignalTrack.objects.filter(signal=signal).select_related("owner")}


def test_the_national_fallback_takes_it_and_says_why(unplaced):
    tracks = _tracks(unplaced)
    assert tracks[Track.VICTIM].owner.slug == "comensha"
    assert tracks[Track.PERPETRATOR].owner.slug == "politie-landelijke-eenheid"
    for track in tracks.values():
        assert "landelijk vangnet: de melder wist niet in welke gemeente" in track.routing_reason


def test_a_national_rule_for_its_form_still_applies(world):
    signal, _secret = file_signal(place=None, forms=("ARBEID",), organisation=org("comensha"))
    pipeline.drain_intake_outbox()
    assert _tracks(signal)[Track.PERPETRATOR].owner.slug == "nla"


def test_its_owner_places_it_and_the_tracks_move_to_the_region(unplaced):
    change = signal_changes.signal_change(
        signal=unplaced,
        actor=user("vangnet"),
        municipality=Municipality.objects.get(name="Rotterdam"),
        place="",
        form_codes=[],
        reason="De melder belde terug: het is in Rotterdam.",
    )
    assert change.changed == ("municipality",) and change.rerouted
    tracks = _tracks(unplaced)
    assert tracks[Track.VICTIM].owner.slug == "zorgcoordinatie-re07"
    assert tracks[Track.PERPETRATOR].owner.slug == "politie-re07"
    noted = tracks[Track.VICTIM].events.get(kind=TrackEvent.Kind.NOTE)
    assert "niet bekend → Rotterdam" in noted.reason


def test_placing_it_on_the_page_says_where_it_went_when_it_leaves_the_organisation(client, world):
    """The reporter's whole description is kept: the town as typed before up to 300 of "Where exactly?"."""
    signal, _secret = file_signal(place=None, where_exactly="bij de molen? – " + "kassen langs een lange weg " * 11)
    pipeline.drain_intake_outbox()
    assert len(signal.place) > 300
    client.cookies["django_language"] = "nl"
    login(client, user("vangnet"))
    rotterdam = Municipality.objects.get(name="Rotterdam")
    response = client.post(
        reverse("casework:signal_change", args=[signal.pk]),
        {"municipality": "3011", "place": signal.place, "reason": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "Het hoort nu bij Politie eenheid Rotterdam – AVIM en Zorgcoördinatie Mensenhandel Rotterdam" in page
    assert response.redirect_chain[-1][0] == reverse("casework:queue")
    signal.refresh_from_db()
    assert signal.municipality == rotterdam and signal.place.startswith("bij de molen? – kassen")


def test_pages_say_the_municipality_is_not_known(client, unplaced):
    client.cookies["django_language"] = "nl"
    login(client, user("vangnet"))
    page = client.get(reverse("casework:signal", args=[unplaced.pk])).content.decode()
    assert "<dt>Gemeente</dt><dd>niet bekend</dd>" in page
    assert reverse("casework:signal_change", args=[unplaced.pk]) in page
    queue = client.get(reverse("casework:queue")).content.decode()
    assert unplaced.receipt_code in queue and "niet bekend" in queue


def test_no_region_claims_it(unplaced):
    table = make_table("RE07")
    assert not agenda.signal_in_region(table, unplaced)
    assert not Signal.objects.filter(agenda.region_filter(table, prefix=""), pk=unplaced.pk).exists()


def test_with_no_region_to_tell_an_escalation_reaches_the_coordinators_of_both_tracks_owners(unplaced):
    """The regional care coordinator hears of every escalation in its region; here the national
    fallback's coordinator does, for the police's track too."""
    for track in _tracks(unplaced).values():
        assert [u.username for u in services.coordinators_for(track)] == ["vangnet"]


def test_its_owner_records_forms_before_the_town_is_known(client, unplaced):
    client.cookies["django_language"] = "nl"
    login(client, user("vangnet"))
    url = reverse("casework:signal_change", args=[unplaced.pk])
    assert "Laat het leeg zolang het niet bekend is." in client.get(url).content.decode()
    response = client.post(url, {"municipality": "", "place": "", "form_codes": ["ARBEID"], "reason": ""}, follow=True)
    assert response.status_code == 200
    unplaced.refresh_from_db()
    assert unplaced.municipality is None and list(unplaced.forms.values_list("code", flat=True)) == ["ARBEID"]
    assert _tracks(unplaced)[Track.PERPETRATOR].owner.slug == "nla"  # routed again by its form


def test_a_placed_signal_keeps_its_municipality(world):
    signal, _secret = file_signal(place="Rotterdam")
    pipeline.drain_intake_outbox()
    with pytest.raises(ValidationError):
        signal_changes.signal_change(
            signal=signal, actor=user("coordinator"), municipality=None, place="", form_codes=[]
        )
    assert Signal.objects.get(pk=signal.pk).municipality.name == "Rotterdam"


def test_it_cannot_be_brought_to_a_signaaltafel_until_it_is_placed(client, unplaced):
    """Each signaaltafel lists the signals of its region: a request for one would wait forever."""
    client.cookies["django_language"] = "nl"
    login(client, user("vangnet"))
    victim = _tracks(unplaced)[Track.VICTIM]
    page = client.get(reverse("casework:signal", args=[unplaced.pk])).content.decode()
    assert "De signaaltafels komen per regio bijeen: stel eerst de gemeente in." in page
    url = reverse("casework:flag", args=[unplaced.pk, victim.pk])
    response = client.post(url, {f"f{victim.pk}-flag": "on", f"f{victim.pk}-reason": "Samen afstemmen."}, follow=True)
    assert "De signaaltafels komen per regio bijeen" in response.content.decode()
    victim.refresh_from_db()
    assert not victim.needs_joint_decision
