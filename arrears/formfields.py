"""Form fields of the back office that read numbers and dates in ASCII digits only.

Django's fields parse with int(), Decimal() and regular expressions whose `\\d` matches the
digits of every script, so "١٢٠٠٠" was taken as 12000. These fold full-width digits (typed
on a Chinese keyboard) to ASCII and refuse every other script's with a clear message, through
the same `ascii_digits` the API's fields use.
"""

from __future__ import annotations

from django import forms
from django.db import models

from arrears.validators import ascii_digits


class AsciiDigitsMixin:
    """Run `ascii_digits` on a typed value before the field parses it."""

    def to_python(self, value):
        if isinstance(value, str):
            value = ascii_digits(value)
        return super().to_python(value)


class DecimalField(AsciiDigitsMixin, forms.DecimalField):
    pass


class IntegerField(AsciiDigitsMixin, forms.IntegerField):
    pass


class DateField(AsciiDigitsMixin, forms.DateField):
    pass


class DateTimeField(AsciiDigitsMixin, forms.DateTimeField):
    pass


class TimeField(AsciiDigitsMixin, forms.TimeField):
    pass


class SplitDateTimeField(forms.SplitDateTimeField):
    """The admin's date-and-time pair, each part read in ASCII digits."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        date, time = self.fields
        self.fields = (
            DateField(input_formats=date.input_formats, error_messages=date.error_messages),
            TimeField(input_formats=time.input_formats, error_messages=time.error_messages),
        )


# For ModelAdmin.formfield_overrides: every model number and date field of a back-office form.
# (The admin's own defaults keep their widgets: only the form class changes.)
FORMFIELD_OVERRIDES = {
    models.DecimalField: {"form_class": DecimalField},
    models.IntegerField: {"form_class": IntegerField},
    models.BigIntegerField: {"form_class": IntegerField},
    models.DateField: {"form_class": DateField},
    models.DateTimeField: {"form_class": SplitDateTimeField},
    models.TimeField: {"form_class": TimeField},
}
