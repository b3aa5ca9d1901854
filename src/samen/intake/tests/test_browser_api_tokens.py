"""The "API-koppelingen" page in real Chromium: reached from "Mijn organisatie", a token made, copied and
revoked, with 0 axe violations at every step."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from samen.demo.accounts_data import DEMO_PASSWORD
from samen.testing.auth import browser_login
from samen.testing.axe import assert_accessible
from samen.testing.browser import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _language(page, live_server, language: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


def test_an_organisation_administrator_makes_copies_and_revokes_an_api_token(live_server, page, demo_data):
    _language(page, live_server, "nl")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    browser_login(page, live_server.url, "beheer", DEMO_PASSWORD)
    click_and_wait(page.get_by_role("link", name="Mijn organisatie"))
    click_and_wait(page.get_by_role("link", name="API-koppelingen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("API-koppelingen")
    expect(page.locator("main")).to_contain_text("nog geen API-sleutels")
    assert_accessible(page)

    page.get_by_label("Naam van de koppeling").fill("zaaksysteem")
    click_and_wait(page.get_by_role("button", name="Sleutel aanmaken"))
    token = page.get_by_label("API-sleutel", exact=True)
    raw = token.input_value()
    assert raw.startswith("samen_")
    expect(page.get_by_test_id("new-token")).to_contain_text("alleen deze ene keer")
    assert_accessible(page)
    page.get_by_role("button", name="Sleutel kopiëren").click()
    expect(page.get_by_role("status").filter(has_text="gekopieerd")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == raw

    # Shown once: the page again lists it, without the token.
    page.goto(page.url)
    expect(page.get_by_test_id("api-tokens")).to_contain_text("zaaksysteem")
    assert raw not in page.content()

    click_and_wait(page.get_by_role("link", name="Intrekken zaaksysteem"))
    assert_accessible(page)
    click_and_wait(page.get_by_role("button", name="Deze sleutel intrekken"))
    expect(page.locator("main")).to_contain_text("is ingetrokken")
    expect(page.get_by_test_id("api-tokens")).to_contain_text("ingetrokken op")
    assert_accessible(page)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_national_administrator_finds_the_demo_partner_system_s_token(live_server, page, demo_data, language):
    from samen.intake.demo import DEMO_API_ORGANISATION, demo_api_token, seed_api_token

    seed_api_token()
    _language(page, live_server, language)
    browser_login(page, live_server.url, "landelijk", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/api-koppelingen/{DEMO_API_ORGANISATION}/")
    expect(page.get_by_test_id("api-tokens")).to_contain_text("zaaksysteem (demo)")
    assert demo_api_token() not in page.content()
    assert_accessible(page)
