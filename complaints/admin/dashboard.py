"""The staff dashboard (DESIGN §7.2, §7.4): the campaign's figures in the reader's scope, with
nothing hidden, and each figure a link to the complaint list it counts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from complaints.dashboard import (
    DashboardQuery,
    dashboard,
    drawn_charts,
    sector_name,
    staff_extras,
    trail,
)
from complaints.figures import figures_scope
from complaints.selectors import complaints_visible_to


def staff_dashboard(request: HttpRequest, admin_site) -> HttpResponse:
    """Show the campaign's figures over the complaints the user may see."""
    today = timezone.localdate()
    query = DashboardQuery(request.GET)
    if not query.is_valid():
        raise Http404
    campaign, region = query.chosen(today)
    complaints = figures_scope(
        complaints_visible_to(request.user), campaign=campaign, region=region
    )
    figures = dashboard(complaints, campaign=campaign, region=region, today=today, public=False)
    filters = {}
    if campaign is not None:
        filters["campaign__id__exact"] = campaign.pk
    if region is not None:
        filters["region"] = region.code
    english = not get_language().startswith("zh")
    changelist = reverse("admin:complaints_complaint_changelist")

    def listing(**more: object) -> str:
        return f"{changelist}?{urlencode({**filters, **more})}"

    context = {
        **admin_site.each_context(request),
        "title": _("Campaign dashboard"),
        "query": DashboardQuery(initial={"campaign": campaign}),
        "figures": figures,
        "totals": figures["totals"],
        "extras": staff_extras(complaints, today),
        "trail": trail(region),
        "region": region,
        "campaign": campaign,
        **drawn_charts(figures["charts"], english=english),
        "links": {
            "received": listing(),
            "resolved": listing(stage__exact="closed"),
            "at_risk": listing(risk="yes"),
            "crime": listing(crime="yes"),
            "group": listing(group="yes"),
            "major_group": listing(group="major"),
            "referred": listing(stage__exact="referred_police"),
            **{
                f"overdue_{clock}": listing(overdue=clock)
                for clock in ("acceptance", "investigation", "order", "any")
            },  # fmt: skip
        },
        "sector_rows": [
            {
                "label": sector_name(row, english=english),
                "count": row["count"],
                "url": listing(sector__code__exact=row["key"]),
            }
            for row in figures["charts"]["sectors"]
        ],
    }
    return TemplateResponse(request, "admin/complaints/dashboard.html", context)
