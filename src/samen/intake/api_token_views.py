"""The "API-koppelingen" page: an organisation's administrator lists, creates and revokes the tokens
its partner systems use for the API.

Who may see and revoke, and who may create, `permissions` decides: the organisation's own
administrator does both; the national administrator sees and revokes any organisation's tokens.
A new token is shown once, in the answer to the POST that made it: never in a URL, a session, a
message or a log, and the answer is not cached. The form carries a key used once, so the same
POST sent again (Reload, Back) makes no second token that nobody has.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from samen import audit
from samen.intake import permissions, selectors
from samen.intake.api_tokens import api_token_create, api_token_revoke
from samen.intake.forms import ApiTokenForm
from samen.partners.models import Organisation

# The creation keys this session has used, the newest last (`_first_use`).
_SESSION_CREATION_KEYS = "intake_api_token_keys"


def _managed_organisation(request: HttpRequest, slug: str, origin: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404(_("There is no organisation at this address."))
    if not permissions.can_manage_api_tokens(request.user, organisation):
        _refuse(request, organisation, origin)
    return organisation


def _refuse(request: HttpRequest, organisation: Organisation, origin: str) -> None:
    audit.record_refusal(
        actor=request.user,
        action=audit.Action.WRITE if request.method == "POST" else audit.Action.READ,
        object_type=audit.ObjectType.API_TOKEN,
        activity=audit.ADMINISTRATION,
        organisation=organisation.pk,
        origin=origin,
    )
    raise PermissionDenied(_("Only the administrators of this organisation manage its API links."))


def _first_use(request: HttpRequest, key: str) -> bool:
    """Whether this creation key is new to the session; it is used from now on."""
    used = request.session.get(_SESSION_CREATION_KEYS, [])
    if key in used:
        return False
    request.session[_SESSION_CREATION_KEYS] = [*used, key][-20:]
    return True


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _managed_organisation(request, slug, "intake.api_tokens")
    may_create = permissions.can_create_api_token(request.user, organisation)
    if request.method == "POST" and not may_create:
        _refuse(request, organisation, "intake.api_token_create")
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    created = raw = None
    if form.is_bound and form.is_valid():
        if _first_use(request, form.cleaned_data["once"]):
            name = form.cleaned_data["name"]
            created, raw = api_token_create(organisation=organisation, name=name, actor=request.user)
        else:
            message = _(
                "This token was created already and is not shown again. Did you not copy it? Revoke it and create "
                "a new one."
            )
            messages.info(request, message)
        form = ApiTokenForm()
    context = {
        "organisation": organisation,
        "tokens": selectors.api_tokens_of(organisation),
        "form": form if may_create else None,
        "created": created,
        "raw_token": raw,
        "api_address": request.build_absolute_uri(reverse("intake_api:signal_create")).removesuffix("signals/"),
    }
    return render(
        request,
        "intake/api_tokens.html",
        context,
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def api_token_revoke_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request, slug, "intake.api_token_revoke")
    token = selectors.api_token_of(organisation, pk)
    if token is None:
        raise Http404(_("This organisation has no API token with this number."))
    if request.method == "POST":
        if api_token_revoke(token, actor=request.user):
            revoked = _("The API token “%(name)s” has been revoked: the API refuses it within a second.")
            messages.success(request, revoked % {"name": token.name})
        else:
            messages.info(request, _("The API token “%(name)s” was revoked already.") % {"name": token.name})
        return redirect("intake:api_tokens", slug=organisation.slug)
    return render(request, "intake/api_token_revoke.html", {"organisation": organisation, "token": token})
