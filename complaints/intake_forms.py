"""The counter and hotline intake form of the back office (DESIGN §7.2): a clerk enters a
complaint taken by phone or in person; complaint_submit decides."""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arrears import formfields
from arrears.models import Employer, Region, Sector, Worker
from arrears.services import EmployerInput, WorkerInput

from .models import Channel, Complaint, DisputeProcess, Kind

STAFF_CHANNELS = [
    (value, label)
    for value, label in Channel.choices
    if value not in (Channel.WEB, Channel.API, Channel.NATIONAL_PLATFORM)
]
# HTML date inputs take ISO values only, whatever the page's language.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})

# Service field names → this form's field names, so the service's errors land on the field.
SERVICE_FIELDS = {
    "complainant.name": "name",
    "complainant.id_number": "id_number",
    "complainant.phone": "phone",
    "complainant.home_region": "home_region",
    "employer.name": "employer_name",
    "employer.uscc": "employer_uscc",
}


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
