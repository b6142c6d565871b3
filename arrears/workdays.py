"""Chinese working-day arithmetic for statutory deadlines.

A working day is Monday to Friday, minus the public holidays of the People's Republic of
China, plus the weekend days that the State Council swaps into working days (调休). Both
come from the ``holidays`` package (``holidays.China``). Overrides supplied by the caller
(for example loaded from the database, for years whose schedule the package does not know
yet or where it is wrong) win over both.

The module is pure: no Django, no database, no clock.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import holidays

__all__ = ["DueDate", "WorkCalendar"]

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


def _is_weekend(day: date) -> bool:
    """Return whether ``day`` falls on a Saturday or a Sunday."""
    return day.weekday() >= _SATURDAY


def _require_date(value: object, name: str) -> date:
    """Return ``value`` if it is a plain date; raise ``TypeError`` otherwise.

    A ``datetime`` is refused: it is a ``date`` subclass, but it never equals a date, so
    it would silently miss the overrides.
    """
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
    return value


@dataclass(frozen=True)
class DueDate:
    """The result of counting working days from a start date.

    ``skipped`` holds the weekdays (Monday to Friday) after ``start`` up to ``due`` that
    were not counted (holidays); ``extra_workdays`` holds the Saturdays and Sundays in the
    same span that were counted (swapped working days). Both are in ascending order.
    """

    start: date
    days: int
    due: date
    skipped: tuple[date, ...] = ()
    extra_workdays: tuple[date, ...] = ()


class WorkCalendar:
    """Decide working days in mainland China and count statutory deadlines.

    ``holidays.China`` tables are built lazily, one per calendar year, and cached on the
    instance, so spans across a year end load the next year when they reach it. Create one
    calendar per request (or per batch) so that fresh overrides are picked up.
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        """Store the caller's overrides: ``True`` forces a working day, ``False`` a day off."""
        self._overrides: dict[date, bool] = {
            _require_date(day, "override key"): bool(is_workday)
            for day, is_workday in (overrides or {}).items()
        }
        self._years: dict[int, holidays.HolidayBase] = {}

    def _holidays_for(self, year: int) -> holidays.HolidayBase:
        """Return the cached ``holidays.China`` table for ``year``, building it on first use."""
        table = self._years.get(year)
        if table is None:
            # expand=False: a lookup outside ``year`` must not silently grow this table.
            table = holidays.China(years=year, expand=False)
            self._years[year] = table
        return table

    def is_working_day(self, d: date) -> bool:
        """Return whether ``d`` is a working day, overrides first, then ``holidays.China``."""
        d = _require_date(d, "d")
        override = self._overrides.get(d)
        if override is not None:
            return override
        # The package's own rule: a weekend day works only if it is a swapped working day
        # (``weekend_workdays``, which also lists swaps announced in the next year's notice,
        # e.g. 2001-12-29); a weekday works unless it is a holiday.
        return self._holidays_for(d.year).is_working_day(d)

    def add_working_days(self, start: date, days: int) -> DueDate:
        """Return the date on which the ``days``-th working day after ``start`` falls.

        ``start`` itself is never counted: the period runs from the next day. ``days=0``
        returns ``start`` unchanged. Raise ``ValueError`` if ``days`` is negative.
        """
        start = _require_date(start, "start")
        if days < 0:
            raise ValueError(f"days must be >= 0, got {days}")
        current = start
        counted = 0
        skipped: list[date] = []
        extra: list[date] = []
        while counted < days:
            current += _ONE_DAY
            weekend = _is_weekend(current)
            if self.is_working_day(current):
                counted += 1
                if weekend:
                    extra.append(current)
            elif not weekend:
                skipped.append(current)
        return DueDate(
            start=start,
            days=days,
            due=current,
            skipped=tuple(skipped),
            extra_workdays=tuple(extra),
        )
