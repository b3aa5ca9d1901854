"""Subject access: the owning organisation's privacy officer exports everything on a person, with the
accesses; an exempted item is left out and that decision is logged."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import translation

from samen import audit
from samen.audit.models import AuditEntry
from samen.intake.tests.factories import SignalFactory, SignalPersonFactory
from samen.testing.auth import login
from samen.testing.factories import OrganisationFactory, UserFactory
from samen.vault.models import Exemption
from samen.vault.tests.factories import PersonIdentityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    organisation = OrganisationFactory()
    worker = UserFactory(organisation=organisation, roles=["case_worker"])
    officer = UserFactory(organisation=organisation, roles=["privacy_officer"])
    first = SignalPersonFactory(signal=SignalFactory(organisation=organisation, what="Werkt zeven dagen per week."))
    second = SignalPersonFactory(signal=SignalFactory(organisation=organisation, what="Politieonderzoek loopt."))
    elsewhere = SignalPersonFactory(signal=SignalFactory(organisation=OrganisationFactory(), what="Andere melder."))
    for person in (first, second, elsewhere):
        PersonIdentityFactory(person=person, bsn="111222333", phone="+31612345678")
    audit.record(
        actor=worker,
        action="read",
        object_type="signal",
        object_id=first.signal_id,
        fields=["signal"],
        activity=audit.CASEWORK,
        origin="casework.signal_detail",
    )
    return {
        "organisation": organisation,
        "worker": worker,
        "officer": officer,
        "first": first,
        "second": second,
        "elsewhere": elsewhere,
    }


def test_the_export_lists_the_persons_data_and_who_accessed_it(client, world):
    login(client, world["officer"])
    response = client.post(reverse("vault:subject_access"), {"bsn": "1112 22 333"})
    assert response.status_code == 200
    export = response.context["export"]
    assert sorted(p["person"] for p in export.persons) == sorted([world["first"].pk, world["second"].pk])
    first = next(p for p in export.persons if p["person"] == world["first"].pk)
    assert first["identity"]["name"] == "Ana Popescu" and first["identity"]["bsn"] == "111222333"
    assert first["signal"]["what"] == "Werkt zeven dagen per week."
    assert [a["who"] for a in export.accesses] == [f"user:{world['worker'].pk}"]
    content = response.content.decode()
    assert "Ana Popescu" in content and "Andere melder" not in content
    municipality = world["first"].signal.municipality.name
    assert first["signal"]["municipality"] == municipality
    assert f"<dd>{municipality}</dd>" in content
    exports = AuditEntry.objects.filter(action="export", result="allowed")
    assert sorted(int(e.object_id) for e in exports) == sorted([world["first"].pk, world["second"].pk])
    assert AuditEntry.objects.filter(action="search", object_type="person", actor_id=world["officer"].pk).count() == 1


def test_a_search_that_finds_no_one_says_so_and_does_not_speak_of_these_data(client, world):
    """ "0 gegevens over deze persoon … Niemand heeft deze gegevens nog ingezien" read as if someone
    were there (found by exploratory testing)."""
    login(client, world["officer"])
    content = client.post(reverse("vault:subject_access"), {"bsn": "123456782"}).content.decode()
    assert "Uw organisatie heeft geen gegevens over een persoon met dit BSN of telefoonnummer." in content
    assert "Niemand heeft deze gegevens nog ingezien" not in content


def test_the_export_holds_what_the_follow_up_recorded_about_the_signal(client, world):
    from samen.casework.models import SignalTrack
    from samen.casework.services import action_add, note_add
    from samen.routing.models import Track

    signal = world["first"].signal
    track = SignalTrack.objects.create(
        signal=signal, kind=Track.VICTIM, owner=world["organisation"], state="outcome", outcome="placed_in_shelter"
    )
    note_add(track=track, text="Gesprek met cliënt gevoerd.", actor=world["worker"])
    action_add(track=track, description="Opvangplek regelen", actor=world["worker"])
    signal.reporter_messages.create(text="Wij hebben uw melding opgepakt.", organisation=world["organisation"])
    # A track of another organisation is that organisation's to give access to.
    SignalTrack.objects.create(signal=signal, kind=Track.PERPETRATOR, owner=OrganisationFactory())

    login(client, world["officer"])
    export = client.post(reverse("vault:subject_access"), {"bsn": "111222333"}).context["export"]
    first = next(p for p in export.persons if p["person"] == world["first"].pk)
    [victim_track] = first["follow_up"]["tracks"]
    assert victim_track["outcome"] and victim_track["notes"][0]["text"] == "Gesprek met cliënt gevoerd."
    assert victim_track["actions"][0]["action"] == "Opvangplek regelen"
    assert any("Opvangplek regelen" in e["text"] for e in victim_track["timeline"])
    assert first["follow_up"]["messages_to_reporter"][0]["text"] == "Wij hebben uw melding opgepakt."
    page = client.post(reverse("vault:subject_access"), {"bsn": "111222333"}).content.decode()
    assert "Gesprek met cliënt gevoerd." in page


def test_the_export_reads_in_the_officer_s_language_not_in_codes(client, world):
    from samen.casework.models import SignalTrack
    from samen.casework.services import action_add
    from samen.routing.models import Track

    signal = world["first"].signal
    track = SignalTrack.objects.create(signal=signal, kind=Track.VICTIM, owner=world["organisation"], state="triage")
    with translation.override("nl"):  # written by a Dutch colleague
        action_add(track=track, description="Opvangplek regelen", actor=world["worker"])
    login(client, world["officer"])

    client.cookies["django_language"] = "nl"
    dutch = client.post(reverse("vault:subject_access"), {"bsn": "111222333"}).context["export"]
    client.cookies["django_language"] = "en"
    english = client.post(reverse("vault:subject_access"), {"bsn": "111222333"}).context["export"]

    read = {key: dutch.accesses[0][key] for key in ("action", "object", "purpose", "result")}
    assert read == {
        "action": "inzien",
        "object": f"signaal {signal.pk}",
        "purpose": "opvolging van signalen",
        "result": "toegestaan",
    }
    assert english.accesses[0]["purpose"] == "follow-up of signals"
    first = next(p for p in english.persons if p["person"] == world["first"].pk)
    assert "Action added: Opvangplek regelen" in [e["text"] for e in first["follow_up"]["tracks"][0]["timeline"]]
    # The download holds the same words.
    download = client.post(reverse("vault:subject_access"), {"bsn": "111222333", "format": "json"})
    data = json.loads(download.content)
    assert data["accesses"][0]["purpose"] == "follow-up of signals"
    timeline = next(p for p in data["persons"] if p["person"] == world["first"].pk)["follow_up"]["tracks"][0][
        "timeline"
    ]
    assert "Action added: Opvangplek regelen" in [event["text"] for event in timeline]


def test_an_exempted_item_is_left_out_and_the_decision_is_logged(client, world):
    Exemption.objects.create(
        signal=world["second"].signal,
        legal_ground="UAVG art. 41 lid 1 sub d",
        review_date=datetime.date.today() + datetime.timedelta(days=90),
    )
    login(client, world["officer"])
    response = client.post(reverse("vault:subject_access"), {"phone": "06 1234 5678", "format": "json"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert [p["person"] for p in data["persons"]] == [world["first"].pk]
    assert "Politieonderzoek" not in response.content.decode()
    decision = AuditEntry.objects.get(result="denied", action="export")
    assert (decision.object_type, decision.object_id) == ("person", str(world["second"].pk))
    assert decision.legal_basis == "UAVG art. 41 lid 1 sub d" and decision.actor_id == world["officer"].pk


def test_an_exemption_past_its_review_date_no_longer_withholds(client, world):
    Exemption.objects.create(
        person=world["second"],
        legal_ground="UAVG art. 41 lid 1 sub d",
        review_date=datetime.date.today() - datetime.timedelta(days=1),
    )
    login(client, world["officer"])
    response = client.get(reverse("vault:subject_access_person", args=[world["second"].pk]))
    assert [p["person"] for p in response.context["export"].persons] == [world["second"].pk]


def test_the_export_of_a_person_of_another_organisation_is_refused_and_logged(client, world):
    login(client, world["officer"])
    response = client.get(reverse("vault:subject_access_person", args=[world["elsewhere"].pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.get(result="denied").object_id == str(world["elsewhere"].pk)


@pytest.mark.parametrize("roles", [["case_worker"], ["organisation_admin"]])
def test_only_privacy_officers_handle_access_requests(client, world, roles):
    login(client, UserFactory(organisation=world["organisation"], roles=roles))
    assert client.post(reverse("vault:subject_access"), {"bsn": "111222333"}).status_code == 403
    assert AuditEntry.objects.filter(result="denied").count() == 1


def test_the_export_says_which_language_the_reporter_used_with_the_signals_other_facts(client, world):
    world["first"].signal.language = "bg"
    world["first"].signal.save(update_fields=["language"])
    client.cookies["django_language"] = "nl"
    login(client, world["officer"])
    response = client.post(reverse("vault:subject_access"), {"bsn": "111222333"})
    languages = {p["person"]: p["signal"]["language"] for p in response.context["export"].persons}
    assert languages == {world["first"].pk: "Bulgaars", world["second"].pk: None}
    content = response.content.decode()
    assert "<dt>Taal van de melder</dt><dd>Bulgaars</dd>" in content
    assert "<dt>Taal van de melder</dt><dd>niet bekend</dd>" in content
    download = client.post(reverse("vault:subject_access"), {"bsn": "111222333", "format": "json"})
    assert {p["signal"]["language"] for p in json.loads(download.content)["persons"]} == {"Bulgaars", None}
