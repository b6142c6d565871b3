"""The audited reveal of a complainant's personal data, and the alert on a burst of reveals."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.errors import RevealTooFast
from arrears.models import User, Worker
from arrears.services import reveal_rate, worker_reveal

from ..models import Complaint, Event, Notification, NotificationChannel
from ..selectors import free_texts_with_pii
from ..workflow import EventAction, Role
from .actors import require_acting


def complaint_reveal(*, complaint: Complaint, user: User, reason: str) -> dict[str, object]:
    """Return the complainant's full personal data and, whole, the free texts in which a
    number is masked elsewhere; audited. Raise OutOfScope if not visible, ReadOnly if the
    user's office only follows the complaint (it sees it masked), RevealTooFast past the rate
    (PII_REVEAL_RATE), after alerting the office's supervisors."""
    require_acting(user, complaint)
    worker: Worker | None = complaint.complainant
    if worker is None:
        # An anonymous report: nobody's data to reveal, no access to log; its free texts
        # stay masked (a number in them is the reporter's, who chose not to be known).
        return {"name": "", "id_number": "", "phone": "", "free_text": []}
    try:
        with transaction.atomic():
            values = worker_reveal(worker=worker, user=user, reason=reason, complaint=complaint)
    except RevealTooFast as exc:
        reveal_burst_alert(complaint=complaint, user=user, reveals=exc.reveals)
        raise
    # The name and mobile given with this complaint, not whatever the shared worker row holds
    # from other complaints (perhaps another office's): only the ID number is the worker's.
    # Numbers typed into descriptions and notes are shown masked everywhere else.
    return {
        **values,
        "name": complaint.contact_name,
        "phone": complaint.contact_phone,
        "free_text": free_texts_with_pii(complaint),
    }


def reveal_burst_alert(*, complaint: Complaint, user: User, reveals: int) -> Event | None:
    """Record, once per rate window, that `user` hit the reveal limit on `complaint`: an Event
    in its history and an e-mail to each supervisor of the user's office. Return the Event, or
    None if this burst was already reported."""
    _limit, window = reveal_rate()
    now = timezone.now()
    with transaction.atomic():
        # Under the user's row lock, as the reveals are: one alert per burst, however many race.
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
        if Event.objects.filter(
            action=EventAction.REVEAL_BURST, actor=user, at__gt=now - window
        ).exists():
            return None
        event = Event.objects.create(
            complaint=complaint,
            action=EventAction.REVEAL_BURST,
            from_stage=complaint.stage,
            to_stage=complaint.stage,
            actor=user,
            at=now,
            note=_(
                "%(user)s asked for full personal data %(n)d times within %(seconds)d seconds; "
                "further reveals refused for now."
            )
            % {"user": user.username, "n": reveals + 1, "seconds": window.total_seconds()},
            data={"reveals": reveals + 1, "window_seconds": int(window.total_seconds())},
        )
        supervisors = (
            get_user_model()
            .objects.filter(office_id=user.office_id, is_active=True, groups__name=Role.SUPERVISOR)
            .exclude(email="")
        )
        Notification.objects.bulk_create(
            Notification(
                complaint=complaint,
                channel=NotificationChannel.EMAIL,
                to=supervisor.email,
                template="reveal_burst",
                context={
                    "user": user.username,
                    "reference": complaint.reference,
                    "reveals": reveals + 1,
                    "window_seconds": int(window.total_seconds()),
                },
            )
            for supervisor in supervisors.distinct()
        )
    return event
