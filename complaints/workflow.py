"""The workflow of DESIGN §4 as data, with pure functions over it; no database, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arrears.models import BlacklistCriterion
from arrears.roles import CASE_ROLES, Role


class Stage(models.TextChoices):
    SUBMITTED = "submitted", _("submitted (已登记)")
    NEEDS_INFO = "needs_info", _("needs information (待补正)")
    MEDIATING = "mediating", _("mediating (协调中)")
    INVESTIGATING = "investigating", _("investigating (立案调查)")
    ORDER_ISSUED = "order_issued", _("order issued (已责令支付)")
    REFERRED_POLICE = "referred_police", _("referred to police (已移送公安)")
    COURT_ENFORCEMENT = "court_enforcement", _("court enforcement (申请法院执行)")
    CLOSED = "closed", _("closed (已办结)")
    REJECTED = "rejected", _("not accepted (不予受理)")


class Outcome(models.TextChoices):
    PAID_IN_FULL = "paid_in_full", _("paid in full")
    PAID_PARTIALLY = "paid_partially", _("paid partially")
    SETTLED_BY_MEDIATION = "settled_by_mediation", _("settled by mediation")
    UNFOUNDED = "unfounded", _("unfounded")
    WITHDRAWN = "withdrawn", _("withdrawn")
    FILING_REVOKED = "filing_revoked", _("filing revoked")


class RejectReason(models.TextChoices):
    TIME_BARRED = "time_barred", _("more than two years after the arrears ended")
    IN_DISPUTE_PROCESS = "in_dispute_process", _("already in mediation, arbitration or court")
    NOT_LABOUR_MATTER = "not_labour_matter", _("not a labour matter")
    NO_IDENTIFIABLE_EMPLOYER = "no_identifiable_employer", _("no identifiable employer")
    DUPLICATE = "duplicate", _("duplicate of another complaint")


class PaymentSource(models.TextChoices):
    EMPLOYER = "employer", _("employer")
    MAIN_CONTRACTOR = "main_contractor", _("main contractor pays first")
    CLIENT_ADVANCE = "client_advance", _("client advance")
    WAGE_GUARANTEE = "wage_guarantee", _("wage guarantee")
    EMERGENCY_FUND = "emergency_fund", _("emergency fund")
    COURT_ENFORCEMENT = "court_enforcement", _("court enforcement")
    POLICE_RECOVERY = "police_recovery", _("police recovery")


class EventAction(models.TextChoices):
    """Every action an Event records: the workflow's steps (one per row of TRANSITIONS, whose
    label is the step's name on buttons and in the history) and the other changes."""

    REQUEST_INFO = "request_info", _("Request information")
    PROVIDE_INFO = "provide_info", _("Information provided")
    REJECT = "reject", _("Reject")
    TRANSFER = "transfer", _("Transfer to another office")
    MEDIATE = "mediate", _("Start mediation")
    FILE = "file", _("File the case (立案)")
    ASSIGN = "assign", _("Assign inspectors")
    EXTEND = "extend", _("Extend the investigation")
    ISSUE_ORDER = "issue_order", _("Order the employer to pay")
    REFER_POLICE = "refer_police", _("Refer to the police")
    APPLY_ENFORCEMENT = "apply_enforcement", _("Apply for court enforcement")
    RECORD_PAYMENT = "record_payment", _("Record a payment")
    CLOSE = "close", pgettext_lazy("workflow action", "Close")
    WITHDRAW = "withdraw", _("Withdraw")
    ORDER_COMPENSATION = "order_compensation", _("Order extra compensation (50–100 %)")
    IMPOSE_PENALTY = "impose_penalty", _("Impose a penalty")
    BLACKLIST = "blacklist", _("Put the employer on the arrears blacklist")
    RECORD_CLAIM = "record_claim", _("Record a worker's claim")
    REOPEN = "reopen", _("Reopen")
    # Recorded in the history, not workflow steps: the stage stays.
    SUBMIT = "submit", _("received")
    UPDATE = "update", _("intake details corrected")
    SERVE_DOCUMENT = "serve_document", _("document served")
    EMPLOYER_MERGED = "employer_merged", _("employer records merged")
    BLACKLIST_REMOVED = "blacklist_removed", _("taken off the blacklist early")
    REVEAL_BURST = "reveal_burst", _("too many reveals of personal data: supervisors alerted")
    ATTACHMENT_ADDED = "attachment_added", _("evidence file added")


