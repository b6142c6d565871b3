"""Staff accounts over the API: a token for a username and password (locked after repeated
failures), and its revocation (DESIGN §7.3)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from knox import views as knox_views
from knox.models import AuthToken
from rest_framework import exceptions, serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from arrears.lockout import LockedOut, lockout_message, seconds_left
from restapi.parsers import JSONParser
from restapi.schema import LOCKED_OUT, error_responses
from restapi.throttling import SharedScopedRateThrottle

from . import examples
from .serializers import JsonInSerializer


class TokenInSerializer(JsonInSerializer, AuthTokenSerializer):
    """A username and a password, as JSON strings."""


class TokenOutSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text="Send as `Authorization: Token <token>`. Shown only here: the service keeps "
        "only a hash of it."
    )
    expiry = serializers.DateTimeField(
        help_text="When the token stops working; log in again for a new one."
    )


@extend_schema(tags=["auth"])
class TokenView(knox_views.LoginView):
    """Exchange a staff username and password for an API token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]
    # Password guessing is throttled per client address, like the public endpoints.
    throttle_classes = [SharedScopedRateThrottle]
    throttle_scope = "auth_token"

    @extend_schema(
        summary="Get an API token",
        description=(
            "Exchange a staff username and password for an API token, valid until `expiry` "
            "(10 hours by default) or until revoked: by log-out, log-out-all or a change of "
            "the user's password. "
            "After too many failed attempts the user name is locked for a while, even with "
            "the right password: 429 `locked_out` with Retry-After."
        ),
        examples=examples.TOKEN,
        request=TokenInSerializer,
        responses={200: TokenOutSerializer, **error_responses(400, 415, 429, also=[LOCKED_OUT])},
    )
    def post(self, request: Request, format: str | None = None) -> Response:
        serializer = TokenInSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            # The lockout backend refused before any password was checked (arrears.lockout).
            if getattr(request, "axes_locked_out", False):
                wait = seconds_left(request, getattr(request, "axes_credentials", None))
                raise LockedOut(lockout_message(wait), wait=wait)
            raise exceptions.ValidationError(serializer.errors)
        # knox issues the token to request.user and sends user_logged_in, on which the
        # lockout forgets this user's failures from this address.
        request.user = serializer.validated_data["user"]
        return super().post(request, format=format)


def _token_of(request: Request) -> AuthToken:
    """Return the API token the request was authenticated by; 401 when there is none."""
    if not isinstance(request.auth, AuthToken):
        raise exceptions.NotAuthenticated()
    return request.auth


@extend_schema(tags=["auth"])
class LogoutView(knox_views.LogoutView):
    """Revoke the token this request carries."""

    @extend_schema(
        summary="Revoke this token (log out)",
        description="The token sent in `Authorization` stops working; the user's other "
        "tokens go on working.",
        request=None,
        responses={204: None, **error_responses(401)},
    )
    def post(self, request: Request, format: str | None = None) -> Response:
        _token_of(request)
        return super().post(request, format=format)


@extend_schema(tags=["auth"])
class LogoutAllView(knox_views.LogoutAllView):
    """Revoke every token of the user this request's token belongs to."""

    @extend_schema(
        summary="Revoke all of this user's tokens (log out everywhere)",
        description="Every API token of the user stops working, this one included.",
        request=None,
        responses={204: None, **error_responses(401)},
    )
    def post(self, request: Request, format: str | None = None) -> Response:
        _token_of(request)
        return super().post(request, format=format)
