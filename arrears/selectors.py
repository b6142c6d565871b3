"""Reads over reference data shared by several callers."""

from __future__ import annotations

import datetime

from .models import CalendarDay, Campaign, Office, Region, region_prefix
from .workdays import WorkCalendar


def work_calendar() -> WorkCalendar:
    """Return the working-day calendar with every override from the database applied."""
    return WorkCalendar(dict(CalendarDay.objects.values_list("date", "is_workday")))


def region_ancestor_codes(code: str) -> list[str]:
    """Return the codes of `code` and of the city and province above it, most specific first."""
    codes = [code, code[:4] + "00", code[:2] + "0000"]
    return list(dict.fromkeys(codes))


def office_for_region(region: Region) -> Office | None:
    """Return the office whose jurisdiction contains `region`: county first, else city, else
    province; None when no office covers it."""
    codes = region_ancestor_codes(region.code)
    offices = {o.region_id: o for o in Office.objects.filter(region_id__in=codes)}
    return next((offices[c] for c in codes if c in offices), None)


def campaign_for_date(day: datetime.date) -> Campaign | None:
    """Return the campaign whose dates contain `day`, if any."""
    return Campaign.objects.filter(starts_on__lte=day, ends_on__gte=day).first()


def region_contains(ancestor: Region, code: str) -> bool:
    """Return whether the region `code` lies in the subtree of `ancestor`."""
    return code.startswith(region_prefix(ancestor.code, ancestor.level))
