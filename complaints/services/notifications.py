"""The outbox: messages to the complainant queued in the transaction of the step they report."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..models import Complaint, Notification, NotificationChannel
from ..workflow import public_status

NOTIFY_WINDOW = datetime.timedelta(days=3)


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
