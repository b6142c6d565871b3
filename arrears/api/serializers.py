"""Output serializers of the reference-data API, and the one error body every API view uses.

All read-only: nothing here writes. Fields are listed explicitly (CONVENTIONS: no `__all__`).
"""

from __future__ import annotations

from rest_framework import serializers

from arrears.api.fields import FreeTextField
from arrears.models import BlacklistEntry, Employer, Office, Region, Sector


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(
        source="parent_id",
        read_only=True,
        allow_null=True,
        help_text="Code of the region above; null for a province.",
    )

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]
        read_only_fields = fields


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["code", "name", "name_en", "is_construction"]
        read_only_fields = fields


class RegionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name"]
        read_only_fields = fields


class PublicOfficeSerializer(serializers.ModelSerializer):
    region = RegionRefSerializer(read_only=True, help_text="The root of the office's jurisdiction.")

    class Meta:
        model = Office
        fields = ["name", "region", "level", "hotline", "address", "duty_24h"]
        read_only_fields = fields


def _money(help_text: str) -> serializers.DecimalField:
    # A sum of many amounts: no digit limit, two decimals, given as a string like every amount.
    return serializers.DecimalField(
        max_digits=None, decimal_places=2, read_only=True, help_text=help_text
    )


class EmployerSerializer(serializers.ModelSerializer):
    """An employer with the totals of the complaints against it that the caller may see."""

    name = FreeTextField(read_only=True)  # typed on the public form: it may hold a mobile

    region = serializers.CharField(source="region_id", read_only=True, allow_null=True)
    sector = serializers.CharField(source="sector_id", read_only=True, allow_null=True)
    open_complaints = serializers.IntegerField(
        read_only=True, help_text="Open complaints in the caller's scope."
    )
    workers_affected = serializers.IntegerField(
        read_only=True, help_text="Workers affected by those open complaints."
    )
    amount_claimed = _money("Claimed over every complaint in the caller's scope.")
    amount_verified = _money("Verified over every complaint in the caller's scope.")
    amount_recovered = _money("Recovered over every complaint in the caller's scope.")
    blacklisted = serializers.BooleanField(
        read_only=True,
        help_text="On the arrears blacklist today (decided, not expired or removed).",
    )

    class Meta:
        model = Employer
        fields = [
            "id",
            "name",
            "uscc",
            "kind",
            "region",
            "sector",
            "open_complaints",
            "workers_affected",
            "amount_claimed",
            "amount_verified",
            "amount_recovered",
            "blacklisted",
        ]
        read_only_fields = fields


class BlacklistEntrySerializer(serializers.ModelSerializer):
    removal_reason = FreeTextField(read_only=True)
    active = serializers.BooleanField(
        read_only=True, help_text="In force today: not expired and not removed."
    )

    class Meta:
        model = BlacklistEntry
        fields = [
            "criterion",
            "decided_on",
            "expires_on",
            "removed_on",
            "removal_reason",
            "active",
        ]
        read_only_fields = fields


class EmployerDetailSerializer(EmployerSerializer):
    blacklist = BlacklistEntrySerializer(
        source="blacklist_entries",
        many=True,
        read_only=True,
        help_text="Every blacklist decision about the employer, latest first.",
    )

    class Meta(EmployerSerializer.Meta):
        fields = [*EmployerSerializer.Meta.fields, "blacklist"]
        read_only_fields = fields


class JsonInSerializer(serializers.Serializer):
    """An input body read as JSON says it is: DRF's fields also take `0` for a text, `"5"` for a
    number and `"yes"` for a boolean, which the schema (and a client written from it) does not
    allow. This refuses a value whose JSON type is not the field's, with the field's own
    message; bodies that are not JSON (multipart forms) are left to the fields. (Dates and
    amounts are refused as numbers by their fields already.)"""

    def to_internal_value(self, data: object) -> dict:
        if not isinstance(data, dict):  # a QueryDict (form data) is not a dict subclass
            return super().to_internal_value(data)
        wrong_type = {
            name: [message]
            for name, field in self.fields.items()
            if not field.read_only
            and data.get(name) is not None  # absence and null are the field's to judge
            and (message := json_type_error(field, data[name]))
        }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if not isinstance(error.detail, dict):
                raise
            raise serializers.ValidationError({**error.detail, **wrong_type}) from None
        if wrong_type:
            raise serializers.ValidationError(wrong_type)
        return value


def json_type_error(field: serializers.Field, value: object) -> str | None:
    """Return the field's message for a JSON value of the wrong type, or None."""
    kind = type(value).__name__
    messages = field.error_messages
    if isinstance(field, serializers.BooleanField):
        ok, message = isinstance(value, bool), messages["invalid"]
    elif isinstance(field, serializers.IntegerField):
        ok, message = isinstance(value, int) and not isinstance(value, bool), messages["invalid"]
    elif isinstance(field, serializers.CharField):
        ok, message = isinstance(value, str), messages["invalid"]
    elif isinstance(field, serializers.ChoiceField):
        ok, message = isinstance(value, str), messages["invalid_choice"]
    elif isinstance(field, serializers.ListField):
        ok, message = isinstance(value, list), messages["not_a_list"]
    elif isinstance(field, serializers.Serializer):
        ok, message = isinstance(value, dict), messages["invalid"]
    else:
        return None
    return None if ok else str(message).format(input=value, input_type=kind, datatype=kind)
