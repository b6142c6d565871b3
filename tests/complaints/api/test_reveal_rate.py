"""Past PII_REVEAL_RATE the reveal endpoint answers 429 with Retry-After."""

import datetime

import pytest
import time_machine

from arrears.models import PiiAccess
from arrears.reference import ensure_office
from tests.factories import staff, submit

pytestmark = pytest.mark.django_db


def test_api_reveal_past_the_rate_is_429_with_retry_after(api, settings):
    settings.PII_REVEAL_RATE = "2/hour"
    ensure_office("511403")
    inspector = staff("i1", "inspector")
    urls = [f"/api/v1/complaints/{submit().complaint.reference}/reveal/" for _ in range(3)]
    client = api(inspector)
    stopped = time_machine.travel(
        datetime.datetime(2026, 12, 2, 2, 0, tzinfo=datetime.UTC), tick=False
    )
    stopped.start()
    shown = [client.post(url, {"reason": "电话核实欠薪金额"}, format="json") for url in urls[:2]]
    assert [r.status_code for r in shown] == [200, 200]

    refused = client.post(urls[2], {"reason": "电话核实欠薪金额"}, format="json")

    assert refused.status_code == 429
    assert refused.json() == {
        "code": "throttled",
        "detail": "Too many reveals of personal data in a short time; your office's "
        "supervisors have been told. Try again in 3600 seconds.",
        "fields": {},
    }
    assert refused["Retry-After"] == "3600"
    assert PiiAccess.objects.count() == 2
    stopped.stop()
