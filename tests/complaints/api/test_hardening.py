"""API hardening: who may read what (scope, API clients, possible duplicates, shared worker
rows), input that must not break the API, and what exports and the schema must say."""

import csv
import io

import pytest
from django.core.cache import cache

from arrears.services import EmployerInput
from complaints.models import Complaint
from tests.factories import WorkerInputFactory, staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


def url(complaint: Complaint, part: str = "") -> str:
    return f"/api/v1/complaints/{complaint.reference}/{part}"


@pytest.mark.parametrize("value", ['"²"', '"1²"', '"١"', '"99999999999999999999"'])
def test_if_match_that_is_not_ascii_digits_is_a_412(api, world, value):
    response = api(world["inspector"]).post(
        url(world["own"], "transitions/"), {"action": "mediate"}, format="json", HTTP_IF_MATCH=value
    )
    assert response.status_code == 412
    assert response.json() == {
        "code": "stale_version",
        "detail": "If-Match must be the complaint's ETag.",
        "fields": {},
    }


def test_token_endpoint_throttles_password_guessing(api, world):
    cache.clear()
    client = api()
    # a new user name each time, so that the per-user lockout does not answer first
    statuses = [
        client.post(
            "/api/v1/auth/token/", {"username": f"u{n}", "password": "guess"}, format="json"
        ).status_code
        for n in range(11)
    ]
    assert statuses == [400] * 10 + [429]
    cache.clear()


def test_events_name_a_possible_duplicate_only_to_who_may_see_it(api, world):
    # The same worker, against the same employer, to an office far away.
    far = submit(
        work_region="150902", complainant=world["person"], employer=world["employer"]
    ).complaint
    assert far.duplicate_of == world["own"]
    seen_far = api(world["far"]).get(url(far, "events/")).json()["results"]
    assert "possible_duplicate_of" not in seen_far[0]["data"]
    # Two complaints in one office: the link is shown.
    near = submit(
        work_region="511403", complainant=world["person"], employer=world["employer"]
    ).complaint
    seen_near = api(world["inspector"]).get(url(near, "events/")).json()["results"]
    assert seen_near[0]["data"]["possible_duplicate_of"] == world["own"].reference


@pytest.mark.parametrize("path", ["events/", "../export.csv", "../../stats/"])
def test_api_clients_do_not_read_history_figures_or_exports(api, world, path):
    mine = submit(work_region="511403", actor=world["client"], channel="api").complaint
    client = api(world["client"])
    assert client.get(url(mine)).status_code == 200  # it reads what it filed
    target = {
        "events/": url(mine, "events/"),
        "../export.csv": "/api/v1/complaints/export.csv",
        "../../stats/": "/api/v1/stats/",
    }[path]
    response = client.get(target)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert api(world["inspector"]).get(target).status_code == 200


def test_detail_ignores_the_lists_query_filters(api, world):
    client = api(world["inspector"])
    response = client.get(url(world["own"]), {"stage": "closed", "overdue": "true"})
    assert response.status_code == 200
    assert response.json()["reference"] == world["own"].reference
    moved = client.post(
        url(world["own"], "transitions/") + "?stage=closed",
        {"action": "file", "assignees": ["i1", "i2"]},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert moved.status_code == 200
    assert moved.json()["stage"] == "investigating"


def test_export_neutralises_spreadsheet_formulas(api, world):
    submit(
        work_region="511403",
        employer=EmployerInput(name='=HYPERLINK("http://x.example","点此")', uscc=""),
    )
    response = api(world["inspector"]).get("/api/v1/complaints/export.csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(body)))
    names = sorted(row["employer"] for row in rows)
    assert names == ['\'=HYPERLINK("http://x.example","点此")', "眉山市某某建筑劳务有限公司"]


def test_export_answers_csv_whatever_accept_says(api, world):
    response = api(world["inspector"]).get("/api/v1/complaints/export.csv", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    bad = api(world["inspector"]).get(
        "/api/v1/complaints/export.csv", {"region": "51"}, HTTP_ACCEPT="text/csv"
    )
    assert bad.status_code == 400
    assert bad.json()["fields"] == {"region": ["Enter a 6-digit region code."]}


def test_reveal_reads_json_only(api, world):
    response = api(world["inspector"]).post(url(world["own"], "reveal/"), {"reason": "核实身份"})
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_a_replayed_create_carries_the_etag_of_its_answer(api, world):
    from tests.complaints.api.test_public import body

    client = api(staff("clerk", "clerk"))
    payload = {**body(), "channel": "hotline"}
    first = client.post("/api/v1/complaints/", payload, format="json", HTTP_IDEMPOTENCY_KEY="k")
    again = client.post("/api/v1/complaints/", payload, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert again["ETag"] == first["ETag"] == '"1"'
    assert again.json() == first.json()


def test_the_schema_documents_the_headers_clients_rely_on(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    detail = schema["paths"]["/api/v1/complaints/{reference}/"]["get"]["responses"]["200"]
    assert detail["headers"]["ETag"]["required"] is True
    submit_ = schema["paths"]["/api/v1/public/complaints/"]["post"]["responses"]
    assert "Idempotent-Replayed" in submit_["201"]["headers"]
    assert submit_["429"]["headers"]["Retry-After"]["required"] is True


def test_a_known_id_number_gives_no_access_to_what_the_worker_told_another_office(api, world):
    from complaints.models import Notification

    victim = world["person"]  # filed world["own"] in Pengshan with their own name and phone
    attacker_says = WorkerInputFactory(id_number=victim.id_number, phone="13900000000")
    far = submit(work_region="150902", actor=world["far"], complainant=attacker_says).complaint
    assert far.complainant_id == world["own"].complainant_id  # one worker, matched by ID
    client = api(world["far"])
    shown = client.get(url(far)).json()["complainant"]
    assert shown["phone"] == "139****0000"
    assert shown["name"] == attacker_says.name[0] + "*" * (len(attacker_says.name) - 1)
    revealed = client.post(url(far, "reveal/"), {"reason": "核实联系方式"}, format="json").json()
    assert revealed == {
        "name": attacker_says.name,
        "id_number": victim.id_number,  # what the filer typed
        "phone": "13900000000",
        "free_text": [],
    }
    # the victim's own complaint still texts the victim
    texts = Notification.objects.filter(complaint=world["own"]).values_list("to", flat=True)
    assert set(texts) == {victim.phone}
    assert set(Notification.objects.filter(complaint=far).values_list("to", flat=True)) == {
        "13900000000"
    }


def test_a_claim_shows_what_was_given_with_it_not_the_shared_worker_row(api, world):
    victim = world["person"]
    far = submit(work_region="150902", actor=world["far"]).complaint
    client = api(world["far"])
    recorded = client.post(
        url(far, "claims/"),
        {"name": "赵六", "id_number": victim.id_number, "amount_owed": "3000"},
        format="json",
        HTTP_IF_MATCH=f'"{far.version}"',
    )
    assert recorded.status_code == 201
    rows = client.get(url(far, "claims/")).json()["results"]
    masked_id = victim.id_number[:6] + "********" + victim.id_number[-4:]
    # Picked by the victim's ID number: the far complainant's random name may also mask to 赵*.
    claimed = [row["worker"] for row in rows if row["worker"]["id_number"] == masked_id]
    assert claimed == [
        {
            "name": "赵*",
            "id_number": victim.id_number[:6] + "********" + victim.id_number[-4:],
            "phone": "",  # none given with this claim; the victim's is not shown
        }
    ]
