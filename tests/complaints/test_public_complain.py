"""The public complaint form and its receipt (DESIGN §7.1): one complaint per sending, errors
beside the fields, robots fed a normal-looking page and nothing stored."""

import logging
import re
import secrets
import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from arrears.reference import ensure_office
from complaints.codes import access_code_matches
from complaints.models import Attachment, Complaint
from complaints.public import guard
from tests.conftest import unmasked_pii
from tests.factories import resident_id

pytestmark = pytest.mark.django_db

URL = "/complain/"
DONE = "/complain/done/"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def office():
    cache.clear()
    return ensure_office("511403")


def aged_token(seconds: float = 30) -> str:
    """A form token as the page serves it, served `seconds` ago."""
    payload = {"n": secrets.token_urlsafe(12), "t": time.time() - seconds}
    return signing.dumps(payload, salt=guard.SALT)


def answers(**overrides) -> dict:
    data = {
        "kind": "complaint",
        "name": "王建国",
        "phone": "13912345678",
        "id_number": resident_id(),
        "home_region": "510000",
        "employer_name": "眉山市某某建筑劳务有限公司",
        "employer_uscc": "",
        "work_province": "510000",
        "work_region": "511403",
        "sector": "construction_building",
        "project_name": "东坡区某小区二期",
        "arrears_from": "2026-07",
        "arrears_to": "2026-10",
        "amount_claimed": "18500",
        "workers_affected": "1",
        "description": "工程完工后拖欠工资。",
        "in_dispute_process": "none",
        "consent": "on",
        "website": "",
        "token": aged_token(),
    }
    data.update(overrides)
    return data


def test_complain_page_labels_every_field_and_runs_nothing_inline(client):
    page = client.get(URL)
    assert page.status_code == 200
    html = page.text
    ids = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html))
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
    assert ids and ids <= labelled, ids - labelled
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", html)
    assert "script-src 'self'" in page["Content-Security-Policy"]
    # Beside each item: why it is asked and who sees it.
    assert "Only the inspectors of your case see it" in html


def test_complain_province_step_keeps_what_was_typed_and_lists_its_counties(client):
    data = answers(work_province="150000", work_region="", show_places="1")
    page = client.post(URL, data)
    assert page.status_code == 200
    assert 'value="眉山市某某建筑劳务有限公司"' in page.text
    assert '<option value="150902">集宁区</option>' in page.text
    assert 'value="511403"' not in page.text  # the counties of the province chosen only
    assert "error-summary" not in page.text
    assert not Complaint.objects.exists()


def test_complain_files_once_and_shows_the_receipt_after_a_redirect(client, office):
    evidence = SimpleUploadedFile("工资条.pdf", PDF, content_type="application/pdf")
    sent = client.post(URL, answers(evidence=[evidence]))
    assert sent.status_code == 302 and sent["Location"] == DONE
    complaint = Complaint.objects.get()
    assert complaint.channel == "web" and complaint.office == office
    assert complaint.arrears_from.isoformat() == "2026-07-01"
    assert complaint.arrears_to.isoformat() == "2026-10-31"
    assert Attachment.objects.get().complaint == complaint
    receipt = client.get(DONE)
    assert receipt.status_code == 200
    code = re.search(r'id="access-code">([A-Z0-9]{8})<', receipt.text).group(1)
    assert access_code_matches(complaint, code)
    assert complaint.reference in receipt.text
    assert office.name in receipt.text and office.hotline in receipt.text
    assert complaint.acceptance_due.isoformat() in receipt.text
    assert "no-store" in receipt["Cache-Control"]
    assert not unmasked_pii(receipt.text)
    # A reload shows the same receipt; the same sending again files nothing more.
    assert code in client.get(DONE).text
    again = client.post(URL, answers(token=sent.wsgi_request.POST["token"]))
    assert again.status_code == 302 and again["Location"] == DONE
    assert Complaint.objects.count() == 1


def test_complain_double_tap_files_one_complaint_and_both_show_its_receipt(client):
    from django.test import Client

    data = answers()
    other = Client(HTTP_ACCEPT_LANGUAGE="en")  # the second tap arrived on a new connection
    first, second = client.post(URL, data), other.post(URL, data)
    assert first.status_code == second.status_code == 302
    reference = Complaint.objects.get().reference
    assert reference in client.get(DONE).text
    assert reference in other.get(DONE).text
    assert "No receipt to show" in Client(HTTP_ACCEPT_LANGUAGE="en").get(DONE).text  # no one else


