"""Correcting a signal's municipality, place and forms after intake: who may, what is recorded, and
that ownership moves with the routing rules when what routing reads has changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from samen.audit.models import AuditEntry
from samen.casework import deadlines, pipeline, signal_changes
from samen.casework.models import SignalTrack, TrackEvent
from samen.casework.tests.conftest import org, user
from samen.casework.workflow import State
from samen.geo.models import Municipality
from samen.intake.models import Signal
from samen.routing import engine
from samen.routing.models import Track
from samen.testing.auth import login
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _owners(signal: Signal) -> dict[str, str]:
    return {t.kind: t.owner.slug for t in SignalTrack.objects.filter(signal=signal).select_related("owner")}


def _change(signal: Signal, actor, *, place: str = "Rotterdam", forms=(), where: str = "", reason: str = ""):
    return signal_changes.signal_change(
        signal=signal,
        actor=actor,
        municipality=Municipality.objects.get(name=place),
        place=where,
        form_codes=forms,
        reason=reason,
    )


def _post(signal: Signal, **data):
    defaults = {"municipality": signal.municipality.name, "place": "", "reason": ""}
    return {**defaults, **data}


def test_moving_the_signal_to_another_region_moves_its_tracks_to_the_owners_the_rules_name(signal):
    assert _owners(signal) == {Track.VICTIM: "zorgcoordinatie-re07", Track.PERPETRATOR: "politie-re07"}
    change = _change(signal, user("coordinator"), place="Utrecht", reason="Het adres ligt in Utrecht.")
    assert change.changed == ("municipality",) and change.rerouted
    signal.refresh_from_db()
    expected = engine.route_both(pipeline.facts_for(signal))
    tracks = {t.kind: t for t in SignalTrack.objects.filter(signal=signal)}
    assert {t.pk for t in change.moved} == {t.pk for t in tracks.values()}
    for decision in expected:
        track = tracks[decision.track]
        assert track.owner_id == decision.owner_id
        assert track.routing_reason == decision.reason
        rerouted = track.events.get(kind=TrackEvent.Kind.REROUTED)
        assert rerouted.reason.startswith(decision.reason) and "(was " in rerouted.reason
        with translation.override("en"):  # the timeline in English reads the same decision
            assert "Utrecht lies in" in rerouted.reason_shown and "(before: " in rerouted.reason_shown
    victim = tracks[Track.VICTIM]
    assert victim.owner.name == "Zorgcoördinatie Mensenhandel Midden-Nederland"
    assert "Utrecht ligt in" in victim.routing_reason
    noted = victim.events.get(kind=TrackEvent.Kind.NOTE)
    assert "Rotterdam → Utrecht" in noted.reason and "Het adres ligt in Utrecht." in noted.reason
    assert noted.actor == user("coordinator")


def test_adding_labour_exploitation_moves_the_perpetrator_track_to_the_labour_inspectorate(signal):
    change = _change(signal, user("politie"), forms=["ARBEID"])
    assert change.changed == ("forms",)
    assert _owners(signal) == {Track.VICTIM: "zorgcoordinatie-re07", Track.PERPETRATOR: "nla"}
    assert set(Signal.objects.get(pk=signal.pk).forms.values_list("code", flat=True)) == {"ARBEID"}
    victim = SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)
    # Routed again with the same outcome: the decision is recorded, the owner stays.
    assert victim.events.filter(kind=TrackEvent.Kind.REROUTED).count() == 1
    assert "arbeidsuitbuiting" in victim.events.get(kind=TrackEvent.Kind.NOTE).reason.lower()


def test_changing_nothing_does_not_route_again_or_record_anything(signal):
    events = TrackEvent.objects.filter(track__signal=signal).count()
    change = _change(signal, user("coordinator"))
    assert change.changed == () and not change.rerouted and change.moved == []
    assert TrackEvent.objects.filter(track__signal=signal).count() == events
    assert not AuditEntry.objects.filter(origin="casework.signal_change").exists()


def test_a_new_place_alone_is_recorded_without_routing_and_without_quoting_the_address(signal):
    Signal.objects.filter(pk=signal.pk).update(deidentified_text="[NAAM] werkt.", deidentified_at="2026-01-01T10:00Z")
    change = _change(signal, user("coordinator"), where="Nagelsalon, Coolsingel 1")
    assert change.changed == ("place",) and not change.rerouted
    assert not TrackEvent.objects.filter(track__signal=signal, kind=TrackEvent.Kind.REROUTED).exists()
    notes = TrackEvent.objects.filter(track__signal=signal, kind=TrackEvent.Kind.NOTE)
    assert notes.count() == 2  # on both tracks' timeline
    assert all("Coolsingel" not in e.reason for e in notes)
    signal.refresh_from_db()
    assert signal.place == "Nagelsalon, Coolsingel 1"
    assert signal.deidentified_at is None  # intake's background run de-identifies the new text


def test_the_change_is_written_to_the_audit_log(signal):
    _change(signal, user("coordinator"), place="Utrecht", forms=["SEKS"])
    entry = AuditEntry.objects.get(origin="casework.signal_change", action="write")
    assert entry.object_id == str(signal.pk)
    assert entry.actor_id == user("coordinator").pk
    assert "municipality" in entry.fields and "forms" in entry.fields


def test_only_an_owner_may_change_a_signal(signal):
    reporter = UserFactory(organisation=org("comensha"), roles=["case_worker"])
    analyst = UserFactory(organisation=org("zorgcoordinatie-re07"), roles=["analyst"])
    for outsider in (user("tafel"), user("zorg"), reporter, analyst):
        with pytest.raises(PermissionDenied):
            _change(signal, outsider, place="Utrecht")
    assert _owners(signal)[Track.VICTIM] == "zorgcoordinatie-re07"
    assert Signal.objects.get(pk=signal.pk).municipality.name == "Rotterdam"


def test_an_unknown_form_code_is_refused(signal):
    with pytest.raises(ValidationError):
        _change(signal, user("coordinator"), forms=["NOPE"])


# --- the page --------------------------------------------------------------------------------------


def test_the_signal_page_links_owners_to_the_change_page(client, signal):
    url = reverse("casework:signal_change", args=[signal.pk])
    login(client, user("coordinator"))
    assert url in client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    login(client, UserFactory(organisation=org("comensha"), roles=["case_worker"]))
    assert url not in client.get(reverse("casework:signal", args=[signal.pk])).content.decode()


def test_an_outsider_gets_404_and_a_reporting_professional_403_on_the_change_page(client, signal):
    url = reverse("casework:signal_change", args=[signal.pk])
    utrecht = "Utrecht"
    login(client, user("tafel"))
    assert client.get(url).status_code == 404
    assert client.post(url, _post(signal, municipality=utrecht)).status_code == 404
    login(client, UserFactory(organisation=org("comensha"), roles=["case_worker"]))
    assert client.get(url).status_code == 403
    assert client.post(url, _post(signal, municipality=utrecht)).status_code == 403
    assert Signal.objects.get(pk=signal.pk).municipality.name == "Rotterdam"


def test_an_owner_changes_the_forms_through_the_page_and_sees_the_timeline(client, signal):
    login(client, user("coordinator"))
    url = reverse("casework:signal_change", args=[signal.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["municipality"] == signal.municipality
    response = client.post(url, _post(signal, form_codes=["ARBEID"], reason="Werkt in een kas."), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("casework:signal", args=[signal.pk]))
    content = response.content.decode()
    assert "Werkt in een kas." in content
    assert "Nederlandse Arbeidsinspectie" in content
    assert _owners(signal)[Track.PERPETRATOR] == "nla"


def test_an_owner_who_moves_the_signal_away_lands_on_the_queue(client, signal):
    login(client, user("coordinator"))
    url = reverse("casework:signal_change", args=[signal.pk])
    utrecht = "Utrecht"
    response = client.post(url, _post(signal, municipality=utrecht))
    assert response.status_code == 302 and response.url == reverse("casework:queue")
    assert _owners(signal)[Track.VICTIM] != "zorgcoordinatie-re07"


def test_bad_input_gives_a_message_and_changes_nothing(client, signal):
    login(client, user("coordinator"))
    url = reverse("casework:signal_change", args=[signal.pk])
    for data in (
        _post(signal, municipality="not-a-number"),
        _post(signal, municipality=999_999_999),
        _post(signal, municipality="Bergen"),
        _post(signal, municipality="x" * 81),
        _post(signal, form_codes=["NOPE"]),
        _post(signal, place="x" * 401),
        {},
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].errors
        assert "utrecht-alert--error" in response.content.decode()
    assert not TrackEvent.objects.filter(track__signal=signal, kind=TrackEvent.Kind.NOTE).exists()
    assert Signal.objects.get(pk=signal.pk).municipality.name == "Rotterdam"


def test_a_form_opened_before_a_colleague_s_save_writes_only_what_its_own_user_changed(client, signal):
    """Found by exploratory testing: tab B, opened before tab A moved the signal to Schiedam, saved
    a new address and put Rotterdam back, routing the signal again."""
    login(client, user("coordinator"))
    url = reverse("casework:signal_change", args=[signal.pk])
    shown_in_b = client.get(url).context["shown"]
    shown_in_a = client.get(url).context["shown"]
    client.post(url, _post(signal, municipality="Schiedam", shown=shown_in_a))
    assert Signal.objects.get(pk=signal.pk).municipality.name == "Schiedam"

    client.post(url, _post(signal, municipality="Rotterdam", place="Havenstraat 2", shown=shown_in_b))

    signal = Signal.objects.get(pk=signal.pk)
    assert (signal.municipality.name, signal.place) == ("Schiedam", "Havenstraat 2")


def test_a_form_sent_without_what_it_showed_writes_every_field_as_before(signal):
    _change(signal, user("coordinator"), place="Schiedam")
    change = signal_changes.signal_change(
        signal=signal,
        actor=user("coordinator"),
        municipality=Municipality.objects.get(name="Rotterdam"),
        place="",
        form_codes=[],
        only=signal_changes.changed_since_shown(signal, {"place": ""}, shown=""),
    )
    assert change.changed and Signal.objects.get(pk=signal.pk).municipality.name == "Rotterdam"


def test_saving_the_page_unchanged_says_nothing_was_changed(client, signal):
    login(client, user("coordinator"))
    url = reverse("casework:signal_change", args=[signal.pk])
    response = client.post(url, _post(signal), follow=True)
    assert response.status_code == 200
    assert not TrackEvent.objects.filter(track__signal=signal, kind=TrackEvent.Kind.REROUTED).exists()


@pytest.mark.parametrize(
    ("typed", "municipality"),
    [("Naaldwijk", "Westland"), ("Den Haag", "'s-Gravenhage"), ("3511 AB", "Utrecht"), ("GM0344", "Utrecht")],
)
def test_the_owner_types_the_place_as_the_caller_named_it(client, signal, typed, municipality):
    """A village, the name everyone uses, a postcode or the CBS code: staff need not know the
    municipality's official name."""
    login(client, user("coordinator"))
    client.post(reverse("casework:signal_change", args=[signal.pk]), _post(signal, municipality=typed))
    assert Signal.objects.get(pk=signal.pk).municipality.name == municipality


