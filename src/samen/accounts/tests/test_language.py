"""The language a professional works in: kept when they switch while logged in, back at their next login."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts.models import Role
from samen.testing.auth import current_code, ensure_device, login
from samen.testing.factories import UserFactory

PASSWORD = "correct-horse-battery"

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(db):
    user = UserFactory(username="wendy", roles=[Role.CASE_WORKER])
    ensure_device(user)
    return user


def _switch(client: Client, code: str):
    return client.post(reverse("set_language"), {"language": code, "next": reverse("accounts:profile")})


def test_a_new_account_has_chosen_no_language_and_works_in_dutch(worker):
    assert worker.language == "" and worker.working_language == "nl"


def test_switching_language_while_logged_in_keeps_it_on_the_account(client, worker):
    login(client, worker)
    response = _switch(client, "en")
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    worker.refresh_from_db()
    assert worker.language == "en"
    _switch(client, "nl")
    worker.refresh_from_db()
    assert worker.language == "nl"


def test_a_language_of_the_public_form_only_is_not_kept_on_the_account(client, worker):
    login(client, worker)
    response = _switch(client, "pl")
    assert response.cookies["django_language"].value == "pl"  # the public pages may speak it
    worker.refresh_from_db()
    assert worker.language == ""


def test_a_password_only_session_switches_the_page_but_keeps_nothing(client, worker):
    login(client, worker, verified=False)
    response = _switch(client, "en")
    assert response.cookies["django_language"].value == "en"
    worker.refresh_from_db()
    assert worker.language == ""


def test_switching_language_without_logging_in_works_as_before(client):
    response = _switch(client, "en")
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"


def test_the_saved_language_comes_back_at_the_next_login_on_another_device(worker):
    worker.language = "en"
    worker.save()
    device = Client()  # no language cookie: a new browser, whose pages start in Dutch
    response = device.post(reverse("accounts:login"), {"username": "wendy", "password": PASSWORD})
    assert "django_language" not in response.cookies  # nothing of the account before the code
    code = current_code(TOTPDevice.objects.get(user=worker))
    response = device.post(reverse("accounts:otp"), {"token": code, "next": reverse("accounts:profile")})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    page = device.get(reverse("accounts:profile")).content.decode()
    assert '<html lang="en"' in page and "My account" in page


def test_until_a_language_is_chosen_a_login_leaves_the_browser_s_language_alone(worker):
    device = Client()
    device.post(reverse("set_language"), {"language": "en"})  # chosen on the login page
    device.post(reverse("accounts:login"), {"username": "wendy", "password": PASSWORD})
    code = current_code(TOTPDevice.objects.get(user=worker))
    response = device.post(reverse("accounts:otp"), {"token": code, "next": reverse("accounts:profile")})
    assert response.status_code == 302 and "django_language" not in response.cookies
    assert '<html lang="en"' in device.get(reverse("accounts:profile")).content.decode()


def test_the_account_page_shows_the_language(client, worker):
    login(client, worker)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "<dt>Taal</dt><dd>Nederlands (nog niet gekozen)</dd>" in page
    _switch(client, "en")
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "<dt>Language</dt><dd>English</dd>" in page
    _switch(client, "nl")
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "<dt>Taal</dt><dd>Nederlands</dd>" in page
