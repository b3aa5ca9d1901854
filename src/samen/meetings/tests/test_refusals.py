"""The signal table's forms are checked by the server, not the browser: a form sent empty comes back
with each field's own message at that field, in the page's language, and the first of them focused,
whether htmx swapped the agenda item in or the whole page came back.

A browser's own check would answer first, in the browser's language, in a popup a screen reader may
not read; the forms say `novalidate` so the server's message is the one shown. A form's address
opened as a page leads back to the meeting."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from samen.casework.models import TrackAction
from samen.meetings.models import Meeting, TableDecision
from samen.testing.auth import login
from samen.testing.html import field_tag, forms_a_person_fills_in

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(meeting, suffix: str = "") -> str:
    return f"/tafel/{meeting.table.slug}/overleg/{meeting.pk}/{suffix}"


def _error(page: str, field_id: str) -> str:
    """The message shown at the field with this id."""
    return re.search(rf'<div [^>]*id="{field_id}-error">([^<]*)</div>', page).group(1)


def _options(page: str, name: str) -> list[str]:
    choice = re.search(rf'<select name="{name}".*?</select>', page, re.S).group()
    return re.findall(r"<option[^>]*>([^<]*)</option>", choice)


def test_every_form_a_person_fills_in_on_the_meeting_and_table_pages_leaves_the_check_to_the_server(
    client, agenda, chair
):
    meeting, *_ = agenda
    login(client, chair)
    meeting_forms = forms_a_person_fills_in(client.get(_url(meeting)).content.decode())
    table_forms = forms_a_person_fills_in(client.get(f"/tafel/{meeting.table.slug}/").content.decode())
    # A decision and an action on the one item, who attended; planning a meeting.
    assert (len(meeting_forms), len(table_forms)) == (3, 1)
    assert [tag for tag in meeting_forms + table_forms if " novalidate" not in tag] == []


def test_an_empty_decision_is_asked_for_at_its_field_which_alone_is_focused_with_or_without_htmx(client, agenda, chair):
    meeting, item, *_ = agenda
    login(client, chair)
    for htmx in ({}, HTMX):
        response = client.post(_url(meeting, f"punt/{item.pk}/besluit/"), {f"decision-{item.pk}-text": ""}, **htmx)
        assert response.status_code == 200
        page = response.content.decode()
        assert _error(page, f"id_decision-{item.pk}-text") == "Schrijf op wat de tafel besloot."
        field = field_tag(page, f"decision-{item.pk}-text")
        assert "autofocus" in field and 'aria-required="true"' in field
        assert page.count("autofocus") == 1
        # Sent again from the answer, the form still leaves the check to the server.
        assert all(" novalidate" in tag for tag in forms_a_person_fills_in(page))
    assert not TableDecision.objects.exists()


def test_an_empty_action_is_asked_for_each_field_in_its_own_words_and_the_description_focused(client, agenda, chair):
    meeting, item, *_ = agenda
    login(client, chair)
    empty = {f"action-{item.pk}-{name}": "" for name in ("description", "track", "organisation", "owner", "due_on")}
    for htmx in ({}, HTMX):
        response = client.post(_url(meeting, f"punt/{item.pk}/actie/"), empty, **htmx)
        assert response.status_code == 200
        page = response.content.decode()
        said = {name: _error(page, f"id_action-{item.pk}-{name}") for name in ("description", "track", "organisation")}
        assert said == {
            "description": "Beschrijf de actie.",
            "track": "Kies het spoor waar deze actie bij hoort.",
            "organisation": "Kies de organisatie die de actie uitvoert.",
        }
        assert _error(page, f"id_action-{item.pk}-due_on") == "Geef de datum waarop de actie uiterlijk klaar is."
        assert "Dit veld is verplicht." not in page
        assert "autofocus" in field_tag(page, f"action-{item.pk}-description")
        assert page.count("autofocus") == 1
        assert all(" novalidate" in tag for tag in forms_a_person_fills_in(page))
    assert not TrackAction.objects.exists()


def test_the_organisation_carrying_out_an_action_starts_on_choose_one_and_is_asked_for_at_its_field(
    client, agenda, chair
):
    meeting, item, victim, _perpetrator = agenda
    login(client, chair)
    name = f"action-{item.pk}-organisation"
    options = _options(client.get(_url(meeting)).content.decode(), name)
    assert options[0] == "Kies een organisatie" and "---------" not in options
    assert (
        _options(client.get(_url(meeting)).content.decode(), f"action-{item.pk}-owner")[0] == "Niemand in het bijzonder"
    )
    response = client.post(
        _url(meeting, f"punt/{item.pk}/actie/"),
        {
            f"action-{item.pk}-description": "Opvangplek zoeken",
            f"action-{item.pk}-track": victim.pk,
            name: "",
            f"action-{item.pk}-due_on": timezone.localdate().isoformat(),
        },
        **HTMX,
    )
    page = response.content.decode()
    assert _error(page, f"id_{name}") == "Kies de organisatie die de actie uitvoert."
    assert "autofocus" in field_tag(page, name) and page.count("autofocus") == 1
    assert 'value="Opvangplek zoeken"' in field_tag(page, f"action-{item.pk}-description")  # what was typed stays
    assert not TrackAction.objects.exists()

    client.cookies["django_language"] = "en"
    assert _options(client.get(_url(meeting)).content.decode(), name)[0] == "Choose an organisation"
    page = client.post(_url(meeting, f"punt/{item.pk}/actie/"), {name: ""}, **HTMX).content.decode()
    assert _error(page, f"id_{name}") == "Choose the organisation that carries out the action."


def test_an_action_due_in_the_past_is_refused_at_its_date_and_the_rest_kept(client, agenda, chair):
    """The minutes showed an action agreed today "due 1 January 2020" (found by exploratory testing)."""
    meeting, item, victim, _perpetrator = agenda
    login(client, chair)
    data = {
        f"action-{item.pk}-description": "Opvangplek zoeken",
        f"action-{item.pk}-track": victim.pk,
        f"action-{item.pk}-organisation": victim.owner_id,
        f"action-{item.pk}-due_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
    }
    page = client.post(_url(meeting, f"punt/{item.pk}/actie/"), data, **HTMX).content.decode()
    assert (
        _error(page, f"id_action-{item.pk}-due_on") == "De datum waarop de actie klaar moet zijn, ligt in het verleden."
    )
    assert 'value="Opvangplek zoeken"' in field_tag(page, f"action-{item.pk}-description")
    assert not TrackAction.objects.exists()


def test_a_meeting_planned_without_a_date_or_place_is_asked_for_both_and_the_date_focused(client, table, chair):
    login(client, chair)
    response = client.post(f"/tafel/{table.slug}/", {"starts_at": "", "place": " "})
    assert response.status_code == 200
    page = response.content.decode()
    assert _error(page, "id_starts_at") == "Geef de datum en tijd van het overleg."
    assert _error(page, "id_place") == "Geef een adres, of &quot;online&quot;."
    assert "<details open>" in page
    assert "autofocus" in field_tag(page, "starts_at") and page.count("autofocus") == 1
    [form] = forms_a_person_fills_in(page)
    assert " novalidate" in form
    assert not Meeting.objects.filter(table=table).exists()


@pytest.mark.parametrize(
    "suffix", ["punt/{item}/besluit/", "punt/{item}/actie/", "agenda/", "gehouden/", "vaststellen/"]
)
def test_a_meeting_form_s_address_opened_as_a_page_leads_back_to_the_meeting(client, agenda, chair, suffix):
    meeting, item, *_ = agenda
    login(client, chair)  # a table member, not a case worker: without the way back, led to the home page
    response = client.get(_url(meeting, suffix.format(item=item.pk)))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    html = response.content.decode()
    assert "Deze pagina hoort bij een formulier" in html
    main = html[html.index("<h1") :]
    assert f'<a class="utrecht-link" href="{_url(meeting)}">Naar het overleg</a>' in main
