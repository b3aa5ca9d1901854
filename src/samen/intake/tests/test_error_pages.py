"""The error pages a visitor of the public form can meet speak the visitor's language.

They are rendered by samen.web.views and intake/_too_many.html, but their strings for the public
languages live in the intake catalogues. A string missing there falls back to Dutch (the
LANGUAGE_CODE), so a Polish visitor would read a Polish header above a Dutch message.
"""

from __future__ import annotations

from collections.abc import Callable
from html import unescape

import pytest
from django.http import HttpResponse
from django.test import Client
from django.utils import translation

from samen.intake.tests.factories import public_form_data

pytestmark = pytest.mark.django_db

PUBLIC_LANGUAGES = ["pl", "ro", "bg", "uk", "ar"]
RIGHT_TO_LEFT = {"ar"}

# Every text of the error pages (samen/web/views.py, errors/error.html, intake/_too_many.html).
ERROR_TEXTS = [
    "Something is wrong with this request",
    "Go back and try again.",
    "No access",
    "You are not allowed to do this.",
    ("error page", "Page not found"),
    "This page does not exist (anymore). Check the address or start again at the home page.",
    "Something went wrong on our side",
    "If you were sending a form, it may not have arrived. Go back and send it again in a moment.",
    "The form has expired",
    "For your safety a form is valid for a limited time. Go back, reload the page and submit it again.",
    "To the home page",
    "Please wait before you try again",
    "What you typed is still here.",
]
BY_PHONE = (
    "Cannot wait? You can also report by phone: to the police on "
    '<a class="utrecht-link" href="tel:09008844" dir="ltr">0900 8844</a>, or without giving your name to '
    '%(organisation)s on <a class="utrecht-link" href="tel:08007000" dir="ltr">0800 7000</a>.'
)
RATE_LIMITED = (
    "Many forms were sent from your connection. Try again in %(minutes)s minute.",
    "Many forms were sent from your connection. Try again in %(minutes)s minutes.",
)


def _source(text: str | tuple[str, str]) -> str:
    return text[1] if isinstance(text, tuple) else text


def _gettext(text: str | tuple[str, str]) -> str:
    """A text of the list, with its context where it has one."""
    return translation.pgettext(*text) if isinstance(text, tuple) else translation.gettext(text)


def _dutch() -> list[str]:
    with translation.override("nl"):
        texts = [_gettext(text) for text in ERROR_TEXTS]
        assert not set(texts) & {_source(text) for text in ERROR_TEXTS}, "a text above is no longer in the source"
        # The sentence around the number, which the page fills in.
        texts += [part.strip() for n in (1, 2) for part in translation.ngettext(*RATE_LIMITED, n).split("%(minutes)s")]
        assert translation.gettext(BY_PHONE) != BY_PHONE, "the text above is no longer in the source"
        texts += [part.strip() for part in translation.gettext(BY_PHONE).split("%(organisation)s")]
    return texts


def _visitor(language: str, **options) -> Client:
    visitor = Client(**options)
    visitor.cookies["django_language"] = language
    return visitor


def _bad_request(language: str, settings, monkeypatch) -> tuple[HttpResponse, str]:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # Django's 2.5 MB, made cheap
    return _visitor(language).post("/melden/", {"what": "x" * 2000}), "Something is wrong with this request"


def _expired_form(language: str, settings, monkeypatch) -> tuple[HttpResponse, str]:
    # As a browser: a form without its token. The report and status forms come back as typed
    # instead (test_public_form.py, test_status.py); the receipt's language buttons do not.
    visitor = _visitor(language, enforce_csrf_checks=True)
    return visitor.post("/melden/ontvangen/", {"code": "MH-2222-2222", "switch_language": "en"}), "The form has expired"


def _not_found(language: str, settings, monkeypatch) -> tuple[HttpResponse, str]:
    return _visitor(language).get("/melden/nope/"), ("error page", "Page not found")


def _rate_limited(language: str, settings, monkeypatch) -> tuple[HttpResponse, str]:
    settings.INTAKE_PUBLIC_RATE_LIMIT = 0
    return _visitor(language).post("/melden/", public_form_data()), "Please wait before you try again"


def _server_error(language: str, settings, monkeypatch) -> tuple[HttpResponse, str]:
    def broken(*args, **kwargs):
        raise RuntimeError("the cache is down")

    monkeypatch.setattr("samen.intake.ratelimit.hit", broken)
    visitor = _visitor(language, raise_request_exception=False)
    return visitor.post("/melden/", public_form_data()), "Something went wrong on our side"


PAGES: dict[int, Callable[..., tuple[HttpResponse, str | tuple[str, str]]]] = {
    400: _bad_request,
    403: _expired_form,
    404: _not_found,
    429: _rate_limited,
    500: _server_error,
}


@pytest.mark.parametrize("status", PAGES)
@pytest.mark.parametrize("language", PUBLIC_LANGUAGES)
def test_an_error_page_on_the_public_form_is_in_the_visitors_language_not_dutch(
    settings, monkeypatch, language, status
):
    response, title = PAGES[status](language, settings, monkeypatch)
    html = unescape(response.content.decode())
    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    assert response.status_code == status
    assert f'<html lang="{language}" dir="{direction}"' in html
    assert [text for text in _dutch() if text in html] == []
    with translation.override(language):
        assert _gettext(title) != _source(title) and _gettext(title) in html


@pytest.mark.parametrize("language", ["nl", "en", *PUBLIC_LANGUAGES])
def test_the_dutch_name_of_the_anonymous_phone_line_is_marked_as_dutch_in_every_language(settings, language):
    """A screen reader reads "Meld Misdaad Anoniem" with a Dutch voice, not a Polish or Arabic one."""
    settings.INTAKE_PUBLIC_RATE_LIMIT = 0
    html = _visitor(language).post("/melden/", public_form_data()).content.decode()
    assert '<span lang="nl">Meld Misdaad Anoniem</span>' in html
    with translation.override(language):
        by_phone = translation.gettext(BY_PHONE)
    assert by_phone % {"organisation": '<span lang="nl">Meld Misdaad Anoniem</span>'} in html


@pytest.mark.parametrize("path", ["/oud-adres/", "/partners/nope/"])
def test_a_page_that_does_not_exist_anywhere_is_in_the_reporters_language(path):
    """A reporter who follows a broken link got the Dutch of a professional page."""
    html = unescape(_visitor("uk").get(path).content.decode())
    assert '<html lang="uk"' in html and "Сторінку не знайдено" in html
    assert "Pagina niet gevonden" not in html


def test_a_reporter_on_a_missing_page_gets_the_reporters_header_not_the_partners_menu():
    html = _visitor("pl").get("/melden/xyz/").content.decode()
    assert "samen-nav" not in html and "samen-quick-exit" in html
    assert 'value="ar" lang="ar" dir="rtl"' in html and 'value="uk"' in html  # every public language


def test_a_signed_in_professional_gets_a_missing_page_in_dutch_or_english(client):
    from samen.testing.factories import UserFactory

    client.force_login(UserFactory())
    client.cookies["django_language"] = "uk"
    assert '<html lang="nl"' in client.get("/oud-adres/").content.decode()


def test_a_reporters_missing_page_leads_back_to_the_form_not_the_partners_home_page():
    """Its link went to the Dutch home page of the partners (found by exploratory testing)."""
    html = _visitor("ar").get("/melden/bestaatniet/").content.decode()
    assert '<a class="utrecht-link" href="/melden/">' in html and 'href="/">' not in html
