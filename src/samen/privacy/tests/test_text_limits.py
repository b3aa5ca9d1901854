"""The sharing agreement's length limits are told, not enforced by the browser: a name one character
too long comes back whole, with how much too long it is; one at the limit is saved.

The privacy pages' other texts (the reasons to revoke, to break the glass, a review's note) have
no limit to tell."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samen.accounts.models import Role
from samen.privacy.models import DataCategory, Purpose, SharingAgreement
from samen.testing.auth import login
from samen.testing.factories import OrganisationFactory, UserFactory
from samen.testing.texts import TOO_LONG_BY_ONE, text_of

pytestmark = pytest.mark.django_db


def _agreement(**overrides: object) -> dict[str, object]:
    return {
        "name": "Convenant Zorg- en Veiligheidshuis",
        "reference": "ZVH-2026-01",
        "avg_basis": "6.1.e",
        "sector_basis": "",
        "valid_from": "2026-01-01",
        "valid_until": "",
        "parties": [OrganisationFactory().pk, OrganisationFactory().pk],
        "purposes": [Purpose.CARE],
        "categories": [DataCategory.SUMMARY],
        **overrides,
    }


@pytest.mark.parametrize(("name", "limit"), [("name", 200), ("reference", 60)])
def test_a_text_one_character_too_long_comes_back_whole_and_one_at_the_limit_is_saved(client, name, limit):
    officer = UserFactory(roles=[Role.PRIVACY_OFFICER])
    login(client, officer)
    text = text_of(limit + 1)
    parties = [officer.organisation_id, OrganisationFactory().pk]  # an officer agrees for its own organisation
    response = client.post(reverse("privacy:agreement_add"), _agreement(**{name: text, "parties": parties}))
    assert response.status_code == 200
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert "maxlength" not in page
    assert not SharingAgreement.objects.exists()
    response = client.post(reverse("privacy:agreement_add"), _agreement(**{name: text_of(limit), "parties": parties}))
    assert response.status_code == 302
    assert getattr(SharingAgreement.objects.get(), name) == text_of(limit)
