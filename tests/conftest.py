"""Shared fixtures: reference data loaded once per test database, staff users."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core.management import call_command

from tests.factories import NOW


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data (regions, sectors, offices, thresholds, campaigns, roles) once."""
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


@pytest.fixture
def reference_data(transactional_db):
    """Reload the reference data for transactional tests, which start from an emptied database."""
    call_command("load_reference", verbosity=0)


def pytest_collection_modifyitems(config, items):
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
def world(db):
    """Two offices, 511403 (眉山市东坡区) and 150902 (乌兰察布市集宁区): a user of every role in
    the first (`users` by role, and by name: `inspector` i1 and `i2`, `sup`, `clerk`,
    `analyst` ana, `client` platform), an inspector `far` in the second; a complaint in each
    (`own` by `person` against `employer`, and `other`)."""
    from arrears.reference import ensure_office
    from arrears.services import EmployerInput
    from complaints.workflow import Role
    from tests.factories import WorkerInputFactory, credit_code, staff, submit

    ensure_office("511403")
    ensure_office("150902")
    users = {
        Role.CLERK: staff("clerk", Role.CLERK),
        Role.INSPECTOR: staff("i1", Role.INSPECTOR),
        Role.SUPERVISOR: staff("sup", Role.SUPERVISOR),
        Role.ANALYST: staff("ana", Role.ANALYST),
        Role.API_CLIENT: staff("platform", Role.API_CLIENT),
        "i2": staff("i2", Role.INSPECTOR),
    }
    person = WorkerInputFactory()
    employer = EmployerInput(name="眉山市某某建筑劳务有限公司", uscc=credit_code("511403"))
    return {
        "users": users,
        "inspector": users[Role.INSPECTOR],
        "i2": users["i2"],
        "sup": users[Role.SUPERVISOR],
        "clerk": users[Role.CLERK],
        "analyst": users[Role.ANALYST],
        "client": users[Role.API_CLIENT],
        "far": staff("far", Role.INSPECTOR, region="150902"),
        "person": person,
        "employer": employer,
        "own": submit(work_region="511403", complainant=person, employer=employer).complaint,
        "other": submit(work_region="150902").complaint,
    }


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

    def checked(self, **request):
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
