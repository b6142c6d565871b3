"""The client's address, the one rule for every per-address count (throttles, log-in lockout).

Behind `NUM_PROXIES` reverse proxies each proxy appends the address it received the request
from to X-Forwarded-For, so the entry that many hops from the right was written by our own
first proxy and cannot be forged; whatever the client put further left is ignored. With no
proxy (`NUM_PROXIES = 0`) the header is the client's own words and is never read.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    """Return the address of the client that sent `request` (see the module)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    address = hops[-min(proxies, len(hops))]
    # A proxy set up with fewer hops than NUM_PROXIES passes the client's text on: count such
    # requests under the proxy's address rather than under whatever the client wrote.
    return address if _valid(address) else remote
