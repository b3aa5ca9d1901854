"""The partner API: bearer tokens per organisation, idempotency keys, per-field errors, the schema."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from samen.accounts.models import Role
from samen.intake.api_schema import schema
from samen.intake.api_tokens import api_token_create, api_token_revoke
from samen.intake.models import ApiToken, Channel, PersonIdentity, Signal, SignalPerson
from samen.testing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = {
    "what": "Arbeidsmigranten op een kwekerij krijgen hun loon niet uitbetaald.",
    "where": "GM0479",
    "persons": [{"role": "victim", "age": "30-40", "nationality": "Pools"}],
}


@pytest.fixture
def token():
    organisation = OrganisationFactory(slug="nla-test")
    _token, raw = api_token_create(organisation=organisation, name="zaaksysteem")
    return raw


def _post(client, token, body=BODY, key="key-1", language=""):
    return _post_raw(client, token, json.dumps(body), key=key, language=language)


def _post_raw(client, token, raw, key="key-1", language=""):
    """A body sent as it is written, which need not be valid JSON."""
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post("/api/v1/signals/", raw, content_type="application/json", **headers)


def test_without_or_with_a_bad_token_the_api_answers_401(client, token):
    assert _post(client, None).status_code == 401
    assert _post(client, "samen_wrong").status_code == 401
    api_token_revoke(ApiToken.objects.get())
    assert _post(client, token).status_code == 401


def test_a_token_revoked_by_another_process_is_refused_at_the_next_check(client, token, monkeypatch):
    from samen.intake import selectors

    assert _post(client, token).status_code == 201
    monkeypatch.setattr(selectors._active_tokens, "recheck_seconds", 0)
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")  # as another process would, without this cache
    assert _post(client, token, key="key-2").status_code == 401


def test_a_new_signal_gets_201_and_a_retry_200_with_the_same_body(client, token):
    first = _post(client, token)
    assert first.status_code == 201
    assert first.json()["status"] == "received" and first.json()["receipt"].startswith("MH-")
    again = _post(client, token)
    assert again.status_code == 200 and again.json() == first.json()
    signal = Signal.objects.get()
    assert signal.channel == Channel.API and signal.organisation.slug == "nla-test"


def test_the_same_key_with_another_body_answers_422(client, token):
    _post(client, token)
    assert _post(client, token, {**BODY, "what": "Iets anders"}).status_code == 422
    assert Signal.objects.count() == 1


def test_the_idempotency_key_is_required(client, token):
    assert _post(client, token, key=None).status_code == 400


def test_invalid_input_answers_400_per_field(client, token):
    body = {"where": "Atlantis", "persons": [{"role": "victim", "bsn": "123456789"}, {"role": "boss"}]}
    response = _post(client, token, body)
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) >= {"what", "where", "persons[0].bsn", "persons[1].role"}
    assert not Signal.objects.exists()


def test_malformed_json_is_a_400_not_a_500(client, token):
    assert _post_raw(client, token, "{nope").status_code == 400
    assert _post(client, token, ["a list"]).status_code == 400


@pytest.mark.parametrize("extra", [{}, {"HTTP_TRANSFER_ENCODING": "chunked"}])
def test_an_empty_or_chunked_body_is_called_empty_not_a_wrong_type(client, token, extra):
    """Under WSGI a chunked body reads as empty; the answer said "must be a JSON object" to a client that sent one."""
    response = client.generic(
        "POST",
        "/api/v1/signals/",
        CONTENT_TYPE="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY="x",
        HTTP_ACCEPT_LANGUAGE="en",
        **extra,
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith("The body is empty.")


@pytest.mark.parametrize("body", ["[" * 100_000 + "]" * 100_000, '{"what": ' + "[" * 5_000 + "]" * 5_000 + "}"])
def test_json_nested_deeper_than_the_parser_goes_is_a_400_not_a_500(client, token, body):
    response = _post_raw(client, token, body, language="en")
    assert response.status_code == 400
    assert response.json() == {"error": "The body is nested too deeply.", "code": "invalid_json"}


def test_a_body_in_latin_1_is_told_to_be_sent_as_utf_8(client, token):
    raw = '{"what": "Café in Enschede", "where": "Enschede"}'.encode("latin-1")
    response = _post_raw(client, token, raw, language="en")
    assert response.status_code == 400
    assert response.json() == {
        "error": "The body is not valid UTF-8. Send the JSON encoded as UTF-8.",
        "code": "invalid_json",
    }


def test_a_number_too_long_for_python_is_a_wrong_type_not_invalid_json(client, token):
    """Valid JSON was called invalid: Python converts integers of at most 4,300 digits (found by
    exploratory testing)."""
    huge = "9" * 5_000
    raw = json.dumps({**BODY, "what": "HUGE"}).replace('"HUGE"', huge)
    response = _post_raw(client, token, raw, language="en")
    assert response.status_code == 400
    assert response.json()["codes"] == {"what": ["wrong_type"]}
    person = json.dumps({**BODY, "persons": [{"role": "victim", "age": "AGE"}]}).replace('"AGE"', huge)
    assert _post_raw(client, token, person, key="key-2", language="en").json()["codes"] == {
        "persons[0].age": ["wrong_type"]
    }
    assert not Signal.objects.exists()


@pytest.mark.parametrize("field", ["what", "place", "persons"])
def test_text_with_half_a_character_is_a_400_not_a_500(client, token, field):
    """JSON may escape half of a UTF-16 pair ("\\ud800"), which no database can store as text."""
    body = json.dumps({**BODY, field: "__half__" if field != "persons" else [{"role": "victim", "name": "__half__"}]})
    response = client.post(
        "/api/v1/signals/",
        body.replace("__half__", "Ana \\ud800"),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY=f"half-{field}",
    )
    assert response.status_code == 400
    assert "UTF-8" in response.json()["error"]
    assert not Signal.objects.exists()


def test_an_organisation_reads_the_status_of_its_own_signals_only(client, token):
    receipt = _post(client, token).json()["receipt"]
    response = client.get(f"/api/v1/signals/{receipt}/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json() == {
        "receipt": receipt,
        "status": "received",
        "municipality": {"name": "Zaanstad", "code": "GM0479"},
    }
    _other, other_token = api_token_create(organisation=OrganisationFactory(), name="ander")
    assert client.get(f"/api/v1/signals/{receipt}/", HTTP_AUTHORIZATION=f"Bearer {other_token}").status_code == 404
    assert client.get(f"/api/v1/signals/{receipt}/").status_code == 401


@pytest.mark.parametrize("receipt", ["%00", "MH-22%0022-2222", "A" * 300, "%E2%80%AEMH"])
def test_a_receipt_that_cannot_be_a_code_is_not_found_without_asking_the_database(client, token, receipt):
    """A NUL in the path made PostgreSQL refuse the query: a 500 instead of a 404."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/signals/{receipt}/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404
    assert not any('"intake_signal"' in query["sql"] for query in queries.captured_queries)


