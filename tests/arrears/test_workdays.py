"""Tests for arrears.workdays: pure Chinese working-day arithmetic (no Django, no database).

Pinned dates come from the State Council holiday notices (国务院办公厅关于…部分节假日安排的通知)
and were counted by hand; the comments show the count.
"""

from datetime import date, datetime, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arrears import workdays
from arrears.workdays import DueDate, WorkCalendar

# One shared calendar without overrides: its per-year cache makes the property test fast.
CALENDAR = WorkCalendar()


def test_workdays_plain_weekdays_and_weekends():
    assert CALENDAR.is_working_day(date(2023, 3, 15))  # Wednesday
    assert not CALENDAR.is_working_day(date(2023, 3, 18))  # Saturday
    assert not CALENDAR.is_working_day(date(2023, 3, 19))  # Sunday


def test_workdays_spring_festival_2022_skips_holidays_and_counts_swapped_weekend():
    # 2022 notice: 1月31日至2月6日放假调休，共7天。1月29日（周六）、1月30日（周日）上班。
    # From Fri 28 Jan: Sat 29 = 1, Sun 30 = 2, Mon 31 … Sun 6 Feb off,
    # Mon 7 Feb = 3, Tue 8 Feb = 4, Wed 9 Feb = 5.
    result = CALENDAR.add_working_days(date(2022, 1, 28), 5)

    assert result == DueDate(
        start=date(2022, 1, 28),
        days=5,
        due=date(2022, 2, 9),
        skipped=(
            date(2022, 1, 31),
            date(2022, 2, 1),
            date(2022, 2, 2),
            date(2022, 2, 3),
            date(2022, 2, 4),
        ),
        extra_workdays=(date(2022, 1, 29), date(2022, 1, 30)),
    )
    assert result.due.weekday() == 2  # Wednesday, not Tuesday 8 Feb.


def test_workdays_sixty_days_across_national_day_2025():
    # 2025 notice: 国庆节、中秋节：10月1日至8日放假调休，共8天。
    #              9月28日（周日）、10月11日（周六）上班。
    # From Mon 15 Sep: 16-19 Sep = 4, 22-26 Sep = 9, Sun 28 Sep = 10, 29-30 Sep = 12,
    # 1-8 Oct off, 9-10 Oct = 14, Sat 11 Oct = 15, then nine full weeks
    # (13 Oct … 12 Dec) = 15 + 45 = 60: due Fri 12 Dec.
    result = CALENDAR.add_working_days(date(2025, 9, 15), 60)

    assert result.due == date(2025, 12, 12)
    assert result.skipped == (
        date(2025, 10, 1),
        date(2025, 10, 2),
        date(2025, 10, 3),
        date(2025, 10, 6),
        date(2025, 10, 7),
        date(2025, 10, 8),
    )
    assert result.extra_workdays == (date(2025, 9, 28), date(2025, 10, 11))


def test_workdays_sixty_days_across_national_day_2024():
    # 2024 notice: 国庆节：10月1日至7日放假调休，共7天。9月29日（周日）、10月12日（周六）上班。
    # From Fri 20 Sep: 23-27 Sep = 5, Sun 29 Sep = 6, Mon 30 Sep = 7, 1-7 Oct off,
    # 8-11 Oct = 11, Sat 12 Oct = 12, 14 Oct … 13 Dec (9 weeks) = 57, 16-18 Dec = 60.
    result = CALENDAR.add_working_days(date(2024, 9, 20), 60)

    assert result.due == date(2024, 12, 18)
    assert result.skipped == (
        date(2024, 10, 1),
        date(2024, 10, 2),
        date(2024, 10, 3),
        date(2024, 10, 4),
        date(2024, 10, 7),
    )
    assert result.extra_workdays == (date(2024, 9, 29), date(2024, 10, 12))


def test_workdays_extension_adds_thirty_more_working_days():
    first = CALENDAR.add_working_days(date(2025, 9, 15), 60)
    # 30 more from Fri 12 Dec 2025: 15-19 Dec = 5, 22-26 Dec = 10, 29-31 Dec = 13,
    # 1-3 Jan 2026 off, Sun 4 Jan = 14, 5-9 Jan = 19, 12-16 Jan = 24, 19-23 Jan = 29,
    # Mon 26 Jan = 30.
    extended = CALENDAR.add_working_days(first.due, 30)

    assert extended.due == date(2026, 1, 26)
    assert extended.skipped == (date(2026, 1, 1), date(2026, 1, 2))
    assert extended.extra_workdays == (date(2026, 1, 4),)
    assert CALENDAR.add_working_days(date(2025, 9, 15), 90).due == extended.due


def test_workdays_span_across_year_end():
    # 2026 notice: 元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    # From Mon 29 Dec 2025: Tue 30 = 1, Wed 31 = 2, 1-3 Jan off, Sun 4 Jan = 3,
    # Mon 5 Jan = 4, Tue 6 Jan = 5.
    result = CALENDAR.add_working_days(date(2025, 12, 29), 5)

    assert result.due == date(2026, 1, 6)
    assert result.skipped == (date(2026, 1, 1), date(2026, 1, 2))
    assert result.extra_workdays == (date(2026, 1, 4),)


def test_workdays_swap_announced_in_next_years_notice():
    # The 2002 notice moved work to Sat 29 and Sun 30 Dec 2001 (for 2-3 Jan 2002 off).
    assert CALENDAR.is_working_day(date(2001, 12, 29))
    assert CALENDAR.is_working_day(date(2001, 12, 30))
    assert not CALENDAR.is_working_day(date(2002, 1, 2))


