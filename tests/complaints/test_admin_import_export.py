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
def clerk(client):
    for code in ("150902", "430104", "410105", "511403"):
        ensure_office(code)
    user = staff("clerk", "clerk", region="510000")  # a province clerk imports for everyone
    client.force_login(user)
    return user


def upload(client, content: bytes, name: str, *, real: bool):
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


def test_import_preview_warns_about_scope_overdue_acceptance_and_duplicates(client, clerk):
    content = SAMPLE.read_bytes()
    first = upload(client, content, "sample.csv", real=False).context["report"].rows
    # a Sichuan clerk importing leads for other provinces
    assert all("outside your scope" in row.warnings[0] for row in first)
    overdue = [row.line for row in first if any("overdue" in w for w in row.warnings)]
    assert overdue == [
        row.line for row in first if row.acceptance_due and str(row.acceptance_due) < "2026-11-30"
    ]
    assert overdue  # the sample's first lead was received on 20 November
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    twin = lines[1].replace("GJPT-2026-1100001", "GJPT-2026-1100099")
    response = upload(client, "\n".join([*lines, twin]).encode(), "twins.csv", real=False)
    last = response.context["report"].rows[-1]
    assert not last.errors
    assert any(w.startswith("Possibly the same case as QX-") for w in last.warnings)
    assert "to check" in response.text and "outside your scope" in response.text
    lines[2] = lines[2].replace("430104", "511403")  # a lead for a Sichuan county
    home = upload(client, "\n".join(lines).encode(), "home.csv", real=False).context["report"]
    assert not any("outside your scope" in w for w in home.rows[1].warnings)
    assert "outside your scope" in home.rows[0].warnings[0]
    assert not Complaint.objects.exists()


def test_import_refuses_other_scripts_digits_and_saves_nothing(client, clerk):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("欠薪金额")] = "١٢٠٠٠"
    cells[header.index("涉及人数")] = "٣"
    lines[1] = ",".join(cells)
    response = upload(client, "\n".join(lines).encode("utf-8-sig"), "digits.csv", real=True)
    report = response.context["report"]
    assert not report.saved
    bad = {r.line: r.errors for r in report.rows if r.errors}
    assert bad == {
        2: {
            "amount_claimed": ["Write numbers with the digits 0–9."],
            "workers_affected": ["Write numbers with the digits 0–9."],
        }
    }
    assert not Complaint.objects.exists()


def test_export_masks_a_number_typed_into_an_employer_name(client, clerk):
    from arrears.services import EmployerInput

    own = submit(
        work_region="511403", employer=EmployerInput(name="包工头王某13812345678", uscc="")
    ).complaint
    form = client.get(EXPORT).context["form"]
    data = {name: "on" for name in form.fields if name.startswith("complaintexportresource_")}
    data["format"] = "0"  # CSV
    body = client.post(EXPORT, data).content.decode("utf-8")
    assert own.reference in body
    assert "包工头王某138****5678" in body
    assert "13812345678" not in body
