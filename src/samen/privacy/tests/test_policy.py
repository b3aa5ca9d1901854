"""The access policy, question by question."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from samen.accounts.models import Role
from samen.privacy import policy, services
from samen.privacy.models import DataCategory, Purpose
from samen.privacy.tests.world import make_signal
from samen.testing.factories import UserFactory

VIEW = policy.Action.VIEW


def test_a_case_worker_sees_every_category_of_a_signal_their_organisation_owns(world):
    worker = world.users[Role.CASE_WORKER]
    for category in DataCategory.values:
        decision = policy.decide(worker, VIEW, world.signals["own"], category=category, purpose=Purpose.CARE)
        assert decision.allowed and decision.basis is policy.Basis.OWNER, category


def test_a_table_member_sees_what_an_agreement_in_force_covers_and_names_it(world):
    member = world.users[Role.TABLE_MEMBER]
    decision = policy.decide(
        member, VIEW, world.signals["shared"], category=DataCategory.SUMMARY, purpose=Purpose.JOINT_DECISION
    )
    assert decision.allowed
    assert decision.basis is policy.Basis.AGREEMENT
    assert decision.agreement == world.agreements["shared"]
    assert "Actief convenant" in decision.reason


@pytest.mark.parametrize("scope", ["expired", "revoked", "other"])
def test_an_expired_revoked_or_missing_agreement_gives_nothing(world, scope):
    member = world.users[Role.TABLE_MEMBER]
    assert not policy.may(
        member, VIEW, world.signals[scope], category=DataCategory.SUMMARY, purpose=Purpose.JOINT_DECISION
    )


def test_revoking_an_agreement_stops_access_at_once(world):
    member = world.users[Role.TABLE_MEMBER]
    signal = world.signals["shared"]
    assert policy.may(member, VIEW, signal, category=DataCategory.SUMMARY, purpose=Purpose.CARE)
    assert signal in policy.visible_signals(member, Purpose.CARE, category=DataCategory.SUMMARY)
    officer = world.users[Role.PRIVACY_OFFICER]  # of a party to the agreement
    services.agreement_revoke(actor=officer, agreement=world.agreements["shared"], reason="Partij stopt.")
    assert not policy.may(member, VIEW, signal, category=DataCategory.SUMMARY, purpose=Purpose.CARE)
    assert signal not in policy.visible_signals(member, Purpose.CARE, category=DataCategory.SUMMARY)


def test_an_agreement_covers_only_its_purposes_and_categories(world):
    agreement = world.agreements["shared"]
    agreement.purposes = [Purpose.CARE]
    agreement.categories = [DataCategory.SUMMARY]
    agreement.save()
    member = world.users[Role.TABLE_MEMBER]
    signal = world.signals["shared"]
    assert policy.may(member, VIEW, signal, category=DataCategory.SUMMARY, purpose=Purpose.CARE)
    assert not policy.may(member, VIEW, signal, category=DataCategory.IDENTIFYING, purpose=Purpose.CARE)
    assert not policy.may(member, VIEW, signal, category=DataCategory.SUMMARY, purpose=Purpose.INVESTIGATION)


def test_an_agreement_covers_only_its_area(world):
    from samen.geo.models import Municipality

    rotterdam = Municipality.objects.get(code="GM0599")
    far = make_signal(municipality=rotterdam, owner=world.orgs["A"])
    member = world.users[Role.TABLE_MEMBER]
    assert not policy.may(member, VIEW, far, category=DataCategory.SUMMARY, purpose=Purpose.CARE)


def test_the_reporting_organisation_sees_the_status_only(world):
    worker = world.users[Role.CASE_WORKER]
    signal = world.signals["reported"]
    assert (
        policy.decide(worker, VIEW, signal, category=DataCategory.STATUS, purpose=Purpose.STATUS).basis
        is policy.Basis.REPORTER
    )
    for category in set(DataCategory.values) - {DataCategory.STATUS}:
        assert not policy.may(worker, VIEW, signal, category=category, purpose=Purpose.CARE)


def test_an_analyst_sees_aggregates_never_a_record(world):
    analyst = world.users[Role.ANALYST]
    assert policy.may(analyst, policy.Action.VIEW_AGGREGATES)
    for scope in ("own", "shared", "reported"):
        with translation.override("en"):
            decision = policy.decide(analyst, VIEW, world.signals[scope], category=DataCategory.STATUS)
        assert not decision.allowed
        assert "aggregated" in decision.reason
    assert not policy.visible_signals(analyst, Purpose.CARE).exists()


def test_the_aggregated_figures_are_for_analysts_coordinators_tables_and_the_national_administrator(world):
    assert set(world.users) == set(Role.values)
    allowed = {role for role in Role.values if policy.may(world.users[role], policy.Action.VIEW_AGGREGATES)}
    assert allowed == {Role.ANALYST, Role.COORDINATOR, Role.TABLE_MEMBER, Role.NATIONAL_ADMIN}


def test_a_privacy_officer_sees_the_audit_not_the_records(world):
    officer = world.users[Role.PRIVACY_OFFICER]
    assert policy.may(officer, policy.Action.VIEW_AUDIT)
    assert policy.may(officer, policy.Action.MANAGE_AGREEMENTS)
    assert not policy.may(officer, VIEW, world.signals["own"])


def test_a_superuser_flag_gives_nothing_by_itself(world):
    root = UserFactory(is_superuser=True, is_staff=True, organisation=world.persona_org)
    assert not policy.may(root, VIEW, world.signals["own"], category=DataCategory.STATUS)
    assert not policy.may(root, policy.Action.SUPERUSER_ACCESS, world.signals["own"])
    decision = policy.decide(root, policy.Action.SUPERUSER_ACCESS, world.signals["own"], reason="Storing 1234")
    assert decision.allowed and decision.basis is policy.Basis.SUPERUSER


def test_superuser_access_is_audited(world):
    from samen.audit.models import AuditEntry

    root = UserFactory(is_superuser=True, organisation=world.persona_org)
    before = AuditEntry.objects.count()
    policy.check(root, policy.Action.SUPERUSER_ACCESS, world.signals["own"], reason="Storing 1234")
    entry = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry.object_id == str(world.signals["own"].pk)


def test_a_denial_is_audited(world):
    from samen.audit.models import AuditEntry

    before = AuditEntry.objects.count()
    decision = policy.check(world.users[Role.CASE_WORKER], VIEW, world.signals["other"], category=DataCategory.SUMMARY)
    assert not decision.allowed
    entry = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry.result == "denied"


def test_breaking_the_glass_gives_an_hour_logged_and_waiting_for_review(world):
    from samen.audit.models import AuditEntry

    worker = world.users[Role.CASE_WORKER]
    signal = world.signals["other"]
    assert not policy.may(worker, VIEW, signal, category=DataCategory.IDENTIFYING)
    access = services.break_glass_open(actor=worker, signal=signal, reason="Slachtoffer staat nu aan de balie, acuut.")
    assert AuditEntry.objects.filter(action="break_glass", object_id=str(signal.pk)).exists()
    decision = policy.decide(worker, VIEW, signal, category=DataCategory.IDENTIFYING)
    assert decision.allowed and decision.basis is policy.Basis.BREAK_GLASS
    assert signal in policy.visible_signals(worker, Purpose.CARE, category=DataCategory.IDENTIFYING)
    assert access.reviewed_at is None
    access.expires_at = timezone.now() - dt.timedelta(seconds=1)
    access.save()
    assert not policy.may(worker, VIEW, signal, category=DataCategory.IDENTIFYING)


def test_breaking_the_glass_needs_a_real_reason(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.break_glass_open(actor=world.users[Role.CASE_WORKER], signal=world.signals["other"], reason="nodig")


def test_only_case_workers_and_coordinators_change_a_signal(world):
    signal = world.signals["own"]
    assert policy.may(world.users[Role.CASE_WORKER], policy.Action.CHANGE, signal, purpose=Purpose.CARE)
    assert policy.may(world.users[Role.COORDINATOR], policy.Action.CHANGE, signal, purpose=Purpose.CARE)
    assert not policy.may(world.users[Role.TABLE_MEMBER], policy.Action.CHANGE, signal, purpose=Purpose.CARE)
    assert not policy.may(world.users[Role.TABLE_MEMBER], policy.Action.CHANGE, world.signals["shared"])


def test_a_member_of_the_owner_without_need_to_know_is_told_why_not_that_they_only_reported_it(world):
    """An intake officer read "your organisation reported this signal: it sees its status, not what
    was reported" under the full description they could see (found by exploratory testing)."""
    member = UserFactory(organisation=world.signals["own"].tracks.first().owner, roles=[Role.INTAKE_OFFICER])
    with translation.override("en"):
        summary = policy.decide(member, VIEW, world.signals["own"], category=DataCategory.SUMMARY)
        identities = policy.decide(member, VIEW, world.signals["own"], category=DataCategory.IDENTIFYING)
    assert summary.allowed and not identities.allowed
    assert identities.reason == (
        "Identifying and sensitive data are for the case workers and coordinators of the owning organisation."
    )


