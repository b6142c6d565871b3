"""Changelist filters of the back office (DESIGN §7.2): clocks, region tree, flags, my cases."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arrears.models import Region, RegionLevel
from complaints import clocks
from complaints.selectors import GROUP_WORKERS, MAJOR_GROUP_WORKERS


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [
            ("any", _("any clock")),
            ("acceptance", _("acceptance (5 working days)")),
            ("investigation", _("investigation (60 working days)")),
            ("order", _("payment order")),
        ]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value is None:
            return queryset
        clock = value if value in clocks.CLOCK_STAGES else None
        return queryset.filter(clocks.overdue(timezone.localdate(), clock))


class RegionFilter(admin.SimpleListFilter):
    """Drill down province → city → county by code prefix, on the work region."""

    title = _("work region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        value = self.value() or ""
        regions = Region.objects.filter(level=RegionLevel.PROVINCE)
        if len(value) == 6:
            region = Region.objects.filter(code=value).first()
            if region is not None and region.level != RegionLevel.COUNTY:
                regions = Region.objects.filter(parent=region)
            elif region is not None and region.parent_id:
                regions = Region.objects.filter(parent_id=region.parent_id)
        return [(r.code, r.name) for r in regions.only("code", "name")]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if not value:
            return queryset
        region = Region.objects.filter(code=value).only("code", "level").first()
        if region is None:
            return queryset.none()
        return queryset.filter(work_region__code__startswith=region.prefix)


class GroupCaseFilter(admin.SimpleListFilter):
    title = _("group case")
    parameter_name = "group"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("≥ %(n)s workers") % {"n": GROUP_WORKERS}),
            ("major", _("major (≥ %(n)s workers)") % {"n": MAJOR_GROUP_WORKERS}),
        ]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(workers_affected__gte=GROUP_WORKERS)
        if self.value() == "major":
            return queryset.filter(workers_affected__gte=MAJOR_GROUP_WORKERS)
        return queryset


class CrimeThresholdFilter(admin.SimpleListFilter):
    title = _("crime threshold met")
    parameter_name = "crime"

    def lookups(self, request, model_admin):
        return [("yes", _("yes"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            from complaints.selectors import with_flags

            return with_flags(queryset).filter(flag_crime_threshold=True)
        return queryset


class AssignedToMeFilter(admin.SimpleListFilter):
    title = _("assigned")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", _("assigned to me"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(assignees=request.user)
        return queryset


class CampaignRiskFilter(admin.SimpleListFilter):
    """Open complaints whose next deadline falls after the running campaign's end."""

    title = _("campaign risk")
    parameter_name = "risk"

    def lookups(self, request, model_admin):
        return [("yes", _("due after Spring Festival eve"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() != "yes":
            return queryset
        from complaints.selectors import with_flags

        return with_flags(queryset).filter(flag_campaign_risk=True)
