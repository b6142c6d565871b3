"""Normalise and validate identifiers: resident ID, USCC, mainland mobile, employer names.

Input is folded with NFKC first, so full-width digits and letters typed on a Chinese
keyboard (１２３, Ｘ) are accepted as their ASCII forms.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric, uscc

_SPACES = re.compile(r"[\s\-]+")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
# Longest first, so 有限责任公司 is stripped before 公司.
_COMPANY_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "分公司",
    "集团",
    "公司",
    "工程队",
)


# Full-width forms of the ASCII characters (U+FF01–U+FF5E) and the ideographic space, as a
# Chinese input method types them: "１２０００．５０" is 12000.50.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def ascii_digits(value: str) -> str:
    """Return `value` with full-width characters (０-９, ．, －) as their ASCII forms; raise
    ValidationError when it holds a digit or number of any other script (Arabic-Indic ١٢٣,
    Devanagari, superscript ², circled ①, 五…), which Python's int() and Decimal() would
    otherwise read as a number."""
    folded = (value or "").translate(_FULL_WIDTH)
    if any(ch.isnumeric() and not "0" <= ch <= "9" for ch in folded):
        raise ValidationError(_("Write numbers with the digits 0–9."), code="non_ascii_digits")
    return folded


def fold(value: str) -> str:
    """Return `value` NFKC-folded (full-width to ASCII) and stripped."""
    return unicodedata.normalize("NFKC", value or "").strip()


# Provincial prefixes of GB/T 2260, including Hong Kong, Macau and Taiwan residents' permits.
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65"
    " 71 81 82 83".split()
)


def tidy(value: str) -> str:
    """Return free text stripped, without NFKC: Chinese prose keeps its full-width punctuation."""
    return (value or "").replace("\r\n", "\n").strip()


# Control characters and invisible format characters: bidirectional overrides and isolates
# (U+202A–U+202E, U+2066–U+2069) that make a name read differently on screen than it sorts and
# matches, zero-width spaces and joiners, soft hyphens, BOMs; and line or paragraph separators.
# Private-use characters stay allowed: rare surnames are still typed with them.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def validate_visible_name(value: str) -> None:
    """Raise ValidationError when a name holds a control or invisible format character."""
    hidden = sorted({ch for ch in value or "" if unicodedata.category(ch) in _INVISIBLE_CATEGORIES})
    if hidden:
        raise ValidationError(
            _("Remove the invisible or control characters from this name: %(characters)s."),
            code="invisible_characters",
            params={"characters": ", ".join(f"U+{ord(ch):04X}" for ch in hidden)},
        )


def normalize_resident_id(value: str) -> str:
    """Return the 18-character resident ID in canonical form; raise ValidationError if invalid.

    Check the format, the GB 11643 check digit, a real past birth date and a real province.
    The county part is not checked against python-stdnum's historical table: an ID keeps the
    code of its first registration, which that table often dates after the holder's birth.
    """
    compact = ric.compact(fold(ascii_digits(value))).replace("-", "").upper()
    if len(compact) != 18:
        raise ValidationError(_("A resident ID number has 18 characters."), code="invalid_length")
    if not re.fullmatch(r"[0-9]{17}[0-9X]", compact):
        raise ValidationError(
            _("A resident ID number is 17 digits and a final digit or X."), code="invalid"
        )
    if compact[-1] != ric.calc_check_digit(compact):
        raise ValidationError(
            _("The check digit of this ID number is wrong."), code="invalid_checksum"
        )
    try:
        born = ric.get_birth_date(compact)
    except stdnum_exceptions.ValidationError:
        born = None
    if born is None or born > datetime.date.today() or born.year < 1900:  # noqa: DTZ011
        raise ValidationError(
            _("The birth date in this ID number is not possible."), code="invalid_birth_date"
        )
    if compact[:2] not in _PROVINCES:
        raise ValidationError(
            _("The first digits of this ID number are not a region code."), code="invalid_region"
        )
    return compact


def birth_date_of(resident_id: str) -> datetime.date:
    """Return the birth date encoded in a valid resident ID."""
    return ric.get_birth_date(resident_id)


def normalize_uscc(value: str) -> str:
    """Return the 18-character unified social credit code; raise ValidationError if invalid."""
    compact = _SPACES.sub("", fold(ascii_digits(value))).upper()
    try:
        return uscc.validate(compact)
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(
            _("The check character of this credit code is wrong."), code="invalid_checksum"
        ) from None
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            _("This is not a valid unified social credit code."), code="invalid"
        ) from None


def normalize_mobile(value: str) -> str:
    """Return an 11-digit mainland mobile number; raise ValidationError if it is not one."""
    compact = _SPACES.sub("", fold(ascii_digits(value)))
    for prefix in ("+86", "0086"):
        if compact.startswith(prefix):
            compact = compact[len(prefix) :]
    if not _MOBILE.match(compact):
        raise ValidationError(
            _("Enter an 11-digit mainland mobile number starting with 1."), code="invalid"
        )
    return compact


def normalize_employer_name(name: str) -> str:
    """Return the matching key of an employer name: folded, no spaces or company suffix."""
    key = _SPACES.sub("", fold(name)).replace("(", "").replace(")", "")
    for suffix in _COMPANY_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    return key.lower()


def validate_resident_id(value: str) -> None:
    """Model-field validator for resident IDs."""
    normalize_resident_id(value)


def validate_uscc(value: str) -> None:
    """Model-field validator for credit codes."""
    normalize_uscc(value)


def validate_mobile(value: str) -> None:
    """Model-field validator for mobile numbers."""
    normalize_mobile(value)
