"""The state machine of a track, as data.

`TRANSITIONS` maps (state, event) to the next state, and `REASONS` says for each edge in words
why it exists. `next_state` applies the table and its guards; `services.track_transition` is the
only caller that changes a track, and writes the event row in the same transaction. Nothing else
compares states.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    NEW = "new", _("new")
    TRIAGE = "triage", _("triage")
    IN_PROGRESS = "in_progress", _("in progress")
    WAITING = "waiting", _("waiting for a partner")
    TRANSFER_PENDING = "transfer_pending", _("transfer requested")
    OUTCOME = "outcome", _("closed with an outcome")
    WAIVED = "waived", _("closed without follow-up (waived)")


class Event(models.TextChoices):
    TAKE = "take", _("take")
    START = "start", _("start")
    WAIT = "wait", _("wait for a partner")
    RESUME = "resume", _("resume")
    RECORD_OUTCOME = "record_outcome", _("record outcome")
    WAIVE = "waive", _("waive")
    REOPEN = "reopen", _("reopen")
    TRANSFER = "transfer", _("transfer")
    ACCEPT_TRANSFER = "accept_transfer", _("accept transfer")
    REJECT_TRANSFER = "reject_transfer", _("reject transfer")


class Outcome(models.TextChoices):
    REFERRED_TO_CARE = "referred_to_care", _("referred to care")
    PLACED_IN_SHELTER = "placed_in_shelter", _("placed in shelter")
    B8_GRANTED = "b8_granted", _("B8 reflection period granted")
    INVESTIGATION_STARTED = "investigation_started", _("investigation started")
    ADMINISTRATIVE_MEASURE = "administrative_measure", _("administrative measure")
    LABOUR_INSPECTION = "labour_inspection", _("labour inspection")
    NO_INDICATIONS = "no_indications", _("no indications of trafficking")
    MERGED = "merged", _("merged with another signal")
    OTHER = "other", _("other")


OPEN_STATES = frozenset({State.NEW, State.TRIAGE, State.IN_PROGRESS, State.WAITING, State.TRANSFER_PENDING})
CLOSED_STATES = frozenset({State.OUTCOME, State.WAIVED})
# States in which the owner is working on the track (the public sees "being handled").
TAKEN_STATES = frozenset({State.TRIAGE, State.IN_PROGRESS, State.WAITING})
_ACTIVE = (State.NEW, State.TRIAGE, State.IN_PROGRESS, State.WAITING)

TRANSITIONS: dict[tuple[State, Event], State] = {
    (State.NEW, Event.TAKE): State.TRIAGE,
    (State.TRIAGE, Event.START): State.IN_PROGRESS,
    (State.IN_PROGRESS, Event.WAIT): State.WAITING,
    (State.WAITING, Event.RESUME): State.IN_PROGRESS,
    (State.TRIAGE, Event.RECORD_OUTCOME): State.OUTCOME,
    (State.IN_PROGRESS, Event.RECORD_OUTCOME): State.OUTCOME,
    (State.WAITING, Event.RECORD_OUTCOME): State.OUTCOME,
    **{(state, Event.WAIVE): State.WAIVED for state in _ACTIVE},
    (State.OUTCOME, Event.REOPEN): State.IN_PROGRESS,
    (State.WAIVED, Event.REOPEN): State.IN_PROGRESS,
    **{(state, Event.TRANSFER): State.TRANSFER_PENDING for state in _ACTIVE},
    (State.TRANSFER_PENDING, Event.ACCEPT_TRANSFER): State.NEW,
    (State.TRANSFER_PENDING, Event.REJECT_TRANSFER): State.TRIAGE,
}
# Transitions that go back to the state the track was in before the transfer was asked (any of
# the active states); the table's target applies when that state is not known.
BACK_TO_PREVIOUS = frozenset({(State.TRANSFER_PENDING, Event.REJECT_TRANSFER)})

REASONS: dict[tuple[State, Event], str] = {
    (State.NEW, Event.TAKE): "The owner picks the signal up and assesses it.",
    (State.TRIAGE, Event.START): "The assessment shows follow-up is needed; work starts.",
    (State.IN_PROGRESS, Event.WAIT): "Follow-up waits for a partner (information, a place, a decision).",
    (State.WAITING, Event.RESUME): "The partner answered; work continues.",
    (State.TRIAGE, Event.RECORD_OUTCOME): "The assessment alone settles the track (e.g. no indications).",
    (State.IN_PROGRESS, Event.RECORD_OUTCOME): "The follow-up led to an outcome.",
    (State.WAITING, Event.RECORD_OUTCOME): "The partner's answer settles the track.",
    **{
        (state, Event.WAIVE): "The owner decides, with a reason, that this track needs no follow-up."
        for state in _ACTIVE
    },
    (State.OUTCOME, Event.REOPEN): "New facts: the closed track is worked on again.",
    (State.WAIVED, Event.REOPEN): "New facts: the waived track is worked on again.",
    **{
        (state, Event.TRANSFER): "Another organisation or region is better placed; it must accept first."
        for state in _ACTIVE
    },
    (State.TRANSFER_PENDING, Event.ACCEPT_TRANSFER): "The receiving organisation owns the track from now on.",
    (State.TRANSFER_PENDING, Event.REJECT_TRANSFER): (
        "The receiving organisation declined; the owner keeps it, in the state it was in before."
    ),
}


class TransitionError(ValueError):
    """An event that the table does not allow in the track's state, or a guard that fails."""


def next_state(
    state: str, event: str, *, reason: str = "", outcome: str | None = None, previous: str | None = None
) -> State:
    """The state after `event` in `state`, or `TransitionError` saying why not.

    Guards: recording an outcome needs an outcome; waiving needs a reason in words. `previous` is
    the state before the pending transfer, where a rejected transfer returns to (`BACK_TO_PREVIOUS`).
    """
    try:
        key = (State(state), Event(event))
    except ValueError as error:
        raise TransitionError(f"unknown state or event: {state!r}, {event!r}") from error
    if key not in TRANSITIONS:
        raise TransitionError(f"event {event!r} is not allowed in state {state!r}")
    if key[1] == Event.RECORD_OUTCOME and not outcome:
        raise TransitionError("recording an outcome needs an outcome")
    if key[1] == Event.RECORD_OUTCOME and outcome not in Outcome.values:
        raise TransitionError(f"unknown outcome {outcome!r}")
    if key[1] == Event.WAIVE and not reason.strip():
        raise TransitionError("waiving a track needs a reason")
    if key in BACK_TO_PREVIOUS and previous in _ACTIVE:
        return State(previous)
    return TRANSITIONS[key]


def events_from(state: str) -> list[Event]:
    """The events the table allows in `state`, in the order of `Event`."""
    return [event for event in Event if (State(state), event) in TRANSITIONS]
