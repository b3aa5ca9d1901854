"""The session timer in real Chromium: the warning, staying logged in, typing as activity, the end."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from samen.demo.accounts_data import DEMO_PASSWORD
from samen.intake.models import Signal
from samen.testing.auth import browser_login
from samen.testing.axe import assert_accessible
from samen.testing.browser import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IDLE, WARN = 16, 8  # seconds; the real limits are 30 and 5 minutes. The warning leaves time for axe.


def test_a_professional_is_warned_stays_logged_in_and_keeps_a_report_typed_past_the_idle_limit(
    live_server, page, demo_data, settings
):
    browser_login(page, live_server.url, "zorg", DEMO_PASSWORD)
    settings.SAMEN_SESSION_IDLE_SECONDS, settings.SAMEN_SESSION_WARN_SECONDS = IDLE, WARN
    page.goto(live_server.url + "/melden/professioneel/")
    timer = page.locator("#session-timer")
    expect(timer).to_be_hidden()

    # Doing nothing: the warning says when the session ends and offers to stay.
    expect(timer).to_be_visible(timeout=(IDLE - WARN + 3) * 1000)
    expect(timer.get_by_role("alert")).to_contain_text("uitgelogd, omdat u een tijd niets hebt gedaan")
    assert_accessible(page)
    timer.get_by_role("button", name="Ingelogd blijven").click()
    expect(timer).to_be_hidden()

    # Typing a long report counts as activity, well past the idle limit.
    what = page.locator("textarea[name=what]")
    started = time.monotonic()
    while time.monotonic() - started < IDLE + 3:
        what.press_sequentially("Werkt 7 dagen per week. ", delay=40)
        page.wait_for_timeout(500)
    expect(timer).to_be_hidden()
    page.locator("input[name=where]").fill("Rotterdam")
    click_and_wait(page.locator("form.utrecht-form button[type=submit]").last)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Het signaal is opgeslagen")
    assert "Werkt 7 dagen per week." in Signal.objects.get().what

    # Doing nothing past the limit: the page says the session ended and what that means.
    page.goto(live_server.url + "/melden/professioneel/")
    expect(timer.get_by_role("alert")).to_contain_text("U bent uitgelogd", timeout=(IDLE + 3) * 1000)
    expect(timer.get_by_role("link", name="Opnieuw inloggen")).to_be_visible()
    expect(timer.get_by_role("button", name="Ingelogd blijven")).to_be_hidden()
    assert_accessible(page)
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    last, band = page.locator("footer p").last.bounding_box(), timer.bounding_box()
    assert last["y"] + last["height"] <= band["y"]  # the band covers nothing at the end of the page
    page.reload()
    assert "/account/inloggen/" in page.url


def _warned(live_server, page, settings):
    """A professional's report page, left alone until the warning shows (after 4 seconds)."""
    browser_login(page, live_server.url, "zorg", DEMO_PASSWORD)
    settings.SAMEN_SESSION_IDLE_SECONDS, settings.SAMEN_SESSION_WARN_SECONDS = 14, 10
    page.goto(live_server.url + "/melden/professioneel/")
    timer = page.locator("#session-timer")
    expect(timer.get_by_role("alert")).to_contain_text("U wordt om", timeout=8000)
    expect(timer.get_by_role("button", name="Ingelogd blijven")).to_be_visible()
    return timer


def test_a_passing_server_fault_is_not_read_as_logged_out_and_staying_can_be_tried_again(
    live_server, page, demo_data, settings
):
    timer = _warned(live_server, page, settings)
    page.route("**/account/actief/", lambda route: route.fulfill(status=503))
    timer.get_by_role("button", name="Ingelogd blijven").click()
    expect(timer.get_by_role("alert")).to_contain_text("Ingelogd blijven lukte net niet")
    expect(timer.get_by_role("alert")).to_contain_text("U wordt om")  # the time the session ends stays in view
    timer.get_by_role("button", name="Ingelogd blijven").click()  # fails again: said again
    expect(timer.get_by_role("alert")).to_contain_text("Ingelogd blijven lukte net niet")
    expect(timer.get_by_role("link", name="Opnieuw inloggen")).to_be_hidden()

    page.unroute("**/account/actief/")
    timer.get_by_role("button", name="Ingelogd blijven").click()
    expect(timer).to_be_hidden()


def test_a_page_left_behind_by_a_new_login_in_another_tab_says_so_instead_of_logged_out(
    live_server, page, demo_data, settings
):
    timer = _warned(live_server, page, settings)
    other = page.context.new_page()
    page.context.clear_cookies()
    browser_login(other, live_server.url, "zorg", DEMO_PASSWORD)  # a new session and CSRF token

    timer.get_by_role("button", name="Ingelogd blijven").click()
    expect(timer.get_by_role("alert")).to_contain_text("hoort niet meer bij uw huidige inlog")
    expect(timer.get_by_role("link", name="Opnieuw inloggen")).to_be_hidden()
    expect(timer.get_by_role("button", name="Ingelogd blijven")).to_be_hidden()
    assert_accessible(page)
    click_and_wait(timer.get_by_role("link", name="Pagina opnieuw laden"))
    assert page.url.endswith("/melden/professioneel/")
    expect(page.locator("textarea[name=what]")).to_be_visible()
