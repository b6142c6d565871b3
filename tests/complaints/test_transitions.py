import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from arrears.errors import RoleNotAllowed
from arrears.reference import ensure_office
from complaints.errors import InvalidTransition, OutOfScope, StaleVersion, ThresholdNotMet
from complaints.models import AppendOnlyError, Complaint, Document, Event, Notification, Payment
from complaints.services import ComplainantActor, complaint_transition
from complaints.workflow import Stage
from tests.factories import NOW, SHANGHAI, move, staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


@pytest.fixture
def team():
    ensure_office("511403")
    return {
        "clerk": staff("clerk", "clerk"),
        "i1": staff("i1", "inspector"),
        "i2": staff("i2", "inspector"),
        "sup": staff("sup", "supervisor"),
        "analyst": staff("analyst", "analyst"),
    }


def filed(team) -> Complaint:
    complaint = submit().complaint
    return move(complaint, "file", team["i1"], assignees=["i1", "i2"])


def ordered(team, amount: str = "12000", due=datetime.date(2026, 12, 15)) -> Complaint:
    return move(filed(team), "issue_order", team["sup"], amount=amount, order_due=due)


def test_transition_file_assigns_case_number_clock_and_inspectors(team):
    complaint = filed(team)
    assert complaint.stage == Stage.INVESTIGATING
    assert complaint.case_number == "511403-2026-00001"
    assert complaint.investigation_due == datetime.date(2027, 3, 1)
    assert complaint.next_due == complaint.investigation_due
    assert complaint.acceptance_due is None
    assert sorted(complaint.assignees.values_list("username", flat=True)) == ["i1", "i2"]
    assert complaint.version == 2
    second = filed(team)
    assert second.case_number == "511403-2026-00002"


@pytest.mark.parametrize(
    ("assignees", "message"),
    [(["i1"], "at least two"), (["i1", "clerk"], "clerk"), (["i1", "nobody"], "nobody")],
)
def test_transition_file_needs_two_inspectors_in_scope(team, assignees, message):
    complaint = submit().complaint
    with pytest.raises(ValidationError) as exc:
        move(complaint, "file", team["i1"], assignees=assignees)
    assert message in exc.value.message_dict["assignees"][0]
    complaint.refresh_from_db()
    assert (complaint.stage, complaint.version, complaint.case_number) == ("submitted", 1, None)
    assert complaint.events.count() == 1


def test_transition_file_refuses_inspector_of_another_province(team):
    staff("far", "inspector", region="440305")
    complaint = submit().complaint
    with pytest.raises(ValidationError):
        move(complaint, "file", team["i1"], assignees=["i1", "far"])


def test_transition_request_info_pauses_and_provide_info_restarts_clock(team):
    result = submit()
    complaint = move(result.complaint, "request_info", team["i1"], note="请补充劳动合同或工资条")
    assert (complaint.stage, complaint.acceptance_due, complaint.next_due) == (
        "needs_info",
        None,
        None,
    )
    assert Document.objects.filter(complaint=complaint, kind="request_material").exists()
    # the complainant answers on the tracking page, proven by the access code
    with pytest.raises(OutOfScope):
        move(complaint, "provide_info", ComplainantActor("WRONGCOD"), note="已上传工资条")
    complaint = move(
        complaint, "provide_info", ComplainantActor(result.access_code), note="已上传工资条"
    )
    assert complaint.stage == Stage.SUBMITTED
    assert complaint.acceptance_due == datetime.date(2026, 12, 7)
    event = complaint.events.latest("id")
    assert (event.action, event.actor, event.public) == ("provide_info", None, True)


def test_transition_reject_needs_a_listed_reason_and_a_note(team):
    complaint = submit().complaint
    with pytest.raises(ValidationError) as exc:
        move(complaint, "reject", team["i1"], reason="too_busy", note="x")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        move(complaint, "reject", team["i1"], reason="in_dispute_process")
    assert "note" in exc.value.message_dict
    complaint = move(
        complaint,
        "reject",
        team["i1"],
        reason="in_dispute_process",
        note="已申请劳动仲裁，请向仲裁委了解进度",
    )
    assert (complaint.stage, complaint.next_due, complaint.outcome) == ("rejected", None, "")
    assert complaint.outcome_note == "已申请劳动仲裁，请向仲裁委了解进度"


