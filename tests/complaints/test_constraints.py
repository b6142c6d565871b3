"""The database itself refuses rows the services would never write."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from arrears.models import BlacklistEntry, Employer
from complaints.models import Complaint, Payment
from tests.factories import credit_code, submit

pytestmark = pytest.mark.django_db


def refused(queryset, **values) -> bool:
    try:
        with transaction.atomic():
            queryset.update(**values)
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    "values",
    [
        {"stage": "lost"},
        {"outcome": "paid_in_full"},  # an outcome on an open complaint
        {"stage": "closed"},  # closed without an outcome
        {"amount_claimed": Decimal("-1")},
        {"amount_recovered": Decimal("-0.01")},
        {"arrears_from": datetime.date(2027, 1, 1)},  # after arrears_to
        {"channel": "fax"},
        {"workers_affected": 0},
        {"complainant": None},  # a complaint (not a report) names its worker
    ],
)
def test_constraint_complaint_rows(values):
    submit()
    assert refused(Complaint.objects.all(), **values)


def test_constraint_closed_with_outcome_is_accepted():
    submit()
    assert not refused(Complaint.objects.all(), stage="closed", outcome="withdrawn")


def test_constraint_uscc_unique_when_present_only():
    code = credit_code()
    Employer.objects.create(name="甲公司", uscc=code)
    Employer.objects.create(name="乙包工队", uscc=None)
    Employer.objects.create(name="丙包工队", uscc="")  # stored as NULL
    with pytest.raises(IntegrityError), transaction.atomic():
        Employer.objects.create(name="甲公司分公司", uscc=code)
    assert Employer.objects.filter(uscc__isnull=True).count() == 2


def test_constraint_payment_positive():
    complaint = submit().complaint
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            complaint=complaint,
            amount=Decimal("0"),
            paid_on=datetime.date(2026, 11, 1),
            source="employer",
        )


def test_blacklist_entry_expires_three_years_after_decision():
    employer = Employer.objects.create(name="甲公司", uscc=credit_code())
    entry = BlacklistEntry.objects.create(
        employer=employer, criterion="amount", decided_on=datetime.date(2024, 2, 29)
    )
    assert entry.expires_on == datetime.date(2027, 2, 28)
