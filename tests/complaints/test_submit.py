import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from arrears.errors import RoleNotAllowed
from arrears.models import CalendarDay, Employer, Office, Worker
from arrears.reference import ensure_office
from complaints.models import Claim, Complaint, Event, Notification
from complaints.services import access_code_matches
from tests.factories import EmployerInputFactory, WorkerInputFactory, staff, submit

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def test_submit_routes_to_county_office_first():
    county, city = ensure_office("511403"), ensure_office("511400")
    complaint = submit(work_region="511403").complaint
    assert complaint.office == county
    assert city.pk != county.pk


def test_submit_routes_to_city_office_when_county_has_none():
    city = ensure_office("511400")
    Office.objects.filter(region_id="511402").delete()
    complaint = submit(work_region="511402").complaint
    assert complaint.office == city


def test_submit_routes_to_province_office_when_no_lower_office():
    complaint = submit(
        work_region="513433"
    ).complaint  # 冕宁县, 凉山州: no office below the province
    assert complaint.office.region_id == "510000"


def test_submit_stores_receipt_and_starts_five_working_day_clock():
    # given a complaint received on Friday 28 January 2022 by letter (received_at back-dated)
    clerk = staff("clerk", "clerk")
    result = submit(
        actor=clerk,
        channel="letter",
        received_at=at(2022, 1, 28, 10, 0),
        arrears_from=datetime.date(2021, 6, 1),
        arrears_to=datetime.date(2021, 12, 31),
    )
    complaint = result.complaint
    # then the clock counts from the receipt, skipping Spring Festival, counting 29–30 Jan
    assert complaint.acceptance_due == datetime.date(2022, 2, 9)
    assert complaint.next_due == complaint.acceptance_due
    assert complaint.campaign.starts_on == datetime.date(2021, 11, 15)
    event = complaint.events.get()
    assert (event.action, event.to_stage, event.at) == ("submit", "submitted", at(2022, 1, 28, 10))
    assert event.data["clock"]["skipped"][:2] == ["2022-01-31", "2022-02-01"]
    assert event.data["clock"]["extra_workdays"] == ["2022-01-29", "2022-01-30"]


def test_submit_returns_access_code_stored_only_hashed():
    result = submit()
    assert len(result.access_code) == 8
    assert result.access_code not in result.complaint.access_code_hash
    assert access_code_matches(result.complaint, result.access_code.lower())
    assert not access_code_matches(result.complaint, "AAAAAAAA")
    assert result.complaint.reference.startswith("QX-")


def test_submit_creates_claim_event_and_sms_outbox_row():
    person = WorkerInputFactory()
    complaint = submit(complainant=person, amount_claimed="110000").complaint
    claim = Claim.objects.get(complaint=complaint)
    assert (claim.amount_owed, claim.months_owed) == (Decimal("110000.00"), 5)
    note = Notification.objects.get(complaint=complaint)
    assert (note.channel, note.to, note.template) == ("sms", person.phone, "complaint_received")
    assert person.phone not in str(note.context)


def test_submit_public_receipt_time_is_now_even_if_given():
    with time_machine.travel(at(2026, 11, 30, 9, 0), tick=False):
        complaint = submit(received_at=at(2026, 11, 1, 9, 0)).complaint
    assert complaint.received_at == at(2026, 11, 30, 9, 0)


def test_submit_rejects_receipt_in_the_future():
    clerk = staff("clerk", "clerk")
    with time_machine.travel(at(2026, 11, 30, 9, 0), tick=False):
        with pytest.raises(ValidationError) as exc:
            submit(actor=clerk, received_at=at(2026, 12, 1, 9, 0))
    assert "received_at" in exc.value.message_dict
    assert not Complaint.objects.exists()


def test_submit_calendar_override_moves_the_due_date():
    clerk = staff("clerk", "clerk")
    # 2027 swapped days are not in the holidays package yet: an office enters them.
    CalendarDay.objects.create(date=datetime.date(2027, 3, 6), is_workday=True, note="调休上班")
    with time_machine.travel(at(2027, 3, 8, 9, 0), tick=False):
        complaint = submit(actor=clerk, received_at=at(2027, 3, 5, 9, 0)).complaint
    assert complaint.acceptance_due == datetime.date(2027, 3, 11)


