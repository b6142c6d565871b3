"""Pagination of every API list: pages of 50 by default, never more than 200."""

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

DIGITS = re.compile(r"[0-9]+")


def positive_number(request, name: str, cap: int | None = None) -> int | None:
    """Return the query parameter `name` as a whole number from 1 (at most `cap`), None when it
    is absent; 400 for anything else, an empty value included."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    digits = raw.lstrip("0") if DIGITS.fullmatch(raw) else ""
    if not digits:
        raise ValidationError({name: [_("Give a number from 1.")]})
    if cap is not None and len(digits) > len(str(cap)):
        return cap
    return int(digits) if cap is None else min(int(digits), cap)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request) -> int:
        """Return the page size asked for, capped at 200; 400 for anything but a number ≥ 1."""
        size = positive_number(request, self.page_size_query_param, cap=self.max_page_size)
        return self.page_size if size is None else size

    def get_page_number(self, request, paginator) -> int:
        """Return the page asked for (1 by default); 400 for anything but a number ≥ 1 (a page
        past the last one is a 404)."""
        number = positive_number(request, self.page_query_param, cap=10**9)
        return 1 if number is None else number

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_query_param, self.page_size_query_param):
                parameter["schema"]["minimum"] = 1
        return parameters
