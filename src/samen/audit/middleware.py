"""Fail closed: a request whose audit entry cannot be written answers 503 and discloses nothing.

And the Django admin, which sits outside the access policy, leaves an entry for every request.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from samen.audit.codes import ADMINISTRATION, Action, AuditUnavailable, ObjectType

RETRY_AFTER_SECONDS = 30


def unavailable_response(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"error": "The audit log is unavailable; try again later.", "code": "unavailable"}, status=503
        )
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


_ADMIN_OBJECT = re.compile(r"[^a-z0-9_-]")


class AdminAuditMiddleware:
    """Every request a staff member makes to the Django admin is in the audit log, before it runs.

    The admin is for superusers and administrators maintaining reference data; it is not a way
    around the access policy, so it is logged like everything else: who, read or write, which
    admin page (app, model and id from the path; never the query string, which may hold a search).
    A request whose entry cannot be written is answered 503.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if request.path.startswith("/admin/") and getattr(user, "is_staff", False):
            from samen.audit.services import record

            # The admin page as a code: /admin/partners/organisation/12/change/ → partners-organisation-12-change
            page = _ADMIN_OBJECT.sub("", request.path.removeprefix("/admin/").lower().strip("/").replace("/", "-"))[:40]
            try:
                record(
                    actor=user,
                    action=Action.READ if request.method in ("GET", "HEAD") else Action.WRITE,
                    object_type=ObjectType.ADMIN,
                    object_id=page or "index",
                    activity=ADMINISTRATION,
                    origin="admin",
                )
            except AuditUnavailable:
                return unavailable_response(request)
        return self.get_response(request)
