import pytest
from django.core.exceptions import ValidationError

from arrears.errors import RoleNotAllowed
from arrears.models import BlacklistEntry, Employer
from complaints.models import Complaint
from complaints.services import employer_merge
from tests.factories import EmployerInputFactory, move, staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


def test_employer_merge_moves_complaints_and_keeps_history():
    sup = staff("sup", "supervisor")
    keep = submit(employer=EmployerInputFactory(uscc="")).complaint.employer
    first = submit(employer=EmployerInputFactory(name="某某劳务队")).complaint
    # the same name without a credit code is matched to the same record at intake
    second = submit(employer=EmployerInputFactory(name="某某劳务队", uscc="")).complaint
    duplicate = first.employer
    assert second.employer == duplicate
    code = duplicate.uscc

    moved = employer_merge(keep=keep, duplicate=duplicate, actor=sup)

    assert moved == 2
    first.refresh_from_db()
    assert first.employer == keep
    assert first.version == 2
    event = first.events.get(action="employer_merged")
    assert event.data["from_employer"]["name"] == "某某劳务队"
    assert not Employer.objects.filter(pk=duplicate.pk).exists()
    keep.refresh_from_db()
    assert keep.uscc == code  # the credit code carried over


def test_employer_merge_refuses_different_credit_codes_and_non_supervisors():
    sup, inspector = staff("sup", "supervisor"), staff("i1", "inspector")
    a = submit().complaint.employer
    b = submit().complaint.employer
    with pytest.raises(RoleNotAllowed):
        employer_merge(keep=a, duplicate=b, actor=inspector)
    with pytest.raises(ValidationError):
        employer_merge(keep=a, duplicate=b, actor=sup)
    with pytest.raises(ValidationError):
        employer_merge(keep=a, duplicate=a, actor=sup)
    assert Complaint.objects.filter(employer=b).count() == 1


def test_employer_merge_moves_blacklist_entries():
    sup = staff("sup", "supervisor")
    complaint = submit(employer=EmployerInputFactory(uscc="")).complaint
    complaint = move(complaint, "file", staff("i1", "inspector"), assignees=["i1", "sup"])
    complaint = move(complaint, "issue_order", sup, amount="12000", order_due="2026-12-20")
    move(complaint, "blacklist", sup, criterion="amount")
    keep = submit().complaint.employer
    employer_merge(keep=keep, duplicate=complaint.employer, actor=sup)
    assert BlacklistEntry.objects.get().employer == keep
