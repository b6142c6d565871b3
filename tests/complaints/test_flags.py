"""Flags of DESIGN §5 at each boundary, computed by the selector from stored values."""

import datetime
from decimal import Decimal

import pytest

from arrears.reference import ensure_office
from complaints.models import Complaint
from complaints.selectors import complaint_flags, with_flags
from tests.factories import WorkerInputFactory, move, resident_id, staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]
D = datetime.date


@pytest.fixture
def team():
    def make(region: str) -> dict:
        ensure_office(region)
        return {
            "i1": staff(f"i1-{region}", "inspector", region),
            "i2": staff(f"i2-{region}", "inspector", region),
            "sup": staff(f"sup-{region}", "supervisor", region),
        }

    return make


def order(people: dict, *, amount: str, due: datetime.date, **submit_fields) -> Complaint:
    complaint = submit(**submit_fields).complaint
    complaint = move(
        complaint, "file", people["i1"], assignees=[people["i1"].username, people["i2"].username]
    )
    return move(complaint, "issue_order", people["sup"], amount=amount, order_due=due)


def test_flag_overdue_from_the_day_after_the_due_date():
    complaint = submit().complaint  # acceptance due Monday 7 December
    assert complaint.next_due == D(2026, 12, 7)
    assert complaint_flags(complaint, D(2026, 12, 7))["overdue"] is False
    assert complaint_flags(complaint, D(2026, 12, 8))["overdue"] is True


def test_flag_overdue_never_on_a_paused_or_closed_clock(team):
    people = team("511403")
    complaint = move(submit().complaint, "request_info", people["i1"], note="请补充证据")
    assert complaint_flags(complaint, D(2027, 6, 1))["overdue"] is False


def test_flag_overdue_query_uses_stored_dates():
    submit()
    submit()
    overdue = with_flags(Complaint.objects.all(), D(2026, 12, 8)).filter(flag_overdue=True)
    assert overdue.count() == 2
    assert (
        with_flags(Complaint.objects.all(), D(2026, 12, 7)).filter(flag_overdue=True).count() == 0
    )


def test_flag_campaign_risk_when_next_due_is_after_spring_festival_eve(team):
    people = team("511403")
    on_eve = order(people, amount="5000", due=D(2027, 2, 5))
    after = order(people, amount="5000", due=D(2027, 2, 6))
    assert complaint_flags(on_eve)["campaign_risk"] is False
    assert complaint_flags(after)["campaign_risk"] is True


@pytest.mark.parametrize(
    ("workers", "group", "major"),
    [(9, False, False), (10, True, False), (29, True, False), (30, True, True)],
)
def test_flag_group_and_major_group(workers, group, major):
    flags = complaint_flags(submit(workers_affected=workers).complaint)
    assert (flags["group"], flags["major_group"]) == (group, major)


@pytest.mark.parametrize(
    ("amount", "months_to", "met"),
    [
        ("5000.00", D(2026, 8, 31), True),  # 3 months (Jun–Aug), national 5,000
        ("4999.99", D(2026, 8, 31), False),  # one cent below the figure
        ("5000.00", D(2026, 7, 31), False),  # only 2 months owed
    ],
)
def test_flag_crime_threshold_single_worker_national(team, amount, months_to, met):
    people = team("511403")
    complaint = order(
        people,
        amount=amount,
        due=D(2026, 12, 10),
        amount_claimed=amount,
        arrears_from=D(2026, 6, 1),
        arrears_to=months_to,
    )
    assert complaint_flags(complaint, D(2026, 12, 10))["crime_threshold"] is False  # not overdue
    assert complaint_flags(complaint, D(2026, 12, 11))["crime_threshold"] is met


def test_flag_crime_threshold_uses_the_province_figure(team):
    people = team("210102")  # Shenyang, Liaoning: 10,000 for one worker
    below = order(
        people,
        amount="9999.99",
        due=D(2026, 12, 10),
        work_region="210102",
        amount_claimed="9999.99",
    )
    at_figure = order(
        people, amount="10000", due=D(2026, 12, 10), work_region="210102", amount_claimed="10000"
    )
    assert complaint_flags(below, D(2026, 12, 11))["crime_threshold"] is False
    assert complaint_flags(at_figure, D(2026, 12, 11))["crime_threshold"] is True


@pytest.mark.parametrize(
    ("workers", "amount", "met"),
    [(10, "30000", True), (9, "30000", False), (10, "29999.99", False)],
)
def test_flag_crime_threshold_group(team, workers, amount, met):
    people = team("511403")
    complaint = order(
        people,
        amount=amount,
        due=D(2026, 12, 10),
        workers_affected=workers,
        amount_claimed=amount,
        # one month only, so no single claim reaches the single-worker figure by months
        arrears_from=D(2026, 10, 1),
        arrears_to=D(2026, 10, 31),
    )
    assert complaint_flags(complaint, D(2026, 12, 11))["crime_threshold"] is met


def test_flag_crime_threshold_cleared_once_paid(team):
    people = team("511403")
    complaint = order(people, amount="6000", due=D(2026, 12, 10), amount_claimed="6000")
    assert complaint_flags(complaint, D(2026, 12, 11))["crime_threshold"] is True
    complaint = move(
        complaint,
        "record_payment",
        people["i1"],
        amount="6000",
        paid_on="2026-11-30",
        source="employer",
    )
    assert complaint.amount_recovered == Decimal("6000.00")
    assert complaint_flags(complaint, D(2026, 12, 11))["crime_threshold"] is False


@pytest.mark.parametrize(
    ("born", "minor"),
    [
        (D(2010, 11, 30), False),  # sixteenth birthday on the day of receipt
        (D(2010, 12, 1), True),  # one day short of sixteen
        (D(1990, 1, 1), False),
    ],
)
def test_flag_minor_on_the_day_of_receipt(born, minor):
    person = WorkerInputFactory(id_number=resident_id("511403", born))
    complaint = submit(complainant=person).complaint
    assert complaint_flags(complaint)["minor"] is minor


def test_flag_minor_false_for_anonymous_reports():
    complaint = submit(kind="report", complainant=None).complaint
    assert complaint_flags(complaint)["minor"] is False
