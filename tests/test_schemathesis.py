"""Schemathesis against the app in-process: every operation of the served OpenAPI schema, with
all of schemathesis's checks, on positive and negative data, once anonymously and once as a
supervisor with a token. No 5xx, no undocumented status or header, no response that breaks its
schema, no unmasked personal data.

- The schema is loaded eagerly from the WSGI app: the lazy `schemathesis.pytest.from_fixture`
  loader breaks on pytest 9.2.
- Schemathesis builds its coverage-phase cases, credentials included, when the tests are
  collected, before any fixture runs: the supervisor's token therefore has a key fixed here, and
  the fixture creates the token with that key.
- Each operation is one test item with its own transaction and its own data; a share of the
  well-formed references, employer ids and tracking pairs is pointed at objects that exist, so
  detail, history, reveal, transitions and tracking are exercised beyond 404.
- The throttling counters are emptied before every case, so that a 429 does not hide what the
  endpoint answers (429 is documented on the throttled views and has its own tests).
- Generation is deterministic (the same cases every run), so a failure here is reproducible
  with `pytest tests/test_schemathesis.py -k '<operation>'`; schemathesis prints a curl line.
- A deeper run (max_examples=400, about 5½ minutes on SQLite) finds one more thing, not a
  defect: a "negative" multipart case whose `description` is null, which multipart can only
  send as the text "null" — a valid description on the wire.
"""

from __future__ import annotations

import datetime
import secrets
import zlib

import hypothesis
import pytest
import schemathesis
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.core.parameters import ParameterLocation

from arrears.models import Employer, User
from complaints.models import Complaint
from config.wsgi import application
from tests.conftest import unmasked_pii
from tests.factories import staff, submit

ENGLISH = {"Accept-Language": "en"}
TOKEN_KEY = secrets.token_hex(32)
PATH, BODY = ParameterLocation.PATH, ParameterLocation.BODY
# The throttles' own cache, emptied before every case (never `cache.clear()`: with REDIS_URL set
# that would flush a shared Redis database).
THROTTLE_CACHE = LocMemCache("schemathesis-throttles", {})

# Every check, on positive and negative data (the defaults, spelled out so that a stray
# schemathesis.toml cannot change them). The status lists are schemathesis's defaults plus the
# conditional-request answers of DESIGN §7.3, which the defaults do not know: 428 is how a missing
# If-Match is refused (RFC 6585); 412 answers a stale If-Match, and preconditions are evaluated
# before the request content is (RFC 9110 §13.2.2), so a stale version with a bad body is a 412.
# A missing If-Match on a complaint that does not exist (or is out of scope) is a 404: there is
# nothing to be conditional about.
POSITIVE = ["2xx", "3xx", "401", "403", "404", "409", "412", "429", "5xx"]

# Operations whose well-formed requests may still break a rule that a JSON schema cannot state;
# each answers such a request with a documented 400 naming the field (or, for the creates, a
# documented 422). Everything else about them (5xx, undocumented statuses, response schemas,
# PII) is checked as for every other operation.
BUSINESS_RULES = {
    # a username and password that do not match an active account
    "v1_auth_token_create": ["400"],
    # check digits of ID numbers and credit codes, a region code that names no county, the
    # order of dates, arrears older than two years, a named complainant for a complaint; and
    # an Idempotency-Key that an earlier case of the run sent with another body (422)
    "v1_public_complaints_create": ["400", "422"],
    "v1_complaints_create": ["400", "422"],
    "v1_complaints_partial_update": ["400"],
    # the workflow's conditions on each action's values (DESIGN §4): reasons, dates against
    # today and the clocks, amounts against what is owed, assignees of the office, …
    "v1_complaints_transitions_create": ["400"],
    "v1_complaints_claims_create": ["400"],
    "v1_complaints_payments_create": ["400"],
    # a file must be a non-empty PDF, JPEG or PNG (by its bytes) of at most 10 MB
    "v1_complaints_attachments_create": ["400"],
    # that, and a date of service between the document's issue and today
    "v1_complaints_documents_create": ["400"],
}

