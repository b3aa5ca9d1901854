import datetime

from samen.casework.calendar import add_working_days, dutch_public_holidays, working_days_between
from samen.insights import kpis


def test_a_track_entering_a_state_on_friday_with_one_working_day_is_due_on_monday():
    assert add_working_days(datetime.date(2026, 3, 13), 1) == datetime.date(2026, 3, 16)


def test_easter_monday_and_kings_day_do_not_count():
    # 2026: Good Friday 3 April, Easter Monday 6 April, King's Day Monday 27 April.
    assert add_working_days(datetime.date(2026, 4, 2), 1) == datetime.date(2026, 4, 7)
    assert add_working_days(datetime.date(2026, 4, 24), 1) == datetime.date(2026, 4, 28)


def test_the_calendar_agrees_with_the_insights_definition():
    for year in range(2024, 2031):
        assert sorted(dutch_public_holidays(year)) == kpis.dutch_public_holidays(year)
    start = datetime.date(2026, 1, 1)
    for days in range(0, 400, 7):
        end = start + datetime.timedelta(days=days)
        assert working_days_between(start, end) == kpis.working_days_between(start, end)


def test_adding_then_counting_working_days_gives_the_same_number():
    start = datetime.date(2026, 12, 23)
    for days in range(0, 30):
        assert working_days_between(start, add_working_days(start, days)) == days