def test_the_same_key_from_two_organisations_makes_two_signals(client, token):
    _other, other_token = api_token_create(organisation=OrganisationFactory(), name="ander")
    assert _post(client, token).status_code == 201
    assert _post(client, other_token).status_code == 201


def test_the_openapi_document_describes_both_operations(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/signals/", "/signals/{receipt}/"}


def test_the_openapi_document_lists_the_codes_of_forms_indicators_and_answers(client):
    signal = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["Signal"]["properties"]
    assert {"ARBEID", "SEKS", "CRIM"} <= set(signal["forms"]["items"]["enum"])
    assert "ILO-CD01" in signal["indicators"]["items"]["enum"]
    assert {"documents", "minor"} <= set(signal["answers"]["items"]["enum"])


def test_a_form_of_exploitation_is_understood_in_any_case(client, token):
    from samen.intake.models import Signal

    response = _post(client, token, {**BODY, "forms": ["arbeid", " Seks "]}, key="forms-in-lower-case")
    assert response.status_code == 201, response.json()
    signal = Signal.objects.get(receipt_code=response.json()["receipt"])
    assert sorted(signal.forms.values_list("code", flat=True)) == ["ARBEID", "SEKS"]


def test_an_indicator_is_understood_in_any_case_as_a_form_is(client, token):
    from samen.intake.models import Signal

    response = _post(client, token, {**BODY, "indicators": ["ilo-cd01", " Ilo-Cd06 "]}, key="indicators-in-lower-case")
    assert response.status_code == 201, response.json()
    signal = Signal.objects.get(receipt_code=response.json()["receipt"])
    assert sorted(signal.indicators.values_list("indicator_id", flat=True)) == ["ILO-CD01", "ILO-CD06"]


def test_every_documented_field_is_accepted_by_the_endpoint(client, token):
    components = schema()["components"]["schemas"]
    example = {
        "what": "Een jongen van 16 verkoopt drugs voor een oudere man.",
        "where": "1503 AB",
        "where_unknown": False,
        "place": "Stationsplein",
        "when": "2026-03-01",
        "acute_danger": True,
        "reporter_type": "professional",
        "sector": "crime",
        "organisation_reference": "REF-1",
        "forms": ["CRIM"],
        "indicators": ["ILO-CD06"],
        "answers": ["crime", "minor"],
        "language": "en",
        "persons": [
            {
                "role": "victim",
                "age": "16",
                "gender": "male",
                "nationality": "Nederlands",
                "description": "Draagt een rode jas.",
                "consent": False,
                "name": "Jan de Vries",
                "birth_date": "01-02-2010",
                "phone": "+31 6 12345678",
                "address": "Kerkstraat 2",
                "bsn": "111222333",
                "health": "Verwondingen aan de handen.",
                "criminal_law": "Verdacht van drugshandel.",
            }
        ],
        "contact": {
            "name": "Wijkagent",
            "phone": "0612345678",
            "email": "a@example.nl",
            "safe_way": "bel",
            "safe_time": "overdag",
        },
    }
    assert set(example) == set(components["Signal"]["properties"])
    assert set(example["persons"][0]) == set(components["Person"]["properties"])
    response = _post(client, token, example)
    assert response.status_code == 201, response.json()
    signal = Signal.objects.get()
    assert signal.acute_danger and signal.sector == "crime" and signal.organisation_reference == "REF-1"
    assert signal.language == "en"
    assert list(signal.forms.values_list("code", flat=True)) == ["CRIM"]
    identity = PersonIdentity.objects.get()
    assert (identity.bsn, identity.health, identity.criminal_law) == (
        "111222333", "Verwondingen aan de handen.", "Verdacht van drugshandel.",
    )  # fmt: skip
    assert signal.reporter_contact.safe_time == "overdag"
    assert SignalPerson.objects.get().consent is False


def test_every_line_of_text_is_stored_without_control_characters_and_invisible_text_counts_as_empty(client, token):
    """As `what` and the descriptions: an ANSI colour escape pasted from a terminal would reach
    whoever opens an export in one, and a zero-width space alone is no answer (found by exploratory testing)."""
    shouted = "a\x1b[31mrood\x07"
    body = {
        "what": "Loon wordt ingehouden.",
        "where": "Delft\x00",
        "place": shouted,
        "when": "\u200b",
        "organisation_reference": f"REF\x1b{shouted}",
        "persons": [{"role": "victim", "age": "30\x1b", "nationality": "\u200f\u200b"}],
        "contact": {"name": shouted, "phone": "0612345678", "safe_way": shouted, "safe_time": "\x00\u200b"},
    }
    response = _post(client, token, body)
    assert response.status_code == 201, response.json()
    signal = Signal.objects.get()
    assert (signal.municipality.name, signal.place, signal.when) == ("Delft", "arood", "")
    assert signal.organisation_reference == "REFarood"
    person = SignalPerson.objects.get()
    assert (person.age, person.nationality) == ("30", "")
    contact = signal.reporter_contact
    assert (contact.name, contact.safe_way, contact.safe_time) == ("arood", "arood", "")


@pytest.mark.parametrize("age", ["geboren 1990", "geb. 1989", "jaren 90 geboren"])
def test_a_year_of_birth_as_the_age_that_fits_the_date_of_birth_is_accepted(client, token, age):
    body = {**BODY, "persons": [{"role": "victim", "age": age, "birth_date": "3-12-1990"}]}
    response = _post(client, token, body)
    assert response.status_code == 201, response.json()
    assert SignalPerson.objects.get().age == age


def test_the_api_token_command_prints_a_token_once_and_stores_its_hash(capsys):
    OrganisationFactory(slug="politie-test")
    call_command("api_token", "politie-test", "bron")
    raw = capsys.readouterr().out.strip()
    stored = ApiToken.objects.get()
    assert raw.startswith("samen_") and raw not in stored.token_hash


def test_unknown_fields_are_refused_rather_than_dropped(client, token):
    response = _post(client, token, {**BODY, "wat": "typo", "persons": [{"role": "victim", "naam": "x"}]})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"wat", "persons[0].naam"}


