"""Deadline rules of tracks.

- Each (track kind, state) has a number of working days, read from `StateDeadline` rows that an
  administrator edits; `DEFAULT_WORKING_DAYS` seeds them and applies when a row is missing.
- A track's deadline is that many working days after the day it entered the state
  (`calendar.add_working_days`: weekends and Dutch public holidays do not count).
- Closed states (outcome, waived) have no deadline.
- A track is overdue on the day after its deadline.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from samen.casework.calendar import add_working_days
from samen.casework.workflow import CLOSED_STATES, State

DEFAULT_WORKING_DAYS: dict[tuple[str, str], int] = {
    ("victim", State.NEW): 1,
    ("victim", State.TRIAGE): 3,
    ("victim", State.IN_PROGRESS): 20,
    ("victim", State.WAITING): 10,
    ("victim", State.TRANSFER_PENDING): 2,
    ("perpetrator", State.NEW): 2,
    ("perpetrator", State.TRIAGE): 5,
    ("perpetrator", State.IN_PROGRESS): 40,
    ("perpetrator", State.WAITING): 15,
    ("perpetrator", State.TRANSFER_PENDING): 2,
}


def working_days_for(kind: str, state: str) -> int | None:
    from samen.casework.models import StateDeadline

    if state in CLOSED_STATES:
        return None
    row = StateDeadline.objects.filter(kind=kind, state=state).values_list("working_days", flat=True).first()
    return row if row is not None else DEFAULT_WORKING_DAYS.get((kind, state))


def due_on_for(kind: str, state: str, *, entered: datetime.date | None = None) -> datetime.date | None:
    days = working_days_for(kind, state)
    if days is None:
        return None
    return add_working_days(entered or timezone.localdate(), days)


def is_overdue(due_on: datetime.date | None, *, today: datetime.date | None = None) -> bool:
    return due_on is not None and due_on < (today or timezone.localdate())
