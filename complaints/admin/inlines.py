"""Read-only inlines of the complaint page: claims, payments, documents, the event history."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from arrears.pii import mask_free_text
from arrears.roles import CASE_ROLES, effective_roles
from complaints.models import Attachment, Claim, Document, Event, Payment
from complaints.workflow import EventAction, Stage


class ReadOnlyInline(admin.TabularInline):
    """An inline nobody edits here: rows are written by the workflow service."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class ClaimInline(ReadOnlyInline):
    model = Claim
    fields = ("worker_masked", "amount_owed", "months_owed", "amount_verified", "amount_paid")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("worker")

    @admin.display(description=_("worker"))
    def worker_masked(self, obj: Claim) -> str:
        person = obj.worker_masked()
        return f"{person['name']} {person['id_number']}"


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ("paid_on", "amount", "source", "workers_paid", "note_text")

    @admin.display(description=_("note"))
    def note_text(self, obj: Payment) -> str:
        return mask_free_text(obj.note)


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ("kind", "issued_on", "due_on", "served_on", "amount", "service")
    can_serve = False  # set per request: inline instances are made for each request

    def get_fields(self, request, obj=None):
        self.can_serve = bool(CASE_ROLES & effective_roles(request.user))
        return super().get_fields(request, obj)

    @admin.display(description=_("service"))
    def service(self, obj: Document) -> str:
        """A link to the scan of the served copy, or to the form recording the service."""
        args = [obj.complaint_id, obj.pk]
        if obj.file:
            url = reverse("admin:complaints_complaint_document_file", args=args)
            return format_html('<a href="{}">{}</a>', url, _("served copy"))
        if obj.served_on is None and self.can_serve:
            url = reverse("admin:complaints_complaint_document_serve", args=args)
            return format_html('<a href="{}">{}</a>', url, _("Record service"))
        return "—"


def _stage_label(value: str) -> str:
    return Stage(value).label if value in Stage.values else value


class EventInline(ReadOnlyInline):
    model = Event
    fields = ("at", "step", "stages", "actor_name", "note_text", "public")
    ordering = ("at", "id")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("step"))
    def step(self, obj: Event) -> str:
        return str(EventAction(obj.action).label if obj.action in EventAction else obj.action)

    @admin.display(description=_("note"))
    def note_text(self, obj: Event) -> str:
        return mask_free_text(obj.note)

    @admin.display(description=_("by"))
    def actor_name(self, obj: Event) -> str:
        return obj.actor.username if obj.actor else "—"

    @admin.display(description=_("stage"))
    def stages(self, obj: Event) -> str:
        if not obj.from_stage or obj.from_stage == obj.to_stage:
            return _stage_label(obj.to_stage)
        return f"{_stage_label(obj.from_stage)} → {_stage_label(obj.to_stage)}"


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("download", "description_text", "uploaded_at")

    @admin.display(description=_("description"))
    def description_text(self, obj: Attachment) -> str:
        return mask_free_text(obj.description)

    @admin.display(description=_("file"))
    def download(self, obj: Attachment) -> str:
        url = reverse("admin:complaints_complaint_attachment", args=[obj.complaint_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.file.name.rsplit("/", 1)[-1])
