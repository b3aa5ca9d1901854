"""The public pages speak the reporter's language; professional pages and the API Dutch or English."""

from __future__ import annotations

import json

import pytest

from samen.accounts.models import Role
from samen.intake.api_tokens import api_token_create
from samen.testing.factories import OrganisationFactory, UserFactory
from samen.web.languages import offered

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "languages"),
    [
        ("/melden/", 7),
        ("/melden/ontvangen/", 7),
        ("/melden/iets-dat-niet-bestaat/", 7),
        ("/status/", 7),
        ("/melden/professioneel/", 2),
        ("/werk/", 2),
        ("/api/v1/signals/", 2),
        ("/", 2),
    ],
)
def test_only_the_reporters_pages_offer_every_language(path, languages):
    assert len(offered(path)) == languages


def test_a_reporter_language_does_not_follow_a_professional_onto_the_professional_form(client):
    client.force_login(UserFactory(roles=[Role.INTAKE_OFFICER]))
    client.cookies["django_language"] = "pl"
    html = client.get("/melden/professioneel/").content.decode()
    assert '<html lang="nl"' in html
    assert "Zgłoś" not in html and "Wyślij" not in html  # no Polish from the public catalogue


def test_a_professional_page_takes_english_from_the_browser_when_the_cookie_has_a_public_language(client):
    client.force_login(UserFactory(roles=[Role.INTAKE_OFFICER]))
    client.cookies["django_language"] = "ar"
    response = client.get("/melden/professioneel/", HTTP_ACCEPT_LANGUAGE="ar, en;q=0.8")
    assert '<html lang="en" dir="ltr"' in response.content.decode()
    assert response["Content-Language"] == "en"


def test_the_public_form_keeps_the_reporters_language(client):
    client.cookies["django_language"] = "pl"
    assert '<html lang="pl"' in client.get("/melden/").content.decode()


def _api_errors(client, accept_language: str) -> dict:
    _token, raw = api_token_create(organisation=OrganisationFactory(), name="zaaksysteem")
    victim = {"role": "victim", "bsn": "123", "birth_date": "32-13-2000"}
    body = {"what": "a", "where": "Nergenshuizen", "persons": [victim]}
    response = client.post(
        "/api/v1/signals/",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_IDEMPOTENCY_KEY="taal-1",
        HTTP_ACCEPT_LANGUAGE=accept_language,
    )
    assert response.status_code == 400
    return response.json()


def test_an_api_client_asking_for_a_public_language_gets_every_message_in_dutch(client):
    answer = _api_errors(client, "pl")
    assert answer["error"] == "Ongeldige invoer."
    messages = " ".join(m for field in answer["fields"].values() for m in field)
    assert "gemeente" in messages.lower() and "BSN" in messages and "datum" in messages.lower()


def test_an_api_client_that_also_accepts_english_gets_every_message_in_english(client):
    answer = _api_errors(client, "pl, en;q=0.5")
    assert answer["error"] == "Invalid input."
    messages = " ".join(m for field in answer["fields"].values() for m in field)
    assert "municipality" in messages and "BSN" in messages and "date" in messages
    assert "gemeente" not in messages.lower()
