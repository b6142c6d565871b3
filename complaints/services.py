"""Every write to a complaint: submission, the workflow transition, the audited reveal.

One code path per operation: the public form, the API, the admin and the management commands
all call these functions, and every guard lives here.
"""

from __future__ import annotations

import datetime
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.models import (
    BlacklistCriterion,
    BlacklistEntry,
    Office,
    Project,
    Region,
    Sector,
    Worker,
)
from arrears.pii import keyed_hash
from arrears.roles import user_roles
from arrears.selectors import campaign_for_date, office_for_region, work_calendar
from arrears.services import (
    EmployerInput,
    WorkerInput,
    employer_clean,
    employer_find_or_create,
    worker_clean,
    worker_reveal,
    worker_upsert,
)
from arrears.validators import fold, tidy
from arrears.workdays import DueDate, WorkCalendar

from .errors import InvalidTransition, OutOfScope, RoleNotAllowed, StaleVersion, ThresholdNotMet
from .models import (
    CaseNumberCounter,
    Channel,
    Claim,
    Complaint,
    DisputeProcess,
    Document,
    DocumentKind,
    Event,
    Kind,
    Notification,
    NotificationChannel,
    Payment,
    PaymentSource,
)
from .selectors import complaint_flags, complaints_visible_to
from .workflow import (
    ACCEPTANCE_DAYS,
    COMPLAINANT,
    EXTENSION_DAYS,
    INVESTIGATION_DAYS,
    SUPERVISOR_OUTCOMES,
    Outcome,
    RejectReason,
    Role,
    Stage,
    Transition,
    next_due_for,
    public_status,
    target_stage,
    transition_for,
)

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read over the phone
ACCESS_CODE_LENGTH = 8
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")
STAFF_SUBMIT_ROLES = frozenset({Role.CLERK, Role.INSPECTOR, Role.SUPERVISOR})
API_CLIENT_CHANNELS = frozenset({Channel.API, Channel.NATIONAL_PLATFORM})
NOTIFY_WINDOW = datetime.timedelta(days=3)


@dataclass(frozen=True)
class ComplainantActor:
    """The worker on the tracking page, who proves who they are with the access code."""

    access_code: str


@dataclass(frozen=True)
class SubmitResult:
    complaint: Complaint
    access_code: str  # shown once on the receipt, stored only hashed


def _random_code(length: int) -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(length))


def _new_reference() -> str:
    return f"QX-{_random_code(4)}-{_random_code(4)}"


def _access_code_hash(code: str) -> str:
    return keyed_hash(fold(code).upper(), purpose="access-code")


def access_code_matches(complaint: Complaint, code: str) -> bool:
    """Return whether `code` is the complaint's access code (constant-time)."""
    return hmac.compare_digest(complaint.access_code_hash, _access_code_hash(code))


def _money(value: object, field: str, errors: dict[str, list[str]]) -> Decimal | None:
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = [_("Enter an amount in yuan, e.g. 12000.00.")]
        return None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        errors[field] = [_("Enter an amount between 0 and 999,999,999,999.99 yuan.")]
        return None
    return amount


def _months_between(start: datetime.date, end: datetime.date) -> int:
    # Whole months of a period, counting both ends: 1 Aug – 31 Oct is three months.
    return max(1, round(((end - start).days + 1) / 30.44))


def _clock(calendar: WorkCalendar, field: str, start: datetime.date, days: int) -> dict:
    due = calendar.add_working_days(start, days)
    return {"field": field, **due_date_data(due)}


def due_date_data(due: DueDate) -> dict:
    """Return how a due date was computed, as JSON-ready data for the Event."""
    return {
        "start": due.start.isoformat(),
        "days": due.days,
        "due": due.due.isoformat(),
        "skipped": [d.isoformat() for d in due.skipped],
        "extra_workdays": [d.isoformat() for d in due.extra_workdays],
        "explanation": due.explain(),
    }


