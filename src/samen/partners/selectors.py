"""Reading the partner map: search with nearest responsibility first, and the coverage gaps."""

from __future__ import annotations

from dataclasses import dataclass, field

import phonenumbers
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from samen.geo.models import Municipality, Region, RegionKind
from samen.partners.models import ContactPoint, ExploitationForm, Organisation, OrganisationType
from samen.process_cache import ProcessCache, counts_and_last_keys

# How close a responsibility is to a municipality: a partner named for the municipality itself
# answers first, a national one last.
DISTANCE_MUNICIPALITY = 0
DISTANCE_BY_KIND = {
    RegionKind.SAFETY_REGION: 1,
    RegionKind.POLICE_UNIT: 2,
    RegionKind.RIEC: 2,
    RegionKind.PROVINCE: 3,
}
DISTANCE_NATIONAL = 4


@dataclass(frozen=True)
class PartnerHit:
    organisation: Organisation
    distance: int
    reason: str


@dataclass
class SearchCriteria:
    municipality: Municipality | None = None
    form: ExploitationForm | None = None
    target_group: str = ""
    domain: str = ""
    organisation_type: str = ""
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(
            [self.municipality, self.form, self.target_group, self.domain, self.organisation_type, self.text]
        )


def organisations_for_display() -> QuerySet[Organisation]:
    contacts = ContactPoint.objects.select_related("backup", "backup__organisation")
    return Organisation.objects.filter(is_active=True).prefetch_related(
        "regions",
        "forms",
        "target_groups",
        "domains",
        Prefetch("contact_points", queryset=contacts),
    )


def form_family(form: ExploitationForm) -> list[str]:
    """A form matches itself, the main form it falls under, and its own sub-forms."""
    codes = {form.code, *form.children.values_list("code", flat=True)}
    if form.parent_id:
        codes.add(form.parent_id)
    return sorted(codes)


def coverage_of(
    organisation: Organisation, municipality: Municipality, municipality_ids: set[int]
) -> PartnerHit | None:
    if municipality.pk in municipality_ids:
        return PartnerHit(organisation, DISTANCE_MUNICIPALITY, _("works in %(place)s") % {"place": municipality})
    best: PartnerHit | None = None
    wanted = set(municipality.region_ids)
    for region in organisation.regions.all():
        if region.pk in wanted:
            distance = DISTANCE_BY_KIND[region.kind]
            if best is None or distance < best.distance:
                reason = _("%(place)s lies in %(region)s") % {"place": municipality, "region": region.display_name}
                best = PartnerHit(organisation, distance, reason)
    if best is None and organisation.is_national:
        best = PartnerHit(organisation, DISTANCE_NATIONAL, _("works nationally"))
    return best


def partner_search(criteria: SearchCriteria) -> list[PartnerHit]:
    """Organisations matching the criteria; with a municipality, nearest responsibility first."""
    qs = organisations_for_display()
    if criteria.form is not None:
        qs = qs.filter(forms__code__in=form_family(criteria.form))
    if criteria.target_group:
        qs = qs.filter(target_groups__code=criteria.target_group)
    if criteria.domain:
        qs = qs.filter(domains__code=criteria.domain)
    if criteria.organisation_type:
        qs = qs.filter(type=criteria.organisation_type)
    if criteria.text:
        qs = qs.filter(Q(name__icontains=criteria.text) | Q(short_name__icontains=criteria.text))
    municipality = criteria.municipality
    if municipality is None:
        return [PartnerHit(org, DISTANCE_NATIONAL, "") for org in qs.distinct().order_by("name")]
    qs = qs.filter(
        Q(is_national=True) | Q(municipalities=municipality) | Q(regions__in=municipality.region_ids)
    ).distinct()
    orgs = list(qs)
    direct = set(
        Organisation.municipalities.through.objects.filter(
            municipality=municipality, organisation__in=[o.pk for o in orgs]
        ).values_list("organisation_id", flat=True)
    )
    hits = []
    for org in orgs:
        hit = coverage_of(org, municipality, {municipality.pk} if org.pk in direct else set())
        if hit is not None:
            hits.append(hit)
    hits.sort(key=lambda h: (h.distance, h.organisation.name))
    return hits


def organisation_get(slug: str) -> Organisation | None:
    return (
        organisations_for_display()
        .select_related("based_in")
        .prefetch_related("municipalities")
        .filter(slug=slug)
        .first()
    )


