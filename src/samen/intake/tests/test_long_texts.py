"""A text longer than its field's limit is never cut short: the forms render no `maxlength`, the
server refuses it saying how much too long it is, in the reporter's language, and the form comes
back with everything typed, the long text whole, to be shortened."""

from __future__ import annotations

import re

import pytest

from samen.accounts.models import Role
from samen.intake.models import PersonIdentity, Signal
from samen.intake.tests.factories import long_story, public_form_data
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _account(characters: int) -> str:
    """A story of `characters` characters as a textarea counts them, sent as a browser sends it (CRLF)."""
    return long_story(characters).replace("\n", "\r\n")


def _summary(html: str) -> str:
    start = html.index('role="alert"')
    return html[start : html.index("</div></div>", start)]


TOO_LONG = {
    "nl": (
        "Wat heeft u gezien of gehoord? Deze tekst is 4.400 tekens te lang. Maak hem korter. "
        "U kunt maximaal 10.000 tekens schrijven.",
        "Deze tekst is 1 teken te lang. Maak hem korter. U kunt maximaal 5.000 tekens schrijven.",
        "Deze tekst is 50 tekens te lang. Maak hem korter. U kunt maximaal 300 tekens schrijven.",
    ),
    "pl": (
        "Co widzisz albo wiesz? Ten tekst jest za długi o 4\xa0400 znaków. Skróć go. "
        "Możesz napisać najwyżej 10\xa0000 znaków.",
        "Ten tekst jest za długi o 1 znak. Skróć go. Możesz napisać najwyżej 5\xa0000 znaków.",
        "Ten tekst jest za długi o 50 znaków. Skróć go. Możesz napisać najwyżej 300 znaków.",
    ),
}


@pytest.mark.parametrize("language", ["nl", "pl"])
def test_a_text_too_long_is_refused_with_how_much_too_long_and_everything_typed_comes_back(client, language):
    what, description, place = _account(14_400), _account(5_001), "Loods achter het tuincentrum. " * 10 + "x" * 50
    client.cookies["django_language"] = language
    data = public_form_data(what=what, place=place, **{"victim-description": description})
    response = client.post("/melden/", data)
    assert response.status_code == 200 and not Signal.objects.exists()
    html = response.content.decode()
    summary = _summary(html)
    whole_message, person_message, place_message = TOO_LONG[language]
    assert whole_message in summary and person_message in summary and place_message in summary
    assert f'id="id_what-error">{whole_message.split("? ")[1]}</div>' in html  # at the field too
    # Everything typed is there, the long texts whole, to be shortened.
    assert f">\n{what}</textarea>" in html and f">\n{description}</textarea>" in html
    assert f'value="{place}"' in html and 'value="Zaanstad"' in html and 'value="Roemeens"' in html


def test_a_text_exactly_at_its_limit_is_stored_whole(client):
    what = _account(10_000)
    assert client.post("/melden/", public_form_data(what=what)).status_code == 302
    assert len(Signal.objects.get().what) == 10_000


def test_the_public_form_cuts_no_text_short_and_says_each_textarea_s_limit(client):
    client.cookies["django_language"] = "nl"
    html = client.get("/melden/").content.decode()
    assert "maxlength" not in html
    assert re.search(r'<textarea name="what"[^>]*aria-describedby="id_what-help id_what-count"', html)
    assert re.search(r'<textarea name="what"[^>]*data-character-count="', html)
    assert 'id="id_what-count">U kunt maximaal 10.000 tekens schrijven.</div>' in html
    assert 'id="id_victim-description-count">U kunt maximaal 5.000 tekens schrijven.</div>' in html


def test_after_a_refused_send_the_message_follows_a_language_switch(client):
    """The form is checked in Dutch, before the page switches to Arabic (`form_pages.switched`)."""
    client.cookies["django_language"] = "nl"
    switched = client.post("/melden/", public_form_data(what=_account(10_011), checked="1", switch_language="ar"))
    assert "هذا النص أطول من المسموح بـ 11 حرفًا. اختصره. يمكنك كتابة 10000 حرف على الأكثر." in switched.content.decode()


def test_the_professional_form_cuts_no_text_short_and_refuses_a_long_one_with_its_message(client):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    client.cookies["django_language"] = "nl"
    assert "maxlength" not in client.get("/melden/professioneel/").content.decode()
    health, address = _account(2_500), " ".join(["Achter de loods aan de Dijkweg, in de tweede caravan links."] * 6)
    data = public_form_data(
        what=_account(12_000), **{"victim-name": "Oksana Kovalenko", "victim-health": health, "victim-address": address}
    )
    html = client.post("/melden/professioneel/", data).content.decode()
    assert not Signal.objects.exists() and not PersonIdentity.objects.exists()
    summary = _summary(html)
    assert "Wat is er opgemerkt? Deze tekst is 2.000 tekens te lang." in summary
    assert "Mogelijk slachtoffer: Gezondheid en zorgbehoefte: Deze tekst is 500 tekens te lang." in summary
    assert "Mogelijk slachtoffer: Adres: Deze tekst is 59 tekens te lang." in summary
    assert f">\n{health}</textarea>" in html and f'value="{address}"' in html
    assert 'value="Oksana Kovalenko"' in html
