"""The warning before an idle session ends, and staying logged in (WCAG 2.2.1 Timing Adjustable)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from samen.accounts.models import Role
from samen.testing.auth import ensure_device, login
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

KEEP_ALIVE = "/account/actief/"


@pytest.fixture
def worker():
    return UserFactory(roles=[Role.CASE_WORKER])


def test_a_logged_in_page_carries_the_timer_with_the_limits_of_the_settings(client, worker, settings):
    settings.SAMEN_SESSION_IDLE_SECONDS, settings.SAMEN_SESSION_WARN_SECONDS = 1800, 300
    client.force_login(worker)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert 'id="session-timer"' in html and 'data-idle-seconds="1800"' in html and 'data-warn-seconds="300"' in html
    assert f'data-url="{KEEP_ALIVE}"' in html and "accounts/session-timer" in html
    assert "U wordt om {time} uitgelogd" in html and "Ingelogd blijven" in html


def test_the_warning_comes_at_most_halfway_through_a_short_idle_limit(client, worker, settings):
    settings.SAMEN_SESSION_IDLE_SECONDS, settings.SAMEN_SESSION_WARN_SECONDS = 60, 300
    client.force_login(worker)
    assert 'data-warn-seconds="30"' in client.get(reverse("accounts:profile")).content.decode()


def test_a_visitor_who_is_not_logged_in_has_no_timer(client):
    assert 'id="session-timer"' not in client.get("/melden/").content.decode()


def test_a_session_with_only_the_password_has_no_timer(client, worker):
    ensure_device(worker)
    client.post(reverse("accounts:login"), {"username": worker.username, "password": "correct-horse-battery"})
    page = client.get(reverse("accounts:otp"))
    assert page.status_code == 200 and 'id="session-timer"' not in page.content.decode()


def test_staying_logged_in_resets_the_idle_limit(client, worker):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        login(client, worker)
        traveller.shift(dt.timedelta(minutes=26))
        assert client.post(KEEP_ALIVE).status_code == 204
        traveller.shift(dt.timedelta(minutes=26))  # 52 minutes after logging in, 26 after the last sign of life
        assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_session_past_its_idle_limit_is_not_kept_alive(client, worker):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        login(client, worker)
        traveller.shift(dt.timedelta(minutes=31))
        response = client.post(KEEP_ALIVE)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        assert client.get(reverse("accounts:profile")).status_code == 302


def test_keeping_alive_takes_a_post_with_the_csrf_token_from_a_logged_in_user(worker):
    anonymous = Client()
    assert anonymous.post(KEEP_ALIVE).status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(worker)
    assert strict.get(KEEP_ALIVE).status_code == 405
    assert strict.post(KEEP_ALIVE).status_code == 403
    page = strict.get(reverse("accounts:profile"))
    token = page.context["csrf_token"]
    assert strict.post(KEEP_ALIVE, HTTP_X_CSRFTOKEN=str(token)).status_code == 204
