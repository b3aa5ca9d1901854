"""Logging in: password, then a TOTP code; lockout; session limits; recent re-authentication."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts import otp
from samen.accounts.models import Role
from samen.testing.auth import current_code, ensure_device, login
from samen.testing.factories import UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def worker(db):
    user = UserFactory(username="wendy", roles=[Role.CASE_WORKER])
    ensure_device(user)
    return user


def _password_step(client, username="wendy", password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_the_password_alone_leads_to_the_code_step_not_into_the_site(client, worker):
    response = _password_step(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp"))
    page = client.get(reverse("accounts:profile"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:otp"))


def test_the_password_and_a_code_log_in_and_change_the_session_id_each_step(client, worker):
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.cookies["sessionid"].value if "sessionid" in client.cookies else ""
    _password_step(client)
    after_password = client.cookies["sessionid"].value
    assert after_password != before
    device = TOTPDevice.objects.get(user=worker)
    response = client.post(reverse("accounts:otp"), {"token": current_code(device), "next": "/account/"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert client.cookies["sessionid"].value != after_password
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_code_cannot_be_used_twice(client, worker):
    device = TOTPDevice.objects.get(user=worker)
    code = current_code(device)
    _password_step(client)
    assert client.post(reverse("accounts:otp"), {"token": code}).status_code == 302
    client.logout()
    _password_step(client)
    response = client.post(reverse("accounts:otp"), {"token": code})
    assert response.status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_wrong_code_is_refused(client, worker):
    _password_step(client)
    response = client.post(
        reverse("accounts:otp"),
        {"token": "000000" if current_code(TOTPDevice.objects.get(user=worker)) != "000000" else "111111"},
    )
    assert response.status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert not re.search(r'<input[^>]*name="token"[^>]*autofocus', response.content.decode())  # the message has it


def test_the_code_step_starts_in_the_code_field_as_step_one_does_in_the_user_name(client, worker):
    _password_step(client)
    page = client.get(reverse("accounts:otp")).content.decode()
    assert re.search(r'<input[^>]*name="token"[^>]*autofocus', page)


def test_five_wrong_passwords_lock_the_account_with_the_same_message_as_a_wrong_password(client, worker):
    messages = set()
    for _ in range(5):
        response = _password_step(client, password="wrong-password-123")
        assert response.status_code == 200
        messages.add(response.context["form"].non_field_errors()[0])
    locked = _password_step(client)
    assert locked.status_code == 200, "the right password is refused while the account is locked"
    messages.add(locked.context["form"].non_field_errors()[0])
    unknown = _password_step(client, username="nobody-here")
    messages.add(unknown.context["form"].non_field_errors()[0])
    assert len(messages) == 1, "locked, wrong and unknown look the same: no user enumeration"


def test_the_lock_lifts_after_fifteen_minutes(client, worker):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        for _ in range(5):
            _password_step(client, password="wrong-password-123")
        assert _password_step(client).status_code == 200
        cache.clear()  # locmem keeps real time; the lock's lifetime is what the cache enforces
        traveller.shift(dt.timedelta(minutes=16))
        assert _password_step(client).status_code == 302


def test_an_idle_session_of_thirty_one_minutes_must_log_in_again(client, worker):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        login(client, worker)
        assert client.get(reverse("accounts:profile")).status_code == 200
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get(reverse("accounts:profile")).status_code == 200
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_session_ends_after_twelve_hours_even_when_active(client, worker):
    with time_machine.travel(dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC), tick=False) as traveller:
        login(client, worker)
        for _ in range(25):
            traveller.shift(dt.timedelta(minutes=29))
            response = client.get(reverse("accounts:profile"))
            if response.status_code != 200:
                break
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_first_use_links_an_app_with_a_qr_code_and_the_secret_in_text(client, db):
    user = UserFactory(username="nina", roles=[Role.CASE_WORKER])
    response = _password_step(client, username="nina")
    assert response["Location"].startswith(reverse("accounts:enrol"))
    page = client.get(reverse("accounts:enrol"))
    assert page.status_code == 200
    assert b"<svg" in page.content
    secret = page.context["secret"]
    device = TOTPDevice(key=otp.key_from_base32(secret))
    response = client.post(reverse("accounts:enrol"), {"token": current_code(device)})
    assert response.status_code == 302
    assert otp.confirmed_device(user) is not None
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_logging_out_makes_the_old_cookie_worthless(client, worker):
    login(client, worker)
    cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    client.cookies["sessionid"] = cookie
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302


def test_a_disabled_user_is_logged_out_at_once(client, worker):
    login(client, worker)
    worker.is_active = False
    worker.save()
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.parametrize(
    "crafted",
    [
        "-1",
        "999999999999",
        "web:home",
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
    ],
)
def test_a_crafted_next_leads_home_never_elsewhere_or_to_an_error(client, worker, crafted):
    _password_step(client)
    device = TOTPDevice.objects.get(user=worker)
    response = client.post(reverse("accounts:otp"), {"token": current_code(device), "next": crafted})
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    # Once logged in, the enrolment page sends a confirmed user on the same way.
    again = client.get(f"{reverse('accounts:enrol')}?{urlencode({'next': crafted})}")
    assert again.status_code == 302 and again["Location"] == reverse("web:home")
