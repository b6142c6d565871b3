"""The public campaign dashboard (DESIGN §7.4): figures of a campaign in a region, drilled down
province → city → county, small cells hidden, charts drawn on the server as SVG."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from ..dashboard import DashboardQuery, dashboard_publish, drawn_charts, public_counts, trail
from .views import PUBLIC_CSP, render_page


@require_safe
@cache_control(private=True, max_age=300)  # in the language of its reader
@csp_override(PUBLIC_CSP)
def public_dashboard(request: HttpRequest) -> HttpResponse:
    """The campaign's figures for everyone: no names, no cell under five."""
    today = timezone.localdate()
    query = DashboardQuery(request.GET)
    if not query.is_valid():
        raise Http404
    campaign, region = query.chosen(today)
    counted, as_of = public_counts(campaign=campaign, region=region, today=today)
    figures = dashboard_publish(counted, campaign=campaign, region=region, today=today, public=True)
    context = {
        "query": DashboardQuery(initial={"campaign": campaign}),
        "figures": figures,
        "totals": figures["totals"],
        "trail": trail(region),
        **drawn_charts(figures["charts"], english=not get_language().startswith("zh")),
        "regions": figures["regions"],
        "region": region,
        "campaign": campaign,
        "as_of": as_of,
    }
    return render_page(request, "public/dashboard.html", context)
