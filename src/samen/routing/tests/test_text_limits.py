"""A routing rule's name tells its limit instead of being cut by the browser: one character too long
comes back whole on the coordinators' page, with how much too long it is; one at the limit is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samen.accounts.models import User
from samen.demo.accounts_data import seed_accounts
from samen.partners.models import Organisation
from samen.routing.models import RoutingRule, Track
from samen.testing.auth import login
from samen.testing.texts import TOO_LONG_BY_ONE, text_of

pytestmark = pytest.mark.django_db


def test_a_name_one_character_too_long_comes_back_whole_and_one_at_the_limit_is_saved(client, demo_rules):
    seed_accounts()
    login(client, User.objects.get(username="coordinator"))
    url = reverse("casework:routing_add")
    data = {"track": Track.VICTIM, "priority": "500", "owner": Organisation.objects.first().pk, "is_active": "on"}
    before = RoutingRule.objects.count()
    text = text_of(161)
    response = client.post(url, {**data, "name": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert "maxlength" not in page
    assert RoutingRule.objects.count() == before
    assert client.post(url, {**data, "name": text_of(160)}).status_code == 302
    assert RoutingRule.objects.filter(name=text_of(160)).exists()
