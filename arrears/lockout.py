"""Log-in lockout (django-axes): who is locked, for how long, and what they are told.

Failed log-ins (the back office's form and `POST /api/v1/auth/token/`) are counted in the
database, so every worker and host sees the same count. Two locks, both lifting by themselves
after `AXES_COOLOFF_TIME` or by `manage.py axes_reset_username`:

- a user name from one client address, after `AXES_FAILURE_LIMIT` failures (someone mistyping
  at their desk locks only that desk);
- a user name from any address, after `LOGIN_FAILURE_LIMIT_PER_USER` failures in all, so that
  guesses spread over many addresses still meet a limit.

Both count user names whether or not such an account exists, and a locked name is refused even
with the right password, so no answer tells whether a user exists.
"""

from __future__ import annotations

import datetime
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.errors import DomainError


class LockedOut(DomainError):
    """Too many failed log-ins for this user name; `wait` is the seconds the lock has left."""

    code = "locked_out"
    status = 429

    def __init__(self, detail: str, *, wait: int) -> None:
        super().__init__(detail)
        self.wait = wait


def _recent(request: HttpRequest, credentials: dict | None) -> QuerySet[AccessAttempt]:
    """The user name's failures still inside the cool-off, from every address."""
    username = get_client_username(request, credentials)
    since = timezone.now() - get_cool_off(request)
    return AccessAttempt.objects.filter(username=username, attempt_time__gte=since)


def _rows(attempts: QuerySet[AccessAttempt]) -> list[tuple[datetime.datetime, int]]:
    return list(
        attempts.order_by("-attempt_time").values_list("attempt_time", "failures_since_start")
    )


def _locked_until(
    rows: list[tuple[datetime.datetime, int]], limit: int, cool_off: datetime.timedelta
) -> datetime.datetime:
    """When the newest failures stop adding up to `limit` (each row's failures expire
    together, a cool-off after its last one); the distant past when they never did."""
    total = 0
    for attempt_time, failures in rows:
        total += failures
        if total >= limit:
            return attempt_time + cool_off
    return datetime.datetime.min.replace(tzinfo=datetime.UTC)


def lock_ends(request: HttpRequest, credentials: dict | None = None) -> datetime.datetime:
    """Return when the lock on the request's user name (from its address) lifts; a time in
    the past when it is not locked."""
    attempts = _recent(request, credentials)
    here = _rows(attempts.filter(ip_address=request.axes_ip_address))
    everywhere = _rows(attempts)
    cool_off = get_cool_off(request)
    return max(
        _locked_until(here, get_failure_limit(request, credentials), cool_off),
        _locked_until(everywhere, settings.LOGIN_FAILURE_LIMIT_PER_USER, cool_off),
    )


def seconds_left(request: HttpRequest, credentials: dict | None = None) -> int:
    """Return the whole seconds (at least 1) until the request's lock lifts."""
    left = (lock_ends(request, credentials) - timezone.now()).total_seconds()
    return max(1, math.ceil(left))


def lockout_message(wait: int) -> str:
    """What a locked-out user is told, in the active language: how long, and whom to ask."""
    minutes = max(1, math.ceil(wait / 60))
    contact = settings.LOCKOUT_CONTACT or _("your office's system administrator")
    return _(
        "Too many failed log-in attempts: this account is locked for %(minutes)d more "
        "minutes. To unlock it sooner, call %(contact)s."
    ) % {"minutes": minutes, "contact": contact}


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with the second, per-user lock (see the module)."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """Return the failures that count against `AXES_FAILURE_LIMIT`.

        Axes compares one number with one limit; the failures from every address are scaled
        onto that limit, so they reach it exactly when they reach the per-user limit.
        """
        attempts = _recent(request, credentials)
        here = sum(f for _t, f in _rows(attempts.filter(ip_address=request.axes_ip_address)))
        everywhere = sum(f for _t, f in _rows(attempts))
        limit = get_failure_limit(request, credentials)
        return max(here, everywhere * limit // settings.LOGIN_FAILURE_LIMIT_PER_USER)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """Forget the failures of this user name from this address after it logged in here.

        Failures from other addresses stay: one success must not give a guesser elsewhere a
        fresh set of tries.
        """
        username = get_client_username(request, credentials)
        deleted, _by_model = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return deleted


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The back office's page for a locked log-in (`AXES_LOCKOUT_CALLABLE`)."""
    wait = seconds_left(request, credentials)
    response = render(
        request,
        "admin/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": _("Account locked"),
            "message": lockout_message(wait),
        },
        status=LockedOut.status,
    )
    response["Retry-After"] = str(wait)
    return response
