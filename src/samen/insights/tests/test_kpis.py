"""KPIs: each definition gives the known answer on small hand-built data."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from samen.insights.kpis import (
    LinkFacts,
    PersonFacts,
    PersonRole,
    ReporterFacts,
    TrackFacts,
    TrackKind,
    both_tracks_on_time,
    cross_region_links,
    dutch_public_holidays,
    easter_sunday,
    feedback_share,
    feedback_share_by_reporter_type,
    is_stuck,
    nearest_rank_percentile,
    stuck_per_organisation,
    time_to_first_action,
    victims_identified_and_sheltered,
    working_days_between,
)

V, P = TrackKind.VICTIM, TrackKind.PERPETRATOR
AS_OF = datetime(2025, 3, 31, 12, 0)


def track(signal, kind, *, created=(2025, 3, 3, 9), deadline=(2025, 3, 10, 17), action=None, org="org", **extra):
    return TrackFacts(
        signal_id=signal,
        kind=kind,
        organisation_id=org,
        created_at=datetime(*created),
        deadline_at=datetime(*deadline) if deadline else None,
        first_action_at=datetime(*action) if action else None,
        **extra,
    )


def test_easter_and_the_dutch_public_holidays_are_computed_for_any_year():
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)
    holidays = dutch_public_holidays(2025)
    assert date(2025, 4, 18) in holidays  # Good Friday
    assert date(2025, 4, 21) in holidays  # Easter Monday
    assert date(2025, 4, 26) in holidays  # King's Day moves to Saturday when the 27th is a Sunday
    assert date(2025, 5, 29) in holidays  # Ascension Day
    assert date(2025, 6, 9) in holidays  # Whit Monday
    assert len(holidays) == 9


def test_working_days_skip_weekends_and_holidays_and_the_same_day_counts_as_zero():
    assert working_days_between(datetime(2025, 3, 3, 9), datetime(2025, 3, 3, 17)) == 0
    assert working_days_between(date(2025, 3, 7), date(2025, 3, 10)) == 1  # Friday -> Monday
    assert working_days_between(date(2025, 4, 17), date(2025, 4, 22)) == 1  # over Easter
    assert working_days_between(date(2025, 3, 3), date(2025, 3, 17)) == 10
    assert working_days_between(date(2025, 3, 3), date(2025, 3, 17), holidays=[date(2025, 3, 12)]) == 9
    assert working_days_between(date(2025, 3, 10), date(2025, 3, 3)) == 0


def test_the_share_of_signals_with_both_tracks_on_time_counts_only_decided_signals():
    tracks = [
        # s1: both on time -> met
        track("s1", V, action=(2025, 3, 4, 10)),
        track("s1", P, action=(2025, 3, 10, 17)),
        # s2: perpetrator track acted late -> not met
        track("s2", V, action=(2025, 3, 4, 10)),
        track("s2", P, action=(2025, 3, 11, 9)),
        # s3: victim track never acted and deadline passed -> not met
        track("s3", V),
        track("s3", P, action=(2025, 3, 5, 9)),
        # s4: deadline still ahead and no action yet -> pending, excluded
        track("s4", V, deadline=(2025, 4, 30, 17)),
        track("s4", P, action=(2025, 3, 5, 9)),
        # s5: only a victim track -> excluded
        track("s5", V, action=(2025, 3, 4, 10)),
        # s6: two victim tracks, one late -> not met
        track("s6", V, action=(2025, 3, 4, 10)),
        track("s6", V, action=(2025, 3, 20, 10)),
        track("s6", P, action=(2025, 3, 4, 10)),
        # s7: no deadline on one track -> excluded
        track("s7", V, deadline=None, action=(2025, 3, 4, 10)),
        track("s7", P, action=(2025, 3, 4, 10)),
    ]
    result = both_tracks_on_time(tracks, as_of=AS_OF)
    assert (result.numerator, result.denominator) == (1, 4)
    assert result.share == 0.25
    assert result.excluded == {"pending": 1, "missing_track": 1, "no_deadline": 1}


def test_median_and_p90_time_to_first_action_in_working_days_and_hours():
    # Created Monday 3 March 09:00; actions after 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 working days.
    actions = [(2025, 3, d, 9) for d in (3, 4, 5, 6, 7, 10, 11, 12, 13, 14)]
    tracks = [track(f"s{i}", V, action=a) for i, a in enumerate(actions)]
    tracks.append(track("open", V))
    tracks.append(track("p", P, action=(2025, 3, 31, 9)))
    days = time_to_first_action(tracks, kind=V)
    assert days.count == 10
    assert days.median == 4.5
    assert days.p90 == 8
    assert days.not_yet_acted == 1
    hours = time_to_first_action(
        [track("h1", V, action=(2025, 3, 3, 11)), track("h2", P, action=(2025, 3, 4, 9))], unit="hours"
    )
    assert hours.median == 13
    assert hours.p90 == 24


def test_nearest_rank_percentile_returns_an_observed_value():
    assert nearest_rank_percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    assert nearest_rank_percentile([5], 90) == 5
    assert nearest_rank_percentile([], 90) is None


def test_stuck_signals_are_counted_per_organisation_once_per_signal():
    quiet = datetime(2025, 3, 3, 9)  # 20 working days before AS_OF
    recent = datetime(2025, 3, 26, 9)
    tracks = [
        track("s1", V, org="A", last_state_change_at=quiet),
        track("s1", P, org="A", last_state_change_at=quiet),
        track("s2", V, org="A", last_state_change_at=recent),
        track("s3", V, org="B", last_state_change_at=quiet, closed_at=datetime(2025, 3, 20)),
        track("s4", V, org="C", created=(2025, 3, 14, 9)),  # 11 working days, no change since creation
    ]
    assert stuck_per_organisation(tracks, as_of=AS_OF, working_days=10) == {"A": 1, "C": 1}
    assert not is_stuck(tracks[2], as_of=AS_OF)
    assert is_stuck(tracks[4], as_of=AS_OF, working_days=11)
    assert not is_stuck(tracks[4], as_of=AS_OF, working_days=12)


def test_victims_are_counted_as_people_and_suspects_never_count():
    start, end = datetime(2025, 1, 1), datetime(2025, 4, 1)
    people = [
        PersonFacts("p1", PersonRole.VICTIM, datetime(2025, 1, 5), datetime(2025, 1, 6)),
        PersonFacts("p1", PersonRole.VICTIM, datetime(2025, 2, 5)),  # same person in a second signal
        PersonFacts("p2", PersonRole.VICTIM, datetime(2025, 3, 1)),
        PersonFacts("p3", PersonRole.SUSPECT, datetime(2025, 3, 1), datetime(2025, 3, 2)),
        PersonFacts("p4", PersonRole.VICTIM, datetime(2024, 12, 1), datetime(2025, 1, 10)),
        PersonFacts("p4", PersonRole.SUSPECT),
        PersonFacts("p5", PersonRole.VICTIM, datetime(2025, 4, 1)),  # end is exclusive
    ]
    counts = victims_identified_and_sheltered(people, start=start, end=end)
    assert (counts.identified, counts.placed_in_shelter) == (2, 2)


def test_feedback_share_counts_reachable_reporters_who_asked_for_it():
    reporters = [
        ReporterFacts("s1", "citizen", True, True, datetime(2025, 3, 1)),
        ReporterFacts("s2", "citizen", True, True, None),
        ReporterFacts("s3", "citizen", True, False),
        ReporterFacts("s4", "professional", False, True),
        ReporterFacts("s5", "professional", True, True, datetime(2025, 4, 2)),
    ]
    result = feedback_share(reporters, as_of=AS_OF)
    assert (result.numerator, result.denominator) == (1, 3)
    assert result.excluded == {"anonymous": 1, "not_requested": 1}
    by_type = feedback_share_by_reporter_type(reporters)
    assert by_type["citizen"].share == 0.5
    assert by_type["professional"].share == 1.0


def test_links_across_regions_are_counted_at_the_chosen_level():
    links = [
        LinkFacts("l1", frozenset({"GM0363", "VR13"}), frozenset({"GM0362", "VR13"})),
        LinkFacts("l2", frozenset({"GM0363", "VR13"}), frozenset({"GM0014", "VR01"})),
        LinkFacts("l3", frozenset({"GM0363", "VR13"}), frozenset({"GM0014", "VR01"}), confirmed=False),
        LinkFacts("l4", frozenset({"GM0363", "VR13"}), frozenset()),
    ]
    by_region = cross_region_links(links)
    assert (by_region.numerator, by_region.denominator) == (1, 2)
    assert by_region.excluded == {"unconfirmed": 1, "unknown_region": 1}
    by_municipality = cross_region_links(links, level="municipality", include_unconfirmed=True)
    assert (by_municipality.numerator, by_municipality.denominator) == (3, 3)
    with pytest.raises(KeyError):
        cross_region_links(links, level="planet")
