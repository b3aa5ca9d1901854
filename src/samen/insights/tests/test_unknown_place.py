"""Signals whose reporter did not know the town: counted in the national picture, in no region,
and shown as "unknown" where the picture is broken down by area."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import translation

from samen.insights import aggregates, reports, tracks
from samen.insights.aggregates import PERSONS, SIGNALS, TRACKS, Filters
from samen.insights.tests.factories import make_signal, open_track
from samen.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

MARCH = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ROTTERDAM = "GM0599"


@pytest.fixture
def signals(settings):
    """Two signals in Rotterdam and one whose reporter did not know where; a victim track for each."""
    settings.SAMEN_INSIGHTS_SETTLE_SECONDS = 0
    owner = OrganisationFactory(name="CoMensha")
    made = [make_signal(ROTTERDAM, at=MARCH), make_signal(ROTTERDAM, at=MARCH), make_signal("", at=MARCH)]
    for signal in made:
        open_track(signal, "victim", owner, opened=MARCH)
    aggregates.refresh_insights()
    tracks.refresh_track_counts(now=datetime(2026, 6, 1, tzinfo=UTC))


def _counts(subject: str, *by: str, **filters) -> dict:
    return dict(aggregates.counts(subject, list(by), Filters(**filters)))


def test_a_signal_without_a_municipality_counts_in_the_national_totals(signals):
    assert _counts(SIGNALS, "period") == {("2026-03",): 3}
    assert _counts(PERSONS, "role") == {("victim",): 3, ("perpetrator",): 3}
    assert _counts(TRACKS, "kind") == {("victim",): 3}


def test_by_area_it_is_unknown_at_every_level_and_in_no_region(signals):
    assert _counts(SIGNALS, "area") == {(ROTTERDAM,): 2, ("",): 1}
    assert _counts(SIGNALS, "area", level="safety_region") == {("VR17",): 2, ("",): 1}
    assert _counts(TRACKS, "area", level="police_unit") == {("RE07",): 2, ("",): 1}
    assert _counts(SIGNALS, "period", level="safety_region", region="VR17") == {("2026-03",): 2}


def test_the_breakdown_by_area_names_it_unknown(signals, settings):
    settings.SAMEN_SUPPRESSION_THRESHOLD = 1
    with translation.override("nl"):
        table = reports.one_way(SIGNALS, "area", Filters(level="safety_region"))
        rows = {code: (label, cell) for code, label, cell in table.rows()}
    assert rows[""][0] == "onbekend"
    assert rows["VR17"][0] == "Rotterdam-Rijnmond"
