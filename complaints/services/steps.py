"""What each workflow action does to a complaint, once the transition is allowed."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.models import (
    BlacklistCriterion,
    BlacklistEntry,
    Office,
)
from arrears.roles import user_roles
from arrears.selectors import blacklist_in_force
from arrears.services import WorkerInput, worker_clean, worker_upsert
from arrears.validators import tidy
from arrears.workdays import WorkCalendar

from .. import clocks
from ..errors import InvalidTransition, RoleNotAllowed, ThresholdNotMet
from ..models import (
    CaseNumberCounter,
    Claim,
    Complaint,
    Document,
    DocumentKind,
    Payment,
    PaymentSource,
)
from ..selectors import complaint_flags, complaints_visible_to
from ..workflow import (
    ACCEPTANCE_DAYS,
    COMPLAINANT,
    EXTENSION_DAYS,
    INVESTIGATION_DAYS,
    SUPERVISOR_OUTCOMES,
    Outcome,
    RejectReason,
    Role,
    complainant_may_withdraw,
)
from .actors import ComplainantActor
from .money import CENT, parse_money


@dataclass
class Step:
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
        clock = clocks.start(self.calendar, field, start, days)
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
        amount = parse_money(self.fields.get(name), name, errors)
        if errors:
            raise ValidationError(errors)
        if amount <= 0:
            raise ValidationError({name: [_("The amount must be more than zero.")]})
        return amount


def _request_info(step: Step) -> None:
    c = step.complaint
    # The acceptance clock stops while the complainant gathers what is missing.
    step.data.update(clocks.pause(c, "acceptance_due"))
    Document.objects.create(complaint=c, kind=DocumentKind.REQUEST_MATERIAL, issued_on=step.today)


def _provide_info(step: Step) -> None:
    step.complaint.acceptance_due = step.clock("acceptance_due", step.today, ACCEPTANCE_DAYS)


def _reject(step: Step) -> None:
    reason = step.fields["reason"]
    if reason not in RejectReason.values:
        raise ValidationError({"reason": [_("Choose one of the listed reasons.")]})
    c = step.complaint
    c.outcome_note = tidy(step.fields["note"])
    clocks.clear(c, "acceptance_due")
    c.closed_at = step.at
    step.data["reason"] = reason
    Document.objects.create(complaint=c, kind=DocumentKind.NON_ACCEPTANCE, issued_on=step.today)


def _transfer(step: Step) -> None:
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


def _mediate(step: Step) -> None:
    clocks.clear(step.complaint, "acceptance_due")


def _assign_case_number(complaint: Complaint, year: int) -> None:
    counter, _created = CaseNumberCounter.objects.get_or_create(office=complaint.office, year=year)
    counter = CaseNumberCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    complaint.case_number = f"{complaint.office.region_id}-{year}-{counter.last:05d}"


def _file(step: Step) -> None:
    c = step.complaint
    users = _resolve_assignees(c, step.fields["assignees"])
    clocks.clear(c, "acceptance_due")
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
        or not complaints_visible_to(found[name], acting=True).filter(pk=complaint.pk).exists()
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


def _assign(step: Step) -> None:
    c = step.complaint
    # Two inspectors once a case is filed (劳动保障监察条例); one may prepare it before.
    minimum = 2 if c.case_number else 1
    users = _resolve_assignees(c, step.fields["assignees"], minimum=minimum)
    step.data["previous"] = sorted(c.assignees.values_list("username", flat=True))
    step.data["assignees"] = [u.username for u in users]
    c.assignees.set(users)


def _extend(step: Step) -> None:
    c = step.complaint
    if c.extended:
        raise InvalidTransition(_("The investigation has already been extended once."))
    c.extended = True
    c.investigation_due = step.clock("investigation_due", c.investigation_due, EXTENSION_DAYS)


def _issue_order(step: Step) -> None:
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


def _refer_police(step: Step) -> None:
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


def _apply_enforcement(step: Step) -> None:
    pass


def _record_payment(step: Step) -> None:
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


def _close(step: Step) -> None:
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


def _withdraw(step: Step) -> None:
    c = step.complaint
    if COMPLAINANT in step.roles and not complainant_may_withdraw(c.stage, c.kind):
        raise RoleNotAllowed(
            _(
                "Once the case is filed, or for a report, tell the office that you wish to "
                "withdraw; the office ends the case by a decision."
            )
        )
    _finish(step, Outcome.WITHDRAWN)


def _finish(step: Step, outcome: str) -> None:
    c = step.complaint
    c.outcome = outcome
    c.outcome_note = tidy(step.fields.get("note") or "")
    c.closed_at = step.at
    step.data["outcome"] = outcome


def _reopen(step: Step) -> None:
    c = step.complaint
    step.data["previous_outcome"] = c.outcome
    c.outcome = ""
    c.outcome_note = ""
    c.closed_at = None
    if not c.case_number:
        _assign_case_number(c, step.today.year)
        c.filed_at = step.at
    c.investigation_due = step.clock("investigation_due", step.today, INVESTIGATION_DAYS)


def _order_compensation(step: Step) -> None:
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


def _impose_penalty(step: Step) -> None:
    amount = step.amount_field("amount")
    Document.objects.create(
        complaint=step.complaint,
        kind=DocumentKind.PENALTY_DECISION,
        issued_on=step.today,
        amount=amount,
    )
    step.data["amount"] = str(amount)


def _record_claim(step: Step) -> None:
    """Add a worker's claim to the complaint, or update theirs (matched by ID hash)."""
    c = step.complaint
    worker_data = worker_clean(
        WorkerInput(
            name=str(step.fields.get("name") or ""),
            id_number=str(step.fields.get("id_number") or ""),
            phone=str(step.fields.get("phone") or ""),
        ),
        prefix="",
    )
    if not worker_data.id_number:
        raise ValidationError({"id_number": [_("A claim names the worker by ID number.")]})
    owed = step.amount_field("amount_owed")
    verified = Decimal("0.00")
    if step.fields.get("amount_verified") not in (None, ""):
        errors: dict[str, list[str]] = {}
        verified = parse_money(step.fields["amount_verified"], "amount_verified", errors)
        if errors:
            raise ValidationError(errors)
    months = step.fields.get("months_owed") or 0
    if not isinstance(months, int) or not 0 <= months <= 600:
        raise ValidationError({"months_owed": [_("Enter the number of months owed.")]})
    worker = worker_upsert(data=worker_data)
    # The name and mobile given with this claim (the worker row is shared by ID number).
    contact = {"contact_name": worker_data.name}
    if worker_data.phone:
        contact["contact_phone"] = worker_data.phone
    claim, created = Claim.objects.update_or_create(
        complaint=c,
        worker=worker,
        defaults={
            "amount_owed": owed,
            "months_owed": months,
            "amount_verified": verified,
            **contact,
        },
    )
    step.data.update(
        {
            "claim": claim.pk,
            "created": created,
            "amount_owed": str(owed),
            "months_owed": months,
            "amount_verified": str(verified),
        }
    )


def _blacklist(step: Step) -> None:
    criterion = step.fields["criterion"]
    if criterion not in BlacklistCriterion.values:
        raise ValidationError({"criterion": [_("Choose amount threshold or mass incident.")]})
    c = step.complaint
    listed = BlacklistEntry.objects.filter(
        blacklist_in_force(step.today), employer_id=c.employer_id
    ).exists()
    if listed:
        raise ValidationError({"criterion": [_("The employer is already on the blacklist.")]})
    entry = BlacklistEntry.objects.create(
        employer_id=c.employer_id, complaint=c, criterion=criterion, decided_on=step.today
    )
    step.data.update({"criterion": criterion, "expires_on": entry.expires_on.isoformat()})


HANDLERS: dict[str, Callable[[Step], None]] = {
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
    "record_claim": _record_claim,
}
