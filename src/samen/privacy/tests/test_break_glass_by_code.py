"""Breaking the glass for a signal known only by its receipt code."""

from __future__ import annotations

import pytest

from samen.accounts.models import Role
from samen.privacy.models import BreakGlassAccess
from samen.testing.auth import login
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

REASON = "Slachtoffer staat aan de balie en vraagt om hulp bij acute onveiligheid."


def test_a_case_worker_opens_a_signal_by_its_code_and_lands_on_its_page(client, world):
    worker = world.users[Role.CASE_WORKER]
    signal = world.signals["other"]
    signal.receipt_code = "MH-7K3P-Q9XD"
    signal.save(update_fields=["receipt_code"])
    login(client, worker)
    assert client.get("/werk/").content.decode().count("/privacy/doorbraak/zoeken/") == 1
    code = "mh 7k3p q9xd"  # any spelling of the code
    response = client.post("/privacy/doorbraak/zoeken/", {"code": code, "reason": REASON})
    assert response.status_code == 302 and response["Location"] == f"/werk/signaal/{signal.pk}/"
    assert BreakGlassAccess.objects.filter(user=worker, signal=signal).exists()


def test_an_unknown_code_or_a_short_reason_keeps_the_form_with_a_message(client, world):
    login(client, world.users[Role.CASE_WORKER])
    client.cookies["django_language"] = "en"
    page = client.post("/privacy/doorbraak/zoeken/", {"code": "MH-0000-0000", "reason": REASON}).content.decode()
    assert "No signal has this receipt code" in page and REASON in page
    page = client.post("/privacy/doorbraak/zoeken/", {"code": "MH-0000-0000", "reason": "nu"}).content.decode()
    assert "MH-0000-0000" in page
    assert not BreakGlassAccess.objects.exists()


def test_roles_that_do_not_work_on_records_cannot_break_the_glass(client, world):
    analyst = UserFactory(organisation=world.persona_org, roles=[Role.ANALYST])
    login(client, analyst)
    assert client.get("/privacy/doorbraak/zoeken/").status_code == 403
