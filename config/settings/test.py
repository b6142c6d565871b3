"""Test settings: the base settings with fixed keys and faster hashing."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production-use-0123456789")
# A fixed Fernet key so encrypted fixtures are reproducible; never used outside tests.
os.environ.setdefault("PII_KEY", "dGVzdC1waWkta2V5LWZvci10ZXN0cy1vbmx5LTAxMjM=")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared in-memory database: threads then meet SQLite's real locking,
    # as under `make run`, and the concurrency tests hold on the embedded default too.
    # One file per run, so that two runs side by side do not share (and delete) it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"arrears-test-{os.getpid()}.sqlite3")
    }
