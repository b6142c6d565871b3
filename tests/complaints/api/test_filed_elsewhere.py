"""A complaint filed at one office about work elsewhere (DESIGN §1, §6): the create answers 201
with the receipt, the filing office follows it read-only, the work place's office acts on it."""

import pytest

from arrears.reference import ensure_office
from complaints.models import Complaint
from complaints.workflow import Role
from tests.complaints.api.test_public import body
from tests.factories import staff

pytestmark = pytest.mark.django_db

HOME = "511403"  # 彭山区: the counter where the worker complains
WORK = "150902"  # 集宁区: where the wages went unpaid


@pytest.fixture
def offices():
    return ensure_office(HOME), ensure_office(WORK)


def create(client, payload: dict | None = None, **headers):
    payload = payload or {**body(work_region=WORK), "channel": "walk_in"}
    return client.post("/api/v1/complaints/", payload, format="json", **headers)


@pytest.mark.parametrize("role", [Role.CLERK, Role.INSPECTOR, Role.SUPERVISOR])
def test_create_routed_outside_the_callers_scope_answers_201_with_the_receipt(api, offices, role):
    # given staff of the Pengshan office
    user = staff("home", role, region=HOME)

    # when they file a complaint about work in Ulanqab
    response = create(api(user))

    # then 201 with the receipt: routed to Ulanqab, personal data masked, one complaint
    assert response.status_code == 201, response.content
    out = response.json()
    complaint = Complaint.objects.get()
    assert out["reference"] == complaint.reference
    assert out["office"] == {"id": offices[1].pk, "name": offices[1].name}
    assert response["ETag"] == '"1"'
    assert "13912345678" not in response.content.decode()
    assert complaint.intake_office == offices[0]


def test_create_retried_after_the_receipt_is_still_one_complaint_with_a_key(api, offices):
    clerk = staff("home", Role.CLERK, region=HOME)
    payload = {**body(work_region=WORK), "channel": "walk_in"}
    first = create(api(clerk), payload, HTTP_IDEMPOTENCY_KEY="counter-7")
    again = create(api(clerk), payload, HTTP_IDEMPOTENCY_KEY="counter-7")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Complaint.objects.count() == 1


def test_filing_office_reads_but_cannot_act(api, offices):
    # given a complaint a Pengshan inspector took in for Ulanqab
    inspector = staff("home", Role.INSPECTOR, region=HOME)
    reference = create(api(inspector)).json()["reference"]
    url = f"/api/v1/complaints/{reference}/"

    # then they read it (masked), and list it
    detail = api(inspector).get(url)
    assert detail.status_code == 200
    assert "13912345678" not in detail.content.decode()
    listed = api(inspector).get("/api/v1/complaints/")
    assert [c["reference"] for c in listed.json()["results"]] == [reference]

    # but a step, a correction and a reveal are refused as read-only, changing nothing
    step = api(inspector).post(
        f"{url}transitions/", {"action": "mediate"}, format="json", HTTP_IF_MATCH='"1"'
    )
    reveal = api(inspector).post(f"{url}reveal/", {"reason": "核实身份"}, format="json")
    patch = api(inspector).patch(url, {"description": "改一下"}, format="json", HTTP_IF_MATCH='"1"')
    detail_text = f"{offices[1].name} handles this complaint now; your office follows it read-only."
    for answer in (step, reveal, patch):
        assert answer.status_code == 403, answer.content
        assert answer.json() == {"code": "read_only", "detail": detail_text, "fields": {}}
    complaint = Complaint.objects.get()
    assert (complaint.stage, complaint.version) == ("submitted", 1)
    from arrears.models import PiiAccess

    assert not PiiAccess.objects.exists()


def test_work_place_office_acts(api, offices):
    clerk = staff("home", Role.CLERK, region=HOME)
    reference = create(api(clerk)).json()["reference"]
    ulanqab = staff("ulanqab", Role.SUPERVISOR, region=WORK)
    step = api(ulanqab).post(
        f"/api/v1/complaints/{reference}/transitions/",
        {"action": "mediate"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert step.status_code == 200, step.content