def _notify(complaint: Complaint, template: str, at: datetime.datetime, **context: object) -> None:
    """Queue a text message to the complainant about a step dated `at`.

    Steps back-dated by more than NOTIFY_WINDOW (old letters, imports) are records of the
    past: telling the worker about them now would only confuse, so nothing is queued.
    """
    worker = complaint.complainant
    if worker is None or not worker.phone or at < timezone.now() - NOTIFY_WINDOW:
        return
    Notification.objects.create(
        complaint=complaint,
        channel=NotificationChannel.SMS,
        to=worker.phone,
        template=template,
        context={
            "reference": complaint.reference,
            "public_status": public_status(complaint.stage, complaint.outcome),
            **context,
        },
    )


def complaint_submit(
    *,
    actor,  # noqa: ANN001 - a User, or None for the public
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
) -> SubmitResult:
    """File a complaint, route it to the office for its work region and start the 5-day clock.

    Raise ValidationError naming every bad field (nothing is saved), RoleNotAllowed if the
    actor may not file complaints or use this channel.
    """
    now = timezone.now()
    roles = user_roles(actor) if actor is not None else frozenset()
    if actor is None:
        if channel != Channel.WEB:
            raise RoleNotAllowed(_("The public files complaints through the web form."))
    elif actor.is_superuser or roles & STAFF_SUBMIT_ROLES:
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
    amount = _money(amount_claimed, "amount_claimed", errors)
    if amount is not None and amount == 0 and kind == Kind.COMPLAINT:
        errors["amount_claimed"] = [_("Enter the amount you are owed.")]
    if not isinstance(workers_affected, int) or workers_affected < 1:
        errors["workers_affected"] = [_("At least one worker is affected.")]
    elif workers_affected > 100000:
        errors["workers_affected"] = [_("Too many workers for one complaint.")]
    if errors:
        raise ValidationError(errors)

    calendar = work_calendar()
    with transaction.atomic():
        worker = worker_upsert(data=worker_data) if worker_data else None
        employer_obj = employer_find_or_create(data=employer_data, region=region, sector=sector_obj)
        project = None
        project_name = tidy(project_name)
        if project_name:
            project = Project.objects.filter(name=project_name, region=region).first()
            if project is None:
                project = Project.objects.create(name=project_name, region=region)
        clock = _clock(calendar, "acceptance_due", received_on, ACCEPTANCE_DAYS)
        access_code = _random_code(ACCESS_CODE_LENGTH)
        complaint = Complaint(
            reference=_unused_reference(),
            access_code_hash=_access_code_hash(access_code),
            kind=kind,
            channel=channel,
            received_at=received_at,
            complainant=worker,
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
            campaign=campaign_for_date(received_on),
            created_by=actor,
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
                amount_owed=share,
                months_owed=_months_between(arrears_from, arrears_to),
            )
        data = {"office": office.pk, "clock": clock}
        if complaint.duplicate_of_id:
            data["possible_duplicate_of"] = complaint.duplicate_of.reference
        Event.objects.create(
            complaint=complaint,
            action="submit",
            to_stage=Stage.SUBMITTED,
            actor=actor,
            at=received_at,
            data=data,
            public=True,
            note=_("Received by %(office)s.") % {"office": office.name},
        )
        _notify(complaint, "complaint_received", received_at, acceptance_due=clock["due"])
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
    return (
        Complaint.objects.filter(
            complainant__id_hash=worker.id_hash,
            employer=complaint.employer,
            arrears_from__lte=complaint.arrears_to,
            arrears_to__gte=complaint.arrears_from,
        )
        .exclude(stage=Stage.REJECTED)
        .order_by("received_at", "id")
        .first()
    )


# --- the workflow ------------------------------------------------------------------------


