"""The track summary tables: hand-built tracks counted by outcome, region, month and first action,
recounted when they change, suppressed on the page, and agreeing with the programme goals.

The week used is the one of `test_kpi_page`: Monday 2 March 2026; a victim track's first-action
deadline is the end of the next working day, a perpetrator track's the end of the second.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from samen.accounts.models import Role
from samen.insights import aggregates, kpis, tracks
from samen.insights.aggregates import TRACKS, Filters
from samen.insights.kpi_page import track_facts
from samen.insights.models import TrackCount, TrackNationalCount, TrackRegionCount
from samen.insights.tests.factories import act_on, make_signal, open_track
from samen.testing.auth import login
from samen.testing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
APRIL = datetime(2026, 4, 14, 9, 0, tzinfo=UTC)  # a Tuesday, after Easter Monday
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ROTTERDAM, DEN_HAAG = "GM0599", "GM0518"  # safety regions VR17 and VR15


@pytest.fixture(autouse=True)
def _no_background_tasks(settings):
    """Intake's pipeline would open tracks by routing; these tests open their own."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def owner():
    return OrganisationFactory(name="Zorgcoördinatie Rijnmond")


def _track(owner, *, where: str = ROTTERDAM, kind: str = "victim", opened: datetime = MONDAY, form: str = "ARBEID"):
    return open_track(make_signal(where, at=opened, form=form), kind, owner, opened=opened)


@pytest.fixture
def casework(owner):
    """Six tracks in two regions and two months, with outcomes and first actions of every sort."""
    sheltered = _track(owner)
    act_on(sheltered, MONDAY + timedelta(hours=2))  # on time
    act_on(sheltered, MONDAY + timedelta(days=9), event="record_outcome", outcome="placed_in_shelter")
    referred = _track(owner, form="SEKS")
    act_on(referred, MONDAY + timedelta(days=2))  # Wednesday: late for a victim track
    act_on(referred, MONDAY + timedelta(days=9), event="record_outcome", outcome="referred_to_care")
    act_on(_track(owner), MONDAY + timedelta(hours=5))  # on time, still open
    investigated = _track(owner, where=DEN_HAAG, kind="perpetrator")
    act_on(investigated, MONDAY + timedelta(days=2))  # Wednesday: on time for a perpetrator track
    act_on(investigated, MONDAY + timedelta(days=20), event="record_outcome", outcome="investigation_started")
    waived = _track(owner, where=DEN_HAAG, kind="perpetrator")
    act_on(waived, MONDAY + timedelta(days=3))  # Thursday: late
    act_on(waived, MONDAY + timedelta(days=4), event="waive")
    _track(owner, opened=APRIL)  # never acted upon: overdue
    tracks.refresh_track_counts(now=NOW)


def _counts(*by: str, **filters) -> dict:
    return dict(aggregates.counts(TRACKS, list(by), Filters(**filters)))


def test_the_track_table_counts_hand_built_tracks_by_outcome(casework):
    assert _counts("outcome") == {
        ("placed_in_shelter",): 1,
        ("referred_to_care",): 1,
        ("investigation_started",): 1,
        ("",): 3,  # the open ones and the waived one
    }
    assert _counts("state") == {("outcome",): 3, ("triage",): 1, ("new",): 1, ("waived",): 1}


def test_the_track_table_counts_by_region_at_every_level_and_by_municipality(casework):
    assert _counts("area", level="safety_region") == {("VR17",): 4, ("VR15",): 2}
    assert _counts("area", "kind", level="safety_region") == {("VR17", "victim"): 4, ("VR15", "perpetrator"): 2}
    assert _counts("outcome", level="safety_region", region="VR15") == {
        ("investigation_started",): 1,
        ("",): 1,
    }
    assert _counts("area") == {(ROTTERDAM,): 4, (DEN_HAAG,): 2}
    assert _counts("area", level="province") == {("PV28",): 6}


def test_the_track_table_counts_by_month_the_track_was_opened_and_by_form(casework):
    assert _counts("period", "kind") == {
        ("2026-03", "victim"): 3,
        ("2026-03", "perpetrator"): 2,
        ("2026-04", "victim"): 1,
    }
    assert _counts("form") == {("ARBEID",): 5, ("SEKS",): 1}
    assert aggregates.months_covered(TRACKS) == (datetime(2026, 3, 1).date(), datetime(2026, 4, 1).date())


def test_the_first_action_column_uses_the_definition_of_the_programme_goals(casework, owner):
    _track(owner, opened=NOW - timedelta(hours=1))  # opened today: pending
    tracks.refresh_track_counts(now=NOW + timedelta(minutes=1))

    table = _counts("first_action", "kind")

    assert table == {
        ("on_time", "victim"): 2,
        ("late", "victim"): 1,
        ("overdue", "victim"): 1,
        ("pending", "victim"): 1,
        ("on_time", "perpetrator"): 1,
        ("late", "perpetrator"): 1,
    }
    as_kpis = Counter(
        (kpis.first_action_status(fact, as_of=NOW + timedelta(minutes=1)), str(fact.kind))
        for fact in track_facts(MONDAY - timedelta(days=1))
    )
    assert table == dict(as_kpis)


