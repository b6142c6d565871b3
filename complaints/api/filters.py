"""Filters of the complaint list (DESIGN §7.3)."""

from __future__ import annotations

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_filters.fields import IsoDateTimeField

from arrears.api.filters import (
    SECTOR_CHOICES,
    IdFilter,
    RegionSubtreeFilter,
    StrictBooleanFilter,
    StrictFilterSet,
)
from arrears.validators import ascii_digits
from complaints import clocks
from complaints.models import Complaint
from complaints.workflow import Stage


class InstantField(IsoDateTimeField):
    """An ISO 8601 date and time, turned into UTC: the instant is what is compared, and
    PostgreSQL takes UTC offsets only up to ±15:59 where ISO 8601 (and Python) go to ±23:59."""

    def to_python(self, value: object) -> datetime.datetime | None:
        if isinstance(value, str):
            value = ascii_digits(value)  # Django's parser reads every script's digits
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(datetime.UTC)
        except OverflowError:  # before 0001-01-01 or after 9999-12-31 once in UTC
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class InstantFilter(django_filters.IsoDateTimeFilter):
    field_class = InstantField


class ComplaintFilter(StrictFilterSet):
    # A column of the complaint itself: no join, so no duplicate rows to remove (django-filter's
    # default DISTINCT over every selected column cost seconds at a million complaints).
    stage = django_filters.MultipleChoiceFilter(choices=Stage.choices, distinct=False)
    office = IdFilter(field_name="office_id", help_text="office id")
    region = RegionSubtreeFilter(field_name="work_region")
    sector = django_filters.ChoiceFilter(field_name="sector_id", choices=SECTOR_CHOICES)
    employer = IdFilter(field_name="employer_id", help_text="employer id")
    campaign = IdFilter(field_name="campaign_id", help_text="campaign id")
    overdue = StrictBooleanFilter(method="filter_overdue", help_text="past the running deadline")
    received_after = InstantFilter(field_name="received_at", lookup_expr="gte")
    received_before = InstantFilter(field_name="received_at", lookup_expr="lt")
    search = django_filters.CharFilter(
        method="filter_search", help_text="reference, case number or employer name"
    )

    class Meta:
        model = Complaint
        fields: list[str] = []

    def filter_overdue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        overdue = clocks.overdue(timezone.localdate())
        return queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(reference=value.upper()) | Q(case_number=value) | Q(employer__name__icontains=value)
        )
