"""Campaign figures over the API: public (small cells hidden) and staff (in scope)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from arrears.api.filters import MAX_ID, REGION_CODE
from arrears.api.permissions import IsStaff
from arrears.models import Campaign, Region
from complaints import clocks
from complaints.figures import (
    campaign_figures,
    figures_by_sector,
    figures_scope,
    suppress_small,
    suppress_small_rows,
)
from complaints.models import Complaint
from complaints.selectors import complaints_visible_to
from restapi.schema import error_responses

from . import examples

MONEY = {"max_digits": 16, "decimal_places": 2, "allow_null": True}
PUBLIC_COUNTS = ("received", "accepted", "resolved")
PUBLIC_FIGURES = (*PUBLIC_COUNTS, "workers_covered", "amount_recovered")


class CampaignBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class SectorFiguresSerializer(serializers.Serializer):
    sector = serializers.CharField()
    received = serializers.IntegerField(allow_null=True)
    resolved = serializers.IntegerField(allow_null=True)
    amount_recovered = serializers.DecimalField(**MONEY)


class PublicStatsSerializer(serializers.Serializer):
    campaign = CampaignBriefSerializer(allow_null=True)
    region = serializers.CharField(allow_null=True)
    days_to_spring_festival = serializers.IntegerField(allow_null=True)
    received = serializers.IntegerField(allow_null=True)
    accepted = serializers.IntegerField(allow_null=True)
    resolved = serializers.IntegerField(allow_null=True)
    workers_covered = serializers.IntegerField(allow_null=True)
    amount_recovered = serializers.DecimalField(**MONEY)
    by_sector = SectorFiguresSerializer(many=True)


class StaffStatsSerializer(PublicStatsSerializer):
    amount_claimed = serializers.DecimalField(**MONEY)
    amount_verified = serializers.DecimalField(**MONEY)
    overdue_acceptance = serializers.IntegerField()
    overdue_investigation = serializers.IntegerField()
    overdue_order = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    referred_police = serializers.IntegerField()


PARAMETERS = [
    OpenApiParameter(
        "campaign",
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        description="campaign id; default: the running one (404 if there is no such campaign)",
    ),
    OpenApiParameter(
        "region",
        {"type": "string", "pattern": REGION_CODE},
        description="6-digit region code: that subtree only (404 if there is no such region)",
    ),
]


class StatsQuery(serializers.Serializer):
    campaign = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    region = serializers.RegexField(
        REGION_CODE,
        required=False,
        error_messages={"invalid": gettext_lazy("Enter a 6-digit region code.")},
    )


def _select(request: Request, complaints) -> tuple:
    """Return (complaints of the campaign and region asked for, campaign, region code)."""
    query = StatsQuery(data=request.query_params.dict())  # a dict: an empty value is a 400
    query.is_valid(raise_exception=True)
    today = timezone.localdate()
    campaign_id = query.validated_data.get("campaign")
    if campaign_id is not None:
        campaign = get_object_or_404(Campaign, pk=campaign_id)
    else:
        campaign = clocks.current_campaign(today)
    code = query.validated_data.get("region")
    region = None
    if code is not None:
        region = get_object_or_404(Region.objects.only("code", "level"), code=code)
    return figures_scope(complaints, campaign=campaign, region=region), campaign, code


def _base(campaign: Campaign | None, region: str | None) -> dict:
    days = clocks.days_to_spring_festival(campaign, timezone.localdate())
    return {
        "campaign": CampaignBriefSerializer(campaign).data if campaign else None,
        "region": region,
        "days_to_spring_festival": days,
    }


@extend_schema(tags=["public"])
class PublicStatsView(APIView):
    """Campaign figures for the public: cells under 5 complaints are hidden (null)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="Public campaign figures",
        examples=examples.PUBLIC_STATS,
        parameters=PARAMETERS,
        responses={200: PublicStatsSerializer, **error_responses(400, 404)},
    )
    def get(self, request: Request) -> Response:
        complaints, campaign, region = _select(request, Complaint.objects.all())
        figures = suppress_small(campaign_figures(complaints), count_keys=PUBLIC_COUNTS)
        # Hidden together, so that the total minus the visible sectors gives nothing away.
        sectors = suppress_small_rows(
            figures_by_sector(complaints), count_keys=("received", "resolved")
        )
        body = {
            **_base(campaign, region),
            **{
                key: figures[key] for key in (*PUBLIC_COUNTS, "workers_covered", "amount_recovered")
            },
            "by_sector": [{"sector": row.pop("sector_id"), **row} for row in sectors],
        }
        return Response(PublicStatsSerializer(body).data)


@extend_schema(tags=["complaints"])
class StaffStatsView(APIView):
    """The staff dashboard's figures over the complaints in the caller's scope."""

    permission_classes = [IsStaff]

    @extend_schema(
        summary="Campaign figures in your scope",
        examples=examples.STAFF_STATS,
        parameters=PARAMETERS,
        responses={200: StaffStatsSerializer, **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        complaints, campaign, region = _select(request, complaints_visible_to(request.user))
        body = {
            **_base(campaign, region),
            **campaign_figures(complaints),
            "by_sector": [
                {"sector": row.pop("sector_id"), **row} for row in figures_by_sector(complaints)
            ],
        }
        return Response(StaffStatsSerializer(body).data)