def test_an_unknown_field_is_named_with_every_other_problem_in_one_answer(client, token):
    """Only the unknown field was named, and every other problem only in the next answer (found by
    exploratory testing)."""
    body = {"what": "", "where": "Atlantis", "foo": 2, "persons": [{"role": "victim", "bsn": "123456789", "x-y": 1}]}
    response = _post(client, token, body)
    assert response.status_code == 400
    codes = response.json()["codes"]
    assert codes["foo"] == ["unknown_field"] and codes["persons[0].x-y"] == ["unknown_field"]
    assert {"what", "where", "persons[0].bsn"} <= set(codes)
    assert not Signal.objects.exists()


@pytest.mark.parametrize("name", ["contact.phone", "persons[0].age", "persons[0].naam x"])
def test_an_unknown_field_spelled_as_a_path_is_named_not_a_500(client, token, name):
    """A partner system that flattens its JSON ("contact.phone") got a 500 (found in review)."""
    body = {**BODY, name: "0612345678"}
    if name == "persons[0].naam x":
        body = {**BODY, "persons": [{"role": "victim", "naam x": "Anna"}]}
    response = _post(client, token, body)
    assert response.status_code == 400 and response.json()["codes"] == {name: ["unknown_field"]}


@pytest.mark.parametrize(
    ("raw", "repeated"),
    [
        ('{"what": "eerst", "where": "Zaanstad", "what": "daarna"}', {"what"}),
        (
            '{"what": "x", "where": "Zaanstad", '
            '"persons": [{"role": "victim"}, {"role": "other", "name": "A", "name": "B"}]}',
            {"persons[1].name"},
        ),
        (
            '{"what": "x", "where": "Zaanstad", "contact": {"phone": "0612345678", "phone": "0612345679"}}',
            {"contact.phone"},
        ),
    ],
)
def test_a_field_given_twice_is_refused_not_half_dropped(client, token, raw, repeated):
    response = _post_raw(client, token, raw, language="en")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == repeated
    assert not Signal.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"what": 12, "where": ["Zaanstad"]},
        {"what": "x", "where": "Zaanstad", "answers": "minor", "indicators": {"a": 1}},
        {"what": "x", "where": "Zaanstad", "persons": "victim"},
        {"what": "x", "where": "Zaanstad", "persons": 5},
        {"what": "x", "where": "Zaanstad", "persons": [{"role": "victim", "birth_date": 19980314, "consent": "ja"}]},
        {"what": "x", "where": "Zaanstad", "contact": "bel me", "acute_danger": "maybe"},
    ],
)
def test_odd_json_gets_an_answer_never_a_server_error(client, token, body):
    assert _post(client, token, body).status_code in (200, 201, 400)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({**BODY, "what": {"a": 1}}, "what", "Must be a string."),
        ({**BODY, "place": 12}, "place", "Must be a string."),
        ({**BODY, "acute_danger": "nee"}, "acute_danger", "Must be true or false."),
        ({**BODY, "answers": "documents"}, "answers", "Must be a list."),
        ({**BODY, "forms": ["ARBEID", 3]}, "forms", "Must be a list of strings."),
        ({**BODY, "persons": [{"role": "victim", "consent": "nee"}]}, "persons[0].consent", "Must be true or false."),
        ({**BODY, "persons": [{"role": "victim", "name": ["Ana", "Pop"]}]}, "persons[0].name", "Must be a string."),
        ({**BODY, "contact": {"phone": 612345678}}, "contact.phone", "Must be a string."),
    ],
)
def test_a_value_of_the_wrong_json_type_is_refused_not_read_as_text_or_as_true(client, token, body, field, message):
    response = _post(client, token, body, language="en")
    assert response.status_code == 400
    assert response.json()["fields"] == {field: [message]}
    assert not Signal.objects.exists()


