"""Privacy pages: sharing agreements (privacy officer), breaking the glass, and its review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samen.privacy import policy, selectors, services
from samen.privacy.auditing import audit
from samen.privacy.forms import AgreementForm, ReviewForm, RevokeForm
from samen.privacy.models import BreakGlassAccess, SharingAgreement


def _require(request: HttpRequest, action: str) -> None:
    decision = policy.decide(request.user, action)
    if not decision.allowed:
        audit(actor=request.user, action=action, result="denied")
        raise PermissionDenied(decision.reason)


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    _require(request, policy.Action.MANAGE_AGREEMENTS)
    managed, others = selectors.agreements_for_officer(request.user)
    return render(request, "privacy/agreement_list.html", {"agreements": managed, "others": others})


def _managed_agreement(request: HttpRequest, pk: int) -> SharingAgreement:
    """The agreement if the officer's organisation is a party to it; another's answers 404, logged."""
    agreement = selectors.agreement_get_for_officer(request.user, pk)
    if agreement is None:
        other = SharingAgreement.objects.filter(pk=pk).first()  # named in the log if it exists
        audit(actor=request.user, action=policy.Action.MANAGE_AGREEMENTS, obj=other, result="denied")
        raise Http404(_("Your organisation is not a party to a sharing agreement at this address."))
    return agreement


def _form_errors(form, error: ValidationError) -> None:
    for name, errs in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errs)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request, policy.Action.MANAGE_AGREEMENTS)
    agreement = _managed_agreement(request, pk) if pk is not None else None
    # A new agreement starts with the officer's own organisation, which it must include.
    initial = {"parties": [request.user.organisation_id]} if agreement is None else None
    form = AgreementForm(request.POST or None, instance=agreement, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.agreement_save(actor=request.user, data=form.service_data(), agreement=agreement)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The sharing agreement “%(name)s” has been saved.") % {"name": saved.name})
            return redirect("privacy:agreements")
    return render(
        request, "privacy/agreement_edit.html", {"form": form, "agreement": agreement, "revoke_form": RevokeForm()}
    )


@login_required
@require_POST
def agreement_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, policy.Action.MANAGE_AGREEMENTS)
    agreement = _managed_agreement(request, pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        services.agreement_revoke(actor=request.user, agreement=agreement, reason=form.cleaned_data["reason"])
        messages.success(request, _("The sharing agreement has been revoked; access through it has stopped."))
        return redirect("privacy:agreements")
    return render(
        request,
        "privacy/agreement_edit.html",
        {"form": AgreementForm(instance=agreement), "agreement": agreement, "revoke_form": form},
    )


@login_required
def break_glass_list(request: HttpRequest) -> HttpResponse:
    _require(request, policy.Action.VIEW_AUDIT)
    return _break_glass_page(request)


def _break_glass_page(request: HttpRequest, refused: ReviewForm | None = None) -> HttpResponse:
    """The accesses to review and those reviewed; `refused` is shown again at its access, as typed."""
    accesses = selectors.break_glass_all()
    to_review = [a for a in accesses if a.reviewed_at is None]
    for access in to_review:
        here = refused is not None and refused.access == access.pk
        access.review_form = refused if here else ReviewForm(access=access.pk)
    return render(
        request,
        "privacy/break_glass_list.html",
        {
            "open": to_review,
            "reviewed": [a for a in accesses if a.reviewed_at is not None][:50],
            "PAGE_ADDRESS": reverse("privacy:break_glass_list"),  # also shown in answer to a form posted elsewhere
        },
    )


@login_required
@require_POST
def break_glass_review(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, policy.Action.VIEW_AUDIT)
    access = get_object_or_404(BreakGlassAccess, pk=pk)
    form = ReviewForm(request.POST, access=access.pk)
    if not form.is_valid():
        # The page again with the message at the verdict and the note as typed: a redirect would drop it.
        messages.error(request, _("The review has not been saved; see the access below."))
        return _break_glass_page(request, refused=form)
    services.break_glass_review(
        actor=request.user, access=access, verdict=form.cleaned_data["verdict"], note=form.cleaned_data["note"]
    )
    messages.success(request, _("The review has been saved."))
    return redirect("privacy:break_glass_list")
