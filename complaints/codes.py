"""References and access codes: random, read over the phone, the access code kept as a keyed
hash only."""

from __future__ import annotations

import hmac
import secrets

from arrears.pii import keyed_hash
from arrears.validators import fold

from .models import Complaint

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read over the phone


def random_code(length: int) -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(length))


def access_code_hash(code: str) -> str:
    return keyed_hash(fold(code).upper(), purpose="access-code")


def access_code_matches(complaint: Complaint, code: str) -> bool:
    """Return whether `code` is the complaint's access code (constant-time)."""
    return hmac.compare_digest(complaint.access_code_hash, access_code_hash(code))
