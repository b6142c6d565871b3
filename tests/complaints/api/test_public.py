"""Public API: filing and tracking a complaint (DESIGN §7.3)."""

import datetime

import pytest
from django.core.cache import cache

from arrears.reference import ensure_office
from complaints.models import Complaint
from tests.factories import move, resident_id, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

SUBMIT = "/api/v1/public/complaints/"
TRACK = "/api/v1/public/track/"


@pytest.fixture(autouse=True)
def clear_throttles():
    cache.clear()


def body(**overrides) -> dict:
    data = {
        "kind": "complaint",
        "complainant": {"name": "王建国", "phone": "13912345678", "id_number": resident_id()},
        "employer": {"name": "眉山市某某建筑劳务有限公司", "uscc": ""},
        "work_region": "511403",
        "sector": "construction_building",
        "project_name": "",
        "arrears_from": "2026-07-01",
        "arrears_to": "2026-10-31",
        "amount_claimed": "18500.00",
        "workers_affected": 1,
        "description": "工程完工后拖欠工资。",
        "in_dispute_process": "none",
        "consent": True,
    }
    data.update(overrides)
    return data


def test_public_submit_returns_the_receipt(api):
    office = ensure_office("511403")
    response = api().post(SUBMIT, body(), format="json")
    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert response.json() == {
        "reference": complaint.reference,
        "access_code": response.json()["access_code"],
        "public_status": "received",
        "acceptance_due": "2026-12-07",
        "office": {"name": office.name, "hotline": "12333"},
    }
    assert len(response.json()["access_code"]) == 8
    assert complaint.channel == "web"


def test_public_submit_bad_input_gives_the_error_body_and_saves_nothing(api):
    response = api().post(
        SUBMIT,
        body(
            complainant={"name": "王建国", "phone": "12345", "id_number": "110105194912310021"},
            work_region="999999",
        ),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some values are not valid.",
        "fields": {
            "complainant.id_number": ["The check digit of this ID number is wrong."],
            "complainant.phone": ["Enter an 11-digit mainland mobile number starting with 1."],
            "work_region": ["Choose the county (or city) where the work was done."],
        },
    }
    assert not Complaint.objects.exists()


def test_public_submit_type_errors_name_the_field(api):
    response = api().post(SUBMIT, body(arrears_from="July", consent="maybe"), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["fields"]) == {"arrears_from", "consent"}


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"workers_affected": "5"}, {"workers_affected": ["A valid integer is required."]}),
        ({"consent": "true"}, {"consent": ["Must be a valid boolean."]}),
        ({"description": 0}, {"description": ["Not a valid string."]}),
        ({"employer": ["x"]}, {"employer": ["Invalid data. Expected a dictionary, but got list."]}),
        (
            {"employer": {"name": 1}, "sector": 3},
            {"employer.name": ["Not a valid string."], "sector": ['"3" is not a valid choice.']},
        ),
        ({"description": "工资\x00"}, {"description": ["Null characters are not allowed."]}),
    ],
)
def test_public_submit_takes_json_types_as_the_schema_says(api, overrides, fields):
    response = api().post(SUBMIT, body(**overrides), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some values are not valid.",
        "fields": fields,
    }
    assert not Complaint.objects.exists()


def test_public_submit_is_throttled(api, settings):
    client = api()
    statuses = [client.post(SUBMIT, {}, format="json").status_code for _ in range(21)]
    assert statuses[:20] == [400] * 20
    assert statuses[20] == 429
    last = client.post(SUBMIT, {}, format="json")
    assert last.json()["code"] == "throttled"
    assert int(last["Retry-After"]) > 0


def test_public_track_shows_public_timeline_only(api):
    ensure_office("511403")
    receipt = api().post(SUBMIT, body(), format="json").json()
    complaint = Complaint.objects.get()
    inspector, other = staff("i1", "inspector"), staff("i2", "inspector")
    complaint = move(complaint, "file", inspector, assignees=["i1", "i2"])
    move(complaint, "extend", staff("sup", "supervisor"), note="内部：需异地调查")  # not public
    response = api().post(
        TRACK,
        {"reference": receipt["reference"].lower(), "access_code": receipt["access_code"]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json() == {
        "reference": receipt["reference"],
        "public_status": "being_handled",
        "timeline": [
            {"at": "2026-11-30T10:00:00+08:00", "public_status": "received", "note": ""},
            {"at": "2026-11-30T10:00:00+08:00", "public_status": "being_handled", "note": ""},
        ],
        "next_due": "2027-04-13",
        "amount_recovered": "0.00",
    }
    assert other  # both inspectors exist


def test_public_track_same_answer_for_wrong_reference_and_wrong_code(api):
    ensure_office("511403")
    receipt = api().post(SUBMIT, body(), format="json").json()
    wrong_code = api().post(
        TRACK, {"reference": receipt["reference"], "access_code": "AAAAAAAA"}, format="json"
    )
    wrong_ref = api().post(
        TRACK, {"reference": "QX-AAAA-AAAA", "access_code": receipt["access_code"]}, format="json"
    )
    assert wrong_code.status_code == wrong_ref.status_code == 404
    assert (
        wrong_code.json()
        == wrong_ref.json()
        == {
            "code": "not_found",
            "detail": "No complaint matches this reference and access code.",
            "fields": {},
        }
    )


@pytest.mark.parametrize("typed", [str.lower, lambda r: r.replace("-", ""), lambda r: f" {r} "])
def test_public_track_takes_the_reference_as_people_type_it(api, typed):
    ensure_office("511403")
    receipt = api().post(SUBMIT, body(), format="json").json()
    found = api().post(
        TRACK,
        {"reference": typed(receipt["reference"]), "access_code": receipt["access_code"].lower()},
        format="json",
    )
    assert found.status_code == 200
    assert found.json()["reference"] == receipt["reference"]


def test_public_dates_are_iso(api):
    ensure_office("511403")
    response = api().post(SUBMIT, body(), format="json")
    assert datetime.date.fromisoformat(response.json()["acceptance_due"])


def test_public_throttle_uses_the_real_client_behind_one_proxy(api, settings):
    settings.NUM_PROXIES = 1
    client = api()
    statuses = [
        client.post(
            SUBMIT, {}, format="json", HTTP_X_FORWARDED_FOR=f"10.9.{n}.1, 203.0.113.7"
        ).status_code
        for n in range(21)
    ]
    # a forged first address does not make a new client: the proxy's entry counts
    assert statuses[:20] == [400] * 20 and statuses[20] == 429
    other = client.post(SUBMIT, {}, format="json", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 400


@pytest.mark.parametrize("amount", [18500, "-5", "1.234", "", "abc"])
def test_public_submit_amount_must_be_a_decimal_string(api, amount):
    ensure_office("511403")
    response = api().post(SUBMIT, body(amount_claimed=amount), format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "amount_claimed": ['Enter an amount in yuan as a string, e.g. "12000.00".']
    }
    assert not Complaint.objects.exists()
