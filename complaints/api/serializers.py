"""Input and output shapes of the complaints API (DESIGN §7.3); values are checked by the
services, these only type and name them."""

from __future__ import annotations

import re

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from arrears.api import fields as api_fields
from arrears.api.fields import ascii_input
from arrears.api.serializers import JsonInSerializer
from arrears.reference import SECTORS
from arrears.services import EmployerInput, WorkerInput
from arrears.validators import validate_visible_name
from complaints.models import (
    Channel,
    Claim,
    Complaint,
    DisputeProcess,
    DocumentKind,
    Event,
    Kind,
    PaymentSource,
)
from complaints.selectors import FLAG_NAMES
from complaints.workflow import (
    TRANSITIONS,
    Input,
    InputKind,
    Outcome,
    PublicStatus,
    public_status,
)
from restapi.schema import CLOSED_COMPONENTS

MONEY = {"max_digits": 14, "decimal_places": 2}
SECTOR_CODES = [code for code, *_ in SECTORS]  # fixed by DESIGN §7.3
MONEY_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"


@extend_schema_field(
    {"type": "string", "format": "decimal", "pattern": MONEY_PATTERN, "example": "12000.00"}
)
class MoneyInField(serializers.DecimalField):
    """An amount in yuan sent as a decimal string (DESIGN §7.3): "12000" or "12000.50"."""

    default_error_messages = {
        "money": gettext_lazy('Enter an amount in yuan as a string, e.g. "12000.00".')
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(**MONEY, min_value=0, **kwargs)

    def to_internal_value(self, data: object):
        data = ascii_input(data)  # "１２０００" is 12000; "١٢٠٠٠" is refused
        if not isinstance(data, str) or not re.match(MONEY_PATTERN, data):
            self.fail("money")
        return super().to_internal_value(data)


class ComplainantInSerializer(JsonInSerializer):
    name = serializers.CharField(
        max_length=64,
        allow_blank=True,
        required=False,
        default="",
        validators=[validate_visible_name],
    )
    phone = serializers.CharField(max_length=20, allow_blank=True, required=False, default="")
    id_number = serializers.CharField(max_length=24, allow_blank=True, required=False, default="")
    home_region = serializers.CharField(max_length=6, allow_blank=True, required=False, default="")


class EmployerInSerializer(JsonInSerializer):
    name = serializers.CharField(max_length=200, validators=[validate_visible_name])
    uscc = serializers.CharField(max_length=24, allow_blank=True, required=False, default="")


class PublicComplaintInSerializer(JsonInSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    complainant = ComplainantInSerializer(required=False, allow_null=True)
    employer = EmployerInSerializer()
    work_region = serializers.RegexField(
        r"^[0-9]{6}$", help_text="6-digit GB/T 2260 code of the county (or city)"
    )
    sector = serializers.ChoiceField(choices=SECTOR_CODES)
    project_name = serializers.CharField(
        max_length=200,
        allow_blank=True,
        required=False,
        default="",
        validators=[validate_visible_name],
    )
    arrears_from = api_fields.DateField()
    arrears_to = api_fields.DateField()
    amount_claimed = MoneyInField()
    workers_affected = serializers.IntegerField(min_value=1, max_value=100000, default=1)
    description = serializers.CharField(
        max_length=5000, allow_blank=True, required=False, default=""
    )
    in_dispute_process = serializers.ChoiceField(
        choices=DisputeProcess.choices, default=DisputeProcess.NONE
    )
    consent = serializers.BooleanField()

    def submit_kwargs(self) -> dict:
        """Return the validated body as complaint_submit's keyword arguments."""
        data = dict(self.validated_data)
        person = data.pop("complainant", None)
        data["complainant"] = WorkerInput(**person) if person else None
        data["employer"] = EmployerInput(**data["employer"])
        return data


class StaffComplaintInSerializer(PublicComplaintInSerializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    received_at = api_fields.DateTimeField(required=False)
    source_ref = serializers.CharField(max_length=64, allow_blank=True, required=False, default="")
    consent = serializers.BooleanField(required=False, default=True)


class OfficeBriefSerializer(serializers.Serializer):
    name = serializers.CharField()
    hotline = serializers.CharField()


class PublicComplaintOutSerializer(serializers.Serializer):
    reference = serializers.CharField()
    access_code = serializers.CharField()
    public_status = serializers.ChoiceField(choices=PublicStatus.choices)
    acceptance_due = api_fields.DateField()
    office = OfficeBriefSerializer()


class TrackInSerializer(JsonInSerializer):
    reference = serializers.CharField(max_length=20)
    access_code = serializers.CharField(max_length=20)


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    public_status = serializers.ChoiceField(choices=PublicStatus.choices)
    note = api_fields.FreeTextField()  # the public never sees a number typed into a note


class TrackOutSerializer(serializers.Serializer):
    reference = serializers.CharField()
    public_status = serializers.ChoiceField(choices=PublicStatus.choices)
    timeline = TimelineEntrySerializer(many=True)
    next_due = api_fields.DateField(allow_null=True)
    amount_recovered = serializers.DecimalField(**MONEY)


class MaskedPersonSerializer(serializers.Serializer):
    name = serializers.CharField(source="masked_name")
    id_number = serializers.CharField(source="masked_id")
    phone = serializers.CharField(source="masked_phone")


class EmployerBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = api_fields.FreeTextField()  # a name typed on the public form may hold a mobile
    uscc = serializers.CharField(allow_null=True)


class RegionBriefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class OfficeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class FlagsSerializer(serializers.Serializer):
    overdue = serializers.BooleanField()
    group = serializers.BooleanField()
    major_group = serializers.BooleanField()
    crime_threshold = serializers.BooleanField()
    campaign_risk = serializers.BooleanField()
    minor = serializers.BooleanField()


class ComplaintOutSerializer(serializers.ModelSerializer):
    """A complaint as staff see it: personal data masked, flags computed by the selector."""

    public_status = serializers.SerializerMethodField()
    complainant = serializers.SerializerMethodField()
    employer = EmployerBriefSerializer(read_only=True)
    work_region = RegionBriefSerializer(read_only=True)
    sector = serializers.CharField(source="sector_id", read_only=True)
    office = OfficeRefSerializer(read_only=True)
    assignees = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    flags = serializers.SerializerMethodField()
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Complaint
        fields = (
            "reference",
            "case_number",
            "stage",
            "public_status",
            "kind",
            "channel",
            "received_at",
            "complainant",
            "employer",
            "work_region",
            "sector",
            "office",
            "assignees",
            "arrears_from",
            "arrears_to",
            "amount_claimed",
            "amount_verified",
            "amount_recovered",
            "workers_affected",
            "acceptance_due",
            "investigation_due",
            "order_due",
            "next_due",
            "outcome",
            "flags",
            "version",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=PublicStatus.choices))
    def get_public_status(self, obj: Complaint) -> str:
        return public_status(obj.stage, obj.outcome).value

    @extend_schema_field(MaskedPersonSerializer(allow_null=True))
    def get_complainant(self, obj: Complaint) -> dict | None:
        return obj.complainant_masked()

    @extend_schema_field(FlagsSerializer)
    def get_flags(self, obj: Complaint) -> dict[str, bool]:
        return {name: bool(getattr(obj, f"flag_{name}", False)) for name in FLAG_NAMES}


class TransitionActionSerializer(JsonInSerializer):
    """The `action` of a transition body, read first: it says which body shape applies."""

    action = serializers.ChoiceField(choices=sorted(TRANSITIONS))


class ClosedSerializer(JsonInSerializer):
    """A body that refuses keys it does not name (the schema says additionalProperties: false)
    instead of ignoring them: a field sent to the wrong action is a mistake worth reporting."""

    unknown_message = gettext_lazy("Not a field of this action.")

    def to_internal_value(self, data: object) -> dict:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: [self.unknown_message] for name in unknown}
                )
        return super().to_internal_value(data)


