"""The benchmark data generator (complaints.demo.bulk): the invariants it promises, on a small N."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from arrears.models import Worker
from arrears.pii import id_hash
from arrears.selectors import office_for_region
from complaints import clocks
from complaints.demo.bulk import GENERATED_PREFIX, generate
from complaints.demo.loader import demo_load
from complaints.models import Complaint, Event, Payment
from complaints.workflow import CLOSED_STAGES, transition_for

pytestmark = pytest.mark.django_db

N = 120


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """The demo (made through the workflow), then N clones of it; kept for the module."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            demo_load(complaints=40)
            report = generate(N, seed=7, batch=50)
            yield report
            transaction.set_rollback(True)


def clones():
    return Complaint.objects.filter(reference__startswith=f"{GENERATED_PREFIX}-")


def test_generator_adds_n_complaints_with_their_rows(generated):
    assert generated.complaints == N
    assert clones().count() == N
    assert generated.rows > N * 5  # workers, claims, events at least
    assert len(set(clones().values_list("reference", flat=True))) == N


def test_generator_keeps_the_amounts_adding_up(generated):
    paid = dict(
        Payment.objects.filter(complaint__in=clones())
        .values("complaint")
        .annotate(total=Sum("amount"))
        .values_list("complaint", "total")
    )
    for complaint in clones():
        assert complaint.amount_recovered == paid.get(complaint.pk, Decimal(0)), complaint


def test_generator_histories_are_ones_the_workflow_allows(generated):
    events = defaultdict(list)
    for event in Event.objects.filter(complaint__in=clones()).order_by("at", "id"):
        events[event.complaint_id].append(event)
    for complaint in clones():
        history = events[complaint.pk]
        assert history[0].action == "submit"
        stage = history[0].to_stage
        for event in history[1:]:
            transition = transition_for(event.action)
            if transition is not None:
                assert event.from_stage == stage, (complaint, event.action)
                assert stage in transition.sources, (complaint, event.action, stage)
            stage = event.to_stage if event.to_stage else stage
        assert stage == complaint.stage, complaint


def test_generator_places_each_clone_with_its_office_in_the_campaign(generated):
    today = timezone.localdate()
    campaign = clocks.current_campaign(today)
    for complaint in clones().select_related("work_region"):
        assert office_for_region(complaint.work_region) == complaint.office
        received = timezone.localdate(complaint.received_at)
        assert received <= today
        assert complaint.campaign_id == campaign.pk
        assert complaint.next_due == clocks.next_due(
            complaint.stage,
            acceptance_due=complaint.acceptance_due,
            investigation_due=complaint.investigation_due,
            order_due=complaint.order_due,
        )
        if complaint.filed_at is not None:
            assert complaint.case_number.startswith(complaint.office.region_id)
            assert complaint.assignees.count() >= 1
        assert (complaint.stage in CLOSED_STAGES) == (complaint.closed_at is not None) or (
            complaint.stage == "rejected"
        )
    numbers = [n for n in clones().values_list("case_number", flat=True) if n]
    assert len(numbers) == len(set(numbers))


def test_generator_stores_personal_data_as_the_services_do(generated):
    workers = Worker.objects.filter(complaints__in=clones()).distinct()
    worker = workers.first()
    assert worker.id_hash == id_hash(worker.id_number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number FROM arrears_worker WHERE id = %s", [worker.pk])
        phone, number = cursor.fetchone()
    assert worker.phone not in phone and worker.id_number not in number  # encrypted at rest
