"""`require_recent_auth`: a password or code from the last five minutes before sensitive pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts.models import Role
from samen.accounts.security import require_recent_auth
from samen.testing.auth import current_code, login
from samen.testing.factories import UserFactory


@require_recent_auth
def _reveal(request):
    return HttpResponse("identity")


@pytest.fixture
def worker(db):
    return UserFactory(username="rita", roles=[Role.CASE_WORKER])


def _request(client, user):
    request = RequestFactory().get("/werk/signaal/1/identiteit/")
    request.user = user
    request.session = client.session
    return request


def test_a_fresh_login_may_reveal_at_once(client, worker):
    login(client, worker)
    assert _reveal(_request(client, worker)).status_code == 200


def test_after_six_minutes_the_user_confirms_again_with_a_code(client, worker):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        login(client, worker)
        traveller.shift(dt.timedelta(minutes=6))
        response = _reveal(_request(client, worker))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:reauth"))
        code = current_code(TOTPDevice.objects.get(user=worker))
        confirmed = client.post(reverse("accounts:reauth"), {"token": code, "next": "/account/"})
        assert confirmed.status_code == 302 and confirmed["Location"] == "/account/"
        assert _reveal(_request(client, worker)).status_code == 200


def test_the_password_also_confirms(client, worker):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        login(client, worker)
        traveller.shift(dt.timedelta(minutes=6))
        wrong = client.post(reverse("accounts:reauth"), {"password": "nope-nope-nope"})
        assert wrong.status_code == 200
        assert _reveal(_request(client, worker)).status_code == 302
        client.post(reverse("accounts:reauth"), {"password": "correct-horse-battery"})
        assert _reveal(_request(client, worker)).status_code == 200