def test_a_name_that_fits_several_municipalities_asks_which_and_keeps_what_was_typed(client, signal):
    client.cookies["django_language"] = "nl"
    login(client, user("coordinator"))
    url = reverse("casework:signal_change", args=[signal.pk])
    response = client.post(url, _post(signal, municipality="Bergen", place="Camping de Duinen", reason="Gebeld."))
    page = response.content.decode()
    assert "Welke gemeente bedoelt u met “Bergen”: Bergen (L.), Bergen (NH.) of Bergen op Zoom?" in page
    assert 'value="Bergen"' in page and "Camping de Duinen" in page and "Gebeld." in page
    client.post(url, _post(signal, municipality="Bergen (NH.)", place="Camping de Duinen"))
    assert Signal.objects.get(pk=signal.pk).municipality.name == "Bergen (NH.)"


def test_the_page_offers_every_municipality_as_it_is_known(client, signal):
    """The browser offers the names as the user types: "'s-Gravenhage" under G, "Den Haag" under D."""
    login(client, user("coordinator"))
    page = client.get(reverse("casework:signal_change", args=[signal.pk])).content.decode()
    assert f'value="{signal.municipality.name}"' in page and 'list="municipality-names"' in page
    offered = page.split('<datalist id="municipality-names">')[1].split("</datalist>")[0]
    names = [option.split('"')[1] for option in offered.split("<option value=")[1:]]
    assert names[0] == "Aa en Hunze" and "Den Haag" in names
    assert names.index("Goeree-Overflakkee") < names.index("&#x27;s-Gravenhage") < names.index("Groningen")


