"""The demo data set: loaded through the services, complete, consistent, loadable twice."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Sum
from django.test import RequestFactory

from complaints.demo import DemoReport, demo_load
from complaints.models import Complaint, Event, PaymentSource
from complaints.workflow import Outcome, RejectReason, Role, Stage

pytestmark = pytest.mark.django_db


def log_in(**credentials: str):
    """Authenticate as the back office's log-in does (with a request, which the lockout reads)."""
    return authenticate(RequestFactory().post("/admin/login/"), **credentials)


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: object) -> Iterator[DemoReport]:
    """Load 60 demo complaints once for the module, in a transaction rolled back at its end.

    Each test runs in its own savepoint inside it, so what a test writes is undone too.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_load(complaints=60)
        transaction.set_rollback(True)


def test_demo_load_populates_every_stage(loaded: DemoReport) -> None:
    stages = set(Complaint.objects.values_list("stage", flat=True))

    assert stages == set(Stage.values)
    assert loaded.complaints_created == 60
    assert Complaint.objects.count() == 60
    assert loaded.by_stage == {
        stage: Complaint.objects.filter(stage=stage).count() for stage in Stage.values
    }


def test_demo_load_closes_and_rejects_for_several_reasons(loaded: DemoReport) -> None:
    outcomes = set(Complaint.objects.exclude(outcome="").values_list("outcome", flat=True))
    reasons = {e.data["reason"] for e in Event.objects.filter(action="reject")}

    assert outcomes == set(Outcome.values)
    assert reasons == set(RejectReason.values)


def test_demo_load_writes_submit_first_and_events_in_time_order(loaded: DemoReport) -> None:
    for complaint in Complaint.objects.prefetch_related("events"):
        events = list(complaint.events.all())  # ordered by (at, id)
        by_id = sorted(events, key=lambda e: e.pk)

        assert by_id[0].action == "submit", complaint.reference
        assert events == by_id, complaint.reference
        assert events[0].at == complaint.received_at


def test_demo_load_keeps_amount_recovered_equal_to_payments(loaded: DemoReport) -> None:
    complaints = Complaint.objects.annotate(paid=Sum("payments__amount"))

    assert complaints.filter(payments__isnull=False).exists()
    for complaint in complaints:
        assert complaint.amount_recovered == (complaint.paid or Decimal(0)), complaint.reference


def test_demo_load_covers_overdue_extended_transferred_and_partial(loaded: DemoReport) -> None:
    partly_paid = Complaint.objects.filter(
        amount_recovered__gt=0, amount_recovered__lt=F("amount_claimed")
    ).exclude(outcome=Outcome.PAID_IN_FULL)

    assert loaded.overdue > 0
    assert loaded.extended > 0
    assert loaded.transferred > 0
    assert Complaint.objects.filter(complainant__isnull=True, kind="report").exists()
    assert Complaint.objects.filter(channel="web").exists()
    assert Complaint.objects.filter(campaign__starts_on__year=2021).exists()
    assert partly_paid.exists()


def test_demo_load_gas_fitter_case(loaded: DemoReport) -> None:
    fitter = Complaint.objects.get(reference=loaded.known_cases["gas_fitter"])
    actions = list(fitter.events.values_list("action", flat=True))

    assert fitter.stage == Stage.CLOSED
    assert fitter.outcome == Outcome.PAID_IN_FULL
    assert fitter.amount_recovered == Decimal("110000.00")
    assert fitter.payments.count() >= 2
    assert "燃气管道安装工" in fitter.description
    assert fitter.complainant.home_region_id == "511403"
    assert fitter.work_region_id.startswith("1509")
    assert "transfer" in actions
    assert fitter.past_offices.filter(region__code__startswith="1509").exists()


def test_demo_load_main_contractor_pays_first(loaded: DemoReport) -> None:
    crew = Complaint.objects.get(reference=loaded.known_cases["crew_leader_fled"])

    assert crew.workers_affected == 40
    assert crew.project.main_contractor is not None
    assert crew.payments.filter(source=PaymentSource.MAIN_CONTRACTOR).exists()


def test_demo_load_tutoring_group_case(loaded: DemoReport) -> None:
    school = Complaint.objects.get(reference=loaded.known_cases["tutoring"])

    assert school.sector_id == "tutoring"
    assert 10 <= school.workers_affected <= 20
    assert "校外培训机构" in school.description


def test_demo_load_pays_from_wage_guarantee(loaded: DemoReport) -> None:
    estate = Complaint.objects.get(reference=loaded.known_cases["wage_guarantee"])

    assert estate.project.wage_guarantee_amount > 0
    assert estate.payments.filter(source=PaymentSource.WAGE_GUARANTEE).exists()


def test_demo_load_creates_every_role_with_working_random_passwords(loaded: DemoReport) -> None:
    roles = {login.role for login in loaded.logins}
    admin = next(login for login in loaded.logins if login.username == "admin")

    assert set(Role.values) <= roles
    assert authenticate(
        RequestFactory().post("/admin/login/"), username=admin.username, password=admin.password
    ).is_superuser
    assert len({login.password for login in loaded.logins}) == len(loaded.logins)
    assert admin.password not in repr(admin)
    assert admin.password not in repr(loaded)


def test_demo_load_twice_resets_passwords_and_keeps_complaints(loaded: DemoReport) -> None:
    # when
    again = demo_load(complaints=60)

    # then
    assert again.complaints_skipped
    assert again.complaints_created == 0
    assert Complaint.objects.count() == 60
    assert again.known_cases == loaded.known_cases
    user = loaded.logins[0]
    new = next(x for x in again.logins if x.username == user.username)
    assert new.password != user.password
    assert (
        authenticate(
            RequestFactory().post("/admin/login/"), username=user.username, password=user.password
        )
        is None
    )
    assert (
        authenticate(
            RequestFactory().post("/admin/login/"), username=new.username, password=new.password
        )
        is not None
    )


def test_load_demo_command_prints_summary_and_logins(
    loaded: DemoReport, capsys: pytest.CaptureFixture
) -> None:
    call_command("load_demo", complaints=60)

    out = capsys.readouterr().out
    assert "Demo complaints are already loaded; none created" in out
    assert "Complaints in the database: 60" in out
    assert f"Known case gas_fitter: {loaded.known_cases['gas_fitter']}" in out
    lines = [line.split() for line in out.splitlines()]
    logins = {line[0]: line for line in lines if line and line[0] in {"admin", "jining.supervisor"}}
    assert logins["jining.supervisor"][1] == "supervisor"
    assert (
        authenticate(
            RequestFactory().post("/admin/login/"), username="admin", password=logins["admin"][2]
        )
        is not None
    )