def organisations_in_region(region: Region) -> list[PartnerHit]:
    """Partners for a region: those named for it, for a region around or inside it, or national."""
    municipality_ids = list(
        Municipality.objects.filter(
            Q(province=region) | Q(safety_region=region) | Q(police_unit=region) | Q(riec=region)
        ).values_list("pk", flat=True)
    )
    related_regions = set(
        Municipality.objects.filter(pk__in=municipality_ids).values_list(
            "safety_region", "police_unit", "riec", "province"
        )
    )
    region_ids = {rid for row in related_regions for rid in row}
    qs = (
        organisations_for_display()
        .filter(Q(regions__in=region_ids) | Q(municipalities__in=municipality_ids) | Q(is_national=True))
        .distinct()
    )
    hits = []
    for org in qs:
        own = {r.pk for r in org.regions.all()}
        if region.pk in own:
            hits.append(PartnerHit(org, 0, _("works for this region")))
        elif org.is_national and not own:
            hits.append(PartnerHit(org, DISTANCE_NATIONAL, _("works nationally")))
        else:
            hits.append(PartnerHit(org, 1, _("works in part of this region or in a region around it")))
    hits.sort(key=lambda h: (h.distance, h.organisation.type, h.organisation.name))
    return hits


@dataclass
class RegionGaps:
    region: Region
    missing_forms: list[ExploitationForm] = field(default_factory=list)
    missing_target_groups: list[str] = field(default_factory=list)


@dataclass
class CoverageReport:
    without_care_coordinator: list[Municipality]
    without_backup: list[Municipality]
    region_gaps: list[RegionGaps]
    municipality_count: int


def coverage_report(main_forms: tuple[str, ...]) -> CoverageReport:
    """The gaps in the partner map.

    - municipalities that no active care coordinator covers;
    - municipalities whose care coordinators have no contact point with a backup;
    - per police unit: main forms of exploitation and target groups that no *regional*
      organisation working there covers (national organisations are the fallback, not coverage).
    """
    from samen.partners.models import TargetGroupCode

    municipalities = list(Municipality.objects.select_related("police_unit").order_by("name"))
    orgs = list(
        Organisation.objects.filter(is_active=True).prefetch_related(
            "regions", "municipalities", "forms", "target_groups", "contact_points"
        )
    )

    def covered_municipalities(org: Organisation) -> set[int]:
        if org.is_national:
            return {m.pk for m in municipalities}
        region_ids = {r.pk for r in org.regions.all()}
        ids = {m.pk for m in org.municipalities.all()}
        ids |= {m.pk for m in municipalities if region_ids.intersection(m.region_ids)}
        return ids

    coverage = {org.pk: covered_municipalities(org) for org in orgs}
    coordinators = [o for o in orgs if o.type == OrganisationType.CARE_COORDINATOR]
    with_coordinator: set[int] = set()
    with_backup: set[int] = set()
    for org in coordinators:
        with_coordinator |= coverage[org.pk]
        if any(c.backup_id for c in org.contact_points.all()):
            with_backup |= coverage[org.pk]
    without_coordinator = [m for m in municipalities if m.pk not in with_coordinator]
    without_backup = [m for m in municipalities if m.pk in with_coordinator and m.pk not in with_backup]

    forms = {f.code: f for f in ExploitationForm.objects.filter(code__in=main_forms)}
    units = Region.objects.filter(kind=RegionKind.POLICE_UNIT).order_by("name")
    gaps = []
    for unit in units:
        unit_munis = {m.pk for m in municipalities if m.police_unit_id == unit.pk}
        regional = [o for o in orgs if not o.is_national and coverage[o.pk] & unit_munis]
        form_codes = {f.parent_id or f.code for o in regional for f in o.forms.all()}
        groups = {g.code for o in regional for g in o.target_groups.all()}
        gap = RegionGaps(
            region=unit,
            missing_forms=[forms[c] for c in main_forms if c in forms and c not in form_codes],
            missing_target_groups=[code for code in TargetGroupCode if code not in groups],
        )
        if gap.missing_forms or gap.missing_target_groups:
            gaps.append(gap)
    return CoverageReport(without_coordinator, without_backup, gaps, len(municipalities))


_exploitation_forms_version = counts_and_last_keys(ExploitationForm)


# Reference data read by every intake form; loaded once per process (`samen.process_cache`).
_exploitation_forms = ProcessCache(lambda: list(ExploitationForm.objects.all()), _exploitation_forms_version)


def exploitation_form_choices() -> list[tuple[str, str]]:
    """(code, name in the active language) of every form of exploitation, in the reference order."""
    return [(form.code, form.name) for form in _exploitation_forms.get()]


def forget_exploitation_forms() -> None:
    _exploitation_forms.invalidate()


def general_contact_details() -> frozenset[str]:
    """The general phone numbers (E.164) and e-mail addresses (lower case) of the organisations in
    the register: public, unlike a contact point's, which may be one person's direct line."""
    found: set[str] = set()
    for phone, email in Organisation.objects.values_list("phone", "email"):
        if email:
            found.add(email.strip().casefold())
        try:
            found.add(phonenumbers.format_number(phonenumbers.parse(phone, "NL"), phonenumbers.PhoneNumberFormat.E164))
        except phonenumbers.NumberParseException:
            pass  # none given, or not a number
    return frozenset(found)
