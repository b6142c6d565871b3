"""Writes on reference data stay in scope and leave a record (issue: admin scope holes):
merging employers, taking one off the blacklist, changing the working-day calendar."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from arrears.errors import OutOfScope, ReadOnly, RoleNotAllowed
from arrears.models import AuditEvent, BlacklistEntry, CalendarDay, Employer
from arrears.reference import ensure_office
from arrears.services import EmployerInput, calendar_day_remove, calendar_day_set
from complaints.models import Complaint, Event
from complaints.services import blacklist_remove, employer_merge
from complaints.workflow import Role
from tests.factories import credit_code, move, staff, submit

pytestmark = pytest.mark.django_db

HOME, FAR = "511403", "150902"


def blacklisted(region: str, sup) -> Complaint:
    """A complaint of `region` carried to an order and blacklisting by its office's `sup`."""
    inspector = staff(f"i-{region}", Role.INSPECTOR, region=region)
    complaint = submit(
        work_region=region, employer=EmployerInput(name=f"{region}建筑劳务有限公司", uscc="")
    ).complaint
    complaint = move(complaint, "file", inspector, assignees=[inspector.username, sup.username])
    complaint = move(complaint, "issue_order", sup, amount="5000", order_due="2026-12-20")
    return move(complaint, "blacklist", sup, criterion="amount")


@pytest.fixture
def offices():
    """Not the shared `world`: two provinces' supervisors, each office with an employer it
    blacklisted, so that every write can be tried from the other side."""
    ensure_office(HOME)
    ensure_office(FAR)
    home_sup = staff("home-sup", Role.SUPERVISOR, region=HOME)
    far_sup = staff("far-sup", Role.SUPERVISOR, region=FAR)
    return {
        "home_sup": home_sup,
        "far_sup": far_sup,
        "home": blacklisted(HOME, home_sup),
        "far": blacklisted(FAR, far_sup),
    }


def test_merge_refuses_an_employer_of_another_province(offices):
    # given another province's blacklisted employer (visible: the list is published)
    keep = offices["home"].employer
    theirs = offices["far"].employer

    # when the Pengshan supervisor tries to fold it into a local company
    with pytest.raises(OutOfScope):
        employer_merge(keep=keep, duplicate=theirs, actor=offices["home_sup"])

    # then nothing moved and nothing was deleted
    assert Employer.objects.filter(pk=theirs.pk).exists()
    assert Complaint.objects.get(pk=offices["far"].pk).employer_id == theirs.pk
    assert BlacklistEntry.objects.get(complaint=offices["far"]).employer_id == theirs.pk


def test_merge_refuses_records_with_rows_another_office_handles(offices):
    # given a local employer that also has a complaint in Ulanqab
    keep = offices["home"].employer
    duplicate = Employer.objects.create(
        name="彭山某劳务公司（重复录入）", region_id=HOME, uscc=credit_code("511403")
    )
    submit(work_region=FAR, employer=EmployerInput(name=duplicate.name, uscc=duplicate.uscc))
    assert Complaint.objects.filter(employer=duplicate).count() == 1

    with pytest.raises(RoleNotAllowed):
        employer_merge(keep=keep, duplicate=duplicate, actor=offices["home_sup"])
    assert Employer.objects.filter(pk=duplicate.pk).exists()

    # a superuser (or an office above both) may
    root = type(offices["home_sup"]).objects.create_superuser("root", password="pw")
    assert employer_merge(keep=keep, duplicate=duplicate, actor=root) == 1


def test_blacklist_remove_by_the_handling_office_is_recorded(offices):
    entry = BlacklistEntry.objects.get(complaint=offices["home"])
    removed = blacklist_remove(entry=entry, actor=offices["home_sup"], reason="已全额支付并整改")
    assert removed.removed_on is not None
    assert removed.removal_reason == "已全额支付并整改"
    event = Event.objects.filter(complaint=offices["home"], action="blacklist_removed").get()
    assert event.actor == offices["home_sup"]
    assert event.data["reason"] == "已全额支付并整改"
    with pytest.raises(ValidationError):
        blacklist_remove(entry=entry, actor=offices["home_sup"], reason="再次移出名单")


def test_blacklist_remove_refused_outside_scope_or_role(offices):
    far_entry = BlacklistEntry.objects.get(complaint=offices["far"])
    with pytest.raises(OutOfScope):
        blacklist_remove(entry=far_entry, actor=offices["home_sup"], reason="已全额支付并整改")
    home_entry = BlacklistEntry.objects.get(complaint=offices["home"])
    inspector = staff("home-i", Role.INSPECTOR, region=HOME)
    with pytest.raises(RoleNotAllowed):
        blacklist_remove(entry=home_entry, actor=inspector, reason="已全额支付并整改")
    with pytest.raises(ValidationError):
        blacklist_remove(entry=home_entry, actor=offices["home_sup"], reason=" ")
    assert not BlacklistEntry.objects.filter(removed_on__isnull=False).exists()
    assert not Event.objects.filter(action="blacklist_removed").exists()