def test_messages_come_in_the_language_the_client_asks_for_dutch_by_default(client, token):
    wrong_type = {**BODY, "place": 12}
    dutch = _post(client, token, wrong_type)
    assert dutch.status_code == 400
    codes = {"code": "invalid_input", "codes": {"place": ["wrong_type"]}}
    assert dutch.json() == {"error": "Ongeldige invoer.", "fields": {"place": ["Moet tekst zijn."]}, **codes}
    english = _post(client, token, wrong_type, language="en")
    assert english.json() == {"error": "Invalid input.", "fields": {"place": ["Must be a string."]}, **codes}
    # The forms' own messages follow the same language.
    unknown_place = {**BODY, "where": "Atlantis"}
    dutch_where = _post(client, token, unknown_place).json()["fields"]["where"]
    english_where = _post(client, token, unknown_place, language="en").json()["fields"]["where"]
    assert dutch_where != english_where
    assert _post(client, token, key="").json()["error"].startswith("De header Idempotency-Key is verplicht")


def test_an_indicator_or_form_sent_many_times_counts_once(client, token):
    """A partner system's list with repeats is stored as the distinct codes, checked once each."""
    body = {**BODY, "indicators": ["ILO-CD06", "ILO-CD06"] * 5_000, "forms": ["ARBEID", "arbeid"] * 100}
    response = _post(client, token, body)
    assert response.status_code == 201, response.json()
    signal = Signal.objects.get()
    assert list(signal.indicators.values_list("indicator_id", flat=True)) == ["ILO-CD06"]
    assert list(signal.forms.values_list("code", flat=True)) == ["ARBEID"]


@pytest.mark.parametrize(("consent", "stored"), [(True, True), (False, False), (None, None)])
def test_consent_given_refused_or_not_known_is_stored_as_sent(client, token, consent, stored):
    """A refusal is an answer: it must not become "not asked" on the way in."""
    response = _post(client, token, {**BODY, "persons": [{"role": "victim", "consent": consent}]})
    assert response.status_code == 201, response.json()
    assert SignalPerson.objects.get().consent is stored


def test_null_is_the_same_as_leaving_a_field_out(client, token):
    response = _post(client, token, {**BODY, "place": None, "persons": [{"role": "victim", "consent": None}]})
    assert response.status_code == 201
    # A retry that leaves the nulls out, or spells them differently, is the same request.
    retry = _post(client, token, {**BODY, "persons": [{"role": "victim"}]})
    assert retry.status_code == 200 and retry.json()["receipt"] == response.json()["receipt"]
    assert _post(client, token, {**BODY, "place": "bij de kas"}).status_code == 422


def test_null_for_any_optional_field_is_the_same_as_leaving_it_out(client, token):
    """ "forms": null was refused as an unknown form, breaking the retry rule (found by exploratory testing)."""
    from samen.intake.api_schema import SIGNAL_FIELDS

    optional = [name for name in (*SIGNAL_FIELDS, "forms", "contact", "persons") if name not in BODY]
    response = _post(client, token, {**BODY, **dict.fromkeys(optional)})
    assert response.status_code == 201, response.json()
    retry = _post(client, token, BODY)  # the same key, without the nulls: the same request
    assert retry.status_code == 200 and retry.json()["receipt"] == response.json()["receipt"]


def test_contact_details_that_are_not_an_object_are_refused_not_ignored(client, token):
    response = _post(client, token, {"what": "Uitbuiting in een kas", "where": "Westland", "contact": "bel 0612345678"})
    assert response.status_code == 400
    assert "contact" in response.json()["fields"]


def test_the_api_forms_share_their_fields_and_the_web_forms_do_not():
    from samen.intake.api import SignalForm
    from samen.intake.forms import ProfessionalSignalForm

    first, second = SignalForm({}), SignalForm({})
    assert first.fields["what"] is second.fields["what"]
    del first.fields["what"]  # each instance still has a field dict of its own
    assert "what" in second.fields and "what" in SignalForm({}).fields
    assert ProfessionalSignalForm({}).fields["what"] is not ProfessionalSignalForm({}).fields["what"]


