"""The campaign dashboard's figures (DESIGN §7.4): headline, rates, charts and the region table,
over the complaints of a campaign in a region. The public page publishes them with small cells
hidden; the staff dashboard and the API read the same selector in their own scope.

Definitions (written down here because the figures are published):
- *accepted*: taken up by the office (any stage past submitted / needs_info, rejected excluded);
- *resolved*: closed with wages paid in full or in part, or settled by mediation;
- *resolution rate*: resolved ÷ accepted;
- *closed within the legal limit*: of the filed complaints now closed, the share closed on or
  before their investigation deadline (60 working days from filing, 90 when extended; 条例
  art. 17 of the 劳动保障监察条例 and its implementing measures);
- *days to resolve*: calendar days from receipt to closure of the resolved complaints, median;
- *recovered per worker*: amount recovered ÷ workers covered (the workers of complaints where
  something was recovered);
- *referred to the police*: complaints that were ever referred (an event), whatever their stage
  now;
- *blacklisted employers*: employers of these complaints on the blacklist today;
- *ageing*: open complaints by calendar days since receipt.
"""

from __future__ import annotations

import datetime
import json
import statistics
from decimal import Decimal

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf, TruncWeek
from django.utils.translation import gettext_lazy as _

from arrears.models import BlacklistEntry, Campaign, Region, RegionLevel
from arrears.pii import mask_free_text
from arrears.selectors import blacklist_in_force

from . import clocks
from .figures import (
    NOT_ACCEPTED,
    PUBLIC_MIN_CELL,
    figures_scope,
    suppress_small,
    suppress_small_rows,
)
from .models import Channel, Complaint, DashboardSnapshot, Event
from .selectors import GROUP_WORKERS, MAJOR_GROUP_WORKERS, with_flags
from .workflow import CLOSED_STAGES, RESOLVED_OUTCOMES, EventAction, Stage

RESOLVED = Q(stage=Stage.CLOSED, outcome__in=RESOLVED_OUTCOMES)
# Open complaints by calendar days since receipt: (label, first day, last day or None).
AGEING = (("0–5", 0, 5), ("6–15", 6, 15), ("16–30", 16, 30), ("31–60", 31, 60), ("60+", 61, None))
# How many weeks of intake and resolution the weekly chart shows, ending this week.
WEEKS = 12
MONEY_ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))
# The steps of the funnel, in order: each complaint counts in every step it has reached.
FUNNEL = ("received", "accepted", "filed", "ordered", "resolved")


# Steps counted as "ever taken" (the stage may have moved on since).
EVER = (EventAction.ISSUE_ORDER, EventAction.REFER_POLICE)