def test_submit_links_possible_duplicate():
    person = WorkerInputFactory()
    employer = EmployerInputFactory()
    first = submit(complainant=person, employer=employer).complaint
    second = submit(
        complainant=person,
        employer=employer,
        arrears_from=datetime.date(2026, 9, 1),
        arrears_to=datetime.date(2026, 11, 15),
    ).complaint
    other_period = submit(
        complainant=person,
        employer=employer,
        arrears_from=datetime.date(2025, 1, 1),
        arrears_to=datetime.date(2025, 3, 31),
    ).complaint
    assert second.duplicate_of == first
    assert second.events.get().data["possible_duplicate_of"] == first.reference
    assert other_period.duplicate_of is None
    assert Worker.objects.count() == 1  # matched through the keyed hash
    assert Employer.objects.count() == 1  # matched through the USCC


def test_submit_anonymous_report_stores_no_worker():
    complaint = submit(kind="report", complainant=None).complaint
    assert complaint.complainant is None
    assert not Worker.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {"complainant": WorkerInputFactory.build(id_number="11010519491231002Y")},
            "complainant.id_number",
        ),
        ({"complainant": WorkerInputFactory.build(phone="12345")}, "complainant.phone"),
        ({"complainant": None}, "complainant.name"),
        ({"employer": EmployerInputFactory.build(uscc="91150900MA0N00000X")}, "employer.uscc"),
        ({"employer": EmployerInputFactory.build(name=" ")}, "employer.name"),
        ({"work_region": "999999"}, "work_region"),
        ({"sector": "mining"}, "sector"),
        (
            {"arrears_from": datetime.date(2026, 10, 1), "arrears_to": datetime.date(2026, 9, 1)},
            "arrears_to",
        ),
        ({"amount_claimed": "-5"}, "amount_claimed"),
        ({"amount_claimed": "abc"}, "amount_claimed"),
        ({"amount_claimed": "0"}, "amount_claimed"),
        ({"workers_affected": 0}, "workers_affected"),
        ({"in_dispute_process": "police"}, "in_dispute_process"),
        ({"kind": "petition"}, "kind"),
        ({"consent": False}, "consent"),
    ],
)
def test_submit_bad_input_names_the_field_and_saves_nothing(overrides, field):
    with pytest.raises(ValidationError) as exc:
        submit(**overrides)
    assert field in exc.value.message_dict
    assert not Complaint.objects.exists()
    assert not Worker.objects.exists()
    assert not Employer.objects.exists()
    assert not Event.objects.exists()


def test_submit_public_only_through_web_channel():
    with pytest.raises(RoleNotAllowed):
        submit(channel="hotline")


def test_submit_analyst_may_not_file():
    analyst = staff("ana", "analyst")
    with pytest.raises(RoleNotAllowed):
        submit(actor=analyst)


def test_submit_api_client_uses_api_channels_and_owns_its_complaints():
    client = staff("platform", "api_client")
    with pytest.raises(RoleNotAllowed):
        submit(actor=client, channel="hotline")
    complaint = submit(actor=client, channel="national_platform").complaint
    assert complaint.created_by == client


def test_submit_group_complaint_gives_the_complainant_an_even_share():
    complaint = submit(amount_claimed="25000", workers_affected=5).complaint
    claim = Claim.objects.get(complaint=complaint)
    assert claim.amount_owed == Decimal("5000.00")
    assert complaint.amount_claimed == Decimal("25000.00")


def test_submit_with_a_known_id_number_does_not_replace_the_workers_details():
    ensure_office("511403")
    ensure_office("150902")
    worker = WorkerInputFactory(home_region="")
    first = submit(work_region="511403", complainant=worker).complaint
    # Someone else files with the same ID number, another name and their own phone.
    impostor = WorkerInputFactory(id_number=worker.id_number, phone="13900000000")
    second = submit(work_region="150902", complainant=impostor).complaint
    assert second.complainant_id == first.complainant_id  # still matched to the one worker
    stored = Worker.objects.get(pk=first.complainant_id)
    assert (stored.name, stored.phone) == (worker.name, worker.phone)
    # what was blank is filled in: a worker who gave no phone the first time
    quiet = WorkerInputFactory(phone="")
    submit(work_region="511403", complainant=quiet)
    submit(work_region="511403", complainant=WorkerInputFactory(id_number=quiet.id_number))
    assert Worker.objects.get(name=quiet.name).phone.startswith("1")


def test_submit_refuses_an_amount_in_other_scripts_digits():
    ensure_office("511403")
    with pytest.raises(ValidationError) as error:
        submit(amount_claimed="١٢٠٠٠")
    assert error.value.message_dict["amount_claimed"] == ["Write numbers with the digits 0–9."]
    assert submit(amount_claimed="１２０００").complaint.amount_claimed == Decimal("12000.00")
