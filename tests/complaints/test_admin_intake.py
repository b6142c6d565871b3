"""Hotline and counter intake in the back office, through complaint_submit."""

import pytest
from django.urls import reverse

from arrears.models import Employer, Worker
from arrears.reference import ensure_office
from complaints.models import Complaint
from complaints.services import access_code_matches
from tests.factories import WorkerInputFactory, credit_code, resident_id, staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

ADD = reverse("admin:complaints_complaint_add")


@pytest.fixture
def clerk(client):
    ensure_office("511403")
    user = staff("clerk", "clerk")
    client.force_login(user)
    return user


def form_data(**overrides) -> dict:
    data = {
        "kind": "complaint",
        "channel": "hotline",
        "received_at": "2026-11-30T09:15",
        "name": "王建国",
        "id_number": resident_id(),
        "phone": "13912345678",
        "employer_name": "眉山市某某建筑劳务有限公司",
        "employer_uscc": credit_code("511403"),
        "work_region": "511403",
        "sector": "construction_building",
        "arrears_from": "2026-07-01",
        "arrears_to": "2026-10-31",
        "amount_claimed": "18500",
        "workers_affected": "1",
        "description": "工程完工后劳务公司拖欠工资。",
        "in_dispute_process": "none",
    }
    data.update(overrides)
    return data


def test_intake_form_files_through_the_service_and_shows_the_code_once(client, clerk):
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, form_data())
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.created_by, complaint.office.region_id) == (
        "hotline",
        clerk,
        "511403",
    )
    code = response.context["access_code"]
    assert access_code_matches(complaint, code)
    assert complaint.reference in response.text and code in response.text
    assert "no-store" in response["Cache-Control"]


def test_intake_form_bad_input_re_renders_with_field_errors_and_saves_nothing(client, clerk):
    response = client.post(
        ADD, form_data(id_number="11010519491231002Y", phone="12345", employer_uscc="91X")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"id_number", "phone", "employer_uscc"} <= set(errors)
    assert not Complaint.objects.exists()
    assert not Worker.objects.exists()
    assert not Employer.objects.exists()


def test_intake_form_is_grouped_and_marks_what_is_required(client, clerk):
    page = client.get(ADD).text
    headings = ["The lead", "The worker", "The employer and the work", "The arrears"]
    assert [page.index(f"<h2>{h}</h2>") for h in headings] == sorted(
        page.index(f"<h2>{h}</h2>") for h in headings
    )
    assert '<label for="id_work_region" class="required">' in page
    assert '<label for="id_name">' in page  # optional: anonymous reports have no worker
    assert 'name="confirm_duplicate"' not in page  # asked only when a duplicate is found


def test_intake_form_shows_the_chosen_county_with_its_city_after_an_error(client, clerk):
    response = client.post(ADD, form_data(work_region="440305", amount_claimed="lots"))
    assert response.status_code == 200
    assert '<option value="440305" selected>深圳市南山区 (440305)</option>' in response.text


def test_intake_form_needs_an_employer(client, clerk):
    response = client.post(ADD, form_data(employer_name="", employer_uscc=""))
    assert "employer_name" in response.context["form"].errors
    assert not Complaint.objects.exists()


def test_intake_form_warns_about_a_duplicate_before_saving(client, clerk):
    person = WorkerInputFactory()
    uscc = credit_code("511403")
    from arrears.services import EmployerInput

    first = submit(complainant=person, employer=EmployerInput(name="某某劳务有限公司", uscc=uscc))
    data = form_data(
        id_number=person.id_number, employer_name="某某劳务有限公司", employer_uscc=uscc
    )
    warned = client.post(ADD, data)
    assert warned.status_code == 200
    assert "duplicate-warning" in warned.text
    assert 'name="confirm_duplicate"' in warned.text
    assert first.complaint.reference in warned.text  # in the clerk's scope
    assert Complaint.objects.count() == 1
    filed = client.post(ADD, {**data, "confirm_duplicate": "on"})
    assert "access_code" in filed.context
    new = Complaint.objects.exclude(pk=first.complaint.pk).get()
    assert new.duplicate_of == first.complaint
    assert Worker.objects.count() == 1  # matched through the keyed hash


def test_intake_form_refused_to_analysts(client):
    client.force_login(staff("ana", "analyst"))
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form_data()).status_code == 403
    assert not Complaint.objects.exists()


def test_intake_form_refuses_a_future_receipt_time(client, clerk):
    response = client.post(ADD, form_data(received_at="2026-12-01T09:00"))
    assert "received_at" in response.context["form"].errors
    assert not Complaint.objects.exists()


def test_region_autocomplete_tells_counties_of_the_same_name_apart(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff("ac-clerk", "clerk"))
    params = {
        "term": "南山区",
        "app_label": "complaints",
        "model_name": "complaint",
        "field_name": "work_region",
    }
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/admin/autocomplete/", params)
    assert response.status_code == 200
    assert sorted(row["text"] for row in response.json()["results"]) == [
        "深圳市南山区 (440305)",
        "鹤岗市南山区 (230404)",
    ]
    # one query for the regions with their cities, however many match
    with CaptureQueriesContext(connection) as wide:
        assert client.get("/admin/autocomplete/", {**params, "term": "区"}).status_code == 200
    assert len(wide.captured_queries) == len(ctx.captured_queries)


def test_intake_form_refuses_invisible_characters_in_names(client, clerk):
    response = client.post(ADD, form_data(name="王\u202e国建", employer_name="某\u200b公司"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name"] == ["Remove the invisible or control characters from this name: U+202E."]
    assert errors["employer_name"] == [
        "Remove the invisible or control characters from this name: U+200B."
    ]
    assert not Complaint.objects.exists()