# Not a staff role: the worker, authenticated on the tracking page by reference + access code.
COMPLAINANT = "complainant"

CLOSED_STAGES = frozenset({Stage.CLOSED, Stage.REJECTED})
OPEN_STAGES = frozenset(Stage.values) - CLOSED_STAGES
ACTIVE_STAGES = frozenset(
    {
        Stage.MEDIATING,
        Stage.INVESTIGATING,
        Stage.ORDER_ISSUED,
        Stage.REFERRED_POLICE,
        Stage.COURT_ENFORCEMENT,
    }
)
ENFORCEMENT_STAGES = frozenset({Stage.ORDER_ISSUED, Stage.REFERRED_POLICE, Stage.COURT_ENFORCEMENT})
# Outcomes only a supervisor may close with.
SUPERVISOR_OUTCOMES = frozenset({Outcome.UNFOUNDED, Outcome.FILING_REVOKED})

ACCEPTANCE_DAYS = 5
INVESTIGATION_DAYS = 60
EXTENSION_DAYS = 30


class InputKind(models.TextChoices):
    """How an action's input is typed; each surface (service, API, back-office form) has one
    builder per kind."""

    TEXT = "text"
    NAME = "name"  # a person's name: visible characters only
    CHOICE = "choice"
    MONEY = "money"  # yuan, two decimals
    DATE = "date"
    INTEGER = "integer"
    OFFICE = "office"  # the id of an office
    USERNAMES = "usernames"  # staff of the complaint's office, by username


@dataclass(frozen=True)
class Input:
    """One input a workflow action may take: its name, kind and label, and its bounds."""

    name: str
    kind: str
    label: str = field(compare=False)
    choices: type[models.TextChoices] | None = None
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None


INPUTS: dict[str, Input] = {
    i.name: i
    for i in (
        Input("note", InputKind.TEXT, _("note"), max_length=5000),
        Input("reason", InputKind.CHOICE, _("reason"), choices=RejectReason),
        Input("office", InputKind.OFFICE, _("to office")),
        Input("assignees", InputKind.USERNAMES, _("inspectors")),
        Input("amount", InputKind.MONEY, _("amount (yuan)")),
        Input("order_due", InputKind.DATE, _("payment deadline")),
        Input("due_on", InputKind.DATE, _("payment deadline")),
        Input("paid_on", InputKind.DATE, _("paid on")),
        Input("source", InputKind.CHOICE, _("paid by"), choices=PaymentSource),
        Input("workers_paid", InputKind.INTEGER, _("workers paid"), min_value=1),
        Input("outcome", InputKind.CHOICE, _("outcome"), choices=Outcome),
        Input(
            "override_reason",
            InputKind.TEXT,
            _("reason to refer although the threshold is not met"),
            max_length=2000,
        ),
        Input("criterion", InputKind.CHOICE, _("criterion"), choices=BlacklistCriterion),
        Input("name", InputKind.NAME, _("worker's name"), max_length=64),
        Input("id_number", InputKind.TEXT, _("ID number"), max_length=24),
        Input("phone", InputKind.TEXT, _("mobile"), max_length=20),
        Input("amount_owed", InputKind.MONEY, _("amount owed (yuan)")),
        Input("amount_verified", InputKind.MONEY, _("amount verified")),
        Input("months_owed", InputKind.INTEGER, _("months owed"), min_value=0, max_value=600),
    )
}


