"""Amounts of money as the services take them: yuan, two decimals, within the columns' range."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from arrears.validators import ascii_digits

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")


def parse_money(value: object, field: str, errors: dict[str, list[str]]) -> Decimal | None:
    """Return `value` as yuan to the cent, or None after adding the reason to `errors`."""
    if isinstance(value, str):
        try:  # Decimal() reads every script's digits: "١٢٠٠٠" is not an amount here
            value = ascii_digits(value)
        except ValidationError as error:
            errors[field] = error.messages
            return None
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = [_("Enter an amount in yuan, e.g. 12000.00.")]
        return None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        errors[field] = [_("Enter an amount between 0 and 999,999,999,999.99 yuan.")]
        return None
    return amount