def _tables() -> dict:
    return {
        model.__name__: {row[:-1]: row[-1] for row in model.objects.values_list(*columns, "n")}
        for model, columns in (
            (TrackCount, tracks.FINEST_COLUMNS),
            (TrackNationalCount, tracks.TRACK_KEY),
            (TrackRegionCount, tracks.REGION_COLUMNS),
        )
    }


def test_a_change_recounts_only_its_month_and_agrees_with_a_full_recount(casework, owner):
    TrackNationalCount.objects.filter(month="2026-03-01").update(n=999)  # marks March: not to be recounted
    april_track = _track(owner, opened=APRIL + timedelta(days=1))
    act_on(april_track, APRIL + timedelta(days=1, hours=1))

    assert tracks.refresh_track_counts(now=NOW + timedelta(hours=1)) == 2  # the two April tracks
    assert set(TrackNationalCount.objects.filter(month="2026-03-01").values_list("n", flat=True)) == {999}
    assert _counts("period", "kind")[("2026-04", "victim")] == 2

    scoped = _tables()
    aggregates.rebuild_insights()
    rebuilt = _tables()
    assert _counts("period") == {("2026-03",): 5, ("2026-04",): 2}
    assert rebuilt["TrackCount"] == scoped["TrackCount"]
    assert {k: v for k, v in rebuilt["TrackNationalCount"].items() if str(k[0]) == "2026-04-01"} == {
        k: v for k, v in scoped["TrackNationalCount"].items() if str(k[0]) == "2026-04-01"
    }


def test_nothing_changed_means_no_recount_until_the_next_day_turns_pending_into_overdue(owner):
    _track(owner, opened=NOW - timedelta(hours=1))
    assert tracks.refresh_track_counts(now=NOW) == 1
    assert _counts("first_action") == {("pending",): 1}

    assert tracks.refresh_track_counts(now=NOW + timedelta(hours=2)) is None
    assert tracks.refresh_track_counts(now=NOW + timedelta(days=2)) == 1
    assert _counts("first_action") == {("overdue",): 1}


def test_refresh_insights_counts_the_tracks_too(casework, owner, settings):
    settings.SAMEN_INSIGHTS_SETTLE_SECONDS = 0
    act_on(_track(owner, opened=APRIL), APRIL + timedelta(hours=1))
    aggregates.refresh_insights()
    assert sum(_counts("kind").values()) == 7


# --- the page --------------------------------------------------------------------------------


@pytest.fixture
def analyst():
    return UserFactory(roles=[Role.ANALYST])


@pytest.fixture(autouse=True)
def _english_pages(client):
    client.cookies["django_language"] = "en"


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_an_analyst_reads_the_track_table_and_its_csv(client, analyst, casework, settings):
    settings.SAMEN_SUPPRESSION_THRESHOLD = 1
    login(client, analyst)
    response = client.get("/inzicht/tabel/?subject=tracks&by=outcome")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tracks by outcome" in body and "placed in shelter" in body
    assert "<svg" in body and "Show the table behind this chart" in body
    rows = _csv(client.get("/inzicht/tabel/?subject=tracks&by=outcome&format=csv"))
    assert rows[0] == ["outcome", "tracks"]
    assert ["investigation started", "1"] in rows and rows[-1] == ["Total", "6"]


def test_a_two_way_track_table_by_region_and_first_action_renders(client, analyst, casework, settings):
    settings.SAMEN_SUPPRESSION_THRESHOLD = 1
    login(client, analyst)
    query = "subject=tracks&by=area&columns=first_action&level=safety_region"
    response = client.get(f"/inzicht/tabel/?{query}")
    assert response.status_code == 200
    rows = _csv(client.get(f"/inzicht/tabel/?{query}&format=csv"))
    assert rows[0] == ["", "within the deadline", "after the deadline", "none yet, deadline passed", "Total"]
    by_region = {row[0]: row[1:] for row in rows[1:]}
    assert by_region["Rotterdam-Rijnmond"] == ["2", "1", "1", "4"]
    assert by_region["Haaglanden"] == ["1", "1", "0", "2"]
    assert by_region["Total"] == ["3", "2", "1", "6"]


def test_a_user_without_an_insight_role_is_refused_the_track_table(client):
    login(client, UserFactory(roles=[Role.CASE_WORKER]))
    assert client.get("/inzicht/tabel/?subject=tracks&by=outcome").status_code == 403
    assert client.get("/inzicht/tabel/?subject=tracks&by=outcome&format=csv").status_code == 403


def test_small_track_counts_are_suppressed_with_a_complementary_cell_in_page_and_csv(client, analyst, owner):
    for _ in range(12):
        act_on(_track(owner), MONDAY + timedelta(hours=1))
    for _ in range(3):
        _track(owner)  # never acted upon: overdue
    tracks.refresh_track_counts(now=NOW)
    login(client, analyst)

    body = client.get("/inzicht/tabel/?subject=tracks&by=first_action").content.decode()
    shown = dict(_csv(client.get("/inzicht/tabel/?subject=tracks&by=first_action&format=csv"))[1:])

    assert shown["none yet, deadline passed"] == "x"
    assert "x" in (shown["within the deadline"], shown["Total"])  # else 3 = total - 12
    assert ">3</td>" not in body
