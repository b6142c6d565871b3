"""What the campaign figures (DESIGN §7.4) count, and how the public sees them: the scope of
a campaign in a region, and small cells hidden."""

from __future__ import annotations

from django.db.models import QuerySet

from arrears.models import Campaign, Region

from .models import Complaint
from .workflow import Stage

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
    rows: list[dict],
    *,
    count_keys: tuple[str, ...],
    minimum: int = PUBLIC_MIN_CELL,
    whole: str = "received",
) -> list[dict]:
    """Return `rows` (the parts of a published total, e.g. one per sector) with small cells
    hidden as `suppress_small` does, and then enough other cells that the published total
    cannot give them back: for each count, the hidden cells are at least two and add up to at
    least `minimum`, or every cell of that count is hidden. A row whose `received` is hidden
    loses its amounts with it (`whole` names the count that is the row's size). (Total minus
    the visible rows would otherwise be the hidden one.)
    """
    hidden: dict[str, set[int]] = {}
    for key in count_keys:
        values = [row.get(key) or 0 for row in rows]
        secret = {i for i, value in enumerate(values) if value < minimum}
        if key != whole and whole in hidden:
            secret |= hidden[whole]  # a row hidden whole stays hidden whole
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
        if index in hidden.get(whole, ()):
            for key in row:
                if key.startswith("amount_") or key == "workers_covered":
                    row[key] = None
        out.append(row)
    return out
