"""Working days in the Netherlands: Monday to Friday except the public holidays.

The holidays are those of the Algemene termijnenwet (art. 3), with Good Friday; the holiday
list itself is defined once in `samen.insights.kpis` and mirrored here so that casework does not
depend on insights (insights sits above casework in the layers). Deadlines of tracks are counted
with `add_working_days`.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from functools import lru_cache

_DAY = datetime.timedelta(days=1)


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@lru_cache(maxsize=64)
def dutch_public_holidays(year: int) -> frozenset[datetime.date]:
    """Algemeen erkende feestdagen in `year`, Good Friday included."""
    easter = easter_sunday(year)
    kings_day = datetime.date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = datetime.date(year, 4, 26)
    return frozenset(
        {
            datetime.date(year, 1, 1),
            easter - 2 * _DAY,
            easter + _DAY,
            kings_day,
            datetime.date(year, 5, 5),
            easter + 39 * _DAY,
            easter + 50 * _DAY,
            datetime.date(year, 12, 25),
            datetime.date(year, 12, 26),
        }
    )


def is_working_day(day: datetime.date, extra: Collection[datetime.date] = ()) -> bool:
    return day.weekday() < 5 and day not in dutch_public_holidays(day.year) and day not in extra


def add_working_days(start: datetime.date, days: int, extra: Collection[datetime.date] = ()) -> datetime.date:
    """The day `days` working days after `start` (0: `start` itself).

    A track that enters a state on Friday with one working day is due on Monday.
    """
    day = start
    remaining = days
    while remaining > 0:
        day += _DAY
        if is_working_day(day, extra):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date, extra: Collection[datetime.date] = ()) -> int:
    """Working days after `start` up to and including `end` (same day or earlier: 0)."""
    count, day = 0, start
    while day < end:
        day += _DAY
        if is_working_day(day, extra):
            count += 1
    return count