def _input_field(spec: Input, required: bool) -> serializers.Field:
    """Return the API field for one input of a workflow action, by its kind."""
    kind = spec.kind
    if kind in (InputKind.TEXT, InputKind.NAME):
        return serializers.CharField(
            max_length=spec.max_length,
            required=required,
            allow_blank=not required,
            validators=[validate_visible_name] if kind == InputKind.NAME else [],
        )
    if kind == InputKind.CHOICE:
        return serializers.ChoiceField(choices=spec.choices.choices, required=required)
    if kind == InputKind.MONEY:
        return MoneyInField(required=required)
    if kind == InputKind.DATE:
        return api_fields.DateField(required=required)
    if kind == InputKind.INTEGER:
        return serializers.IntegerField(
            min_value=spec.min_value, max_value=spec.max_value, required=required
        )
    if kind == InputKind.OFFICE:
        return serializers.IntegerField(
            min_value=1, required=required, help_text="the id of the office to transfer to"
        )
    if kind == InputKind.USERNAMES:
        return serializers.ListField(
            child=serializers.CharField(max_length=150),
            min_length=1,
            max_length=20,
            required=required,
            help_text="usernames of inspectors of the complaint's office",
        )
    raise KeyError(kind)


def _transition_serializer(action: str) -> type[ClosedSerializer]:
    """Return the body serializer of one workflow action: `action` fixed to its name, the
    action's fields, the ones it needs required."""
    transition = TRANSITIONS[action]
    action_field = extend_schema_field({"type": "string", "enum": [action]})(
        type("ActionField", (serializers.ChoiceField,), {})
    )
    attrs: dict[str, object] = {
        "action": action_field(choices=[action]),
        # lazy: the schema is written in the language it is generated in
        "__doc__": format_lazy("{}: `{}`.", transition.label, action),
    }
    for spec, required in sorted(transition.input_fields, key=lambda pair: pair[0].name):
        attrs[spec.name] = _input_field(spec, required)
    name = "".join(part.title() for part in action.split("_")) + "Transition"
    CLOSED_COMPONENTS.add(f"{name}Request")
    return type(f"{name}Serializer", (ClosedSerializer,), attrs)


