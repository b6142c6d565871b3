"""Query-string filters of the reference-data API (django-filter), and reusable pieces."""

from __future__ import annotations

import re

from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from arrears import formfields
from arrears.models import Employer, Office, Region, RegionLevel
from arrears.reference import SECTORS
from arrears.selectors import region_ancestor_codes
from arrears.validators import fold, normalize_employer_name

REGION_CODE = r"^[0-9]{6}$"
SECTOR_CHOICES = [(code, code) for code, *_ in SECTORS]
# The upper bound of an id in a filter or query parameter. Primary keys are BigAutoField (up to
# 2**63 - 1); the bound is a signed 32-bit integer's, far above any table here and a value every
# client's plain integer type holds. A larger id is a 400 rather than an overflow downstream.
MAX_ID = 2**31 - 1


@extend_schema_field({"type": "string", "pattern": REGION_CODE})
class RegionCodeFilter(filters.CharFilter):
    """A 6-digit region code (GB/T 2260); anything else is a 400."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "validators", [RegexValidator(REGION_CODE, _("Enter a 6-digit region code."))]
        )
        super().__init__(*args, **kwargs)


class RegionSubtreeFilter(RegionCodeFilter):
    """Keep the rows whose region (`field_name`, a Region foreign key) lies in the subtree of the
    region whose 6-digit code is given (DESIGN §3.1: code prefix by level). A well-formed code
    that names no region matches nothing. Reusable for any `?region=` that means "in this
    province / city / county"."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("help_text", "Region code (6 digits): rows in that region's subtree.")
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        region = Region.objects.only("code", "level").filter(code=value).first()
        if region is None:
            return qs.none()
        return qs.filter(**{f"{self.field_name}__code__startswith": region.prefix})


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """An object's id: a whole number from 1; an id that names nothing matches nothing."""

    field_class = formfields.IntegerField  # "١" is not the id 1

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "boolean"})
class StrictBooleanFilter(filters.ChoiceFilter):
    """A yes/no filter that answers 400 to anything but `true` or `false`, where django-filter's
    own boolean filter silently ignores a value it does not understand."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if value in ("", None):
            return qs
        return qs.filter(**{self.field_name: value == "true"})


FREE_TEXT = (filters.CharFilter,)


class StrictFilterSet(filters.FilterSet):
    """A filter set whose typed parameters (codes, ids, yes/no, dates, choices) refuse an empty
    value, as their schema does, instead of ignoring it; free-text ones (`q`, `search`) may be
    empty. Leave a parameter out to not filter by it."""

    def get_form_class(self):
        form_class = super().get_form_class()
        typed = [
            name
            for name, field in self.filters.items()
            if not isinstance(field, FREE_TEXT) or isinstance(field, RegionCodeFilter)
        ]

        class Form(form_class):
            def clean(form) -> dict:
                cleaned = super().clean()
                for name in typed:
                    values = form.data.getlist(name) if hasattr(form.data, "getlist") else []
                    if "" in values:
                        form.add_error(name, _("Give a value, or leave the parameter out."))
                return cleaned

        return Form


class StableOrderingFilter(OrderingFilter):
    """`?ordering=` as a comma-separated list of the view's `ordering_fields`, each optionally
    prefixed by `-` (no spaces); anything else is a 400, where DRF would ignore it. Rows are then
    ordered by primary key, so that ties never move rows between pages."""

    def _pattern(self, view) -> str:
        names = "|".join(re.escape(name) for name in getattr(view, "ordering_fields", ()))
        return rf"^-?({names})(,-?({names}))*$"

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw is None:
            ordering = self.get_default_ordering(view)
        elif re.fullmatch(self._pattern(view), raw):
            ordering = raw.split(",")
        else:
            fields = ", ".join(getattr(view, "ordering_fields", ()))
            raise ValidationError(
                {self.ordering_param: [_("Order by any of: %(fields)s.") % {"fields": fields}]}
            )
        if ordering and not {"pk", "-pk"} & set(ordering):
            ordering = [*ordering, "pk"]
        return ordering

    def get_schema_operation_parameters(self, view) -> list[dict]:
        fields = ", ".join(getattr(view, "ordering_fields", ()))
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": f"Comma-separated, `-` for descending: {fields}.",
                "schema": {"type": "string", "pattern": self._pattern(view)},
            }
        ]


class RegionFilter(StrictFilterSet):
    parent = RegionCodeFilter(
        field_name="parent_id",
        help_text="Code of a region: its children (cities of a province, counties of a city).",
    )
    level = filters.ChoiceFilter(choices=RegionLevel.choices)
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", help_text="Name contains.")

    class Meta:
        model = Region
        fields = ["parent", "level", "q"]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """Filter as asked; with no filter at all, list the top of the tree (the provinces)."""
        if not any(self.form.cleaned_data.get(name) for name in self.filters):
            queryset = queryset.filter(parent__isnull=True)
        return super().filter_queryset(queryset)


class PublicOfficeFilter(StrictFilterSet):
    region = RegionCodeFilter(
        method="filter_region",
        help_text="Region code (6 digits): the offices that cover it (the county's, the city's "
        "and the province's office) and those inside it.",
    )
    duty_24h = StrictBooleanFilter(help_text="On 24-hour duty: true or false.")

    class Meta:
        model = Office
        fields = ["region", "duty_24h"]

    def filter_region(self, queryset: QuerySet, name: str, code: str) -> QuerySet:
        region = Region.objects.only("code", "level").filter(code=code).first()
        if region is None:
            return queryset.none()
        return queryset.filter(
            Q(region_id__in=region_ancestor_codes(region.code))
            | Q(region__code__startswith=region.prefix)
        )


class EmployerFilter(StrictFilterSet):
    q = filters.CharFilter(
        method="filter_q",
        help_text="Name contains (also ignoring spaces, full-width forms and company suffixes), "
        "or the exact credit code.",
    )
    uscc = filters.CharFilter(method="filter_uscc", help_text="Unified social credit code.")
    region = RegionSubtreeFilter(field_name="region")
    sector = filters.ChoiceFilter(
        field_name="sector_id", choices=SECTOR_CHOICES, help_text="Sector code."
    )

    class Meta:
        model = Employer
        fields = ["q", "uscc", "region", "sector"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = fold(value)
        match = Q(name__icontains=value) | Q(uscc=value.upper())
        key = normalize_employer_name(value)
        if key:
            match |= Q(name_key__contains=key)
        return queryset.filter(match)

    def filter_uscc(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(uscc="".join(fold(value).split()).upper())
