"""Filters of the complaint list (DESIGN §7.3)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from arrears.api.filters import RegionSubtreeFilter
from arrears.models import Campaign, Employer, Office
from complaints.models import Complaint
from complaints.workflow import Stage


class ComplaintFilter(django_filters.FilterSet):
    stage = django_filters.MultipleChoiceFilter(choices=Stage.choices)
    office = django_filters.ModelChoiceFilter(queryset=Office.objects.only("pk"))
    region = RegionSubtreeFilter(field_name="work_region")
    sector = django_filters.CharFilter(field_name="sector_id")
    employer = django_filters.ModelChoiceFilter(queryset=Employer.objects.only("pk"))
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.only("pk"))
    overdue = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")], method="filter_overdue"
    )
    received_after = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="gte")
    received_before = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="lt")
    search = django_filters.CharFilter(
        method="filter_search", help_text="reference, case number or employer name"
    )

    class Meta:
        model = Complaint
        fields: list[str] = []

    def filter_overdue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        overdue = Q(next_due__lt=timezone.localdate())
        return queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(reference=value.upper()) | Q(case_number=value) | Q(employer__name__icontains=value)
        )
