"""The public forms: a complaint, a tracking look-up, material sent on request, a withdrawal.

They only read what a person typed; every rule is the service's (`complaint_submit`,
`material_provide`, `complaint_transition`), whose errors come back onto these fields. Beside
each item the form says why it is asked and who will see it (DESIGN §6).
"""

from __future__ import annotations

import calendar
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from arrears import formfields
from arrears.models import Sector
from arrears.selectors import places_in_province, provinces
from arrears.services import EmployerInput, WorkerInput
from arrears.validators import ascii_digits

from ..models import DisputeProcess, Kind
from ..services import FORM_FIELDS

EVIDENCE_TYPES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (the browser's month picker) or a full date; the first or
    the last day of that month."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-09"})
    default_error_messages = {"invalid": _("Enter a month as year and month, e.g. 2026-09.")}

    def __init__(self, *, month_end: bool = False, **kwargs) -> None:
        self.month_end = month_end
        super().__init__(**kwargs)

    def to_python(self, value: object) -> datetime.date | None:
        if isinstance(value, str):
            value = ascii_digits(value).strip()
            try:
                year, month = (int(part) for part in value.split("-")[:2])
                day = calendar.monthrange(year, month)[1] if self.month_end else 1
                return datetime.date(year, month, day)
            except ValueError:
                pass
        return super().to_python(value)

    def prepare_value(self, value: object) -> object:
        return value.strftime("%Y-%m") if isinstance(value, datetime.date) else value


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Up to five files chosen at once; the service checks their type, size and content."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": EVIDENCE_TYPES}))
        super().__init__(required=False, **kwargs)

    def clean(self, data: object, initial: object = None) -> list:
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(EvidenceField, self).clean(file, initial) for file in files if file]


class SectorField(forms.ModelChoiceField):
    """The sectors by their name in the page's language."""

    def label_from_instance(self, obj: Sector) -> str:
        return obj.name if get_language().startswith("zh") else obj.name_en