def test_a_track_that_moves_starts_anew_at_its_new_owner_and_the_one_that_stays_keeps_its_place(signal):
    """Labour exploitation moves the perpetrator track to the NLA: it arrives new, with a deadline
    from today, not overdue and not half transferred; the victim track keeps its state and deadline."""
    long_ago = timezone.localdate() - datetime.timedelta(days=30)
    tracks = {t.kind: t for t in SignalTrack.objects.filter(signal=signal)}
    SignalTrack.objects.filter(pk=tracks[Track.PERPETRATOR].pk).update(
        state=State.TRANSFER_PENDING,
        due_on=long_ago,
        escalated_for=long_ago,
        assignee=user("politie"),
        transfer_to=org("politie-re01"),
    )
    SignalTrack.objects.filter(pk=tracks[Track.VICTIM].pk).update(state=State.TRIAGE, due_on=long_ago)
    change = _change(signal, user("coordinator"), forms=["ARBEID"])
    assert [t.kind for t in change.moved] == [Track.PERPETRATOR]
    moved = SignalTrack.objects.get(pk=tracks[Track.PERPETRATOR].pk)
    assert moved.owner.slug == "nla" and moved.state == State.NEW
    assert moved.due_on == deadlines.due_on_for(Track.PERPETRATOR, State.NEW) > timezone.localdate()
    assert moved.escalated_for is None and moved.assignee is None and moved.transfer_to is None
    event = moved.events.get(kind=TrackEvent.Kind.REROUTED)
    assert (event.from_state, event.to_state) == (State.TRANSFER_PENDING, State.NEW)
    stayed = SignalTrack.objects.get(pk=tracks[Track.VICTIM].pk)
    assert stayed.owner.slug == "zorgcoordinatie-re07"
    assert (stayed.state, stayed.due_on) == (State.TRIAGE, long_ago)


