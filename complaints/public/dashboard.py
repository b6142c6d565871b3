"""The public campaign dashboard (DESIGN §7.4): figures of a campaign in a region, drilled down
province → city → county, small cells hidden, charts drawn on the server as SVG."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from arrears.models import Campaign, Region

from .. import clocks
from ..dashboard import dashboard
from ..figures import figures_scope
from ..models import Channel, Complaint
from .views import PUBLIC_CSP, _page

FUNNEL_LABELS = {
    "received": _("received"),
    "accepted": _("accepted"),
    "filed": _("case filed (立案)"),
    "ordered": _("employer ordered to pay"),
    "resolved": _("resolved"),
}


COUNT = ("count", _("complaints"))


class DashboardQuery(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.order_by("-starts_on"),
        required=False,
        empty_label=None,
    )
    region = forms.RegexField(regex=r"^[0-9]{6}$", required=False)


def bars(rows: list[dict], label, first: str, *series: tuple[str, str]) -> dict:
    """Return a bar chart: for each of `rows`, its label and, for each (key, name) of
    `series`, its value and the value's share of the largest (the bar's width); a hidden value
    stays None (no bar, "<5"). `first` heads the label column of the chart's table."""
    keys = [key for key, _name in series]
    values = [row[key] for row in rows for key in keys if row[key] is not None]
    top = max(values, default=0) or 1
    drawn = []
    for index, row in enumerate(rows):
        values = [
            {"key": key, "value": row[key], "width": round(100 * (row[key] or 0) / top, 1)}
            for key in keys
        ]
        drawn.append({"label": label(row), "series": values, "index": index})
    height = 22 + 16 * len(keys)
    for row in drawn:
        row["y"] = row["index"] * height
        for n, bar in enumerate(row["series"]):
            bar["y"] = row["y"] + 20 + 16 * n
            bar["text_y"] = bar["y"] + 11
    return {
        "rows": drawn,
        "first": first,
        "names": [name for _key, name in series],
        "height": height * len(drawn),
    }


@require_safe
@cache_control(public=True, max_age=300)
@csp_override(PUBLIC_CSP)
def public_dashboard(request: HttpRequest) -> HttpResponse:
    """The campaign's figures for everyone: no names, no cell under five."""
    query = DashboardQuery(request.GET)
    if not query.is_valid():
        raise Http404
    today = timezone.localdate()
    campaign = query.cleaned_data["campaign"] or clocks.current_campaign(today)
    region = None
    if query.cleaned_data["region"]:
        region = (
            Region.objects.select_related("parent__parent")
            .filter(code=query.cleaned_data["region"])
            .first()
        )
        if region is None:
            raise Http404
    complaints = figures_scope(Complaint.objects.all(), campaign=campaign, region=region)
    figures = dashboard(complaints, campaign=campaign, region=region, today=today, public=True)
    english = not get_language().startswith("zh")
    charts = figures["charts"]
    channel_names = dict(Channel.choices)
    context = {
        "query": DashboardQuery(initial={"campaign": campaign}),
        "figures": figures,
        "totals": figures["totals"],
        "trail": _trail(region),
        "weekly": bars(
            charts["weekly"],
            lambda r: r["week"].strftime("%m-%d"),
            _("Week from"),
            ("received", _("received")),
            ("resolved", _("resolved")),
        ),
        "funnel": bars(charts["funnel"], lambda r: FUNNEL_LABELS[r["key"]], _("Step"), COUNT),
        "sectors": bars(
            charts["sectors"],
            lambda r: r["sector__name_en"] if english else r["sector__name"],
            _("Sector"),
            COUNT,
        ),
        "channels": bars(
            charts["channels"], lambda r: channel_names[r["key"]], _("Channel"), COUNT
        ),
        "ageing": bars(charts["ageing"], lambda r: r["key"], _("Days since receipt"), COUNT),
        "regions": figures["regions"],
        "region": region,
        "campaign": campaign,
    }
    return _page(request, "public/dashboard.html", context)


def _trail(region: Region | None) -> list[Region]:
    """The regions above `region` and itself, from the province down."""
    trail = []
    while region is not None:
        trail.insert(0, region)
        region = region.parent
    return trail