def test_transition_extend_once_adds_thirty_working_days(team):
    complaint = filed(team)
    with pytest.raises(RoleNotAllowed):
        move(complaint, "extend", team["i1"], note="案情复杂")
    complaint = move(complaint, "extend", team["sup"], note="案情复杂，需异地调查")
    assert complaint.extended
    assert complaint.investigation_due == datetime.date(2027, 4, 13)
    with pytest.raises(InvalidTransition):
        move(complaint, "extend", team["sup"], note="again")


def test_transition_issue_order_sets_amount_due_and_document(team):
    complaint = ordered(team)
    assert complaint.stage == Stage.ORDER_ISSUED
    assert complaint.amount_verified == Decimal("12000.00")
    assert complaint.next_due == datetime.date(2026, 12, 15)
    doc = Document.objects.get(complaint=complaint, kind="rectification_order")
    assert (doc.amount, doc.due_on) == (Decimal("12000.00"), datetime.date(2026, 12, 15))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount": "0", "order_due": "2026-12-15"}, "amount"),
        ({"amount": "5000", "order_due": "2026-11-30"}, "order_due"),
        ({"amount": "5000", "order_due": "15/12/2026"}, "order_due"),
        ({"amount": "5000"}, "order_due"),
    ],
)
def test_transition_issue_order_bad_fields(team, fields, field):
    complaint = filed(team)
    with pytest.raises(ValidationError) as exc:
        move(complaint, "issue_order", team["sup"], **fields)
    assert field in exc.value.message_dict
    complaint.refresh_from_db()
    assert complaint.stage == Stage.INVESTIGATING
    assert not Document.objects.filter(complaint=complaint).exists()


def test_transition_payments_keep_amount_recovered_equal_to_their_sum(team):
    complaint = ordered(team)
    for amount, paid_on in (("5000.10", "2026-11-30"), ("6999.90", "2026-11-30")):
        complaint = move(
            complaint,
            "record_payment",
            team["i1"],
            amount=amount,
            paid_on=paid_on,
            source="main_contractor",
            workers_paid=1,
        )
    assert complaint.amount_recovered == Decimal("12000.00")
    assert complaint.stage == Stage.ORDER_ISSUED
    assert sum(p.amount for p in Payment.objects.filter(complaint=complaint)) == Decimal("12000.00")
    complaint = move(complaint, "close", team["i1"], outcome="paid_in_full")
    assert (complaint.stage, complaint.outcome, complaint.next_due) == (
        "closed",
        "paid_in_full",
        None,
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount": "-1", "paid_on": "2026-11-30", "source": "employer"}, "amount"),
        ({"amount": "100", "paid_on": "2026-12-01", "source": "employer"}, "paid_on"),
        ({"amount": "100", "paid_on": "2001-01-01", "source": "employer"}, "paid_on"),
        ({"amount": "100", "paid_on": "2026-11-30", "source": "lottery"}, "source"),
        (
            {"amount": "100", "paid_on": "2026-11-30", "source": "employer", "workers_paid": 5},
            "workers_paid",
        ),
    ],
)
def test_transition_record_payment_bad_fields_change_nothing(team, fields, field):
    complaint = ordered(team)
    with pytest.raises(ValidationError) as exc:
        move(complaint, "record_payment", team["i1"], **fields)
    assert field in exc.value.message_dict
    complaint.refresh_from_db()
    assert complaint.amount_recovered == 0
    assert not Payment.objects.exists()


def test_transition_close_paid_in_full_needs_the_money(team):
    complaint = ordered(team)
    with pytest.raises(ValidationError):
        move(complaint, "close", team["i1"], outcome="paid_in_full")
    with pytest.raises(ValidationError):
        move(complaint, "close", team["i1"], outcome="paid_partially")


def test_transition_close_unfounded_only_by_supervisor(team):
    complaint = filed(team)
    with pytest.raises(RoleNotAllowed):
        move(complaint, "close", team["i1"], outcome="unfounded")
    complaint = move(complaint, "close", team["sup"], outcome="unfounded", note="经调查无欠薪")
    assert complaint.outcome == "unfounded"


def test_transition_refer_police_needs_threshold_or_override(team):
    complaint = ordered(team, due=datetime.date(2026, 12, 15))
    with pytest.raises(ThresholdNotMet) as exc:
        move(complaint, "refer_police", team["sup"])
    assert "override_reason" in exc.value.fields
    complaint = move(complaint, "refer_police", team["sup"], override_reason="转移财产、逃匿")
    assert complaint.stage == Stage.REFERRED_POLICE
    assert complaint.events.latest("id").data["override_reason"] == "转移财产、逃匿"


