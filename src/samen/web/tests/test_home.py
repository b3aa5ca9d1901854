"""The home page: the way to report comes first."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "button"), [("nl", "Nu melden"), ("en", "Report now")])
def test_the_home_page_leads_to_the_report_form_before_anything_else(client, language, button):
    client.cookies["django_language"] = language
    html = client.get("/").content.decode()
    link = f'href="/melden/">{button}</a>'
    assert link in html
    assert html.index(link) < html.index('id="home-partners"')
    assert 'href="tel:112"' in html
