"""Query-string filters of the reference-data API (django-filter), and reusable pieces."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters
from rest_framework.filters import OrderingFilter

from arrears.models import Employer, Office, Region, RegionLevel, Sector
from arrears.selectors import region_ancestor_codes
from arrears.validators import fold, normalize_employer_name

_REGION_CODE = RegexValidator(r"^[0-9]{6}$")


class RegionSubtreeFilter(filters.ModelChoiceFilter):
    """Keep the rows whose region (`field_name`, a Region foreign key) lies in the subtree of the
    region whose 6-digit code is given (DESIGN §3.1: code prefix by level); an unknown code is a
    400. Reusable for any `?region=` that means "in this province / city / county"."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("queryset", Region.objects.only("code", "level"))
        kwargs.setdefault("help_text", "Region code (6 digits): rows in that region's subtree.")
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: Region | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__code__startswith": value.prefix})


class StrictBooleanFilter(filters.ChoiceFilter):
    """A yes/no filter that answers 400 to anything but `true` or `false`, where django-filter's
    own boolean filter silently ignores a value it does not understand."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if value in ("", None):
            return qs
        return qs.filter(**{self.field_name: value == "true"})


class StableOrderingFilter(OrderingFilter):
    """Order as asked (`?ordering=`), then by primary key: ties never move rows between pages."""

    def get_ordering(self, request, queryset, view):  # noqa: ANN001, ANN201
        ordering = super().get_ordering(request, queryset, view)
        if ordering and not {"pk", "-pk"} & set(ordering):
            ordering = [*ordering, "pk"]
        return ordering


class RegionFilter(filters.FilterSet):
    parent = filters.CharFilter(
        field_name="parent_id",
        validators=[_REGION_CODE],
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


class PublicOfficeFilter(filters.FilterSet):
    region = filters.ModelChoiceFilter(
        queryset=Region.objects.only("code", "level"),
        method="filter_region",
        help_text="Region code (6 digits): the offices that cover it (the county's, the city's "
        "and the province's office) and those inside it.",
    )
    duty_24h = StrictBooleanFilter(help_text="On 24-hour duty: true or false.")

    class Meta:
        model = Office
        fields = ["region", "duty_24h"]

    def filter_region(self, queryset: QuerySet, name: str, region: Region) -> QuerySet:
        return queryset.filter(
            Q(region_id__in=region_ancestor_codes(region.code))
            | Q(region__code__startswith=region.prefix)
        )


class EmployerFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q",
        help_text="Name contains (also ignoring spaces, full-width forms and company suffixes), "
        "or the exact credit code.",
    )
    uscc = filters.CharFilter(method="filter_uscc", help_text="Unified social credit code.")
    region = RegionSubtreeFilter(field_name="region")
    sector = filters.ModelChoiceFilter(queryset=Sector.objects.all(), help_text="Sector code.")

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