def test_transition_refer_police_allowed_once_order_overdue_and_threshold_met(team):
    complaint = ordered(team, due=datetime.date(2026, 12, 4))
    with time_machine.travel(datetime.datetime(2026, 12, 8, 9, tzinfo=SHANGHAI), tick=False):
        complaint = move(complaint, "refer_police", team["sup"])
    assert complaint.stage == Stage.REFERRED_POLICE
    assert "override_reason" not in complaint.events.latest("id").data


def test_transition_transfer_keeps_history_visible_to_both_offices(team):
    ulanqab_sup = staff("wu", "supervisor", region="150900")
    complaint = submit().complaint
    complaint = move(complaint, "transfer", team["sup"], office=ensure_office("150900").pk)
    assert complaint.office.region_id == "150900"
    assert complaint.stage == Stage.SUBMITTED
    # the sending office still sees it (transferred from it), the receiving office too
    from complaints.selectors import complaints_visible_to

    assert complaints_visible_to(team["sup"]).filter(pk=complaint.pk).exists()
    assert complaints_visible_to(ulanqab_sup).filter(pk=complaint.pk).exists()
    with pytest.raises(ValidationError):
        move(complaint, "transfer", ulanqab_sup, office=complaint.office_id)


def test_transition_withdraw_by_complainant(team):
    result = submit()
    complaint = move(result.complaint, "withdraw", ComplainantActor(result.access_code))
    assert (complaint.stage, complaint.outcome) == ("closed", "withdrawn")
    assert complaint.closed_at == NOW


def test_transition_complainant_cannot_end_a_filed_complaint_or_a_report(team):
    # Once filed (立案) a complaint ends by a decision (劳动保障监察条例 art. 18); a report is
    # not its author's to end: the inspector records the wish instead.
    result = submit()
    complaint = move(result.complaint, "file", team["i1"], assignees=["i1", "i2"])
    with pytest.raises(RoleNotAllowed):
        move(complaint, "withdraw", ComplainantActor(result.access_code))
    report = submit(kind="report")
    with pytest.raises(RoleNotAllowed):
        move(report.complaint, "withdraw", ComplainantActor(report.access_code))
    assert move(complaint, "withdraw", team["i1"]).outcome == "withdrawn"


def test_transition_reopen_restarts_investigation(team):
    complaint = move(filed(team), "close", team["sup"], outcome="unfounded")
    with pytest.raises(RoleNotAllowed):
        move(complaint, "reopen", team["i1"], note="新证据")
    complaint = move(complaint, "reopen", team["sup"], note="工人提供了新证据")
    assert (complaint.stage, complaint.outcome, complaint.closed_at) == ("investigating", "", None)
    assert complaint.next_due == datetime.date(2027, 3, 1)


def test_transition_mediate_then_file_keeps_one_case_number(team):
    complaint = move(submit().complaint, "mediate", team["i1"])
    assert (complaint.stage, complaint.next_due) == ("mediating", None)
    complaint = move(complaint, "file", team["i1"], assignees=["i1", "i2"])
    assert complaint.case_number.endswith("00001")


def test_transition_stale_version_changes_nothing(team):
    complaint = submit().complaint
    with pytest.raises(StaleVersion):
        complaint_transition(
            complaint=complaint, action="mediate", actor=team["i1"], version=complaint.version + 1
        )
    complaint.refresh_from_db()
    assert (complaint.stage, complaint.version) == ("submitted", 1)


def test_transition_invalid_from_stage(team):
    complaint = submit().complaint
    with pytest.raises(InvalidTransition):
        move(complaint, "issue_order", team["sup"], amount="100", order_due="2026-12-31")
    with pytest.raises(InvalidTransition):
        move(complaint, "fly_away", team["sup"])


@pytest.mark.parametrize("role", ["clerk", "analyst"])
def test_transition_roles_without_workflow_rights(team, role):
    complaint = submit().complaint
    with pytest.raises(RoleNotAllowed):
        move(complaint, "mediate", team[role])


def test_transition_unexpected_field_is_refused(team):
    complaint = submit().complaint
    with pytest.raises(ValidationError) as exc:
        move(complaint, "mediate", team["i1"], stage="closed")
    assert "stage" in exc.value.message_dict


