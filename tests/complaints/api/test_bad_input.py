"""Bad input is a 400 (or a 413) with the error body, never a 500 or an HTML page, on every
endpoint that takes a body, anonymous ones included; and nothing is saved."""

import json

import pytest
from django.core.cache import cache

from complaints.models import Complaint, Event
from tests.complaints.api.test_public import body as public_body
from tests.factories import staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

# Every operation that reads a JSON body: (method, path, who). `{ref}` is a complaint in scope.
JSON_ENDPOINTS = [
    ("post", "/api/v1/public/complaints/", None),
    ("post", "/api/v1/public/track/", None),
    ("post", "/api/v1/auth/token/", None),
    ("post", "/api/v1/complaints/", "supervisor"),
    ("patch", "/api/v1/complaints/{ref}/", "supervisor"),
    ("post", "/api/v1/complaints/{ref}/transitions/", "supervisor"),
    ("post", "/api/v1/complaints/{ref}/claims/", "supervisor"),
    ("post", "/api/v1/complaints/{ref}/payments/", "supervisor"),
    ("post", "/api/v1/complaints/{ref}/reveal/", "supervisor"),
]
MULTIPART_ENDPOINTS = [
    ("post", "/api/v1/complaints/{ref}/attachments/", "supervisor"),
    ("post", "/api/v1/complaints/{ref}/documents/", "supervisor"),
]


@pytest.fixture
def world():
    cache.clear()
    user = staff("sup", "supervisor")
    complaint = submit(work_region="511403").complaint
    yield {"supervisor": user, "complaint": complaint}
    cache.clear()


def call(api, world, method, path, who, data, content_type="application/json", **extra):
    client = api(world[who] if who else None)
    url = path.format(ref=world["complaint"].reference)
    return getattr(client, method)(
        url, data, content_type=content_type, HTTP_IF_MATCH='"1"', **extra
    )


def saved(world) -> tuple[int, int, int]:
    complaint = world["complaint"]
    complaint.refresh_from_db()
    return Complaint.objects.count(), Event.objects.count(), complaint.version


@pytest.mark.parametrize(("method", "path", "who"), JSON_ENDPOINTS)
def test_deeply_nested_json_is_a_400(api, world, method, path, who):
    before = saved(world)
    response = call(api, world, method, path, who, "[" * 50_000 + "]" * 50_000)
    assert response.status_code == 400
    assert response.json() == {
        "code": "parse_error",
        "detail": "The JSON body is nested more than 20 levels deep.",
        "fields": {},
    }
    assert saved(world) == before


