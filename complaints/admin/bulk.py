"""Bulk actions of the complaint list: each row goes through the workflow service on its own,
and the page reports which rows failed and why."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrears.errors import DomainError
from arrears.models import Office
from complaints.services import complaint_transition
from complaints.workflow import Role


class BulkForm(forms.Form):
    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def fields_for_service(self) -> dict[str, object]:
        return dict(self.cleaned_data)


class AssignForm(BulkForm):
    assignees = forms.ModelMultipleChoiceField(
        label=gettext_lazy("inspectors"),
        queryset=get_user_model().objects.none(),
        to_field_name="username",
        help_text=gettext_lazy("At least two for filed cases."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["assignees"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                office__region__code__startswith=user.office.prefix if user.office else "-",
                groups__name__in=[Role.INSPECTOR, Role.SUPERVISOR],
            )
            .distinct()
            .order_by("username")
        )

    def fields_for_service(self) -> dict[str, object]:
        return {"assignees": [u.username for u in self.cleaned_data["assignees"]]}


class TransferForm(BulkForm):
    office = forms.ModelChoiceField(
        label=gettext_lazy("to office"), queryset=Office.objects.select_related("region")
    )
    note = forms.CharField(label=gettext_lazy("note"), required=False)


class RequestInfoForm(BulkForm):
    note = forms.CharField(
        label=gettext_lazy("what is missing"), widget=forms.Textarea(attrs={"rows": 3})
    )


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