@dataclass(frozen=True)
class Transition:
    """One row of the table: who may move a complaint from which stages, and what it needs."""

    action: str
    sources: frozenset[str]
    target: str | None  # None: the stage does not change
    roles: frozenset[str]
    required: tuple[str, ...] = ()  # of `inputs`, the ones the action needs
    public: bool = True  # the Event shows on the tracking page
    inputs: tuple[str, ...] = ()  # the inputs it takes, names in INPUTS

    def __post_init__(self) -> None:
        # A plain string, as stored in Event.action and written in the API schema.
        object.__setattr__(self, "action", EventAction(self.action).value)
        unknown = (set(self.inputs) | set(self.required)) - INPUTS.keys()
        if unknown or not set(self.required) <= set(self.inputs):
            raise ValueError(f"{self.action}: inputs {sorted(unknown)} unknown or not taken")

    @property
    def input_fields(self) -> list[tuple[Input, bool]]:
        """Return each input the action takes with whether it is required, the note last."""
        names = sorted(self.inputs, key=lambda name: (name == "note", name))
        return [(INPUTS[name], name in self.required) for name in names]

    @property
    def label(self) -> str:
        return EventAction(self.action).label


_INSPECTOR = CASE_ROLES
_SUPERVISOR = frozenset({Role.SUPERVISOR})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            EventAction.REQUEST_INFO,
            frozenset({Stage.SUBMITTED}),
            Stage.NEEDS_INFO,
            _INSPECTOR,
            required=("note",),
            inputs=("note",),
        ),
        Transition(
            EventAction.PROVIDE_INFO,
            frozenset({Stage.NEEDS_INFO}),
            Stage.SUBMITTED,
            _INSPECTOR | {COMPLAINANT},
            required=("note",),
            inputs=("note",),
        ),
        Transition(
            EventAction.REJECT,
            frozenset({Stage.SUBMITTED, Stage.NEEDS_INFO}),
            Stage.REJECTED,
            _INSPECTOR,
            required=("reason", "note"),
            inputs=("reason", "note"),
        ),
        Transition(
            EventAction.TRANSFER,
            OPEN_STAGES,
            None,
            _SUPERVISOR,
            required=("office",),
            inputs=("office", "note"),
        ),
        Transition(
            EventAction.MEDIATE,
            frozenset({Stage.SUBMITTED}),
            Stage.MEDIATING,
            _INSPECTOR,
            inputs=("note",),
        ),
        Transition(
            EventAction.FILE,
            frozenset({Stage.SUBMITTED, Stage.MEDIATING}),
            Stage.INVESTIGATING,
            _INSPECTOR,
            required=("assignees",),
            inputs=("assignees", "note"),
        ),
        Transition(
            EventAction.ASSIGN,
            OPEN_STAGES,
            None,
            _SUPERVISOR,
            required=("assignees",),
            public=False,
            inputs=("assignees", "note"),
        ),
        Transition(
            EventAction.EXTEND,
            frozenset({Stage.INVESTIGATING}),
            None,
            _SUPERVISOR,
            required=("note",),
            public=False,
            inputs=("note",),
        ),
        Transition(
            EventAction.ISSUE_ORDER,
            frozenset({Stage.INVESTIGATING}),
            Stage.ORDER_ISSUED,
            _SUPERVISOR,
            required=("amount", "order_due"),
            inputs=("amount", "order_due", "note"),
        ),
        Transition(
            EventAction.REFER_POLICE,
            frozenset({Stage.ORDER_ISSUED}),
            Stage.REFERRED_POLICE,
            _SUPERVISOR,
            inputs=("override_reason", "note"),
        ),
        Transition(
            EventAction.APPLY_ENFORCEMENT,
            frozenset({Stage.ORDER_ISSUED}),
            Stage.COURT_ENFORCEMENT,
            _SUPERVISOR,
            inputs=("note",),
        ),
        Transition(
            EventAction.RECORD_PAYMENT,
            ACTIVE_STAGES,
            None,
            _INSPECTOR,
            required=("amount", "paid_on", "source"),
            inputs=("amount", "paid_on", "source", "workers_paid", "note"),
        ),
        Transition(
            EventAction.CLOSE,
            ACTIVE_STAGES,
            Stage.CLOSED,
            _INSPECTOR,
            required=("outcome",),
            inputs=("outcome", "note"),
        ),
        Transition(
            EventAction.WITHDRAW,
            OPEN_STAGES,
            Stage.CLOSED,
            _INSPECTOR | {COMPLAINANT},
            inputs=("note",),
        ),
        # Side measures (DESIGN §4): recorded as Documents and Events, the stage stays.
        Transition(
            EventAction.ORDER_COMPENSATION,
            ENFORCEMENT_STAGES,
            None,
            _SUPERVISOR,
            required=("amount", "due_on"),
            public=False,
            inputs=("amount", "due_on", "note"),
        ),
        Transition(
            EventAction.IMPOSE_PENALTY,
            frozenset({Stage.INVESTIGATING}) | ENFORCEMENT_STAGES,
            None,
            _SUPERVISOR,
            required=("amount",),
            public=False,
            inputs=("amount", "note"),
        ),
        Transition(
            EventAction.BLACKLIST,
            ENFORCEMENT_STAGES | {Stage.CLOSED},
            None,
            _SUPERVISOR,
            required=("criterion",),
            public=False,
            inputs=("criterion", "note"),
        ),
        Transition(
            EventAction.RECORD_CLAIM,
            OPEN_STAGES,
            None,
            _INSPECTOR,
            required=("name", "id_number", "amount_owed"),
            public=False,
            inputs=(
                "amount_owed",
                "amount_verified",
                "id_number",
                "months_owed",
                "name",
                "phone",
                "note",
            ),
        ),
        Transition(
            EventAction.REOPEN,
            frozenset({Stage.CLOSED}),
            Stage.INVESTIGATING,
            _SUPERVISOR,
            required=("note",),
            inputs=("note",),
        ),
    )
}


