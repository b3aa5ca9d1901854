"""The home page, the health check and friendly error pages in the user's language.

Under /api/ an error is a JSON object like the API's own (`{"error": ..., "code": ...}`), not an HTML page:
a partner system reads the answer, not a person.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samen.intake.permissions import can_report_as_professional
from samen.web import languages


def home(request: HttpRequest) -> HttpResponse:
    # A professional's report goes to the form that records their organisation and the indicators.
    professional = can_report_as_professional(request.user)
    report_url = "intake:report_professional" if professional else "intake:report"
    return render(request, "web/home.html", {"report_url": report_url, "professional": professional})


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# The API's error codes (`intake.api_schema.ERROR_CODES`) of the answers Django gives outside its views.
_API_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 500: "server_error"}


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return JsonResponse({"error": title, "code": _API_CODES[status]}, status=status)
    return render(request, "errors/error.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 400, _("Something is wrong with this request"), _("Go back and try again."))


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    detail = str(exception) if exception and str(exception) else _("You are not allowed to do this.")
    return _error(request, 403, _("No access"), detail)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    # Anyone can follow a broken link, a reporter too: in the language they chose for the reporter's
    # pages, not the Dutch of a professional page (`languages.PageLanguageMiddleware`).
    chosen = translation.get_language_from_request(request)
    user = getattr(request, "user", None)
    if chosen not in languages.PUBLIC or (user is not None and user.is_authenticated):
        chosen = translation.get_language()
    with translation.override(chosen):
        request.LANGUAGE_CODE = chosen
        return _error(
            request,
            404,
            # With a context: Django's admin translates "Page not found" too, and its catalogue comes first.
            pgettext("error page", "Page not found"),
            _("This page does not exist (anymore). Check the address or start again at the home page."),
        )


def server_error(request: HttpRequest) -> HttpResponse:
    # No promise that nothing was lost: the page cannot know. Sending a report form again is
    # safe, its idempotency key stores it once.
    return _error(
        request,
        500,
        _("Something went wrong on our side"),
        _("If you were sending a form, it may not have arrived. Go back and send it again in a moment."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        _("The form has expired"),
        _("For your safety a form is valid for a limited time. Go back, reload the page and submit it again."),
    )
