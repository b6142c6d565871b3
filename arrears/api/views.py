"""Thin API views over reference data: regions, sectors, the public office directory, and
employers for staff (DESIGN §7.3)."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated

from arrears.models import Employer, Office, Region, Sector

from . import examples
from .filters import EmployerFilter, PublicOfficeFilter, RegionFilter, StableOrderingFilter
from .permissions import IsStaff
from .queries import employers_with_totals, with_blacklist
from .schema import error_responses
from .serializers import (
    EmployerDetailSerializer,
    EmployerSerializer,
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
    queryset = Office.objects.filter(public=True).select_related("region")
    serializer_class = PublicOfficeSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PublicOfficeFilter


@extend_schema(tags=["employers"])
@extend_schema_view(
    list=extend_schema(
        summary="List employers (staff)",
        examples=examples.EMPLOYERS,
        description="The employers the caller may see — located in their office's region, "
        "named in a complaint they may see, or on the blacklist in force — with the open "
        "complaints, workers affected and amounts claimed / verified / recovered of the "
        "complaints against each that the caller may see (other offices' complaints are not "
        "counted), and whether it is blacklisted today. Ordered by name unless `?ordering=` "
        "says otherwise.",
        responses={200: EmployerSerializer, **error_responses(400, 401, 403, 404)},
    ),
    retrieve=extend_schema(
        summary="Show an employer (staff)",
        examples=examples.EMPLOYER_DETAIL,
        description="As in the list, plus every blacklist decision about the employer.",
        responses={200: EmployerDetailSerializer, **error_responses(401, 403, 404)},
    ),
)
class EmployerViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, IsStaff]
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = EmployerFilter
    ordering_fields = ["name", "open_complaints", "amount_claimed", "amount_recovered"]
    ordering = ["name", "pk"]

    def get_queryset(self) -> QuerySet[Employer]:
        employers = employers_with_totals(self.request.user)
        if self.action == "retrieve":
            employers = with_blacklist(employers)
        return employers

    def get_serializer_class(self) -> type[EmployerSerializer]:
        return EmployerDetailSerializer if self.action == "retrieve" else EmployerSerializer
