"""Bulk actions of the complaint list: each row goes through the workflow service on its own,
and the page reports which rows failed and why."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrears.errors import DomainError
from complaints.services import complaint_transition

from .forms import AssignForm, BulkForm, RequestInfoForm, TransferForm


def run_bulk(
    modeladmin,
    request,
    queryset: QuerySet,
    *,
    action: str,
    form_class: type[BulkForm],
    title: str,
) -> TemplateResponse | None:
    """Ask for the action's inputs, then apply it row by row and report each failure."""
    form = form_class(request.POST if "apply" in request.POST else None, user=request.user)
    if "apply" in request.POST and form.is_valid():
        fields = {k: v for k, v in form.fields_for_service().items() if v not in (None, "")}
        done, failed = 0, []
        for complaint in queryset:
            try:
                complaint_transition(
                    complaint=complaint,
                    action=action,
                    actor=request.user,
                    version=complaint.version,
                    **fields,
                )
                done += 1
            except ValidationError as exc:
                failed.append((complaint.reference, "; ".join(exc.messages)))
            except DomainError as exc:
                failed.append((complaint.reference, exc.detail))
        if done:
            messages.success(request, _("%(title)s: %(n)d done.") % {"title": title, "n": done})
        for reference, reason in failed:
            messages.error(request, f"{reference}: {reason}")
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": title,
        "form": form,
        "queryset": queryset,
        "action": request.POST.get("action"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
    }
    return TemplateResponse(request, "admin/complaints/complaint/bulk_action.html", context)


@admin.action(description=gettext_lazy("Assign inspectors"), permissions=["supervise"])
def assign_inspectors(modeladmin, request, queryset):
    return run_bulk(
        modeladmin,
        request,
        queryset,
        action="assign",
        form_class=AssignForm,
        title=_("Assign inspectors"),
    )


@admin.action(description=gettext_lazy("Transfer to another office"), permissions=["supervise"])
def transfer_to_office(modeladmin, request, queryset):
    return run_bulk(
        modeladmin,
        request,
        queryset,
        action="transfer",
        form_class=TransferForm,
        title=_("Transfer to another office"),
    )


@admin.action(description=gettext_lazy("Request information"), permissions=["inspect"])
def request_information(modeladmin, request, queryset):
    return run_bulk(
        modeladmin,
        request,
        queryset,
        action="request_info",
        form_class=RequestInfoForm,
        title=_("Request information"),
    )