def test_the_change_on_the_timeline_reads_in_the_reader_s_language_with_the_reason_as_typed(signal):
    _change(signal, user("coordinator"), place="Utrecht", reason="Het adres ligt in Utrecht.")
    victim = signal.tracks.get(kind=Track.VICTIM)
    noted = victim.events.get(kind=TrackEvent.Kind.NOTE)
    with translation.override("en"):
        english = noted.reason_shown
    with translation.override("nl"):
        dutch = noted.reason_shown
    assert english == "Signal changed: municipality Rotterdam → Utrecht; Het adres ligt in Utrecht."
    assert dutch == "Signaal gewijzigd: gemeente Rotterdam → Utrecht; Het adres ligt in Utrecht."
    assert noted.reason == dutch  # kept in Dutch for the record


def test_the_forms_in_a_change_read_in_the_reader_s_language(signal):
    _change(signal, user("coordinator"), forms=["ARBEID-BEDEL"])
    noted = signal.tracks.get(kind=Track.VICTIM).events.get(kind=TrackEvent.Kind.NOTE)
    with translation.override("en"):
        english = noted.reason_shown
    with translation.override("nl"):
        dutch = noted.reason_shown
    assert english.startswith("Signal changed: forms of exploitation none → Forced begging")
    assert dutch.startswith("Signaal gewijzigd: vormen van uitbuiting geen → Gedwongen bedelarij")
