"""The waterbed page on generated data: a planted displacement is found, noise is not."""

from __future__ import annotations

import pytest

from samen.accounts.models import Role
from samen.geo.models import Region
from samen.insights import aggregates
from samen.insights.demo import DEMO_LABEL, displacement_plant, months_ago, seed_history
from samen.insights.generator import generate_signals
from samen.insights.models import Intervention
from samen.testing.auth import login
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client):
    """The assertions read the English msgids; the site's default language is Dutch."""
    client.cookies["django_language"] = "en"


@pytest.fixture
def analyst_client(client):
    login(client, UserFactory(roles=[Role.ANALYST]))
    return client


def test_the_demo_history_plants_a_shift_that_the_waterbed_page_finds(analyst_client):
    seed_history()
    body = analyst_client.get("/inzicht/waterbed/").content.decode()
    assert DEMO_LABEL in body
    assert "Possible waterbed effect found." in body
    assert "Haaglanden" in body


def test_without_a_shift_the_waterbed_page_finds_nothing(analyst_client):
    generate_signals(6000, seed=2026)
    aggregates.refresh_insights(settle_seconds=0)
    Intervention.objects.create(
        region=Region.objects.get(code="VR17"), start=months_ago(9), form="SEKS", label="Controles zonder effect"
    )
    body = analyst_client.get("/inzicht/waterbed/").content.decode()
    assert "Controles zonder effect" in body
    assert "No waterbed effect found." in body


def test_a_fall_without_a_rise_elsewhere_is_no_waterbed_effect(analyst_client):
    plant = displacement_plant(months_ago(9), share=0.7)
    # Signals leave the region but land far away (Zuid-Limburg does not border Rotterdam-Rijnmond).
    from samen.insights.maps import region_mapping

    far = tuple(code for code, region in region_mapping("safety_region").items() if region == "VR24")
    generate_signals(6000, seed=2026, plant=plant.__class__(plant.source, far, plant.start, plant.form, plant.share))
    aggregates.refresh_insights(settle_seconds=0)
    Intervention.objects.create(region=Region.objects.get(code="VR17"), start=months_ago(9), form="SEKS", label="X")
    body = analyst_client.get("/inzicht/waterbed/").content.decode()
    assert "No waterbed effect found." in body
    assert "fell significantly" in body
