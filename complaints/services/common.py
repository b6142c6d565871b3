"""Shared pieces of the complaint services: money, clocks, notifications, access codes."""

from __future__ import annotations

import datetime
import hmac
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.pii import keyed_hash
from arrears.validators import ascii_digits, fold
from arrears.workdays import DueDate, WorkCalendar

from ..models import (
    Complaint,
    Event,
    Notification,
    NotificationChannel,
)
from ..workflow import (
    public_status,
)

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read over the phone
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")
NOTIFY_WINDOW = datetime.timedelta(days=3)


@dataclass(frozen=True)
class ComplainantActor:
    """The worker on the tracking page, who proves who they are with the access code."""

    access_code: str


def random_code(length: int) -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(length))


def access_code_hash(code: str) -> str:
    return keyed_hash(fold(code).upper(), purpose="access-code")


def access_code_matches(complaint: Complaint, code: str) -> bool:
    """Return whether `code` is the complaint's access code (constant-time)."""
    return hmac.compare_digest(complaint.access_code_hash, access_code_hash(code))


def parse_money(value: object, field: str, errors: dict[str, list[str]]) -> Decimal | None:
    if isinstance(value, str):
        try:  # Decimal() reads every script's digits: "١٢٠٠٠" is not an amount here
            value = ascii_digits(value)
        except ValidationError as error:
            errors[field] = error.messages
            return None
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = [_("Enter an amount in yuan, e.g. 12000.00.")]
        return None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        errors[field] = [_("Enter an amount between 0 and 999,999,999,999.99 yuan.")]
        return None
    return amount


def _months_between(start: datetime.date, end: datetime.date) -> int:
    # Whole months of a period, counting both ends: 1 Aug – 31 Oct is three months.
    return max(1, round(((end - start).days + 1) / 30.44))


def clock_data(calendar: WorkCalendar, field: str, start: datetime.date, days: int) -> dict:
    due = calendar.add_working_days(start, days)
    return {"field": field, **due_date_data(due)}


def due_date_data(due: DueDate) -> dict:
    """Return how a due date was computed, as JSON-ready data for the Event."""
    return {
        "start": due.start.isoformat(),
        "days": due.days,
        "due": due.due.isoformat(),
        "skipped": [d.isoformat() for d in due.skipped],
        "extra_workdays": [d.isoformat() for d in due.extra_workdays],
        "explanation": due.explain(),
    }


def notify(complaint: Complaint, template: str, at: datetime.datetime, **context: object) -> None:
    """Queue a text message to the complainant about a step dated `at`.

    Steps back-dated by more than NOTIFY_WINDOW (old letters, imports) are records of the
    past: telling the worker about them now would only confuse, so nothing is queued.
    """
    # The mobile given with this complaint: the worker row is shared by ID number.
    if not complaint.contact_phone or at < timezone.now() - NOTIFY_WINDOW:
        return
    Notification.objects.create(
        complaint=complaint,
        channel=NotificationChannel.SMS,
        to=complaint.contact_phone,
        template=template,
        context={
            "reference": complaint.reference,
            "public_status": public_status(complaint.stage, complaint.outcome),
            **context,
        },
    )


def note_in_history(
    complaint: Complaint,
    action: str,
    actor,  # noqa: ANN001
    data: dict,
    at: datetime.datetime | None = None,
) -> Event:
    """Write the Event of a change made outside the workflow (a correction, a served
    document, an employer merge): the stage stays, staff see it, the public does not."""
    return Event.objects.create(
        complaint=complaint,
        action=action,
        from_stage=complaint.stage,
        to_stage=complaint.stage,
        actor=actor,
        at=at or timezone.now(),
        data=data,
    )
