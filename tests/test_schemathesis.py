"""Schemathesis against the app in-process: every operation of the served OpenAPI schema, with
all of schemathesis's checks (positive and negative data), once anonymously and once as a
supervisor with a token. No 5xx, no undocumented status, no response that breaks its schema.

The schema is loaded eagerly from the WSGI app (the lazy `schemathesis.pytest.from_fixture`
loader breaks on pytest 9.2). Throttling is reset before every case so that a 429 does not
hide what the endpoint would have answered (429 itself is documented on the throttled views
and covered by the throttling tests).
"""

from __future__ import annotations

import hypothesis
import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from rest_framework.authtoken.models import Token

from config.wsgi import application
from tests.conftest import unmasked_pii
from tests.factories import staff, submit

schema = schemathesis.openapi.from_wsgi(
    "/api/schema/", application, headers={"Accept-Language": "en"}
)

SETTINGS = hypothesis.settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


@schemathesis.check
def no_unmasked_pii(ctx: schemathesis.CheckContext, response, case) -> bool | None:  # noqa: ANN001
    """Only the audited reveal endpoint may return a full ID number or mobile."""
    if case.path.endswith("/reveal/"):
        return None
    found = unmasked_pii(response.text)
    assert not found, f"unmasked personal data in the response: {found}"
    return None


@pytest.fixture
def wsgi_app(db):  # noqa: ANN001, ANN201
    """Let the WSGI handler run inside the test's transaction.

    Django's handler closes "old" connections at the start and end of every request; inside a
    test transaction that closes the test's own connection on PostgreSQL (django.test.Client
    does the same disconnection).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def data(wsgi_app):  # noqa: ANN001, ANN201
    """A supervisor with a token, and a few complaints in their office and elsewhere."""
    supervisor = staff("st-sup", "supervisor")
    submit()
    submit(actor=supervisor)
    submit(work_region="150902")  # another office: out of the supervisor's scope
    _TOKEN["key"] = Token.objects.create(user=supervisor).key
    yield
    _TOKEN.clear()


# The current test's supervisor token, read by the auth provider when a case is generated.
_TOKEN: dict[str, str] = {}


class SupervisorToken:
    """`Authorization: Token …` of the fixture's supervisor. Schemathesis leaves it off the
    negative cases that are about a missing or broken Authorization header."""

    def get(self, case, ctx):  # noqa: ANN001, ANN201
        return _TOKEN["key"]

    def set(self, case, data, ctx):  # noqa: ANN001, ANN201
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


def _run(case: schemathesis.Case) -> None:
    cache.clear()  # throttling counters
    case.call_and_validate(headers=ENGLISH, additional_checks=[no_unmasked_pii])


ENGLISH = {"Accept-Language": "en"}


@schema.parametrize()
@SETTINGS
def test_api_anonymous(case, data):  # noqa: ANN001
    _run(case)


@schema.auth(SupervisorToken, refresh_interval=None)
@schema.parametrize()
@SETTINGS
def test_api_as_supervisor(case, data):  # noqa: ANN001
    _run(case)
