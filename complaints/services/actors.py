"""Who acts on a complaint: staff in scope, or the worker proving it with the access code."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from arrears.models import User
from arrears.roles import effective_roles

from ..codes import access_code_matches
from ..errors import OutOfScope, ReadOnly
from ..models import Complaint
from ..selectors import complaint_access
from ..workflow import COMPLAINANT


@dataclass(frozen=True)
class ComplainantActor:
    """The worker on the tracking page, who proves who they are with the access code."""

    access_code: str


def actor_roles(actor: User | ComplainantActor, complaint: Complaint) -> frozenset[str]:
    """Return the roles `actor` holds on `complaint`; raise OutOfScope if they cannot see it,
    ReadOnly if they may only follow it (DESIGN §6)."""
    if isinstance(actor, ComplainantActor):
        if not access_code_matches(complaint, actor.access_code):
            raise OutOfScope(_("No complaint matches this reference and access code."))
        return frozenset({COMPLAINANT})
    require_acting(actor, complaint)
    return effective_roles(actor)


def require_acting(user: User, complaint: Complaint) -> None:
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
