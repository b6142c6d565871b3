"""Personal data at rest and on screen: encryption, keyed hash, masking (DESIGN §6)."""

from __future__ import annotations

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@functools.cache
def _fernet() -> MultiFernet:
    keys = [k for k in settings.PII_KEY if k]
    if not keys:
        raise ImproperlyConfigured("PII_KEY is not set; see .env.example.")
    try:
        return MultiFernet([Fernet(k) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"PII_KEY is not a valid Fernet key: {exc}") from None


@functools.cache
def _hash_key(purpose: str) -> bytes:
    # Derived per purpose, so no two uses share key material with each other or with Fernet.
    return hmac.new(settings.PII_KEY[0].encode(), purpose.encode(), hashlib.sha256).digest()


def keyed_hash(value: str, *, purpose: str) -> str:
    """Return an HMAC-SHA256 of `value` under a key derived from PII_KEY for `purpose`."""
    return hmac.new(_hash_key(purpose), value.encode(), hashlib.sha256).hexdigest()


def encrypt(value: str) -> str:
    """Return `value` encrypted with the current PII key."""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Return the plaintext of `token`; raise ImproperlyConfigured if no key opens it."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured("Stored PII cannot be decrypted with PII_KEY.") from None


def id_hash(resident_id: str) -> str:
    """Return the keyed hash used to match a resident ID without storing it in clear."""
    return keyed_hash(resident_id, purpose="resident-id")


def mask_id(resident_id: str) -> str:
    """Return `510115********1234`: region and last four kept, birth date hidden."""
    if not resident_id:
        return ""
    return f"{resident_id[:6]}{'*' * 8}{resident_id[-4:]}"


def mask_phone(phone: str) -> str:
    """Return `138****5678`."""
    if not phone:
        return ""
    return f"{phone[:3]}****{phone[-4:]}"


def mask_name(name: str) -> str:
    """Return the family name followed by stars: `张*`, `欧**`."""
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


# Every Fernet token starts with its version byte 0x80, "gAAAAA" in URL-safe base64; no ID
# number, phone or e-mail address does.
_TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - a format marker, not a secret


class EncryptedTextField(models.TextField):
    """A text column holding a Fernet token; Python sees the plaintext.

    Equality lookups cannot work on it (tokens are randomised): match on a keyed hash instead.
    """

    def from_db_value(self, value, expression, connection):  # noqa: ANN001, ANN201
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):  # noqa: ANN001, ANN201
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def value_to_string(self, obj) -> str:  # noqa: ANN001
        # Serialisers (dumpdata, fixtures) carry the ciphertext, never the plaintext.
        value = self.value_from_object(obj)
        return encrypt(value) if value else ""

    def to_python(self, value):  # noqa: ANN001, ANN201
        if isinstance(value, str) and value.startswith(_TOKEN_PREFIX):
            return decrypt(value)
        return super().to_python(value)