def place_choices(province: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return where work can be done in `province` as option groups: each city (or the
    municipality) with "the city, county not known" and its counties."""
    return [
        (
            head.name,
            [(head.code, _("%(city)s (not sure of the county)") % {"city": head.name})]
            + [(county.code, county.name) for county in counties],
        )
        for head, counties in places_in_province(province)
    ]


def _province_choices() -> list[tuple[str, str]]:
    return [("", _("— choose —"))] + [(r.code, r.name) for r in provinces()]


class PublicForm(forms.Form):
    """A public form whose errors a page can list at the top, each linked to its field."""

    def error_links(self) -> list[tuple[str, str]]:
        """Return (anchor, message) for every error, in the order of the fields; each message
        names its question, since "this field is required" alone says nothing at the top."""
        links = [("", message) for message in self.non_field_errors()]
        for field in self:
            for message in field.errors:
                links.append((anchor(field), f"{field.label}: {message}"))
        return links


def anchor(field: forms.BoundField) -> str:
    """Return the id of the element a link to `field` should move the focus to."""
    if isinstance(field.field.widget, forms.RadioSelect):
        return f"{field.auto_id}_0"
    return field.id_for_label


class ComplaintForm(PublicForm):
    """The complaint a worker files about unpaid wages (DESIGN §7.1)."""

    required_css_class = "required"
    # The form in the order a worker tells it, each part under its heading.
    GROUPS = (
        (_("Who is complaining"), ("kind", "name", "phone", "id_number", "home_region")),
        (
            _("The employer and the work"),
            (
                "employer_name",
                "employer_uscc",
                "work_province",
                "work_region",
                "sector",
                "project_name",
            ),
        ),
        (
            _("The unpaid wages"),
            (
                "arrears_from",
                "arrears_to",
                "amount_claimed",
                "workers_affected",
                "description",
                "in_dispute_process",
            ),
        ),
        (_("Evidence"), ("evidence",)),
    )

    kind = forms.ChoiceField(
        label=_("What are you reporting?"),
        choices=[
            (Kind.COMPLAINT, _("My own unpaid wages (投诉)")),
            (Kind.REPORT, _("Wages owed to others (举报) — it may be anonymous")),
        ],
        initial=Kind.COMPLAINT,
        widget=forms.RadioSelect,
        help_text=_("A complaint about your own wages needs your name and a way to reach you."),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=64,
        required=False,
        help_text=_(
            "So the office knows whose wages are owed. Only the inspectors of your case see it; "
            "lists show 张*."
        ),
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_(
            "So the inspector can call you. Only the inspectors of your case see it; the "
            "employer never does."
        ),
    )
    id_number = forms.CharField(
        label=_("ID card number (身份证号)"),
        max_length=24,
        required=False,
        help_text=_(
            "Links your complaints together and proves who is owed. Stored encrypted; "
            "inspectors see only the first 6 and last 4 characters. Not needed for a report."
        ),
    )
    home_region = forms.ChoiceField(
        label=_("Home province (户籍地)"),
        required=False,
        help_text=_("Helps the office reach you where you live. Optional."),
    )
    employer_name = forms.CharField(
        label=_("Who owes the wages"),
        max_length=200,
        help_text=_(
            "The company or person that owes you: for building work the contractor, "
            "subcontractor or crew leader. The office contacts the employer; it is not told "
            "your mobile or ID number."
        ),
    )
    employer_uscc = forms.CharField(
        label=_("The employer's unified social credit code (统一社会信用代码)"),
        max_length=24,
        required=False,
        help_text=_("18 characters on the business licence, if you know it. Optional."),
    )
    work_province = forms.ChoiceField(
        label=_("Province where the work was done"),
        help_text=_("Decides which office handles your case."),
    )
    work_region = forms.ChoiceField(
        label=_("City and county where the work was done"),
        help_text=_("Choose the province first, then show its cities and counties."),
    )
    sector = SectorField(
        label=_("Kind of work"), queryset=Sector.objects.all(), empty_label=_("— choose —")
    )
    project_name = forms.CharField(
        label=_("Construction project name"),
        max_length=200,
        required=False,
        help_text=_("For building work: the project's name as on the site sign. Optional."),
    )
    arrears_from = MonthField(label=_("First unpaid month"))
    arrears_to = MonthField(
        label=_("Last unpaid month"),
        month_end=True,
        help_text=_("The office can act on wages owed for up to 2 years after the work ended."),
    )
    amount_claimed = formfields.DecimalField(
        label=_("Amount owed (yuan)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("In total, for all the workers you report."),
    )
    workers_affected = formfields.IntegerField(
        label=_("How many workers are owed, you included"),
        min_value=1,
        initial=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    description = forms.CharField(
        label=_("What happened"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What work, for how long, what was promised and what was paid. The employer may be "
            "shown this text."
        ),
    )
    in_dispute_process = forms.ChoiceField(
        label=_("Has mediation, arbitration or a court case started about these wages?"),
        choices=[
            (DisputeProcess.NONE, _("No")),
            (DisputeProcess.MEDIATION, _("Mediation")),
            (DisputeProcess.ARBITRATION, _("Labour arbitration")),
            (DisputeProcess.COURT, _("A court case")),
        ],
        initial=DisputeProcess.NONE,
        widget=forms.RadioSelect,
    )
    evidence = EvidenceField(
        label=_("Evidence files"),
        help_text=_(
            "Up to 5 files: PDF, JPG or PNG, at most 10 MB each (contract, attendance, pay "
            "slips, IOU, chat screenshots). Only the inspectors see them."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the labour inspection uses these details to handle my complaint, "
            "and only for that."
        ),
    )
    # Left empty by people (the page hides it); filled by the robots that fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = _province_choices()
        self.fields["work_province"].choices = choices
        self.fields["home_region"].choices = choices
        province = self["work_province"].value() or ""
        options: list = [("", _("— choose —"))]
        options += place_choices(province) if province else []
        self.fields["work_region"].choices = options
        self.fields["work_region"].error_messages["invalid_choice"] = _(
            "Choose the county again: it is not in the province chosen."
        )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The visible fields under their headings, for the template."""
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("arrears_from"), data.get("arrears_to")
        if start and end and start > end:
            self.add_error("arrears_to", _("The last unpaid month is before the first."))
        return data

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put the service's errors beside the fields they are about."""
        for name, messages in exc.message_dict.items():
            name = FORM_FIELDS.get(name, name)
            self.add_error(name if name in self.fields else None, messages)

    def submit_kwargs(self) -> dict:
        """Return the answers as `complaint_submit`'s keyword arguments."""
        d = self.cleaned_data
        person = None
        if d["name"] or d["phone"] or d["id_number"]:
            person = WorkerInput(
                name=d["name"],
                id_number=d["id_number"],
                phone=d["phone"],
                home_region=d["home_region"],
            )
        passed_on = (
            "kind",
            "work_region",
            "project_name",
            "arrears_from",
            "arrears_to",
            "amount_claimed",
            "workers_affected",
            "description",
            "in_dispute_process",
            "consent",
            "evidence",
        )
        return {
            **{name: d[name] for name in passed_on},
            "complainant": person,
            "employer": EmployerInput(name=d["employer_name"], uscc=d["employer_uscc"]),
            "sector": d["sector"].code,
        }


class TrackForm(PublicForm):
    """The reference and access code printed on the receipt."""

    reference = forms.CharField(
        label=_("Reference"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
        help_text=_("As on your receipt, e.g. QX-7F3K-9Q2M (dashes and capitals optional)."),
    )
    access_code = forms.CharField(
        label=_("Access code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
        help_text=_("The 8 characters shown once on your receipt."),
    )


class MaterialForm(PublicForm):
    """What the worker sends when the office asked for more material."""

    note = forms.CharField(
        label=_("Your answer to the office"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Answer what the office asked. The inspectors of your case read it."),
    )
    evidence = EvidenceField(
        label=_("Files"),
        help_text=_("Up to 5 files: PDF, JPG or PNG, at most 10 MB each. Optional."),
    )


class WithdrawForm(PublicForm):
    """The worker's own withdrawal, confirmed."""

    confirm = forms.BooleanField(
        label=_("I want to withdraw my complaint. I understand that the office stops handling it.")
    )
    note = forms.CharField(
        label=_("Why (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
