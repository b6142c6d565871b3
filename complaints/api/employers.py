"""Employers for staff (DESIGN §7.3): each with the figures of the complaints against it that
the caller may see, and its blacklist decisions."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from arrears.api import examples
from arrears.api.filters import EmployerFilter, StableOrderingFilter
from arrears.api.permissions import IsStaff
from arrears.api.serializers import EmployerDetailSerializer, EmployerSerializer
from arrears.models import Employer
from complaints.selectors import employers_with_totals, with_blacklist
from restapi.schema import error_responses


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