TRANSITION_SERIALIZERS: dict[str, type[ClosedSerializer]] = {
    action: _transition_serializer(action) for action in sorted(TRANSITIONS)
}
TRANSITION_BODY = PolymorphicProxySerializer(
    component_name="Transition",
    serializers=TRANSITION_SERIALIZERS,
    resource_type_field_name="action",
    many=False,
)


class EventOutSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    note = api_fields.FreeTextField(read_only=True)
    data = api_fields.FreeDataField(read_only=True)

    class Meta:
        model = Event
        fields = ("action", "from_stage", "to_stage", "actor", "at", "note", "data", "public")
        read_only_fields = fields


class RevealInSerializer(JsonInSerializer):
    reason = serializers.CharField(
        min_length=4, max_length=500, help_text="Why the full data is needed."
    )


class RevealedTextSerializer(serializers.Serializer):
    where = serializers.ChoiceField(
        choices=["description", "outcome_note", "event", "payment", "attachment"]
    )
    at = serializers.DateTimeField(allow_null=True)
    text = serializers.CharField()


class RevealOutSerializer(serializers.Serializer):
    name = serializers.CharField()
    id_number = serializers.CharField()
    phone = serializers.CharField()
    free_text = RevealedTextSerializer(
        many=True,
        help_text="The complaint's descriptions, notes and reasons in which a mobile or ID number "
        "is masked everywhere else, whole.",
    )


class ComplaintPatchSerializer(JsonInSerializer):
    """The intake details staff may correct; everything else moves through transitions."""

    description = serializers.CharField(max_length=5000, allow_blank=True, required=False)
    sector = serializers.ChoiceField(choices=SECTOR_CODES, required=False)
    arrears_from = api_fields.DateField(required=False)
    arrears_to = api_fields.DateField(required=False)
    amount_claimed = MoneyInField(required=False)
    workers_affected = serializers.IntegerField(min_value=1, max_value=100000, required=False)
    in_dispute_process = serializers.ChoiceField(choices=DisputeProcess.choices, required=False)


class ClaimOutSerializer(serializers.Serializer):
    worker = serializers.SerializerMethodField()
    amount_owed = serializers.DecimalField(**MONEY)
    months_owed = serializers.IntegerField()
    amount_verified = serializers.DecimalField(**MONEY)
    amount_paid = serializers.DecimalField(**MONEY)

    @extend_schema_field(MaskedPersonSerializer)
    def get_worker(self, claim: Claim) -> dict:
        return claim.worker_masked()


class ClaimInSerializer(JsonInSerializer):
    name = serializers.CharField(max_length=64, validators=[validate_visible_name])
    id_number = serializers.CharField(max_length=24)
    phone = serializers.CharField(max_length=20, required=False)
    amount_owed = MoneyInField()
    months_owed = serializers.IntegerField(min_value=0, max_value=600, required=False)
    amount_verified = MoneyInField(required=False)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class PaymentOutSerializer(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY)
    paid_on = api_fields.DateField()
    source = serializers.ChoiceField(choices=PaymentSource.choices)
    workers_paid = serializers.IntegerField()
    note = api_fields.FreeTextField()


class PaymentInSerializer(JsonInSerializer):
    amount = MoneyInField()
    paid_on = api_fields.DateField()
    source = serializers.ChoiceField(choices=PaymentSource.choices)
    workers_paid = serializers.IntegerField(min_value=1, required=False)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class DocumentOutSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    issued_on = api_fields.DateField()
    due_on = api_fields.DateField(allow_null=True)
    served_on = api_fields.DateField(allow_null=True)
    amount = serializers.DecimalField(**MONEY, allow_null=True)


class DocumentServeInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    served_on = api_fields.DateField()
    file = serializers.FileField(
        required=False, help_text="A scan of the served copy: PDF, JPEG or PNG, at most 10 MB."
    )


class AttachmentOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = api_fields.FreeTextField()
    uploaded_at = serializers.DateTimeField()


class AttachmentInSerializer(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(
        max_length=200, required=False, allow_blank=True, validators=[validate_visible_name]
    )
