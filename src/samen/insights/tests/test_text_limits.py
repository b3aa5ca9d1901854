"""An intervention's description tells its limit instead of being cut by the browser: one character
too long comes back whole, with how much too long it is; one at the limit is recorded."""

from __future__ import annotations

import pytest

from samen.accounts.models import Role
from samen.geo.models import Region
from samen.insights.models import Intervention
from samen.testing.auth import login
from samen.testing.factories import UserFactory
from samen.testing.texts import TOO_LONG_BY_ONE, text_of

pytestmark = pytest.mark.django_db

URL = "/inzicht/waterbed/interventie/"


def test_a_description_one_character_too_long_comes_back_whole_and_one_at_the_limit_is_recorded(client):
    login(client, UserFactory(roles=[Role.COORDINATOR]))
    data = {"region": Region.objects.get(code="VR17").pk, "start": "2025-05", "form": "SEKS"}
    text = text_of(201)
    response = client.post(URL, {**data, "label": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert "maxlength" not in page
    assert not Intervention.objects.exists()
    assert client.post(URL, {**data, "label": text_of(200)}).status_code == 302
    assert Intervention.objects.get().label == text_of(200)
