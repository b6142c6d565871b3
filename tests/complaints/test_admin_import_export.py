"""Import of the national platform's export and export of the filtered list."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from arrears.reference import ensure_office
from complaints.models import Complaint, Event
from tests.factories import WorkerInputFactory, staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

IMPORT = reverse("admin:complaints_complaint_import")
EXPORT = reverse("admin:complaints_complaint_export")
SAMPLE = (
    Path(__file__).resolve().parents[2] / "complaints" / "data" / "national_platform_sample.csv"
)


@pytest.fixture
def clerk(client):  # noqa: ANN001, ANN201
    for code in ("150902", "430104", "410105", "511403"):
        ensure_office(code)
    user = staff("clerk", "clerk", region="510000")  # a province clerk imports for everyone
    client.force_login(user)
    return user


def upload(client, content: bytes, name: str, *, real: bool):  # noqa: ANN001, ANN201
    data = {"file": io.BytesIO(content), "import" if real else "preview": "1"}
    data["file"].name = name
    return client.post(IMPORT, data)


def test_import_sample_preview_saves_nothing_then_import_files_all(client, clerk):
    content = SAMPLE.read_bytes()
    preview = upload(client, content, "sample.csv", real=False)
    report = preview.context["report"]
    assert report.ok and not report.saved
    assert [r.office for r in report.rows] == [
        "乌兰察布市集宁区劳动保障监察大队",
        "长沙市岳麓区劳动保障监察大队",
        "郑州市金水区劳动保障监察大队",
    ]
    assert not Complaint.objects.exists()
    done = upload(client, content, "sample.csv", real=True)
    assert done.context["report"].saved
    imported = Complaint.objects.order_by("source_ref")
    assert [c.source_ref for c in imported] == [
        "GJPT-2026-1100001",
        "GJPT-2026-1100002",
        "GJPT-2026-1100003",
    ]
    assert {c.channel for c in imported} == {"national_platform"}
    report_row = imported[1]
    assert (report_row.kind, report_row.complainant, report_row.workers_affected) == (
        "report",
        None,
        15,
    )
    # the receipt time is the platform's, and the clock counts from it
    assert imported[0].received_at.isoformat() == "2026-11-20T01:30:00+00:00"
    assert str(imported[0].acceptance_due) == "2026-11-27"
    # the same file again: every lead is already filed, nothing is added
    again = upload(client, content, "sample.csv", real=True)
    assert not again.context["report"].ok
    assert Complaint.objects.count() == 3


def test_import_file_with_a_bad_row_saves_nothing_and_names_the_row(client, clerk):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("430104", "999999")  # unknown region on the second lead
    response = upload(client, "\n".join(lines).encode("utf-8-sig"), "bad.csv", real=True)
    report = response.context["report"]
    assert not report.saved
    bad = [r for r in report.rows if r.errors]
    assert [(r.line, list(r.errors)) for r in bad] == [(3, ["work_region"])]
    assert not Complaint.objects.exists()
    assert not Event.objects.exists()
    assert "row-error" in response.text


def test_import_xlsx(client, clerk):
    lines = [row.split(",") for row in SAMPLE.read_text(encoding="utf-8").splitlines()]
    book = openpyxl.Workbook()
    sheet = book.active
    for row in lines:
        sheet.append(row)
    sheet["O2"] = 110000  # a number cell, as spreadsheets store amounts
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(client, buffer.getvalue(), "leads.xlsx", real=True)
    assert response.context["report"].saved
    assert Complaint.objects.count() == 3


def test_import_missing_columns_and_unreadable_files(client, clerk):
    response = upload(client, "线索编号,姓名\nX-1,张三\n".encode(), "short.csv", real=False)
    assert "Missing columns" in response.context["report"].header_errors[0]
    response = upload(client, b"\xff\xfe\x00garbage", "broken.csv", real=False)
    assert "file" in response.context["form"].errors
    response = upload(client, b"x", "notes.txt", real=False)
    assert "file" in response.context["form"].errors
    assert not Complaint.objects.exists()


def test_import_refused_to_analysts(client):
    client.force_login(staff("ana", "analyst"))
    assert client.get(IMPORT).status_code == 403


def test_export_filtered_list_has_no_personal_data(client):
    ensure_office("511403")
    ensure_office("150902")
    person = WorkerInputFactory()
    own = submit(work_region="511403", complainant=person).complaint
    other = submit(work_region="150902").complaint
    client.force_login(staff("sup", "supervisor"))
    form = client.get(EXPORT).context["form"]
    data = {name: "on" for name in form.fields if name.startswith("complaintexportresource_")}
    data["format"] = "0"  # CSV
    response = client.post(EXPORT, data)
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert own.reference in body
    assert other.reference not in body  # out of scope
    assert own.employer.name in body
    for secret in (person.id_number, person.phone, person.name):
        assert secret not in body
