"""Events for changes made outside the workflow: corrections, served documents, merges."""

from __future__ import annotations

import datetime

from django.utils import timezone

from arrears.models import User

from ..models import Complaint, Event


def note_in_history(
    complaint: Complaint,
    action: str,
    actor: User | None,
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
