"""The case: complaint, claims, payments, documents, events, attachments, notifications."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from arrears.models import MONEY
from arrears.pii import EncryptedTextField, mask_free_text, mask_name, mask_phone
from arrears.validators import validate_visible_name

from .workflow import OPEN_STAGES, Outcome, PaymentSource, Stage


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("complaint (投诉)")
    REPORT = "report", _("report (举报)")


class Channel(models.TextChoices):
    WEB = "web", _("web form")
    API = "api", _("API")
    NATIONAL_PLATFORM = "national_platform", _("national lead platform")
    HOTLINE = "hotline", _("hotline 12333")
    WALK_IN = "walk_in", _("counter")
    LETTER = "letter", _("letter")
    INSPECTION = "inspection", _("inspection")


class DisputeProcess(models.TextChoices):
    NONE = "none", _("none")
    MEDIATION = "mediation", _("mediation")
    ARBITRATION = "arbitration", _("arbitration")
    COURT = "court", _("court")


def masked_contact(name: str, worker, phone: str) -> dict[str, str]:
    """A person as lists show them: the name and mobile given with the complaint or claim,
    masked, and the worker's masked ID number."""
    return {"name": mask_name(name), "id_number": worker.masked_id, "phone": mask_phone(phone)}


class Complaint(models.Model):
    """One lead from intake to closure; stage and clocks change only through the workflow."""

    # identity
    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    access_code_hash = models.CharField(max_length=64, editable=False)
    case_number = models.CharField(
        _("case number"), max_length=32, null=True, blank=True, unique=True, editable=False
    )
    # intake
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=24, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"))
    source_ref = models.CharField(
        _("source reference"),
        max_length=64,
        blank=True,
        help_text=_("The lead's number on the platform or system it came from."),
    )
    complainant = models.ForeignKey(
        "arrears.Worker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("complainant"),
    )
    # The name and mobile given with this complaint. The worker row is shared by every complaint
    # with the same ID number, and an ID number proves nothing: messages go to, and the reveal
    # shows, what this complaint's filer gave, never what someone gave another office.
    contact_name = models.CharField(
        _("contact name"), max_length=64, blank=True, validators=[validate_visible_name]
    )
    contact_phone = EncryptedTextField(_("contact mobile"), blank=True)
    employer = models.ForeignKey(
        "arrears.Employer",
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("employer"),
    )
    project = models.ForeignKey(
        "arrears.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("project"),
    )
    sector = models.ForeignKey(
        "arrears.Sector", on_delete=models.PROTECT, related_name="+", verbose_name=_("sector")
    )
    work_region = models.ForeignKey(
        "arrears.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("work region"),
    )
    arrears_from = models.DateField(_("arrears from"))
    arrears_to = models.DateField(_("arrears to"))
    amount_claimed = models.DecimalField(
        _("amount claimed"), **MONEY, validators=[MinValueValidator(0)]
    )
    workers_affected = models.PositiveIntegerField(
        _("workers affected"), default=1, validators=[MinValueValidator(1)]
    )
    description = models.TextField(_("description"), blank=True)
    in_dispute_process = models.CharField(
        _("already in a dispute process"),
        max_length=16,
        choices=DisputeProcess.choices,
        default=DisputeProcess.NONE,
    )
    campaign = models.ForeignKey(
        "arrears.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("campaign"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("entered by"),
    )
    intake_office = models.ForeignKey(
        "arrears.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("taken by office"),
        help_text=_(
            "The office of the staff member who entered the complaint; it keeps a read-only view "
            "when the complaint is routed elsewhere."
        ),
    )
    # handling
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.SUBMITTED, editable=False
    )
    office = models.ForeignKey(
        "arrears.Office",
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("office"),
    )
    past_offices = models.ManyToManyField(
        "arrears.Office",
        blank=True,
        related_name="transferred_complaints",
        editable=False,
        verbose_name=_("transferred from"),
    )
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=_("assignees"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=24, choices=Outcome.choices, blank=True, editable=False
    )
    outcome_note = models.TextField(_("outcome note"), blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # clocks: recomputed only by the workflow service
    acceptance_due = models.DateField(_("acceptance due"), null=True, blank=True, editable=False)
    investigation_due = models.DateField(
        _("investigation due"), null=True, blank=True, editable=False
    )
    order_due = models.DateField(_("order due"), null=True, blank=True, editable=False)
    next_due = models.DateField(_("next due"), null=True, blank=True, editable=False)
    extended = models.BooleanField(_("extended"), default=False, editable=False)
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    # money: kept equal to the sums of its rows by the services
    amount_verified = models.DecimalField(_("amount verified"), **MONEY, default=0, editable=False)
    amount_recovered = models.DecimalField(
        _("amount recovered"), **MONEY, default=0, editable=False
    )
    # links
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("possible duplicate of"),
    )

    class Meta:
        ordering = ["next_due", "-received_at", "id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=Stage.values), name="complaint_stage_valid"
            ),
            # A lead forwarded twice by the same channel is filed once.
            models.UniqueConstraint(
                fields=["channel", "source_ref"],
                condition=~Q(source_ref=""),
                name="complaint_source_ref_unique",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values),
                name="complaint_outcome_valid",
            ),
            # An outcome exactly when closed.
            models.CheckConstraint(
                condition=(Q(stage=Stage.CLOSED) & ~Q(outcome=""))
                | (~Q(stage=Stage.CLOSED) & Q(outcome="")),
                name="complaint_outcome_iff_closed",
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="complaint_kind_valid"),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="complaint_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(in_dispute_process__in=DisputeProcess.values),
                name="complaint_dispute_valid",
            ),
            models.CheckConstraint(
                condition=Q(amount_claimed__gte=0)
                & Q(amount_verified__gte=0)
                & Q(amount_recovered__gte=0),
                name="complaint_money_nonneg",
            ),
            models.CheckConstraint(
                condition=Q(arrears_from__lte=F("arrears_to")), name="complaint_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(workers_affected__gte=1), name="complaint_workers_positive"
            ),
            # A complaint (投诉) names its worker; only reports (举报) may be anonymous.
            models.CheckConstraint(
                condition=Q(kind="report") | Q(complainant__isnull=False),
                name="complaint_has_complainant",
            ),
        ]
        indexes = [
            # Scope (DESIGN §6): office and work region subtrees by code prefix.
            models.Index(fields=["office", "stage"], name="complaint_office_stage"),
            models.Index(fields=["work_region", "stage"], name="complaint_region_stage"),
            # Region subtrees are code prefixes (LIKE '5114%'): PostgreSQL needs pattern ops
            # to use a btree for them under a non-C collation; other databases ignore opclasses.
            models.Index(
                fields=["work_region"],
                opclasses=["varchar_pattern_ops"],
                name="complaint_region_prefix",
            ),
            # The same order within a stage (`?stage=` lists, the clocks' overdue counts).
            models.Index(
                fields=["stage", "next_due", "-received_at", "id"], name="complaint_stage_order"
            ),
            # The lists' order (Meta.ordering: most urgent first): page 1 is read off this
            # index instead of sorting every complaint in scope; it serves the overdue
            # queries of DESIGN §5 (next_due before today) too.
            models.Index(fields=["next_due", "-received_at", "id"], name="complaint_list_order"),
            models.Index(fields=["campaign", "stage"], name="complaint_campaign_stage"),
            models.Index(fields=["received_at"], name="complaint_received"),
            models.Index(fields=["employer", "arrears_from"], name="complaint_employer_period"),
        ]

    def __str__(self) -> str:
        return self.reference

    def complainant_masked(self) -> dict[str, str] | None:
        """The complainant as lists show them: this complaint's contact, the worker's ID."""
        if self.complainant_id is None:
            return None
        return masked_contact(self.contact_name, self.complainant, self.contact_phone)

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class Claim(models.Model):
    """One worker's claim on a complaint."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="claims")
    worker = models.ForeignKey(
        "arrears.Worker", on_delete=models.PROTECT, related_name="claims", verbose_name=_("worker")
    )
    # As on the complaint: the name and mobile given with this claim, not the shared worker's.
    contact_name = models.CharField(
        _("contact name"), max_length=64, blank=True, validators=[validate_visible_name]
    )
    contact_phone = EncryptedTextField(_("contact mobile"), blank=True)
    amount_owed = models.DecimalField(_("amount owed"), **MONEY, validators=[MinValueValidator(0)])
    months_owed = models.PositiveSmallIntegerField(_("months owed"), default=0)
    amount_verified = models.DecimalField(
        _("amount verified"), **MONEY, default=0, validators=[MinValueValidator(0)]
    )
    amount_paid = models.DecimalField(
        _("amount paid"), **MONEY, default=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["complaint_id", "id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.UniqueConstraint(fields=["complaint", "worker"], name="claim_one_per_worker"),
            models.CheckConstraint(
                condition=Q(amount_owed__gte=0) & Q(amount_verified__gte=0) & Q(amount_paid__gte=0),
                name="claim_money_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.amount_owed}"

    def worker_masked(self) -> dict[str, str]:
        """The worker as lists show them: this claim's contact, the worker's ID."""
        return masked_contact(self.contact_name, self.worker, self.contact_phone)


class Payment(models.Model):
    """Money that reached workers (清偿)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(
        _("amount"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    paid_on = models.DateField(_("paid on"))
    source = models.CharField(_("source"), max_length=24, choices=PaymentSource.choices)
    workers_paid = models.PositiveIntegerField(_("workers paid"), default=1)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(source__in=PaymentSource.values), name="payment_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} ({self.paid_on:%Y-%m-%d})"


class DocumentKind(models.TextChoices):
    NON_ACCEPTANCE = "non_acceptance", _("non-acceptance notice")
    REQUEST_MATERIAL = "request_material", _("request for material")
    RECTIFICATION_ORDER = "rectification_order", _("rectification order")
    HANDLING_DECISION = "handling_decision", _("handling decision")
    COMPENSATION_ORDER = "compensation_order", _("compensation order")
    PENALTY_DECISION = "penalty_decision", _("penalty decision")
    TRANSFER_LETTER = "transfer_letter", _("transfer letter")
    GUARANTEE_PAYMENT = "guarantee_payment", _("guarantee payment notice")


ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def validate_attachment_size(file) -> None:
    """Refuse evidence files over 10 MB."""
    if file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("A file may be at most 10 MB."), code="file_too_large")


class Document(models.Model):
    """An enforcement document (执法文书)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    served_on = models.DateField(_("served on"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    file = models.FileField(
        _("file"),
        upload_to="documents/%Y/%m/",
        blank=True,
        validators=[
            FileExtensionValidator(["pdf", "jpg", "jpeg", "png"]),
            validate_attachment_size,
        ],
    )

    class Meta:
        ordering = ["issued_on", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="document_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="document_amount_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.issued_on:%Y-%m-%d}"


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an Event."""


class Event(models.Model):
    """Append-only history of a complaint; `public` events show on the tracking page."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=32)
    from_stage = models.CharField(_("from stage"), max_length=20, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    public = models.BooleanField(_("public"), default=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["complaint", "at"], name="event_complaint_at")]

    def __str__(self) -> str:
        return f"{self.action} @ {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Events are append-only.")


class Attachment(models.Model):
    """Evidence: PDF, JPEG or PNG, at most 10 MB, served only through a permission check."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(
        _("file"),
        upload_to="attachments/%Y/%m/",
        validators=[
            FileExtensionValidator(["pdf", "jpg", "jpeg", "png"]),
            validate_attachment_size,
        ],
    )
    description = models.CharField(
        _("description"), max_length=200, blank=True, validators=[validate_visible_name]
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        # Shown by the admin's inline and in logs: a number typed into it masked.
        return mask_free_text(self.description) or self.file.name


class NotificationChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("email")


class Notification(models.Model):
    """Outbox row written in the transaction it reports on; delivered later by a task."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="notifications", null=True
    )
    channel = models.CharField(max_length=8, choices=NotificationChannel.choices)
    to = EncryptedTextField()
    template = models.CharField(max_length=64)
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="notification_unsent"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=NotificationChannel.values),
                name="notification_channel_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} ({self.channel})"


class CaseNumberCounter(models.Model):
    """The last case number handed out per office and year; locked while incremented."""

    office = models.ForeignKey("arrears.Office", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["office_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="case_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.year}: {self.last}"


class IdempotencyKey(models.Model):
    """The stored answer to a create request sent with an Idempotency-Key, for 24 hours.

    The answer may hold an access code, so it is kept encrypted like personal data.
    """

    scope = models.CharField(max_length=64)
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = EncryptedTextField()
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"


class DashboardSnapshot(models.Model):
    """The public dashboard's raw counts for a campaign in a region (the whole country when
    `region_code` is empty) as they stood at `computed_at`: the public pages read one row
    instead of counting a million complaints. Written by `manage.py refresh_dashboards`."""

    campaign = models.ForeignKey("arrears.Campaign", on_delete=models.CASCADE, related_name="+")
    region_code = models.CharField(max_length=6, blank=True)
    computed_at = models.DateTimeField()
    counts = models.JSONField()

    class Meta:
        ordering = ["campaign_id", "region_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "region_code"], name="dashboard_snapshot_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.region_code or 'country'} @ {self.computed_at}"
