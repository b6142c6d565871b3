"""The tracking page (DESIGN §7.1): reference + access code → public status and timeline;
material sent when asked; the worker's own withdrawal within the law; one neutral message for
a wrong reference or code, throttled per address."""

import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Attachment
from tests.conftest import unmasked_pii
from tests.factories import move, submit

pytestmark = pytest.mark.django_db

URL = "/track/"
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def filed(world):
    result = submit(work_region="511403", complainant=world["person"], employer=world["employer"])
    return result


def open_case(client, reference: str, code: str):
    return client.post(URL, {"action": "find", "reference": reference, "access_code": code})


@pytest.mark.parametrize("typed", ["as printed", "lower case", "no dashes", "spaces"])
def test_track_opens_the_complaint_however_the_reference_is_typed(client, filed, typed):
    reference = filed.complaint.reference
    variant = {
        "as printed": reference,
        "lower case": reference.lower(),
        "no dashes": reference.replace("-", ""),
        "spaces": " " + reference.replace("-", " ").lower() + " ",
    }[typed]
    found = open_case(client, variant, filed.access_code.lower())
    assert found.status_code == 302 and found["Location"] == URL
    page = client.get(URL)
    assert page.status_code == 200
    assert reference in page.text
    assert '<strong class="tag" id="status">received</strong>' in page.text
    assert "no-store" in page["Cache-Control"]


def test_track_wrong_reference_and_wrong_code_get_the_same_message(client, filed):
    wrong_code = open_case(client, filed.complaint.reference, "AAAAAAAA")
    wrong_reference = open_case(client, "QX-AAAA-AAAA", filed.access_code)
    assert wrong_code.status_code == wrong_reference.status_code == 404
    message = "No complaint matches this reference and access code."
    assert message in wrong_code.text and message in wrong_reference.text

    def summary(page) -> str:
        start = page.text.index('class="error-summary"')
        return page.text[start : page.text.index("</div>", start)]

    assert summary(wrong_code) == summary(wrong_reference)


def test_track_look_ups_are_throttled_per_address(client, filed, settings):
    statuses = [open_case(client, "QX-AAAA-AAAA", "AAAAAAAA").status_code for _ in range(61)]
    assert statuses[:60] == [404] * 60
    assert statuses[60] == 429
    # The right pair is refused too while the address is over its limit.
    assert open_case(client, filed.complaint.reference, filed.access_code).status_code == 429


def test_track_shows_public_notes_only_with_numbers_masked(client, world, filed):
    complaint = move(
        filed.complaint,
        "request_info",
        world["inspector"],
        note="请补充工资条，或致电 13912345678 联系我们。",
    )
    open_case(client, complaint.reference, filed.access_code)
    page = client.get(URL).text
    assert "请补充工资条" in page
    assert not unmasked_pii(page)
    assert world["person"].id_number not in page and world["person"].name not in page


def test_track_worker_sends_material_and_the_case_goes_back_to_the_office(client, world, filed):
    complaint = move(filed.complaint, "request_info", world["inspector"], note="请补充工资条。")
    open_case(client, complaint.reference, filed.access_code)
    page = client.get(URL)
    assert "The office needs more from you" in page.text
    scan = SimpleUploadedFile("工资条.pdf", PDF, content_type="application/pdf")
    sent = client.post(
        URL,
        {
            "action": "provide",
            "version": complaint.version,
            "material-note": "已上传十月工资条。",
            "material-evidence": [scan],
        },
    )
    assert sent.status_code == 302 and sent["Location"] == URL
    complaint.refresh_from_db()
    assert complaint.stage == "submitted"
    assert Attachment.objects.filter(complaint=complaint).count() == 1
    after = client.get(URL).text
    assert "the office has your answer" in after
    assert "The office needs more from you" not in after


