"""Staff complaint API: list, detail with ETag, create, transitions with If-Match."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrears.reference import ensure_office
from complaints.models import Complaint
from tests.factories import WorkerInputFactory, move, staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

LIST = "/api/v1/complaints/"


def detail(complaint: Complaint) -> str:
    return f"/api/v1/complaints/{complaint.reference}/"


@pytest.fixture
def world():
    ensure_office("511403")
    ensure_office("150902")
    person = WorkerInputFactory()
    return {
        "inspector": staff("i1", "inspector"),
        "i2": staff("i2", "inspector"),
        "sup": staff("sup", "supervisor"),
        "analyst": staff("ana", "analyst"),
        "client": staff("platform", "api_client"),
        "person": person,
        "own": submit(work_region="511403", complainant=person).complaint,
        "other": submit(work_region="150902").complaint,
    }


def test_api_detail_whole_body_with_masked_pii_and_etag(api, world):
    own = world["own"]
    response = api(world["inspector"]).get(detail(own))
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    person = world["person"]
    assert response.json() == {
        "reference": own.reference,
        "case_number": None,
        "stage": "submitted",
        "public_status": "received",
        "kind": "complaint",
        "channel": "web",
        "received_at": "2026-11-30T10:00:00+08:00",
        "complainant": {
            "name": person.name[0] + "*" * (len(person.name) - 1),
            "id_number": person.id_number[:6] + "********" + person.id_number[-4:],
            "phone": person.phone[:3] + "****" + person.phone[-4:],
        },
        "employer": {"id": own.employer_id, "name": own.employer.name, "uscc": own.employer.uscc},
        "work_region": {"code": "511403", "name": "彭山区"},
        "sector": "construction_building",
        "office": {"id": own.office_id, "name": "眉山市彭山区劳动保障监察大队"},
        "assignees": [],
        "arrears_from": "2026-06-01",
        "arrears_to": "2026-10-31",
        "amount_claimed": "12000.00",
        "amount_verified": "0.00",
        "amount_recovered": "0.00",
        "workers_affected": 1,
        "acceptance_due": "2026-12-07",
        "investigation_due": None,
        "order_due": None,
        "next_due": "2026-12-07",
        "outcome": "",
        "flags": {
            "overdue": False,
            "group": False,
            "major_group": False,
            "crime_threshold": False,
            "campaign_risk": False,
            "minor": False,
        },
        "version": 1,
    }


def test_api_out_of_scope_is_404_and_anonymous_401(api, world):
    response = api(world["inspector"]).get(detail(world["other"]))
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found.", "fields": {}}
    response = api().get(LIST)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_api_list_is_scoped_filtered_and_paginated(api, world):
    client = api(world["inspector"])
    body = client.get(LIST).json()
    assert body["count"] == 1
    assert [c["reference"] for c in body["results"]] == [world["own"].reference]
    assert client.get(LIST, {"stage": "closed"}).json()["count"] == 0
    assert client.get(LIST, {"region": "511400"}).json()["count"] == 1
    assert client.get(LIST, {"search": world["own"].reference.lower()}).json()["count"] == 1
    assert client.get(LIST, {"overdue": "true"}).json()["count"] == 0
    bad = client.get(LIST, {"stage": "lost"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid"


def test_api_client_sees_only_what_it_filed(api, world):
    client = api(world["client"])
    assert client.get(LIST).json()["count"] == 0
    created = client.post(
        LIST,
        {
            "kind": "complaint",
            "channel": "national_platform",
            "received_at": "2026-11-29T09:00:00+08:00",
            "source_ref": "GJPT-1",
            "complainant": {"name": "李强", "phone": "13700001111"},
            "employer": {"name": "某某劳务有限公司"},
            "work_region": "511403",
            "sector": "construction_building",
            "arrears_from": "2026-05-01",
            "arrears_to": "2026-10-31",
            "amount_claimed": "30000",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["channel"] == "national_platform"
    assert created.json()["received_at"] == "2026-11-29T09:00:00+08:00"
    assert [c["reference"] for c in client.get(LIST).json()["results"]] == [
        created.json()["reference"]
    ]
    assert client.get(detail(world["own"])).status_code == 404


def transition(client, complaint, body, if_match=None):  # noqa: ANN001, ANN201
    headers = {} if if_match is None else {"HTTP_IF_MATCH": if_match}
    return client.post(f"{detail(complaint)}transitions/", body, format="json", **headers)


def test_api_transition_needs_if_match(api, world):
    client = api(world["inspector"])
    missing = transition(client, world["own"], {"action": "mediate"})
    assert missing.status_code == 428
    assert missing.json()["code"] == "precondition_required"
    stale = transition(client, world["own"], {"action": "mediate"}, '"7"')
    assert stale.status_code == 412
    assert stale.json()["code"] == "stale_version"
    world["own"].refresh_from_db()
    assert world["own"].stage == "submitted"


def test_api_transition_file_then_invalid_and_forbidden(api, world):
    client = api(world["inspector"])
    filed = transition(client, world["own"], {"action": "file", "assignees": ["i1", "i2"]}, '"1"')
    assert filed.status_code == 200
    assert filed["ETag"] == '"2"'
    assert filed.json()["stage"] == "investigating"
    assert filed.json()["assignees"] == ["i1", "i2"]
    invalid = transition(client, world["own"], {"action": "mediate"}, '"2"')
    assert invalid.status_code == 409
    assert invalid.json()["code"] == "invalid_transition"
    forbidden = transition(client, world["own"], {"action": "extend", "note": "复杂"}, '"2"')
    assert forbidden.status_code == 403
    assert forbidden.json()["code"] == "permission_denied"
    analyst = transition(api(world["analyst"]), world["own"], {"action": "mediate"}, '"2"')
    assert analyst.status_code == 403


def test_api_transition_field_errors(api, world):
    client = api(world["inspector"])
    response = transition(client, world["own"], {"action": "file", "assignees": ["i1"]}, '"1"')
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some values are not valid.",
        "fields": {"assignees": ["A filed case needs at least two inspectors."]},
    }
    unknown = transition(client, world["own"], {"action": "fly"}, '"1"')
    assert unknown.status_code == 400
    assert "action" in unknown.json()["fields"]


def test_api_events(api, world):
    move(world["own"], "mediate", world["inspector"])
    response = api(world["inspector"]).get(f"{detail(world['own'])}events/")
    assert response.status_code == 200
    assert [e["action"] for e in response.json()["results"]] == ["submit", "mediate"]
    assert response.json()["results"][1]["actor"] == "i1"


def list_queries(client, n: int) -> int:  # noqa: ANN001
    for _ in range(n):
        c = submit(work_region="511403", complainant=WorkerInputFactory()).complaint
        move(c, "assign", staff_sup(), assignees=["i1"])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST, {"page_size": 200}).status_code == 200
    return len(ctx.captured_queries)


def staff_sup():  # noqa: ANN201
    from arrears.models import User

    return User.objects.get(username="sup")


def test_api_list_query_count_is_independent_of_page_size(api, world):
    client = api(world["sup"])
    few = list_queries(client, 2)
    many = list_queries(client, 25)
    assert few == many
    assert many <= 8
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(detail(world["own"])).status_code == 200
    assert len(ctx.captured_queries) <= 8


def test_api_reveal_needs_view_pii_and_a_reason_and_is_audited(api, world):
    from arrears.models import PiiAccess

    url = f"{detail(world['own'])}reveal/"
    denied = api(world["analyst"]).post(url, {"reason": "想看看"}, format="json")
    assert denied.status_code == 403
    assert denied.json()["code"] == "permission_denied"
    no_reason = api(world["inspector"]).post(url, {"reason": " "}, format="json")
    assert no_reason.status_code == 400
    assert not PiiAccess.objects.exists()
    out_of_scope = api(world["inspector"]).post(
        f"{detail(world['other'])}reveal/", {"reason": "核实身份"}, format="json"
    )
    assert out_of_scope.status_code == 404
    shown = api(world["inspector"]).post(url, {"reason": "电话核实欠薪金额"}, format="json")
    person = world["person"]
    assert shown.status_code == 200
    assert shown.json() == {
        "name": person.name,
        "id_number": person.id_number,
        "phone": person.phone,
    }
    assert "no-store" in shown["Cache-Control"]
    assert PiiAccess.objects.get().reason == "电话核实欠薪金额"


def test_api_export_csv_streams_the_filtered_scoped_list_without_pii(api, world):
    extra = submit(work_region="511403", workers_affected=12).complaint
    response = api(world["inspector"]).get("/api/v1/complaints/export.csv", {"stage": "submitted"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    lines = body.strip().splitlines()
    assert lines[0].startswith("reference,case_number,stage")
    assert sorted(line.split(",")[0] for line in lines[1:]) == sorted(
        [world["own"].reference, extra.reference]
    )
    assert world["other"].reference not in body
    person = world["person"]
    assert person.name not in body and person.phone not in body
    assert api().get("/api/v1/complaints/export.csv").status_code == 401


def test_api_unknown_urls_answer_with_the_error_body(api, world):
    response = api(world["inspector"]).get("/api/v1/complaints/not-a-reference/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found.", "fields": {}}


def test_api_token_endpoint(api, world):
    world["inspector"].set_password("pw-for-the-test-1")
    world["inspector"].save()
    client = api()
    ok = client.post(
        "/api/v1/auth/token/", {"username": "i1", "password": "pw-for-the-test-1"}, format="json"
    )
    assert ok.status_code == 200 and len(ok.json()["token"]) == 40
    bad = client.post("/api/v1/auth/token/", {"username": "i1", "password": "x"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid"
    form = client.post("/api/v1/auth/token/", "username=i1", content_type="text/plain")
    assert form.status_code == 415
    assert form.json()["code"] == "unsupported_media_type"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": "abc"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"overdue": "2"}, "overdue"),
        ({"office": "999999"}, "office"),
        ({"campaign": "6e94"}, "campaign"),
        ({"employer": "-1"}, "employer"),
    ],
)
def test_api_list_rejects_values_it_cannot_use(api, world, params, field):
    response = api(world["inspector"]).get(LIST, params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == [field]


def test_api_page_size_is_capped_at_200(api, world):
    body = api(world["inspector"]).get(LIST, {"page_size": "5000"}).json()
    assert body["count"] == 1


def test_public_offices_reject_a_bad_boolean(api, world):
    response = api().get("/api/v1/public/offices/", {"duty_24h": "maybe"})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["duty_24h"]
