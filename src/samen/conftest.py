"""Test fixtures shared by every app: reference data once per session, personas, a browser."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

# Hypothesis's default 200 ms deadline per example is a wall-clock assertion: on a loaded CI
# machine (or on the first call of a JIT-compiled kernel) it fails tests that are correct.
settings.register_profile("samen", deadline=None)
settings.load_profile("samen")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Public reference data is loaded once; every test runs in a transaction on top of it."""
    from samen.geo.reference import load_geography
    from samen.partners.reference import load_partner_reference

    with django_db_blocker.unblock():
        load_geography()
        load_partner_reference()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def reference_data(transactional_db):
    """For live-server tests: the transactional flush removes the session's reference data."""
    from samen.geo.reference import load_geography
    from samen.partners.reference import load_partner_reference

    load_geography()
    load_partner_reference()


@pytest.fixture
def demo_data(reference_data):
    from samen.demo.accounts_data import seed_accounts
    from samen.demo.partners_data import seed_partners

    seed_partners()
    seed_accounts()


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Each test builds the per-process caches (routing rules, municipalities) from its own data."""
    from samen.process_cache import invalidate_all

    invalidate_all()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _verified_logins():
    """Professionals log in with a password and a TOTP code; test logins make a verified session."""
    from samen.testing.auth import install

    install()
