"""No lost update (DESIGN §8): concurrent transitions on one complaint, real threads, on both
databases — PostgreSQL in production and SQLite, the embedded default (a file, as `make run`
serves it)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from complaints.errors import InvalidTransition, StaleVersion
from complaints.models import Complaint, Event
from complaints.services import complaint_transition
from tests.factories import staff, submit

pytestmark = [pytest.mark.django_db(transaction=True)]

THREADS = 20


def test_concurrent_transitions_exactly_one_wins(reference_data):
    # given one submitted complaint and two inspectors in its office
    inspectors = [staff("i1", "inspector"), staff("i2", "inspector")]
    complaint = submit().complaint
    barrier = threading.Barrier(THREADS)
    outcomes: list[object] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            complaint_transition(
                complaint=complaint,
                action="file",
                actor=inspectors[n % 2],
                version=1,
                assignees=["i1", "i2"],
            )
            result: object = "ok"
        except (StaleVersion, InvalidTransition) as exc:
            result = type(exc)
        except Exception as exc:
            result = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    # when 20 threads file it at the same moment
    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then exactly one succeeds, the others see a stale version, and one Event is written
    assert len(outcomes) == THREADS
    assert outcomes.count("ok") == 1, outcomes
    assert all(o in (StaleVersion, InvalidTransition) for o in outcomes if o != "ok"), outcomes
    complaint.refresh_from_db()
    assert (complaint.stage, complaint.version) == ("investigating", 2)
    assert Event.objects.filter(complaint=complaint, action="file").count() == 1
    assert complaint.case_number.endswith("-00001")


def test_concurrent_filings_get_distinct_case_numbers(reference_data):
    inspectors = [staff("i1", "inspector"), staff("i2", "inspector")]
    complaints = [submit().complaint for _ in range(8)]
    barrier = threading.Barrier(len(complaints))
    errors: list[Exception] = []

    def file(complaint: Complaint) -> None:
        try:
            barrier.wait(timeout=30)
            complaint_transition(
                complaint=complaint,
                action="file",
                actor=inspectors[0],
                version=1,
                assignees=["i1", "i2"],
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=file, args=(c,)) for c in complaints]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    numbers = sorted(Complaint.objects.values_list("case_number", flat=True))
    year = timezone.localdate().year
    assert numbers == [f"511403-{year}-{n:05d}" for n in range(1, 9)]


def test_concurrent_taps_on_the_public_form_file_one_complaint(reference_data):
    # given one filled-in complaint form, its token served half a minute ago
    from django.core.cache import cache
    from django.test import Client

    from arrears.reference import ensure_office
    from tests.complaints.test_public_complain import answers

    ensure_office("511403")
    cache.clear()
    data = answers()
    taps = 5
    barrier = threading.Barrier(taps)
    statuses: list[object] = []
    lock = threading.Lock()

    def tap() -> None:
        try:
            barrier.wait(timeout=30)
            result: object = Client().post("/complain/", data).status_code
        except Exception as exc:
            result = exc
        finally:
            connection.close()
        with lock:
            statuses.append(result)

    # when it is sent five times at the same moment (a double tap, a flaky connection)
    threads = [threading.Thread(target=tap) for _ in range(taps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then every tap is led to the receipt, and one complaint is filed
    assert statuses == [302] * taps, statuses
    assert Complaint.objects.count() == 1
