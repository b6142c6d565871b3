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
from complaints.dashboard import dashboard, dashboard_publish, public_counts, staff_extras
from complaints.figures import figures_scope
from complaints.models import Complaint
from complaints.selectors import complaints_visible_to
from restapi.schema import error_responses

from . import examples

MONEY = {"max_digits": 16, "decimal_places": 2, "allow_null": True}
# The figures both answers carry, as the dashboard pages show them (complaints.dashboard).
PUBLIC_FIGURES = (
    "received",
    "accepted",
    "resolved",
    "open",
    "at_risk",
    "referred_police",
    "blacklisted_employers",
    "workers_covered",
    "amount_recovered",
    "resolution_rate",
    "closed_in_time_rate",
    "median_days_to_resolve",
    "recovered_per_worker",
)
RATE = {"allow_null": True, "min_value": 0, "max_value": 100}


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
    open = serializers.IntegerField(allow_null=True)
    at_risk = serializers.IntegerField(
        allow_null=True, help_text="open complaints whose next deadline falls after the campaign"
    )
    referred_police = serializers.IntegerField(
        allow_null=True, help_text="complaints ever referred to the police, whatever their stage"
    )
    blacklisted_employers = serializers.IntegerField(allow_null=True)
    workers_covered = serializers.IntegerField(allow_null=True)
    amount_recovered = serializers.DecimalField(**MONEY)
    resolution_rate = serializers.FloatField(**RATE, help_text="resolved ÷ accepted, in per cent")
    closed_in_time_rate = serializers.FloatField(
        **RATE, help_text="filed cases closed by their investigation deadline, in per cent"
    )
    median_days_to_resolve = serializers.FloatField(allow_null=True)
    recovered_per_worker = serializers.DecimalField(**MONEY)
    by_sector = SectorFiguresSerializer(many=True)
    counted_at = serializers.DateTimeField(
        allow_null=True,
        help_text="when the figures were counted (they are counted ahead every few minutes); "
        "null: counted for this answer",
    )


class StaffStatsSerializer(PublicStatsSerializer):
    amount_claimed = serializers.DecimalField(**MONEY)
    amount_verified = serializers.DecimalField(**MONEY)
    overdue_acceptance = serializers.IntegerField()
    overdue_investigation = serializers.IntegerField()
    overdue_order = serializers.IntegerField()
    crime_threshold = serializers.IntegerField(help_text="open complaints at the crime threshold")
    group = serializers.IntegerField(help_text="open group cases (10 workers or more)")
    major_group = serializers.IntegerField(help_text="open major group cases (30 or more)")


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
    """Return (complaints of the campaign and region asked for, campaign, region)."""
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
        region = get_object_or_404(Region, code=code)
    return figures_scope(complaints, campaign=campaign, region=region), campaign, region


def _body(figures: dict) -> dict:
    """Return the answer both stats endpoints give from the dashboard's figures."""
    campaign, region, totals = figures["campaign"], figures["region"], figures["totals"]
    return {
        "campaign": CampaignBriefSerializer(campaign).data if campaign else None,
        "region": region.code if region else None,
        "days_to_spring_festival": figures["days_to_spring_festival"],
        **{key: totals[key] for key in PUBLIC_FIGURES},
        "by_sector": [
            {
                "sector": row["key"],
                "received": row["count"],
                "resolved": row["resolved"],
                "amount_recovered": row["amount_recovered"],
            }
            for row in sorted(figures["charts"]["sectors"], key=lambda row: row["key"])
        ],
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
        _complaints, campaign, region = _select(request, Complaint.objects.all())
        today = timezone.localdate()
        counted, as_of = public_counts(campaign=campaign, region=region, today=today, detail=False)
        figures = dashboard_publish(
            counted, campaign=campaign, region=region, today=today, public=True
        )
        return Response(PublicStatsSerializer({**_body(figures), "counted_at": as_of}).data)


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
        today = timezone.localdate()
        figures = dashboard(
            complaints, campaign=campaign, region=region, today=today, public=False, detail=False
        )
        extras = staff_extras(complaints, today, detail=False)
        body = {
            **_body(figures),
            "amount_claimed": figures["totals"]["amount_claimed"],
            "amount_verified": figures["totals"]["amount_verified"],
            **{f"overdue_{clock}": n for clock, n in extras["overdue"].items()},
            **{key: extras[key] for key in ("crime_threshold", "group", "major_group")},
            "counted_at": None,
        }
        return Response(StaffStatsSerializer(body).data)
