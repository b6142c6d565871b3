"""The back office masks mobiles and ID numbers typed into free text on every page, for
every role; the audited reveal shows them whole."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arrears.models import PiiAccess
from complaints.services import attachment_add, complaint_reveal
from complaints.workflow import Role
from tests.conftest import unmasked_pii
from tests.factories import move, resident_id, staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

PHONE = "13812345678"
ID = resident_id()


@pytest.fixture
def world():
    users = {role: staff(f"u-{role}", role) for role in Role.values}
    staff("u-i2", "inspector")
    complaint = submit(description=f"老板电话 138-1234-5678，工友身份证{ID}").complaint
    complaint = move(
        complaint,
        "file",
        users[Role.INSPECTOR],
        assignees=["u-inspector", "u-i2"],
        note=f"已电话{PHONE}联系",
    )
    attachment_add(
        complaint=complaint,
        actor=users[Role.INSPECTOR],
        file=SimpleUploadedFile("p.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        description=f"工资条{PHONE}",
    )
    return {"users": users, "complaint": complaint}


@pytest.mark.parametrize("role", [Role.CLERK, Role.INSPECTOR, Role.SUPERVISOR, Role.ANALYST])
def test_complaint_page_masks_numbers_in_free_text(client, world, role):
    client.force_login(world["users"][role])
    page = client.get(reverse("admin:complaints_complaint_change", args=[world["complaint"].pk]))
    assert page.status_code == 200
    assert unmasked_pii(page.text) == []
    assert "老板电话 138****5678，工友身份证" in page.text
    if role in (Role.INSPECTOR, Role.SUPERVISOR):  # the roles that see history and evidence
        assert "已电话138****5678联系" in page.text
        assert "工资条138****5678" in page.text
    listing = client.get(reverse("admin:complaints_complaint_changelist"))
    assert unmasked_pii(listing.text) == []


def test_reveal_page_shows_the_free_texts_whole(client, world):
    client.force_login(world["users"][Role.INSPECTOR])
    url = reverse("admin:complaints_complaint_reveal", args=[world["complaint"].pk])
    shown = client.post(url, {"reason": "电话联系核实"})
    assert shown.status_code == 200
    assert "老板电话 138-1234-5678" in shown.text
    assert f"已电话{PHONE}联系" in shown.text
    assert PiiAccess.objects.count() == 1


def test_reveal_log_masks_numbers_typed_into_reasons(client, world):
    supervisor = world["users"][Role.SUPERVISOR]
    complaint_reveal(complaint=world["complaint"], user=supervisor, reason=f"回拨{PHONE}")
    client.force_login(supervisor)
    listing = client.get(reverse("admin:arrears_piiaccess_changelist"))
    assert listing.status_code == 200
    assert "回拨138****5678" in listing.text
    assert PHONE not in listing.text
    access = PiiAccess.objects.get()
    page = client.get(reverse("admin:arrears_piiaccess_change", args=[access.pk]))
    assert page.status_code == 200
    assert "回拨138****5678" in page.text
    assert PHONE not in page.text


def test_a_number_typed_into_an_employer_name_is_masked_on_the_pages(client, world):
    from arrears.services import EmployerInput

    complaint = submit(employer=EmployerInput(name="包工头王某13912345678", uscc="")).complaint
    client.force_login(world["users"][Role.CLERK])
    for url in (
        reverse("admin:complaints_complaint_changelist"),
        reverse("admin:complaints_complaint_change", args=[complaint.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert "包工头王某139****5678" in page.text
        assert unmasked_pii(page.text) == []
