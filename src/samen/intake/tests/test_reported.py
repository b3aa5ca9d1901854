"""The signals an organisation reported: its professionals find them again by code or reference."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samen.accounts.models import Role
from samen.audit.models import AuditEntry
from samen.intake import services
from samen.intake.models import Channel, Signal
from samen.intake.tests.test_services import _input
from samen.partners.models import Organisation
from samen.testing.auth import login
from samen.testing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("intake:reported")


@pytest.fixture
def organisation(reference_data) -> Organisation:
    return OrganisationFactory(name="CoMensha")


@pytest.fixture
def officer(organisation):
    return UserFactory(organisation=organisation, roles=[Role.INTAKE_OFFICER])


def _report(actor, *, organisation, reference: str = "", channel: str = Channel.PHONE) -> Signal:
    key = f"reported:{Signal.objects.count()}"
    return services.signal_submit(
        data=_input(organisation=organisation, organisation_reference=reference),
        channel=channel,
        actor=actor,
        idempotency_key=key,
        fingerprint=key,
    ).signal


def test_an_intake_officer_sees_the_signals_of_their_organisation_newest_first_and_nobody_else_s(
    client, organisation, officer
):
    colleague = UserFactory(organisation=organisation, roles=[Role.CASE_WORKER])
    older = _report(officer, organisation=organisation, reference="CM-2026-0012")
    newer = _report(colleague, organisation=organisation)
    elsewhere = _report(None, organisation=OrganisationFactory(name="Elders"))
    login(client, officer)

    page = client.get(URL).content.decode()

    assert page.index(newer.receipt_code) < page.index(older.receipt_code)
    assert elsewhere.receipt_code not in page
    assert "CM-2026-0012" in page
    assert "Vier vrouwen" not in page and "Ana Popescu" not in page  # the status, not the signal itself


def test_only_those_you_entered(client, organisation, officer):
    mine = _report(officer, organisation=organisation)
    theirs = _report(UserFactory(organisation=organisation, roles=[Role.CASE_WORKER]), organisation=organisation)
    login(client, officer)

    page = client.get(URL, {"van": "mij"}).content.decode()

    assert mine.receipt_code in page and theirs.receipt_code not in page


def test_a_signal_is_found_by_its_code_as_people_type_it_or_by_the_own_reference(client, organisation, officer):
    signal = _report(officer, organisation=organisation, reference="CM-2026-0012")
    other = _report(officer, organisation=organisation)
    login(client, officer)

    typed = signal.receipt_code.replace("-", " ").lower()
    for text in (typed, "cm-2026-0012"):
        page = client.post(URL, {"code_or_reference": text}, follow=True).content.decode()
        assert signal.receipt_code in page and other.receipt_code not in page
    prefix_left_out = client.post(URL, {"code_or_reference": signal.receipt_code[3:]}, follow=True)
    assert signal.receipt_code in prefix_left_out.content.decode()


def test_a_search_redirects_so_back_returns_to_the_result_and_the_code_stays_out_of_the_url(
    client, organisation, officer
):
    signal = _report(officer, organisation=organisation)
    login(client, officer)

    response = client.post(URL, {"code_or_reference": signal.receipt_code})

    assert response.status_code == 302
    assert signal.receipt_code not in response["Location"] and "MH" not in response["Location"]
    result = client.get(response["Location"]).content.decode()  # what Back shows, without sending again
    assert signal.receipt_code in result and 'value="' + signal.receipt_code + '"' in result


def test_another_organisation_s_code_finds_nothing(client, organisation, officer):
    elsewhere = _report(None, organisation=OrganisationFactory(name="Elders"))
    login(client, officer)

    response = client.post(URL, {"code_or_reference": elsewhere.receipt_code}, follow=True)

    assert response.status_code == 200
    assert 'data-testid="none-found"' in response.content.decode()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Typ een ontvangstcode of uw eigen kenmerk."),
        ("   ", "Typ een ontvangstcode of uw eigen kenmerk."),
        ("x" * 101, "niet meer dan 100 tekens"),
        ("MH-\x00", "Null-tekens zijn niet toegestaan."),
    ],
)
def test_a_search_that_cannot_be_looked_up_gets_a_message_in_the_user_s_language(
    client, organisation, officer, text, message
):
    client.cookies["django_language"] = "nl"
    login(client, officer)

    response = client.post(URL, {"code_or_reference": text})

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'data-testid="none-found"' not in page


def test_every_signal_the_list_shows_is_in_the_audit_log(client, organisation, officer):
    signals = [_report(officer, organisation=organisation) for _ in range(2)]
    login(client, officer)

    client.get(URL)

    entries = AuditEntry.objects.filter(origin="intake.reported", actor_id=str(officer.pk))
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(str(s.pk) for s in signals)
    assert set(entries.values_list("action", "fields")) == {("search", "status")}


@pytest.mark.parametrize("roles", [[Role.ANALYST], [Role.PRIVACY_OFFICER]])
def test_who_does_not_work_on_records_may_not_see_the_list(client, organisation, roles):
    login(client, UserFactory(organisation=organisation, roles=roles))
    assert client.get(URL).status_code == 403


def test_signed_out_the_list_asks_to_sign_in(client, reference_data):
    response = client.get(URL)
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_the_intake_officer_finds_the_list_in_the_menu_and_a_case_worker_on_the_form(client, organisation, officer):
    login(client, officer)
    assert f'href="{URL}"' in client.get("/").content.decode()

    login(client, UserFactory(organisation=organisation, roles=[Role.CASE_WORKER]))
    assert f'href="{URL}"' not in client.get("/").content.decode()  # the work queue is theirs
    assert f'href="{URL}"' in client.get(reverse("intake:report_professional")).content.decode()


def test_the_reporting_organisation_s_signal_page_leads_back_to_its_list(client, organisation, officer):
    own = _report(officer, organisation=organisation)
    login(client, officer)
    page = client.get(reverse("casework:signal", args=[own.pk])).content.decode()
    assert f'href="{URL}"' in page and 'data-testid="back-to-reported"' in page

    other = OrganisationFactory(name="Elders")
    elsewhere_officer = UserFactory(organisation=other, roles=[Role.INTAKE_OFFICER])
    login(client, elsewhere_officer)
    elsewhere = client.get(reverse("casework:signal", args=[_report(elsewhere_officer, organisation=other).pk]))
    assert 'data-testid="back-to-reported"' in elsewhere.content.decode()
