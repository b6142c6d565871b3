"""Evidence files (DESIGN §3.2 Attachment): checked once, whoever sends them.

The public form, the tracking page, the API and the back office all add evidence through
these functions, so a file refused on one surface is refused on every other.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arrears.errors import RoleNotAllowed
from arrears.models import User
from arrears.roles import INTAKE_ROLES
from arrears.validators import tidy

from ..models import Attachment, Complaint
from ..workflow import COMPLAINANT, EventAction, Role, Stage
from .actors import ComplainantActor, actor_roles
from .history import note_in_history
from .transition import complaint_transition

# At most this many files in one submission or one reply to a request for material.
MAX_FILES_PER_SENDING = 5

# The first bytes of each accepted evidence format: the extension alone proves nothing.
_MAGIC = {
    "pdf": b"%PDF",
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
    "png": b"\x89PNG\r\n\x1a\n",
}


def check_content(file: UploadedFile) -> None:
    """Refuse a PDF, JPEG or PNG whose first bytes are not of that format."""
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    head = file.read(16)
    file.seek(0)
    if extension in _MAGIC and not head.startswith(_MAGIC[extension]):
        message = _("The file's content is not a %(ext)s.") % {"ext": extension.upper()}
        raise ValidationError({"file": [message]})


def _file_errors(file: UploadedFile) -> list[str]:
    attachment = Attachment(file=file)
    try:
        check_content(file)
        attachment.full_clean(exclude=["complaint"])
    except ValidationError as exc:
        return [message for messages in exc.message_dict.values() for message in messages]
    return []


def evidence_clean(files: Sequence[UploadedFile], field: str = "evidence") -> None:
    """Check a sending of evidence files: at most five, each a PDF, JPEG or PNG of at most
    10 MB whose content matches its type; raise ValidationError on `field` naming each bad
    file, so nothing is saved when one is wrong."""
    messages: list[str] = []
    if len(files) > MAX_FILES_PER_SENDING:
        messages.append(
            ngettext(
                "Send at most %(count)d file at a time.",
                "Send at most %(count)d files at a time.",
                MAX_FILES_PER_SENDING,
            )
            % {"count": MAX_FILES_PER_SENDING}
        )
    for file in files:
        messages.extend(f"{file.name}: {message}" for message in _file_errors(file))
    if messages:
        raise ValidationError({field: messages})


def evidence_save(complaint: Complaint, files: Sequence[UploadedFile], actor: User | None) -> None:
    """Save files already passed by `evidence_clean`, each with its Event (inside the
    caller's transaction)."""
    for file in files:
        attachment = Attachment.objects.create(complaint=complaint, file=file)
        note_in_history(
            complaint,
            EventAction.ATTACHMENT_ADDED,
            actor,
            {"attachment": attachment.pk, "size": attachment.file.size},
        )


def attachment_add(
    *,
    complaint: Complaint,
    actor: User | ComplainantActor,
    file: UploadedFile,
    description: str = "",
) -> Attachment:
    """Attach an evidence file (PDF, JPEG or PNG, at most 10 MB) to a complaint in scope.

    Staff who take complaints in and API clients add evidence at any time; the worker, with
    the access code, only while the office waits for material from them. Raise OutOfScope,
    RoleNotAllowed or ValidationError (wrong type, too large, content not matching its
    extension), saving nothing.
    """
    roles = actor_roles(actor, complaint)
    if COMPLAINANT in roles:
        if complaint.stage != Stage.NEEDS_INFO:
            raise RoleNotAllowed(_("Material can be added when the office asks for it."))
    elif not roles & (INTAKE_ROLES | {Role.API_CLIENT}):
        raise RoleNotAllowed(_("Your role may not add evidence."))
    check_content(file)
    attachment = Attachment(complaint=complaint, file=file, description=tidy(description))
    attachment.full_clean(exclude=["complaint"])
    with transaction.atomic():
        attachment.save()
        note_in_history(
            complaint,
            EventAction.ATTACHMENT_ADDED,
            actor if not isinstance(actor, ComplainantActor) else None,
            {"attachment": attachment.pk, "size": attachment.file.size},
        )
    return attachment


def material_provide(
    *,
    complaint: Complaint,
    actor: User | ComplainantActor,
    version: int,
    note: str,
    files: Sequence[UploadedFile] = (),
) -> Complaint:
    """Answer a request for material: save the files and move the complaint back to the
    office (provide_info, a new acceptance clock), all or nothing.

    Raise ValidationError (a bad file, no note) or the errors of `complaint_transition`.
    """
    evidence_clean(files)
    with transaction.atomic():
        for file in files:
            attachment_add(complaint=complaint, actor=actor, file=file)
        return complaint_transition(
            complaint=complaint, action="provide_info", actor=actor, version=version, note=note
        )
