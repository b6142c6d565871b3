"""The one way a complaint changes stage: complaint_transition."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.models import User
from arrears.selectors import work_calendar
from arrears.validators import tidy

from .. import clocks
from ..errors import InvalidTransition, OutOfScope, RoleNotAllowed, StaleVersion
from ..models import (
    Complaint,
    Event,
)
from ..workflow import (
    Transition,
    target_stage,
    transition_for,
)
from .actors import ComplainantActor, actor_roles
from .notifications import notify
from .steps import HANDLERS, Step


def complaint_transition(
    *,
    complaint: Complaint,
    action: str,
    actor: User | ComplainantActor,
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
    unexpected = set(fields) - set(transition.inputs)
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
    complaint.next_due = clocks.next_due(
        complaint.stage,
        acceptance_due=complaint.acceptance_due,
        investigation_due=complaint.investigation_due,
        order_due=complaint.order_due,
    )
    complaint.version += 1
