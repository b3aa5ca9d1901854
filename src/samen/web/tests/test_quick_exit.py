"""The quick exit: on every page a visitor sees without logging in, and on the public form always."""

from __future__ import annotations

import pytest

from samen.accounts.models import Role
from samen.testing.auth import login
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

QUICK_EXIT = 'samen-quick-exit__link" href="https://www.google.nl/"'


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/partners/",
        "/partners/?gemeente=Zaanstad",
        "/partners/regio/",
        "/partners/dekking/",
        "/account/inloggen/",
        "/melden/",
        "/status/",
    ],
)
def test_every_public_page_has_the_quick_exit(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count(QUICK_EXIT) == 1


def test_a_logged_in_professional_keeps_it_on_the_public_form_only(client):
    login(client, UserFactory(roles=[Role.CASE_WORKER]))
    assert QUICK_EXIT in client.get("/melden/").content.decode()
    assert QUICK_EXIT not in client.get("/partners/").content.decode()
