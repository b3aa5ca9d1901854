"""The policy equals a small reference model on generated worlds (hypothesis, seeded).

The reference model below restates the rules of `policy.py` from its docstring, in plain Python
over plain values, without the database: if the two disagree, one of them is wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samen.accounts.models import Role
from samen.geo.models import Municipality
from samen.privacy import policy
from samen.privacy.models import BreakGlassAccess, DataCategory, Purpose
from samen.privacy.tests.world import make_agreement, make_signal
from samen.testing.factories import OrganisationFactory, UserFactory

CASEWORK = {"care", "investigation", "administrative", "joint_decision"}
RECORD_ROLES = {"case_worker", "coordinator", "table_member", "intake_officer"}
ORGS = (0, 1, 2)
REGIONS = ("RE03", "RE07")


@dataclass(frozen=True)
class Agreement:
    parties: frozenset
    regions: frozenset
    purposes: frozenset
    categories: frozenset
    in_force: bool


def reference(
    *, roles, org, is_user_assignee, owners, reporter, region, agreements, glass, action, category, purpose
) -> bool:
    """Who may do what: the rules in words, as code over plain values."""
    if not roles & RECORD_ROLES:
        return False
    casework = purpose in CASEWORK
    if action == "view" and casework and glass:
        return True
    if casework:
        if is_user_assignee:
            return True
        if org in owners:
            if roles & {"case_worker", "coordinator"}:
                return True
            if action == "change":
                return False
            if category not in {"identifying", "special", "criminal"}:
                return True
        if action == "view" and "table_member" in roles:
            for a in agreements:
                if (
                    a.in_force
                    and org in a.parties
                    and purpose in a.purposes
                    and category in a.categories
                    and owners & a.parties
                    and (not a.regions or region in a.regions)
                ):
                    return True
    return action == "view" and category == "status" and (purpose == "status" or casework) and org == reporter


agreement_st = st.builds(
    Agreement,
    parties=st.frozensets(st.sampled_from(ORGS), min_size=1, max_size=3),
    regions=st.frozensets(st.sampled_from(REGIONS), max_size=1),
    purposes=st.frozensets(st.sampled_from(Purpose.values), min_size=1, max_size=3),
    categories=st.frozensets(st.sampled_from(DataCategory.values), min_size=1, max_size=4),
    in_force=st.sampled_from(["yes", "expired", "revoked", "future"]).map(lambda s: s),
)


@pytest.fixture
def fixed(db):
    orgs = [OrganisationFactory(slug=f"prop-{i}") for i in ORGS]
    municipalities = {"RE03": Municipality.objects.get(code="GM0344"), "RE07": Municipality.objects.get(code="GM0599")}
    return orgs, municipalities


@settings(
    max_examples=1000,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    roles=st.frozensets(st.sampled_from(Role.values), min_size=1, max_size=2),
    user_org=st.sampled_from(ORGS),
    owners=st.frozensets(st.sampled_from(ORGS), max_size=2),
    assigned=st.booleans(),
    reporter=st.sampled_from((None, *ORGS)),
    region=st.sampled_from(REGIONS),
    agreements=st.lists(agreement_st, max_size=3),
    glass=st.booleans(),
    action=st.sampled_from(["view", "change", "export"]),
    category=st.sampled_from(DataCategory.values),
    purpose=st.sampled_from(Purpose.values),
)
def test_the_policy_equals_the_reference_model(
    fixed, roles, user_org, owners, assigned, reporter, region, agreements, glass, action, category, purpose
):
    orgs, municipalities = fixed
    today = timezone.localdate()
    with transaction.atomic():
        user = UserFactory(organisation=orgs[user_org], roles=list(roles))
        owner_list = sorted(owners)
        signal = make_signal(
            municipality=municipalities[region],
            owner=orgs[owner_list[0]] if owner_list else None,
            reporter=orgs[reporter] if reporter is not None else None,
            assignee=user if assigned and owner_list else None,
        )
        for extra in owner_list[1:]:
            signal.tracks.create(kind="perpetrator", owner=orgs[extra])
        model_agreements = []
        for a in agreements:
            kwargs = {}
            in_force = a.in_force == "yes"
            if a.in_force == "expired":
                kwargs["valid_until"] = today - dt.timedelta(days=1)
            elif a.in_force == "future":
                kwargs["valid_from"] = today + dt.timedelta(days=1)
            from samen.geo.models import Region

            make_agreement(
                parties=[orgs[i] for i in a.parties],
                regions=list(Region.objects.filter(kind="police_unit", code__in=a.regions)),
                purposes=a.purposes,
                categories=a.categories,
                revoked=a.in_force == "revoked",
                **kwargs,
            )
            model_agreements.append(Agreement(a.parties, a.regions, a.purposes, a.categories, in_force))
        if glass:
            BreakGlassAccess.objects.create(
                user=user, signal=signal, reason="test", expires_at=timezone.now() + dt.timedelta(hours=1)
            )
        expected = reference(
            roles=set(roles),
            org=user_org,
            is_user_assignee=assigned and bool(owner_list),
            owners=set(owners),
            reporter=reporter,
            region=region,
            agreements=model_agreements,
            glass=glass,
            action=action,
            category=category,
            purpose=purpose,
        )
        actual = policy.may(user, action, signal, category=category, purpose=purpose)
        listed = signal in policy.visible_signals(user, purpose, category=category)
        transaction.set_rollback(True)
    assert actual == expected
    if action == "view":
        assert listed == expected, "the list filter agrees with the single decision"
