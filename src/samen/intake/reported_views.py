"""The signals an organisation reported: its professionals find them again, and see their status.

An intake officer who took a call, or a professional whose client asks what became of a report,
finds the signal by its receipt code or the organisation's own reference. Sent by POST, so
neither ends up in a URL or a server log, and kept in the session for the page the POST redirects
to: the browser's Back button returns to the result without asking to send the form again.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from samen import audit
from samen.intake import permissions, selectors
from samen.intake.forms import ReportedSearchForm

# The last search of this session: what the page after the redirect looks up.
_SEARCH_KEY = "intake.reported.search"


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reported(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_list_reported_signals(user):
        raise PermissionDenied(_("Only professionals who work on records see the signals their organisation reported."))
    mine = request.GET.get("van") == "mij"
    searched = request.session.get(_SEARCH_KEY) if request.method != "POST" and request.GET.get("zoek") else None
    form = ReportedSearchForm(
        request.POST if request.method == "POST" else None, initial={"code_or_reference": searched}
    )
    if form.is_bound and form.is_valid():
        request.session[_SEARCH_KEY] = form.cleaned_data["code_or_reference"]
        return redirect(f"{reverse('intake:reported')}?zoek=1")
    page = found = None
    if searched:
        found = selectors.reported_signals_matching(user.organisation_id, searched)
        signals = found
    else:
        entered_by = user.pk if mine else None
        page = Paginator(
            selectors.signals_reported_by(user.organisation_id, entered_by_id=entered_by), settings.PAGE_SIZE
        ).get_page(request.GET.get("pagina"))
        signals = list(page.object_list)
    # One audit entry per signal the list discloses, written before the page is rendered.
    audit.record_many(
        actor=user,
        action=audit.Action.SEARCH,
        object_type="signal",
        object_ids=[signal.pk for signal in signals],
        fields=["status"],
        activity=audit.INTAKE,
        origin="intake.reported",
    )
    context = {
        "form": form,
        "page": page,
        "found": found,
        "signals": signals,
        "mine": mine,
        "query": "van=mij" if mine else "",
    }
    return render(request, "intake/reported.html", context)
