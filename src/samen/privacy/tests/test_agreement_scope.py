"""A privacy officer manages the sharing agreements its own organisation is a party to, and no others.

Found by exploratory testing: the officer of one municipality opened, changed and revoked other
regions' agreements and saved a new one between two other organisations; one with a single party
was accepted too. The world (`world.py`): the persona organisation P is a party to the agreements
"shared" (with A), "expired" (with B) and "revoked" (with C); `_others` is between A and D only.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samen.accounts.models import Role
from samen.audit.models import AuditEntry
from samen.privacy import policy, services
from samen.privacy.models import DataCategory, Purpose, SharingAgreement
from samen.privacy.tests.world import make_agreement
from samen.testing.auth import login
from samen.testing.factories import UserFactory


def _others(world) -> SharingAgreement:
    return make_agreement(parties=[world.orgs["A"], world.orgs["D"]], name="Convenant van anderen")


def _form(parties, **overrides) -> dict:
    return {
        "name": "Convenant nieuw",
        "reference": "",
        "avg_basis": "6.1.e",
        "sector_basis": "wpg20",
        "valid_from": "2026-01-01",
        "valid_until": "",
        "parties": [party.pk for party in parties],
        "purposes": [Purpose.CARE],
        "categories": [DataCategory.SUMMARY],
        **overrides,
    }


def _data(parties) -> dict:
    return {
        "name": "Convenant nieuw",
        "reference": "",
        "avg_basis": "6.1.e",
        "sector_basis": "wpg20",
        "valid_from": dt.date(2026, 1, 1),
        "valid_until": None,
        "parties": list(parties),
        "regions": [],
        "purposes": [Purpose.CARE],
        "categories": [DataCategory.SUMMARY],
    }


def test_only_the_privacy_officer_of_a_party_manages_an_agreement(world):
    others = _others(world)
    for role, user in world.users.items():
        managed = {
            scope for scope, agreement in world.agreements.items() if policy.may(user, "manage_agreements", agreement)
        }
        assert managed == ({"shared", "expired", "revoked"} if role == Role.PRIVACY_OFFICER else set()), role
        assert not policy.may(user, policy.Action.MANAGE_AGREEMENTS, others), role
    officer = world.users[Role.PRIVACY_OFFICER]
    assert set(policy.agreements_managed_by(officer)) == set(world.agreements.values())
    # The national administrator manages routing and the partner map, not what partners share.
    assert not policy.agreements_managed_by(world.users[Role.NATIONAL_ADMIN]).exists()


def test_an_officer_without_an_organisation_manages_no_agreement(world):
    officer = UserFactory(organisation=None, roles=[Role.PRIVACY_OFFICER])
    assert not policy.may(officer, policy.Action.MANAGE_AGREEMENTS, world.agreements["shared"])
    assert not policy.agreements_managed_by(officer).exists()


def test_another_organisations_agreement_cannot_be_opened_changed_or_revoked(client, world):
    others = _others(world)
    login(client, world.users[Role.PRIVACY_OFFICER])
    before = AuditEntry.objects.filter(result="denied").count()
    assert client.get(reverse("privacy:agreement_edit", args=[others.pk])).status_code == 404
    changed = _form([world.orgs["A"], world.orgs["D"]], name="Gekaapt")
    assert client.post(reverse("privacy:agreement_edit", args=[others.pk]), changed).status_code == 404
    revoke = {"reason": "Niet van ons."}
    assert client.post(reverse("privacy:agreement_revoke", args=[others.pk]), revoke).status_code == 404
    others.refresh_from_db()
    assert others.name == "Convenant van anderen" and others.revoked_at is None
    denied = AuditEntry.objects.filter(result="denied").order_by("seq")[before:]
    assert [entry.object_id for entry in denied] == [str(others.pk)] * 3


def test_the_own_organisations_agreement_is_opened_and_revoked(client, world):
    agreement = world.agreements["shared"]
    login(client, world.users[Role.PRIVACY_OFFICER])
    assert client.get(reverse("privacy:agreement_edit", args=[agreement.pk])).status_code == 200
    response = client.post(reverse("privacy:agreement_revoke", args=[agreement.pk]), {"reason": "Partij stopt."})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.revoked_at is not None


def test_a_new_agreement_between_other_organisations_is_refused_at_the_parties(client, world):
    login(client, world.users[Role.PRIVACY_OFFICER])
    response = client.post(reverse("privacy:agreement_add"), _form([world.orgs["A"], world.orgs["D"]]))
    assert response.status_code == 200
    assert "Uw organisatie moet een van de partijen zijn" in response.content.decode()
    assert not SharingAgreement.objects.filter(name="Convenant nieuw").exists()


def test_an_agreement_with_a_single_party_is_refused_with_a_message_at_the_parties(client, world):
    login(client, world.users[Role.PRIVACY_OFFICER])
    response = client.post(reverse("privacy:agreement_add"), _form([world.persona_org]))
    assert response.status_code == 200
    assert "Een convenant wordt gesloten tussen ten minste twee partijen" in response.content.decode()
    assert not SharingAgreement.objects.filter(name="Convenant nieuw").exists()
    response = client.post(reverse("privacy:agreement_add"), _form([world.persona_org, world.orgs["A"]]))
    assert response.status_code == 302
    assert set(SharingAgreement.objects.get(name="Convenant nieuw").parties.all()) == {
        world.persona_org,
        world.orgs["A"],
    }


def test_an_officer_cannot_take_its_own_organisation_out_of_an_agreement(client, world):
    agreement = world.agreements["shared"]
    login(client, world.users[Role.PRIVACY_OFFICER])
    handed_over = _form([world.orgs["A"], world.orgs["D"]], name=agreement.name)
    response = client.post(reverse("privacy:agreement_edit", args=[agreement.pk]), handed_over)
    assert response.status_code == 200
    assert "Uw organisatie moet een van de partijen zijn" in response.content.decode()
    assert set(agreement.parties.all()) == {world.persona_org, world.orgs["A"]}


def test_the_services_refuse_another_organisations_agreement_too(world):
    others = _others(world)
    officer = world.users[Role.PRIVACY_OFFICER]
    with pytest.raises(PermissionDenied):
        services.agreement_revoke(actor=officer, agreement=others, reason="Niet van ons.")
    with pytest.raises(PermissionDenied):
        services.agreement_save(actor=officer, data=_data([world.persona_org, world.orgs["A"]]), agreement=others)
    with pytest.raises(ValidationError) as error:
        services.agreement_save(actor=officer, data=_data([world.orgs["A"], world.orgs["D"]]))
    assert list(error.value.message_dict) == ["parties"]


def test_the_list_links_the_own_agreements_and_shows_the_others_read_only(client, world):
    others = _others(world)
    login(client, world.users[Role.PRIVACY_OFFICER])
    page = client.get(reverse("privacy:agreements")).content.decode()
    own, rest = page.split("Convenanten tussen andere organisaties", 1)
    assert "Convenanten van uw organisatie" in own
    for agreement in world.agreements.values():
        assert reverse("privacy:agreement_edit", args=[agreement.pk]) in own
    assert "Convenant van anderen" in rest
    assert reverse("privacy:agreement_edit", args=[others.pk]) not in page


def test_a_new_agreement_starts_with_the_own_organisation_ticked(client, world):
    login(client, world.users[Role.PRIVACY_OFFICER])
    form = client.get(reverse("privacy:agreement_add")).context["form"]
    assert list(form["parties"].value()) == [world.persona_org.pk]
