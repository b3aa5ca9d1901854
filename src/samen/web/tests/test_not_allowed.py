"""A form's address opened as a page (typed, bookmarked, or reached again through the login page)
answers a page in the layout and the user's language that leads to the form, not Django's empty 405;
the status and the `Allow` header stay for programs."""

from __future__ import annotations

import re

import pytest

from samen.accounts.models import Role
from samen.testing.auth import login
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

# The address the "add an action" form of a signal page posts to; no such signal or track exists.
ACTION_ADDRESS = "/werk/signaal/4242/spoor/7/actie/"


def _link(html: str) -> tuple[str, str]:
    main = html[html.index("<h1") :]
    href, words = re.search(r'<a class="utrecht-link" href="([^"]*)">([^<]*)</a>', main).groups()
    return href, words


@pytest.fixture
def case_worker(client):
    login(client, UserFactory(roles=[Role.CASE_WORKER]))


def test_a_form_s_address_opened_as_a_page_says_so_and_leads_to_the_signal_page(client, case_worker):
    response = client.get(ACTION_ADDRESS)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    html = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Deze pagina hoort bij een formulier</h1>' in html
    assert "Het formulier zelf staat op een andere pagina." in html
    # Built from the address alone: the page looks the signal up nowhere, so it tells nothing of it.
    assert _link(html) == ("/werk/signaal/4242/", "Naar het signaal")
    assert 'class="samen-nav"' in html  # in the site's layout, with its menu


def test_the_page_reads_in_english_for_who_chose_english(client, case_worker):
    client.cookies["django_language"] = "en"
    response = client.get(ACTION_ADDRESS)
    assert response.status_code == 405 and response["Allow"] == "POST"
    html = response.content.decode()
    assert '<h1 class="utrecht-heading-1">This page belongs to a form</h1>' in html
    assert "The form itself is on another page." in html
    assert _link(html) == ("/werk/signaal/4242/", "To the signal")


def test_a_form_whose_page_is_not_known_leads_a_case_worker_to_the_work_queue(client, case_worker):
    response = client.get("/werk/actie/99/klaar/")  # "mark as done": on the signal page or the list of actions
    assert response.status_code == 405
    assert _link(response.content.decode()) == ("/werk/", "Naar de werkvoorraad")


@pytest.mark.parametrize("who", ["visitor", "privacy officer"])
def test_anyone_else_is_led_to_the_home_page(client, who):
    if who != "visitor":
        login(client, UserFactory(roles=[Role.PRIVACY_OFFICER]))
    response = client.get("/account/uitloggen/")  # logging out takes a POST
    assert response.status_code == 405
    assert "post" in response["Allow"].lower()
    assert _link(response.content.decode()) == ("/", "Naar de startpagina")


def test_a_head_request_keeps_django_s_answer_and_renders_no_page(client, case_worker):
    """The page shows the messages waiting for the next page: a HEAD, whose body is never sent,
    must not use them up."""
    response = client.head(ACTION_ADDRESS)
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert [template.name for template in response.templates] == []


def test_the_api_keeps_its_own_answer_for_a_partner_system(client):
    response = client.get("/api/v1/signals/")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/")
    assert "Deze pagina hoort bij een formulier" not in response.content.decode()
    assert [template.name for template in response.templates] == []
