"""PATCH of intake details, and the claims, payments, documents and attachments of a
complaint."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Attachment, Event
from tests.factories import WorkerInputFactory, move

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


@pytest.fixture
def world(world):
    """The shared world, with its own complaint carried to an order to pay."""
    complaint = move(world["own"], "file", world["inspector"], assignees=["i1", "sup"])
    complaint = move(complaint, "issue_order", world["sup"], amount="12000", order_due="2026-12-20")
    return {**world, "complaint": complaint}


def url(complaint, part: str = "") -> str:
    return f"/api/v1/complaints/{complaint.reference}/{part}"


def test_patch_corrects_intake_details_with_if_match(api, world):
    c = world["complaint"]
    client = api(world["clerk"])
    missing = client.patch(url(c), {"description": "更正"}, format="json")
    assert missing.status_code == 428
    response = client.patch(
        url(c),
        {"description": "更正：共欠四个月工资", "workers_affected": 3},
        format="json",
        HTTP_IF_MATCH=f'"{c.version}"',
    )
    assert response.status_code == 200
    assert response.json()["workers_affected"] == 3
    assert response["ETag"] == f'"{c.version + 1}"'
    event = Event.objects.filter(complaint=c, action="update").get()
    assert event.data["changes"]["workers_affected"] == {"from": "1", "to": "3"}
    stale = client.patch(url(c), {"workers_affected": 4}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412


def test_patch_refuses_workflow_fields_and_bad_values(api, world):
    c = world["complaint"]
    client = api(world["inspector"])
    headers = {"HTTP_IF_MATCH": f'"{c.version}"'}
    stage = client.patch(url(c), {"stage": "closed"}, format="json", **headers)
    # unknown fields are ignored by the serializer: nothing changes, the stage stays
    assert stage.status_code == 200 and stage.json()["stage"] == "order_issued"
    bad = client.patch(
        url(c), {"arrears_from": "2026-12-01", "sector": "mining"}, format="json", **headers
    )
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"sector"}
    period = client.patch(url(c), {"arrears_from": "2026-12-01"}, format="json", **headers)
    assert period.status_code == 400
    assert set(period.json()["fields"]) == {"arrears_to"}
    analyst = api(world["analyst"]).patch(url(c), {"description": "x"}, format="json", **headers)
    assert analyst.status_code == 403


def test_claims_list_masked_and_record_through_the_workflow(api, world):
    c = world["complaint"]
    client = api(world["inspector"])
    crew = WorkerInputFactory()
    added = client.post(
        url(c, "claims/"),
        {"name": crew.name, "id_number": crew.id_number, "amount_owed": "6000", "months_owed": 3},
        format="json",
        HTTP_IF_MATCH=f'"{c.version}"',
    )
    assert added.status_code == 201
    listing = client.get(url(c, "claims/")).json()
    assert listing["count"] == 2
    crew_row = listing["results"][1]
    assert crew_row["worker"]["id_number"] == crew.id_number[:6] + "********" + crew.id_number[-4:]
    assert (crew_row["amount_owed"], crew_row["months_owed"]) == ("6000.00", 3)


def test_payments_record_and_list(api, world):
    c = world["complaint"]
    client = api(world["inspector"])
    paid = client.post(
        url(c, "payments/"),
        {"amount": "5000", "paid_on": "2026-11-30", "source": "main_contractor"},
        format="json",
        HTTP_IF_MATCH=f'"{c.version}"',
    )
    assert paid.status_code == 201
    assert paid.json()["amount_recovered"] == "5000.00"
    assert client.get(url(c, "payments/")).json()["results"] == [
        {
            "amount": "5000.00",
            "paid_on": "2026-11-30",
            "source": "main_contractor",
            "workers_paid": 1,
            "note": "",
        }
    ]
    future = client.post(
        url(c, "payments/"),
        {"amount": "5", "paid_on": "2027-01-01", "source": "employer"},
        format="json",
        HTTP_IF_MATCH=f'"{c.version + 1}"',
    )
    assert future.status_code == 400
    assert set(future.json()["fields"]) == {"paid_on"}


def test_documents_list(api, world):
    response = api(world["inspector"]).get(url(world["complaint"], "documents/"))
    assert response.json()["results"] == [
        {
            "kind": "rectification_order",
            "issued_on": "2026-11-30",
            "due_on": "2026-12-20",
            "served_on": None,
            "amount": "12000.00",
        }
    ]


def test_documents_record_service_with_the_served_copy(api, world):
    c = world["complaint"]
    client = api(world["inspector"])
    scan = SimpleUploadedFile("served.pdf", b"%PDF-1.7 signed", content_type="application/pdf")
    served = client.post(
        url(c, "documents/"),
        {"kind": "rectification_order", "served_on": "2026-11-30", "file": scan},
    )
    assert served.status_code == 200, served.json()
    assert served.json() == {
        "kind": "rectification_order",
        "issued_on": "2026-11-30",
        "due_on": "2026-12-20",
        "served_on": "2026-11-30",
        "amount": "12000.00",
    }
    document = c.documents.get()
    assert document.file.read() == b"%PDF-1.7 signed"
    event = Event.objects.get(complaint=c, action="serve_document")
    assert (event.actor, event.public) == (world["inspector"], False)
    assert event.data == {
        "kind": "rectification_order",
        "issued_on": "2026-11-30",
        "served_on": "2026-11-30",
        "file": True,
    }
    again = client.post(
        url(c, "documents/"), {"kind": "rectification_order", "served_on": "2026-11-30"}
    )
    assert again.status_code == 409
    assert again.json() == {
        "code": "invalid_transition",
        "detail": "This complaint has no rectification order waiting to be served.",
        "fields": {},
    }


@pytest.mark.parametrize(
    ("body", "status", "fields"),
    [
        (
            {"kind": "rectification_order", "served_on": "2026-11-29"},
            400,
            {"served_on": ["A document is served on or after the day it is issued."]},
        ),
        (
            {"kind": "rectification_order", "served_on": "2026-12-01"},
            400,
            {"served_on": ["The date of service is in the future."]},
        ),
        (
            {
                "kind": "rectification_order",
                "served_on": "2026-11-30",
                "file": SimpleUploadedFile("served.png", b"%PDF-1.7", content_type="image/png"),
            },
            400,
            {"file": ["The file's content is not a PNG."]},
        ),
        (
            {"kind": "rectification_order", "served_on": "2026-11-30", "file": "text"},
            400,
            {"file": ["The submitted data was not a file. Check the encoding type on the form."]},
        ),
        ({"kind": "penalty_decision", "served_on": "2026-11-30"}, 409, {}),
        ({"kind": "verdict", "served_on": "2026-11-30"}, 400, None),
    ],
)
def test_documents_service_refused_changes_nothing(api, world, body, status, fields):
    c = world["complaint"]
    response = api(world["inspector"]).post(url(c, "documents/"), body)
    assert response.status_code == status
    if fields is not None:
        assert response.json()["fields"] == fields
    document = c.documents.get()
    assert (document.served_on, document.file.name) == (None, "")
    assert not Event.objects.filter(complaint=c, action="serve_document").exists()


@pytest.mark.parametrize(("who", "status"), [("clerk", 403), ("analyst", 403)])
def test_documents_service_is_for_inspectors(api, world, who, status):
    body = {"kind": "rectification_order", "served_on": "2026-11-30"}
    response = api(world[who]).post(url(world["complaint"], "documents/"), body)
    assert response.status_code == status
    elsewhere = api(world["inspector"]).post(url(world["other"], "documents/"), body)
    assert elsewhere.status_code == 404
    assert world["complaint"].documents.get().served_on is None


def test_attachments_upload_checks_type_and_content(api, world):
    c = world["complaint"]
    client = api(world["inspector"])
    pdf = SimpleUploadedFile("payslip.pdf", b"%PDF-1.4 wages", content_type="application/pdf")
    created = client.post(url(c, "attachments/"), {"file": pdf, "description": "工资条"})
    assert created.status_code == 201
    assert created.json()["description"] == "工资条"
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a png", content_type="image/png")
    refused = client.post(url(c, "attachments/"), {"file": fake})
    assert refused.status_code == 400
    assert set(refused.json()["fields"]) == {"file"}
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    assert client.post(url(c, "attachments/"), {"file": exe}).status_code == 400
    assert Attachment.objects.count() == 1
    assert [a["description"] for a in client.get(url(c, "attachments/")).json()["results"]] == [
        "工资条"
    ]
    assert api(world["inspector"]).get(url(world["other"], "attachments/")).status_code == 404


def count_queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("part", ["claims/", "payments/", "documents/", "attachments/", "events/"])
def test_subresource_lists_query_count_does_not_grow(api, world, part):
    c = world["complaint"]
    client = api(world["inspector"])

    def add_rows(n: int) -> None:
        nonlocal c
        for _ in range(n):
            crew = WorkerInputFactory()
            c = move(
                c,
                "record_claim",
                world["inspector"],
                name=crew.name,
                id_number=crew.id_number,
                amount_owed="100",
            )
            c = move(
                c,
                "record_payment",
                world["inspector"],
                amount="1",
                paid_on="2026-11-30",
                source="employer",
            )
            c = move(c, "impose_penalty", staff_sup(), amount="100")
            Attachment.objects.create(complaint=c, file="attachments/x.pdf")

    add_rows(1)
    few = count_queries(client, url(c, part))
    add_rows(6)
    assert count_queries(client, url(c, part)) == few


def staff_sup():
    from arrears.models import User

    return User.objects.get(username="sup")
