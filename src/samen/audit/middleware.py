"""Fail closed: a request whose audit entry cannot be written answers 503 and discloses nothing."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from samen.audit.codes import AuditUnavailable

RETRY_AFTER_SECONDS = 30


def unavailable_response(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"error": "The audit log is unavailable; try again later."}, status=503)
    else:
        try:
            body = render_to_string("audit/unavailable.html", request=request)
        except Exception:  # the database may be what is down; the 503 must still go out
            body = _("The service is temporarily unavailable. Please try again later.")
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class AuditFailClosedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, AuditUnavailable):
            return unavailable_response(request)
        return None
