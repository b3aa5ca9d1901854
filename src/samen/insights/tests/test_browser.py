"""Every insight page in real Chromium as the demo analyst: 0 axe violations, charts with text alternatives."""

from __future__ import annotations

import pytest

from samen.demo.accounts_data import DEMO_PASSWORD
from samen.insights import aggregates
from samen.insights.demo import seed_history
from samen.insights.generator import generate_signals
from samen.testing.auth import browser_login
from samen.testing.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/inzicht/",
    "/inzicht/tabel/?by=sector",
    "/inzicht/tabel/?by=area&columns=form&level=safety_region",
    "/inzicht/tabel/?subject=tracks&by=first_action",
    "/inzicht/tabel/?subject=tracks&by=area&columns=outcome&level=safety_region",
    "/inzicht/kaart/?level=safety_region",
    "/inzicht/vergelijken/?level=police_unit",
    "/inzicht/waterbed/",
    "/inzicht/kpi/",
]


def test_the_demo_analyst_reads_every_insight_page_without_accessibility_violations(live_server, page, demo_data):
    seed_history(3000)
    generate_signals(600, months=12, seed=9)  # with casework tracks, which the demo's history leaves out
    aggregates.refresh_insights(settle_seconds=0)
    browser_login(page, live_server.url, "analist", DEMO_PASSWORD)
    for url in PAGES:
        page.goto(live_server.url + url)
        assert page.locator("h1").count() == 1, url
        for svg in page.locator("svg[role=img]").all():
            assert svg.locator("title").count() >= 1 and svg.locator("desc").count() >= 1, url
        assert_accessible(page)


def test_filters_update_the_table_in_place(live_server, page, demo_data):
    seed_history(3000)
    browser_login(page, live_server.url, "analist", DEMO_PASSWORD)
    page.goto(live_server.url + "/inzicht/tabel/")
    page.locator("select[name=by]").select_option("channel")
    page.locator("#result").evaluate("el => el.dataset.before = 'yes'")
    page.get_by_role("button", name="Tonen").or_(page.get_by_role("button", name="Show")).first.click()
    page.wait_for_url("**by=channel**")
    assert page.locator("#result").get_attribute("data-before") == "yes"  # swapped by htmx, not reloaded
    assert page.locator("#result table caption").count() == 1
    assert_accessible(page)


def test_the_charts_fit_a_phone_s_screen(live_server, browser, demo_data):
    """At 390 px the 720-px charts made the page 792 px wide (found by exploratory testing)."""
    seed_history(3000)
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    browser_login(phone, live_server.url, "analist", DEMO_PASSWORD)
    for url in ("/inzicht/", "/inzicht/tabel/?by=sector", "/inzicht/kaart/?level=safety_region"):
        phone.goto(live_server.url + url)
        assert phone.locator("svg.samen-chart, svg.samen-map").count() >= 1, url
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, url
    phone.close()
