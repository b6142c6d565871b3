"""Concurrent requests over the API, on both databases: no 5xx, exactly one winner.

On the embedded default (a SQLite file, as `make run` serves it) these are the requests that
answered "database is locked" 500s before SQLite was set up for a server (WAL, IMMEDIATE
transactions, a busy timeout).
"""

import threading
from collections import Counter

import pytest
from django.db import connection

from complaints.models import Complaint, Event
from tests.factories import staff, submit

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20


def race(send, n: int = THREADS) -> Counter:
    """Run `send` in n threads released at once; count the status codes they get."""
    barrier = threading.Barrier(n)
    statuses: list[object] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            result: object = send().status_code
        except Exception as exc:
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            statuses.append(result)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return Counter(statuses)


def test_concurrent_transitions_with_one_if_match_one_wins_the_rest_412(api, reference_data):
    # given a submitted complaint at version 1 and its office's inspector
    inspector = staff("i1", "inspector")
    staff("i2", "inspector")
    complaint = submit().complaint
    url = f"/api/v1/complaints/{complaint.reference}/transitions/"
    api(inspector)  # its token, made before the race

    # when 20 clients file it at the same moment, each against the version they read
    statuses = race(
        lambda: api(inspector).post(
            url,
            {"action": "file", "assignees": ["i1", "i2"]},
            format="json",
            HTTP_IF_MATCH='"1"',
        )
    )

    # then one 200, nineteen 412, no 5xx, and one filing
    assert statuses == Counter({200: 1, 412: THREADS - 1})
    complaint.refresh_from_db()
    assert (complaint.stage, complaint.version) == ("investigating", 2)
    assert Event.objects.filter(complaint=complaint, action="file").count() == 1


def test_concurrent_staff_creates_with_one_key_file_one_complaint(api, reference_data):
    from tests.complaints.api.test_public import body

    clerk = staff("c1", "clerk")
    payload = {**body(), "channel": "hotline"}
    api(clerk)
    statuses = race(
        lambda: api(clerk).post(
            "/api/v1/complaints/", payload, format="json", HTTP_IDEMPOTENCY_KEY="race"
        )
    )
    assert statuses == Counter({201: THREADS})
    assert Complaint.objects.count() == 1


def test_concurrent_public_submits_with_one_key_file_one_complaint(api, reference_data):
    from django.core.cache import cache

    from tests.complaints.api.test_public import SUBMIT, body

    cache.clear()  # the throttle's counts of earlier tests
    payload = body()
    statuses = race(lambda: api().post(SUBMIT, payload, format="json", HTTP_IDEMPOTENCY_KEY="race"))
    assert statuses == Counter({201: THREADS})
    assert Complaint.objects.count() == 1


def test_concurrent_public_submits_are_counted_exactly_by_the_throttle(api):
    from django.core.cache import cache

    from tests.complaints.api.test_public import SUBMIT

    # given the public limit of 20 an hour and a client that sends 40 at once (the empty body
    # is refused with 400 after the throttle has counted it: nothing is filed)
    cache.clear()

    # when they race through the throttle
    statuses = race(lambda: api().post(SUBMIT, {}, format="json"), n=40)

    # then exactly 20 get past it, as one after another would: the count is not raced
    assert statuses == Counter({400: 20, 429: 20})
