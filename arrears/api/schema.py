"""OpenAPI helpers shared by every API view: the documented error answers."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse

from .serializers import ErrorSerializer

# status: (code, detail, fields, when) — the answers `arrears.api.errors.exception_handler` gives.
_ERRORS: dict[int, tuple[str, str, dict, str]] = {
    400: (
        "invalid",
        "Some values are not valid.",
        {"region": ["Select a valid choice. That choice is not one of the available choices."]},
        "A parameter or a body field is not valid; `fields` says which.",
    ),
    401: (
        "not_authenticated",
        "Authentication credentials were not provided.",
        {},
        "No credentials (`Authorization: Token …` or a session), or a wrong token "
        "(code authentication_failed).",
    ),
    403: (
        "permission_denied",
        "You do not have permission to perform this action.",
        {},
        "Authenticated, but the role may not do this.",
    ),
    404: (
        "not_found",
        "Not found.",
        {},
        "No such object, out of the caller's scope, or a page past the last one.",
    ),
    409: (
        "invalid_transition",
        "This action is not allowed at the complaint's current stage.",
        {},
        "The workflow does not allow this action now (also threshold_not_met).",
    ),
    412: (
        "stale_version",
        "The complaint has changed since you read it.",
        {},
        "If-Match does not match the current version.",
    ),
    428: (
        "precondition_required",
        "Send If-Match with the complaint's ETag.",
        {},
        "If-Match is missing.",
    ),
    415: (
        "unsupported_media_type",
        'Unsupported media type "text/plain" in request.',
        {},
        "The body is not in a format the endpoint reads (JSON; multipart for uploads).",
    ),
    422: (
        "idempotency_key_reused",
        "This Idempotency-Key was used with a different request body.",
        {},
        "The Idempotency-Key was already used, within 24 hours, for another request body.",
    ),
    429: (
        "throttled",
        "Request was throttled. Expected available in 60 seconds.",
        {},
        "Too many requests; retry after the Retry-After header.",
    ),
}


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    """Return `extend_schema(responses=…)` entries documenting the error body for `statuses`.

    Use as `responses={200: MySerializer, **error_responses(400, 401, 403)}`.
    """
    responses = {}
    for status in statuses:
        code, detail, fields, when = _ERRORS[status]
        responses[status] = OpenApiResponse(
            ErrorSerializer,
            description=when,
            examples=[
                OpenApiExample(
                    code,
                    value={"code": code, "detail": detail, "fields": fields},
                    response_only=True,
                    status_codes=[str(status)],
                )
            ],
        )
    return responses
