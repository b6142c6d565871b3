"""Forms that collect what a workflow action needs (DESIGN §4); the service decides."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from arrears import formfields
from arrears.models import BlacklistCriterion, Office

from .models import Complaint, PaymentSource
from .services import ALLOWED_FIELDS
from .workflow import Outcome, RejectReason, Role, transition_for

# HTML date inputs take ISO values only, whatever the page's language.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _field(name: str, complaint: Complaint) -> forms.Field:  # noqa: C901 - a plain lookup table
    """Return the form field for one input of an action."""
    if name == "note":
        return forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}))
    if name == "reason":
        return forms.ChoiceField(label=_("reason"), choices=RejectReason.choices)
    if name == "office":
        return forms.ModelChoiceField(
            label=_("to office"),
            queryset=Office.objects.exclude(pk=complaint.office_id).select_related("region"),
        )
    if name == "assignees":
        staff = (
            get_user_model()
            .objects.filter(
                is_active=True,
                office_id=complaint.office_id,
                groups__name__in=[Role.INSPECTOR, Role.SUPERVISOR],
            )
            .distinct()
            .order_by("username")
        )
        return forms.ModelMultipleChoiceField(
            label=_("inspectors"),
            queryset=staff,
            to_field_name="username",
            help_text=_("At least two."),
        )
    if name == "amount":
        return formfields.DecimalField(label=_("amount (yuan)"), max_digits=14, decimal_places=2)
    if name in ("order_due", "due_on"):
        return formfields.DateField(label=_("payment deadline"), widget=DATE)
    if name == "paid_on":
        return formfields.DateField(label=_("paid on"), widget=DATE)
    if name == "source":
        return forms.ChoiceField(label=_("paid by"), choices=PaymentSource.choices)
    if name == "workers_paid":
        return formfields.IntegerField(label=_("workers paid"), min_value=1, initial=1)
    if name == "outcome":
        return forms.ChoiceField(label=_("outcome"), choices=Outcome.choices)
    if name == "override_reason":
        return forms.CharField(
            label=_("reason to refer although the threshold is not met"),
            widget=forms.Textarea(attrs={"rows": 2}),
        )
    if name == "name":
        return forms.CharField(label=_("worker's name"), max_length=64)
    if name == "id_number":
        return forms.CharField(label=_("ID number"), max_length=24)
    if name == "phone":
        return forms.CharField(label=_("mobile"), max_length=20)
    if name == "amount_owed":
        return formfields.DecimalField(
            label=_("amount owed (yuan)"), max_digits=14, decimal_places=2
        )
    if name == "amount_verified":
        return formfields.DecimalField(label=_("amount verified"), max_digits=14, decimal_places=2)
    if name == "months_owed":
        return formfields.IntegerField(label=_("months owed"), min_value=0, max_value=600)
    if name == "criterion":
        return forms.ChoiceField(label=_("criterion"), choices=BlacklistCriterion.choices)
    raise KeyError(name)


def transition_form_class(action: str, complaint: Complaint) -> type[forms.Form]:
    """Build the form for `action` on `complaint`: its fields, required as the table says."""
    transition = transition_for(action)
    fields: dict[str, forms.Field] = {
        "version": formfields.IntegerField(widget=forms.HiddenInput, initial=complaint.version)
    }
    for name in sorted(ALLOWED_FIELDS[action], key=lambda n: (n == "note", n)):
        field = _field(name, complaint)
        field.required = name in transition.required
        fields[name] = field
    return type(f"{action.title().replace('_', '')}Form", (forms.Form,), fields)


def transition_fields(form: forms.Form) -> dict[str, object]:
    """Return the cleaned inputs of a transition form as service keyword arguments."""
    values = {}
    for name, value in form.cleaned_data.items():
        if name == "version" or value in (None, "", []):
            continue
        if name == "assignees":
            value = [user.username for user in value]
        values[name] = value
    return values
