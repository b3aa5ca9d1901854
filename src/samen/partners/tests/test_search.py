import pytest

from samen.geo.models import Municipality
from samen.partners.models import ExploitationForm, OrganisationType
from samen.partners.selectors import SearchCriteria, partner_search
from samen.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def zaanstad():
    return Municipality.objects.get(name="Zaanstad")


@pytest.fixture
def partners(zaanstad):
    return {
        "municipal": OrganisationFactory(
            name="Gemeente Zaanstad", municipalities=["GM0479"], forms=["ARBEID"], target_groups=["minors", "adults"]
        ),
        "safety": OrganisationFactory(
            name="Veilig Thuis ZW", regions=["VR11"], forms=["ARBEID", "SEKS"], target_groups=["minors"]
        ),
        "police": OrganisationFactory(
            name="Politie NH",
            regions=["RE04"],
            forms=["ARBEID-BEDEL"],
            target_groups=["minors"],
            type=OrganisationType.POLICE,
        ),
        "national": OrganisationFactory(name="Landelijk", is_national=True, forms=["ARBEID"], target_groups=["minors"]),
        "elsewhere": OrganisationFactory(
            name="Zorg Limburg", regions=["RE10"], forms=["ARBEID"], target_groups=["minors"]
        ),
        "only_adults": OrganisationFactory(
            name="Alleen volwassenen", regions=["VR11"], forms=["ARBEID"], target_groups=["adults"]
        ),
        "only_sexual": OrganisationFactory(
            name="Alleen seksueel", regions=["VR11"], forms=["SEKS"], target_groups=["minors"]
        ),
    }


def test_labour_exploitation_of_minors_in_zaanstad_answers_nearest_responsibility_first(zaanstad, partners):
    hits = partner_search(
        SearchCriteria(municipality=zaanstad, form=ExploitationForm.objects.get(code="ARBEID"), target_group="minors")
    )
    assert [h.organisation.name for h in hits] == ["Gemeente Zaanstad", "Veilig Thuis ZW", "Politie NH", "Landelijk"]
    assert [h.distance for h in hits] == sorted(h.distance for h in hits)
    assert "Noord-Holland" in hits[2].reason


def test_organisations_outside_the_municipality_are_not_listed(zaanstad, partners):
    names = {h.organisation.name for h in partner_search(SearchCriteria(municipality=zaanstad))}
    assert "Zorg Limburg" not in names
    assert {"Gemeente Zaanstad", "Landelijk", "Alleen volwassenen"} <= names


def test_a_sub_form_matches_its_main_form_and_the_other_way_round(zaanstad, partners):
    begging = ExploitationForm.objects.get(code="ARBEID-BEDEL")
    names = {h.organisation.name for h in partner_search(SearchCriteria(municipality=zaanstad, form=begging))}
    assert {"Politie NH", "Gemeente Zaanstad"} <= names


def test_domain_and_type_filter_without_a_municipality(partners):
    hits = partner_search(SearchCriteria(organisation_type=OrganisationType.POLICE))
    assert [h.organisation.name for h in hits] == ["Politie NH"]


def test_search_by_organisation_name(partners):
    assert [h.organisation.name for h in partner_search(SearchCriteria(text="limburg"))] == ["Zorg Limburg"]


def test_inactive_organisations_are_not_found(zaanstad, partners):
    partners["municipal"].is_active = False
    partners["municipal"].save()
    names = {h.organisation.name for h in partner_search(SearchCriteria(municipality=zaanstad))}
    assert "Gemeente Zaanstad" not in names


def test_the_search_does_not_query_per_organisation(zaanstad, partners, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        hits = partner_search(SearchCriteria(municipality=zaanstad))
        for hit in hits:
            list(hit.organisation.contact_points.all())
            list(hit.organisation.forms.all())
