"""Possible-link pages: my organisation's open notices and one notice with its answer form.

Thin: selectors read with access built in, `services.link_decide` writes, permissions decide.
Every page view of a notice is audited. No page shows who the person is.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samen import audit
from samen.linkage import permissions, selectors, services
from samen.linkage.forms import DecisionForm


def _require_worker(request: HttpRequest) -> None:
    if not permissions.can_view_links(request.user):
        raise PermissionDenied(_("The possible links are for case workers and coordinators."))


@login_required
def link_list(request: HttpRequest) -> HttpResponse:
    _require_worker(request)
    show_all = request.GET.get("alle") == "1"
    page = Paginator(selectors.links_for(request.user, open_only=not show_all), settings.PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    views = [selectors.link_view(request.user, link) for link in page.object_list]
    audit.record(
        actor=request.user,
        action=audit.Action.SEARCH,
        object_type="possible_link",
        fields=["status"],
        activity=services.LINKAGE,
        origin="linkage.link_list",
    )
    return render(request, "linkage/links.html", {"page": page, "views": views, "show_all": show_all})


@login_required
@require_http_methods(["GET", "POST"])
def link_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_worker(request)
    link = selectors.link_get_for_user(request.user, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_decide(
                link=link,
                actor=request.user,
                confirm=form.cleaned_data["decision"] == "confirm",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            if exc.code != "answered":
                form.add_error(None, exc)
            else:
                # Answered meanwhile (the other organisation rejected it, a second tab): the form
                # is no longer on the page, so its error was not either (found by exploratory testing).
                messages.error(request, exc.messages[0])
                return redirect("linkage:link", pk=link.pk)
        else:
            messages.success(request, _("Your answer has been recorded."))
            return redirect("linkage:link", pk=link.pk)
    audit.record(
        actor=request.user,
        action=audit.Action.READ,
        object_type="possible_link",
        object_id=link.pk,
        fields=["status"],
        activity=services.LINKAGE,
        origin="linkage.link_detail",
    )
    view = selectors.link_view(request.user, link)
    return render(request, "linkage/link.html", {"view": view, "link": link, "form": form})
