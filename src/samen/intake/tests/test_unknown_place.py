"""A reporter who does not know the town can still report: "I do not know in which town it is"
sends the signal without a municipality, keeps whatever was typed about the place, and is never
read as a yes to another municipality."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from samen.accounts.models import Role
from samen.intake.api_tokens import api_token_create
from samen.intake.models import Channel, Signal
from samen.intake.services import PersonInput, SignalInput, fingerprint_of, signal_submit
from samen.intake.tests.factories import public_form_data
from samen.testing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_form_offers_not_knowing_the_town_right_below_the_question(client):
    client.cookies["django_language"] = "nl"
    html = client.get("/melden/").content.decode()
    assert "Ik weet niet in welke plaats het is" in html
    assert html.index('name="where"') < html.index('name="where_unknown"') < html.index('name="place"')
    # The help points to it, instead of asking for a guess that would send the report to another region.
    assert "Weet u de plaats niet? Kruis dan “Ik weet niet in welke plaats het is” aan." in html
    assert "dichtstbijzijnde" not in html


def test_an_unknown_name_is_refused_without_the_tick_and_the_help_still_points_to_it(client):
    client.cookies["django_language"] = "pl"
    html = client.post("/melden/", public_form_data(where="nie wiem")).content.decode()
    assert "Nie znamy gminy o nazwie „nie wiem”." in html
    assert "Zaznacz wtedy „Nie wiem, w jakiej to miejscowości”." in html
    assert not Signal.objects.exists()


def test_not_knowing_the_town_sends_the_report_without_a_municipality(client):
    data = public_form_data(where="", where_unknown="on", place="Kassen langs een lange weg, een molen")
    response = client.post("/melden/", data, follow=True)
    assert 'id="receipt-secret"' in response.content.decode()
    signal = Signal.objects.get()
    assert signal.municipality is None
    assert signal.place == "Kassen langs een lange weg, een molen"
    assert signal.persons.count() == 2  # the rest of the report as usual


def test_an_empty_place_without_the_tick_is_still_asked_for_and_the_message_points_to_the_box(client):
    client.cookies["django_language"] = "nl"
    response = client.post("/melden/", public_form_data(where=""))
    assert response.context["form"].errors["where"] == [
        "Vul een gemeente of een postcode in. "
        "Weet u de plaats niet? Kruis dan “Ik weet niet in welke plaats het is” aan."
    ]
    client.cookies["django_language"] = "bg"
    response = client.post("/melden/", public_form_data(where=""))
    assert "Не знам в кой град или село е" in response.context["form"].errors["where"][0]
    assert not Signal.objects.exists()


@pytest.mark.parametrize("typed", ["bij de molen", "Hengelo, Gelderland", "Bergen"])
def test_with_the_tick_a_name_that_fits_no_municipality_or_several_is_kept_with_the_place(client, typed):
    client.post("/melden/", public_form_data(where=typed, where_unknown="on", place="een camping"))
    signal = Signal.objects.get()
    assert signal.municipality is None
    assert signal.place == f"{typed} – een camping"


def test_with_the_tick_a_name_that_fits_one_municipality_is_taken(client):
    client.post("/melden/", public_form_data(where="Westland", where_unknown="on"))
    assert Signal.objects.get().municipality.name == "Westland"


def test_a_municipality_chosen_among_the_offered_is_taken_even_with_the_tick(client):
    client.post("/melden/", public_form_data(where="Bergen", where_choice="GM0893", where_unknown="on"))
    assert Signal.objects.get().municipality.code == "GM0893"


def test_an_intake_officer_types_up_a_call_from_someone_who_did_not_know_where(client):
    client.cookies["django_language"] = "nl"
    client.force_login(UserFactory(roles=[Role.INTAKE_OFFICER]))
    page = client.get("/melden/professioneel/").content.decode()
    assert "Niet bekend in welke plaats het is" in page and "Ik weet niet" not in page
    data = public_form_data(where="", where_unknown="on", channel="phone", reporter_type="professional")
    client.post("/melden/professioneel/", data)
    signal = Signal.objects.get()
    assert signal.channel == Channel.PHONE and signal.municipality is None


def test_the_reported_list_and_the_api_status_say_the_municipality_is_not_known(client):
    organisation = OrganisationFactory(slug="nla-test")
    _token, raw = api_token_create(organisation=organisation, name="zaaksysteem")
    data = SignalInput(
        what="Beller weet niet waar het huis staat.",
        municipality=None,
        organisation=organisation,
        persons=[PersonInput(role="victim")],
    )
    result = signal_submit(
        data=data, channel=Channel.PROFESSIONAL_WEB, actor=None, idempotency_key="k", fingerprint=fingerprint_of("k")
    )
    answer = client.get(f"/api/v1/signals/{result.receipt}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.status_code == 200 and answer.json()["municipality"] is None
    client.force_login(UserFactory(organisation=organisation, roles=[Role.CASE_WORKER]))
    client.cookies["django_language"] = "nl"
    with translation.override("nl"):
        page = client.get("/melden/gemeld/").content.decode()
    assert result.receipt in page and "niet bekend" in page


def test_the_api_asks_where_unless_the_partner_says_it_is_not_known(client):
    """A helpline's system does not always know the town either: `where_unknown`, as on the forms
    (found by exploratory testing; `test_api` stores such signals)."""
    _token, raw = api_token_create(organisation=OrganisationFactory(), name="zaaksysteem")
    without = client.post(
        "/api/v1/signals/",
        json.dumps({"what": "Loon niet uitbetaald."}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_IDEMPOTENCY_KEY="k2",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert without.json()["fields"]["where"] == ["Vul een gemeente of een postcode in."]  # no box to tick there
    assert not Signal.objects.exists()
