"""The stored answers of Idempotency-Keys (DESIGN §7.3): how long they last, and their purge."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..models import IdempotencyKey

KEY_LIFETIME = datetime.timedelta(hours=24)


def idempotency_keys_purge(now: datetime.datetime | None = None) -> int:
    """Delete every stored answer older than KEY_LIFETIME (they may hold access codes);
    return how many went. Run by `manage.py purge_idempotency_keys` (an index on created_at
    keeps it cheap)."""
    cutoff = (now or timezone.now()) - KEY_LIFETIME
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
