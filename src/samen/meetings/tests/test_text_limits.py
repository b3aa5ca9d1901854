"""The table's length limits are told, not enforced by the browser: a decision, an action or a meeting
place one character too long comes back whole, with how much too long it is, on the page it was
typed on (the meeting page, or the item alone for htmx); one at the limit is stored."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from samen.casework.models import TrackAction
from samen.meetings.models import TableDecision
from samen.meetings.tests.conftest import user
from samen.testing.auth import login
from samen.testing.texts import TOO_LONG_BY_ONE, text_of

pytestmark = pytest.mark.django_db


def _url(meeting, suffix: str = "") -> str:
    return f"/tafel/{meeting.table.slug}/overleg/{meeting.pk}/{suffix}"


def _decision(item, text: str) -> dict[str, str]:
    return {f"decision-{item.pk}-text": text, f"decision-{item.pk}-settled": "on"}


def _action(item, victim, text: str) -> dict[str, str]:
    owner = user("coordinator")
    return {
        f"action-{item.pk}-description": text,
        f"action-{item.pk}-track": str(victim.pk),
        f"action-{item.pk}-organisation": str(owner.organisation_id),
        f"action-{item.pk}-due_on": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
    }


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_decision_one_character_too_long_comes_back_whole(client, agenda, chair, htmx):
    meeting, item, *_ = agenda
    login(client, chair)
    text = text_of(2001)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(_url(meeting, f"punt/{item.pk}/besluit/"), _decision(item, text), headers=headers)
    assert response.status_code == 200
    assert response.templates[0].name == ("meetings/_item.html" if htmx else "meetings/meeting.html")
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert not TableDecision.objects.exists()


def test_a_decision_at_the_limit_is_recorded(client, agenda, chair):
    meeting, item, *_ = agenda
    login(client, chair)
    response = client.post(_url(meeting, f"punt/{item.pk}/besluit/"), _decision(item, text_of(2000)))
    assert response.status_code == 302
    assert TableDecision.objects.get().text == text_of(2000)


def test_an_action_one_character_too_long_comes_back_whole_on_the_meeting_page(client, agenda, chair):
    meeting, item, victim, _perpetrator = agenda
    login(client, chair)
    text = text_of(301)
    response = client.post(_url(meeting, f"punt/{item.pk}/actie/"), _action(item, victim, text))
    assert response.status_code == 200
    assert response.templates[0].name == "meetings/meeting.html"
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert not TrackAction.objects.exists()


def test_an_action_at_the_limit_is_recorded(client, agenda, chair):
    meeting, item, victim, _perpetrator = agenda
    login(client, chair)
    response = client.post(_url(meeting, f"punt/{item.pk}/actie/"), _action(item, victim, text_of(300)))
    assert response.status_code == 302
    assert TrackAction.objects.get(track=victim).description == text_of(300)


def test_a_meeting_place_one_character_too_long_comes_back_whole_and_one_at_the_limit_is_kept(client, table, chair):
    login(client, chair)
    starts_at = (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT14:00")
    text = text_of(201)
    response = client.post(f"/tafel/{table.slug}/", {"starts_at": starts_at, "place": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert not table.meetings.exists()
    response = client.post(f"/tafel/{table.slug}/", {"starts_at": starts_at, "place": text_of(200)})
    assert response.status_code == 302
    assert table.meetings.get().place == text_of(200)


def test_the_meeting_page_lets_no_browser_cut_a_text_short(client, agenda, chair):
    meeting, item, *_ = agenda
    login(client, chair)
    page = client.get(_url(meeting)).content.decode()
    assert f'name="decision-{item.pk}-text"' in page and f'name="action-{item.pk}-description"' in page
    assert "maxlength" not in page
