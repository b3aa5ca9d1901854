import pytest

from samen.geo.models import Municipality
from samen.partners.models import OrganisationType
from samen.partners.reference import MAIN_FORMS
from samen.partners.selectors import coverage_report
from samen.testing.factories import ContactPointFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_municipalities_without_a_care_coordinator_are_gaps():
    OrganisationFactory(type=OrganisationType.CARE_COORDINATOR, regions=["RE03"])
    report = coverage_report(MAIN_FORMS)
    missing = {m.name for m in report.without_care_coordinator}
    assert "Utrecht" not in missing and "Almere" not in missing
    assert "Zaanstad" in missing
    assert len(missing) == 342 - Municipality.objects.filter(police_unit__code="RE03").count()


def test_a_care_coordinator_without_any_backup_leaves_its_municipalities_without_backup():
    without = OrganisationFactory(type=OrganisationType.CARE_COORDINATOR, regions=["VR24"])
    ContactPointFactory(organisation=without)
    with_backup = OrganisationFactory(type=OrganisationType.CARE_COORDINATOR, regions=["VR23"])
    first = ContactPointFactory(organisation=with_backup)
    ContactPointFactory(organisation=with_backup, backup=first)
    report = coverage_report(MAIN_FORMS)
    no_backup = {m.name for m in report.without_backup}
    assert "Maastricht" in no_backup
    assert "Venlo" not in no_backup


def test_a_national_organisation_does_not_hide_a_regional_gap():
    OrganisationFactory(is_national=True, forms=list(MAIN_FORMS), target_groups=["minors", "adults"])
    OrganisationFactory(regions=["RE10"], forms=["SEKS", "ARBEID", "CRIM"], target_groups=["adults"])
    report = coverage_report(MAIN_FORMS)
    limburg = next(g for g in report.region_gaps if g.region.code == "RE10")
    assert [f.code for f in limburg.missing_forms] == ["ORGAAN"]
    assert "minors" in limburg.missing_target_groups
    assert "adults" not in limburg.missing_target_groups
