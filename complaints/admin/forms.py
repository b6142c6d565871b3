"""Every form of the back office (DESIGN §7.2), in one place: the workflow's action forms (built
from the workflow table), the counter and hotline intake, the bulk actions, the audited reveal,
the record of a served document, the national-platform import and the early removal from the
blacklist. The services decide; the forms collect and show their errors."""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arrears import formfields
from arrears.models import (
    Employer,
    Office,
    Region,
    Sector,
    Worker,
)
from arrears.roles import CASE_ROLES, Role
from arrears.services import EmployerInput, WorkerInput
from arrears.validators import validate_visible_name
from complaints.models import Channel, Complaint, DisputeProcess, Kind
from complaints.workflow import Input, InputKind, transition_for

STAFF_CHANNELS = [
    (value, label)
    for value, label in Channel.choices
    if value not in (Channel.WEB, Channel.API, Channel.NATIONAL_PLATFORM)
]
# HTML date inputs take ISO values only, whatever the page's language.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class RegionChoiceField(forms.ModelChoiceField):
    """A region shown with its city (深圳市南山区 (440305)), as the autocomplete shows it."""

    def label_from_instance(self, obj: Region) -> str:
        return obj.autocomplete_label


class IntakeForm(forms.Form):
    required_css_class = "required"  # the admin's stylesheet sets these labels in bold
    # The form in the order of a phone call, each part under its heading.
    GROUPS = (
        (_("The lead"), ("kind", "channel", "received_at")),
        (_("The worker"), ("name", "id_number", "phone", "home_region")),
        (
            _("The employer and the work"),
            ("employer", "employer_name", "employer_uscc", "work_region", "sector", "project_name"),
        ),
        (
            _("The arrears"),
            (
                "arrears_from",
                "arrears_to",
                "amount_claimed",
                "workers_affected",
                "description",
                "in_dispute_process",
            ),
        ),
        ("", ("confirm_duplicate",)),
    )

    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices, initial=Kind.COMPLAINT)
    channel = forms.ChoiceField(label=_("channel"), choices=STAFF_CHANNELS, initial=Channel.HOTLINE)
    received_at = formfields.DateTimeField(
        label=_("received at"),
        help_text=_("For letters and forms received earlier; the deadlines count from it."),
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
    )
    name = forms.CharField(label=_("worker's name"), max_length=64, required=False)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=24,
        required=False,
        help_text=_("Matches earlier complaints of the same worker; stored encrypted."),
    )
    phone = forms.CharField(label=_("mobile"), max_length=20, required=False)
    home_region = RegionChoiceField(
        label=_("home region"),
        queryset=Region.objects.select_related("parent"),
        required=False,
    )
    employer = forms.ModelChoiceField(
        label=_("known employer"), queryset=Employer.objects.all(), required=False
    )
    employer_name = forms.CharField(
        label=_("or a new employer's name"), max_length=200, required=False
    )
    employer_uscc = forms.CharField(
        label=_("its unified social credit code"), max_length=24, required=False
    )
    work_region = RegionChoiceField(
        label=_("where the work was done"), queryset=Region.objects.select_related("parent")
    )
    sector = forms.ModelChoiceField(label=_("sector"), queryset=Sector.objects.all())
    project_name = forms.CharField(label=_("project"), max_length=200, required=False)
    arrears_from = formfields.DateField(label=_("unpaid from"), widget=DATE)
    arrears_to = formfields.DateField(label=_("unpaid until"), widget=DATE)
    amount_claimed = formfields.DecimalField(
        label=_("amount owed (yuan)"), max_digits=14, decimal_places=2
    )
    workers_affected = formfields.IntegerField(label=_("workers affected"), min_value=1, initial=1)
    description = forms.CharField(
        label=_("what happened"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    in_dispute_process = forms.ChoiceField(
        label=_("already in a dispute process"),
        choices=DisputeProcess.choices,
        initial=DisputeProcess.NONE,
    )
    confirm_duplicate = forms.BooleanField(
        label=_("File it anyway: it is not the same complaint"), required=False
    )

    def __init__(self, *args, admin_site, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        # The admin's own autocomplete: region and employer searched as the clerk types.
        for name, field in (
            ("home_region", Worker._meta.get_field("home_region")),
            ("employer", Complaint._meta.get_field("employer")),
            ("work_region", Complaint._meta.get_field("work_region")),
        ):
            widget = AutocompleteSelect(field, admin_site)
            widget.choices = self.fields[name].choices
            self.fields[name].widget = widget

    def groups(self) -> list[tuple[str, list]]:
        """The visible fields under their headings, for the template."""
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("employer") and not (data.get("employer_name") or "").strip():
            self.add_error("employer_name", _("Choose a known employer or type a new name."))
        return data

    def worker_input(self) -> WorkerInput | None:
        d = self.cleaned_data
        if not (d["name"] or d["id_number"] or d["phone"]):
            return None
        home = d["home_region"]
        return WorkerInput(
            name=d["name"],
            id_number=d["id_number"],
            phone=d["phone"],
            home_region=home.code if home else "",
        )

    def employer_input(self) -> EmployerInput:
        d = self.cleaned_data
        if d["employer"]:
            return EmployerInput(name=d["employer"].name, uscc=d["employer"].uscc or "")
        return EmployerInput(name=d["employer_name"], uscc=d["employer_uscc"])

    def submit_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "channel": d["channel"],
            "received_at": d["received_at"],
            "complainant": self.worker_input(),
            "employer": self.employer_input(),
            "work_region": d["work_region"].code,
            "sector": d["sector"].code,
            "project_name": d["project_name"],
            "arrears_from": d["arrears_from"],
            "arrears_to": d["arrears_to"],
            "amount_claimed": d["amount_claimed"],
            "workers_affected": d["workers_affected"],
            "description": d["description"],
            "in_dispute_process": d["in_dispute_process"],
        }


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


class BulkForm(forms.Form):
    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def fields_for_service(self) -> dict[str, object]:
        return dict(self.cleaned_data)


class AssignForm(BulkForm):
    assignees = forms.ModelMultipleChoiceField(
        label=_("inspectors"),
        queryset=get_user_model().objects.none(),
        to_field_name="username",
        help_text=_("At least two for filed cases."),
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
        label=_("to office"), queryset=Office.objects.select_related("region")
    )
    note = forms.CharField(label=_("note"), required=False)


class RequestInfoForm(BulkForm):
    note = forms.CharField(label=_("what is missing"), widget=forms.Textarea(attrs={"rows": 3}))


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the full data?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded with your name and the time, and reviewed."),
    )


class DocumentServeForm(forms.Form):
    required_css_class = "required"
    served_on = formfields.DateField(
        label=_("served on"),
        widget=DATE,
        help_text=_("The day the employer (or the worker) received the document."),
    )
    file = forms.FileField(
        label=_("served copy"),
        required=False,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
        help_text=_("A scan of the signed copy or the receipt: PDF, JPEG or PNG."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("National lead platform export (CSV or XLSX)"),
        validators=[FileExtensionValidator(["csv", "xlsx"])],
    )


class BlacklistRemoveForm(forms.Form):
    removal_reason = forms.CharField(
        label=_("removal reason"),
        max_length=255,
        help_text=_("Why the employer comes off the list before its three years (recorded)."),
    )
