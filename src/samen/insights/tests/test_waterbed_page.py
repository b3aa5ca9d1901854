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


def _comparison(kind, region, before, after, form="SEKS", direction=None, significant=False):
    from samen.insights.waterbed import Direction, RateComparison

    direction = direction or (Direction.FALL if kind == "intervention" else Direction.RISE)
    return RateComparison(kind, region, form, direction, before, after, 6, 6, 0.01, 0.02, significant)


def _analysis(fall, *candidates):
    from samen.insights.waterbed import Intervention as Plan
    from samen.insights.waterbed import WaterbedAnalysis

    plan = Plan("A", months_ago(6), "SEKS", "X")
    detected = any(c.significant for c in candidates)
    return WaterbedAnalysis(plan, 6, 0.05, fall, tuple(candidates), detected, "from 8.3 to 1.5 per month")


def test_evidence_keeps_back_small_counts_and_everything_that_would_give_them_away():
    from django.utils import translation

    from samen.insights.waterbed_page import evidence

    analysis = _analysis(
        _comparison("intervention", "A", 50, 9, significant=True),
        _comparison("neighbour", "B", 40, 60, significant=True),
        _comparison("neighbour", "C", 3, 30),
        _comparison("neighbours_together", "B+C", 43, 90),
    )
    with translation.override("en"):
        explanation, rows = evidence(analysis, {}, {}, threshold=10)
    fall, b, c, together = rows
    # The fall's count after is small: its change and p-value would reveal it, so would the rates.
    assert (fall.before, fall.after, fall.change, fall.p_value) == ("50", "fewer than 10", "—", "—")
    assert "per month" not in explanation
    # A row with both counts shown keeps its figures.
    assert (b.before, b.after, b.change) == ("40", "60", "+50%")
    # C's count before is small; B+C before minus B before would give it: the joint count goes too.
    assert c.before == "fewer than 10" and c.after == "30"
    assert together.before == "not shown" and together.after == "90"
    assert together.change == together.p_value == "—"


def test_evidence_with_large_counts_shows_every_figure_and_the_explanation():
    from samen.insights.waterbed_page import evidence

    analysis = _analysis(
        _comparison("intervention", "A", 50, 20, significant=True),
        _comparison("neighbour", "B", 40, 60, significant=True),
    )
    explanation, rows = evidence(analysis, {}, {}, threshold=10)
    assert explanation == "from 8.3 to 1.5 per month"
    assert [(r.before, r.after) for r in rows] == [("50", "20"), ("40", "60")]
    assert all(r.p_value != "—" for r in rows)