def test_complain_errors_are_listed_on_top_linked_to_fields_and_values_kept(client):
    page = client.post(URL, answers(employer_name="", phone="12345", amount_claimed="abc"))
    assert page.status_code == 200
    html = page.text
    summary = html[html.index("error-summary") : html.index("</div>", html.index("error-summary"))]
    assert 'href="#id_employer_name"' in summary
    assert 'href="#id_amount_claimed"' in summary
    assert 'id="id_employer_name_error"' in html
    assert 'value="王建国"' in html  # what was typed comes back
    assert not Complaint.objects.exists()


def test_complain_service_errors_land_beside_their_fields(client):
    valid = resident_id()
    wrong_check_digit = valid[:17] + ("1" if valid[17] != "1" else "2")
    page = client.post(URL, answers(id_number=wrong_check_digit, phone="1391234567"))
    assert page.status_code == 200
    assert 'href="#id_id_number"' in page.text
    assert 'href="#id_phone"' in page.text
    assert not Complaint.objects.exists()


def test_complain_refuses_a_file_whose_content_is_not_its_type_and_stores_nothing(client):
    fake = SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = client.post(URL, answers(evidence=[fake]))
    assert page.status_code == 200
    assert 'href="#id_evidence"' in page.text
    assert "合同.pdf: The file&#x27;s content is not a PDF." in page.text
    assert "choose them again" in page.text
    assert not Complaint.objects.exists() and not Attachment.objects.exists()


def test_complain_refuses_more_than_five_files(client):
    files = [SimpleUploadedFile(f"{i}.pdf", PDF, content_type="application/pdf") for i in range(6)]
    page = client.post(URL, answers(evidence=files))
    assert "Send at most 5 files at a time." in page.text
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"website": "http://spam.example"}, "honeypot"),
        ({"token": "forged"}, "token"),
        ({"token": "placeholder-fresh"}, "too_fast"),
    ],
)
def test_complain_robots_get_a_normal_page_and_nothing_is_stored(client, caplog, overrides, reason):
    if overrides.get("token") == "placeholder-fresh":
        overrides = {"token": guard.token_issue()}
    with caplog.at_level(logging.INFO, logger="complaints.public"):
        page = client.post(URL, answers(**overrides))
    assert page.status_code == 200
    assert re.search(r'id="reference">QX-[A-Z0-9]{4}-[A-Z0-9]{4}<', page.text)
    assert not Complaint.objects.exists()
    lines = [r.getMessage() for r in caplog.records if r.name == "complaints.public"]
    assert lines == [f"public form: robot sending refused (reason={reason})"]
    assert not unmasked_pii(" ".join(lines)) and "王建国" not in " ".join(lines)


def test_complain_form_left_open_too_long_comes_back_to_be_checked(client, settings):
    page = client.post(URL, answers(token=aged_token(settings.PUBLIC_FORM_MAX_SECONDS + 60)))
    assert page.status_code == 200
    assert "The form was open for a long time" in page.text
    assert 'value="王建国"' in page.text
    assert not Complaint.objects.exists()


def test_complain_is_throttled_per_address_with_the_api(client):
    statuses = [client.post(URL, answers(employer_name="")).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]  # bad answers are not counted: nothing was sent
    for _ in range(20):
        client.post("/api/v1/public/complaints/", {}, content_type="application/json")
    page = client.post(URL, answers())
    assert page.status_code == 429
    assert "Too many complaints were sent from this connection" in page.text
    assert not Complaint.objects.exists()


def test_complain_done_without_a_receipt_says_so(client):
    page = client.get(DONE)
    assert page.status_code == 200
    assert "No receipt to show" in page.text


def test_complain_anonymous_report_needs_no_name(client):
    sent = client.post(
        URL, answers(kind="report", name="", phone="", id_number="", amount_claimed="0")
    )
    assert sent.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.kind == "report" and complaint.complainant is None


def test_complain_places_lists_a_province_in_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        answer = client.get("/complain/places/", {"province": "150000"})
    groups = answer.json()
    ulanqab = next(group for group in groups if group["label"] == "乌兰察布市")
    assert ulanqab["places"][0] == ["150900", "乌兰察布市 (not sure of the county)"]
    assert ["150902", "集宁区"] in ulanqab["places"]
    assert client.get("/complain/places/", {"province": "999999"}).json() == []


def test_complain_pages_read_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # provinces, sectors, no place list yet
        client.get(URL)
    with django_assert_max_num_queries(4):  # and the places of the province chosen
        client.post(URL, answers(show_places="1"))
    client.post(URL, answers())
    with django_assert_max_num_queries(3):  # the session only
        page = client.get(DONE)
    assert 'id="access-code"' in page.text