@pytest.mark.parametrize(
    "data",
    [
        {"what": "Acht mannen in een loods", "where": "Westland", "answers": ["documents"]},
        {"what": "", "where": "Atlantis", "answers": ["no-such-question"], "sector": "space"},
        {"what": "x" * 10_001, "where": "Ber", "contact_choice": "contact"},
        {"what": "Iets", "where": "1503", "exploitation_forms": ["ARBEID", "NOPE"], "indicators": ["NL-AFH-01"]},
        {"what": "Iets", "where": "Zaanstad", "contact_choice": "contact", "contact_phone": "1", "contact_email": "x@"},
    ],
)
def test_the_api_form_cleans_exactly_like_the_web_form(data):
    from samen.intake.api import PersonForm, SignalForm, _Data
    from samen.intake.forms import ProfessionalPersonForm, ProfessionalSignalForm

    web, api = ProfessionalSignalForm(_Data(data)), SignalForm(_Data(data))
    assert web.is_valid() == api.is_valid()
    assert web.errors == api.errors
    assert web.cleaned_data == api.cleaned_data
    person = {"name": "Ana", "birth_date": "31-02-1990", "phone": "06123", "bsn": "123456789", "age": "30"}
    web_person, api_person = ProfessionalPersonForm(person, role="victim"), PersonForm(person, role="victim")
    assert web_person.is_valid() == api_person.is_valid()
    assert web_person.errors == api_person.errors


def test_a_wrong_method_answers_405_in_json_not_a_csrf_page():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    for method, path, allowed in [
        ("get", "/api/v1/signals/", "POST, OPTIONS"),
        ("put", "/api/v1/signals/", "POST, OPTIONS"),
        ("post", "/api/v1/signals/MH-2222-2222/", "GET, HEAD, OPTIONS"),
        ("delete", "/api/v1/signals/MH-2222-2222/", "GET, HEAD, OPTIONS"),
        ("post", "/api/v1/openapi.json", "GET, HEAD, OPTIONS"),
    ]:
        response = getattr(client, method)(path)
        assert response.status_code == 405, (method, path)
        assert response["Allow"] == allowed
        assert response.json()["error"] == "Deze methode is hier niet toegestaan."


