"""Mobiles and ID numbers typed into free text are masked on every API answer, for every
role; the audited reveal gives them whole (DESIGN §6: full values only through it)."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from arrears.models import PiiAccess
from complaints.services import attachment_add
from tests.complaints.api.test_public import SUBMIT, TRACK, body
from tests.factories import move, resident_id, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

PHONE = "13812345678"
SPACED = "138 1234 5678"
ID = resident_id()


@pytest.fixture
def world(api):
    cache.clear()
    inspector, _ = staff("i1", "inspector"), staff("i2", "inspector")
    users = {
        "inspector": inspector,
        "clerk": staff("c1", "clerk"),
        "analyst": staff("a1", "analyst"),
        "supervisor": staff("s1", "supervisor"),
    }
    receipt = (
        api()
        .post(SUBMIT, body(description=f"老板电话{SPACED}，工友身份证{ID}。"), format="json")
        .json()
    )
    from complaints.models import Complaint

    complaint = Complaint.objects.get(reference=receipt["reference"])
    complaint = move(
        complaint, "file", inspector, assignees=["i1", "i2"], note=f"已联系工友，电话{PHONE}"
    )
    attachment_add(
        complaint=complaint,
        actor=inspector,
        file=SimpleUploadedFile("p.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        description=f"工资条{PHONE}",
    )
    yield {**users, "complaint": complaint, "receipt": receipt}
    cache.clear()


@pytest.mark.parametrize("role", ["clerk", "analyst", "inspector", "supervisor"])
def test_events_and_attachments_mask_numbers_in_free_text_for_every_role(api, world, role):
    ref = world["complaint"].reference
    client = api(world[role])
    events = client.get(f"/api/v1/complaints/{ref}/events/")
    assert events.status_code == 200
    notes = [row["note"] for row in events.json()["results"]]
    assert "已联系工友，电话138****5678" in notes
    assert PHONE not in events.text
    attachments = client.get(f"/api/v1/complaints/{ref}/attachments/")
    assert attachments.status_code == 200
    assert [a["description"] for a in attachments.json()["results"]] == ["工资条138****5678"]


def test_public_tracking_masks_numbers_in_notes(api, world):
    receipt = world["receipt"]
    response = api().post(
        TRACK,
        {"reference": receipt["reference"], "access_code": receipt["access_code"]},
        format="json",
    )
    assert response.status_code == 200
    assert [e["note"] for e in response.json()["timeline"]] == ["", "已联系工友，电话138****5678"]


def test_reveal_gives_the_free_texts_whole_and_is_logged(api, world):
    ref = world["complaint"].reference
    response = api(world["inspector"]).post(
        f"/api/v1/complaints/{ref}/reveal/", {"reason": "电话回访工友"}, format="json"
    )
    assert response.status_code == 200
    texts = [(t["where"], t["text"]) for t in response.json()["free_text"]]
    assert texts == [
        ("description", f"老板电话{SPACED}，工友身份证{ID}。"),
        ("event", f"已联系工友，电话{PHONE}"),
        ("attachment", f"工资条{PHONE}"),
    ]
    assert PiiAccess.objects.filter(user=world["inspector"]).count() == 1


def test_reveal_refused_to_clerks_and_analysts(api, world):
    ref = world["complaint"].reference
    for role in ("clerk", "analyst"):
        response = api(world[role]).post(
            f"/api/v1/complaints/{ref}/reveal/", {"reason": "想看看"}, format="json"
        )
        assert response.status_code in (403, 404)


def test_a_number_typed_into_an_employer_name_is_masked(api, world):
    body_ = body(employer={"name": "包工头王某13912345678", "uscc": ""})
    receipt = api().post(SUBMIT, body_, format="json").json()
    client = api(world["inspector"])
    detail = client.get(f"/api/v1/complaints/{receipt['reference']}/")
    assert detail.json()["employer"]["name"] == "包工头王某139****5678"
    employer_id = detail.json()["employer"]["id"]
    listed = client.get("/api/v1/complaints/").json()["results"]
    assert "包工头王某139****5678" in [row["employer"]["name"] for row in listed]
    assert client.get(f"/api/v1/employers/{employer_id}/").json()["name"] == (
        "包工头王某139****5678"
    )
