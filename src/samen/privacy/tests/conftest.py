"""The privacy tests' world: personas of every role, signals in every scope, and the objects on them."""

import datetime as dt

import pytest
from django.utils import timezone

from samen.accounts.models import Role
from samen.partners.models import ContactPoint
from samen.privacy.models import BreakGlassAccess
from samen.privacy.tests.world import add_objects, make_agreement
from samen.routing.models import RoutingRule


@pytest.fixture
def world(db):
    from samen.privacy.tests.world import build_world

    return build_world()


@pytest.fixture
def matrix_world(world):
    """The world plus one object of every other kind a route can name (agreements, contact, glass)."""
    spare = make_agreement(parties=[world.persona_org], name="Reserve")
    for kind in ("victim", "perpetrator"):
        RoutingRule.objects.create(track=kind, priority=999, name="Landelijk vangnet", owner=world.persona_org)
    contact = ContactPoint.objects.create(organisation=world.persona_org, name="Contact", function="Zorg")
    glass = BreakGlassAccess.objects.create(
        user=world.users[Role.CASE_WORKER],
        signal=world.signals["other"],
        reason="Test van de matrix.",
        expires_at=timezone.now() - dt.timedelta(hours=1),
    )
    world.extra = {"contact": contact.pk, "glass": glass.pk}
    add_objects(world)
    # Sharing agreements per scope: P is a party to all but "other", made between A and D (covering
    # no purpose, so it gives nobody access to anything).
    others = make_agreement(parties=[world.orgs["A"], world.orgs["D"]], purposes=[], name="Convenant van anderen")
    world.objects["agreement"] = {
        "own": {"pk": spare.pk},
        **{scope: {"pk": world.agreements[scope].pk} for scope in ("shared", "expired", "revoked")},
        "other": {"pk": others.pk},
        "unknown": world.objects["action"]["unknown"],
    }
    return world