@dataclass
class _Step:
    """What one transition is doing: shared by the action handlers."""

    complaint: Complaint
    actor: object
    roles: frozenset[str]
    fields: dict
    at: datetime.datetime
    today: datetime.date
    calendar: WorkCalendar
    data: dict

    def require(self, *names: str) -> None:
        missing = {
            name: [_("This field is required.")]
            for name in names
            if self.fields.get(name) in (None, "", [], ())
        }
        if missing:
            raise ValidationError(missing)

    def clock(self, field: str, start: datetime.date, days: int) -> datetime.date:
        clock = _clock(self.calendar, field, start, days)
        self.data.setdefault("clocks", []).append(clock)
        return datetime.date.fromisoformat(clock["due"])

    def date_field(self, name: str) -> datetime.date:
        value = self.fields.get(name)
        if isinstance(value, datetime.datetime):
            value = None
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                value = None
        if not isinstance(value, datetime.date):
            raise ValidationError({name: [_("Enter a date as YYYY-MM-DD.")]})
        return value

    def amount_field(self, name: str) -> Decimal:
        errors: dict[str, list[str]] = {}
        amount = _money(self.fields.get(name), name, errors)
        if errors:
            raise ValidationError(errors)
        if amount <= 0:
            raise ValidationError({name: [_("The amount must be more than zero.")]})
        return amount


ALLOWED_FIELDS: dict[str, frozenset[str]] = {
    "request_info": frozenset({"note"}),
    "provide_info": frozenset({"note"}),
    "reject": frozenset({"reason", "note"}),
    "transfer": frozenset({"office", "note"}),
    "mediate": frozenset({"note"}),
    "file": frozenset({"assignees", "note"}),
    "assign": frozenset({"assignees", "note"}),
    "extend": frozenset({"note"}),
    "issue_order": frozenset({"amount", "order_due", "note"}),
    "refer_police": frozenset({"override_reason", "note"}),
    "apply_enforcement": frozenset({"note"}),
    "record_payment": frozenset({"amount", "paid_on", "source", "workers_paid", "note"}),
    "close": frozenset({"outcome", "note"}),
    "withdraw": frozenset({"note"}),
    "reopen": frozenset({"note"}),
    "order_compensation": frozenset({"amount", "due_on", "note"}),
    "impose_penalty": frozenset({"amount", "note"}),
    "blacklist": frozenset({"criterion", "note"}),
}


def _request_info(step: _Step) -> None:
    c = step.complaint
    # The acceptance clock stops while the complainant gathers what is missing.
    step.data["paused_acceptance_due"] = c.acceptance_due.isoformat() if c.acceptance_due else None
    c.acceptance_due = None
    Document.objects.create(complaint=c, kind=DocumentKind.REQUEST_MATERIAL, issued_on=step.today)


def _provide_info(step: _Step) -> None:
    step.complaint.acceptance_due = step.clock("acceptance_due", step.today, ACCEPTANCE_DAYS)


def _reject(step: _Step) -> None:
    reason = step.fields["reason"]
    if reason not in RejectReason.values:
        raise ValidationError({"reason": [_("Choose one of the listed reasons.")]})
    c = step.complaint
    c.outcome_note = tidy(step.fields["note"])
    c.acceptance_due = None
    c.closed_at = step.at
    step.data["reason"] = reason
    Document.objects.create(complaint=c, kind=DocumentKind.NON_ACCEPTANCE, issued_on=step.today)


def _transfer(step: _Step) -> None:
    c = step.complaint
    office = step.fields["office"]
    if not isinstance(office, Office):
        office = Office.objects.filter(pk=office).first() if str(office).isdigit() else None
    if office is None:
        raise ValidationError({"office": [_("Choose an existing office.")]})
    if office.pk == c.office_id:
        raise ValidationError({"office": [_("The complaint is already with this office.")]})
    step.data.update({"from_office": c.office_id, "to_office": office.pk})
    c.past_offices.add(c.office_id)
    c.office = office
    Document.objects.create(complaint=c, kind=DocumentKind.TRANSFER_LETTER, issued_on=step.today)


def _mediate(step: _Step) -> None:
    step.complaint.acceptance_due = None


def _assign_case_number(complaint: Complaint, year: int) -> None:
    counter, _created = CaseNumberCounter.objects.get_or_create(office=complaint.office, year=year)
    counter = CaseNumberCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    complaint.case_number = f"{complaint.office.region_id}-{year}-{counter.last:05d}"


