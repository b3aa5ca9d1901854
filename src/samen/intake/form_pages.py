"""What the intake pages have in common: a form that comes back as typed, in the language asked for,
when its send was refused, switched or held back by the rate limit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils import translation

from samen.accounts import languages as account_languages
from samen.intake import ratelimit
from samen.web import languages


def language_switch(request: HttpRequest, offered: frozenset[str]) -> str | None:
    """The language asked for when a form's language button sent the form (`switch_language`).

    On the report and status forms the language buttons send the form itself, so that what
    was typed comes back in the other language instead of being lost on a page reload.
    """
    code = request.POST.get("switch_language", "")
    return code if code in offered and translation.check_for_language(code) else None


def as_typed(*bound: forms.BaseForm) -> None:
    """Show what was sent in these forms again, unchecked: their data become their initial values.

    Used when the reporter only switched language: nothing was submitted yet, so no field may
    show an error and every value, including the idempotency key, must survive.
    """
    for form in bound:
        form.initial = {
            name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
            for name, field in form.fields.items()
        }
        form.is_bound, form.data = False, {}
        # A form checked already (a send the database refused) holds bound fields that read the
        # old initial values; Django builds them again from the new ones.
        form._bound_fields_cache = {}


def shows_its_messages(request: HttpRequest) -> bool:
    """Whether the form sent back had come with messages (its `checked` field): switching language
    then shows them again in the new one, as the reporter switched to read them."""
    return request.POST.get("checked") == "1"


def switched(request: HttpRequest, code: str, template: str, context: dict[str, Any]) -> HttpResponse:
    """The form page in language `code`, which is also remembered as Django's `set_language` does."""
    translation.activate(code)
    request.LANGUAGE_CODE = code
    # A logged-in professional's switch is kept on their account too (Dutch or English only).
    account_languages.remember_choice(request, code)
    return languages.set_cookie(render(request, template, context), code)


def redirect_in_language(request: HttpRequest, to: str, code: str | None) -> HttpResponse:
    """A redirect to `to`, the page to show after a POST (Post/Redirect/Get), in language `code`
    when the POST was a language switch."""
    response = redirect(to)
    if code is None:
        return response
    account_languages.remember_choice(request, code)
    return languages.set_cookie(response, code)


def too_many(
    request: HttpRequest, retry_after: int, template: str, context: dict[str, Any], *bound: forms.BaseForm
) -> HttpResponse:
    """The form again, as it was typed, with the rate limit's message: waiting must not cost the text."""
    as_typed(*bound)
    context = {**context, "too_many_minutes": max(1, retry_after // 60)}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def still_waiting(request: HttpRequest, scope: str, limit: int) -> dict[str, int]:
    """The rate limit's notice for a form only shown again in another language, when it still holds."""
    retry_after = ratelimit.waiting(request, scope, limit)
    return {} if retry_after is None else {"too_many_minutes": max(1, retry_after // 60)}


def csrf_refusal(request: HttpRequest) -> HttpResponse | None:
    """Django's answer when its CSRF check refuses this request (`CSRF_FAILURE_VIEW`), else None."""
    return CsrfViewMiddleware(lambda _request: HttpResponse()).process_view(request, None, (), {})


def csrf_refused(request: HttpRequest) -> bool:
    """Whether Django's CSRF check refuses this request, for a view that answers a refusal itself."""
    return csrf_refusal(request) is not None


def expired(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The form again as it was typed (`as_typed`), not sent, when the CSRF check refused it.

    That happens when the page was open while someone logged in or out in another tab of the
    browser, or when cookies are off. Django's refusal page would lose every word typed; this
    stores nothing either, and the next send carries a fresh token (and the same idempotency key).
    """
    return render(request, template, {**context, "expired": True}, status=403)
