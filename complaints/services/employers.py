"""Employer records seen from the complaints: merging duplicates."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.models import (
    BlacklistEntry,
    Employer,
    Project,
)
from arrears.roles import user_roles

from ..errors import RoleNotAllowed
from ..models import (
    Complaint,
)
from ..workflow import (
    Role,
)
from .common import note_in_history


@transaction.atomic
def employer_merge(*, keep: Employer, duplicate: Employer, actor) -> int:  # noqa: ANN001
    """Fold `duplicate` into `keep`: its complaints, projects and blacklist entries move over,
    each moved complaint records the merge in its history, and the duplicate row is deleted.

    Return the number of complaints moved. Only supervisors merge; RoleNotAllowed otherwise.
    """
    roles = user_roles(actor)
    if not (actor.is_superuser or Role.SUPERVISOR in roles):
        raise RoleNotAllowed(_("Only a supervisor merges employer records."))
    if keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": [_("Choose two different employers.")]})
    keep = Employer.objects.select_for_update().get(pk=keep.pk)
    duplicate = Employer.objects.select_for_update().get(pk=duplicate.pk)
    if keep.uscc and duplicate.uscc and keep.uscc != duplicate.uscc:
        raise ValidationError(
            {"duplicate": [_("These employers have different credit codes: not the same.")]}
        )
    now = timezone.now()
    moved = list(Complaint.objects.select_for_update(of=("self",)).filter(employer=duplicate))
    for complaint in moved:
        complaint.employer = keep
        complaint.version += 1
        complaint.save(update_fields=["employer", "version"])
        note_in_history(
            complaint,
            "employer_merged",
            actor,
            {
                "from_employer": {"id": duplicate.pk, "name": duplicate.name},
                "to_employer": {"id": keep.pk, "name": keep.name},
            },
            at=now,
        )
    Project.objects.filter(client=duplicate).update(client=keep)
    Project.objects.filter(main_contractor=duplicate).update(main_contractor=keep)
    BlacklistEntry.objects.filter(employer=duplicate).update(employer=keep)
    uscc = duplicate.uscc
    duplicate.delete()
    if uscc and not keep.uscc:
        keep.uscc = uscc
        keep.save(update_fields=["uscc"])
    return len(moved)