def test_head_is_answered_wherever_get_is(client, token):
    """RFC 9110: a client may check a path with HEAD; it got 405 (found by exploratory testing)."""
    assert client.head("/api/v1/openapi.json").status_code == 200
    assert client.head("/api/v1/signals/MH-2222-2222/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404


def test_a_partner_system_can_report_a_signal_whose_town_is_not_known(client, token):
    """The web forms take "I do not know in which town"; the API required `where` (found by
    exploratory testing). A name that fits no municipality is kept in front of the place."""
    body = {key: value for key, value in BODY.items() if key != "where"}
    response = _post(client, token, {**body, "where_unknown": True}, language="en")
    assert response.status_code == 201 and response.json()["municipality"] is None
    kept = _post(client, token, {**body, "where_unknown": True, "where": "Atlantis", "place": "kas"}, key="key-2")
    assert kept.status_code == 201
    assert Signal.objects.get(receipt_code=kept.json()["receipt"]).place == "Atlantis – kas"
    assert _post(client, token, body, key="key-3", language="en").json()["codes"] == {"where": ["required"]}
    assert Signal.objects.filter(municipality=None).count() == 2
    # A name that does fit one municipality still sets it, as the OpenAPI document says.
    fits = _post(client, token, {**body, "where_unknown": True, "where": "Utrecht"}, key="key-4").json()
    assert fits["municipality"]["name"] == "Utrecht"


def test_one_bsn_for_two_persons_is_refused_on_the_later_one(client, token):
    body = {
        **BODY,
        "persons": [
            {"role": "victim", "bsn": "111222333"},
            {"role": "perpetrator", "bsn": "111 222 333"},
            {"role": "other", "bsn": "111222333"},
        ],
    }
    response = _post(client, token, body, language="en")
    assert response.status_code == 400
    assert response.json()["codes"] == {"persons[1].bsn": ["same_bsn"], "persons[2].bsn": ["same_bsn"]}
    # Beside another problem of the same person, in the same answer (found in review).
    body["persons"][0]["phone"] = "1"
    codes = _post(client, token, body, key="key-2", language="en").json()["codes"]
    assert "persons[0].phone" in codes and codes["persons[1].bsn"] == ["same_bsn"]
    assert response.json()["fields"]["persons[2].bsn"] == [
        "This BSN is also given for persons[0]. A BSN belongs to one person: check both."
    ]
    assert not Signal.objects.exists()


def test_options_tells_the_methods_a_path_takes_without_a_token():
    """RFC 9110: OPTIONS asks what a path allows; it got 405 (found by exploratory testing)."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    for path, allowed in [
        ("/api/v1/signals/", "POST, OPTIONS"),
        ("/api/v1/signals/MH-2222-2222/", "GET, HEAD, OPTIONS"),
        ("/api/v1/openapi.json", "GET, HEAD, OPTIONS"),
    ]:
        response = client.options(path)
        assert response.status_code == 204, path
        assert response["Allow"] == allowed
        assert response.content == b""
    assert not Signal.objects.exists()


def test_errors_outside_the_views_answer_in_json_too(client, token, settings):
    missing = client.get("/api/v1/bestaat-niet/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert missing.json() == {"error": "Pagina niet gevonden", "code": "not_found"}
    assert not Signal.objects.exists()


def test_a_body_over_the_size_limit_is_told_the_limit(client, token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    too_big = _post(client, token, {**BODY, "what": "x" * 3000}, language="en")
    assert too_big.status_code == 413 and too_big["Content-Type"] == "application/json"
    assert too_big.json() == {
        "error": "The body is larger than 2 kB, the most a signal may take.",
        "code": "body_too_large",
    }
    assert _post(client, token, {**BODY, "what": "x" * 3000}).json()["error"].startswith("De inhoud is groter dan 2 kB")
    assert not Signal.objects.exists()


def test_contact_errors_are_named_as_the_body_names_them(client, token):
    body = {**BODY, "contact": {"email": "geen adres", "safe_way": "x" * 1000}}
    fields = _post(client, token, body, language="en").json()["fields"]
    assert set(fields) == {"contact.email", "contact.safe_way"}
    nothing = _post(client, token, {**BODY, "contact": {"name": "Anna"}}, key="key-2", language="en").json()
    assert nothing["fields"] == {"contact": ["Give a phone number or an e-mail address, or leave contact out."]}


@pytest.mark.parametrize(
    ("language", "code"),
    [("", "too_long"), ("nl", "too_long"), ("en", "country_code_missing"), ("pl", "too_long")],
)
def test_a_contact_phone_is_read_for_the_reporters_language_not_for_the_answers(client, token, language, code):
    """A London number, "020 7946 0958", has one digit too many for a Dutch one. Which it was read
    as depended on Accept-Language: another code for the same request in English. (A British
    mobile number is asked about whatever the language: a mobile number is what a reporter gives.)"""
    for path, body in (
        ("contact.phone", {**BODY, "contact": {"phone": "020 7946 0958"}}),
        ("persons[0].phone", _person(phone="020 7946 0958")),
    ):
        for answer_language in ("nl", "en"):
            key = f"{path}-{answer_language}"
            response = _post(client, token, {**body, "language": language}, key=key, language=answer_language)
            assert response.status_code == 400
            assert response.json()["codes"] == {path: [code]}


def test_more_persons_than_a_signal_can_be_about_is_refused(client, token):
    body = {**BODY, "persons": [{"role": "victim", "age": "1"}] * 51}
    response = _post(client, token, body, language="en")
    assert response.status_code == 400
    assert response.json()["fields"] == {"persons": ["At most 50 persons per signal."]}
    assert schema()["components"]["schemas"]["Signal"]["properties"]["persons"]["maxItems"] == 50
    assert not Signal.objects.exists()
    assert _post(client, token, {**BODY, "persons": [{"role": "victim"}] * 50}).status_code == 201


def test_a_body_that_is_not_sent_as_json_answers_415(client, token):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_IDEMPOTENCY_KEY": "key-415"}
    for content_type in ("text/plain", "application/x-www-form-urlencoded"):
        response = client.post("/api/v1/signals/", json.dumps(BODY), content_type=content_type, **headers)
        assert response.status_code == 415
        assert response.json()["error"].startswith("Stuur de inhoud als JSON")
    assert not Signal.objects.exists()
    with_charset = "application/json; charset=utf-8"
    assert client.post("/api/v1/signals/", json.dumps(BODY), content_type=with_charset, **headers).status_code == 201


def test_a_body_with_a_wrong_type_and_a_wrong_choice_gets_both_messages_in_one_answer(client, token):
    body = {**BODY, "acute_danger": "ja", "sector": "mining", "persons": [{"role": "victim", "age": 30, "gender": "x"}]}
    response = _post(client, token, body, key="two-kinds-of-errors")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert {"acute_danger", "sector", "persons[0].age", "persons[0].gender"} <= set(fields), fields


def _limited_fields() -> list[tuple[str, int]]:
    """(path in the body, maxLength) of every free-text property the schema limits."""
    schemas = schema()["components"]["schemas"]
    signal, person = schemas["Signal"]["properties"], schemas["Person"]["properties"]
    found = [(key, spec["maxLength"]) for key, spec in signal.items() if "maxLength" in spec]
    found += [(f"persons.{key}", spec["maxLength"]) for key, spec in person.items() if "maxLength" in spec]
    contact = signal["contact"]["properties"]
    found += [(f"contact.{key}", spec["maxLength"]) for key, spec in contact.items() if "maxLength" in spec]
    return found


def test_the_schema_gives_every_free_text_field_its_limit():
    paths = {path for path, _length in _limited_fields()}
    assert {"what", "where", "place", "when", "organisation_reference"} <= paths
    assert {"persons.age", "persons.name", "persons.address", "persons.description", "contact.safe_way"} <= paths
    assert "persons.birth_date" in paths  # a date field, limited like the text fields


@pytest.mark.parametrize(("path", "length"), _limited_fields())
def test_the_endpoint_refuses_a_value_one_over_the_schemas_limit_and_no_shorter(client, token, path, length):
    """The document and the endpoint must not disagree: what the schema allows is not refused for its length."""

    def body_with(value: str) -> dict:
        body = json.loads(json.dumps(BODY))
        if path.startswith("persons."):
            body["persons"][0][path.split(".")[1]] = value
        elif path.startswith("contact."):
            body["contact"] = {"phone": "0612345678", path.split(".")[1]: value}
        else:
            body[path] = value
        return body

    field = path.replace("persons.", "persons[0].")
    over = _post(client, token, body_with("x" * (length + 1)), key=f"{path}-over", language="en")
    # Refused for its length, or (a phone number, a BSN) for what such a value cannot be.
    assert over.status_code == 400 and over.json()["fields"][field]
    at_limit = _post(client, token, body_with("x" * length), key=f"{path}-at", language="en")
    messages = at_limit.json().get("fields", {}).get(field, []) if at_limit.status_code == 400 else []
    assert not any(str(length) in message for message in messages)


def test_the_api_gives_the_reporters_secret_with_the_receipt_and_again_on_a_retry_within_days(client, token):
    """A partner system that reports for a citizen passes both on, so the citizen can follow it."""
    from samen.intake import receipts, services

    first = _post(client, token).json()
    signal = Signal.objects.get()
    assert receipts.check_secret(first["secret"], signal.secret_hash)
    Signal.objects.update(created_at=signal.created_at - services.REPLAY_WINDOW * 10)
    assert _post(client, token).json() == first  # a retry hours later: the original answer
    status = client.post("/status/", {"code": first["receipt"], "secret": first["secret"]}, follow=True)
    assert status.context["signal"] == signal
    got = client.get(f"/api/v1/signals/{first['receipt']}/", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert "secret" not in got
    # Weeks later the same key and body still find the signal, but no longer give its secret.
    Signal.objects.update(created_at=signal.created_at - services.API_REPLAY_WINDOW - services.REPLAY_WINDOW)
    late = _post(client, token)
    assert late.status_code == 200 and late.json()["receipt"] == first["receipt"] and "secret" not in late.json()


def test_a_refused_code_in_a_list_is_told_by_its_position_not_its_value(client, token):
    body = {**BODY, "forms": ["ARBEID", "Jan de Vries"], "indicators": ["ILO-CD01", "ILO-CD01", "X"]}
    answer = _post(client, token, body, language="en").json()
    assert answer["codes"]["forms"] == ["invalid_choice"] and answer["codes"]["indicators"] == ["invalid_choice"]
    assert answer["fields"]["forms"] == [
        "Item 1 of this list (counting from 0) is not a value this field takes; the OpenAPI document lists them."
    ]
    assert answer["fields"]["indicators"][0].startswith("Item 2 of this list")
    assert "Jan de Vries" not in json.dumps(answer)


def test_a_refused_field_has_a_code_for_the_clients_program(client, token):
    body = {**BODY, "sector": "kwekerij", "persons": [{"role": "victim", "bsn": "123456789"}], "what": ""}
    answer = _post(client, token, body).json()
    assert answer["code"] == "invalid_input"
    assert answer["codes"]["what"] == ["required"] and answer["codes"]["sector"] == ["invalid_choice"]
    assert set(answer["codes"]) == set(answer["fields"])
    assert all(len(answer["codes"][name]) == len(answer["fields"][name]) for name in answer["fields"])


def test_a_municipality_that_fits_several_comes_with_the_candidates_as_data(client, token):
    answer = _post(client, token, {**BODY, "where": "Bergen"}, language="en").json()
    assert answer["codes"]["where"] == ["ambiguous_municipality"]
    assert {"name": "Bergen (NH.)", "code": "GM0373"} in answer["candidates"]
    again = _post(client, token, {**BODY, "where": answer["candidates"][0]["code"]}, key="key-2")
    assert again.status_code == 201


def _person(**values):
    return {**BODY, "persons": [{"role": "victim", **values}]}


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({**BODY, "what": ""}, "what", "required"),
        ({**BODY, "persons": [{"age": "30"}]}, "persons[0].role", "required"),
        ({**BODY, "when": "01-01-2099"}, "when", "future"),
        ({**BODY, "contact": {"name": "Jan"}}, "contact", "no_way_to_reach"),
        ({**BODY, "contact": {"email": "jan@"}}, "contact.email", "invalid"),
        ({**BODY, "contact": {"phone": "712345678"}}, "contact.phone", "country_code_ambiguous"),
        (_person(birth_date="1990"), "persons[0].birth_date", "partial"),
        (_person(birth_date="3-2-90"), "persons[0].birth_date", "two_digit_year"),
        (_person(birth_date="31-02-1990"), "persons[0].birth_date", "nonexistent"),
        (_person(birth_date="01-01-1800"), "persons[0].birth_date", "implausible_age"),
        (_person(age="200"), "persons[0].age", "age_range"),
        (_person(age="30", birth_date="01-01-2020"), "persons[0].age", "contradicts_birth_date"),
        ({**BODY, "organisation_reference": "111222333"}, "organisation_reference", "looks_like_bsn"),
        ({**BODY, "organisation_reference": "ana@example.nl"}, "organisation_reference", "looks_like_email"),
        (_person(bsn="12"), "persons[0].bsn", "invalid_format"),
        (_person(bsn="123456789"), "persons[0].bsn", "invalid_checksum"),
        (_person(phone="bel 0612345678"), "persons[0].phone", "words"),
        (_person(phone="+31 6 12"), "persons[0].phone", "too_short"),
        (_person(phone="+31 6 123456789"), "persons[0].phone", "too_long"),
        (_person(phone="+999 1"), "persons[0].phone", "invalid_country_code"),
        ({**_person(phone="0722 123 456"), "language": "ro"}, "persons[0].phone", "country_code_ambiguous"),
        ({**BODY, "contact": {"phone": "067 123 4567"}}, "contact.phone", "country_code_missing"),
    ],
)
def test_each_refusal_has_a_code_the_openapi_document_lists(client, token, body, field, code):
    """The document listed `future_date` where the API answers `future`, and left most codes out
    (found by exploratory testing); it now lists every code as an enum."""
    answer = _post(client, token, body).json()
    assert code in answer["codes"][field], answer["codes"]
    listed = schema()["components"]["schemas"]["Error"]["properties"]["codes"]["additionalProperties"]["items"]
    assert {c for codes in answer["codes"].values() for c in codes} <= set(listed["enum"])


def test_the_municipalities_offered_to_one_client_never_show_on_anyone_else_s_empty_form(client, token):
    """The API's forms share their field objects with the web forms (found by exploratory testing:
    "Bergen" sent by a partner system put three Bergens on every visitor's form until a restart)."""
    for where in ("Bergen", "Rotterdm"):
        assert _post(client, token, {**BODY, "where": where}).status_code == 400
    assert "Bergen op Zoom" not in client.get("/melden/").content.decode()
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    html = client.get("/melden/professioneel/").content.decode()
    assert "Bergen op Zoom" not in html and 'value="GM0599"' not in html  # Rotterdam


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("where", "bij Jan de Vries, Hoofdstraat 12, 0612345678"),
        ("sector", "Jan de Vries 111222333"),
        ("persons", [{"role": "victim", "gender": "Jan de Vries 111222333"}]),
        ("persons", [{"role": "victim", "age": "Jan de Vries 15", "birth_date": "01-01-1980"}]),
        ("indicators", ["Jan de Vries 111222333"]),
        ("contact", {"phone": "612 345 678"}),  # Dutch or Moroccan: asked, without the number
    ],
)
def test_no_error_repeats_the_value_sent(client, token, field, value):
    """A mapping mistake must not copy a name or a BSN into the partner's logs and tickets."""
    response = _post(client, token, {**BODY, field: value}, language="en")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Jan de Vries" not in text and "111222333" not in text and "0612345678" not in text
    assert "612" not in text


