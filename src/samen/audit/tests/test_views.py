"""Privacy officers search the audit log; the search is logged; a broken log answers 503 with no data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from samen import audit
from samen.audit.models import AuditEntry
from samen.testing.auth import login
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _entries(user, n, action="read"):
    for i in range(n):
        audit.record(
            actor=user,
            action=action,
            object_type="signal",
            object_id=i + 1,
            fields=["signal"],
            activity=audit.CASEWORK,
            origin="tests.read",
        )


def _officer_reads(client, language="nl", **query):
    login(client, UserFactory(roles=["privacy_officer"]))
    client.cookies["django_language"] = language
    response = client.get(reverse("audit:search"), query)
    assert response.status_code == 200
    return response


def test_a_privacy_officer_searches_by_user_and_action_and_the_search_is_logged(client):
    worker, other = UserFactory(roles=["case_worker"]), UserFactory(roles=["case_worker"])
    _entries(worker, 3)
    _entries(other, 2, action="export")
    officer = UserFactory(roles=["privacy_officer"])
    login(client, officer)
    response = client.get(reverse("audit:search"), {"user": worker.pk, "action": "read"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    logged = AuditEntry.objects.filter(actor_id=officer.pk).get()
    assert (logged.action, logged.object_type, logged.result) == ("search", "audit_log", "allowed")


def test_the_audit_log_pages_by_fifty(client):
    _entries(UserFactory(), 60)
    login(client, UserFactory(roles=["privacy_officer"]))
    first = client.get(reverse("audit:search"))
    assert len(first.context["page"].object_list) == 50
    second = client.get(reverse("audit:search"), {"page": 2})
    assert len(second.context["page"].object_list) == 11  # 60 entries + the first search


def test_the_search_s_own_entry_does_not_push_an_entry_off_the_page(client):
    _entries(UserFactory(), 1)
    response = _officer_reads(client)
    assert response.context["page"].paginator.count == 1
    assert [entry.origin for entry in response.context["page"].object_list] == ["tests.read"]


@pytest.mark.parametrize("roles", [[], ["case_worker"], ["organisation_admin", "national_admin"]])
def test_others_cannot_read_the_audit_log_and_the_attempt_is_logged(client, roles):
    user = UserFactory(roles=roles)
    login(client, user)
    assert client.get(reverse("audit:search")).status_code == 403
    assert AuditEntry.objects.get(actor_id=user.pk).result == "denied"


def test_anonymous_visitors_cannot_read_the_audit_log(client):
    assert client.get(reverse("audit:search")).status_code == 403


def test_when_the_audit_log_cannot_be_written_the_page_answers_503_without_data(client):
    worker = UserFactory(roles=["case_worker"])
    _entries(worker, 1)
    login(client, UserFactory(roles=["privacy_officer"]))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE audit_audithead")  # rolled back with the test transaction
    response = client.get(reverse("audit:search"))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert b"tests.read" not in response.content and b"audit_log" not in response.content
