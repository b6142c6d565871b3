"""The API's JSON parser: DRF's, with limits on size, depth and members (DESIGN §7.3).

Python's decoder recurses once per nesting level, so a body of a few kilobytes of `[` ends in a
RecursionError (a 500) before any view sees it; and a body read by DRF from the stream is not
held to DATA_UPLOAD_MAX_MEMORY_SIZE, which Django applies only to `request.body`. Every body
this API takes is at most two levels deep and has a few dozen members.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, parsers, status

# Far above any body the API takes (two levels), far below the decoder's recursion limit.
MAX_DEPTH = 20


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = gettext_lazy("The request body is too large.")


def max_body_size() -> int | None:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def max_members() -> int | None:
    return settings.DATA_UPLOAD_MAX_NUMBER_FIELDS


def check_shape(value: object) -> None:
    """Raise ParseError when `value` nests deeper than MAX_DEPTH or holds more members (keys
    and items, all levels together) than DATA_UPLOAD_MAX_NUMBER_FIELDS. Walk without
    recursion."""
    limit = max_members()
    members = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = list(node.values())
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > MAX_DEPTH:
            raise exceptions.ParseError(
                _("The JSON body is nested more than %(depth)d levels deep.") % {"depth": MAX_DEPTH}
            )
        members += len(children)
        if limit is not None and members > limit:
            raise exceptions.ParseError(
                _("The JSON body has more than %(limit)d members.") % {"limit": limit}
            )
        stack.extend((child, depth + 1) for child in children)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser that answers 413 to a body over DATA_UPLOAD_MAX_MEMORY_SIZE and 400
    (`parse_error`) to one nested too deep or with too many members, never a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = max_body_size()
        if limit is not None and stream is not None:
            request = (parser_context or {}).get("request")
            length = request.META.get("CONTENT_LENGTH") if request is not None else None
            if length and length.isdecimal() and int(length) > limit:
                raise RequestTooLarge()
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(
                _("The JSON body is nested more than %(depth)d levels deep.") % {"depth": MAX_DEPTH}
            ) from None
        check_shape(data)
        return data
