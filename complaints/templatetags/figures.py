"""How a published figure reads: grouped digits, and "<5" where a small cell is hidden."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from ..figures import PUBLIC_MIN_CELL

register = template.Library()


@register.filter
def cell(value: int | Decimal | float | None, places: int = 0) -> str:
    """Return `value` with grouped digits and `places` decimals; "<5" when it was hidden."""
    if value is None:
        return _("<%(n)d") % {"n": PUBLIC_MIN_CELL}
    return floatformat(value, f"{places}g")
