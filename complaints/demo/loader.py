"""The loader: one `demo_load` run, from the demo users to the report of what is there."""

from __future__ import annotations

import os
import random
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from arrears.models import User
from arrears.reference import ensure_office

from .. import clocks
from ..models import Channel, Complaint, Kind
from ..services import SubmitResult, complaint_submit
from ..workflow import Role, Stage
from .case import Case
from .intake import Draw, Intake
from .known_cases import (
    case_crew_leader_fled,
    case_gas_fitter,
    case_tutoring,
    case_wage_guarantee,
    known_case_references,
)
from .people import (
    ADMIN_USERNAME,
    API_CLIENT_FOR_CHANNEL,
    OFFICES,
    DemoLogin,
    demo_usernames,
    ensure_users,
    set_passwords,
)
from .scenarios import PACE, SCENARIOS, Plan, draw_plans


@dataclass
class DemoReport:
    """What `demo_load` did: the log-ins and the complaints in the database afterwards."""

    logins: list[DemoLogin]
    complaints_created: int
    complaints_skipped: bool
    by_stage: dict[str, int]
    by_outcome: dict[str, int]
    overdue: int
    extended: int
    transferred: int
    with_payments: int
    amount_recovered: Decimal
    known_cases: dict[str, str]  # label -> reference


class Loader:
    """The state of one `demo_load`: users, offices and their staff, and the random draw."""

    def __init__(self, rng: random.Random, users: dict[str, User]) -> None:
        self.rng = rng
        self.now = timezone.now()
        self.users = users
        self.offices = {spec.slug: ensure_office(spec.code) for spec in OFFICES}
        self.slug_of_office = {office.pk: slug for slug, office in self.offices.items()}
        self.staff: dict[int, dict[str, list]] = {}
        for username, role, code in demo_usernames():
            office = self.offices[next(s.slug for s in OFFICES if s.code == code)]
            self.staff.setdefault(office.pk, {}).setdefault(role, []).append(users[username])
        self.draw = Draw(rng, self.now)

    def submit(self, intake: Intake) -> SubmitResult:
        if intake.channel == Channel.WEB:
            actor = None
        elif intake.channel in API_CLIENT_FOR_CHANNEL:
            actor = self.users[API_CLIENT_FOR_CHANNEL[intake.channel]]
        else:
            actor = self.staff[self.offices[intake.office.slug].pk][Role.CLERK][0]
        return complaint_submit(
            actor=actor,
            kind=intake.kind,
            channel=intake.channel,
            complainant=intake.complainant,
            employer=intake.employer,
            work_region=intake.region,
            sector=intake.sector,
            arrears_from=intake.arrears_from,
            arrears_to=intake.arrears_to,
            amount_claimed=intake.amount,
            workers_affected=intake.workers,
            project_name=intake.project_name,
            description=intake.description,
            in_dispute_process=intake.dispute,
            received_at=intake.received_at,
            consent=True,
        )

    def run(self, plan: Plan) -> Complaint:
        intake = self.draw.intake(plan)
        result = self.submit(intake)
        case = Case(self, result, plan, PACE.get(intake.period, 1.0))
        SCENARIOS[plan.scenario].run(case)
        if intake.kind == Kind.COMPLAINT and intake.channel != Channel.WEB:
            self.draw.past.append((case.complaint, intake))
        return case.complaint


def demo_complaints_exist() -> bool:
    """Return whether demo complaints are already loaded (filed by a demo user)."""
    names = [username for username, _role, _code in demo_usernames()]
    return Complaint.objects.filter(created_by__username__in=names).exists()


def demo_load(*, seed: int = 2026, complaints: int = 300) -> DemoReport:
    """Create the demo users (resetting their passwords) and, unless demo complaints exist,
    `complaints` complaints driven through the workflow; return what was done.

    Everything happens in one transaction: a failure leaves the database as it was.
    """
    usernames = [u for u, _r, _c in demo_usernames()] + [ADMIN_USERNAME]
    passwords = {name: secrets.token_urlsafe(12) for name in usernames}
    # Hash in threads while the complaints are loaded: PBKDF2 releases the GIL, and at
    # Django's iteration count forty hashes in a row would take most of a minute.
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    try:
        hashes = {name: pool.submit(make_password, pw) for name, pw in passwords.items()}
        with transaction.atomic():
            users = ensure_users()
            skipped = demo_complaints_exist()
            created = 0
            if not skipped:
                created = _load_complaints(users, random.Random(seed), complaints)  # noqa: S311
            logins = set_passwords(users, passwords, hashes)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return _report(logins, created, skipped)


def _load_complaints(users: dict[str, User], rng: random.Random, n: int) -> int:
    loader = Loader(rng, users)
    known = [case_gas_fitter, case_crew_leader_fled, case_tutoring, case_wage_guarantee]
    for make in known[:n]:
        make(loader)
    for plan in draw_plans(max(0, n - len(known)), rng):
        loader.run(plan)
    return n


def _report(logins: list[DemoLogin], created: int, skipped: bool) -> DemoReport:
    today = timezone.localdate()
    complaints = Complaint.objects.all()
    by_stage = {stage: 0 for stage in Stage.values}
    by_stage.update(dict(complaints.values_list("stage").annotate(n=Count("id")).order_by()))
    by_outcome = dict(
        complaints.exclude(outcome="").values_list("outcome").annotate(n=Count("id")).order_by()
    )
    return DemoReport(
        logins=logins,
        complaints_created=created,
        complaints_skipped=skipped,
        by_stage=by_stage,
        by_outcome=by_outcome,
        overdue=complaints.filter(clocks.overdue(today)).count(),
        extended=complaints.filter(extended=True).count(),
        transferred=complaints.filter(past_offices__isnull=False).distinct().count(),
        with_payments=complaints.filter(payments__isnull=False).distinct().count(),
        amount_recovered=complaints.aggregate(total=Sum("amount_recovered"))["total"] or Decimal(0),
        known_cases=known_case_references(),
    )
