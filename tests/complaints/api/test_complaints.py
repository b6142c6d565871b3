"""Staff complaint API: list, detail with ETag, create, transitions with If-Match."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.models import Complaint
from tests.factories import WorkerInputFactory, move, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

LIST = "/api/v1/complaints/"


def detail(complaint: Complaint) -> str:
    return f"/api/v1/complaints/{complaint.reference}/"


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


def transition(client, complaint, body, if_match=None):
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


def test_api_transition_body_is_the_actions_own(api, world):
    client = api(world["inspector"])
    foreign = transition(
        client,
        world["own"],
        {"action": "mediate", "amount": "100.00", "colour": "red", "note": "调解"},
        '"1"',
    )
    assert foreign.status_code == 400
    assert foreign.json()["fields"] == {
        "amount": ["Not a field of this action."],
        "colour": ["Not a field of this action."],
    }
    missing = transition(client, world["own"], {"action": "reject", "reason": "time_barred"}, '"1"')
    assert missing.status_code == 400
    assert missing.json()["fields"] == {"note": ["This field is required."]}
    blank = transition(
        client, world["own"], {"action": "reject", "reason": "x", "note": "  "}, '"1"'
    )
    assert blank.status_code == 400
    assert blank.json()["fields"] == {
        "reason": ['"x" is not a valid choice.'],
        "note": ["This field may not be blank."],
    }
    world["own"].refresh_from_db()
    assert (world["own"].stage, world["own"].version) == ("submitted", 1)


def test_api_transition_schema_is_one_shape_per_action(client):
    from complaints.workflow import TRANSITIONS

    schema = client.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    body = components["TransitionRequest"]
    assert body["discriminator"]["propertyName"] == "action"
    assert sorted(body["discriminator"]["mapping"]) == sorted(TRANSITIONS)
    reject = components["RejectTransitionRequest"]
    assert reject["additionalProperties"] is False
    assert sorted(reject["required"]) == ["action", "note", "reason"]
    assert sorted(reject["properties"]) == ["action", "note", "reason"]
    # Blank once stripped is refused by the schema's pattern as by the API.
    note = re.compile(reject["properties"]["note"]["pattern"])
    assert [bool(note.search(text)) for text in (" \u3000\x1e\n", " 材料不全 ")] == [False, True]
    reason = components["RevealInRequest"]["properties"]["reason"]
    pattern = re.compile(reason["pattern"])
    assert [bool(pattern.search(text)) for text in ("  核实 ", " 核实身份 ")] == [False, True]


def test_api_events(api, world):
    move(world["own"], "mediate", world["inspector"])
    response = api(world["inspector"]).get(f"{detail(world['own'])}events/")
    assert response.status_code == 200
    assert [e["action"] for e in response.json()["results"]] == ["submit", "mediate"]
    assert response.json()["results"][1]["actor"] == "i1"


def list_queries(client, n: int) -> int:
    for _ in range(n):
        c = submit(work_region="511403", complainant=WorkerInputFactory()).complaint
        move(c, "assign", staff_sup(), assignees=["i1"])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST, {"page_size": 200}).status_code == 200
    return len(ctx.captured_queries)


def staff_sup():
    from arrears.models import User

    return User.objects.get(username="sup")


def test_api_list_query_count_is_independent_of_page_size(
    api, world, django_assert_max_num_queries
):
    client = api(world["sup"])
    list_queries(client, 2)  # the first fills the shared cache (the working-day calendar, …)
    few = list_queries(client, 2)
    many = list_queries(client, 25)
    assert few == many
    # Ten at most: one is a read of the shared cache when it is the database (no REDIS_URL),
    # two are the token (its row, then its user's expired tokens pruned).
    assert many <= 10
    with django_assert_max_num_queries(10):
        assert client.get(detail(world["own"])).status_code == 200


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
        "free_text": [],
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
    assert ok.status_code == 200 and len(ok.json()["token"]) == 64
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
        ({"office": "0"}, "office"),
        ({"campaign": "6e94"}, "campaign"),
        ({"employer": "-1"}, "employer"),
        ({"employer": "1.5"}, "employer"),
        ({"received_after": ""}, "received_after"),
        ({"stage": ""}, "stage"),
        ({"sector": "mining"}, "sector"),
        ({"region": "11"}, "region"),
    ],
)
def test_api_list_rejects_values_it_cannot_use(api, world, params, field):
    response = api(world["inspector"]).get(LIST, params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == [field]


@pytest.mark.parametrize("params", [{"office": "999999"}, {"employer": "2147483647"}])
def test_api_list_by_an_id_that_names_nothing_is_empty(api, world, params):
    response = api(world["inspector"]).get(LIST, params)
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"ordering": "colour"},
            "Order by any of: received_at, next_due, amount_claimed, workers_affected.",
        ),
        (
            {"ordering": ""},
            "Order by any of: received_at, next_due, amount_claimed, workers_affected.",
        ),
        (
            {"ordering": "next_due, -amount_claimed"},
            "Order by any of: received_at, next_due, amount_claimed, workers_affected.",
        ),
        ({"page": ""}, "Give a number from 1."),
        ({"page": "0"}, "Give a number from 1."),
        ({"page": "²"}, "Give a number from 1."),
        ({"page_size": "9" * 5000}, None),
    ],
)
def test_api_list_paging_and_ordering_values(api, world, params, message):
    response = api(world["inspector"]).get(LIST, params)
    if message is None:  # a huge page size is capped, not an error
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response.json()["fields"] == {next(iter(params)): [message]}


def test_api_list_ordering_by_several_fields_and_pages(api, world):
    client = api(world["sup"])
    for amount in ("5000", "90000"):
        submit(work_region="511403", amount_claimed=amount)
    response = client.get(LIST, {"ordering": "-amount_claimed,received_at", "page_size": 2})
    assert response.status_code == 200
    amounts = [row["amount_claimed"] for row in response.json()["results"]]
    assert amounts == ["90000.00", "12000.00"]
    assert response.json()["count"] == 3
    second = client.get(
        LIST, {"ordering": "-amount_claimed,received_at", "page_size": 2, "page": 2}
    )
    assert [row["amount_claimed"] for row in second.json()["results"]] == ["5000.00"]
    past = client.get(LIST, {"page": 3, "page_size": 2})
    assert past.status_code == 404
    assert past.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("params", "count"),
    [
        # offsets beyond PostgreSQL's ±15:59 are still instants (-16:54 is 2026-11-30T02:00Z)
        ({"received_after": "2026-11-29T09:06:00-16:54"}, 1),
        ({"received_before": "2026-11-29T09:06:00-16:54"}, 0),
        ({"received_after": "2026-11-30T10:00:00+08:00"}, 1),
        ({"received_before": "2026-11-30T10:00:00+08:00"}, 0),
    ],
)
def test_api_list_received_between_instants(api, world, params, count):
    response = api(world["inspector"]).get(LIST, params)
    assert response.status_code == 200
    assert response.json()["count"] == count


def test_api_list_refuses_a_date_time_outside_the_calendar(api, world):
    response = api(world["inspector"]).get(LIST, {"received_after": "0001-01-01T00:00:00+05:00"})
    assert response.status_code == 400
    assert response.json()["fields"] == {"received_after": ["Enter a valid date/time."]}


def test_api_page_size_is_capped_at_200(api, world):
    body = api(world["inspector"]).get(LIST, {"page_size": "5000"}).json()
    assert body["count"] == 1


def test_public_offices_reject_a_bad_boolean(api, world):
    response = api().get("/api/v1/public/offices/", {"duty_24h": "maybe"})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["duty_24h"]
