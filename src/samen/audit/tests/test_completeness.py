"""Audit completeness: every disclosing or writing view leaves exactly one entry per record, denied
attempts included, and no entry holds any content."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.urls import reverse

from samen.audit.models import AuditEntry
from samen.intake.api_tokens import api_token_create
from samen.intake.models import Signal
from samen.intake.tests.factories import public_form_data
from samen.testing.auth import login
from samen.testing.factories import ContactPointFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME, BSN, PHONE = "Ana Popescu", "111222333", "+31612345678"
WHAT = "Arbeidsmigranten op een kwekerij krijgen hun loon niet uitbetaald."
BODY = {
    "what": WHAT,
    "where": "GM0479",
    "persons": [{"role": "victim", "age": "30-40", "name": NAME, "bsn": BSN, "phone": PHONE}],
    "contact": {"name": "Jan Melder", "phone": "0687654321", "email": "jan@example.org"},
}
CONTENT = [
    NAME,
    "Popescu",
    BSN,
    PHONE,
    "612345678",
    "kwekerij",
    "Jan Melder",
    "jan@example.org",
    "MH-",
    "Bearer",
    "samen_",
    "?",
]


@pytest.fixture(autouse=True)
def _dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def assert_no_content() -> None:
    """Grep every column of every entry for the known test strings."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditentry")
        dump = json.dumps([[str(v) for v in row] for row in cursor.fetchall()])
    for text in CONTENT:
        assert text not in dump, text
    for receipt in Signal.objects.values_list("receipt_code", flat=True):
        assert receipt not in dump


def _token(organisation=None):
    token, raw = api_token_create(organisation=organisation or OrganisationFactory(), name="zaaksysteem")
    return token, {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post(client, headers, key="k1"):
    return client.post(
        "/api/v1/signals/", json.dumps(BODY), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, **headers
    )


def test_an_api_submission_writes_one_entry_for_the_signal_in_its_transaction(client):
    token, headers = _token()
    assert _post(client, headers).status_code == 201
    signal = Signal.objects.get()
    entry = AuditEntry.objects.get(object_type="signal")  # the token's creation has its own
    assert (entry.action, entry.object_type, entry.object_id) == ("write", "signal", str(signal.pk))
    assert entry.actor_label == f"api-token:{token.pk}" and entry.organisation_id == token.organisation_id
    assert set(entry.fields.split(",")) == {"signal", "free_text", "person", "identity", "contact"}
    assert entry.origin == "intake.signal_submit.api" and entry.processing_code
    assert_no_content()


@pytest.mark.parametrize(
    ("identity", "categories"),
    [({"health": "zwanger"}, {"special"}), ({"criminal_law": "eerder veroordeeld"}, {"criminal"})],
)
def test_health_and_criminal_law_data_at_intake_are_logged_as_such(client, identity, categories):
    """As a correction of a person logs them: a privacy officer filtering on these categories missed
    every intake (found in review)."""
    _token_row, headers = _token()
    body = {**BODY, "persons": [{"role": "victim", **identity}]}
    response = client.post(
        "/api/v1/signals/", json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k", **headers
    )
    assert response.status_code == 201, response.json()
    fields = set(AuditEntry.objects.get(object_type="signal").fields.split(","))
    assert categories <= fields and ({"special", "criminal"} - categories).isdisjoint(fields)


def test_reading_a_signal_through_the_api_leaves_one_entry_and_a_foreign_receipt_a_denied_one(client):
    _token_row, headers = _token()
    _post(client, headers)
    signal = Signal.objects.get()
    _other, other_headers = _token()
    assert client.get(f"/api/v1/signals/{signal.receipt_code}/", **headers).status_code == 200
    assert client.get(f"/api/v1/signals/{signal.receipt_code}/", **other_headers).status_code == 404
    assert client.get("/api/v1/signals/MH-0000-0000/", **headers).status_code == 404
    reads = AuditEntry.objects.filter(action="read").order_by("seq")
    assert [(e.result, e.object_id) for e in reads] == [("allowed", str(signal.pk)), ("denied", ""), ("denied", "")]
    assert_no_content()


def test_a_public_report_leaves_one_anonymous_write_entry(client):
    response = client.post(reverse("intake:report"), public_form_data(what=WHAT))
    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.actor_label, entry.actor_id, entry.action) == ("anonymous", None, "write")
    assert entry.origin == "intake.signal_submit.public_web"
    assert_no_content()


def test_a_professional_report_leaves_one_write_entry_with_the_reporters_organisation(client):
    user = UserFactory(roles=["intake_officer"])
    login(client, user)
    form = client.get(reverse("intake:report_professional")).context["form"]
    data = {
        "idempotency_key": form.initial["idempotency_key"],
        "channel": "phone",
        "what": WHAT,
        "where": "GM0479",
        "reporter_type": "professional",
        "contact_choice": "anonymous",
        "victim-age": "30",
        "victim-name": NAME,
        "victim-bsn": BSN,
    }
    response = client.post(reverse("intake:report_professional"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    entry = AuditEntry.objects.get()
    assert entry.actor_id == user.pk and entry.organisation_id == user.organisation_id
    assert "identity" in entry.fields
    assert_no_content()


def test_contact_point_changes_and_refused_attempts_are_logged(client):
    organisation = OrganisationFactory()
    contact = ContactPointFactory(organisation=organisation, name="Piet Contact")
    admin = UserFactory(organisation=organisation, roles=["organisation_admin"])
    login(client, admin)
    edit = reverse("partners:contact_edit", args=[organisation.slug, contact.pk])
    assert client.get(edit).status_code == 200
    payload = {
        "name": "Piet Contact",
        "function": "Coördinator",
        "phone": "0201234567",
        "email": "",
        "reachable": "",
        "is_available": "on",
        "backup": "",
        "position": "0",
    }
    assert client.post(edit, payload).status_code == 302
    delete = reverse("partners:contact_delete", args=[organisation.slug, contact.pk])
    assert client.post(delete).status_code == 302
    outsider = UserFactory(roles=["organisation_admin"])
    login(client, outsider)
    assert client.get(reverse("partners:contact_add", args=[organisation.slug])).status_code == 403
    entries = [(e.action, e.object_type, e.result) for e in AuditEntry.objects.order_by("seq")]
    assert entries == [
        ("read", "contact_point", "allowed"),
        ("write", "contact_point", "allowed"),
        ("delete", "contact_point", "allowed"),
        ("write", "organisation", "denied"),
    ]
    assert "Piet" not in json.dumps(list(AuditEntry.objects.values()), default=str)


def test_the_api_answers_503_without_data_when_the_audit_log_cannot_be_written(client):
    _token_row, headers = _token()
    _post(client, headers)
    signal = Signal.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE audit_audithead")
    response = client.get(f"/api/v1/signals/{signal.receipt_code}/", **headers)
    assert response.status_code == 503 and response["Retry-After"]
    assert signal.receipt_code.encode() not in response.content and b"received" not in response.content


def test_a_signal_whose_audit_entry_cannot_be_written_is_not_stored(client):
    _token_row, headers = _token()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE audit_audithead")
    response = _post(client, headers)
    assert response.status_code == 503
    assert not Signal.objects.exists()