def test_transition_back_dated_steps_keep_events_in_order(team):
    clerk = team["clerk"]
    received = datetime.datetime(2026, 11, 2, 9, tzinfo=SHANGHAI)
    complaint = submit(actor=clerk, channel="walk_in", received_at=received).complaint
    with pytest.raises(ValidationError):
        complaint_transition(
            complaint=complaint,
            action="mediate",
            actor=team["i1"],
            version=1,
            at=received - datetime.timedelta(hours=1),
        )
    with pytest.raises(ValidationError):
        complaint_transition(
            complaint=complaint,
            action="mediate",
            actor=team["i1"],
            version=1,
            at=NOW + datetime.timedelta(minutes=1),
        )
    complaint = complaint_transition(
        complaint=complaint,
        action="file",
        actor=team["i1"],
        version=1,
        at=datetime.datetime(2026, 11, 4, 9, tzinfo=SHANGHAI),
        assignees=["i1", "i2"],
    )
    assert complaint.investigation_due == datetime.date(2027, 1, 28)  # 60 WD from Wed 4 Nov


def test_transition_writes_event_and_sms_for_public_steps_only(team):
    complaint = filed(team)
    complaint = move(complaint, "extend", team["sup"], note="需异地调查")
    actions = list(Event.objects.filter(complaint=complaint).values_list("action", "public"))
    assert actions == [("submit", True), ("file", True), ("extend", False)]
    templates = list(
        Notification.objects.filter(complaint=complaint).values_list("template", flat=True)
    )
    assert templates == ["complaint_received", "complaint_file"]


def test_events_are_append_only(team):
    event = submit().complaint.events.get()
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_due_date_explanations_follow_the_running_clocks(team):
    from complaints import clocks

    complaint = move(filed(team), "extend", team["sup"], note="需异地调查")
    explained = clocks.explanations(complaint)
    assert set(explained) == {"investigation_due"}  # acceptance clock no longer set
    clock = explained["investigation_due"]
    assert (clock["start"], clock["days"], clock["due"]) == ("2027-03-01", 30, "2027-04-13")
    assert clock["explanation"] == (
        "30 working days from 2027-03-01: due 2027-04-13. Public holidays not counted: 2027-04-05."
    )


