"""The back office (DESIGN §7.2): the complaint list and page, scoped, workflow by forms."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from arrears.admin import NotFoundMixin
from arrears.models import User
from arrears.pii import mask_free_text
from arrears.roles import effective_roles
from complaints import clocks
from complaints.exports import ComplaintExportResource
from complaints.models import Complaint
from complaints.selectors import (
    FLAG_LABELS,
    complaint_access,
    complaint_flags,
    complaints_visible_to,
    related_complaints,
)
from complaints.workflow import OPEN_STAGES, allowed_actions, public_status, transition_for

from . import reference  # noqa: F401 - registers the reference records' admin
from .bulk import assign_inspectors, request_information, transfer_to_office
from .filters import (
    AssignedToMeFilter,
    CampaignRiskFilter,
    CrimeThresholdFilter,
    GroupCaseFilter,
    OverdueFilter,
    RegionFilter,
)
from .inlines import (
    AttachmentInline,
    ClaimInline,
    DocumentInline,
    EventInline,
    PaymentInline,
)
from .views import (
    attachment_urls,
    document_urls,
    import_urls,
    intake_view,
    reveal_urls,
    transition_urls,
)

READ_ONLY = (
    "reference",
    "case_number",
    "stage",
    "public_status_display",
    "office",
    "kind",
    "channel",
    "received_at",
    "complainant_masked",
    "employer",
    "project",
    "sector",
    "work_region_place",
    "arrears_from",
    "arrears_to",
    "description_text",
    "amount_claimed",
    "amount_verified",
    "amount_recovered",
    "workers_affected",
    "in_dispute_process",
    "campaign",
    "acceptance_due",
    "investigation_due",
    "order_due",
    "extended",
    "deadlines",
    "flags_display",
    "assignees_display",
    "outcome",
    "outcome_note_text",
    "duplicate_of",
    "version",
)


@admin.register(Complaint)
class ComplaintAdmin(NotFoundMixin, ExportMixin, admin.ModelAdmin):
    list_display = (
        "reference",
        "case_number",
        "stage_badge",
        "next_due_display",
        "employer_name",
        "work_region_name",
        "workers_affected",
        "amount_claimed",
        "amount_recovered",
        "assignee_names",
    )
    list_display_links = ("reference",)
    list_filter = (
        "stage",
        OverdueFilter,
        "campaign",
        "sector",
        "channel",
        RegionFilter,
        GroupCaseFilter,
        CrimeThresholdFilter,
        CampaignRiskFilter,
        AssignedToMeFilter,
    )
    search_fields = ("=reference", "=case_number", "employer__name", "=employer__uscc")
    search_help_text = _("Reference, case number, employer name or credit code")
    # No date_hierarchy: its year and month links are a DISTINCT over every complaint in scope
    # on each page view (130 ms for a province at a million complaints); the campaign filter is
    # the list's time axis.
    ordering = (F("next_due").asc(nulls_last=True), "-received_at")
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = READ_ONLY
    fieldsets = (
        (None, {"fields": ("reference", "case_number", "stage", "public_status_display")}),
        (
            _("Intake"),
            {
                "fields": (
                    ("kind", "channel", "received_at"),
                    "complainant_masked",
                    ("employer", "project"),
                    ("sector", "work_region_place"),
                    ("arrears_from", "arrears_to"),
                    ("amount_claimed", "workers_affected"),
                    "description_text",
                    "in_dispute_process",
                    "campaign",
                )
            },
        ),
        (
            _("Handling"),
            {
                "fields": (
                    "office",
                    "assignees_display",
                    ("amount_verified", "amount_recovered"),
                    ("outcome", "outcome_note_text"),
                    "version",
                )
            },
        ),
        (
            _("Deadlines and flags"),
            {
                "fields": (
                    ("acceptance_due", "investigation_due", "order_due", "extended"),
                    "deadlines",
                    "flags_display",
                )
            },
        ),
        (_("Links"), {"fields": ("duplicate_of",)}),
    )
    inlines = (ClaimInline, PaymentInline, DocumentInline, AttachmentInline, EventInline)
    actions = (assign_inspectors, transfer_to_office, request_information)
    change_form_template = "admin/complaints/complaint/change_form.html"
    import_export_change_list_template = "admin/complaints/complaint/change_list.html"
    resource_classes = (ComplaintExportResource,)

    class Media:
        css = {"all": ("complaints/admin.css",)}

    # --- scope and permissions ----------------------------------------------------------

    def get_queryset(self, request) -> QuerySet[Complaint]:
        return (
            complaints_visible_to(request.user)
            .select_related("employer", "work_region__parent")
            .prefetch_related(Prefetch("assignees", queryset=User.objects.only("id", "username")))
        )

    def get_export_queryset(self, request) -> QuerySet[Complaint]:
        # The changelist's filtered, scoped queryset, with what the export columns read.
        return super().get_export_queryset(request).select_related("office", "sector")

    def add_view(self, request, form_url="", extra_context=None):
        # Filing goes through the intake form, which calls complaint_submit.
        if not self.has_add_permission(request):
            raise PermissionDenied
        return intake_view(self, request)

    def _roles(self, request) -> frozenset[str]:
        return effective_roles(request.user)

    def has_supervise_permission(self, request) -> bool:
        """Offer supervisors' bulk actions; the service still checks every row."""
        return "supervisor" in self._roles(request)

    def has_inspect_permission(self, request) -> bool:
        return bool({"inspector", "supervisor"} & self._roles(request))

    def has_change_permission(self, request, obj=None) -> bool:
        # The page is read-only: every change goes through a workflow action's form.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return READ_ONLY

    def get_urls(self):
        return [
            *import_urls(self),
            *transition_urls(self),
            *reveal_urls(self),
            *attachment_urls(self),
            *document_urls(self),
            *super().get_urls(),
        ]

    # --- list columns --------------------------------------------------------------------

    @admin.display(description=_("stage"), ordering="stage")
    def stage_badge(self, obj: Complaint) -> str:
        return format_html(
            '<span class="stage-badge stage-{}">{}</span>', obj.stage, obj.get_stage_display()
        )

    @admin.display(description=_("employer"), ordering="employer__name")
    def employer_name(self, obj: Complaint) -> str:
        return mask_free_text(obj.employer.name)

    @admin.display(description=_("work region"))
    def work_region_place(self, obj: Complaint) -> str:
        return obj.work_region.autocomplete_label  # 深圳市南山区 (440305), not just 南山区

    @admin.display(description=_("work region"), ordering="work_region")
    def work_region_name(self, obj: Complaint) -> str:
        return obj.work_region.full_name

    @admin.display(description=_("next due"), ordering="next_due")
    def next_due_display(self, obj: Complaint) -> str:
        if obj.next_due is None:
            return "—"
        if clocks.is_overdue(obj.next_due, timezone.localdate()):
            return format_html(
                '<span class="overdue" title="{}">{} ⚠</span>', _("overdue"), obj.next_due
            )
        return str(obj.next_due)

    @admin.display(description=_("assignees"))
    def assignee_names(self, obj: Complaint) -> str:
        return ", ".join(u.username for u in obj.assignees.all())

    # --- complaint page ------------------------------------------------------------------

    @admin.display(description=_("public status"))
    def public_status_display(self, obj: Complaint) -> str:
        return public_status(obj.stage, obj.outcome).label

    @admin.display(description=_("complainant"))
    def complainant_masked(self, obj: Complaint) -> str:
        person = obj.complainant_masked()
        if person is None:
            return _("anonymous report")
        return f"{person['name']}  {person['id_number']}  {person['phone']}".strip()

    # Free text as every surface shows it: a number typed into it masked (the reveal has it).
    @admin.display(description=_("description"))
    def description_text(self, obj: Complaint) -> str:
        return mask_free_text(obj.description)

    @admin.display(description=_("outcome note"))
    def outcome_note_text(self, obj: Complaint) -> str:
        return mask_free_text(obj.outcome_note)

    @admin.display(description=_("assignees"))
    def assignees_display(self, obj: Complaint) -> str:
        return self.assignee_names(obj) or "—"

    @admin.display(description=_("how the deadlines were computed"))
    def deadlines(self, obj: Complaint) -> str:
        explained = clocks.explanations(obj)
        if not explained:
            return "—"
        return format_html_join(
            "",
            "<p>{}</p>",
            ((clocks.explain(clock),) for clock in explained.values()),
        )

    @admin.display(description=_("flags"))
    def flags_display(self, obj: Complaint) -> str:
        flags = [name for name, on in complaint_flags(obj).items() if on]
        if not flags:
            return "—"
        return format_html_join(
            " ", '<span class="flag flag-{}">{}</span>', ((f, FLAG_LABELS[f]) for f in flags)
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        complaint = self.get_object(request, object_id)
        if complaint is None:  # out of scope or gone: Django's own "does not exist" answer
            return super().change_view(request, object_id, form_url, extra_context)
        roles = effective_roles(request.user)
        # An office that took the complaint in for another, or transferred it away, follows it
        # read-only: no workflow step, no reveal (the services refuse them too).
        acting = complaint_access(request.user, complaint) == "act"
        actions = [
            (action, transition_for(action).label)
            for action in allowed_actions(complaint.stage, frozenset(roles))
            if acting
        ]
        extra = {
            "workflow_actions": actions,
            "read_only_office": None if acting else complaint.office,
            "can_reveal": acting
            and complaint.complainant_id is not None
            and request.user.has_perm("arrears.view_pii"),
            "is_open": complaint.stage in OPEN_STAGES,
            "related": list(related_complaints(complaint, request.user)[:20]),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context=extra)
