"""Subject access for the privacy officer of the owning organisation: an HTML page and a JSON download."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from samen import audit
from samen.accounts.security import require_recent_auth
from samen.intake.models import SignalPerson
from samen.vault import permissions
from samen.vault.forms import SubjectSearchForm
from samen.vault.selectors import persons_by_identifier
from samen.vault.subject_access import ORIGIN, Export, signals_held_by, subject_access_export


def _officer(request: HttpRequest):
    if not permissions.can_handle_subject_access(request.user):
        audit.record_refusal(
            actor=request.user,
            action=audit.Action.EXPORT,
            object_type="person",
            activity=audit.SUBJECT_ACCESS,
            origin=ORIGIN,
        )
        raise PermissionDenied
    return request.user


def _respond(request: HttpRequest, export: Export, form: SubjectSearchForm | None) -> HttpResponse:
    if request.POST.get("format") == "json" or request.GET.get("format") == "json":
        body = json.dumps(export.as_json(), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        stamp = timezone.localtime(export.generated_at).strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="inzage-{stamp}.json"'
        return response
    return render(request, "vault/subject_access.html", {"form": form, "export": export})


@never_cache
@require_http_methods(["GET", "POST"])
@require_recent_auth
def subject_access(request: HttpRequest) -> HttpResponse:
    """Identifiers come by POST only, so a BSN never ends up in a URL or a log."""
    user = _officer(request)
    form = SubjectSearchForm(request.POST or None)
    export = None
    if request.method == "POST" and form.is_valid():
        persons = persons_by_identifier(
            bsn=form.cleaned_data["bsn"],
            phone=form.cleaned_data["phone"],
            signal_ids=signals_held_by(user.organisation_id).values("pk"),
        )
        audit.record(
            actor=user,
            action=audit.Action.SEARCH,
            object_type="person",
            fields=["identity"],
            activity=audit.SUBJECT_ACCESS,
            origin=ORIGIN,
        )
        export = subject_access_export(actor=user, persons=list(persons.order_by("pk")))
        return _respond(request, export, form)
    return render(request, "vault/subject_access.html", {"form": form, "export": export})


@never_cache
@require_recent_auth
def subject_access_person(request: HttpRequest, person_id: int) -> HttpResponse:
    """The export for a person of a signal the organisation holds (from the signal page)."""
    user = _officer(request)
    person = (
        SignalPerson.objects.filter(pk=person_id, signal__in=signals_held_by(user.organisation_id).values("pk"))
        .select_related("signal__municipality")
        .first()
    )
    if person is None:
        audit.record(
            actor=user,
            action=audit.Action.EXPORT,
            object_type="person",
            object_id=person_id,
            activity=audit.SUBJECT_ACCESS,
            result=audit.Result.DENIED,
            origin=ORIGIN,
        )
        raise Http404
    return _respond(request, subject_access_export(actor=user, persons=[person]), None)
