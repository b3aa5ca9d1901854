"""The home page: the way to report comes first."""

from __future__ import annotations

import re

import pytest

from samen.accounts.models import Role
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "button"), [("nl", "Nu melden"), ("en", "Report now")])
def test_the_home_page_leads_to_the_report_form_before_anything_else(client, language, button):
    client.cookies["django_language"] = language
    html = client.get("/").content.decode()
    link = f'href="/melden/">{button}</a>'
    assert link in html
    assert html.index(link) < html.index('id="home-partners"')
    assert 'href="tel:112"' in html


def _menu(client) -> list[str]:
    html = client.get("/").content.decode()
    nav = html[html.index('class="samen-nav"') : html.index("</nav>")]
    return re.findall(r'href="([^"]+)"', nav)


def test_a_visitor_reports_on_the_public_form(client):
    assert "/melden/" in _menu(client) and "/melden/professioneel/" not in _menu(client)


def test_a_signed_in_professional_finds_the_professional_form_and_no_page_that_would_refuse_them(client):
    """The public form never links a signal to its sender: a professional there loses their organisation,
    the indicator checklist and the identifying data, and an intake officer got 403 behind "Work"."""
    client.force_login(UserFactory(roles=[Role.INTAKE_OFFICER]))
    menu = _menu(client)
    assert "/melden/professioneel/" in menu and "/melden/" not in menu
    assert "/werk/" not in menu
    client.cookies["django_language"] = "nl"
    html = client.get("/").content.decode()
    assert 'href="/melden/professioneel/">Nu melden</a>' in html
    # Not the public wording, which promises anonymity and seven languages to a professional's form.
    assert "anoniem" not in html and "namens de melder" in html


def test_a_case_worker_finds_the_work_pages(client):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    assert "/werk/" in _menu(client)


def test_the_administrators_find_the_pages_they_keep(client):
    """Both administrators got only the public links: an organisation's own page was found through
    "Mijn account", the routing rules not at all (found by exploratory testing)."""
    from samen.testing.factories import OrganisationFactory

    organisation = OrganisationFactory(slug="gemeente-zaanstad")
    client.force_login(UserFactory(organisation=organisation, roles=[Role.ORGANISATION_ADMIN]))
    menu = _menu(client)
    assert "/partners/organisatie/gemeente-zaanstad/" in menu and "/werk/routering/" not in menu
    assert client.get("/partners/organisatie/gemeente-zaanstad/bewerken/").status_code == 200
    client.force_login(UserFactory(roles=[Role.NATIONAL_ADMIN]))
    assert "/werk/routering/" in _menu(client) and client.get("/werk/routering/").status_code == 200
    client.force_login(UserFactory(roles=[Role.CASE_WORKER, Role.COORDINATOR]))
    assert "/werk/routering/" not in _menu(client)  # among the work pages
