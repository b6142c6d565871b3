"""Whole answers of the endpoints that answer with a complaint, a list or a token.

The complaint's detail body is spelled out field by field in test_complaints.py; every other
answer that carries a complaint must be exactly that body, read back through GET.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.crypto import hash_token
from knox.models import AuthToken

from complaints.models import Complaint
from tests.factories import WorkerInputFactory, move, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

LIST = "/api/v1/complaints/"


def detail(complaint: Complaint | str) -> str:
    reference = complaint if isinstance(complaint, str) else complaint.reference
    return f"/api/v1/complaints/{reference}/"


def read_back(client, reference: str) -> tuple[dict, str]:
    response = client.get(detail(reference))
    assert response.status_code == 200
    return response.json(), response["ETag"]


def test_list_rows_are_the_detail_bodies(api, world):
    client = api(world["inspector"])
    second = submit(work_region="511403", workers_affected=12).complaint
    body = client.get(LIST, {"ordering": "received_at"}).json()
    assert body["count"] == 2 and body["next"] is None and body["previous"] is None
    assert body["results"] == [
        read_back(client, world["own"].reference)[0],
        read_back(client, second.reference)[0],
    ]


def test_staff_create_answers_with_the_detail_body(api, world):
    from tests.complaints.api.test_public import body

    client = api(world["clerk"])
    created = client.post(LIST, {**body(), "channel": "hotline"}, format="json")
    assert created.status_code == 201
    stored, etag = read_back(api(world["inspector"]), created.json()["reference"])
    assert created.json() == stored
    assert created["ETag"] == etag == '"1"'
    assert (stored["channel"], stored["stage"], stored["version"]) == ("hotline", "submitted", 1)


@pytest.mark.parametrize(
    ("path", "method", "body"),
    [
        ("transitions/", "post", {"action": "file", "assignees": ["i1", "i2"]}),
        ("", "patch", {"workers_affected": 4, "description": "共四人"}),
    ],
)
def test_changes_answer_with_the_detail_body(api, world, path, method, body):
    client = api(world["inspector"])
    own = world["own"]
    response = getattr(client, method)(
        detail(own) + path, body, format="json", HTTP_IF_MATCH=f'"{own.version}"'
    )
    assert response.status_code == 200
    stored, etag = read_back(client, own.reference)
    assert response.json() == stored
    assert response["ETag"] == etag == f'"{own.version + 1}"'


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("claims/", {"name": "张伟", "amount_owed": "6000", "months_owed": 3}),
        ("payments/", {"amount": "5000", "paid_on": "2026-11-30", "source": "employer"}),
    ],
)
def test_steps_on_sub_resources_answer_with_the_detail_body(api, world, path, body):
    client = api(world["inspector"])
    own = move(world["own"], "file", world["inspector"], assignees=["i1", "i2"])
    if path == "claims/":
        body = {**body, "id_number": WorkerInputFactory().id_number}
    response = client.post(
        detail(own) + path, body, format="json", HTTP_IF_MATCH=f'"{own.version}"'
    )
    assert response.status_code == 201
    stored, etag = read_back(client, own.reference)
    assert response.json() == stored
    assert response["ETag"] == etag


def test_events_whole_body(api, world):
    own = move(world["own"], "mediate", world["inspector"], note="电话联系用人单位")
    response = api(world["inspector"]).get(detail(own) + "events/")
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (2, None, None)
    submitted, mediated = body["results"]
    assert mediated == {
        "action": "mediate",
        "from_stage": "submitted",
        "to_stage": "mediating",
        "actor": "i1",
        "at": "2026-11-30T10:00:00+08:00",
        "note": "电话联系用人单位",
        "data": mediated["data"],
        "public": True,
    }
    assert isinstance(mediated["data"], dict)
    assert (submitted["action"], submitted["actor"], submitted["public"]) == (
        "submit",
        None,
        True,
    )


def test_attachments_list_whole_body(api, world):
    from django.core.files.base import ContentFile

    from complaints.models import Attachment

    attachment = Attachment.objects.create(
        complaint=world["own"],
        file=ContentFile(b"%PDF-1.4 iou", name="iou.pdf"),
        description="欠条",
    )
    response = api(world["inspector"]).get(detail(world["own"]) + "attachments/")
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": attachment.pk,
                "description": "欠条",
                "uploaded_at": "2026-11-30T10:00:00+08:00",
            }
        ],
    }


def test_token_whole_body(api, world):
    world["inspector"].set_password("pw-for-the-test-2")
    world["inspector"].save()
    response = api().post(
        "/api/v1/auth/token/",
        {"username": "i1", "password": "pw-for-the-test-2"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    # the key is shown once, here: the database keeps its hash
    assert body == {"token": body["token"], "expiry": "2026-11-30T20:00:00+08:00"}
    assert len(body["token"]) == 64
    assert AuthToken.objects.get(user=world["inspector"]).digest == hash_token(body["token"])


def test_export_and_track_run_a_fixed_number_of_queries(api, world):
    from tests.complaints.api.test_public import body

    client = api(world["inspector"])

    def export_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/v1/complaints/export.csv")
            b"".join(response.streaming_content)
        return len(ctx.captured_queries)

    export_queries()  # the first fills the shared cache (the working-day calendar, …)
    few = export_queries()
    for _ in range(6):
        submit(work_region="511403")
    assert export_queries() == few

    receipt = api().post("/api/v1/public/complaints/", body(), format="json").json()
    track = {"reference": receipt["reference"], "access_code": receipt["access_code"]}

    def track_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api().post("/api/v1/public/track/", track, format="json").status_code == 200
        return len(ctx.captured_queries)

    track_queries()
    quiet = track_queries()
    complaint = Complaint.objects.get(reference=receipt["reference"])
    complaint = move(complaint, "request_info", world["inspector"], note="请补充工资欠条")
    move(complaint, "provide_info", world["inspector"], note="已补充")
    assert track_queries() == quiet
