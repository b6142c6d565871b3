"""Factories for initial states only; later states are reached through the services."""

from __future__ import annotations

import datetime
import random
import zoneinfo
from decimal import Decimal

import factory
from faker import Faker
from stdnum.cn import ric, uscc

from arrears.reference import ensure_office
from arrears.services import EmployerInput, WorkerInput, staff_create
from complaints.models import Complaint
from complaints.services import SubmitResult, complaint_submit, complaint_transition

fake = Faker("zh_CN")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# The moment the clock-sensitive tests are frozen at (the `frozen_now` fixture).
NOW = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)


def resident_id(region: str = "511403", born: datetime.date | None = None) -> str:
    """Return a valid 18-character resident ID for `region` and `born` (by default an adult's
    birthday drawn from 1960–1999, so that IDs drawn in one test do not collide: the sequence
    part alone has only 1,000 values)."""
    if born is None:
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=random.randint(0, 14609))
    seq = f"{random.randint(0, 999):03d}"
    first17 = f"{region}{born:%Y%m%d}{seq}"
    return first17 + ric.calc_check_digit(first17 + "0")


def credit_code(region: str = "150900") -> str:
    """Return a valid unified social credit code registered in `region`."""
    org = "".join(random.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    first17 = f"91{region}{org}"
    return first17 + uscc.calc_check_digit(first17)


def mobile() -> str:
    return f"1{random.choice('3456789')}{random.randint(0, 10**9 - 1):09d}"


class WorkerInputFactory(factory.Factory):
    class Meta:
        model = WorkerInput

    name = factory.LazyFunction(fake.name)
    id_number = factory.LazyFunction(resident_id)
    phone = factory.LazyFunction(mobile)
    home_region = ""


class EmployerInputFactory(factory.Factory):
    class Meta:
        model = EmployerInput

    name = factory.LazyFunction(fake.company)
    uscc = factory.LazyFunction(credit_code)


def staff(username: str, role: str, region: str = "511403"):
    """Create a staff user with `role` in the office of `region` (office created if needed)."""
    ensure_office(region)
    return staff_create(username=username, role=role, region_code=region, password="pw-not-used")


def submit(*, actor=None, **overrides) -> SubmitResult:
    """File a complaint through the service with valid defaults, overridden by `overrides`."""
    fields = {
        "kind": "complaint",
        "channel": "web" if actor is None else "hotline",
        "complainant": WorkerInputFactory(),
        "employer": EmployerInputFactory(),
        "work_region": "511403",
        "sector": "construction_building",
        "arrears_from": datetime.date(2026, 6, 1),
        "arrears_to": datetime.date(2026, 10, 31),
        "amount_claimed": Decimal("12000.00"),
        "workers_affected": 1,
        "description": "工地完工后包工头拖欠工资。",
        "consent": True,
    }
    fields.update(overrides)
    return complaint_submit(actor=actor, **fields)


def move(complaint: Complaint, action: str, actor, **fields) -> Complaint:
    """Take `action` on `complaint` at its current version through the workflow service."""
    return complaint_transition(
        complaint=complaint, action=action, actor=actor, version=complaint.version, **fields
    )
