"""OpenAPI helpers shared by every API view: the documented error answers."""

from __future__ import annotations

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers

from .errors import ErrorSerializer


class TokenScheme(OpenApiAuthenticationExtension):
    """The API token (django-rest-knox, arrears.tokens), under the scheme name clients know."""

    target_class = "knox.auth.TokenAuthentication"
    name = "tokenAuth"
    priority = 1  # over drf-spectacular's own description of knox

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "`Token <token>`, the token from `POST /api/v1/auth/token/`. It expires at "
                "the `expiry` given with it (10 hours after it was issued by default) and is "
                "revoked by `POST /api/v1/auth/logout/` (this token), "
                "`POST /api/v1/auth/logoutall/` (all of the user's tokens) or a change of the "
                "user's password; then the answer is 401 `authentication_failed`."
            ),
        }


# status: (code, detail, fields, when) — the answers `restapi.errors.exception_handler` gives.
_ERRORS: dict[int, tuple[str, str, dict, str]] = {
    400: (
        "invalid",
        "Some values are not valid.",
        {"region": ["Enter a 6-digit region code."]},
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


# Further answers some endpoints give with the same status: status → (code, detail, when).
LOCKED_OUT = (
    429,
    "locked_out",
    "Too many failed log-in attempts: this account is locked for 30 more minutes. "
    "To unlock it sooner, call your office's system administrator.",
    "Too many failed log-ins for this user name (code locked_out), even with the right "
    "password now; retry after the Retry-After header.",
)


def error_responses(*statuses: int, also: tuple = ()) -> dict[int, OpenApiResponse]:
    """Return `extend_schema(responses=…)` entries documenting the error body for `statuses`,
    with the further answers `also` (such as LOCKED_OUT) beside the usual one.

    Use as `responses={200: MySerializer, **error_responses(400, 401, 403)}`.
    """
    responses = {}
    for status in statuses:
        code, detail, fields, when = _ERRORS[status]
        examples = [
            OpenApiExample(
                code,
                value={"code": code, "detail": detail, "fields": fields},
                response_only=True,
                status_codes=[str(status)],
            )
        ]
        for other_status, other_code, other_detail, other_when in also:
            if other_status == status:
                when = f"{when} {other_when}"
                examples.append(
                    OpenApiExample(
                        other_code,
                        value={"code": other_code, "detail": other_detail, "fields": {}},
                        response_only=True,
                        status_codes=[str(status)],
                    )
                )
        responses[status] = OpenApiResponse(ErrorSerializer, description=when, examples=examples)
    return responses


# A character that Python's str.strip() (and so DRF's trimming) keeps, spelled out instead of
# `\S`: regular-expression engines disagree on what `\s` covers (ECMAScript's leaves out the
# separators U+001C–U+001F and U+0085, which str.strip() removes).
NON_SPACE = (
    r"[^\t\n\u000b\f\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f"
    r"\u205f\u3000]"
)


def trimmed_length_pattern(length: int) -> str:
    """A JSON-Schema pattern (unanchored) for "at least `length` characters once leading and
    trailing whitespace are stripped": two kept characters at least `length` apart."""
    if length <= 1:
        return NON_SPACE
    return rf"{NON_SPACE}[\s\S]{{{length - 2},}}{NON_SPACE}"


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, exact about DRF's text fields: they strip surrounding
    whitespace before checking that a value is not blank (or long enough), so "   " is refused
    although it has a length. The schema says so with a pattern, otherwise a client (or a
    schema-driven test) would take a refused value for a valid one."""

    def _insert_field_validators(self, field, schema) -> None:
        super()._insert_field_validators(field, schema)
        if (
            isinstance(field, serializers.CharField)
            and field.trim_whitespace
            and not field.read_only
            and schema.get("type") == "string"
            and schema.get("minLength")
            and not {"pattern", "enum", "format"} & set(schema)
        ):
            schema["pattern"] = trimmed_length_pattern(schema["minLength"])


# Request components that refuse properties they do not list (additionalProperties: false),
# filled by the serializers that reject unknown keys; applied by `close_components`.
CLOSED_COMPONENTS: set[str] = set()


def close_components(result: dict, generator, request, public) -> dict:
    """Postprocessing hook: mark the components of CLOSED_COMPONENTS as closed objects."""
    schemas = result.get("components", {}).get("schemas", {})
    for name in CLOSED_COMPONENTS:
        if name in schemas:
            schemas[name]["additionalProperties"] = False
    return result


_ETAG = {
    "description": "The complaint's version, to send back in If-Match.",
    "required": True,
    "schema": {"type": "string", "pattern": r'^"[0-9]+"$'},
}
_REPLAYED = {
    "description": "`true` when this is the stored answer to an earlier request with the same "
    "Idempotency-Key and body.",
    "schema": {"type": "string", "enum": ["true"]},
}
# operationId → headers of its success answers
SUCCESS_HEADERS = {
    "v1_complaints_retrieve": {"ETag": _ETAG},
    "v1_complaints_partial_update": {"ETag": _ETAG},
    "v1_complaints_transitions_create": {"ETag": _ETAG},
    "v1_complaints_claims_create": {"ETag": _ETAG},
    "v1_complaints_payments_create": {"ETag": _ETAG},
    "v1_complaints_create": {"ETag": _ETAG, "Idempotent-Replayed": _REPLAYED},
    "v1_public_complaints_create": {"Idempotent-Replayed": _REPLAYED},
    "v1_complaints_reveal_create": {
        "Cache-Control": {
            "description": "`no-store`: the full values are not kept by browsers or proxies.",
            "required": True,
            "schema": {"type": "string"},
        }
    },
}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "required": True,
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
    }
}


def document_headers(result: dict, generator, request, public) -> dict:
    """Postprocessing hook: the response headers clients rely on (ETag, Idempotent-Replayed,
    Retry-After, Cache-Control on the reveal), which drf-spectacular cannot declare per view."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            headers = SUCCESS_HEADERS.get(operation.get("operationId"), {})
            for status, response in operation.get("responses", {}).items():
                if status.startswith("2") and headers:
                    response["headers"] = dict(headers)
                if status == "429":
                    response["headers"] = dict(_RETRY_AFTER)
    return result
