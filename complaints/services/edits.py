"""Corrections to a complaint's intake details, outside the workflow (DESIGN §7.3 PATCH).

Stage, clocks, money totals, office and people change only through the workflow; what can be
corrected here is what the worker or the clerk got wrong at intake.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.errors import RoleNotAllowed
from arrears.models import Sector, User
from arrears.roles import CASE_ROLES, INTAKE_ROLES
from arrears.validators import tidy

from ..errors import InvalidTransition, OutOfScope, StaleVersion
from ..models import Complaint, DisputeProcess, Document, DocumentKind
from ..selectors import document_awaiting_service
from ..workflow import CLOSED_STAGES, EventAction
from .actors import actor_roles
from .evidence import check_content
from .history import note_in_history
from .money import parse_money

EDITABLE = frozenset(
    {
        "description",
        "sector",
        "arrears_from",
        "arrears_to",
        "amount_claimed",
        "workers_affected",
        "in_dispute_process",
    }
)


def _clean(complaint: Complaint, fields: dict) -> dict:
    """Return the new values, checked; raise ValidationError naming each bad field."""
    errors: dict[str, list[str]] = {}
    values: dict = {}
    for name, value in fields.items():
        if name == "description":
            values[name] = tidy(str(value))
        elif name == "sector":
            sector = Sector.objects.filter(code=value).first()
            if sector is None:
                errors[name] = [_("Unknown sector.")]
            values["sector_id"] = value
        elif name in ("arrears_from", "arrears_to"):
            if not isinstance(value, datetime.date):
                errors[name] = [_("Enter a date as YYYY-MM-DD.")]
            values[name] = value
        elif name == "amount_claimed":
            values[name] = parse_money(value, name, errors)
        elif name == "workers_affected":
            if not isinstance(value, int) or not 1 <= value <= 100000:
                errors[name] = [_("At least one worker is affected.")]
            values[name] = value
        elif name == "in_dispute_process":
            if value not in DisputeProcess.values:
                errors[name] = [_("Choose none, mediation, arbitration or court.")]
            values[name] = value
    start = values.get("arrears_from", complaint.arrears_from)
    end = values.get("arrears_to", complaint.arrears_to)
    if not errors and start > end:
        errors["arrears_to"] = [_("The end of the unpaid period is before its start.")]
    if errors:
        raise ValidationError(errors)
    return values


def complaint_update(
    *, complaint: Complaint, actor: User, version: int, **fields: object
) -> Complaint:
    """Correct intake details of an open complaint and record what changed in its history.

    Raise OutOfScope, RoleNotAllowed, StaleVersion, InvalidTransition (closed complaints are
    not edited) or ValidationError, changing nothing.
    """
    unexpected = set(fields) - EDITABLE
    if unexpected:
        raise ValidationError(
            {name: [_("This field cannot be changed here.")] for name in unexpected}
        )
    with transaction.atomic():
        try:
            locked = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
        except Complaint.DoesNotExist:
            raise OutOfScope(_("Complaint not found.")) from None
        roles = actor_roles(actor, locked)
        if not roles & INTAKE_ROLES:
            raise RoleNotAllowed(_("Your role may not correct complaints."))
        if locked.version != version:
            raise StaleVersion(
                _("The complaint was changed by someone else; reload it and try again.")
            )
        if locked.stage in CLOSED_STAGES:
            raise InvalidTransition(_("A closed complaint is not corrected; reopen it first."))
        values = _clean(locked, fields)
        changes = {}
        for name, value in values.items():
            old = getattr(locked, name)
            if old != value:
                changes[name.removesuffix("_id")] = {"from": str(old), "to": str(value)}
                setattr(locked, name, value)
        if changes:
            locked.version += 1
            locked.save()
            note_in_history(locked, EventAction.UPDATE, actor, {"changes": changes})
    return locked


def document_serve_pending(
    *,
    complaint: Complaint,
    kind: str,
    actor: User,
    served_on: datetime.date,
    file: UploadedFile | None = None,
) -> Document:
    """Record the service of the complaint's latest document of `kind` not served yet, as
    `document_serve` does; InvalidTransition when there is none."""
    document = document_awaiting_service(complaint, kind)
    if document is None:
        raise InvalidTransition(
            _("This complaint has no %(kind)s waiting to be served.")
            % {"kind": DocumentKind(kind).label}
        )
    return document_serve(document=document, actor=actor, served_on=served_on, file=file)


def document_serve(
    *,
    document: Document,
    actor: User,
    served_on: datetime.date,
    file: UploadedFile | None = None,
) -> Document:
    """Record that `document` was served (送达) on `served_on`, with a scan of the served copy
    if given (PDF, JPEG or PNG, at most 10 MB), and note it in the complaint's history.

    Raise RoleNotAllowed, InvalidTransition (already served) or ValidationError (a date before
    the document was issued or after today, a bad file), changing nothing.
    """
    complaint = document.complaint
    if not actor_roles(actor, complaint) & CASE_ROLES:
        raise RoleNotAllowed(_("Only inspectors record that a document was served."))
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.served_on is not None:
            raise InvalidTransition(
                _("This document was already served on %(date)s.")
                % {"date": document.served_on.isoformat()}
            )
        if served_on < document.issued_on:
            raise ValidationError(
                {"served_on": [_("A document is served on or after the day it is issued.")]}
            )
        if served_on > timezone.localdate():
            raise ValidationError({"served_on": [_("The date of service is in the future.")]})
        document.served_on = served_on
        if file is not None:
            check_content(file)
            document.file = file
        document.full_clean(exclude=["complaint"])
        document.save()
        note_in_history(
            complaint,
            EventAction.SERVE_DOCUMENT,
            actor,
            {
                "kind": document.kind,
                "issued_on": document.issued_on.isoformat(),
                "served_on": served_on.isoformat(),
                "file": bool(document.file),
            },
        )
    return document
