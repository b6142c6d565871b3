"""Days and moments in the project's time zone, for back-dating the demo's steps."""

from __future__ import annotations

import datetime

from django.utils import timezone

DAY = datetime.timedelta(days=1)


def moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """Return `day` at hour:minute in the project's time zone."""
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=tz)


def months_back(end: datetime.date, months: int) -> datetime.date:
    """Return the first day of the month `months - 1` months before `end`'s month."""
    index = end.year * 12 + end.month - months
    return datetime.date(index // 12, index % 12 + 1, 1)