def _file(step: _Step) -> None:
    c = step.complaint
    users = _resolve_assignees(c, step.fields["assignees"])
    c.acceptance_due = None
    c.filed_at = step.at
    if not c.case_number:
        _assign_case_number(c, step.today.year)
    c.investigation_due = step.clock("investigation_due", step.today, INVESTIGATION_DAYS)
    c.assignees.set(users)
    step.data["assignees"] = [u.username for u in users]
    step.data["case_number"] = c.case_number


def _resolve_assignees(complaint: Complaint, names: object, *, minimum: int = 2) -> list:
    if isinstance(names, str) or not hasattr(names, "__iter__"):
        raise ValidationError({"assignees": [_("Give the usernames of the inspectors.")]})
    user_model = get_user_model()
    usernames = [n.username if isinstance(n, user_model) else str(n) for n in names]
    usernames = list(dict.fromkeys(usernames))
    if len(usernames) < minimum:
        message = (
            _("A filed case needs at least two inspectors.")
            if minimum > 1
            else _("Choose at least one inspector.")
        )
        raise ValidationError({"assignees": [message]})
    users = list(
        user_model.objects.filter(username__in=usernames, is_active=True).select_related("office")
    )
    found = {u.username: u for u in users}
    bad = [
        name
        for name in usernames
        if name not in found
        or not user_roles(found[name]) & {Role.INSPECTOR, Role.SUPERVISOR}
        or not complaints_visible_to(found[name]).filter(pk=complaint.pk).exists()
    ]
    if bad:
        raise ValidationError(
            {
                "assignees": [
                    _("Not an inspector in scope of this complaint: %(names)s")
                    % {"names": ", ".join(bad)}
                ]
            }
        )
    return [found[name] for name in usernames]


def _assign(step: _Step) -> None:
    c = step.complaint
    # Two inspectors once a case is filed (劳动保障监察条例); one may prepare it before.
    minimum = 2 if c.case_number else 1
    users = _resolve_assignees(c, step.fields["assignees"], minimum=minimum)
    step.data["previous"] = sorted(c.assignees.values_list("username", flat=True))
    step.data["assignees"] = [u.username for u in users]
    c.assignees.set(users)


def _extend(step: _Step) -> None:
    c = step.complaint
    if c.extended:
        raise InvalidTransition(_("The investigation has already been extended once."))
    c.extended = True
    c.investigation_due = step.clock("investigation_due", c.investigation_due, EXTENSION_DAYS)


def _issue_order(step: _Step) -> None:
    c = step.complaint
    amount = step.amount_field("amount")
    order_due = step.date_field("order_due")
    if order_due <= step.today:
        raise ValidationError({"order_due": [_("The payment deadline must be after today.")]})
    c.amount_verified = amount
    c.order_due = order_due
    Document.objects.create(
        complaint=c,
        kind=DocumentKind.RECTIFICATION_ORDER,
        issued_on=step.today,
        due_on=order_due,
        amount=amount,
    )
    step.data.update({"amount": str(amount), "order_due": order_due.isoformat()})


def _refer_police(step: _Step) -> None:
    c = step.complaint
    override = tidy(step.fields.get("override_reason") or "")
    if not complaint_flags(c, step.today)["crime_threshold"]:
        if not override:
            raise ThresholdNotMet(
                _(
                    "Referral needs an overdue, unpaid order and the province's crime "
                    "threshold, or an override reason."
                ),
                fields={"override_reason": [_("Say why the case is referred anyway.")]},
            )
        step.data["override_reason"] = override
    Document.objects.create(complaint=c, kind=DocumentKind.TRANSFER_LETTER, issued_on=step.today)


def _apply_enforcement(step: _Step) -> None:
    pass


