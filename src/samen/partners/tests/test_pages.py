import re

import pytest
from django.urls import reverse

from samen.accounts.models import Role
from samen.testing.factories import ContactPointFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    org = OrganisationFactory(
        name="Zorgcoördinatie Noord-Holland", regions=["RE04"], forms=["ARBEID"], target_groups=["minors"]
    )
    ContactPointFactory(organisation=org, name="Femke Visser", phone="088-7654321")
    return org


def test_the_search_answers_with_organisations_for_a_postcode(client, organisation):
    response = client.get(reverse("partners:search"), {"gemeente": "1503", "vorm": "ARBEID", "doelgroep": "minors"})
    assert response.status_code == 200
    assert "Zorgcoördinatie Noord-Holland" in response.content.decode()


def test_an_unknown_municipality_gets_a_clear_message_in_dutch(client, organisation):
    response = client.get(reverse("partners:search"), {"gemeente": "Atlantis"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert "We kennen geen gemeente" in response.content.decode()


def test_an_unknown_postcode_gets_a_clear_message_in_english(client, organisation):
    response = client.get(reverse("partners:search"), {"gemeente": "9990"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Postcode 9990 is not known to us." in response.content.decode()


def test_an_empty_search_asks_for_a_criterion(client):
    response = client.get(reverse("partners:search"), {"gemeente": "", "q": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Fill in at least one search field" in response.content.decode()


def test_a_forged_filter_value_is_a_message_not_an_error(client):
    response = client.get(reverse("partners:search"), {"vorm": "<script>", "doelgroep": "aliens"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_htmx_requests_get_only_the_results_fragment(client, organisation):
    response = client.get(reverse("partners:search"), {"gemeente": "Zaanstad"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "Zorgcoördinatie Noord-Holland" in response.content.decode()


def test_contact_points_are_for_logged_in_professionals_only(client, organisation):
    url = organisation.get_absolute_url()
    assert "Femke Visser" not in client.get(url).content.decode()
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    assert "Femke Visser" in client.get(url).content.decode()


def test_an_organisation_that_does_not_exist_is_a_friendly_404(client):
    response = client.get("/partners/organisatie/bestaat-niet/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_region_page_lists_its_municipalities_and_partners(client, organisation):
    response = client.get(reverse("partners:region", args=["RE04"]))
    body = response.content.decode()
    assert "Zaanstad" in body and "Haarlem" in body
    assert "Zorgcoördinatie Noord-Holland" in body


def test_an_unknown_region_is_a_404(client):
    assert client.get(reverse("partners:region", args=["XX99"])).status_code == 404


def test_the_coverage_page_renders(client, organisation):
    assert client.get(reverse("partners:coverage")).status_code == 200


def test_the_region_list_renders_every_kind(client):
    body = client.get(reverse("partners:regions"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Police units" in body and "Safety regions" in body and "RIEC regions" in body


def test_the_register_s_dutch_texts_are_marked_as_dutch_on_an_english_page(client, organisation):
    """A screen reader read "Elk slachtoffer in beeld" with English sounds (found by exploratory testing,
    WCAG 3.1.2)."""
    organisation.goal, organisation.description = "Elk slachtoffer in beeld.", "Wij coördineren de zorg."
    organisation.save()
    contact = organisation.contact_points.get()
    contact.function, contact.reachable = "Zorgcoördinator", "ma–vr 8:30–17:00"
    contact.save()
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    client.cookies["django_language"] = "en"
    page = client.get(organisation.get_absolute_url()).content.decode()
    for text in ("Elk slachtoffer in beeld.", "Wij coördineren de zorg.", "Zorgcoördinator", "ma–vr 8:30–17:00"):
        assert re.search(rf'lang="nl"[^>]*>{re.escape(text)}<', page), text
    search = client.get(reverse("partners:search"), {"gemeente": "Zaanstad"}).content.decode()
    assert 'lang="nl">Elk slachtoffer in beeld.<' in search
