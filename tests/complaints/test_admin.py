"""The back office: every page as each role, workflow forms, scope, query counts, no PII."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arrears.models import User
from arrears.reference import ensure_office
from complaints.models import Complaint
from complaints.workflow import Role
from tests.factories import submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


def client_for(client, user):
    client.force_login(user)
    return client


CHANGELIST = reverse("admin:complaints_complaint_changelist")


def change_url(complaint: Complaint) -> str:
    return reverse("admin:complaints_complaint_change", args=[complaint.pk])


def act_url(complaint: Complaint, action: str) -> str:
    return reverse("admin:complaints_complaint_transition", args=[complaint.pk, action])


# role -> (changelist, own change page, other province's page, mediate form)
EXPECTED = {
    Role.CLERK: (200, 200, 404, 403),
    Role.INSPECTOR: (200, 200, 404, 200),
    Role.SUPERVISOR: (200, 200, 404, 200),
    Role.ANALYST: (200, 200, 404, 403),
    Role.API_CLIENT: (302, 302, 302, 302),  # not staff: sent to the log-in page
}


@pytest.mark.parametrize("role", Role.values)
def test_admin_complaint_pages_by_role(client, world, role):
    c = client_for(client, world["users"][role])
    got = (
        c.get(CHANGELIST).status_code,
        c.get(change_url(world["own"])).status_code,
        c.get(change_url(world["other"])).status_code,
        c.get(act_url(world["own"], "mediate")).status_code,
    )
    assert got == EXPECTED[role]


@pytest.mark.parametrize("role", [Role.CLERK, Role.INSPECTOR, Role.SUPERVISOR, Role.ANALYST])
def test_admin_changelist_lists_only_complaints_in_scope(client, world, role):
    response = client_for(client, world["users"][role]).get(CHANGELIST)
    assert world["own"].reference in response.text
    assert world["other"].reference not in response.text
    assert "眉山市彭山区" in response.text  # the county with its city
    assert response.text.count("complaints/admin.css") == 1  # its stylesheet, once


def test_admin_out_of_scope_action_form_is_not_found(client, world):
    c = client_for(client, world["users"][Role.SUPERVISOR])
    assert c.get(act_url(world["other"], "mediate")).status_code == 404
    assert c.post(act_url(world["other"], "mediate"), {"version": 1}).status_code == 404
    world["other"].refresh_from_db()
    assert world["other"].stage == "submitted"


def test_admin_change_page_offers_the_roles_actions_and_masks_pii(client, world):
    c = client_for(client, world["users"][Role.INSPECTOR])
    page = c.get(change_url(world["own"])).text
    for action in ("request_info", "reject", "mediate", "file", "withdraw"):
        assert f"action-{action}" in page
    assert "action-transfer" not in page  # supervisors only
    person = world["person"]
    assert person.id_number not in page
    assert person.phone not in page
    assert person.id_number[:6] + "********" + person.id_number[-4:] in page


def test_admin_action_form_runs_the_transition(client, world):
    c = client_for(client, world["users"][Role.INSPECTOR])
    response = c.post(
        act_url(world["own"], "file"),
        {"version": 1, "assignees": ["i1", "i2"], "note": "立案调查"},
    )
    assert response.status_code == 302
    assert response["Location"] == change_url(world["own"])
    world["own"].refresh_from_db()
    assert world["own"].stage == "investigating"
    assert world["own"].case_number.startswith("511403-2026-")


def test_admin_action_form_shows_service_errors_and_changes_nothing(client, world):
    c = client_for(client, world["users"][Role.INSPECTOR])
    response = c.post(act_url(world["own"], "file"), {"version": 1, "assignees": ["i1"]})
    assert response.status_code == 200
    assert "at least two" in response.text
    world["own"].refresh_from_db()
    assert (world["own"].stage, world["own"].version) == ("submitted", 1)


def test_admin_action_form_reports_a_stale_version(client, world):
    c = client_for(client, world["users"][Role.INSPECTOR])
    response = c.post(act_url(world["own"], "mediate"), {"version": 7})
    assert response.status_code == 200
    assert "changed by someone else" in response.text
    world["own"].refresh_from_db()
    assert world["own"].stage == "submitted"


def test_admin_action_not_possible_from_stage_redirects_with_message(client, world):
    c = client_for(client, world["users"][Role.SUPERVISOR])
    response = c.get(act_url(world["own"], "reopen"), follow=True)
    assert response.redirect_chain[-1][0] == change_url(world["own"])
    assert "not possible" in response.text


def test_admin_changelist_filters(client, world):
    c = client_for(client, world["users"][Role.SUPERVISOR])
    assert world["own"].reference in c.get(CHANGELIST, {"region": "511400"}).text
    assert world["own"].reference not in c.get(CHANGELIST, {"region": "511402"}).text
    assert world["own"].reference not in c.get(CHANGELIST, {"overdue": "any"}).text
    assert world["own"].reference in c.get(CHANGELIST, {"q": world["own"].reference}).text
    assert world["own"].reference not in c.get(CHANGELIST, {"mine": "yes"}).text
    for params in ({"group": "yes"}, {"crime": "yes"}, {"overdue": "order"}):
        assert c.get(CHANGELIST, params).status_code == 200


def queries_for_changelist(client, user, n: int) -> int:
    for _ in range(n):
        submit(work_region="511403")
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_admin_changelist_query_count_is_bounded(client, world):
    user = world["users"][Role.SUPERVISOR]
    few = queries_for_changelist(client, user, 5)
    many = queries_for_changelist(client, user, 45)
    assert Complaint.objects.count() >= 50
    assert many == few
    assert many <= 16, many


@pytest.mark.parametrize(
    "name",
    [
        "admin:arrears_region_changelist",
        "admin:arrears_employer_changelist",
        "admin:arrears_worker_changelist",
        "admin:arrears_office_changelist",
        "admin:arrears_blacklistentry_changelist",
    ],
)
@pytest.mark.parametrize(("role", "status"), [(Role.INSPECTOR, 200), (Role.CLERK, 200)])
def test_admin_reference_pages(client, world, name, role, status):
    user = world["users"][role]
    expected = status
    if name.endswith("blacklistentry_changelist") and role == Role.CLERK:
        expected = 403
    assert client_for(client, user).get(reverse(name)).status_code == expected


def test_admin_worker_list_is_scoped_and_masked(client, world):
    page = (
        client_for(client, world["users"][Role.INSPECTOR])
        .get(reverse("admin:arrears_worker_changelist"))
        .text
    )
    person = world["person"]
    assert person.id_number[-4:] in page
    assert person.id_number not in page
    assert person.phone not in page
    other_worker = world["other"].complainant
    assert other_worker.masked_id not in page


def test_admin_superuser_sees_everything(client, world):
    admin = User.objects.create_superuser("root", password="pw")
    page = client_for(client, admin).get(CHANGELIST).text
    assert world["own"].reference in page and world["other"].reference in page


def reveal_url(complaint: Complaint) -> str:
    return reverse("admin:complaints_complaint_reveal", args=[complaint.pk])


def test_admin_reveal_asks_why_shows_once_and_logs(client, world):
    from arrears.models import PiiAccess

    c = client_for(client, world["users"][Role.INSPECTOR])
    assert "reveal-pii" in c.get(change_url(world["own"])).text
    assert c.get(reveal_url(world["own"])).status_code == 200
    empty = c.post(reveal_url(world["own"]), {"reason": ""})
    assert empty.status_code == 200
    assert world["person"].id_number not in empty.text
    assert not PiiAccess.objects.exists()
    shown = c.post(reveal_url(world["own"]), {"reason": "电话联系核实欠薪金额"})
    assert shown.status_code == 200
    assert world["person"].id_number in shown.text
    assert world["person"].phone in shown.text
    assert "no-store" in shown["Cache-Control"]
    log = PiiAccess.objects.get()
    assert (log.user.username, log.reason) == ("i1", "电话联系核实欠薪金额")


@pytest.mark.parametrize("role", [Role.CLERK, Role.ANALYST])
def test_admin_reveal_forbidden_without_view_pii(client, world, role):
    c = client_for(client, world["users"][role])
    assert "reveal-pii" not in c.get(change_url(world["own"])).text
    assert c.get(reveal_url(world["own"])).status_code == 403
    assert c.post(reveal_url(world["own"]), {"reason": "想看看"}).status_code == 403


def test_admin_reveal_out_of_scope_is_not_found(client, world):
    c = client_for(client, world["users"][Role.SUPERVISOR])
    assert c.post(reveal_url(world["other"]), {"reason": "核实身份"}).status_code == 404


def test_admin_landing_page_shows_my_cases_overdue_and_countdown(client, world):
    from tests.factories import move

    inspector = world["users"][Role.INSPECTOR]
    move(world["own"], "file", inspector, assignees=["i1", "i2"])
    page = client_for(client, inspector).get(reverse("admin:index")).text
    assert world["own"].reference in page  # mine, by next due date
    assert "68" in page  # days from 30 Nov 2026 to Spring Festival, 6 Feb 2027
    assert 'class="overdue-acceptance">0<' in page


def test_admin_landing_page_query_count_is_small(client, world, django_assert_max_num_queries):
    client_for(client, world["users"][Role.SUPERVISOR])
    with django_assert_max_num_queries(14):
        assert client.get(reverse("admin:index")).status_code == 200


def bulk(client, action: str, complaints, **fields):
    data = {"action": action, "_selected_action": [c.pk for c in complaints], "index": 0}
    return client.post(CHANGELIST, {**data, "apply": "1", **fields}, follow=True)


def test_admin_bulk_request_info_reports_each_failed_row(client, world):
    from tests.factories import move

    sup = world["users"][Role.SUPERVISOR]
    second = submit(work_region="511403").complaint
    move(second, "mediate", sup)  # no longer "submitted": request_info must fail for it
    c = client_for(client, sup)
    asked = c.post(
        CHANGELIST,
        {"action": "request_information", "_selected_action": [world["own"].pk], "index": 0},
    )
    assert asked.status_code == 200 and "what is missing" in asked.text
    response = bulk(c, "request_information", [world["own"], second], note="请补充工资条")
    world["own"].refresh_from_db()
    second.refresh_from_db()
    assert (world["own"].stage, second.stage) == ("needs_info", "mediating")
    text = response.text
    assert "1 done" in text
    assert f"{second.reference}: " in text and "not possible" in text


def test_admin_bulk_assign_and_transfer(client, world):
    c = client_for(client, world["users"][Role.SUPERVISOR])
    bulk(c, "assign_inspectors", [world["own"]], assignees=["i1"])
    assert list(world["own"].assignees.values_list("username", flat=True)) == ["i1"]
    target = ensure_office("150902")
    bulk(c, "transfer_to_office", [world["own"]], office=target.pk)
    world["own"].refresh_from_db()
    assert world["own"].office == target


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        (Role.CLERK, set()),
        (Role.ANALYST, set()),
        (Role.INSPECTOR, {"request_information"}),
        (Role.SUPERVISOR, {"assign_inspectors", "transfer_to_office", "request_information"}),
    ],
)
def test_admin_bulk_actions_offered_by_role(client, world, role, offered):
    page = client_for(client, world["users"][role]).get(CHANGELIST).text
    names = {"assign_inspectors", "transfer_to_office", "request_information"}
    assert {n for n in names if f'value="{n}"' in page} == offered


def employer_url(employer) -> str:
    return reverse("admin:arrears_employer_change", args=[employer.pk])


def test_admin_employer_page_sums_complaints_in_scope_only(client, world):
    employer = world["own"].employer
    from arrears.services import EmployerInput

    # a complaint against the same employer in another province stays out of the sums
    submit(work_region="150902", employer=EmployerInput(name=employer.name, uscc=employer.uscc))
    page = client_for(client, world["users"][Role.INSPECTOR]).get(employer_url(employer)).text
    assert world["own"].reference in page
    assert 'class="employer-summary"' in page
    assert "12000.00" in page and "24000.00" not in page


def test_admin_employer_merge_action(client, world):
    from arrears.models import Employer

    second = submit(work_region="511403").complaint  # the same employer, entered again
    keep, duplicate = world["own"].employer, second.employer
    out_of_scope = world["other"].employer

    Employer.objects.filter(pk=duplicate.pk).update(uscc=None)
    data = {"action": "merge_employers", "_selected_action": [keep.pk, duplicate.pk], "index": 0}
    url = reverse("admin:arrears_employer_changelist")
    inspector = client_for(client, world["users"][Role.INSPECTOR])
    assert 'value="merge_employers"' not in inspector.get(url).text
    sup = client_for(client, world["users"][Role.SUPERVISOR])
    asked = sup.post(url, data)
    assert asked.status_code == 200 and 'name="keep"' in asked.text
    done = sup.post(url, {**data, "keep": keep.pk}, follow=True)
    assert "1 complaint moved" in done.text
    second.refresh_from_db()
    assert second.employer == keep
    assert not Employer.objects.filter(pk=duplicate.pk).exists()
    # another province's employer is not the supervisor's to see, let alone merge
    assert (
        sup.get(reverse("admin:arrears_employer_change", args=[out_of_scope.pk])).status_code == 404
    )


def test_admin_attachment_served_only_in_scope(client, world):
    from django.core.files.base import ContentFile

    from complaints.models import Attachment

    own = Attachment.objects.create(
        complaint=world["own"], file=ContentFile(b"%PDF-1.4 payslip", name="payslip.pdf")
    )
    other = Attachment.objects.create(
        complaint=world["other"], file=ContentFile(b"%PDF-1.4 contract", name="contract.pdf")
    )
    url = reverse("admin:complaints_complaint_attachment", args=[world["own"].pk, own.pk])
    c = client_for(client, world["users"][Role.INSPECTOR])
    response = c.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 payslip"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "payslip" in c.get(change_url(world["own"])).text
    # another complaint's file through this complaint's URL, and an out-of-scope complaint
    wrong = reverse("admin:complaints_complaint_attachment", args=[world["own"].pk, other.pk])
    assert c.get(wrong).status_code == 404
    out = reverse("admin:complaints_complaint_attachment", args=[world["other"].pk, other.pk])
    assert c.get(out).status_code == 404
    # an analyst sees the case but not its evidence: no list of files, no download
    analyst = client_for(client, world["users"][Role.ANALYST])
    assert "payslip" not in analyst.get(change_url(world["own"])).text
    assert analyst.get(url).status_code == 403


def test_admin_complaint_page_links_the_group(client, world):
    from arrears.services import EmployerInput

    employer = world["own"].employer
    mate = submit(employer=EmployerInput(name=employer.name, uscc=employer.uscc)).complaint
    page = client_for(client, world["users"][Role.INSPECTOR]).get(change_url(world["own"])).text
    assert "related-complaints" in page
    assert mate.reference in page
    assert world["other"].reference not in page


def test_admin_campaign_risk_filter(client, world):
    from tests.factories import move

    sup = world["users"][Role.SUPERVISOR]
    at_risk = move(world["own"], "file", sup, assignees=["i1", "i2"])  # due March
    safe = submit(work_region="511403").complaint  # acceptance due in December
    page = client_for(client, sup).get(CHANGELIST, {"risk": "yes"}).text
    assert at_risk.reference in page
    assert safe.reference not in page


def test_admin_records_the_service_of_a_document(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from complaints.models import Event
    from tests.factories import move

    sup = world["users"][Role.SUPERVISOR]
    complaint = move(world["own"], "file", sup, assignees=["i1", "i2"])
    complaint = move(complaint, "issue_order", sup, amount="12000", order_due="2026-12-20")
    document = complaint.documents.get()
    serve = reverse("admin:complaints_complaint_document_serve", args=[complaint.pk, document.pk])
    c = client_for(client, world["users"][Role.INSPECTOR])
    page = c.get(change_url(complaint)).text
    assert serve in page
    assert c.get(serve).status_code == 200
    early = c.post(serve, {"served_on": "2026-11-29"})
    assert early.status_code == 200
    assert "A document is served on or after the day it is issued." in early.text
    scan = SimpleUploadedFile("served.pdf", b"%PDF-1.7 signed", content_type="application/pdf")
    done = c.post(serve, {"served_on": "2026-11-30", "file": scan})
    assert done.status_code == 302
    document.refresh_from_db()
    assert document.served_on.isoformat() == "2026-11-30"
    assert Event.objects.filter(complaint=complaint, action="serve_document").count() == 1
    scan_url = reverse("admin:complaints_complaint_document_file", args=[complaint.pk, document.pk])
    assert scan_url in c.get(change_url(complaint)).text
    served = c.get(scan_url)
    assert b"".join(served.streaming_content) == b"%PDF-1.7 signed"
    assert "no-store" in served["Cache-Control"]
    again = c.post(serve, {"served_on": "2026-11-30"})
    assert "This document was already served on 2026-11-30." in again.text
    reopened = c.get(serve, follow=True)  # no form for a served document
    assert reopened.redirect_chain[-1][0] == change_url(complaint)
    assert "This document was already served on 2026-11-30." in reopened.text
    assert "眉山市彭山区 (511403)" in reopened.text  # the county with its city on the page


@pytest.mark.parametrize(("role", "status"), [(Role.CLERK, 403), (Role.ANALYST, 403)])
def test_admin_document_service_is_for_inspectors(client, world, role, status):
    from tests.factories import move

    sup = world["users"][Role.SUPERVISOR]
    complaint = move(world["own"], "file", sup, assignees=["i1", "i2"])
    complaint = move(complaint, "issue_order", sup, amount="12000", order_due="2026-12-20")
    document = complaint.documents.get()
    serve = reverse("admin:complaints_complaint_document_serve", args=[complaint.pk, document.pk])
    c = client_for(client, world["users"][role])
    assert serve not in c.get(change_url(complaint)).text  # no link to a form they may not use
    assert c.get(serve).status_code == status
    assert c.post(serve, {"served_on": "2026-11-30"}).status_code == status
    other = reverse("admin:complaints_complaint_document_serve", args=[world["other"].pk, 1])
    assert client_for(client, sup).get(other).status_code == 404
    document.refresh_from_db()
    assert document.served_on is None
