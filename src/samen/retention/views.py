"""Legal-hold pages for the privacy officer: the holds on what the organisation holds, placing and lifting one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samen import audit
from samen.privacy import policy
from samen.retention import holds
from samen.retention.forms import LegalHoldForm, LiftForm
from samen.vault.subject_access import signal_held_by

ORIGIN = "retention.legal_holds"


def _officer(request: HttpRequest) -> Any:
    # Managing what is kept is the privacy officer's supervisory work, decided (and a refusal logged) by the policy.
    if not policy.check(request.user, policy.Action.MANAGE_AGREEMENTS, origin=ORIGIN):
        raise PermissionDenied(_("Only privacy officers manage legal holds."))
    return request.user


def _place_hold(request: HttpRequest, user: Any, form: LegalHoldForm) -> bool:
    """Place the hold the valid form asks for; False (with the errors on the form) when it cannot be."""
    signal = signal_held_by(user.organisation_id, form.cleaned_data["code"])
    if signal is None:
        form.add_error("code", _("No signal of your organisation has this receipt code. Check the code and try again."))
        return False
    try:
        holds.legal_hold_place(
            actor=user,
            signal=signal,
            reason=form.cleaned_data["reason"],
            review_date=form.cleaned_data["review_date"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, _("Signal %(code)s is now under a legal hold.") % {"code": signal.receipt_code})
    return True


@login_required
@require_http_methods(["GET", "POST"])
def hold_list(request: HttpRequest) -> HttpResponse:
    """Active and lifted holds, and the form to place one by the signal's receipt code."""
    user = _officer(request)
    form = LegalHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _place_hold(request, user, form):
        return redirect("retention:holds")
    return _holds_page(request, user, form)


def _holds_page(
    request: HttpRequest, user: Any, form: LegalHoldForm, refused_lift: LiftForm | None = None
) -> HttpResponse:
    """The holds page; `refused_lift` is shown again at its hold, with its message and the reason as typed."""
    all_holds = holds.holds_for_organisation(user.organisation_id)
    active = list(all_holds.filter(lifted_at__isnull=True).order_by("review_date", "pk"))
    for hold in active:
        refused_here = refused_lift is not None and refused_lift.hold == hold.pk
        hold.lift_form = refused_lift if refused_here else LiftForm(hold=hold.pk)
    return render(
        request,
        "retention/holds.html",
        {
            "form": form,
            "active": active,
            "lifted": all_holds.filter(lifted_at__isnull=False).order_by("-lifted_at")[:50],
            "today": timezone.localdate(),
            "PAGE_ADDRESS": reverse("retention:holds"),  # also shown in answer to a form posted elsewhere
        },
    )


@login_required
@require_POST
def hold_lift(request: HttpRequest, pk: int) -> HttpResponse:
    user = _officer(request)
    form = LiftForm(request.POST, hold=pk)
    # Without a reason nothing is lifted, whichever hold was meant: say so before looking it up. The
    # page comes back with the message at the hold's field and the reason as typed: a redirect would drop it.
    if not form.is_valid():
        messages.error(request, _("The legal hold has not been lifted; see its reason for lifting below."))
        return _holds_page(request, user, LegalHoldForm(), refused_lift=form)
    hold = holds.hold_get_for_officer(user, pk)
    if hold is None:
        audit.record(
            actor=user,
            action=audit.Action.WRITE,
            object_type="legal_hold",
            object_id=pk,
            activity=audit.RETENTION,
            result=audit.Result.DENIED,
            origin=ORIGIN,
        )
        raise Http404
    try:
        holds.legal_hold_lift(actor=user, hold=hold, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The legal hold on %(code)s has been lifted; the retention periods apply again.")
            % {"code": hold.signal.receipt_code},
        )
    return redirect("retention:holds")
