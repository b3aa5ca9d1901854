"""Programme goals through the Django layer: hand-built signals, tracks and events, each figure asserted.

Tracks are opened and moved through casework's own services; only their moments are set back
in time afterwards (tests control the clock, services stamp "now"). The week used: Monday
2 March 2026 (no public holiday); a victim track's first-action deadline is the end of the next
working day, a perpetrator track's the end of the second (casework's default deadlines).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from samen.accounts.models import Role
from samen.insights.kpi_page import kpi_context, kpi_figures, refresh_kpis
from samen.insights.tests.factories import act_on, make_signal, open_track
from samen.intake.models import ReporterContact, ReporterMessage, Signal
from samen.testing.auth import login
from samen.testing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_background_tasks(settings):
    """Intake's pipeline would open tracks by routing; these tests open their own."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.SAMEN_SUPPRESSION_THRESHOLD = 1  # every figure visible: the definitions are under test


@pytest.fixture
def police():
    return OrganisationFactory(name="Politie Rotterdam")


@pytest.fixture
def care():
    return OrganisationFactory(name="Zorgcoördinatie Rijnmond")


def _signal(at: datetime = MONDAY) -> Signal:
    return make_signal("GM0599", at=at, form="ARBEID")


def test_both_tracks_on_time_counts_signals_whose_two_tracks_got_a_first_action_by_the_deadline(police, care):
    on_time = _signal()
    act_on(open_track(on_time, "victim", care, opened=MONDAY), MONDAY + timedelta(hours=3))
    act_on(open_track(on_time, "perpetrator", police, opened=MONDAY), MONDAY + timedelta(days=2))  # Wednesday: in time
    victim_late = _signal()
    act_on(open_track(victim_late, "victim", care, opened=MONDAY), MONDAY + timedelta(days=2))  # Wednesday: late
    act_on(open_track(victim_late, "perpetrator", police, opened=MONDAY), MONDAY + timedelta(hours=1))
    never = _signal()
    open_track(never, "victim", care, opened=MONDAY)  # no action and the deadline long past: late
    act_on(open_track(never, "perpetrator", police, opened=MONDAY), MONDAY + timedelta(hours=1))
    one_track = _signal()
    act_on(open_track(one_track, "victim", care, opened=MONDAY), MONDAY + timedelta(hours=1))  # left out: no pair

    figures = kpi_figures(now=NOW)

    assert figures["both_on_time"] == [1, 3]
    assert kpi_context(now=NOW)["both_on_time"]["share"] == "33%"


def test_time_to_first_action_is_in_working_days_per_kind_of_track(police, care):
    friday = MONDAY + timedelta(days=4)
    for acted in (friday + timedelta(hours=1), friday + timedelta(days=3), friday + timedelta(days=4)):
        act_on(open_track(_signal(friday), "victim", care, opened=friday), acted)  # 0, 1 and 2 working days
    open_track(_signal(friday), "victim", care, opened=friday)  # waiting: censored, not counted
    act_on(open_track(_signal(friday), "perpetrator", police, opened=friday), friday + timedelta(days=7))  # 5

    times = kpi_figures(now=NOW)["times"]

    assert times["victim"] == [3, 1, 2, 1]  # count, median, p90, not yet acted
    assert times["perpetrator"] == [1, 5, 5, 0]


def test_a_signal_is_stuck_at_an_organisation_when_its_open_track_did_not_move_for_ten_working_days(police, care):
    stuck = _signal(NOW - timedelta(days=40))
    act_on(open_track(stuck, "victim", care, opened=NOW - timedelta(days=40)), NOW - timedelta(days=30))
    open_track(stuck, "perpetrator", police, opened=NOW - timedelta(days=40))
    moving = _signal(NOW - timedelta(days=40))
    act_on(open_track(moving, "victim", care, opened=NOW - timedelta(days=40)), NOW - timedelta(days=2))
    closed = _signal(NOW - timedelta(days=40))
    track = open_track(closed, "perpetrator", police, opened=NOW - timedelta(days=40))
    act_on(track, NOW - timedelta(days=39))
    act_on(track, NOW - timedelta(days=38), event="record_outcome", outcome="investigation_started")

    stuck_figures = kpi_figures(now=NOW)["stuck"]

    assert stuck_figures == {str(care.pk): 1, str(police.pk): 1}


