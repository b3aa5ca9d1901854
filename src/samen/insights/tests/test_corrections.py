"""A signal whose municipality or forms an owner corrects after it was counted moves in the
insights: the tables count it where it is now, as a full recount would."""

from __future__ import annotations

import pytest

from samen.casework import person_changes, pipeline, signal_changes
from samen.casework.tests.conftest import _dummy_tasks, file_signal, user, world  # noqa: F401 - fixtures
from samen.geo.models import Municipality
from samen.insights import aggregates, dimensions
from samen.insights.aggregates import PERSONS, SIGNALS, Filters
from samen.insights.models import SignalAreaCount
from samen.insights.tests.factories import summary_snapshot
from samen.intake.models import Signal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

ROTTERDAM, UTRECHT = "GM0599", "GM0344"


@pytest.fixture(autouse=True)
def _settled(settings):
    settings.SAMEN_INSIGHTS_SETTLE_SECONDS = 0


def _counts(subject: str, *by: str, **filters) -> dict:
    return dict(aggregates.counts(subject, list(by), Filters(**filters)))


def _correct(signal: Signal, username: str, *, place: str | None, forms=()) -> None:
    signal_changes.signal_change(
        signal=signal,
        actor=user(username),
        municipality=Municipality.objects.get(name=place) if place else None,
        place="",
        form_codes=forms,
    )


def _filed(**kwargs) -> Signal:
    signal, _secret = file_signal(**kwargs)
    pipeline.drain_intake_outbox()
    return Signal.objects.get(pk=signal.pk)


def _as_rebuilt() -> dict:
    aggregates.rebuild_insights()
    return summary_snapshot()


def test_a_signal_placed_after_it_was_counted_leaves_unknown_for_its_municipality():
    unplaced, _placed = _filed(place=None), _filed(place="Rotterdam")
    aggregates.refresh_insights()
    assert _counts(SIGNALS, "area") == {("",): 1, (ROTTERDAM,): 1}

    _correct(unplaced, "vangnet", place="Utrecht")

    assert _counts(SIGNALS, "area") == {(UTRECHT,): 1, (ROTTERDAM,): 1}
    assert _counts(SIGNALS, "area", level="police_unit") == {("RE03",): 1, ("RE07",): 1}
    assert _counts(PERSONS, "area", "role") == {
        (UTRECHT, "victim"): 1,
        (UTRECHT, "perpetrator"): 1,
        (ROTTERDAM, "victim"): 1,
        (ROTTERDAM, "perpetrator"): 1,
    }
    assert not SignalAreaCount.objects.filter(municipality="").exists()  # no cell left at 0
    incremental = summary_snapshot()
    assert _as_rebuilt() == incremental


def test_corrected_forms_move_it_between_forms_each_time():
    signal = _filed(place="Rotterdam")
    aggregates.refresh_insights()
    assert _counts(SIGNALS, "form") == {(dimensions.UNKNOWN,): 1}

    _correct(signal, "coordinator", place="Rotterdam", forms=["ARBEID"])
    assert _counts(SIGNALS, "form") == {("ARBEID",): 1}
    _correct(Signal.objects.get(pk=signal.pk), "coordinator", place="Rotterdam", forms=["ARBEID", "SEKS"])

    assert _counts(SIGNALS, "form") == {(dimensions.MULTIPLE_FORMS,): 1}
    assert _counts(SIGNALS, "period") == _counts(SIGNALS, "period", level="safety_region", region="VR17")
    incremental = summary_snapshot()
    assert _as_rebuilt() == incremental


def test_a_signal_corrected_before_it_was_counted_is_counted_once_as_it_is_now():
    signal = _filed(place=None)
    _correct(signal, "vangnet", place="Utrecht")
    aggregates.refresh_insights()
    assert _counts(SIGNALS, "area") == {(UTRECHT,): 1}
    incremental = summary_snapshot()
    assert _as_rebuilt() == incremental


def test_a_change_of_the_place_text_alone_counts_nothing_again():
    signal = _filed(place="Rotterdam")
    aggregates.refresh_insights()
    before = summary_snapshot()
    signal_changes.signal_change(
        signal=signal,
        actor=user("coordinator"),
        municipality=signal.municipality,
        place="Achter het station",
        form_codes=[],
    )
    assert summary_snapshot() == before


def test_a_person_corrected_after_it_was_counted_moves_to_the_age_gender_and_nationality_it_has_now():
    signal = _filed(place="Rotterdam", age="25")
    _filed(place="Rotterdam", age="25")
    aggregates.refresh_insights()
    before = summary_snapshot()
    victim = signal.persons.get(role="victim")
    person_changes.person_change(
        signal=signal,
        person_id=victim.pk,
        actor=user("coordinator"),
        values={"age": "16", "gender": "male", "nationality": "Eritrees"},
    )
    incremental = summary_snapshot()
    assert incremental != before
    assert _as_rebuilt() == incremental


def test_a_correction_of_identifying_data_alone_counts_nothing_again():
    signal = _filed(place="Rotterdam")
    aggregates.refresh_insights()
    before = summary_snapshot()
    victim = signal.persons.get(role="victim")
    person_changes.person_change(
        signal=signal, person_id=victim.pk, actor=user("coordinator"), values={"name": "Anna Nowakowska"}
    )
    assert summary_snapshot() == before


def test_a_person_added_after_the_signal_was_counted_is_counted_too():
    signal = _filed(place="Rotterdam")
    aggregates.refresh_insights()
    assert _counts(PERSONS, "role") == {("victim",): 1, ("perpetrator",): 1}
    person_changes.person_add(
        signal=signal, role="victim", actor=user("coordinator"), values={"age": "17", "nationality": "Eritrees"}
    )
    assert _counts(PERSONS, "role") == {("victim",): 2, ("perpetrator",): 1}
    incremental = summary_snapshot()
    assert _as_rebuilt() == incremental
