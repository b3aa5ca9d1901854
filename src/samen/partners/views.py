"""Partner map pages. Thin: selectors read, services write, permissions decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samen import audit
from samen.geo.models import Region, RegionKind
from samen.geo.selectors import region_get, region_municipalities
from samen.partners import permissions, selectors, services
from samen.partners.forms import ContactPointForm, OrganisationForm, OrganisationScopeForm, PartnerSearchForm
from samen.partners.models import ContactPoint, Organisation
from samen.partners.reference import MAIN_FORMS


def search(request: HttpRequest) -> HttpResponse:
    form = PartnerSearchForm(request.GET or None)
    hits, criteria = [], None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        criteria = selectors.SearchCriteria(
            municipality=data["gemeente"],
            form=data["vorm"],
            target_group=data["doelgroep"],
            domain=data["domein"],
            organisation_type=data["type"],
            text=data["q"].strip(),
        )
        if not criteria.is_empty:
            hits = selectors.partner_search(criteria)
    context = {
        "form": form,
        "hits": hits,
        "criteria": criteria,
        "show_contacts": permissions.can_see_contact_points(request.user),
    }
    template = "partners/_results.html" if request.htmx else "partners/search.html"
    return render(request, template, context)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get(slug)
    if organisation is None:
        raise Http404(_("There is no organisation at this address."))
    can_edit = permissions.can_edit_organisation(request.user, organisation)
    context = {
        "organisation": organisation,
        "can_edit": can_edit,
        "show_contacts": permissions.can_see_contact_points(request.user),
        "changes": organisation.changes.select_related(None)[:20] if can_edit else [],
    }
    return render(request, "partners/organisation.html", context)


def _editable_organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_edit_organisation(request.user, organisation):
        # A refused attempt to change contact persons' data is logged too.
        audit.record_refusal(
            actor=request.user,
            action=audit.Action.WRITE,
            object_type="organisation",
            object_id=organisation.pk,
            fields=["contact"],
            activity=audit.PARTNER_MAP,
            origin="partners.edit",
        )
        raise PermissionDenied(_("Only the administrators of this organisation can change it."))
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _editable_organisation(request, slug)
    form_class = OrganisationScopeForm if permissions.can_edit_organisation_scope(request.user) else OrganisationForm
    form = form_class(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            organisation=Organisation.objects.get(pk=organisation.pk),
            data={name: form.cleaned_data[name] for name in form.Meta.fields},
            actor=request.user,
        )
        messages.success(request, _("The changes have been saved."))
        return redirect(organisation)
    return render(request, "partners/organisation_edit.html", {"organisation": organisation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def contact_point_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    organisation = _editable_organisation(request, slug)
    contact = get_object_or_404(ContactPoint, pk=pk, organisation=organisation) if pk else None
    form = ContactPointForm(request.POST or None, instance=contact, organisation=organisation)
    if contact is not None and request.method == "GET":
        audit.record(
            actor=request.user,
            action=audit.Action.READ,
            object_type="contact_point",
            object_id=contact.pk,
            fields=["contact"],
            activity=audit.PARTNER_MAP,
            origin="partners.contact_point_edit",
        )
    if request.method == "POST" and form.is_valid():
        services.contact_point_save(
            organisation=organisation,
            contact_point=contact,
            data={name: form.cleaned_data[name] for name in form.Meta.fields},
            actor=request.user,
        )
        messages.success(request, _("The contact point has been saved."))
        return redirect(organisation)
    context = {"organisation": organisation, "form": form, "contact": contact}
    return render(request, "partners/contact_edit.html", context)


@login_required
@require_POST
def contact_point_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _editable_organisation(request, slug)
    contact = get_object_or_404(ContactPoint, pk=pk, organisation=organisation)
    services.contact_point_delete(contact_point=contact, actor=request.user)
    messages.success(request, _("The contact point has been removed."))
    return redirect(organisation)


def region_list(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.exclude(kind=RegionKind.PROVINCE).annotate(
        n_police=Count("police_unit_municipalities"),
        n_safety=Count("safety_region_municipalities"),
        n_riec=Count("riec_municipalities"),
    )
    groups = []
    for kind, label in [
        (RegionKind.POLICE_UNIT, _("Police units")),
        (RegionKind.RIEC, _("RIEC regions")),
        (RegionKind.SAFETY_REGION, _("Safety regions")),
    ]:
        members = [r for r in regions if r.kind == kind]
        for r in members:
            r.municipality_count = r.n_police or r.n_safety or r.n_riec
        groups.append((label, members))
    return render(request, "partners/region_list.html", {"groups": groups})


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = region_get(code)
    if region is None:
        raise Http404(_("There is no region with this code."))
    context = {
        "region": region,
        "municipalities": region_municipalities(region),
        "hits": selectors.organisations_in_region(region),
        "show_contacts": permissions.can_see_contact_points(request.user),
    }
    return render(request, "partners/region.html", context)


def coverage(request: HttpRequest) -> HttpResponse:
    report = selectors.coverage_report(MAIN_FORMS)
    return render(request, "partners/coverage.html", {"report": report})