def test_blacklist_remove_refused_to_an_office_that_only_follows_the_complaint(offices):
    # given a complaint a Pengshan clerk took in for Ulanqab, blacklisted by Ulanqab
    clerk = staff("home-clerk", Role.CLERK, region=HOME)
    complaint = submit(actor=clerk, work_region=FAR).complaint
    far_i = staff("far-i", Role.INSPECTOR, region=FAR)
    complaint = move(complaint, "file", far_i, assignees=["far-i", "far-sup"])
    complaint = move(
        complaint, "issue_order", offices["far_sup"], amount="800", order_due="2026-12-20"
    )
    complaint = move(complaint, "blacklist", offices["far_sup"], criterion="amount")
    entry = BlacklistEntry.objects.get(complaint=complaint)

    # then Pengshan, which follows it read-only, cannot take the employer off the list
    with pytest.raises(ReadOnly):
        blacklist_remove(entry=entry, actor=offices["home_sup"], reason="已全额支付并整改")
    entry.refresh_from_db()
    assert entry.removed_on is None


def test_calendar_only_for_the_national_role_and_recorded():
    ensure_office(HOME)
    supervisor = staff("sup", Role.SUPERVISOR, region=HOME)
    national = staff("mohrss", "national", region="110000")
    day = datetime.date(2027, 2, 14)
    with pytest.raises(RoleNotAllowed):
        calendar_day_set(day=day, is_workday=False, note="春节调休", actor=supervisor)
    assert not CalendarDay.objects.exists()
    assert not AuditEvent.objects.exists()

    calendar_day_set(day=day, is_workday=True, note="春节调休上班", actor=national)
    calendar_day_set(day=day, is_workday=False, note="更正", actor=national)
    calendar_day_remove(day=day, actor=national)

    assert not CalendarDay.objects.exists()
    assert [(e.action, e.subject, e.actor, e.data) for e in AuditEvent.objects.order_by("id")] == [
        (
            "calendar_day_set",
            "2027-02-14",
            national,
            {"was": None, "now": {"is_workday": True, "note": "春节调休上班"}},
        ),
        (
            "calendar_day_set",
            "2027-02-14",
            national,
            {
                "was": {"is_workday": True, "note": "春节调休上班"},
                "now": {"is_workday": False, "note": "更正"},
            },
        ),
        (
            "calendar_day_remove",
            "2027-02-14",
            national,
            {"was": {"is_workday": False, "note": "更正"}, "now": None},
        ),
    ]


def test_employer_correction_is_recorded_and_refused_out_of_scope(offices):
    from complaints.services import employer_save

    employer = offices["home"].employer
    employer.address = "眉山市东坡区某某路1号"
    employer_save(employer=employer, actor=offices["home_sup"], fields=["address"])
    record = AuditEvent.objects.get(action="employer_update")
    assert record.actor == offices["home_sup"]
    assert record.data == {
        "employer": employer.pk,
        "changes": {"address": ["", "眉山市东坡区某某路1号"]},
    }
    far = Employer.objects.get(pk=offices["far"].employer_id)
    far.address = "改了别省的记录"
    with pytest.raises(OutOfScope):
        employer_save(employer=far, actor=offices["home_sup"], fields=["address"])
    far.refresh_from_db()
    assert far.address == ""
    assert AuditEvent.objects.filter(action="employer_update").count() == 1


def _admin_post_data(response) -> dict:
    """The change form's current values, as the browser would post them back."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form.initial.get(name)
        if value is not None:
            data[name] = getattr(value, "pk", value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for index, inline_form in enumerate(formset.forms):
            data[f"{formset.prefix}-{index}-id"] = inline_form.instance.pk
            data[f"{formset.prefix}-{index}-employer"] = inline_form.instance.employer_id
    return data


def test_employer_edit_in_the_admin_goes_through_the_service(client, offices):
    from django.urls import reverse

    employer = offices["home"].employer
    client.force_login(offices["home_sup"])
    url = reverse("admin:arrears_employer_change", args=[employer.pk])
    data = {**_admin_post_data(client.get(url)), "address": "眉山市东坡区新址"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    employer.refresh_from_db()
    assert employer.address == "眉山市东坡区新址"
    record = AuditEvent.objects.get(action="employer_update")
    assert record.data["changes"] == {"address": ["", "眉山市东坡区新址"]}
