"""Forms that collect what a workflow action needs (DESIGN §4); the service decides."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from arrears import formfields
from arrears.models import Office
from arrears.roles import CASE_ROLES
from arrears.validators import validate_visible_name

from .models import Complaint
from .workflow import Input, InputKind, transition_for

# HTML date inputs take ISO values only, whatever the page's language.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _field(spec: Input, complaint: Complaint) -> forms.Field:
    """Return the back-office form field for one input of an action, by its kind."""
    kind, label = spec.kind, spec.label
    if kind in (InputKind.TEXT, InputKind.NAME):
        long = spec.max_length is not None and spec.max_length > 200
        return forms.CharField(
            label=label,
            max_length=None if long else spec.max_length,
            widget=forms.Textarea(attrs={"rows": 3}) if long else None,
            validators=[validate_visible_name] if kind == InputKind.NAME else [],
        )
    if kind == InputKind.CHOICE:
        return forms.ChoiceField(label=label, choices=spec.choices.choices)
    if kind == InputKind.MONEY:
        return formfields.DecimalField(label=label, max_digits=14, decimal_places=2)
    if kind == InputKind.DATE:
        return formfields.DateField(label=label, widget=DATE)
    if kind == InputKind.INTEGER:
        return formfields.IntegerField(
            label=label,
            min_value=spec.min_value,
            max_value=spec.max_value,
            initial=spec.min_value or None,
        )
    if kind == InputKind.OFFICE:
        return forms.ModelChoiceField(
            label=label,
            queryset=Office.objects.exclude(pk=complaint.office_id).select_related("region"),
        )
    if kind == InputKind.USERNAMES:
        staff = (
            get_user_model()
            .objects.filter(
                is_active=True, office_id=complaint.office_id, groups__name__in=CASE_ROLES
            )
            .distinct()
            .order_by("username")
        )
        return forms.ModelMultipleChoiceField(
            label=label, queryset=staff, to_field_name="username", help_text=_("At least two.")
        )
    raise KeyError(kind)


def transition_form_class(action: str, complaint: Complaint) -> type[forms.Form]:
    """Build the form for `action` on `complaint`: its fields, required as the table says."""
    transition = transition_for(action)
    fields: dict[str, forms.Field] = {
        "version": formfields.IntegerField(widget=forms.HiddenInput, initial=complaint.version)
    }
    for spec, required in transition.input_fields:
        field = _field(spec, complaint)
        field.required = required
        fields[spec.name] = field
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
