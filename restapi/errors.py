"""The API's one error body (DESIGN §7.3): {"code": ..., "detail": ..., "fields": {...}}."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorSerializer(serializers.Serializer):
    """The error body of every API answer that is not a success (DESIGN §7.3), as written by
    `restapi.errors.exception_handler`. Documentation only: views never instantiate it."""

    code = serializers.CharField(
        help_text="Stable snake_case code: not_authenticated, permission_denied, not_found, "
        "invalid, throttled, … Clients branch on it, never on `detail`."
    )
    detail = serializers.CharField(help_text="Human-readable message, in the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text='Messages per input field ("complainant.phone": ["…"]); "" for the whole '
        "body; empty unless code is invalid.",
    )


def _flatten(detail: object, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into {"complainant.phone": ["…"], …}."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = key if key != "non_field_errors" else ""
            out.update(_flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return {prefix: [str(item) for item in detail]}
        out = {}
        for index, item in enumerate(detail):
            out.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return out
    return {prefix: [str(detail)]}


def error_body(code: str, detail: str, fields: dict | None = None) -> dict:
    """Return the error body every API error uses."""
    return {"code": code, "detail": detail, "fields": fields or {}}


def _domain_errors() -> tuple[type, ...]:
    """The projects' domain error classes (settings.API_DOMAIN_ERRORS): each carries `status`,
    `code`, `detail`, `fields` and perhaps `wait`, and is answered as it says."""
    return tuple(import_string(path) for path in settings.API_DOMAIN_ERRORS)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Map domain errors, Django's and DRF's exceptions to the one error body."""
    if isinstance(exc, _domain_errors()):
        response = Response(error_body(exc.code, exc.detail, exc.fields), status=exc.status)
        if getattr(exc, "wait", None):
            response["Retry-After"] = str(exc.wait)
        return response
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        return Response(
            error_body("invalid", _("Some values are not valid."), fields),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # unknown errors stay 500 and loud
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body("invalid", _("Some values are not valid."), _flatten(exc.detail))
    else:
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        response.data = error_body(code, str(exc.detail))
    return response


def not_found(request, exception=None):
    """Answer an unknown URL under /api/ with the error body; elsewhere Django's 404 page."""
    from django.http import JsonResponse
    from django.views.defaults import page_not_found

    if request.path.startswith("/api/"):
        return JsonResponse(error_body("not_found", _("Not found.")), status=404)
    return page_not_found(request, exception)


def bad_request(request, exception=None):
    """Answer a request Django refuses before any view (a body over DATA_UPLOAD_MAX_MEMORY_SIZE,
    more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS, a bad multipart body…) with the error body
    under /api/: 413 `request_too_large` for the size, 400 otherwise; elsewhere Django's page."""
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
    from django.http import JsonResponse
    from django.views.defaults import bad_request as django_bad_request

    if not request.path.startswith("/api/"):
        return django_bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        body = error_body("request_too_large", _("The request body is too large."))
        return JsonResponse(body, status=413)
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        body = error_body("too_many_fields", _("The request has too many fields."))
    else:
        body = error_body("bad_request", _("The request could not be read."))
    return JsonResponse(body, status=400)
