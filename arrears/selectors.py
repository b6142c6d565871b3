"""Reads over reference data shared by several callers."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db.models import Q, QuerySet

from .models import CalendarDay, Campaign, Office, Region, RegionLevel, region_prefix
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
    return offices_for_regions([region.code])[region.code]


def offices_for_regions(codes: list[str]) -> dict[str, Office | None]:
    """Return, for each region code, the office `office_for_region` gives it, in one query."""
    ancestors = {code: region_ancestor_codes(code) for code in codes}
    wanted = {c for chain in ancestors.values() for c in chain}
    offices = {o.region_id: o for o in Office.objects.filter(region_id__in=wanted)}
    return {
        code: next((offices[c] for c in chain if c in offices), None)
        for code, chain in ancestors.items()
    }


def public_offices() -> QuerySet[Office]:
    """Return the offices listed publicly, with their region (ordered by region code)."""
    return Office.objects.filter(public=True).select_related("region", "region__parent")


def campaign_for_date(day: datetime.date) -> Campaign | None:
    """Return the campaign whose dates contain `day`, if any."""
    return Campaign.objects.filter(starts_on__lte=day, ends_on__gte=day).first()


CAMPAIGN_CACHE_SECONDS = 300


def campaign_end_for_date(day: datetime.date) -> datetime.date | None:
    """Return the last day (Spring Festival eve) of the campaign running on `day`, if any.

    Every list asks this for its campaign-risk flag; campaigns change a few times a year, so
    the answer is cached for a few minutes (in Redis when configured) instead of queried.
    """
    key = f"campaign-end:{day.isoformat()}"
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    campaign = campaign_for_date(day)
    cache.set(key, campaign.ends_on if campaign else False, CAMPAIGN_CACHE_SECONDS)
    return campaign.ends_on if campaign else None


def region_contains(ancestor: Region, code: str) -> bool:
    """Return whether the region `code` lies in the subtree of `ancestor`."""
    return code.startswith(region_prefix(ancestor.code, ancestor.level))


def blacklist_in_force(today: datetime.date) -> Q:
    """Return the condition of a blacklist entry in force on `today`: not removed, not
    expired."""
    return Q(removed_on__isnull=True, expires_on__gt=today)


def provinces() -> QuerySet[Region]:
    """Return the provinces (and the municipalities and regions of that level), by code."""
    return Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code")


def places_in_province(province: str) -> list[tuple[Region, list[Region]]]:
    """Return where work can be done in `province`: each city with its counties, in code
    order; counties placed directly under the province (the districts of a municipality)
    come under the province itself. Empty for an unknown province. One query."""
    rows = Region.objects.filter(code__startswith=province[:2]).order_by("code")
    heads: dict[str, Region] = {}
    members: dict[str, list[Region]] = {}
    for region in rows:
        if region.level == RegionLevel.COUNTY:
            members.setdefault(region.parent_id, []).append(region)
        else:
            heads[region.code] = region
            members.setdefault(region.code, [])
    if province not in heads or heads[province].level != RegionLevel.PROVINCE:
        return []
    return [
        (head, members[code])
        for code, head in heads.items()
        if head.level == RegionLevel.CITY or members[code]
    ]
