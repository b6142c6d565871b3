"""Employer records seen from the complaints: corrections, merging duplicates, early removal
from the blacklist."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.models import (
    AuditEvent,
    BlacklistEntry,
    Employer,
    Project,
    User,
)
from arrears.roles import effective_roles
from arrears.validators import tidy

from ..errors import OutOfScope, ReadOnly, RoleNotAllowed
from ..models import (
    Complaint,
)
from ..selectors import (
    complaint_access,
    complaints_visible_to,
    employers_visible_to,
    projects_visible_to,
)
from ..workflow import (
    EventAction,
    Role,
)
from .history import note_in_history


def _check_merge_scope(actor: User, *employers: Employer) -> None:
    """Raise OutOfScope unless the actor may edit both employers, and RoleNotAllowed when
    either has complaints, projects or blacklist entries another office handles: a merge moves
    them all, so it is for whoever holds all of them (a higher office, or a superuser)."""
    if actor.is_superuser:
        return
    ids = [e.pk for e in employers]
    if employers_visible_to(actor, acting=True).filter(pk__in=ids).count() != len(set(ids)):
        raise OutOfScope(_("Employer not found."))
    acting = complaints_visible_to(actor, acting=True)
    theirs = Complaint.objects.filter(employer_id__in=ids).exclude(pk__in=acting.values("pk"))
    projects = Project.objects.filter(Q(client_id__in=ids) | Q(main_contractor_id__in=ids))
    others_projects = projects.exclude(pk__in=projects_visible_to(actor, acting=True).values("pk"))
    entries = BlacklistEntry.objects.filter(employer_id__in=ids)
    others_entries = entries.exclude(complaint__isnull=True).exclude(
        complaint__in=acting.values("pk")
    )
    if theirs.exists() or others_projects.exists() or others_entries.exists():
        raise RoleNotAllowed(
            _(
                "These records have complaints, projects or blacklist entries that other "
                "offices handle: ask an office above both to merge them."
            )
        )


@transaction.atomic
def employer_merge(*, keep: Employer, duplicate: Employer, actor: User) -> int:
    """Fold `duplicate` into `keep`: its complaints, projects and blacklist entries move over,
    each moved complaint records the merge in its history, and the duplicate row is deleted.

    Return the number of complaints moved. Only supervisors merge (RoleNotAllowed otherwise),
    and only records wholly in their scope: OutOfScope for an employer they may not edit,
    RoleNotAllowed when either has rows another office handles.
    """
    if Role.SUPERVISOR not in effective_roles(actor):
        raise RoleNotAllowed(_("Only a supervisor merges employer records."))
    if keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": [_("Choose two different employers.")]})
    keep = Employer.objects.select_for_update().get(pk=keep.pk)
    duplicate = Employer.objects.select_for_update().get(pk=duplicate.pk)
    _check_merge_scope(actor, keep, duplicate)
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
            EventAction.EMPLOYER_MERGED,
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


@transaction.atomic
def blacklist_remove(
    *,
    entry: BlacklistEntry,
    actor: User,
    reason: str,
    removed_on: datetime.date | None = None,
) -> BlacklistEntry:
    """Take `entry` off the blacklist early (the employer paid, the decision was overturned),
    with the reason, and record it in its complaint's history. Return the entry.

    Only a supervisor of the office that handles the entry's complaint (or, for an entry
    without one, that may edit the employer) removes it: RoleNotAllowed for another role,
    ReadOnly when the office only follows that complaint, OutOfScope when it cannot see it;
    ValidationError without a reason or for an entry already removed.
    """
    if Role.SUPERVISOR not in effective_roles(actor):
        raise RoleNotAllowed(_("Only a supervisor takes an employer off the blacklist."))
    entry = BlacklistEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.complaint is not None:
        access = complaint_access(actor, entry.complaint)
        if access is None:
            raise OutOfScope(_("Blacklist entry not found."))
        if access == "read":
            raise ReadOnly(
                _("%(office)s handles this complaint now; your office follows it read-only.")
                % {"office": entry.complaint.office.name}
            )
    elif not employers_visible_to(actor, acting=True).filter(pk=entry.employer_id).exists():
        raise OutOfScope(_("Blacklist entry not found."))
    reason = tidy(reason)
    errors = {}
    if len(reason) < 4:
        errors["removal_reason"] = [_("Say why the employer comes off the blacklist.")]
    if entry.removed_on is not None:
        errors["removed_on"] = [_("This entry was already removed.")]
    if errors:
        raise ValidationError(errors)
    entry.removed_on = removed_on or timezone.localdate()
    entry.removal_reason = reason
    entry.full_clean(exclude=["employer", "complaint"])
    entry.save(update_fields=["removed_on", "removal_reason"])
    if entry.complaint is not None:
        note_in_history(
            entry.complaint,
            EventAction.BLACKLIST_REMOVED,
            actor,
            {
                "entry": entry.pk,
                "employer": {"id": entry.employer_id},
                "removed_on": entry.removed_on.isoformat(),
                "reason": reason,
            },
        )
    return entry


@transaction.atomic
def employer_save(*, employer: Employer, actor: User, fields: list[str]) -> Employer:
    """Save an employer record entered or corrected in the back office and record what
    changed (an AuditEvent: the record is shared by every complaint against the employer).

    A correction is for the offices that act on the employer (located in their subtree or
    named in a complaint they act on): OutOfScope otherwise. ValidationError for a record
    that does not pass its checks, saving nothing.
    """
    names = [name for name in fields if name in {f.name for f in Employer._meta.fields}]
    if employer.pk is None:
        action, changes = "employer_create", {name: [None, _raw(employer, name)] for name in names}
    else:
        if not employers_visible_to(actor, acting=True).filter(pk=employer.pk).exists():
            raise OutOfScope(_("Employer not found."))
        before = Employer.objects.select_for_update().get(pk=employer.pk)
        changes = {
            name: [_raw(before, name), _raw(employer, name)]
            for name in names
            if _raw(before, name) != _raw(employer, name)
        }
        action = "employer_update"
    employer.full_clean()
    employer.save()
    AuditEvent.objects.create(
        action=action,
        actor=actor,
        at=timezone.now(),
        subject=f"employer {employer.pk}",
        data={"employer": employer.pk, "changes": changes},
    )
    return employer


def _raw(employer: Employer, name: str) -> str | None:
    value = Employer._meta.get_field(name).value_from_object(employer)
    return None if value is None else str(value)