def test_the_assignee_sees_the_signal(world):
    from samen.geo.models import Municipality

    assignee = UserFactory(roles=[Role.CASE_WORKER])
    signal = make_signal(municipality=Municipality.objects.get(code="GM0344"), owner=world.orgs["D"], assignee=assignee)
    assert policy.decide(assignee, VIEW, signal, category=DataCategory.FREE_TEXT).basis is policy.Basis.ASSIGNEE


def test_an_anonymous_or_inactive_user_gets_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not policy.may(AnonymousUser(), VIEW, world.signals["own"])
    worker = world.users[Role.CASE_WORKER]
    worker.is_active = False
    assert not policy.may(worker, VIEW, world.signals["own"])


def test_the_visible_list_is_exactly_the_allowed_set_for_every_role(world):
    from samen.intake.models import Signal

    for role, user in world.users.items():
        for purpose in Purpose.values:
            for category in DataCategory.values:
                listed = set(policy.visible_signals(user, purpose, category=category).values_list("pk", flat=True))
                allowed = {
                    s.pk for s in Signal.objects.all() if policy.may(user, VIEW, s, category=category, purpose=purpose)
                }
                assert listed == allowed, (role, purpose, category)


def test_police_or_criminal_data_need_a_wpg_or_wjsg_ground(world):
    from django.core.exceptions import ValidationError

    from samen.partners.models import OrganisationType
    from samen.testing.factories import OrganisationFactory

    police = OrganisationFactory(type=OrganisationType.POLICE)
    officer = world.users[Role.PRIVACY_OFFICER]
    data = {
        "name": "Convenant zonder Wpg",
        "reference": "",
        "avg_basis": "6.1.e",
        "sector_basis": "",
        "valid_from": dt.date(2025, 1, 1),
        "valid_until": None,
        "parties": [police, world.persona_org],
        "regions": [],
        "purposes": [Purpose.CARE],
        "categories": [DataCategory.SUMMARY],
    }
    with pytest.raises(ValidationError) as error:
        services.agreement_save(actor=officer, data=data)
    assert "sector_basis" in error.value.message_dict
    data["sector_basis"] = "wpg20"
    assert services.agreement_save(actor=officer, data=data).pk
