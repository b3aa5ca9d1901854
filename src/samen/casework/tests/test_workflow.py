"""The transition table, walked exhaustively without a database."""

from __future__ import annotations

import itertools

import pytest

from samen.casework import workflow
from samen.casework.workflow import REASONS, TRANSITIONS, Event, Outcome, State, TransitionError, next_state


def _arguments(event: Event) -> dict:
    return {"reason": "Geen aanwijzingen na gesprek.", "outcome": Outcome.NO_INDICATIONS}


@pytest.mark.parametrize(("state", "event"), list(itertools.product(State, Event)))
def test_every_pair_of_state_and_event_either_lands_where_the_table_says_or_is_refused(state, event):
    if (state, event) in TRANSITIONS:
        assert next_state(state, event, **_arguments(event)) == TRANSITIONS[(state, event)]
    else:
        with pytest.raises(TransitionError, match="not allowed"):
            next_state(state, event, **_arguments(event))


def test_every_edge_of_the_table_has_a_reason_in_words():
    assert set(REASONS) == set(TRANSITIONS)
    assert all(len(reason.split()) >= 4 for reason in REASONS.values())


def test_every_state_can_be_reached_from_new_and_every_open_state_can_close():
    reachable, frontier = {State.NEW}, [State.NEW]
    while frontier:
        state = frontier.pop()
        for (source, _event), target in TRANSITIONS.items():
            if source == state and target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(State)
    for state in workflow.OPEN_STATES - {State.TRANSFER_PENDING}:
        assert (state, Event.WAIVE) in TRANSITIONS


def test_closed_states_only_reopen():
    for state in workflow.CLOSED_STATES:
        assert workflow.events_from(state) == [Event.REOPEN]


def test_recording_an_outcome_needs_a_known_outcome():
    with pytest.raises(TransitionError, match="needs an outcome"):
        next_state(State.IN_PROGRESS, Event.RECORD_OUTCOME)
    with pytest.raises(TransitionError, match="unknown outcome"):
        next_state(State.IN_PROGRESS, Event.RECORD_OUTCOME, outcome="sunshine")


def test_waiving_a_track_needs_a_reason():
    with pytest.raises(TransitionError, match="needs a reason"):
        next_state(State.TRIAGE, Event.WAIVE, reason="  ")


def test_an_unknown_state_or_event_is_refused_clearly():
    with pytest.raises(TransitionError, match="unknown state or event"):
        next_state("lost", Event.TAKE)
    with pytest.raises(TransitionError, match="unknown state or event"):
        next_state(State.NEW, "dance")
