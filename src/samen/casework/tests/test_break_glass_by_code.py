"""Breaking the glass for a signal known only by its receipt code, from the work pages."""

from __future__ import annotations

import pytest

from samen.accounts.models import Role
from samen.casework import pipeline
from samen.casework.tests.conftest import file_signal, org, user
from samen.privacy.models import BreakGlassAccess
from samen.testing.auth import login
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

REASON = "Slachtoffer staat aan de balie en vraagt om hulp bij acute onveiligheid."


@pytest.fixture
def rotterdam_signal(world):
    signal, _secret = file_signal(place="Rotterdam")
    pipeline.drain_intake_outbox()
    return signal


def test_a_coordinator_elsewhere_opens_a_signal_by_its_code_and_lands_on_its_page(client, rotterdam_signal):
    outsider = user("zorg")  # care coordinator of another region: no access by any rule
    login(client, outsider)
    assert client.get(f"/werk/signaal/{rotterdam_signal.pk}/").status_code == 404
    assert client.get("/werk/").content.decode().count('href="/werk/doorbraak/"') == 1
    code = rotterdam_signal.receipt_code.lower().replace("-", " ")  # any spelling of the code
    response = client.post("/werk/doorbraak/", {"code": code, "reason": REASON})
    assert response.status_code == 302 and response["Location"] == f"/werk/signaal/{rotterdam_signal.pk}/"
    assert BreakGlassAccess.objects.filter(user=outsider, signal=rotterdam_signal).exists()
    assert client.get(f"/werk/signaal/{rotterdam_signal.pk}/").status_code == 200


def test_an_unknown_code_or_a_short_reason_keeps_the_form_with_a_message(client, world):
    login(client, user("zorg"))
    client.cookies["django_language"] = "en"
    page = client.post("/werk/doorbraak/", {"code": "MH-0000-0000", "reason": REASON}).content.decode()
    assert "No signal has this receipt code" in page and REASON in page
    page = client.post("/werk/doorbraak/", {"code": "MH-0000-0000", "reason": "nu"}).content.decode()
    assert "MH-0000-0000" in page
    assert not BreakGlassAccess.objects.exists()


def test_roles_that_do_not_work_on_records_cannot_break_the_glass(client, world):
    login(client, UserFactory(organisation=org("comensha"), roles=[Role.ANALYST]))
    assert client.get("/werk/doorbraak/").status_code == 403


def test_an_owner_who_gives_the_code_of_their_own_signal_gets_no_emergency_access_to_review(client, rotterdam_signal):
    """Found by exploratory testing: it opened an access the privacy officer then had to review."""
    login(client, user("coordinator"))  # the Rotterdam owner
    client.cookies["django_language"] = "en"
    response = client.post("/werk/doorbraak/", {"code": rotterdam_signal.receipt_code, "reason": REASON}, follow=True)
    assert response.redirect_chain[-1][0] == f"/werk/signaal/{rotterdam_signal.pk}/"
    assert "You already have access to this signal: you need no emergency access." in response.content.decode()
    assert not BreakGlassAccess.objects.exists()


def test_an_hour_of_emergency_access_does_not_let_the_signal_into_one_s_own_cases(client, rotterdam_signal):
    """The case would keep another organisation's signal after the hour (found by exploratory testing)."""
    from samen.casework.models import Case

    login(client, user("zorg"))
    client.post("/werk/doorbraak/", {"code": rotterdam_signal.receipt_code, "reason": REASON})
    page = client.get(f"/werk/signaal/{rotterdam_signal.pk}/").content.decode()
    assert f'action="/werk/signaal/{rotterdam_signal.pk}/casus/"' not in page
    response = client.post(f"/werk/signaal/{rotterdam_signal.pk}/casus/", {"title": "Doorbraak"})
    assert response.status_code == 403
    assert not Case.objects.exists()
