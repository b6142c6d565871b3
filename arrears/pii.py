"""Personal data at rest and on screen: encryption, keyed hash, masking (DESIGN §6)."""

from __future__ import annotations

import functools
import hashlib
import hmac
import re

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

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def value_to_string(self, obj) -> str:
        # Serialisers (dumpdata, fixtures) carry the ciphertext, never the plaintext.
        value = self.value_from_object(obj)
        return encrypt(value) if value else ""

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(_TOKEN_PREFIX):
            return decrypt(value)
        return super().to_python(value)


# A run of digits (ASCII or full-width) with single separators typed inside: spaces, hyphens,
# dots, the ideographic space. An ID number may end in X. A run touching a letter or digit on
# either side is part of a longer token (a reference, a file name) and is left alone.
_SEPARATOR = "[ \u00a0\u3000\\-\uff0d.\uff0e]"
_DIGIT = "[0-9\uff10-\uff19]"
_RUN = re.compile(
    rf"(?<![0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a])"
    rf"(?:(?:\+|\uff0b)?(?:86|\uff18\uff16){_SEPARATOR}?)?"
    rf"{_DIGIT}(?:{_SEPARATOR}?{_DIGIT})*(?:{_SEPARATOR}?[XxＸｘ])?"
    rf"(?![0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a])"
)
_FOLD_DIGITS = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)} | {
    0xFF38: ord("X"),
    0xFF58: ord("X"),
    ord("x"): ord("X"),
}
_MOBILE_DIGITS = re.compile(r"1[3-9][0-9]{9}")
_OLD_ID_DIGITS = re.compile(r"[0-9]{15}")
_ID_DIGITS = re.compile(r"[0-9]{17}[0-9X]")


def _mask_run(run: str) -> str:
    """Return the masked form of one run of digits when it is a mobile or an ID number."""
    compact = "".join(ch for ch in run.translate(_FOLD_DIGITS) if ch.isalnum())
    if _ID_DIGITS.fullmatch(compact):
        return mask_id(compact)
    # 15-digit old IDs only as one unbroken run: "13912345678 2026" is a mobile and a year.
    if _OLD_ID_DIGITS.fullmatch(compact) and len(run) == 15:
        return f"{compact[:6]}{'*' * 5}{compact[-4:]}"
    mobile = compact[2:] if len(compact) == 13 and compact.startswith("86") else compact
    if _MOBILE_DIGITS.fullmatch(mobile):
        return mask_phone(mobile)
    return run


def mask_free_text(text: str) -> str:
    """Return `text` with every mainland mobile and resident ID number typed into it masked
    as the structured fields are (`138****5678`, `510115********1234`; a 15-digit old ID
    `510115*****1234`), whatever separators or full-width digits were typed inside it.

    Every surface shows free text (descriptions, notes, reasons) through this, for every
    role: full values are read only through the audited reveal (DESIGN §6). A longer run of
    digits (a bank card, an amount) is left alone.
    """
    if not text:
        return text
    out: list[str] = []
    last = 0
    for match in _RUN.finditer(text):
        run = match.group()
        masked = _mask_run(run)
        if masked == run:
            masked = _mask_groups(run)
        out.append(text[last : match.start()])
        out.append(masked)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _mask_groups(run: str) -> str:
    """Mask numbers within a run whose separated groups do not make one number as a whole:
    "13912345678 2026" is a mobile and a year. Try the longest span of groups first."""
    parts = re.split(f"({_SEPARATOR})", run)
    groups, seps = parts[0::2], parts[1::2]
    out: list[str] = []
    i = 0
    while i < len(groups):
        # A mobile or ID number spans at most 18 groups: longer spans need not be tried.
        for j in range(min(len(groups), i + 20), i, -1):
            span = "".join(g + (seps[k] if k < j - 1 else "") for k, g in enumerate(groups[i:j], i))
            masked = _mask_run(span)
            if masked != span:
                out.append(masked)
                i = j
                break
        else:
            out.append(groups[i])
            i += 1
        if i < len(groups) and i > 0:
            out.append(seps[i - 1])
    return "".join(out)


def mask_free_values(value: object) -> object:
    """Return `value` (JSON-like data) with mask_free_text applied to every string in it."""
    if isinstance(value, str):
        return mask_free_text(value)
    if isinstance(value, dict):
        return {key: mask_free_values(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_free_values(item) for item in value]
    return value
