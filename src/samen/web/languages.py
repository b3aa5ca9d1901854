"""Which languages a page speaks: the public intake pages all seven, everything else Dutch and English.

Reporters use the public pages in their own language; the professional pages and the API are
translated into Dutch and English only. Without this rule a reporter's language choice (the
cookie) or a client's Accept-Language followed them onto a professional page or into an API
answer, which then mixed the few strings the public catalogues hold with Dutch for the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

PUBLIC = frozenset(code for code, _name in settings.LANGUAGES)
PROFESSIONAL = frozenset({"nl", "en"})
# The reporter's pages, and any page under them (an error page for /melden/... included).
_PUBLIC_PATHS = ("/melden/", "/status/")
_PROFESSIONAL_PATHS = ("/melden/professioneel/",)


def offered(path: str) -> frozenset[str]:
    """The languages of the page at `path`."""
    if path.startswith(_PUBLIC_PATHS) and not path.startswith(_PROFESSIONAL_PATHS):
        return PUBLIC
    return PROFESSIONAL


def professional_language(request: HttpRequest) -> str:
    """Dutch or English for a request whose language is not offered: the cookie, Accept-Language, then Dutch."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in PROFESSIONAL:
        return cookie
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        base = code.split("-")[0].lower()
        if base in PROFESSIONAL:
            return base
    return settings.LANGUAGE_CODE


def set_cookie(response: HttpResponse, code: str) -> HttpResponse:
    """Remember language `code` in this browser, as Django's `set_language` does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class PageLanguageMiddleware:
    """After Django's LocaleMiddleware: a page that does not offer the chosen language gets Dutch or English."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = translation.get_language()
        if language not in PROFESSIONAL and language not in offered(request.path_info):
            language = professional_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
