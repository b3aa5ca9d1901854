"""The "what may I share, with whom, and why" panel on the signal page."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from samen.accounts.models import Role
from samen.privacy.selectors import sharing_panel
from samen.testing.auth import login


def test_the_panel_lists_partners_of_agreements_in_force_with_their_basis(world):
    with translation.override("en"):
        shares = sharing_panel(world.users[Role.CASE_WORKER], world.signals["own"])
    assert [s.organisation for s in shares] == [world.orgs["A"]]
    line = shares[0].lines[0]
    assert line["agreement"] == world.agreements["shared"]
    assert "6(1)(e)" in line["basis"]
    assert line["categories"] and line["purposes"]


def test_the_panel_is_empty_for_someone_who_may_not_see_the_signal(world):
    assert sharing_panel(world.users[Role.CASE_WORKER], world.signals["other"]) == []
    assert sharing_panel(world.users[Role.ANALYST], world.signals["own"]) == []


def test_the_signal_page_shows_the_panel(world):
    client = Client()
    login(client, world.users[Role.CASE_WORKER])
    page = client.get(reverse("casework:signal", args=[world.signals["own"].pk])).content.decode()
    assert "Actief convenant" in page
    assert "Verlopen convenant" not in page


def test_identities_on_the_signal_page_need_a_check_in_the_last_five_minutes(world):
    client = Client()
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        login(client, world.users[Role.CASE_WORKER])
        url = reverse("casework:signal", args=[world.signals["own"].pk])
        assert client.get(url).status_code == 200
        traveller.shift(dt.timedelta(minutes=6))
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:reauth"))
        # A reporting organisation sees no identities, so it is not asked again.
        login(client, world.users[Role.INTAKE_OFFICER])
        traveller.shift(dt.timedelta(minutes=6))
        assert client.get(reverse("casework:signal", args=[world.signals["reported"].pk])).status_code == 200


def test_the_panel_names_each_agreement_once_with_the_partners_it_lets_data_go_to(world):
    from samen.privacy.selectors import PartnerShare, shares_by_agreement

    agreement = world.agreements["shared"]
    line = {"agreement": agreement, "purposes": ["zorg"], "categories": ["status"], "basis": "AVG"}
    shares = [PartnerShare(organisation=o, lines=[line]) for o in (world.orgs["A"], world.orgs["B"])]

    grouped = shares_by_agreement(shares)

    assert len(grouped) == 1 and grouped[0].organisations == [world.orgs["A"], world.orgs["B"]]
    client = Client()
    login(client, world.users[Role.CASE_WORKER])
    page = client.get(reverse("casework:signal", args=[world.signals["own"].pk])).content.decode()
    assert page.count("“Actief convenant”") == 1 and "Met: " in page


def test_the_organisation_that_only_sees_the_status_of_its_report_gets_no_panel(world):
    assert sharing_panel(world.users[Role.INTAKE_OFFICER], world.signals["reported"]) == []
