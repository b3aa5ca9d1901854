"""The partner map in real Chromium: it works, in Dutch and English, with 0 axe violations."""

import pytest
from playwright.sync_api import expect

from samen.demo.accounts_data import DEMO_PASSWORD
from samen.testing.auth import browser_login
from samen.testing.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/partners/",
    "/partners/?gemeente=Zaanstad&vorm=ARBEID&doelgroep=minors",
    "/partners/?gemeente=Atlantis",
    "/partners/organisatie/comensha/",
    "/partners/regio/",
    "/partners/regio/RE04/",
    "/partners/dekking/",
    "/partners/organisatie/bestaat-niet/",
    "/account/inloggen/",
]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_partner_map_page_has_no_accessibility_violations(live_server, page, demo_data, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for path in PAGES:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)


def test_a_professional_finds_who_handles_labour_exploitation_of_minors_in_zaanstad(live_server, page, demo_data):
    browser_login(page, live_server.url, "zorg", DEMO_PASSWORD)
    page.goto(live_server.url + "/partners/")
    page.get_by_label("Gemeente of postcode").fill("Zaanstad")
    page.get_by_label("Vorm van uitbuiting").select_option("ARBEID")
    page.get_by_label("Doelgroep").select_option("minors")
    page.get_by_role("button", name="Zoeken").click()
    results = page.locator("#results")
    expect(results).to_contain_text("gevonden voor Zaanstad")
    first = results.locator("article").first
    expect(first).to_contain_text("Politie eenheid Noord-Holland")
    expect(first).to_contain_text("Achterwacht")  # contact points with their backup, for professionals
    assert "gemeente=Zaanstad" in page.url  # htmx pushed the search into the address bar
    first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Politie eenheid Noord-Holland")
    assert_accessible(page)


def test_the_language_switch_turns_the_page_into_english(live_server, page, demo_data):
    page.goto(live_server.url + "/partners/regio/RE04/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("municipalities")
    assert page.locator("html").get_attribute("lang") == "en"


def test_the_coverage_view_shows_the_gaps_in_the_demo_data(live_server, page, demo_data):
    page.goto(live_server.url + "/partners/dekking/")
    expect(page.locator("#no-coordinator")).to_contain_text("zonder zorgcoördinator")
    expect(page.locator("main")).to_contain_text("Vlissingen")  # Zeeland has no care coordinator in the demo
    expect(page.locator("#no-backup")).to_contain_text("achterwacht")
    expect(page.locator("main")).to_contain_text("Maastricht")  # Limburg's coordinator has no backup