def _record_payment(step: _Step) -> None:
    c = step.complaint
    amount = step.amount_field("amount")
    paid_on = step.date_field("paid_on")
    if paid_on > step.today:
        raise ValidationError({"paid_on": [_("A payment cannot be dated in the future.")]})
    if paid_on < timezone.localdate(c.received_at):
        raise ValidationError(
            {"paid_on": [_("Only payments made after the complaint was received count here.")]}
        )
    source = step.fields["source"]
    if source not in PaymentSource.values:
        raise ValidationError({"source": [_("Choose where the money came from.")]})
    workers_paid = step.fields.get("workers_paid") or 1
    if not isinstance(workers_paid, int) or not 1 <= workers_paid <= c.workers_affected:
        raise ValidationError(
            {"workers_paid": [_("Between 1 and the number of workers affected.")]}
        )
    Payment.objects.create(
        complaint=c,
        amount=amount,
        paid_on=paid_on,
        source=source,
        workers_paid=workers_paid,
        note=tidy(step.fields.get("note") or ""),
        recorded_by=step.actor if not isinstance(step.actor, ComplainantActor) else None,
    )
    if source == PaymentSource.WAGE_GUARANTEE:
        Document.objects.create(
            complaint=c, kind=DocumentKind.GUARANTEE_PAYMENT, issued_on=step.today, amount=amount
        )
    c.amount_recovered = c.payments.aggregate(total=Sum("amount"))["total"].quantize(CENT)
    step.data.update({"amount": str(amount), "paid_on": paid_on.isoformat(), "source": source})


def _close(step: _Step) -> None:
    c = step.complaint
    outcome = step.fields["outcome"]
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("Choose an outcome.")]})
    if outcome in SUPERVISOR_OUTCOMES and Role.SUPERVISOR not in step.roles:
        raise RoleNotAllowed(_("Only a supervisor closes a case as unfounded or revoked."))
    # Before anything is verified (mediation), the amount claimed is what must be covered.
    due = c.amount_verified if c.amount_verified > 0 else c.amount_claimed
    if outcome == Outcome.PAID_IN_FULL and not (
        c.amount_recovered > 0 and c.amount_recovered >= due
    ):
        raise ValidationError(
            {
                "outcome": [
                    _("Paid in full needs recorded payments of at least %(due)s yuan.")
                    % {"due": due}
                ]
            }
        )
    if outcome == Outcome.PAID_PARTIALLY and c.amount_recovered <= 0:
        raise ValidationError({"outcome": [_("No payment has been recorded.")]})
    _finish(step, outcome)


def _withdraw(step: _Step) -> None:
    _finish(step, Outcome.WITHDRAWN)


def _finish(step: _Step, outcome: str) -> None:
    c = step.complaint
    c.outcome = outcome
    c.outcome_note = tidy(step.fields.get("note") or "")
    c.closed_at = step.at
    step.data["outcome"] = outcome


def _reopen(step: _Step) -> None:
    c = step.complaint
    step.data["previous_outcome"] = c.outcome
    c.outcome = ""
    c.outcome_note = ""
    c.closed_at = None
    if not c.case_number:
        _assign_case_number(c, step.today.year)
        c.filed_at = step.at
    c.investigation_due = step.clock("investigation_due", step.today, INVESTIGATION_DAYS)


def _order_compensation(step: _Step) -> None:
    c = step.complaint
    amount = step.amount_field("amount")
    due_on = step.date_field("due_on")
    owed = c.amount_verified - c.amount_recovered
    # Labour Contract Law art. 85: 50 % to 100 % of the amount still owed.
    if not (owed * Decimal("0.5")).quantize(CENT) <= amount <= owed:
        raise ValidationError(
            {
                "amount": [
                    _("Compensation is 50–100 %% of the %(owed)s yuan still owed.") % {"owed": owed}
                ]
            }
        )
    if due_on <= step.today:
        raise ValidationError({"due_on": [_("The payment deadline must be after today.")]})
    Document.objects.create(
        complaint=c,
        kind=DocumentKind.COMPENSATION_ORDER,
        issued_on=step.today,
        due_on=due_on,
        amount=amount,
    )
    step.data.update({"amount": str(amount), "due_on": due_on.isoformat()})


