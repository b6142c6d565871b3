"""Campaign figures (DESIGN §7.4) for the stats endpoints and, later, the dashboards."""

from __future__ import annotations

import datetime

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from arrears.models import Campaign, Region

from . import clocks
from .models import Complaint
from .workflow import RESOLVED_OUTCOMES, Stage

NOT_ACCEPTED = (Stage.SUBMITTED, Stage.NEEDS_INFO, Stage.REJECTED)

PUBLIC_MIN_CELL = 5


def figures_scope(
    complaints: QuerySet[Complaint], *, campaign: Campaign | None, region: Region | None
) -> QuerySet[Complaint]:
    """Return the complaints the figures of `campaign` (all when None) count, in the subtree
    of `region` (everywhere when None)."""
    if campaign is not None:
        complaints = complaints.filter(campaign=campaign)
    if region is not None:
        complaints = complaints.filter(work_region__code__startswith=region.prefix)
    return complaints


def campaign_figures(complaints: QuerySet[Complaint], today: datetime.date | None = None) -> dict:
    """Return the campaign figures of DESIGN §7.4 over `complaints` in one aggregate query:
    received, accepted, resolved, workers covered, amounts, overdue by clock, at risk,
    referred to the police."""
    today = today or timezone.localdate()
    resolved = Q(stage=Stage.CLOSED, outcome__in=RESOLVED_OUTCOMES)
    return complaints.aggregate(
        received=Count("pk"),
        accepted=Count("pk", filter=~Q(stage__in=NOT_ACCEPTED)),
        resolved=Count("pk", filter=resolved),
        workers_covered=Coalesce(Sum("workers_affected", filter=Q(amount_recovered__gt=0)), 0),
        amount_claimed=Coalesce(Sum("amount_claimed"), Value(0, output_field=DecimalField())),
        amount_verified=Coalesce(Sum("amount_verified"), Value(0, output_field=DecimalField())),
        amount_recovered=Coalesce(Sum("amount_recovered"), Value(0, output_field=DecimalField())),
        **{f"overdue_{clock}": count for clock, count in clocks.overdue_by_clock(today).items()},
        at_risk=Count("pk", filter=clocks.at_risk(today)),
        referred_police=Count("pk", filter=Q(stage=Stage.REFERRED_POLICE)),
    )


def figures_by_sector(complaints: QuerySet[Complaint]) -> list[dict]:
    """Return received, resolved and recovered per sector, in one grouped query."""
    return list(
        complaints.values("sector_id")
        .annotate(
            received=Count("pk"),
            resolved=Count("pk", filter=Q(stage=Stage.CLOSED, outcome__in=RESOLVED_OUTCOMES)),
            amount_recovered=Coalesce(
                Sum("amount_recovered"), Value(0, output_field=DecimalField())
            ),
        )
        .order_by("sector_id")
    )


def suppress_small(
    figures: dict, *, count_keys: tuple[str, ...], minimum: int = PUBLIC_MIN_CELL
) -> dict:
    """Return `figures` with every count under `minimum` (and the amounts of such a cell)
    replaced by None, as the public dashboard publishes them (DESIGN §7.4)."""
    out = dict(figures)
    small = [key for key in count_keys if out.get(key) is not None and out[key] < minimum]
    for key in small:
        out[key] = None
    if "received" in small:
        for key in out:
            if key.startswith("amount_") or key == "workers_covered":
                out[key] = None
    return out


def suppress_small_rows(
    rows: list[dict], *, count_keys: tuple[str, ...], minimum: int = PUBLIC_MIN_CELL
) -> list[dict]:
    """Return `rows` (the parts of a published total, e.g. one per sector) with small cells
    hidden as `suppress_small` does, and then enough other cells that the published total
    cannot give them back: for each count, the hidden cells are at least two and add up to at
    least `minimum`, or every cell of that count is hidden. A row whose `received` is hidden
    loses its amounts with it. (Total minus the visible rows would otherwise be the hidden one.)
    """
    hidden: dict[str, set[int]] = {}
    for key in count_keys:
        values = [row.get(key) or 0 for row in rows]
        secret = {i for i, value in enumerate(values) if value < minimum}
        if key != "received" and "received" in hidden:
            secret |= hidden["received"]  # a row hidden whole stays hidden whole
        visible = sorted((values[i], i) for i in range(len(rows)) if i not in secret)
        while secret and visible and (len(secret) < 2 or sum(values[i] for i in secret) < minimum):
            secret.add(visible.pop(0)[1])
        hidden[key] = secret
    out = []
    for index, row in enumerate(rows):
        row = dict(row)
        for key in count_keys:
            if index in hidden[key]:
                row[key] = None
        if index in hidden.get("received", ()):
            for key in row:
                if key.startswith("amount_") or key == "workers_covered":
                    row[key] = None
        out.append(row)
    return out