@pytest.mark.parametrize("persons", [{}, "", False, 0, {"role": "victim"}])
def test_persons_that_are_not_a_list_are_refused_not_dropped(client, token, persons):
    response = _post(client, token, {**BODY, "persons": persons})
    assert response.status_code == 400 and response.json()["codes"] == {"persons": ["wrong_type"]}
    assert not Signal.objects.exists()


def test_the_paths_answer_without_their_closing_slash_too(client, token):
    """Django's redirect to the slash turned a client's POST into a GET, or lost its body."""
    created = client.post(
        "/api/v1/signals", json.dumps(BODY), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY="no-slash",
    )  # fmt: skip
    assert created.status_code == 201
    receipt = created.json()["receipt"]
    status = client.get(f"/api/v1/signals/{receipt}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert status.status_code == 200 and status.json()["receipt"] == receipt


def test_an_acute_signal_is_answered_with_the_call_to_112(client, token):
    acute = _post(client, token, {**BODY, "acute_danger": True}, language="en").json()
    assert "call 112" in acute["notice"] and acute["municipality"] == {"name": "Zaanstad", "code": "GM0479"}
    assert "notice" not in _post(client, token, key="key-2").json()


def test_a_partner_system_says_in_which_language_to_reply_to_the_reporter(client, token):
    assert _post(client, token, {**BODY, "language": "bg"}).status_code == 201
    assert Signal.objects.get().language == "bg"


def test_without_a_language_the_reporters_language_is_not_known(client, token):
    assert _post(client, token).status_code == 201
    assert Signal.objects.get().language == ""


def test_a_language_the_public_form_does_not_speak_is_a_400_naming_the_field(client, token):
    response = _post(client, token, {**BODY, "language": "Bulgarian"}, language="en")
    assert response.status_code == 400 and not Signal.objects.exists()
    answer = response.json()
    assert answer["codes"] == {"language": ["invalid_choice"]}
    [message] = answer["fields"]["language"]
    assert message == "This value is not one this field takes; the OpenAPI document lists them."


def test_the_openapi_document_lists_the_languages_a_reporter_can_be_replied_to_in(client):
    language = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["Signal"]["properties"]["language"]
    # Empty is accepted as "not known", as is leaving it out (found by exploratory testing: the enum lacked it).
    assert language["enum"] == ["nl", "en", "pl", "ro", "bg", "uk", "ar", ""]


@pytest.mark.parametrize("field", ["reporter_type", "language"])
def test_an_empty_choice_the_schema_lists_is_accepted_as_not_given(client, token, field):
    assert "" in schema()["components"]["schemas"]["Signal"]["properties"][field]["enum"]
    assert _post(client, token, {**BODY, field: ""}).status_code == 201


@pytest.mark.parametrize(
    ("person", "field"),
    [
        ({"role": "victim", "bsn": "1.1.1.2.2.2.3.3.3" + "." * 12}, "bsn"),
        ({"role": "victim", "phone": "0 6 - 1 2 - 3 4 - 5 6 - 7 8" + " -" * 10}, "phone"),
    ],
)
def test_the_documented_length_limit_holds_for_what_is_sent_not_only_for_its_normal_form(client, token, person, field):
    """A BSN of 29 characters was stored as its nine digits, past the schema's maxLength of 20
    (found by exploratory testing)."""
    response = _post(client, token, {**BODY, "persons": [person]})
    assert response.status_code == 400
    assert response.json()["codes"] == {f"persons[0].{field}": ["max_length"]}


@pytest.mark.parametrize("key", ["key\x00one", "key\x1b[31m", "x" * 101])
def test_an_idempotency_key_with_control_characters_or_too_long_is_refused_in_words(client, token, key):
    """A NUL went into the stored payload, which PostgreSQL refuses: a 500 (found in review)."""
    response = _post(client, token, key=key, language="en")
    assert response.status_code == 400 and response.json()["code"] == "idempotency_key_required"
    assert "without control characters" in response.json()["error"]
    assert not Signal.objects.exists()
