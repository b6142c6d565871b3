"""API fields that read numbers and dates in ASCII digits only (see arrears.formfields)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

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

    def to_internal_value(self, value):  # noqa: ANN001, ANN201
        return super().to_internal_value(ascii_input(value))


class DateTimeField(serializers.DateTimeField):
    """A date and time (ISO 8601) in ASCII (or full-width) digits."""

    def to_internal_value(self, value):  # noqa: ANN001, ANN201
        return super().to_internal_value(ascii_input(value))
