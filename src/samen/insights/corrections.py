"""A signal corrected after it was counted moves in the summary tables.

The refresh counts each signal once, when its id passes the watermark (`aggregates`). An owner
may later correct its municipality or forms (a signal whose reporter did not know the town is
placed; labour exploitation turns out to be criminal exploitation); without this the tables would
keep it where it was at intake, and differ from what `rebuild_insights` counts.

The correction takes the signal's cells as counted before the change off and adds them as they
are now, in the transaction of the change. It locks the watermark first, as the refresh does:
either the refresh counted the signal before the change committed, and this moves it, or the
signal is above the watermark, and the refresh counts it as it is now.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from samen.insights.aggregates import PERSON_COLUMNS, SIGNAL_COLUMNS, WATERMARK, _zone, count_rows
from samen.insights.models import Watermark
from samen.intake.models import Signal, SignalPerson


def count_correction(
    *,
    signal_id: int,
    municipality_before: str,
    forms_before: Iterable[str],
    person_before: dict[str, Any] | None = None,
    person_added: int | None = None,
    **_: Any,
) -> None:
    """Move a counted signal from the cells of its municipality and forms before to those of now;
    with `person_before` (a corrected person's id, and the age, gender and nationality it had), that
    person from the cells it was counted in to those of now; with `person_added` (a person's id),
    count that person, who was not there when the signal was counted."""
    with transaction.atomic():  # the caller's transaction, if it has one (it should)
        mark = Watermark.objects.select_for_update().filter(name=WATERMARK).first()
        if mark is None or signal_id > mark.last_signal_id:
            return
        row = Signal.objects.filter(pk=signal_id).values_list(*SIGNAL_COLUMNS).first()
        if row is None:
            return
        forms_now = list(
            Signal.forms.through.objects.filter(signal_id=signal_id)
            .order_by("exploitationform_id")
            .values_list("exploitationform_id", flat=True)
        )
        rows = SignalPerson.objects.filter(signal_id=signal_id).order_by("pk").values_list("pk", *PERSON_COLUMNS)
        persons = [tuple(person[1:]) for person in rows]
        persons_before = [
            tuple(person_before.get(column, value) for column, value in zip(PERSON_COLUMNS, person[1:], strict=True))
            if person_before is not None and person[0] == person_before["id"]
            else tuple(person[1:])
            for person in rows
            if person[0] != person_added
        ]
        zone = _zone()
        before_row = (*row[:2], municipality_before, *row[3:])
        before = count_rows([before_row], {signal_id: sorted(forms_before)}, persons_before, zone)
        now = count_rows([row], {signal_id: forms_now}, persons, zone)
        now.minus(before).write()
