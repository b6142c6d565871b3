"""Throttles that count every request of a client, whichever worker or host answers it.

DRF's rate throttles read a client's history from the cache, decide, then write it back: two
workers that answer the same client at once both read the same history and both let the request
through, so under load a limit of 20 lets many more pass. Here the read-decide-write runs under
a lock taken in the same shared cache (`cache.add`, atomic in Redis and in the database cache),
so the count is exact across processes and hosts.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Iterator

from rest_framework.exceptions import Throttled
from rest_framework.throttling import ScopedRateThrottle

from .client_address import client_address

# A lock outlives a crashed holder by at most this long.
LOCK_TTL_SECONDS = 10
# How long a request waits for another request of the same client to be counted.
LOCK_WAIT_SECONDS = 5.0


class LockBusy(Exception):
    """Another process held the lock for longer than a request may wait."""


@contextlib.contextmanager
def cache_lock(cache, key: str, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold `key` in `cache` exclusively among every process that shares the cache."""
    token = secrets.token_hex(8)
    deadline = time.monotonic() + wait
    pause = 0.002
    while not cache.add(key, token, LOCK_TTL_SECONDS):
        if time.monotonic() > deadline:
            raise LockBusy(key)
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    try:
        yield
    finally:
        if cache.get(key) == token:
            cache.delete(key)


class SharedScopedRateThrottle(ScopedRateThrottle):
    """`ScopedRateThrottle` whose count holds with several workers (see the module), per
    client address as the log-in lockout counts it."""

    def get_ident(self, request) -> str:
        return client_address(request)

    def allow_request(self, request, view) -> bool:
        scope = getattr(view, self.scope_attr, None)
        if not scope:
            return True
        user = getattr(request, "user", None)
        who = user.pk if user is not None and user.is_authenticated else self.get_ident(request)
        try:
            with cache_lock(self.cache, f"throttle-lock:{scope}:{who}"):
                return super().allow_request(request, view)
        except LockBusy:
            # The client is sending faster than it can be counted: that is itself too fast.
            raise Throttled(wait=1) from None
