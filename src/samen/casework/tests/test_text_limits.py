"""The work pages' length limits are told, not enforced by the browser: a text one character too long
comes back whole, with how much too long it is, on the page it was typed on; one at the limit is stored.

The forms on the signal page post to small handlers; a refused one shows the signal page again with
the form in its place, as a refused message to the reporter does (`test_reporter_message`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from samen.casework import services
from samen.casework.models import Case, SignalTrack, TrackAction, TrackEvent, TrackNote
from samen.casework.tests.conftest import user
from samen.intake.models import Signal
from samen.routing.models import Track
from samen.testing.auth import login
from samen.testing.texts import TOO_LONG_BY_ONE, text_of

pytestmark = pytest.mark.django_db


def _victim(signal: Signal) -> SignalTrack:
    return SignalTrack.objects.get(signal=signal, kind=Track.VICTIM)


@dataclass(frozen=True)
class OnSignalPage:
    """A form of the signal page: where it posts, what it posts, its limit and what it stored."""

    url: Callable[[Signal, SignalTrack], str]
    data: Callable[[SignalTrack, str], dict[str, str]]
    limit: int
    stored: Callable[[SignalTrack], list[str]]


SIGNAL_PAGE_FORMS = {
    "an action": OnSignalPage(
        url=lambda signal, track: reverse("casework:action_add", args=[signal.pk, track.pk]),
        data=lambda track, text: {f"a{track.pk}-description": text},
        limit=300,
        stored=lambda track: list(TrackAction.objects.filter(track=track).values_list("description", flat=True)),
    ),
    "why a joint decision is needed": OnSignalPage(
        url=lambda signal, track: reverse("casework:flag", args=[signal.pk, track.pk]),
        data=lambda track, text: {f"f{track.pk}-flag": "on", f"f{track.pk}-reason": text},
        limit=500,
        stored=lambda track: list(track.events.filter(kind=TrackEvent.Kind.FLAGGED).values_list("reason", flat=True)),
    ),
    # Without a limit until review found it: a note goes on the timeline every owner reads.
    "a note": OnSignalPage(
        url=lambda signal, track: reverse("casework:note_add", args=[signal.pk, track.pk]),
        data=lambda track, text: {f"n{track.pk}-text": text},
        limit=5000,
        stored=lambda track: list(TrackNote.objects.filter(track=track).values_list("text", flat=True)),
    ),
    "the title of a new case": OnSignalPage(
        url=lambda signal, track: reverse("casework:case_membership", args=[signal.pk]),
        data=lambda track, text: {"title": text},
        limit=200,
        stored=lambda track: list(Case.objects.values_list("title", flat=True)),
    ),
}


@pytest.mark.parametrize("form", SIGNAL_PAGE_FORMS.values(), ids=SIGNAL_PAGE_FORMS.keys())
def test_a_text_one_character_too_long_comes_back_whole_on_the_signal_page(client, signal, form):
    victim = _victim(signal)
    login(client, user("coordinator"))
    text = text_of(form.limit + 1)
    response = client.post(form.url(signal, victim), form.data(victim, text))
    assert response.status_code == 200
    assert response.templates[0].name == "casework/signal.html"
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page
    assert text in page
    assert 'aria-invalid="true"' in page
    assert "Kies een casus of geef een titel voor een nieuwe." not in page  # a title was given
    # The field to shorten is focused, and so scrolled into view: the forms sit far down the page.
    [name] = [key for key, value in form.data(victim, text).items() if value == text]
    assert re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*autofocus', page)
    assert page.count("autofocus") == 1
    assert form.stored(victim) == []


@pytest.mark.parametrize("form", SIGNAL_PAGE_FORMS.values(), ids=SIGNAL_PAGE_FORMS.keys())
def test_a_text_at_the_limit_is_stored(client, signal, form):
    victim = _victim(signal)
    login(client, user("coordinator"))
    text = text_of(form.limit)
    response = client.post(form.url(signal, victim), form.data(victim, text))
    assert response.status_code == 302
    assert form.stored(victim) == [text]


def test_a_case_needs_a_case_or_a_title_and_says_so_at_the_form(client, signal):
    services.case_create(title="Nagelsalons", actor=user("coordinator"))  # one to choose
    login(client, user("coordinator"))
    response = client.post(reverse("casework:case_membership", args=[signal.pk]), {"title": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies een casus of geef een titel voor een nieuwe." in page
    assert re.search(r"<details open><summary>Aan een casus toevoegen</summary>", page)
    assert not Case.objects.filter(memberships__signal=signal).exists()


def test_the_signal_page_lets_no_browser_cut_a_text_short(client, signal):
    login(client, user("coordinator"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert 'name="text"' in page and f'name="a{_victim(signal).pk}-description"' in page  # the forms are there
    assert "maxlength" not in page


def test_a_case_title_one_character_too_long_comes_back_whole_and_one_at_the_limit_makes_the_case(client, signal):
    login(client, user("coordinator"))
    text = text_of(201)
    response = client.post(reverse("casework:cases"), {"title": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert not Case.objects.exists()
    response = client.post(reverse("casework:cases"), {"title": text_of(200)})
    assert response.status_code == 302
    assert Case.objects.get().title == text_of(200)


@pytest.mark.parametrize(("name", "limit"), [("place", 400), ("reason", 500)])
def test_a_change_of_the_signal_one_character_too_long_comes_back_whole(client, signal, name, limit):
    login(client, user("coordinator"))
    url = reverse("casework:signal_change", args=[signal.pk])
    data = {"municipality": "Rotterdam", "place": "Nagelsalon", "reason": ""}  # a change, so a reason is kept
    text = text_of(limit + 1)
    response = client.post(url, {**data, name: text})
    assert response.status_code == 200
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert Signal.objects.get(pk=signal.pk).place == ""
    response = client.post(url, {**data, name: text_of(limit)})
    assert response.status_code == 302
    if name == "place":
        assert Signal.objects.get(pk=signal.pk).place == text_of(limit)
    else:
        assert text_of(limit) in _victim(signal).events.get(kind=TrackEvent.Kind.NOTE).reason


def test_an_empty_note_is_refused_with_a_message_at_its_field_not_dropped_without_a_word(client, signal):
    victim = _victim(signal)
    login(client, user("coordinator"))
    response = client.post(reverse("casework:note_add", args=[signal.pk, victim.pk]), {f"n{victim.pk}-text": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Schrijf de notitie voordat u haar toevoegt." in page
    assert "De notitie is niet toegevoegd; zie het spoor hieronder." in page
    assert re.search(r"<details open><summary>Notitie toevoegen</summary>", page)
    assert not victim.events.filter(kind=TrackEvent.Kind.NOTE).exists()


def test_the_language_switch_on_a_refused_page_leads_back_to_the_signal_page_not_to_the_form_s_address(client, signal):
    victim = _victim(signal)
    login(client, user("coordinator"))
    page_url = reverse("casework:signal", args=[signal.pk])
    form_url = reverse("casework:action_add", args=[signal.pk, victim.pk])
    refused = client.post(
        form_url, {f"a{victim.pk}-description": text_of(301)}, HTTP_REFERER=f"http://testserver{page_url}"
    )
    html = refused.content.decode()
    assert f'name="next" value="{page_url}"' in html
    assert f"inloggen/?next={page_url}" in html  # "log in again" when the session ends
    # The signal page names itself, whatever the referrer (another site's, or none).
    elsewhere = client.post(
        form_url, {f"a{victim.pk}-description": text_of(301)}, HTTP_REFERER="https://evil.example/x"
    )
    assert f'name="next" value="{page_url}"' in elsewhere.content.decode()
    assert f'name="next" value="{page_url}"' in client.get(page_url).content.decode()
    # A second refusal is sent from the first one's page, whose address is the form's own: still the signal page.
    again = client.post(
        form_url, {f"a{victim.pk}-description": text_of(301)}, HTTP_REFERER=f"http://testserver{form_url}"
    )
    assert f'name="next" value="{page_url}"' in again.content.decode()