def transition_for(action: str) -> Transition | None:
    """Return the table row for `action`, or None if there is no such action."""
    return TRANSITIONS.get(action)


def target_stage(transition: Transition, stage: str) -> str:
    """Return the stage a complaint in `stage` reaches through `transition`."""
    return transition.target or stage


def allowed_actions(stage: str, roles: set[str] | frozenset[str]) -> list[str]:
    """Return the actions that someone holding `roles` may take on a complaint in `stage`."""
    return [t.action for t in TRANSITIONS.values() if stage in t.sources and roles & t.roles]


class PublicStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    BEING_HANDLED = "being_handled", _("being handled")
    ENFORCEMENT = "enforcement_under_way", _("enforcement under way")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")
    NOT_ACCEPTED = "not_accepted", _("not accepted")


_PUBLIC_STATUS = {
    Stage.SUBMITTED: PublicStatus.RECEIVED,
    Stage.NEEDS_INFO: PublicStatus.RECEIVED,
    Stage.MEDIATING: PublicStatus.BEING_HANDLED,
    Stage.INVESTIGATING: PublicStatus.BEING_HANDLED,
    Stage.ORDER_ISSUED: PublicStatus.ENFORCEMENT,
    Stage.REFERRED_POLICE: PublicStatus.ENFORCEMENT,
    Stage.COURT_ENFORCEMENT: PublicStatus.ENFORCEMENT,
    Stage.REJECTED: PublicStatus.NOT_ACCEPTED,
}
RESOLVED_OUTCOMES = frozenset(
    {Outcome.PAID_IN_FULL, Outcome.PAID_PARTIALLY, Outcome.SETTLED_BY_MEDIATION}
)


# Before filing (立案) the worker may end their own complaint; once filed it ends only by a
# decision or a revoked filing (劳动保障监察条例 art. 18), so the worker tells the inspector, who
# records the wish. A report (举报) is not its author's to end (DESIGN §4, withdraw).
COMPLAINANT_WITHDRAW_STAGES = frozenset({Stage.SUBMITTED, Stage.NEEDS_INFO, Stage.MEDIATING})


def complainant_may_withdraw(stage: str, kind: str) -> bool:
    """Return whether the worker may withdraw, on the tracking page, a complaint of `kind`
    in `stage`."""
    # "complaint" is Kind.COMPLAINT: the models import this module, not the other way.
    return kind == "complaint" and stage in COMPLAINANT_WITHDRAW_STAGES


def public_status(stage: str, outcome: str = "") -> PublicStatus:
    """Map a stage (and outcome, once closed) to the status the public sees."""
    if stage == Stage.CLOSED:
        return PublicStatus.RESOLVED if outcome in RESOLVED_OUTCOMES else PublicStatus.CLOSED
    return _PUBLIC_STATUS[stage]
