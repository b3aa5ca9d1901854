"""Django's admin login in Samen: visitors go to our two-step login; whoever is logged in does not
log in again (`samen.accounts.admin_login`)."""

from __future__ import annotations

import pytest

from samen.accounts.models import Role
from samen.testing.auth import login
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_logged_in_professional_without_staff_rights_is_told_no_access_instead_of_the_login_form(client):
    # Found by exploratory testing: the national administrator was sent to the login form under a
    # header that said they were logged in, and logging in again led back there.
    login(client, UserFactory(username="landelijk", roles=[Role.NATIONAL_ADMIN]))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Geen toegang" in page and "alleen voor de beheerders van het platform" in page
    assert 'name="password"' not in page
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_a_visitor_is_sent_to_the_two_step_login_and_then_back_to_the_admin(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/account/inloggen/?next=%2Fadmin%2F"
    assert 'name="password"' in response.content.decode()


def test_a_staff_member_who_opens_the_admin_login_goes_on_to_the_page_asked_for(client):
    login(client, UserFactory(is_staff=True))
    response = client.get("/admin/login/?next=/admin/partners/")
    assert (response.status_code, response["Location"]) == (302, "/admin/partners/")
    elsewhere = client.get("/admin/login/?next=https://example.org/")
    assert elsewhere["Location"] == "/admin/"
