"""The audit log for privacy officers: search with filters and pages. Every search is itself logged."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from samen import audit
from samen.audit import permissions, selectors
from samen.audit.forms import AuditSearchForm


@login_required
@never_cache
def search(request: HttpRequest) -> HttpResponse:
    if not permissions.can_search_audit_log(request.user):
        audit.record_refusal(
            actor=request.user,
            action=audit.Action.SEARCH,
            object_type=audit.ObjectType.AUDIT_LOG,
            activity=audit.OVERSIGHT,
            origin="audit.search",
        )
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # Entries under part of the search would read as its answer: none until it is corrected.
        return render(request, "audit/search.html", {"form": form, "page": None, "query": ""})
    criteria = form.to_filter() if form.is_bound else selectors.AuditFilter()
    page = Paginator(selectors.audit_entries(criteria), 50).get_page(request.GET.get("page"))
    # Read before this search's own entry is added: the page's rows match its count, and no entry
    # falls off the end of a page to make room for it.
    page.object_list = list(page.object_list)
    # Logged before anything is shown: reading the log is a read of personal data too.
    audit.record(
        actor=request.user,
        action=audit.Action.SEARCH,
        object_type=audit.ObjectType.AUDIT_LOG,
        fields=[audit.FieldCategory.AUDIT],
        activity=audit.OVERSIGHT,
        origin="audit.search",
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/search.html", context)