def test_track_material_with_a_bad_file_changes_nothing(client, world, filed):
    complaint = move(filed.complaint, "request_info", world["inspector"], note="请补充。")
    open_case(client, complaint.reference, filed.access_code)
    fake = SimpleUploadedFile("a.png", b"not a png", content_type="image/png")
    page = client.post(
        URL,
        {
            "action": "provide",
            "version": complaint.version,
            "material-note": "见附件",
            "material-evidence": [fake],
        },
    )
    assert page.status_code == 400
    assert 'href="#id_material-evidence"' in page.text
    complaint.refresh_from_db()
    assert complaint.stage == "needs_info"
    assert not Attachment.objects.filter(complaint=complaint).exists()


def test_track_material_needs_an_answer(client, world, filed):
    complaint = move(filed.complaint, "request_info", world["inspector"], note="请补充。")
    open_case(client, complaint.reference, filed.access_code)
    page = client.post(URL, {"action": "provide", "version": complaint.version})
    assert page.status_code == 400
    assert 'href="#id_material-note"' in page.text
    complaint.refresh_from_db()
    assert complaint.stage == "needs_info"


def test_track_worker_withdraws_before_filing(client, filed):
    open_case(client, filed.complaint.reference, filed.access_code)
    unconfirmed = client.post(URL, {"action": "withdraw", "version": filed.complaint.version})
    assert unconfirmed.status_code == 400
    filed.complaint.refresh_from_db()
    assert filed.complaint.stage == "submitted"
    done = client.post(
        URL, {"action": "withdraw", "version": filed.complaint.version, "withdraw-confirm": "on"}
    )
    assert done.status_code == 302
    filed.complaint.refresh_from_db()
    assert filed.complaint.stage == "closed" and filed.complaint.outcome == "withdrawn"
    assert '<strong class="tag" id="status">closed</strong>' in client.get(URL).text


def test_track_once_filed_the_worker_is_told_to_ask_the_office(client, world, filed):
    complaint = move(filed.complaint, "file", world["inspector"], assignees=["i1", "i2"])
    open_case(client, complaint.reference, filed.access_code)
    page = client.get(URL).text
    assert "Withdraw my complaint" not in page
    assert "it now ends by the office's decision" in page
    refused = client.post(
        URL, {"action": "withdraw", "version": complaint.version, "withdraw-confirm": "on"}
    )
    assert refused.status_code == 403
    assert "tell the office that you wish to withdraw" in refused.text
    complaint.refresh_from_db()
    assert complaint.stage == "investigating"


def test_track_leave_forgets_the_complaint_on_this_device(client, filed):
    open_case(client, filed.complaint.reference, filed.access_code)
    client.post(URL, {"action": "leave"})
    page = client.get(URL).text
    assert filed.complaint.reference not in page
    assert 'name="access_code"' in page


def test_track_page_of_a_complaint_reads_in_a_fixed_number_of_queries(
    client, world, filed, django_assert_max_num_queries
):
    complaint = filed.complaint
    for note in ("请补充工资条。", "请补充考勤表。"):
        complaint = move(complaint, "request_info", world["inspector"], note=note)
        from complaints.services import ComplainantActor

        complaint = move(
            complaint, "provide_info", ComplainantActor(filed.access_code), note="已补"
        )
    open_case(client, complaint.reference, filed.access_code)
    with django_assert_max_num_queries(8):
        page = client.get(URL)
    assert page.text.count("<li><time") == 5


def test_track_forgets_an_open_complaint_after_a_while(client, filed):
    import time_machine

    from complaints.public.views import TRACKING_IDLE_SECONDS

    open_case(client, filed.complaint.reference, filed.access_code)
    assert filed.complaint.reference in client.get(URL).text
    with time_machine.travel(time.time() + TRACKING_IDLE_SECONDS + 5, tick=False):
        page = client.get(URL).text
    assert filed.complaint.reference not in page
    assert 'name="access_code"' in page


def test_public_form_without_its_cookie_gets_plain_words(filed):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    page = browser.post(URL, {"action": "find", "reference": "x", "access_code": "y"})
    assert page.status_code == 403
    assert "The page has to be loaded again" in page.text
    assert "12333" in page.text
