"""API fields that read numbers and dates in ASCII digits only (see arrears.formfields)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from arrears.pii import mask_free_text, mask_free_values
from arrears.validators import ascii_digits


def ascii_input(data: object) -> object:
    """Return `data` through `ascii_digits` when it is text; raise DRF's ValidationError."""
    if not isinstance(data, str):
        return data
    try:
        return ascii_digits(data)
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages, code=error.code) from None


class DateField(serializers.DateField):
    """A date, "YYYY-MM-DD", in ASCII (or full-width) digits."""

    def to_internal_value(self, value):
        return super().to_internal_value(ascii_input(value))


class DateTimeField(serializers.DateTimeField):
    """A date and time (ISO 8601) in ASCII (or full-width) digits."""

    def to_internal_value(self, value):
        return super().to_internal_value(ascii_input(value))


class FreeTextField(serializers.CharField):
    """Free text (a description, a note, a reason) with the mobiles and ID numbers typed into
    it masked, for every caller: the audited reveal is where they are read whole."""

    def to_representation(self, value):
        return mask_free_text(super().to_representation(value))


class FreeDataField(serializers.JSONField):
    """JSON data whose strings are free text, masked as FreeTextField masks text."""

    def to_representation(self, value):
        return mask_free_values(super().to_representation(value))
