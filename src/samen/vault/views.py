"""Subject access for the privacy officer of the owning organisation: an HTML page and a JSON download;
and the exemptions from access that officer records and withdraws."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from samen import audit
from samen.accounts.security import require_recent_auth
from samen.intake.models import SignalPerson
from samen.privacy import policy
from samen.vault import exemptions, permissions
from samen.vault.forms import ExemptionForm, SubjectSearchForm, WithdrawForm
from samen.vault.selectors import persons_by_identifier
from samen.vault.subject_access import ORIGIN, Export, signal_held_by, signals_held_by, subject_access_export


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


EXEMPTIONS_ORIGIN = "vault.exemptions"


def _exemption_officer(request: HttpRequest) -> Any:
    # Recording exemptions is the privacy officer's supervisory work, decided (and a refusal logged) by the policy.
    if not policy.check(request.user, policy.Action.MANAGE_AGREEMENTS, origin=EXEMPTIONS_ORIGIN):
        raise PermissionDenied(_("Only privacy officers record exemptions from access."))
    return request.user


def _place_exemption(request: HttpRequest, user: Any, form: ExemptionForm) -> bool:
    """Place the exemption the valid form asks for; False (with the errors on the form) when it cannot be."""
    signal = signal_held_by(user.organisation_id, form.cleaned_data["code"])
    if signal is None:
        form.add_error("code", _("No signal of your organisation has this receipt code. Check the code and try again."))
        return False
    person = None
    if form.cleaned_data["person"]:
        person = exemptions.person_by_number(signal, form.cleaned_data["person"])
        if person is None:
            form.add_error("person", _("This signal has no person with this number."))
            return False
    try:
        exemptions.exemption_place(
            actor=user,
            signal=signal,
            person=person,
            legal_ground=form.cleaned_data["legal_ground"],
            review_date=form.cleaned_data["review_date"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, _("The exemption for %(code)s has been recorded.") % {"code": signal.receipt_code})
    return True


@login_required
@require_http_methods(["GET", "POST"])
def exemption_list(request: HttpRequest) -> HttpResponse:
    """Exemptions in force and ended ones, and the form to record one by the signal's receipt code."""
    user = _exemption_officer(request)
    form = ExemptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _place_exemption(request, user, form):
        return redirect("vault:exemptions")
    return _exemptions_page(request, user, form)


def _exemptions_page(
    request: HttpRequest, user: Any, form: ExemptionForm, refused_withdrawal: WithdrawForm | None = None
) -> HttpResponse:
    """The exemptions page; `refused_withdrawal` is shown again at its exemption, with its message and the
    reason as typed."""
    today = timezone.localdate()
    recorded = exemptions.exemptions_for_organisation(user.organisation_id)
    in_force = recorded.filter(review_date__gte=today, withdrawn_at__isnull=True)
    ended = recorded.exclude(pk__in=in_force.values("pk")).order_by("-created_at")[:50]
    in_force_listed = list(in_force.order_by("review_date", "pk"))
    for exemption in in_force_listed:
        refused_here = refused_withdrawal is not None and refused_withdrawal.exemption == exemption.pk
        exemption.withdraw_form = refused_withdrawal if refused_here else WithdrawForm(exemption=exemption.pk)
    return render(
        request,
        "vault/exemptions.html",
        {
            "form": form,
            "in_force": exemptions.with_subjects(in_force_listed),
            "ended": exemptions.with_subjects(list(ended)),
            "PAGE_ADDRESS": reverse("vault:exemptions"),  # also shown in answer to a form posted elsewhere
        },
    )


@login_required
@require_POST
def exemption_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = _exemption_officer(request)
    form = WithdrawForm(request.POST, exemption=pk)
    # Without a reason nothing is withdrawn, whichever exemption was meant: say so before looking it up. The
    # page comes back with the message at the exemption's field and the reason as typed: a redirect would drop it.
    if not form.is_valid():
        messages.error(request, _("The exemption has not been withdrawn; see its reason for withdrawing below."))
        return _exemptions_page(request, user, ExemptionForm(), refused_withdrawal=form)
    exemption = exemptions.exemption_get_for_officer(user, pk)
    if exemption is None:
        audit.record(
            actor=user,
            action=audit.Action.WRITE,
            object_type="exemption",
            object_id=pk,
            activity=audit.SUBJECT_ACCESS,
            result=audit.Result.DENIED,
            origin=EXEMPTIONS_ORIGIN,
        )
        raise Http404
    try:
        exemptions.exemption_withdraw(actor=user, exemption=exemption, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The exemption has been withdrawn; access requests include the item again."))
    return redirect("vault:exemptions")
