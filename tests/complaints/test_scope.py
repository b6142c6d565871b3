"""Scope (DESIGN §6): every role at a county office × where the complaint is × see / act."""

import pytest

from arrears.errors import RoleNotAllowed
from arrears.reference import ensure_office
from complaints.errors import OutOfScope
from complaints.selectors import complaints_visible_to
from complaints.services import complaint_transition
from complaints.workflow import Role
from tests.factories import staff, submit

pytestmark = pytest.mark.django_db

# The user works at the Pengshan district office (511403, Meishan city 511400, Sichuan).
PLACES = {
    "own_county": "511403",
    "sibling_county": "511402",  # Dongpo district, same city
    "parent_city": "511400",  # filed at city level
    "other_province": "150902",  # Jining district, Ulanqab, Inner Mongolia
}
SEES = {
    Role.CLERK: {"own_county"},
    Role.INSPECTOR: {"own_county"},
    Role.SUPERVISOR: {"own_county"},
    Role.ANALYST: {"own_county"},
    Role.API_CLIENT: set(),  # only what it created itself
}
ACTS = {Role.INSPECTOR: {"own_county"}, Role.SUPERVISOR: {"own_county"}}


@pytest.fixture
def complaints():
    for code in PLACES.values():
        ensure_office(code)
    return {place: submit(work_region=code).complaint for place, code in PLACES.items()}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", Role.values)
def test_scope_see(role, place, complaints):
    user = staff(f"u-{role}", role, region="511403")
    complaint = complaints[place]
    assert complaint.office.region_id == PLACES[place]
    visible = complaints_visible_to(user).filter(pk=complaint.pk).exists()
    assert visible is (place in SEES[role])


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", Role.values)
def test_scope_act(role, place, complaints):
    user = staff(f"u-{role}", role, region="511403")
    complaint = complaints[place]
    expected = (
        None
        if place in ACTS.get(role, set())
        else RoleNotAllowed
        if place in SEES[role]
        else OutOfScope
    )
    if expected is None:
        moved = complaint_transition(complaint=complaint, action="mediate", actor=user, version=1)
        assert moved.stage == "mediating"
    else:
        with pytest.raises(expected):
            complaint_transition(complaint=complaint, action="mediate", actor=user, version=1)
        complaint.refresh_from_db()
        assert (complaint.stage, complaint.version) == ("submitted", 1)


def test_scope_city_office_sees_its_counties_but_not_other_cities(complaints):
    city = staff("city", "supervisor", region="511400")
    visible = set(complaints_visible_to(city).values_list("work_region_id", flat=True))
    assert visible == {"511403", "511402", "511400"}


def test_scope_province_office_sees_the_whole_province(complaints):
    province = staff("prov", "analyst", region="510000")
    visible = set(complaints_visible_to(province).values_list("work_region_id", flat=True))
    assert visible == {"511403", "511402", "511400"}


def test_scope_work_region_inside_subtree_is_visible_even_if_filed_elsewhere(complaints):
    # A complaint about work in Pengshan, handled by the Ulanqab office after a transfer
    supervisor = staff("sup", "supervisor", region="511403")
    complaint = complaints["own_county"]
    complaint_transition(
        complaint=complaint,
        action="transfer",
        actor=supervisor,
        version=1,
        office=ensure_office("150902").pk,
    )
    ulanqab = staff("ulanqab", "inspector", region="150902")
    assert complaints_visible_to(ulanqab).filter(pk=complaint.pk).exists()
    assert complaints_visible_to(supervisor).filter(pk=complaint.pk).exists()


def test_scope_api_client_sees_what_it_created_only(complaints):
    client = staff("platform", "api_client", region="511403")
    own = submit(actor=client, channel="api").complaint
    assert list(complaints_visible_to(client)) == [own]


def test_scope_user_without_role_or_inactive_sees_nothing(complaints):
    user = staff("gone", "inspector")
    user.is_active = False
    user.save()
    assert not complaints_visible_to(user).exists()
    user.is_active = True
    user.save()
    user.groups.clear()
    from django.contrib.auth import get_user_model

    fresh = get_user_model().objects.get(pk=user.pk)
    assert not complaints_visible_to(fresh).exists()
