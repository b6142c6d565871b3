"""Read-only scope (DESIGN §6): an office follows what it took in for another office and what
it transferred away, but acts only on what lies in its own subtree."""

import pytest

from arrears.errors import ReadOnly
from arrears.reference import ensure_office
from complaints.errors import OutOfScope
from complaints.selectors import complaint_access, complaints_visible_to
from complaints.services import attachment_add, complaint_reveal, complaint_transition
from complaints.workflow import Role
from tests.factories import move, staff, submit

pytestmark = pytest.mark.django_db

HOME = "511403"  # 彭山区, Meishan, Sichuan: where the worker lives and complains
WORK = "150902"  # 集宁区, Ulanqab, Inner Mongolia: where the wages went unpaid


@pytest.fixture
def taken_in():
    """A complaint a Pengshan clerk took at the counter about work in Ulanqab."""
    ensure_office(HOME)
    ensure_office(WORK)
    clerk = staff("clerk", Role.CLERK, region=HOME)
    return submit(actor=clerk, work_region=WORK).complaint


def test_scope_intake_office_is_recorded_and_the_case_routed_to_the_work_place(taken_in):
    assert taken_in.office.region_id == WORK
    assert taken_in.intake_office.region_id == HOME


@pytest.mark.parametrize("role", [Role.CLERK, Role.INSPECTOR, Role.SUPERVISOR, Role.ANALYST])
def test_scope_intake_office_follows_read_only(role, taken_in):
    user = staff(f"home-{role}", role, region=HOME)
    assert complaints_visible_to(user).filter(pk=taken_in.pk).exists()
    assert not complaints_visible_to(user, acting=True).filter(pk=taken_in.pk).exists()
    assert complaint_access(user, taken_in) == "read"


def test_scope_intake_office_cannot_step_reveal_or_upload(taken_in):
    supervisor = staff("home-sup", Role.SUPERVISOR, region=HOME)
    with pytest.raises(ReadOnly):
        complaint_transition(complaint=taken_in, action="mediate", actor=supervisor, version=1)
    with pytest.raises(ReadOnly):
        complaint_reveal(complaint=taken_in, user=supervisor, reason="核实身份")
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ReadOnly):
        attachment_add(
            complaint=taken_in,
            actor=supervisor,
            file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n", content_type="application/pdf"),
            description="工资条",
        )
    taken_in.refresh_from_db()
    assert (taken_in.stage, taken_in.version) == ("submitted", 1)
    from arrears.models import PiiAccess

    assert not PiiAccess.objects.exists()


def test_scope_work_place_office_acts_on_what_another_office_took_in(taken_in):
    ulanqab = staff("ulanqab", Role.SUPERVISOR, region=WORK)
    assert complaint_access(ulanqab, taken_in) == "act"
    assert move(taken_in, "mediate", ulanqab).stage == "mediating"


def test_scope_a_third_office_sees_nothing(taken_in):
    other = staff("other", Role.SUPERVISOR, region="511402")
    assert complaint_access(other, taken_in) is None
    with pytest.raises(OutOfScope):
        complaint_transition(complaint=taken_in, action="mediate", actor=other, version=1)


def test_scope_transferred_away_is_read_only_for_the_sending_office():
    # given a Pengshan complaint sent to Ulanqab, which then sends it on to the city office
    ensure_office(HOME)
    ensure_office(WORK)
    complaint = submit(work_region=HOME).complaint
    complaint = move(
        complaint, "transfer", staff("home-sup", Role.SUPERVISOR, region=HOME),
        office=ensure_office(WORK).pk,
    )  # fmt: skip
    ulanqab = staff("ulanqab-sup", Role.SUPERVISOR, region=WORK)
    complaint = move(complaint, "transfer", ulanqab, office=ensure_office("511400").pk)

    # then Ulanqab, neither handling it nor the work place, follows it read-only
    assert complaint_access(ulanqab, complaint) == "read"
    with pytest.raises(ReadOnly):
        move(complaint, "mediate", ulanqab)


def test_scope_assignees_must_be_able_to_act(taken_in):
    from django.core.exceptions import ValidationError

    ulanqab = staff("ulanqab", Role.SUPERVISOR, region=WORK)
    staff("ulanqab-i", Role.INSPECTOR, region=WORK)
    staff("home-i", Role.INSPECTOR, region=HOME)
    with pytest.raises(ValidationError) as exc:
        move(taken_in, "file", ulanqab, assignees=["ulanqab-i", "home-i"])
    assert "home-i" in str(exc.value)


def test_scope_province_office_follows_what_its_counties_took_in(taken_in):
    province = staff("sichuan", Role.ANALYST, region="510000")
    assert complaint_access(province, taken_in) == "read"