def test_attachment_over_ten_megabytes_is_refused(team):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from complaints.models import Attachment

    complaint = submit().complaint
    big = SimpleUploadedFile("payslip.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "application/pdf")
    attachment = Attachment(complaint=complaint, file=big)
    with pytest.raises(ValidationError) as exc:
        attachment.full_clean()
    assert "file" in exc.value.message_dict


def test_side_measures_record_documents_and_keep_the_stage(team):
    from arrears.models import BlacklistEntry

    complaint = ordered(team, amount="12000")
    complaint = move(complaint, "impose_penalty", team["sup"], amount="20000")
    with pytest.raises(ValidationError) as exc:
        move(complaint, "order_compensation", team["sup"], amount="5999.99", due_on="2026-12-31")
    assert "amount" in exc.value.message_dict
    complaint = move(
        complaint, "order_compensation", team["sup"], amount="6000", due_on="2026-12-31"
    )
    complaint = move(complaint, "blacklist", team["sup"], criterion="amount")
    assert complaint.stage == Stage.ORDER_ISSUED
    kinds = set(Document.objects.filter(complaint=complaint).values_list("kind", flat=True))
    assert kinds == {"rectification_order", "penalty_decision", "compensation_order"}
    entry = BlacklistEntry.objects.get()
    assert (entry.employer_id, entry.expires_on) == (
        complaint.employer_id,
        datetime.date(2029, 11, 30),
    )
    with pytest.raises(ValidationError):
        move(complaint, "blacklist", team["sup"], criterion="amount")
    with pytest.raises(RoleNotAllowed):
        move(complaint, "impose_penalty", team["i1"], amount="100")


def test_wage_guarantee_payment_issues_a_guarantee_notice(team):
    complaint = ordered(team, amount="12000")
    move(
        complaint,
        "record_payment",
        team["i1"],
        amount="12000",
        paid_on="2026-11-30",
        source="wage_guarantee",
        workers_paid=1,
    )
    assert Document.objects.filter(complaint=complaint, kind="guarantee_payment").exists()


def test_transition_paid_in_full_after_mediation_covers_the_claim(team):
    complaint = move(submit(amount_claimed="100000").complaint, "mediate", team["i1"])
    complaint = move(
        complaint, "record_payment", team["i1"], amount="1", paid_on="2026-11-30", source="employer"
    )
    with pytest.raises(ValidationError):
        move(complaint, "close", team["i1"], outcome="paid_in_full")
    complaint = move(
        complaint,
        "record_payment",
        team["i1"],
        amount="99999",
        paid_on="2026-11-30",
        source="employer",
    )
    complaint = move(complaint, "close", team["i1"], outcome="paid_in_full")
    assert complaint.outcome == "paid_in_full"


def test_transition_back_dated_steps_queue_no_text_messages(team):
    received = datetime.datetime(2026, 11, 2, 9, tzinfo=SHANGHAI)
    complaint = submit(actor=team["clerk"], channel="letter", received_at=received).complaint
    complaint_transition(
        complaint=complaint,
        action="mediate",
        actor=team["i1"],
        version=1,
        at=datetime.datetime(2026, 11, 3, 9, tzinfo=SHANGHAI),
    )
    assert not Notification.objects.filter(complaint=complaint).exists()
    complaint.refresh_from_db()
    move(complaint, "close", team["i1"], outcome="settled_by_mediation")
    assert list(Notification.objects.values_list("template", flat=True)) == ["complaint_close"]


def test_transition_assign_before_and_after_filing(team):
    complaint = move(submit().complaint, "assign", team["sup"], assignees=["i1"])
    assert list(complaint.assignees.values_list("username", flat=True)) == ["i1"]
    assert complaint.stage == Stage.SUBMITTED
    complaint = move(complaint, "file", team["i1"], assignees=["i1", "i2"])
    with pytest.raises(ValidationError) as exc:
        move(complaint, "assign", team["sup"], assignees=["i2"])
    assert "two" in exc.value.message_dict["assignees"][0]
    with pytest.raises(RoleNotAllowed):
        move(complaint, "assign", team["i1"], assignees=["i1", "i2"])
    complaint = move(complaint, "assign", team["sup"], assignees=["i2", "sup"])
    assert sorted(complaint.assignees.values_list("username", flat=True)) == ["i2", "sup"]
    assert complaint.events.latest("id").data["previous"] == ["i1", "i2"]


def test_transition_record_claim_adds_and_updates_a_workers_claim(team):
    from complaints.models import Claim
    from tests.factories import WorkerInputFactory

    complaint = submit(workers_affected=12, amount_claimed="120000").complaint
    crew = WorkerInputFactory()
    complaint = move(
        complaint,
        "record_claim",
        team["i1"],
        name=crew.name,
        id_number=crew.id_number,
        phone=crew.phone,
        amount_owed="9000",
        months_owed=4,
    )
    complaint = move(
        complaint,
        "record_claim",
        team["i1"],
        name=crew.name,
        id_number=crew.id_number,
        amount_owed="9000",
        months_owed=4,
        amount_verified="8800",
    )
    claims = Claim.objects.filter(complaint=complaint).order_by("id")
    assert claims.count() == 2  # the complainant's share and the crew member's
    assert (claims[1].amount_verified, claims[1].months_owed) == (Decimal("8800.00"), 4)
    assert complaint.stage == Stage.SUBMITTED
    with pytest.raises(ValidationError) as exc:
        move(complaint, "record_claim", team["i1"], name="李四", id_number="123", amount_owed="1")
    assert "id_number" in exc.value.message_dict
    with pytest.raises(RoleNotAllowed):
        move(
            complaint,
            "record_claim",
            team["clerk"],
            name="李四",
            id_number=crew.id_number,
            amount_owed="1",
        )


def test_attachment_add_is_recorded_in_the_history(team):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from complaints.services import attachment_add

    complaint = submit().complaint
    scan = SimpleUploadedFile("payslip.pdf", b"%PDF-1.4 payslip", "application/pdf")
    attachment = attachment_add(complaint=complaint, actor=team["clerk"], file=scan)
    event = complaint.events.get(action="attachment_added")
    assert event.actor == team["clerk"]
    assert event.data == {"attachment": attachment.pk, "size": len(b"%PDF-1.4 payslip")}
    assert event.public is False
    assert (event.from_stage, event.to_stage) == (complaint.stage, complaint.stage)
