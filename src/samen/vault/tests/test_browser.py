"""The audit log and the subject-access page in real Chromium, in Dutch and English, with 0 axe violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from samen.accounts.models import User
from samen.demo.accounts_data import DEMO_PASSWORD
from samen.intake.tests.factories import SignalFactory, SignalPersonFactory
from samen.testing.auth import browser_login
from samen.testing.axe import assert_accessible
from samen.vault.tests.factories import PersonIdentityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_privacy_officer_searches_the_audit_log_and_answers_an_access_request(live_server, page, demo_data, language):
    officer = User.objects.get(username="privacy")
    person = SignalPersonFactory(signal=SignalFactory(organisation=officer.organisation))
    PersonIdentityFactory(person=person, name="Elena Ionescu", bsn="111222333")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    browser_login(page, live_server.url, "privacy", DEMO_PASSWORD)

    page.goto(live_server.url + "/inzage/")
    assert_accessible(page)
    page.locator("input[name=bsn]").fill("1112 22 333")
    page.locator("form.utrecht-form button[type=submit]").first.click()
    expect(page.get_by_text("Elena Ionescu")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/audit/?action=export")
    expect(page.locator("table")).to_contain_text("subject_access")
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
    assert "Elena" not in page.content()


def test_the_503_page_when_the_audit_log_is_down_is_accessible(live_server, page, demo_data):
    from django.db import connection

    browser_login(page, live_server.url, "privacy", DEMO_PASSWORD)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_audithead RENAME TO audit_audithead_away")
    try:
        response = page.goto(live_server.url + "/audit/")
        assert response.status == 503
        assert_accessible(page)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_audithead_away RENAME TO audit_audithead")
