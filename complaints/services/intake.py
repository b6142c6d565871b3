"""Filing a complaint (DESIGN §4, submit): validation, routing, the first clock."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.models import (
    Project,
    Region,
    Sector,
    User,
)
from arrears.roles import INTAKE_ROLES, effective_roles
from arrears.selectors import campaign_for_date, office_for_region, work_calendar
from arrears.services import (
    EmployerInput,
    WorkerInput,
    employer_clean,
    employer_find_or_create,
    worker_clean,
    worker_upsert,
)
from arrears.validators import fold, tidy, validate_visible_name

from .. import clocks
from ..codes import access_code_hash, random_code
from ..errors import RoleNotAllowed
from ..models import (
    Channel,
    Claim,
    Complaint,
    DisputeProcess,
    Event,
    Kind,
)
from ..selectors import possible_duplicates
from ..workflow import (
    ACCEPTANCE_DAYS,
    EventAction,
    Role,
    Stage,
)
from .evidence import evidence_clean, evidence_save
from .money import CENT, parse_money
from .notifications import notify

ACCESS_CODE_LENGTH = 8
# The flat names the intake forms give the nested inputs whose errors this service reports
# ("complainant.phone" → the form's "phone"), so each error lands beside its field.
FORM_FIELDS = {
    "complainant.name": "name",
    "complainant.id_number": "id_number",
    "complainant.phone": "phone",
    "complainant.home_region": "home_region",
    "employer.name": "employer_name",
    "employer.uscc": "employer_uscc",
}
API_CLIENT_CHANNELS = frozenset({Channel.API, Channel.NATIONAL_PLATFORM})


@dataclass(frozen=True)
class SubmitResult:
    complaint: Complaint
    access_code: str  # shown once on the receipt, stored only hashed


def _new_reference() -> str:
    return f"QX-{random_code(4)}-{random_code(4)}"


def _months_between(start: datetime.date, end: datetime.date) -> int:
    # Whole months of a period, counting both ends: 1 Aug – 31 Oct is three months.
    return max(1, round(((end - start).days + 1) / 30.44))


def complaint_submit(
    *,
    actor: User | None,  # None: the public
    kind: str,
    channel: str,
    complainant: WorkerInput | None,
    employer: EmployerInput,
    work_region: str,
    sector: str,
    arrears_from: datetime.date,
    arrears_to: datetime.date,
    amount_claimed: object,
    workers_affected: int = 1,
    project_name: str = "",
    description: str = "",
    in_dispute_process: str = DisputeProcess.NONE,
    received_at: datetime.datetime | None = None,
    consent: bool = False,
    source_ref: str = "",
    evidence: Sequence[UploadedFile] = (),
) -> SubmitResult:
    """File a complaint, route it to the office for its work region and start the 5-day clock.

    `evidence` files are checked as every attachment is and saved with the complaint. Raise
    ValidationError naming every bad field (nothing is saved), RoleNotAllowed if the actor
    may not file complaints or use this channel.
    """
    now = timezone.now()
    roles = effective_roles(actor) if actor is not None else frozenset()
    if actor is None:
        if channel != Channel.WEB:
            raise RoleNotAllowed(_("The public files complaints through the web form."))
    elif roles & INTAKE_ROLES:
        pass
    elif Role.API_CLIENT in roles:
        if channel not in API_CLIENT_CHANNELS:
            raise RoleNotAllowed(
                _("API clients file through the api or national_platform channel.")
            )
    else:
        raise RoleNotAllowed(_("You may not file complaints."))

    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        errors["kind"] = [_("Choose complaint or report.")]
    if channel not in Channel.values:
        errors["channel"] = [_("Unknown channel.")]
    source_ref = fold(source_ref)
    if source_ref and Complaint.objects.filter(channel=channel, source_ref=source_ref).exists():
        errors["source_ref"] = [_("This lead has already been filed.")]
    if in_dispute_process not in DisputeProcess.values:
        errors["in_dispute_process"] = [_("Choose none, mediation, arbitration or court.")]
    if actor is None and not consent:
        errors["consent"] = [_("Please confirm you agree to how your data is used.")]
    if received_at is None or actor is None:
        received_at = now
    elif timezone.is_naive(received_at):
        errors["received_at"] = [_("Give the receipt time with its time zone.")]
    elif received_at > now:
        errors["received_at"] = [_("The receipt time cannot be in the future.")]
    received_on = timezone.localdate(received_at) if timezone.is_aware(received_at) else None

    worker_data = None
    if complainant is not None and (complainant.name or complainant.id_number or complainant.phone):
        try:
            worker_data = worker_clean(complainant)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if (
            worker_data
            and kind == Kind.COMPLAINT
            and not (worker_data.phone or worker_data.id_number)
        ):
            errors["complainant.phone"] = [_("Give a mobile number or an ID number.")]
    elif kind == Kind.COMPLAINT:
        errors["complainant.name"] = [_("A complaint names the worker; reports may be anonymous.")]
    try:
        employer_data = employer_clean(employer)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        employer_data = None

    project_name = tidy(project_name)
    try:
        validate_visible_name(project_name)
    except ValidationError as exc:
        errors["project_name"] = exc.messages

    region = Region.objects.filter(code=fold(str(work_region))).first()
    office = None
    if region is None:
        errors["work_region"] = [_("Choose the county (or city) where the work was done.")]
    else:
        office = office_for_region(region)
        if office is None:
            errors["work_region"] = [_("No inspection office covers this region yet.")]
    sector_obj = Sector.objects.filter(code=sector).first()
    if sector_obj is None:
        errors["sector"] = [_("Unknown sector.")]

    if not isinstance(arrears_from, datetime.date) or not isinstance(arrears_to, datetime.date):
        errors["arrears_from"] = [_("Give the first and last month of unpaid work as dates.")]
    else:
        if arrears_from > arrears_to:
            errors["arrears_to"] = [_("The end of the unpaid period is before its start.")]
        if received_on and arrears_from > received_on:
            errors["arrears_from"] = [_("The unpaid period cannot start in the future.")]
    amount = parse_money(amount_claimed, "amount_claimed", errors)
    if amount is not None and amount == 0 and kind == Kind.COMPLAINT:
        errors["amount_claimed"] = [_("Enter the amount you are owed.")]
    if not isinstance(workers_affected, int) or workers_affected < 1:
        errors["workers_affected"] = [_("At least one worker is affected.")]
    elif workers_affected > 100000:
        errors["workers_affected"] = [_("Too many workers for one complaint.")]
    try:
        evidence_clean(evidence)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)

    calendar = work_calendar()
    with transaction.atomic():
        worker = worker_upsert(data=worker_data) if worker_data else None
        employer_obj = employer_find_or_create(data=employer_data, region=region, sector=sector_obj)
        project = None
        if project_name:
            project = Project.objects.filter(name=project_name, region=region).first()
            if project is None:
                project = Project.objects.create(name=project_name, region=region)
        clock = clocks.start(calendar, "acceptance_due", received_on, ACCEPTANCE_DAYS)
        access_code = random_code(ACCESS_CODE_LENGTH)
        complaint = Complaint(
            reference=_unused_reference(),
            access_code_hash=access_code_hash(access_code),
            kind=kind,
            channel=channel,
            received_at=received_at,
            complainant=worker,
            contact_name=worker_data.name if worker_data else "",
            contact_phone=worker_data.phone if worker_data else "",
            employer=employer_obj,
            project=project,
            sector=sector_obj,
            work_region=region,
            arrears_from=arrears_from,
            arrears_to=arrears_to,
            amount_claimed=amount,
            workers_affected=workers_affected,
            description=tidy(description),
            in_dispute_process=in_dispute_process,
            source_ref=source_ref,
            campaign=campaign_for_date(received_on),
            created_by=actor,
            # The office that took it in follows it read-only wherever it is routed (DESIGN §6).
            intake_office_id=(
                actor.office_id if actor is not None and (roles & INTAKE_ROLES) else None
            ),
            office=office,
            stage=Stage.SUBMITTED,
            acceptance_due=datetime.date.fromisoformat(clock["due"]),
        )
        complaint.next_due = complaint.acceptance_due
        complaint.duplicate_of = _possible_duplicate(complaint)
        # Field rules only: the related rows were just looked up or created, uniqueness and
        # the check constraints are the database's job (saves a dozen queries per filing).
        complaint.full_clean(
            exclude=[
                "complainant",
                "employer",
                "project",
                "duplicate_of",
                "sector",
                "work_region",
                "office",
                "campaign",
                "created_by",
                "intake_office",
            ],
            validate_unique=False,
            validate_constraints=False,
        )
        complaint.save()
        if worker is not None:
            # In a group complaint the complainant's own share is unknown at intake: record an
            # even share, not the group total, so the single-worker crime threshold is not met
            # by the group's sum. Inspectors replace it with the verified per-worker claims.
            share = (amount / workers_affected).quantize(CENT, rounding=ROUND_DOWN)
            Claim.objects.create(
                complaint=complaint,
                worker=worker,
                contact_name=complaint.contact_name,
                contact_phone=complaint.contact_phone,
                amount_owed=share,
                months_owed=_months_between(arrears_from, arrears_to),
            )
        data = {"office": office.pk, "clock": clock}
        if complaint.duplicate_of_id:
            data["possible_duplicate_of"] = complaint.duplicate_of.reference
        Event.objects.create(
            complaint=complaint,
            action=EventAction.SUBMIT,
            to_stage=Stage.SUBMITTED,
            actor=actor,
            at=received_at,
            data=data,
            public=True,
        )
        evidence_save(complaint, evidence, actor)
        notify(complaint, "complaint_received", received_at, acceptance_due=clock["due"])
    return SubmitResult(complaint=complaint, access_code=access_code)


def _unused_reference() -> str:
    while True:
        reference = _new_reference()
        if not Complaint.objects.filter(reference=reference).exists():
            return reference


def _possible_duplicate(complaint: Complaint) -> Complaint | None:
    """Return the earliest complaint by the same worker against the same employer whose
    unpaid period overlaps this one's."""
    worker = complaint.complainant
    if worker is None or not worker.id_hash:
        return None
    return possible_duplicates(
        id_hash=worker.id_hash,
        employer_ids=[complaint.employer_id],
        arrears_from=complaint.arrears_from,
        arrears_to=complaint.arrears_to,
    ).first()