CONFIG = schemathesis.Config.from_dict(
    {
        # Text never holds NUL (PostgreSQL cannot store it): the API refuses it with a 400, as
        # the schema's description says; a JSON schema has no way to say it per string short
        # of a pattern on each one.
        "generation": {"mode": "all", "allow-x00": False},
        "checks": {
            "enabled": True,
            "positive_data_acceptance": {"expected-statuses": POSITIVE},
            "negative_data_rejection": {
                "expected-statuses": [
                    *("400", "401", "403", "404", "405", "406", "409", "412"),
                    *("415", "422", "428", "429", "5xx"),
                ]
            },
            "missing_required_header": {
                "expected-statuses": ["400", "401", "403", "404", "406", "415", "422", "428"]
            },
        },
        "operations": [
            {
                "include-operation-id": operation,
                "checks": {"positive_data_acceptance": {"expected-statuses": [*POSITIVE, *extra]}},
            }
            for operation, extra in BUSINESS_RULES.items()
        ],
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG, headers=ENGLISH)

SETTINGS = hypothesis.settings(
    max_examples=60,
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

# Objects of the current test that cases are pointed at (filled by the `data` fixture).
KNOWN: dict[str, list] = {"reference": [], "employer": [], "track": []}


def _pick(case: schemathesis.Case, values: list, salt: str):
    """One of `values`, or None (keep the generated value), chosen from the case's content so
    that hypothesis replays the same request when it shrinks a failure."""
    content = repr((salt, case.path_parameters, case.query, case.body, case.media_type)).encode()
    index = zlib.crc32(content) % (len(values) + 1)
    return values[index - 1] if index else None


def _point_at_existing(case: schemathesis.Case) -> None:
    """Send a share of the cases whose path (or tracking body) is well-formed to objects that
    exist: random references and ids would nearly always get 404. Only valid components are
    replaced, by valid values; assigning the containers makes schemathesis revalidate the case,
    so its positive / negative label stays true."""
    meta = case.meta
    if meta is None:
        return
    params = case.path_parameters or {}
    if "reference" in params and not meta.is_negative_at(PATH):
        reference = _pick(case, KNOWN["reference"], "reference")
        if reference is not None:
            case.path_parameters = {**params, "reference": reference}
            headers = case.headers or {}
            if "If-Match" in headers and _pick(case, [True], "version"):
                version = Complaint.objects.get(reference=reference).version
                case.headers = {**headers, "If-Match": f'"{version}"'}
    if "id" in params and not meta.is_negative_at(PATH):
        employer = _pick(case, KNOWN["employer"], "employer")
        if employer is not None:
            case.path_parameters = {**params, "id": employer}
    if (
        case.operation.path.endswith("/public/track/")
        and isinstance(case.body, dict)
        and not meta.is_negative_at(BODY)
    ):
        track = _pick(case, KNOWN["track"], "track")
        if track is not None:
            case.body = dict(track)


def no_unmasked_pii(ctx, response, case):
    """Only the audited reveal endpoint may answer with a full ID number or mobile (a check of
    this file only: the suite's scan of django.test.Client responses does not see these)."""
    if case.path.endswith("/reveal/"):
        return None
    found = unmasked_pii(response.text)
    assert not found, f"unmasked personal data in the response: {found}"
    return None


class SupervisorToken:
    """`Authorization: Token …` of the fixture's supervisor. Schemathesis leaves it off the
    negative cases about a missing or broken Authorization header."""

    def get(self, case, ctx):
        return TOKEN_KEY

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


def issue_token(user) -> None:
    """Give `user` the API token TOKEN_KEY, stored as knox stores the tokens it issues."""
    AuthToken.objects.filter(digest=hash_token(TOKEN_KEY)).delete()
    AuthToken(
        digest=hash_token(TOKEN_KEY),
        token_key=TOKEN_KEY[: CONSTANTS.TOKEN_KEY_LENGTH],
        user=user,
        expiry=timezone.now() + datetime.timedelta(hours=10),
    ).save()


@pytest.fixture
def wsgi_in_test_transaction(db):
    """Let the WSGI handler run inside the test's transaction.

    Django's handler closes "old" connections when a request starts and ends; inside a test
    transaction that closes the test's own connection on PostgreSQL (django.test.Client
    disconnects the same receiver).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def throttles_apart(monkeypatch):
    """Count throttled requests in THROTTLE_CACHE, which every case starts empty."""
    monkeypatch.setattr(SimpleRateThrottle, "cache", THROTTLE_CACHE)


@pytest.fixture
def data(wsgi_in_test_transaction, throttles_apart):
    """A supervisor with a token, and complaints in their office and in another one."""
    supervisor = staff("st-sup", "supervisor")
    issue_token(supervisor)
    filed = [
        submit(),  # web, in the supervisor's office
        submit(actor=supervisor),  # hotline, filed by the supervisor
        submit(work_region="150902"),  # another office: out of the supervisor's scope
    ]
    KNOWN["reference"] = [result.complaint.reference for result in filed]
    KNOWN["employer"] = list(Employer.objects.order_by("pk").values_list("pk", flat=True))
    KNOWN["track"] = [
        {"reference": result.complaint.reference, "access_code": result.access_code}
        for result in filed
        if result.access_code
    ]
    yield
    for values in KNOWN.values():
        values.clear()


pytestmark = pytest.mark.schemathesis


def _call(case: schemathesis.Case) -> None:
    THROTTLE_CACHE.clear()
    # A log-out case revokes the token: give it back, so that every case runs authenticated.
    if not AuthToken.objects.filter(digest=hash_token(TOKEN_KEY)).exists():
        issue_token(User.objects.get(username="st-sup"))
    _point_at_existing(case)
    case.call_and_validate(headers=ENGLISH, additional_checks=[no_unmasked_pii])


@schema.parametrize()
@SETTINGS
def test_api_anonymous(case, data):
    _call(case)


@schema.auth(SupervisorToken, refresh_interval=None)
@schema.parametrize()
@SETTINGS
def test_api_as_supervisor(case, data):
    _call(case)
