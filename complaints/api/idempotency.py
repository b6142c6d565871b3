"""Idempotency-Key on the create endpoints (DESIGN §7.3): a retried request gets the stored
answer instead of filing twice; the same key with another body is refused."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from complaints.models import IdempotencyKey
from complaints.services.idempotency import KEY_LIFETIME

MAX_KEY_LENGTH = 200


class KeyReused(exceptions.APIException):
    status_code = 422
    default_code = "idempotency_key_reused"


def _body_hash(request: Request) -> str:
    canonical = json.dumps(request.data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotent(request: Request, scope: str, create: Callable[[], Response]) -> Response:
    """Run `create` once per (scope, Idempotency-Key) within 24 hours and replay its answer.

    The key row and the complaint are written in one transaction, so two concurrent requests
    with the same key file one complaint: the second waits on the key's unique index and then
    replays the first one's answer. A failed request stores nothing and may be retried.
    """
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return create()
    if len(key) > MAX_KEY_LENGTH:
        raise exceptions.ValidationError({"Idempotency-Key": [_("At most 200 characters.")]})
    digest = _body_hash(request)
    now = timezone.now()
    stored = IdempotencyKey.objects.filter(scope=scope, key=key).first()
    if stored is not None and stored.created_at < now - KEY_LIFETIME:
        # This key's answer expired: it is free again. The others' expired answers are
        # removed by `manage.py purge_idempotency_keys`, out of the request path.
        stored.delete()
        stored = None
    if stored is not None:
        return replay(stored, digest)
    try:
        with transaction.atomic():
            response = create()
            if response.status_code < 300:
                IdempotencyKey.objects.create(
                    scope=scope,
                    key=key,
                    request_hash=digest,
                    response_status=response.status_code,
                    response_body=json.dumps(response.data, default=str),
                    created_at=now,
                )
            return response
    except IntegrityError:
        # Another request with this key committed first; its complaint stands, ours is undone.
        stored = IdempotencyKey.objects.filter(scope=scope, key=key).first()
        if stored is None:
            raise
    return replay(stored, digest)


def replay(stored: IdempotencyKey, digest: str) -> Response:
    """Return the stored answer, or refuse a different body under the same key."""
    if stored.request_hash != digest:
        raise KeyReused(_("This Idempotency-Key was used with a different request body."))
    body = json.loads(stored.response_body)
    response = Response(body, status=stored.response_status)
    response["Idempotent-Replayed"] = "true"
    if isinstance(body, dict) and isinstance(body.get("version"), int):
        response["ETag"] = f'"{body["version"]}"'  # the version of the answer replayed
    return response