def test_workdays_zero_days_returns_start():
    start = date(2022, 1, 29)  # A swapped working Saturday; still not counted.

    assert CALENDAR.add_working_days(start, 0) == DueDate(start=start, days=0, due=start)


def test_workdays_start_day_is_not_counted():
    # Mon 13 Mar 2023 + 1 working day is Tue 14 Mar, not Monday itself.
    assert CALENDAR.add_working_days(date(2023, 3, 13), 1).due == date(2023, 3, 14)
    # From a Friday, the next working day is the Monday.
    assert CALENDAR.add_working_days(date(2023, 3, 17), 1).due == date(2023, 3, 20)


def test_workdays_negative_days_raises():
    with pytest.raises(ValueError, match="days must be >= 0"):
        CALENDAR.add_working_days(date(2022, 1, 28), -1)


def test_workdays_datetime_is_refused():
    with pytest.raises(TypeError):
        CALENDAR.is_working_day(datetime(2022, 1, 28, 9, 0))  # noqa: DTZ001
    with pytest.raises(TypeError):
        WorkCalendar({datetime(2022, 1, 28, 9, 0): True})  # noqa: DTZ001


def test_workdays_package_has_no_swaps_for_2027():
    # Guard for the override test below: holidays 0.109 has swapped working days up to
    # 2026 only. If this fails after an upgrade, move the override test to a later year.
    assert not any(day.year == 2027 for day in holidays.China(years=2027).weekend_workdays)


def test_workdays_overrides_for_year_without_known_swaps_change_result():
    start = date(2027, 3, 5)  # Friday; no holidays in the following two weeks.
    saturday, wednesday = date(2027, 3, 6), date(2027, 3, 10)
    # Without overrides: Mon 8 … Fri 12 Mar.
    assert CALENDAR.add_working_days(start, 5).due == date(2027, 3, 12)

    # A Saturday marked working: Sat 6, Mon 8 … Thu 11 Mar.
    with_saturday = WorkCalendar({saturday: True}).add_working_days(start, 5)
    assert with_saturday.due == date(2027, 3, 11)
    assert with_saturday.extra_workdays == (saturday,)
    assert with_saturday.skipped == ()

    # A weekday marked holiday: Mon 8, Tue 9, Thu 11, Fri 12, Mon 15 Mar.
    with_holiday = WorkCalendar({wednesday: False}).add_working_days(start, 5)
    assert with_holiday.due == date(2027, 3, 15)
    assert with_holiday.skipped == (wednesday,)
    assert with_holiday.extra_workdays == ()

    # Both: Sat 6, Mon 8, Tue 9, Thu 11, Fri 12 Mar.
    both = WorkCalendar({saturday: True, wednesday: False})
    assert both.is_working_day(saturday)
    assert not both.is_working_day(wednesday)
    result = both.add_working_days(start, 5)
    assert result.due == date(2027, 3, 12)
    assert result.skipped == (wednesday,)
    assert result.extra_workdays == (saturday,)


def test_workdays_override_contradicting_package_wins():
    # The package says Sat 29 Jan 2022 is a swapped working day; the override says no.
    # From Fri 28 Jan: Sun 30 = 1, Mon 7 Feb = 2, … Thu 10 Feb = 5.
    no_saturday = WorkCalendar({date(2022, 1, 29): False})
    assert not no_saturday.is_working_day(date(2022, 1, 29))
    result = no_saturday.add_working_days(date(2022, 1, 28), 5)
    assert result.due == date(2022, 2, 10)
    assert result.extra_workdays == (date(2022, 1, 30),)

    # The package says Tue 1 Feb 2022 (Spring Festival) is off; the override says work.
    # From Fri 28 Jan: Sat 29 = 1, Sun 30 = 2, Tue 1 Feb = 3, Mon 7 = 4, Tue 8 = 5.
    festival_worked = WorkCalendar({date(2022, 2, 1): True})
    assert festival_worked.is_working_day(date(2022, 2, 1))
    result = festival_worked.add_working_days(date(2022, 1, 28), 5)
    assert result.due == date(2022, 2, 8)
    assert date(2022, 2, 1) not in result.skipped


def test_workdays_caches_one_holiday_table_per_year(monkeypatch):
    built: list[int] = []
    real_china = holidays.China

    def counting_china(*, years: int, expand: bool) -> holidays.HolidayBase:
        built.append(years)
        return real_china(years=years, expand=expand)

    monkeypatch.setattr(workdays.holidays, "China", counting_china)
    calendar = WorkCalendar()
    calendar.add_working_days(date(2025, 12, 29), 5)
    calendar.add_working_days(date(2025, 12, 1), 40)

    assert built == [2025, 2026]


@settings(deadline=None, max_examples=200)
@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 12, 31)),
    days=st.integers(min_value=0, max_value=80),
)
def test_workdays_property_due_counts_exactly_days_working_days(start: date, days: int):
    result = CALENDAR.add_working_days(start, days)

    assert result.due >= start
    if days == 0:
        assert result.due == start
    else:
        assert CALENDAR.is_working_day(result.due)
    span = [start + timedelta(days=n) for n in range(1, (result.due - start).days + 1)]
    assert sum(CALENDAR.is_working_day(day) for day in span) == days
    assert result.skipped == tuple(
        day for day in span if day.weekday() < 5 and not CALENDAR.is_working_day(day)
    )
    assert result.extra_workdays == tuple(
        day for day in span if day.weekday() >= 5 and CALENDAR.is_working_day(day)
    )
