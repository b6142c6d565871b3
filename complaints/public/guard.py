"""What keeps robots off the public form without a puzzle for people (DESIGN §7.1).

Each rendering of the form carries a signed token that says when it was served. A sending is
taken for a robot when the hidden field is filled, the token is forged, or the form came back
faster than a person can fill it; the robot gets a page that looks like success and nothing is
stored. A token files one complaint: a double tap, a reload or the back button sends the same
token again and is shown the first sending's receipt. The per-address limit is the API's own
(`public_submit`), counted in the shared cache, so the two doors share one count.
"""

from __future__ import annotations

import enum
import json
import logging
import secrets
import time
from types import SimpleNamespace

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from rest_framework.exceptions import Throttled

from restapi.throttling import SharedScopedRateThrottle

logger = logging.getLogger("complaints.public")

SALT = "complaints.public.form"
# A token claimed by a sending: PENDING until the complaint is filed, then its receipt.
PENDING = "pending"
# How long a second sending waits for the first to finish before it gives up.
REPLAY_WAIT_SECONDS = 15.0


class Verdict(enum.Enum):
    PERSON = "person"
    ROBOT = "robot"  # honeypot filled, token forged, or filled too fast
    EXPIRED = "expired"  # a person who left the form open too long


def token_issue() -> str:
    """Return a fresh form token: a random nonce and the time it was served, signed."""
    return signing.dumps({"n": secrets.token_urlsafe(12), "t": time.time()}, salt=SALT)


def _read(token: str) -> dict | None:
    try:
        payload = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not {"n", "t"} <= payload.keys():
        return None
    return payload


def verdict(token: str, honeypot: str) -> Verdict:
    """Judge a sending by its hidden field and its token; log a robot's reason, never what
    it sent."""
    payload = _read(token)
    reason = ""
    if honeypot:
        reason = "honeypot"
    elif payload is None:
        reason = "token"
    else:
        age = time.time() - payload["t"]
        if age < settings.PUBLIC_FORM_MIN_SECONDS:
            reason = "too_fast"
        elif age > settings.PUBLIC_FORM_MAX_SECONDS:
            return Verdict.EXPIRED
    if reason:
        logger.info("public form: robot sending refused (reason=%s)", reason)
        return Verdict.ROBOT
    return Verdict.PERSON


def _key(token: str) -> str:
    payload = _read(token)
    return f"public-form:{payload['n'] if payload else token}"


def token_claim(token: str) -> bool:
    """Claim `token` for one sending; return False if another sending already holds it."""
    return cache.add(_key(token), PENDING, settings.PUBLIC_FORM_MAX_SECONDS * 2)


def token_release(token: str) -> None:
    """Give `token` back: its sending filed nothing (bad answers), so it may be sent again."""
    cache.delete(_key(token))


def token_done(token: str, receipt: dict) -> None:
    """Remember the receipt of the sending that holds `token`, for its repeats."""
    cache.set(_key(token), json.dumps(receipt), settings.PUBLIC_FORM_MAX_SECONDS * 2)


def token_receipt(token: str) -> dict | None:
    """Wait for the sending that holds `token` and return its receipt, or None when it filed
    nothing (or took too long)."""
    deadline = time.monotonic() + REPLAY_WAIT_SECONDS
    while time.monotonic() < deadline:
        value = cache.get(_key(token))
        if value is None:
            return None
        if value != PENDING:
            return json.loads(value)
        time.sleep(0.1)
    return None


def throttled(request: HttpRequest, scope: str) -> bool:
    """Count one sending from the client's address against the API's limit for `scope`;
    return True when the limit is reached."""
    try:
        allowed = SharedScopedRateThrottle().allow_request(
            request, SimpleNamespace(throttle_scope=scope)
        )
    except Throttled:
        return True
    if not allowed:
        logger.info("public form: address over its limit (scope=%s)", scope)
    return not allowed
