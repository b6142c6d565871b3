"""Thin API views over reference data: regions, sectors and the public office directory
(DESIGN §7.3). Employers, seen through the caller's complaints, are in complaints.api."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny

from arrears.models import Region, Sector
from arrears.selectors import public_offices
from restapi.schema import error_responses

from . import examples
from .filters import PublicOfficeFilter, RegionFilter
from .serializers import (
    PublicOfficeSerializer,
    RegionSerializer,
    SectorSerializer,
)


class PublicReferenceMixin:
    """Anyone may read; no authentication is attempted, so a stale token cannot break a
    public page and nothing is looked up for it."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


@extend_schema(
    tags=["reference data"],
    summary="List regions (GB/T 2260)",
    examples=examples.REGIONS,
    description="The 31 provinces when no filter is given; `?parent=` for the children of a "
    "region (a cascading province → city → county picker), `?level=` and `?q=` to search "
    "the whole tree. Ordered by code.",
    responses={200: RegionSerializer, **error_responses(400, 404)},
)
class RegionListView(PublicReferenceMixin, generics.ListAPIView):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = RegionFilter


@extend_schema(
    tags=["reference data"],
    summary="List sectors",
    examples=examples.SECTORS,
    description="The fixed list of sectors (codes in DESIGN §7.3), in display order; "
    "not paginated.",
    responses={200: SectorSerializer(many=True)},
)
class SectorListView(PublicReferenceMixin, generics.ListAPIView):
    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    filter_backends: list = []
    pagination_class = None


@extend_schema(
    tags=["public"],
    summary="List the public inspection offices",
    examples=examples.OFFICES,
    description="Offices listed in the public directory. `?region=<code>` gives the offices "
    "that cover that region (its own, its city's and its province's: where a worker can "
    "complain about work done there) together with the offices inside it. Ordered by "
    "region code, so the province comes first and the most local office last.",
    responses={200: PublicOfficeSerializer, **error_responses(400, 404)},
)
class PublicOfficeListView(PublicReferenceMixin, generics.ListAPIView):
    queryset = public_offices()
    serializer_class = PublicOfficeSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PublicOfficeFilter
