"""The one way a complaint changes stage: complaint_transition, and the audited reveal."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.errors import RevealTooFast
from arrears.models import (
    Worker,
)
from arrears.roles import user_roles
from arrears.selectors import work_calendar
from arrears.services import (
    reveal_rate,
    worker_reveal,
)
from arrears.validators import tidy

from ..errors import InvalidTransition, OutOfScope, ReadOnly, RoleNotAllowed, StaleVersion
from ..models import (
    Complaint,
    Event,
    Notification,
    NotificationChannel,
)
from ..selectors import complaint_access, free_texts_with_pii
from ..workflow import (
    COMPLAINANT,
    Role,
    Transition,
    next_due_for,
    target_stage,
    transition_for,
)
from .common import ComplainantActor, access_code_matches, notify
from .steps import ALLOWED_FIELDS, HANDLERS, Step


def actor_roles(actor, complaint: Complaint) -> frozenset[str]:  # noqa: ANN001
    """Return the roles `actor` holds on `complaint`; raise OutOfScope if they cannot see it,
    ReadOnly if they may only follow it (DESIGN §6)."""
    if isinstance(actor, ComplainantActor):
        if not access_code_matches(complaint, actor.access_code):
            raise OutOfScope(_("No complaint matches this reference and access code."))
        return frozenset({COMPLAINANT})
    require_acting(actor, complaint)
    roles = user_roles(actor)
    if actor.is_superuser:
        roles = roles | {Role.SUPERVISOR}
    return roles


def require_acting(user, complaint: Complaint) -> None:  # noqa: ANN001
    """Raise OutOfScope if `user` cannot see `complaint`, ReadOnly if they may only follow it:
    their office took it in or transferred it away and another office handles it now."""
    access = complaint_access(user, complaint)
    if access is None:
        raise OutOfScope(_("Complaint not found."))
    if access == "read":
        raise ReadOnly(
            _("%(office)s handles this complaint now; your office follows it read-only.")
            % {"office": complaint.office.name}
        )


def complaint_transition(
    *,
    complaint: Complaint,
    action: str,
    actor,  # noqa: ANN001 - a User or a ComplainantActor
    version: int,
    at: datetime.datetime | None = None,
    **fields: object,
) -> Complaint:
    """Move `complaint` through `action` (DESIGN §4) and return it reloaded.

    Lock the row, then check scope (OutOfScope), role (RoleNotAllowed), `version`
    (StaleVersion), that the action is allowed from the stage (InvalidTransition) and the
    fields it needs (ValidationError); write the Event, recompute the clocks and queue the
    notifications, all in one transaction. `at` back-dates the step for letters and imports;
    it may not be in the future nor before the complaint's last event.
    """
    transition = transition_for(action)
    if transition is None:
        raise InvalidTransition(_("Unknown action: %(action)s") % {"action": action})
    unexpected = set(fields) - ALLOWED_FIELDS[action]
    if unexpected:
        raise ValidationError({name: [_("Not a field of this action.")] for name in unexpected})
    now = timezone.now()
    at = at or now
    if at > now:
        raise ValidationError({"at": [_("A step cannot be dated in the future.")]})

    with transaction.atomic():
        try:
            locked = (
                Complaint.objects.select_for_update(of=("self",))
                .select_related("office", "complainant")
                .get(pk=complaint.pk)
            )
        except Complaint.DoesNotExist:
            raise OutOfScope(_("Complaint not found.")) from None
        roles = actor_roles(actor, locked)
        if not roles & transition.roles:
            raise RoleNotAllowed(
                _("Your role may not take this step: %(action)s.") % {"action": transition.label}
            )
        if locked.version != version:
            raise StaleVersion(
                _("The complaint was changed by someone else; reload it and try again.")
            )
        if locked.stage not in transition.sources:
            raise InvalidTransition(
                _("%(action)s is not possible from stage %(stage)s.")
                % {"action": transition.label, "stage": locked.get_stage_display()}
            )
        last_event_at = locked.events.order_by("-at").values_list("at", flat=True).first()
        if last_event_at and at < last_event_at:
            raise ValidationError({"at": [_("A step cannot be dated before the previous one.")]})
        step = Step(
            complaint=locked,
            actor=actor,
            roles=roles,
            fields=dict(fields),
            at=at,
            today=timezone.localdate(at),
            calendar=work_calendar(),
            data={},
        )
        step.require(*transition.required)
        from_stage = locked.stage
        HANDLERS[action](step)
        apply_stage(locked, transition)
        locked.save()
        Event.objects.create(
            complaint=locked,
            action=action,
            from_stage=from_stage,
            to_stage=locked.stage,
            actor=None if isinstance(actor, ComplainantActor) else actor,
            at=at,
            note=tidy(str(fields.get("note") or "")),
            data=step.data,
            public=transition.public,
        )
        if transition.public:
            notify(locked, f"complaint_{action}", at)
    return locked


def apply_stage(complaint: Complaint, transition: Transition) -> None:
    complaint.stage = target_stage(transition, complaint.stage)
    complaint.next_due = next_due_for(
        complaint.stage,
        acceptance_due=complaint.acceptance_due,
        investigation_due=complaint.investigation_due,
        order_due=complaint.order_due,
    )
    complaint.version += 1


def complaint_reveal(*, complaint: Complaint, user, reason: str) -> dict[str, object]:  # noqa: ANN001
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


def reveal_burst_alert(*, complaint: Complaint, user, reveals: int) -> Event | None:  # noqa: ANN001
    """Record, once per rate window, that `user` hit the reveal limit on `complaint`: an Event
    in its history and an e-mail to each supervisor of the user's office. Return the Event, or
    None if this burst was already reported."""
    _limit, window = reveal_rate()
    now = timezone.now()
    with transaction.atomic():
        # Under the user's row lock, as the reveals are: one alert per burst, however many race.
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
        if Event.objects.filter(action="reveal_burst", actor=user, at__gt=now - window).exists():
            return None
        event = Event.objects.create(
            complaint=complaint,
            action="reveal_burst",
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
