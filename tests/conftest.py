"""Shared fixtures: reference data loaded once per test database, staff users."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core.management import call_command

from tests.factories import NOW


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: ANN001, ANN201
    """Load the reference data (regions, sectors, offices, thresholds, campaigns, roles) once."""
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


@pytest.fixture
def reference_data(transactional_db):  # noqa: ANN001, ANN201
    """Reload the reference data for transactional tests, which start from an emptied database."""
    call_command("load_reference", verbosity=0)


def pytest_collection_modifyitems(config, items):  # noqa: ANN001, ANN201
    """Deselect `postgres` tests when the suite runs on another database (CI runs both)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    keep = [item for item in items if "postgres" not in item.keywords]
    dropped = [item for item in items if "postgres" in item.keywords]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture
def frozen_now():
    """Freeze the clock at tests.factories.NOW (Monday 30 November 2026, 10:00 Shanghai)."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture(autouse=True)
def english():
    """Read messages in English in tests (the default language is Chinese); the i18n tests
    ask for Chinese explicitly."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """A test client whose requests ask for English pages."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")


# Full-width digits and X as ASCII; a single space, hyphen or ideographic space typed between
# two digits taken out, so "138 1234 5678" and "１３８１２３４５６７８" are found too.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)} | {0xFF38: ord("X")}
_INNER_SEPARATOR = re.compile(r"(?<=[0-9])[ \-\u3000](?=[0-9Xx])")


def unmasked_pii(text: str) -> list[str]:
    """Return the full resident IDs (valid check digit) and mainland mobiles found in `text`,
    also when typed with full-width digits or with separators inside."""
    from stdnum.cn import ric

    found: list[str] = []
    for variant in (text, _INNER_SEPARATOR.sub("", text.translate(_FULL_WIDTH))):
        ids = [
            m for m in _ID.findall(variant) if ric.calc_check_digit(m[:17] + "0") == m[-1].upper()
        ]
        found += [m for m in ids + _MOBILE.findall(variant) if m not in found]
    return found


@pytest.fixture(autouse=True)
def no_pii_in_api_responses(monkeypatch):
    """Scan every API response the suite receives for an unmasked ID number or mobile; only
    the audited reveal endpoint may return them."""
    from django.test.client import Client

    original = Client.request

    def checked(self, **request):  # noqa: ANN001, ANN003, ANN202
        response = original(self, **request)
        path = request.get("PATH_INFO", "")
        if path.startswith("/api/") and not path.endswith("/reveal/"):
            if response.streaming:
                body = b"".join(response.streaming_content)
                response.streaming_content = [body]
            else:
                body = response.content
            found = unmasked_pii(body.decode("utf-8", "replace"))
            assert not found, f"unmasked personal data in {path}: {found}"
        return response

    monkeypatch.setattr(Client, "request", checked)
