"""The Django admin sits outside the access policy, so every request to it is in the audit log."""

from __future__ import annotations

import pytest

from samen.audit.models import AuditEntry
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_every_admin_page_a_staff_member_opens_is_logged_before_it_is_shown(client, superuser):
    response = client.get("/admin/partners/organisation/?q=Rotterdam")
    assert response.status_code in (200, 302)  # 302: the two-factor step first
    entry = AuditEntry.objects.get(origin="admin")
    assert (entry.actor_id, entry.action, entry.object_type) == (superuser.pk, "read", "admin")
    assert entry.object_id == "partners-organisation"
    assert "Rotterdam" not in entry.object_id  # the search stays out of the log


def test_an_admin_change_is_logged_as_a_write(client, superuser):
    client.post("/admin/routing/routingrule/1/delete/", {"post": "yes"})
    assert AuditEntry.objects.get(origin="admin").action == "write"


def test_cases_are_not_in_the_admin(client, superuser):
    from django.contrib import admin

    from samen.casework.models import Case

    assert Case not in admin.site._registry


def test_visitors_and_professionals_without_staff_rights_leave_no_admin_entry(client):
    client.get("/admin/")
    client.force_login(UserFactory())
    client.get("/admin/")
    assert not AuditEntry.objects.filter(origin="admin").exists()
