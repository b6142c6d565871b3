"""The legal clocks of a complaint (DESIGN §5), in one place.

A clock is a due date field of the complaint (`acceptance_due`, `investigation_due`,
`order_due`) counted in working days by the calendar. The workflow starts, pauses and clears
them; `next_due` is the one that runs in the complaint's stage. Every list, filter, figure and
page asks this module what "overdue" and "at risk" mean, which campaign is the current one and
how many days are left to Spring Festival, and how a due date was computed.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arrears.models import Campaign
from arrears.selectors import campaign_end_for_date
from arrears.workdays import DueDate, WorkCalendar

from .models import Complaint
from .workflow import OPEN_STAGES, Stage

# The stage in which each legal clock runs (DESIGN §5): "overdue by clock" is that stage's.
CLOCK_STAGES: dict[str, str] = {
    "acceptance": Stage.SUBMITTED,
    "investigation": Stage.INVESTIGATING,
    "order": Stage.ORDER_ISSUED,
}


# --- Starting, pausing, clearing ---------------------------------------------------------


def due_date_data(due: DueDate) -> dict:
    """Return how a due date was computed, as JSON-ready data for the Event; the
    `explanation` is the English rendering of `explain`, kept with the record."""
    data = {
        "start": due.start.isoformat(),
        "days": due.days,
        "due": due.due.isoformat(),
        "skipped": [d.isoformat() for d in due.skipped],
        "extra_workdays": [d.isoformat() for d in due.extra_workdays],
    }
    with translation.override("en"):
        data["explanation"] = explain(data)
    return data


def start(calendar: WorkCalendar, field: str, begin: datetime.date, days: int) -> dict:
    """Count `days` working days from `begin` for the clock `field`; return the Event data of
    the computation (its `due` is the new date)."""
    return {"field": field, **due_date_data(calendar.add_working_days(begin, days))}


def pause(complaint: Complaint, field: str) -> dict:
    """Stop the clock `field` (the date is cleared, the complaint waits on someone else);
    return the Event data that remembers where it stood."""
    stood = getattr(complaint, field)
    setattr(complaint, field, None)
    return {f"paused_{field}": stood.isoformat() if stood else None}


def clear(complaint: Complaint, *fields: str) -> None:
    """Stop the clocks `fields` for good (the step they measured is over)."""
    for field in fields:
        setattr(complaint, field, None)


def next_due(
    stage: str,
    *,
    acceptance_due: datetime.date | None,
    investigation_due: datetime.date | None,
    order_due: datetime.date | None,
) -> datetime.date | None:
    """Return the date of the clock that runs in `stage`, or None when no clock runs."""
    dues = {"acceptance": acceptance_due, "investigation": investigation_due, "order": order_due}
    return next((dues[clock] for clock, runs_in in CLOCK_STAGES.items() if runs_in == stage), None)


# --- Overdue and at risk -------------------------------------------------------------------


def overdue(today: datetime.date, clock: str | None = None) -> Q:
    """The condition of a complaint whose running clock (or the clock `clock`) is past due."""
    condition = Q(next_due__lt=today)
    if clock is not None:
        condition &= Q(stage=CLOCK_STAGES[clock])
    return condition


def is_overdue(due: datetime.date | None, today: datetime.date) -> bool:
    """Return whether a due date already loaded (a row on a page) is past: `overdue` for one."""
    return due is not None and due < today


def overdue_by_clock(today: datetime.date) -> dict[str, Count]:
    """Return aggregates counting, per clock, the complaints whose running clock is overdue."""
    return {clock: Count("pk", filter=overdue(today, clock)) for clock in CLOCK_STAGES}


def at_risk(today: datetime.date, running: Campaign | None = None) -> Q:
    """The condition of an open complaint whose next deadline falls after the end (Spring
    Festival eve) of the campaign running on `today`, whatever campaign it was received in;
    nothing is at risk when no campaign runs. `running` is that campaign, when the caller
    has it already."""
    if running is not None and running.starts_on <= today <= running.ends_on:
        campaign_end = running.ends_on
    else:
        campaign_end = campaign_end_for_date(today)
    if campaign_end is None:
        return Q(pk__in=[])
    return Q(stage__in=OPEN_STAGES, next_due__gt=campaign_end)


# --- The campaign ---------------------------------------------------------------------------


def current_campaign(today: datetime.date) -> Campaign | None:
    """Return the campaign running on `today`, else the last one that started before it (its
    figures stay the ones shown until the next starts); None before the first campaign."""
    return Campaign.objects.filter(starts_on__lte=today).order_by("-starts_on").first()


def days_to_spring_festival(campaign: Campaign | None, today: datetime.date) -> int | None:
    """Return the days left in `campaign`, today and Spring Festival eve included; None when
    there is no campaign or it has ended."""
    if campaign is None or campaign.ends_on < today:
        return None
    return (campaign.ends_on - today).days + 1


# --- Explaining a due date ------------------------------------------------------------------


def explanations(complaint: Complaint) -> dict[str, dict]:
    """Return, per clock field, how its current date was computed (start, working days,
    holidays skipped, swapped working days counted), from the events that set it."""
    explained: dict[str, dict] = {}
    for data in complaint.events.order_by("at", "id").values_list("data", flat=True):
        clocks = ([data["clock"]] if "clock" in data else []) + data.get("clocks", [])
        for clock in clocks:
            explained[clock["field"]] = clock
    return {
        field: clock
        for field, clock in explained.items()
        if getattr(complaint, field) and getattr(complaint, field).isoformat() == clock["due"]
    }


def explain(clock: dict) -> str:
    """Return, in the active language, how a due date was computed from its Event data."""
    text = ngettext(
        "%(days)d working day from %(start)s: due %(due)s.",
        "%(days)d working days from %(start)s: due %(due)s.",
        clock["days"],
    ) % {"days": clock["days"], "start": clock["start"], "due": clock["due"]}
    if clock.get("skipped"):
        text += " " + _("Public holidays not counted: %(dates)s.") % {
            "dates": ", ".join(clock["skipped"])
        }
    if clock.get("extra_workdays"):
        text += " " + _("Swapped working weekend days counted: %(dates)s.") % {
            "dates": ", ".join(clock["extra_workdays"])
        }
    return text
