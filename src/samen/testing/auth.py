"""Logging in from tests: one place, so stronger authentication changes only this file.

Every test that needs a logged-in professional uses `login(client, user)` (Django test client)
or `browser_login(page, base_url, username, password)` (Playwright).

Professionals log in with a password and then a TOTP code (`samen.accounts`). `login` gives the
test client a fully verified session: a confirmed TOTP device, the device in the session, and
fresh login/activity/re-authentication times. `browser_login` goes through the real pages and
computes the TOTP code from the device's secret, as an authenticator app would.

`install()` (called from the root conftest) makes `Client.force_login` do the same as `login`,
so older tests that call it directly get a verified session too; `login(..., verified=False)`
gives a password-only session for tests of the second step.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import time

from django.test import Client

from samen.testing.browser import click_and_wait

_original_force_login = Client.force_login


def test_secret(username: str) -> str:
    """A fixed base32 TOTP secret per username, for tests only."""
    raw = hashlib.sha256(f"samen-test-totp:{username}".encode()).digest()[:20]
    return base64.b32encode(raw).decode().rstrip("=")


def ensure_device(user):
    """The user's confirmed TOTP device; one with a fixed test secret is made when there is none."""
    from samen.accounts import otp

    device = otp.confirmed_device(user)
    if device is None:
        device = otp.device_set_fixed(user=user, secret=test_secret(user.get_username()))
    return device


def current_code(device) -> str:
    """The code an authenticator app shows now for this device."""
    from django_otp.oath import TOTP

    totp = TOTP(binascii.unhexlify(device.key), device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def login(client, user, *, verified: bool = True) -> None:
    """Log the test client in as `user`; verified (password and TOTP) unless told otherwise."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from samen.accounts import security

    _original_force_login(client, user)
    session = client.session
    now = int(time.time())
    session[security.SESSION_LOGIN_AT] = now
    session[security.SESSION_SEEN_AT] = now
    session[security.SESSION_AUTH_AT] = now
    if verified:
        session[DEVICE_ID_SESSION_KEY] = ensure_device(user).persistent_id
    session.save()


def _verified_force_login(self, user, backend=None) -> None:
    login(self, user)


def install() -> None:
    Client.force_login = _verified_force_login


def browser_login(page, base_url: str, username: str, password: str) -> None:
    """Log in through the real pages: password, then the TOTP code (or enrolment on first use)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from samen.accounts import otp

    page.goto(base_url + "/account/inloggen/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    click_and_wait(page.locator("form.utrecht-form button[type=submit]"))
    if "/account/inloggen/app-koppelen/" in page.url:
        secret = page.locator(".samen-secret").inner_text().strip()
        device = TOTPDevice(key=otp.key_from_base32(secret))
    elif "/account/inloggen/code/" in page.url:
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).order_by("pk").first()
        # A code may be used once; a test that logs in twice within 30 seconds gets a fresh window.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    else:
        return
    page.locator("input[name=token]").fill(current_code(device))
    click_and_wait(page.locator("form.utrecht-form button[type=submit]"))
