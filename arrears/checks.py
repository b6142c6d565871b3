"""System checks for what a server needs, whatever its settings say."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

# Caches whose entries live inside one process: a throttle then counts one worker's requests.
PROCESS_LOCAL = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
# Shared by the processes of one host only: the service scales out over several hosts.
HOST_LOCAL = ("django.core.cache.backends.filebased.FileBasedCache",)


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs) -> list[CheckMessage]:
    """Refuse a process-local default cache in production: the API's throttles and the
    log-in lockout count in it, and with several workers each would count alone."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PROCESS_LOCAL:
        return [
            Error(
                f"The default cache ({backend}) lives in each process: with several workers "
                "every throttle counts per worker.",
                hint="Set REDIS_URL, or use django.core.cache.backends.db.DatabaseCache "
                "(the default without REDIS_URL) and run `manage.py createcachetable`.",
                id="arrears.E001",
            )
        ]
    if backend in HOST_LOCAL:
        return [
            Warning(
                f"The default cache ({backend}) is shared by one host's processes only.",
                hint="With more than one web host, set REDIS_URL.",
                id="arrears.W002",
            )
        ]
    return []