class PercentileCont(Func):
    """PostgreSQL's median: percentile_cont(0.5) WITHIN GROUP (ORDER BY expression)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    contains_aggregate = True


def _median_days_to_resolve(complaints: QuerySet[Complaint]) -> float | None:
    resolved = complaints.filter(RESOLVED, closed_at__isnull=False)
    took = ExpressionWrapper(F("closed_at") - F("received_at"), output_field=DurationField())
    if connection.vendor == "postgresql":
        median = resolved.aggregate(m=PercentileCont(took, output_field=DurationField()))["m"]
    else:  # the embedded default: no percentile in SQLite, and far fewer rows
        spans = list(resolved.annotate(took=took).values_list("took", flat=True))
        median = statistics.median(spans) if spans else None
    return round(median.total_seconds() / 86400, 1) if median is not None else None


def _rate(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return round(100 * part / whole, 1)


def dashboard(
    complaints: QuerySet[Complaint],
    *,
    campaign: Campaign | None,
    region: Region | None,
    today: datetime.date,
    public: bool,
    detail: bool = True,
) -> dict:
    """Return the dashboard of `complaints` (already cut to the campaign, the region and the
    reader's scope). `public`: hide every count under five and the cells that would give it
    back, and every amount of a hidden row (DESIGN §7.4). Without `detail`, only the figures
    and the sectors (what the API answers): no weekly, funnel, channel or ageing chart, no
    region table."""
    counted = dashboard_count(
        complaints, campaign=campaign, region=region, today=today, detail=detail
    )
    return dashboard_publish(counted, campaign=campaign, region=region, today=today, public=public)


def dashboard_count(
    complaints: QuerySet[Complaint],
    *,
    campaign: Campaign | None,
    region: Region | None,
    today: datetime.date,
    detail: bool = True,
) -> dict:
    """Return the dashboard's raw counts over `complaints`, nothing hidden, nothing derived:
    what a snapshot keeps (`counts_to_json`)."""
    totals = complaints.aggregate(
        filed=Count("pk", filter=Q(filed_at__isnull=False)),
        received=Count("pk"),
        accepted=Count("pk", filter=~Q(stage__in=NOT_ACCEPTED)),
        resolved=Count("pk", filter=RESOLVED),
        filed_closed=Count("pk", filter=Q(filed_at__isnull=False, stage=Stage.CLOSED)),
        closed_in_time=Count(
            "pk",
            filter=Q(
                filed_at__isnull=False,
                stage=Stage.CLOSED,
                closed_at__date__lte=F("investigation_due"),
            ),
        ),
        workers_covered=Coalesce(Sum("workers_affected", filter=Q(amount_recovered__gt=0)), 0),
        amount_recovered=Coalesce(Sum("amount_recovered"), MONEY_ZERO),
        amount_claimed=Coalesce(Sum("amount_claimed"), MONEY_ZERO),
        amount_verified=Coalesce(Sum("amount_verified"), MONEY_ZERO),
        open=Count("pk", filter=~Q(stage__in=CLOSED_STAGES)),
        at_risk=Count("pk", filter=clocks.at_risk(today, campaign)),
    )
    # Orders and referrals ever made, whatever the stage now: one pass over those events
    # (a per-complaint EXISTS in the aggregate above costs seconds at a million complaints).
    ever = dict(
        Event.objects.filter(complaint__in=complaints, action__in=EVER)
        .values_list("action")
        .annotate(n=Count("complaint", distinct=True))
        .order_by()
    )
    totals["ordered"] = ever.get(EventAction.ISSUE_ORDER, 0)
    totals["referred_police"] = ever.get(EventAction.REFER_POLICE, 0)
    totals["blacklisted_employers"] = (
        BlacklistEntry.objects.filter(
            blacklist_in_force(today), employer__in=complaints.values("employer_id")
        )
        .values("employer_id")
        .distinct()
        .count()
    )
    totals["median_days_to_resolve"] = _median_days_to_resolve(complaints)
    charts = {"sectors": _sectors(complaints)}
    regions = []
    if detail:
        charts |= {
            "funnel": [{"key": name, "count": totals[name]} for name in FUNNEL],
            "weekly": _weekly(complaints, today),
            "channels": _grouped(complaints, "channel"),
            "ageing": _ageing(complaints, today),
        }
        regions = _regions(complaints, region, clocks.at_risk(today, campaign))
    return {"totals": totals, "charts": charts, "regions": regions}


def dashboard_publish(
    counted: dict,
    *,
    campaign: Campaign | None,
    region: Region | None,
    today: datetime.date,
    public: bool,
) -> dict:
    """Return the dashboard from its raw counts: for the `public`, small cells hidden (see
    `dashboard`); the rates and the amount per worker derived from what is shown."""
    totals, charts, regions = dict(counted["totals"]), dict(counted["charts"]), counted["regions"]
    detail = "funnel" in charts
    if public:
        counts = ("received", "accepted", "filed", "ordered", "resolved", "filed_closed",
                  "closed_in_time", "open", "at_risk", "referred_police",
                  "blacklisted_employers")  # fmt: skip
        totals = suppress_small(totals, count_keys=counts)
        # What was claimed and verified is for staff: the public sees what was recovered.
        totals["amount_claimed"] = totals["amount_verified"] = None
        if totals["received"] is None:
            totals["median_days_to_resolve"] = None
        if totals["resolved"] is None or (totals["resolved"] or 0) < PUBLIC_MIN_CELL:
            totals["median_days_to_resolve"] = None
        charts["sectors"] = suppress_small_rows(
            charts["sectors"], count_keys=("count", "resolved"), whole="count"
        )
        if detail:
            charts["funnel"] = [
                {**row, "count": row["count"] if row["count"] >= PUBLIC_MIN_CELL else None}
                for row in charts["funnel"]
            ]
            for name in ("channels", "ageing"):
                charts[name] = suppress_small_rows(charts[name], count_keys=("count",))
            charts["weekly"] = _suppress_weekly(charts["weekly"])
        regions = suppress_small_rows(regions, count_keys=("received", "resolved", "at_risk"))
    totals["resolution_rate"] = _rate(totals["resolved"], totals["accepted"])
    totals["closed_in_time_rate"] = _rate(totals["closed_in_time"], totals["filed_closed"])
    totals["recovered_per_worker"] = (
        (totals["amount_recovered"] / totals["workers_covered"]).quantize(Decimal("0.01"))
        if totals["amount_recovered"] is not None and totals["workers_covered"]
        else None
    )
    return {
        "campaign": campaign,
        "region": region,
        "days_to_spring_festival": clocks.days_to_spring_festival(campaign, today),
        "totals": totals,
        "charts": charts,
        "regions": regions,
    }


def public_counts(
    *, campaign: Campaign | None, region: Region | None, today: datetime.date, detail: bool = True
) -> tuple[dict, datetime.datetime | None]:
    """Return the raw counts the public sees for `campaign` in `region` and when they were
    counted: the snapshot (`manage.py refresh_dashboards`) where there is one, else counted
    now (None)."""
    if campaign is not None:
        snapshot = DashboardSnapshot.objects.filter(
            campaign=campaign, region_code=region.code if region else ""
        ).first()
        if snapshot is not None:
            return counts_from_json(snapshot.counts), snapshot.computed_at
    complaints = figures_scope(Complaint.objects.all(), campaign=campaign, region=region)
    counted = dashboard_count(
        complaints, campaign=campaign, region=region, today=today, detail=detail
    )
    return counted, None


# The amounts of the raw counts, kept as strings in a snapshot's JSON.
_AMOUNTS = ("amount_recovered", "amount_claimed", "amount_verified")


def counts_to_json(counted: dict) -> dict:
    """Return the raw counts as JSON data (amounts and dates as strings)."""
    return json.loads(json.dumps(counted, cls=DjangoJSONEncoder))


def counts_from_json(data: dict) -> dict:
    """Return raw counts read back from `counts_to_json`."""
    totals = dict(data["totals"])
    for key in _AMOUNTS:
        totals[key] = Decimal(totals[key])
    charts = {name: [dict(row) for row in rows] for name, rows in data["charts"].items()}
    for row in charts["sectors"]:
        row["amount_recovered"] = Decimal(row["amount_recovered"])
    for row in charts.get("weekly", []):
        row["week"] = datetime.date.fromisoformat(row["week"])
    regions = [
        {**row, "amount_recovered": Decimal(row["amount_recovered"])} for row in data["regions"]
    ]
    return {"totals": totals, "charts": charts, "regions": regions}


def _sectors(complaints: QuerySet[Complaint]) -> list[dict]:
    """Received (`count`), resolved and recovered per sector, the most received first."""
    rows = (
        complaints.values("sector_id", "sector__name", "sector__name_en")
        .annotate(
            count=Count("pk"),
            resolved=Count("pk", filter=RESOLVED),
            amount_recovered=Coalesce(Sum("amount_recovered"), MONEY_ZERO),
        )
        .order_by("-count", "sector_id")
    )
    return [{"key": row.pop("sector_id"), **row} for row in rows]


def _grouped(complaints: QuerySet[Complaint], key: str, *labels: str) -> list[dict]:
    rows = complaints.values(key, *labels).annotate(count=Count("pk")).order_by("-count", key)
    return [{"key": row[key], **{label: row[label] for label in labels}, "count": row["count"]}
            for row in rows]  # fmt: skip


def _weekly(complaints: QuerySet[Complaint], today: datetime.date) -> list[dict]:
    """Complaints received and resolved per week (Monday first), the last WEEKS weeks."""
    monday = today - datetime.timedelta(days=today.weekday())
    first = monday - datetime.timedelta(weeks=WEEKS - 1)
    weeks = {first + datetime.timedelta(weeks=n): {"received": 0, "resolved": 0}
             for n in range(WEEKS)}  # fmt: skip
    received = (
        complaints.filter(received_at__date__gte=first)
        .annotate(week=TruncWeek("received_at"))
        .values("week")
        .annotate(n=Count("pk"))
    )
    resolved = (
        complaints.filter(RESOLVED, closed_at__date__gte=first)
        .annotate(week=TruncWeek("closed_at"))
        .values("week")
        .annotate(n=Count("pk"))
    )
    for rows, name in ((received, "received"), (resolved, "resolved")):
        for row in rows:
            week = row["week"].date() if isinstance(row["week"], datetime.datetime) else row["week"]
            if week in weeks:
                weeks[week][name] = row["n"]
    return [{"week": week, **counts} for week, counts in weeks.items()]


def _suppress_weekly(weeks: list[dict]) -> list[dict]:
    received = suppress_small_rows([{"count": w["received"]} for w in weeks], count_keys=("count",))
    resolved = suppress_small_rows([{"count": w["resolved"]} for w in weeks], count_keys=("count",))
    return [
        {"week": w["week"], "received": r["count"], "resolved": s["count"]}
        for w, r, s in zip(weeks, received, resolved, strict=True)
    ]


def _ageing(complaints: QuerySet[Complaint], today: datetime.date) -> list[dict]:
    """Open complaints by calendar days since receipt, in the buckets of AGEING."""
    buckets = {}
    for label, low, high in AGEING:
        newest = today - datetime.timedelta(days=low)
        condition = Q(received_at__date__lte=newest)
        if high is not None:
            condition &= Q(received_at__date__gte=today - datetime.timedelta(days=high))
        buckets[label] = Count("pk", filter=condition)
    counts = complaints.exclude(stage__in=CLOSED_STAGES).aggregate(**buckets)
    return [{"key": label, "count": counts[label]} for label, *_ in AGEING]


def _regions(complaints: QuerySet[Complaint], region: Region | None, at_risk: Q) -> list[dict]:
    """The figures of each region one level below `region` (provinces for the country), in one
    grouped query rolled up by code prefix."""
    if region is None:
        children = list(Region.objects.filter(level=RegionLevel.PROVINCE))
    else:
        children = list(Region.objects.filter(parent=region))
    if not children:
        return []
    prefixes = {child.prefix: child for child in children}
    rows = {child.code: {"region": {"code": child.code, "name": child.name},
                         "received": 0, "resolved": 0, "at_risk": 0,
                         "amount_recovered": Decimal(0)} for child in children}  # fmt: skip
    grouped = complaints.values("work_region_id").annotate(
        received=Count("pk"),
        resolved=Count("pk", filter=RESOLVED),
        at_risk=Count("pk", filter=at_risk),
        amount_recovered=Coalesce(Sum("amount_recovered"), MONEY_ZERO),
    )
    for row in grouped:
        code = row["work_region_id"]
        child = next((prefixes[p] for p in (code[:2], code[:4], code) if p in prefixes), None)
        if child is None:
            continue
        target = rows[child.code]
        for key in ("received", "resolved", "at_risk", "amount_recovered"):
            target[key] += row[key]
    return [row for row in rows.values() if row["received"]]


# --- What staff see besides (in their scope, nothing hidden) --------------------------------

TOP_EMPLOYERS = 10


def staff_extras(
    complaints: QuerySet[Complaint], today: datetime.date, detail: bool = True
) -> dict:
    """Return what the staff dashboard adds to `dashboard`: overdue complaints by clock, the
    crime-threshold and group cases, and with `detail` each inspector's open and overdue
    complaints and the employers owing the most on open complaints."""
    open_complaints = complaints.exclude(stage__in=CLOSED_STAGES)
    overdue = complaints.aggregate(**clocks.overdue_by_clock(today))
    cases = with_flags(open_complaints).aggregate(
        crime_threshold=Count("pk", filter=Q(flag_crime_threshold=True)),
        group=Count("pk", filter=Q(workers_affected__gte=GROUP_WORKERS)),
        major_group=Count("pk", filter=Q(workers_affected__gte=MAJOR_GROUP_WORKERS)),
    )
    extras = {"overdue": overdue, "overdue_total": sum(overdue.values()), **cases}
    if not detail:
        return extras
    workload = list(
        open_complaints.filter(assignees__isnull=False)
        .values(
            "assignees",
            "assignees__username",
            "assignees__first_name",
            "assignees__last_name",
            "assignees__office__name",
        )
        .annotate(open=Count("pk"), overdue=Count("pk", filter=clocks.overdue(today)))
        .order_by("-overdue", "-open", "assignees__username")
    )
    # What is still owed: the verified amount once verified, the claim before, less payments.
    owed = ExpressionWrapper(
        Coalesce(NullIf(F("amount_verified"), MONEY_ZERO), F("amount_claimed"))
        - F("amount_recovered"),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )
    employers = list(
        open_complaints.values("employer_id", "employer__name")
        .annotate(owed=Sum(owed), complaints=Count("pk"), workers=Sum("workers_affected"))
        .order_by("-owed", "employer_id")[:TOP_EMPLOYERS]
    )
    for row in employers:  # a name typed on the public form may hold a mobile number
        row["employer__name"] = mask_free_text(row["employer__name"])
    return {**extras, "workload": workload, "employers": employers}


# --- The charts as bars to draw ---------------------------------------------------------------

FUNNEL_LABELS = {
    "received": _("received"),
    "accepted": _("accepted"),
    "filed": _("case filed (立案)"),
    "ordered": _("employer ordered to pay"),
    "resolved": _("resolved"),
}


COUNT = ("count", _("complaints"))


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


def sector_name(row: dict, *, english: bool) -> str:
    """Return the name of a sector row of the charts in the page's language."""
    return row["sector__name_en"] if english else row["sector__name"]


def drawn_charts(charts: dict, *, english: bool) -> dict:
    """Return the dashboard's charts as bars to draw, each with its labels in the page's
    language."""
    channel_names = dict(Channel.choices)
    return {
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
            lambda r: sector_name(r, english=english),
            _("Sector"),
            COUNT,
        ),
        "channels": bars(
            charts["channels"], lambda r: channel_names[r["key"]], _("Channel"), COUNT
        ),
        "ageing": bars(charts["ageing"], lambda r: r["key"], _("Days since receipt"), COUNT),
    }


# --- Which figures a page asks for ------------------------------------------------------------


class DashboardQuery(forms.Form):
    """The campaign (the running one when not given) and the region of a dashboard page."""

    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.order_by("-starts_on"),
        required=False,
        empty_label=None,
    )
    region = forms.RegexField(regex=r"^[0-9]{6}$", required=False)

    def clean_region(self) -> Region | None:
        code = self.cleaned_data["region"]
        if not code:
            return None
        region = Region.objects.select_related("parent__parent").filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("Unknown region."))
        return region

    def chosen(self, today: datetime.date) -> tuple[Campaign | None, Region | None]:
        """Return the campaign and the region asked for (call after is_valid)."""
        campaign = self.cleaned_data["campaign"] or clocks.current_campaign(today)
        return campaign, self.cleaned_data["region"]


def trail(region: Region | None) -> list[Region]:
    """Return the regions above `region` and itself, from the province down."""
    regions = []
    while region is not None:
        regions.insert(0, region)
        region = region.parent
    return regions
