"""The possible-link pages in real Chromium: accessible (axe, Dutch and English), answerable, anonymous."""

from __future__ import annotations

import pytest

from samen.demo.accounts_data import DEMO_PASSWORD
from samen.linkage import services
from samen.linkage.models import PossibleLink, SideStatus
from samen.linkage.tests.workflow_factories import (
    IDENTIFYING_STRINGS,
    OLENA,
    OLENA_SWAPPED,
    file_signal,
    run_linkage,
)
from samen.testing.auth import browser_login
from samen.testing.axe import assert_accessible
from samen.testing.browser import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def link(demo_data, settings, django_capture_on_commit_callbacks) -> PossibleLink:
    from samen.routing import engine
    from samen.routing.demo_rules import seed_routing_rules

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        seed_routing_rules()
    engine.invalidate()
    services.forget_indexes()
    file_signal(OLENA, place="Utrecht")
    file_signal(OLENA_SWAPPED, place="Rotterdam")
    run_linkage()
    yield PossibleLink.objects.get()
    services.forget_indexes()
    engine.invalidate()


def _login(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    browser_login(page, live_server.url, username, DEMO_PASSWORD)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_possible_link_pages_have_no_accessibility_violations(live_server, page, link, language):
    _login(page, live_server, "zorg")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for path in ("/koppelingen/", "/koppelingen/?alle=1", f"/koppelingen/{link.pk}/"):
        page.goto(live_server.url + path)
        assert_accessible(page)
    # The form with its error message shown.
    click_and_wait(page.get_by_role("button", name="Antwoord vastleggen" if language == "nl" else "Record the answer"))
    assert_accessible(page)


def test_both_sides_answer_in_the_browser_and_never_see_who_it_is(live_server, page, link):
    _login(page, live_server, "zorg")
    page.goto(live_server.url + "/koppelingen/")
    page.get_by_role("link", name="Mogelijke koppeling met signaal").first.click()
    page.get_by_label("Bevestigen: het is waarschijnlijk dezelfde persoon").check()
    page.get_by_label("Reden").fill("Herkenbaar verhaal, zelfde soort werk.")
    page.get_by_role("button", name="Antwoord vastleggen").click()
    page.get_by_text("Uw antwoord is vastgelegd.").wait_for()
    for needle in IDENTIFYING_STRINGS:
        assert needle.lower() not in page.content().lower()

    _login(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/koppelingen/{link.pk}/")
    html = page.content()
    assert "Herkenbaar verhaal" not in html
    for needle in IDENTIFYING_STRINGS:
        assert needle.lower() not in html.lower()
    page.get_by_label("Afwijzen: niet dezelfde persoon").check()
    page.get_by_label("Reden").fill("Andere situatie.")
    page.get_by_role("button", name="Antwoord vastleggen").click()
    page.get_by_text("Uw antwoord is vastgelegd.").wait_for()
    assert_accessible(page)
    link.refresh_from_db()
    assert SideStatus.REJECTED in (link.status_a, link.status_b)