def _impose_penalty(step: _Step) -> None:
    amount = step.amount_field("amount")
    Document.objects.create(
        complaint=step.complaint,
        kind=DocumentKind.PENALTY_DECISION,
        issued_on=step.today,
        amount=amount,
    )
    step.data["amount"] = str(amount)


def _blacklist(step: _Step) -> None:
    criterion = step.fields["criterion"]
    if criterion not in BlacklistCriterion.values:
        raise ValidationError({"criterion": [_("Choose amount threshold or mass incident.")]})
    c = step.complaint
    listed = BlacklistEntry.objects.filter(
        employer_id=c.employer_id, removed_on__isnull=True, expires_on__gt=step.today
    ).exists()
    if listed:
        raise ValidationError({"criterion": [_("The employer is already on the blacklist.")]})
    entry = BlacklistEntry.objects.create(
        employer_id=c.employer_id, complaint=c, criterion=criterion, decided_on=step.today
    )
    step.data.update({"criterion": criterion, "expires_on": entry.expires_on.isoformat()})


HANDLERS: dict[str, Callable[[_Step], None]] = {
    "request_info": _request_info,
    "provide_info": _provide_info,
    "reject": _reject,
    "transfer": _transfer,
    "mediate": _mediate,
    "file": _file,
    "assign": _assign,
    "extend": _extend,
    "issue_order": _issue_order,
    "refer_police": _refer_police,
    "apply_enforcement": _apply_enforcement,
    "record_payment": _record_payment,
    "close": _close,
    "withdraw": _withdraw,
    "reopen": _reopen,
    "order_compensation": _order_compensation,
    "impose_penalty": _impose_penalty,
    "blacklist": _blacklist,
}


def _actor_roles(actor, complaint: Complaint) -> frozenset[str]:  # noqa: ANN001
    """Return the roles `actor` holds on `complaint`; raise OutOfScope if they cannot see it."""
    if isinstance(actor, ComplainantActor):
        if not access_code_matches(complaint, actor.access_code):
            raise OutOfScope(_("No complaint matches this reference and access code."))
        return frozenset({COMPLAINANT})
    if not complaints_visible_to(actor).filter(pk=complaint.pk).exists():
        raise OutOfScope(_("Complaint not found."))
    roles = user_roles(actor)
    if actor.is_superuser:
        roles = roles | {Role.SUPERVISOR}
    return roles


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
        roles = _actor_roles(actor, locked)
        if not roles & transition.roles:
            raise RoleNotAllowed(
                _("Your role may not %(action)s a complaint.") % {"action": action}
            )
        if locked.version != version:
            raise StaleVersion(
                _("The complaint was changed by someone else; reload it and try again.")
            )
        if locked.stage not in transition.sources:
            raise InvalidTransition(
                _("%(action)s is not possible from stage %(stage)s.")
                % {"action": action, "stage": locked.stage}
            )
        last_event_at = locked.events.order_by("-at").values_list("at", flat=True).first()
        if last_event_at and at < last_event_at:
            raise ValidationError({"at": [_("A step cannot be dated before the previous one.")]})
        step = _Step(
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
        _apply_stage(locked, transition)
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
            _notify(locked, f"complaint_{action}", at)
    return locked


def _apply_stage(complaint: Complaint, transition: Transition) -> None:
    complaint.stage = target_stage(transition, complaint.stage)
    complaint.next_due = next_due_for(
        complaint.stage,
        acceptance_due=complaint.acceptance_due,
        investigation_due=complaint.investigation_due,
        order_due=complaint.order_due,
    )
    complaint.version += 1


def complaint_reveal(*, complaint: Complaint, user, reason: str) -> dict[str, str]:  # noqa: ANN001
    """Return the complainant's full personal data, audited; OutOfScope if not visible."""
    if not complaints_visible_to(user).filter(pk=complaint.pk).exists():
        raise OutOfScope(_("Complaint not found."))
    worker: Worker | None = complaint.complainant
    if worker is None:
        return {"name": "", "id_number": "", "phone": ""}
    with transaction.atomic():
        return worker_reveal(worker=worker, user=user, reason=reason, complaint=complaint)