@pytest.mark.parametrize(("method", "path", "who"), JSON_ENDPOINTS)
def test_json_nested_past_the_limit_but_not_the_decoders_is_a_400(api, world, method, path, who):
    response = call(api, world, method, path, who, '{"a":' * 21 + "1" + "}" * 21)
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_json_nested_to_the_limit_reaches_the_serializer(api, world):
    response = call(
        api, world, "post", "/api/v1/public/track/", None, '{"a":' * 19 + "1" + "}" * 19
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(("method", "path", "who"), JSON_ENDPOINTS)
def test_json_with_too_many_members_is_a_400(api, world, method, path, who, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
    many = json.dumps({"reference": "x", "access_code": "y", "junk": list(range(99))})
    response = call(api, world, method, path, who, many)
    assert response.status_code == 400
    assert response.json() == {
        "code": "parse_error",
        "detail": "The JSON body has more than 100 members.",
        "fields": {},
    }


@pytest.mark.parametrize(("method", "path", "who"), JSON_ENDPOINTS)
def test_json_body_over_the_size_limit_is_a_413(api, world, method, path, who, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    before = saved(world)
    big = json.dumps(public_body(description="欠薪" * 5_000))
    response = call(api, world, method, path, who, big, HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 413
    assert response.json() == {
        "code": "request_too_large",
        "detail": "The request body is too large.",
        "fields": {},
    }
    assert saved(world) == before


@pytest.mark.parametrize(("method", "path", "who"), MULTIPART_ENDPOINTS)
def test_multipart_over_the_size_limit_is_a_json_413(api, world, method, path, who, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    client = api(world[who])
    url = path.format(ref=world["complaint"].reference)
    response = client.post(url, {"description": "x" * 5_000, "kind": "x"}, format="multipart")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "code": "request_too_large",
        "detail": "The request body is too large.",
        "fields": {},
    }


@pytest.mark.parametrize(("method", "path", "who"), MULTIPART_ENDPOINTS)
def test_multipart_with_too_many_fields_is_a_json_400(api, world, method, path, who, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client = api(world[who])
    url = path.format(ref=world["complaint"].reference)
    response = client.post(url, {f"f{i}": "x" for i in range(20)}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {
        "code": "too_many_fields",
        "detail": "The request has too many fields.",
        "fields": {},
    }


def test_form_body_with_too_many_fields_under_api_is_json(client, settings):
    response = client.post(
        "/api/v1/auth/token/",
        "&".join(f"f{i}=x" for i in range(2_000)),
        content_type="application/x-www-form-urlencoded",
    )
    # Refused before any parser: JSON, never Django's HTML page.
    assert response["Content-Type"] == "application/json"
    assert response.status_code in (400, 415)


def test_outside_the_api_django_keeps_its_own_400_page(client):
    response = client.post(
        "/admin/login/",
        "&".join(f"f{i}=x" for i in range(2_000)),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


DIGITS = "Write numbers with the digits 0–9."


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("amount_claimed", "١٢٠٠٠", "amount_claimed"),
        ("amount_claimed", "12²", "amount_claimed"),
        ("arrears_from", "٢٠٢٦-٠٧-٠١", "arrears_from"),
        ("complainant", {"name": "王建国", "phone": "139١٢٣٤٥٦٧٨"}, "complainant.phone"),
    ],
)
def test_public_submit_refuses_other_scripts_digits(api, world, field, value, where):
    before = Complaint.objects.count()
    response = api().post(
        "/api/v1/public/complaints/", public_body(**{field: value}), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some values are not valid.",
        "fields": {where: [DIGITS]},
    }
    assert Complaint.objects.count() == before


def test_public_submit_reads_full_width_digits(api, world):
    response = api().post(
        "/api/v1/public/complaints/",
        public_body(amount_claimed="１８５００．５０", arrears_from="２０２６-０７-０１"),
        format="json",
    )
    assert response.status_code == 201
    complaint = Complaint.objects.get(reference=response.json()["reference"])
    assert str(complaint.amount_claimed) == "18500.50"
    assert str(complaint.arrears_from) == "2026-07-01"


def test_staff_transition_refuses_other_scripts_digits(api, world):
    client = api(world["supervisor"])
    ref = world["complaint"].reference
    response = client.post(
        f"/api/v1/complaints/{ref}/payments/",
        {"amount": "١٠٠", "paid_on": "2026-11-30", "source": "employer"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"amount": [DIGITS]}


RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
HIDDEN = [
    ("王\u202e国建", "U+202E"),
    ("王\u2066建国\u2069", "U+2066, U+2069"),
    ("王\u200b建国", "U+200B"),
    ("王\x07建国", "U+0007"),
    ("王\u2028建国", "U+2028"),
]


def hidden_message(points: str) -> str:
    return f"Remove the invisible or control characters from this name: {points}."


@pytest.mark.parametrize(("name", "points"), HIDDEN)
@pytest.mark.parametrize(
    ("make", "where"),
    [
        (lambda n: {"complainant": {"name": n, "phone": "13912345678"}}, "complainant.name"),
        (lambda n: {"employer": {"name": n + "有限公司", "uscc": ""}}, "employer.name"),
        (lambda n: {"project_name": n + "项目"}, "project_name"),
    ],
)
def test_public_submit_refuses_invisible_characters_in_names(api, world, name, points, make, where):
    before = Complaint.objects.count()
    response = api().post("/api/v1/public/complaints/", public_body(**make(name)), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some values are not valid.",
        "fields": {where: [hidden_message(points)]},
    }
    assert Complaint.objects.count() == before


def test_staff_submit_and_claims_refuse_invisible_characters_in_names(api, world):
    client = api(world["supervisor"])
    body = public_body(employer={"name": f"某{RLO}公司", "uscc": ""}, channel="hotline")
    response = client.post("/api/v1/complaints/", body, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"employer.name": [hidden_message("U+202E")]}
    ref = world["complaint"].reference
    response = client.post(
        f"/api/v1/complaints/{ref}/claims/",
        {"name": f"李{RLO}四", "id_number": "11010519491231002X", "amount_owed": "100"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"name": [hidden_message("U+202E")]}


def test_names_keep_chinese_and_private_use_characters(api, world):
    # Rare surnames are still typed with private-use code points; they are visible.
    body = public_body(complainant={"name": "\ue000建国", "phone": "13912345678"})
    response = api().post("/api/v1/public/complaints/", body, format="json")
    assert response.status_code == 201


def test_the_service_refuses_invisible_characters_whatever_the_caller():
    from django.core.exceptions import ValidationError

    from arrears.services import EmployerInput

    with pytest.raises(ValidationError) as error:
        submit(employer=EmployerInput(name=f"某{RLO}公司", uscc=""), project_name=f"工{RLO}程")
    assert error.value.message_dict == {
        "employer.name": [hidden_message("U+202E")],
        "project_name": [hidden_message("U+202E")],
    }


def test_model_fields_refuse_invisible_characters_in_names(world):
    from django.core.exceptions import ValidationError

    from arrears.models import Employer, Project

    employer = world["complaint"].employer
    employer.name = f"某{RLO}公司"
    with pytest.raises(ValidationError) as error:
        employer.full_clean()
    assert error.value.message_dict["name"] == [hidden_message("U+202E")]
    project = Project(name=f"工{RLO}程", region_id="511403")
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert error.value.message_dict["name"] == [hidden_message("U+202E")]
    assert Employer.objects.filter(name__contains=RLO).count() == 0


def test_attachment_description_refuses_invisible_characters(api, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from complaints.models import Attachment

    pdf = SimpleUploadedFile("payslip.pdf", b"%PDF-1.4 wages", content_type="application/pdf")
    ref = world["complaint"].reference
    response = api(world["supervisor"]).post(
        f"/api/v1/complaints/{ref}/attachments/", {"file": pdf, "description": f"工资{RLO}条"}
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"description": [hidden_message("U+202E")]}
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("param", "value"),
    [("office", "١"), ("employer", "²"), ("received_after", "٢٠٢٦-١١-٣٠T00:00:00+08:00")],
)
def test_list_filters_refuse_other_scripts_digits(api, world, param, value):
    response = api(world["supervisor"]).get("/api/v1/complaints/", {param: value})
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some values are not valid.",
        "fields": {param: [DIGITS]},
    }
