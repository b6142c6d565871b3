"""Idempotency-Key on the create endpoints."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection

from arrears.reference import ensure_office
from complaints.models import Complaint, IdempotencyKey
from tests.complaints.api.test_public import SUBMIT, body
from tests.factories import NOW, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


@pytest.fixture(autouse=True)
def office():
    cache.clear()
    return ensure_office("511403")


def test_idempotency_same_key_and_body_replays_the_answer(api):
    client = api()
    payload = body()
    first = client.post(SUBMIT, payload, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(SUBMIT, payload, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Complaint.objects.count() == 1
    # the stored answer holds the access code: it is encrypted at rest
    with connection.cursor() as cursor:
        cursor.execute("SELECT response_body FROM complaints_idempotencykey")
        stored = cursor.fetchone()[0]
    assert first.json()["access_code"] not in stored


def test_idempotency_same_key_other_body_is_422_and_files_nothing(api):
    client = api()
    client.post(SUBMIT, body(), format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    other = client.post(
        SUBMIT, body(amount_claimed="99.00"), format="json", HTTP_IDEMPOTENCY_KEY="k-2"
    )
    assert other.status_code == 422
    assert other.json() == {
        "code": "idempotency_key_reused",
        "detail": "This Idempotency-Key was used with a different request body.",
        "fields": {},
    }
    assert Complaint.objects.count() == 1


def test_idempotency_failed_request_stores_nothing_and_may_be_retried(api):
    client = api()
    bad = client.post(SUBMIT, body(consent=False), format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    assert bad.status_code == 400
    assert not IdempotencyKey.objects.exists()
    good = client.post(SUBMIT, body(), format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    assert good.status_code == 201


def test_idempotency_keys_expire_after_a_day(api):
    client = api()
    payload = body()
    client.post(SUBMIT, payload, format="json", HTTP_IDEMPOTENCY_KEY="k-4")
    with time_machine.travel(NOW + datetime.timedelta(hours=24, minutes=1), tick=False):
        later = client.post(SUBMIT, payload, format="json", HTTP_IDEMPOTENCY_KEY="k-4")
    assert later.status_code == 201
    assert "Idempotent-Replayed" not in later
    assert Complaint.objects.count() == 2


def test_expired_answers_of_every_key_are_removed_by_the_purge_command(api):
    from io import StringIO

    from django.core.management import call_command

    client = api()
    client.post(SUBMIT, body(), format="json", HTTP_IDEMPOTENCY_KEY="old-1")
    client.post(SUBMIT, body(), format="json", HTTP_IDEMPOTENCY_KEY="old-2")
    with time_machine.travel(NOW + datetime.timedelta(hours=23), tick=False):
        client.post(SUBMIT, body(), format="json", HTTP_IDEMPOTENCY_KEY="recent")
    with time_machine.travel(NOW + datetime.timedelta(hours=24, minutes=1), tick=False):
        client.post(SUBMIT, body(), format="json", HTTP_IDEMPOTENCY_KEY="new")
        # A request touches no other key's row: the purge is not in the request path.
        assert IdempotencyKey.objects.count() == 4
        out = StringIO()
        call_command("purge_idempotency_keys", stdout=out)
    assert "Deleted 2 expired" in out.getvalue()
    assert sorted(IdempotencyKey.objects.values_list("key", flat=True)) == ["new", "recent"]


def test_idempotency_staff_keys_are_per_user(api):
    clerk_a, clerk_b = staff("a", "clerk"), staff("b", "clerk")
    payload = {**body(), "channel": "hotline"}
    first = api(clerk_a).post(
        "/api/v1/complaints/", payload, format="json", HTTP_IDEMPOTENCY_KEY="same"
    )
    second = api(clerk_b).post(
        "/api/v1/complaints/", payload, format="json", HTTP_IDEMPOTENCY_KEY="same"
    )
    assert first.status_code == second.status_code == 201
    assert first.json()["reference"] != second.json()["reference"]