def test_victims_identified_and_placed_in_shelter_count_victims_not_suspects(police, care):
    sheltered = _signal()
    track = open_track(sheltered, "victim", care, opened=MONDAY)
    act_on(track, MONDAY + timedelta(hours=1))
    act_on(track, MONDAY + timedelta(days=3), event="record_outcome", outcome="placed_in_shelter")
    cared = _signal()
    track = open_track(cared, "victim", care, opened=MONDAY)
    act_on(track, MONDAY + timedelta(hours=1))
    act_on(track, MONDAY + timedelta(days=3), event="record_outcome", outcome="referred_to_care")
    nothing = _signal()
    track = open_track(nothing, "victim", care, opened=MONDAY)
    act_on(track, MONDAY + timedelta(hours=1))
    act_on(track, MONDAY + timedelta(days=3), event="record_outcome", outcome="no_indications")
    # The perpetrator track's outcome never makes the suspect a victim.
    track = open_track(nothing, "perpetrator", police, opened=MONDAY)
    act_on(track, MONDAY + timedelta(hours=1))
    act_on(track, MONDAY + timedelta(days=3), event="record_outcome", outcome="investigation_started")

    assert kpi_figures(now=NOW)["victims"] == [2, 1]  # each signal names one victim and one suspect


def test_a_victim_in_two_signals_counts_once_when_both_organisations_confirmed_the_link(police, care):
    from samen.linkage.models import PersonEncoding, PossibleLink

    victims = []
    for organisation in (care, police):
        signal = _signal()
        track = open_track(signal, "victim", organisation, opened=MONDAY)
        act_on(track, MONDAY + timedelta(hours=1))
        act_on(track, MONDAY + timedelta(days=3), event="record_outcome", outcome="referred_to_care")
        victims.append(
            PersonEncoding.objects.create(
                person=signal.persons.get(role="victim"), organisation=organisation, schema_version=1,
                key_version=1, key_fingerprint="f", encoding=b"x",
            )
        )  # fmt: skip
    assert kpi_figures(now=NOW)["victims"] == [2, 0]  # two records, not yet known to be one person
    link = PossibleLink.objects.create(
        encoding_a=victims[0], encoding_b=victims[1], organisation_a=care, organisation_b=police, band="high",
        status_a="confirmed", status_b="open",
    )  # fmt: skip
    assert kpi_figures(now=NOW)["victims"] == [2, 0]  # one side alone is not enough
    PossibleLink.objects.filter(pk=link.pk).update(status_b="confirmed")
    assert kpi_figures(now=NOW)["victims"] == [1, 0]


def test_feedback_counts_reporters_with_contact_details_who_got_a_message(police):
    answered, silent, anonymous = _signal(), _signal(), _signal()
    for signal in (answered, silent):
        ReporterContact.objects.create(signal=signal, email="melder@example.org")
    ReporterMessage.objects.create(signal=answered, text="Dank u, we pakken het op.", organisation=police)
    ReporterMessage.objects.create(signal=anonymous, text="Dank u.", organisation=police)

    assert kpi_figures(now=datetime.now(UTC) + timedelta(minutes=1))["feedback"] == [1, 2]


def test_links_across_regions_need_both_organisations_to_confirm(police, care):
    pytest.importorskip("samen.linkage.models")
    from samen.linkage.models import PersonEncoding, PossibleLink

    def encoding(place: str, organisation):
        person = make_signal(place, at=MONDAY).persons.get(role="victim")
        return PersonEncoding.objects.create(
            person=person,
            organisation=organisation,
            schema_version=1,
            key_version=1,
            key_fingerprint="f",
            encoding=b"x",
        )

    rotterdam, amsterdam, schiedam = encoding("GM0599", care), encoding("GM0363", police), encoding("GM0606", police)
    for a, b, status_b in (
        (rotterdam, amsterdam, "confirmed"),
        (rotterdam, schiedam, "confirmed"),
        (amsterdam, schiedam, "open"),
    ):
        a, b = sorted((a, b), key=lambda e: e.pk)
        PossibleLink.objects.create(
            encoding_a=a,
            encoding_b=b,
            organisation_a=a.organisation,
            organisation_b=b.organisation,
            band="high",
            status_a="confirmed",
            status_b=status_b,
        )

    # Rotterdam–Amsterdam crosses safety regions, Rotterdam–Schiedam does not, the third is unconfirmed.
    assert kpi_figures(now=datetime.now(UTC) + timedelta(minutes=1))["links"] == [1, 2]


def test_the_page_shows_the_snapshot_the_refresh_task_computed(client, police, care):
    signal = _signal()
    act_on(open_track(signal, "victim", care, opened=MONDAY), MONDAY + timedelta(hours=1))
    act_on(open_track(signal, "perpetrator", police, opened=MONDAY), MONDAY + timedelta(hours=1))
    refresh_kpis(now=NOW)
    assert refresh_kpis(now=NOW + timedelta(minutes=5), max_age_minutes=15) is None  # still fresh
    client.cookies["django_language"] = "en"
    login(client, UserFactory(roles=[Role.ANALYST]))

    body = client.get("/inzicht/kpi/").content.decode()

    assert "100%" in body
    assert "1 of 1 signals with a known outcome" in body
