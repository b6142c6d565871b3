import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from arrears.models import Campaign, CrimeThreshold, Office, Region, Sector
from arrears.reference import load_reference
from complaints.workflow import Role

pytestmark = pytest.mark.django_db


def test_reference_regions_are_complete_with_parents():
    assert Region.objects.filter(level="province").count() == 31
    assert Region.objects.filter(level="county").count() >= 2800
    pengshan = Region.objects.select_related("parent__parent").get(code="511403")
    assert (pengshan.name, pengshan.parent.name, pengshan.parent.parent.name) == (
        "彭山区",
        "眉山市",
        "四川省",
    )
    assert Region.objects.get(code="110105").parent_id == "110000"
    assert not Region.objects.filter(level="county", parent__isnull=True).exists()


def test_reference_load_is_idempotent():
    before = {m: m.objects.count() for m in (Region, Office, Sector, CrimeThreshold, Campaign)}
    counts = load_reference()
    assert counts["regions_created"] == counts["regions_updated"] == 0
    assert {m: m.objects.count() for m in before} == before


def test_reference_sector_codes_match_the_api_contract():
    assert list(Sector.objects.values_list("code", flat=True)) == [
        "construction_building",
        "construction_municipal",
        "construction_transport",
        "construction_water",
        "real_estate",
        "manufacturing",
        "catering_services",
        "tutoring",
        "other",
    ]
    assert Sector.objects.get(code="real_estate").is_construction


def test_reference_one_office_per_province():
    provinces = set(Region.objects.filter(level="province").values_list("code", flat=True))
    assert set(Office.objects.filter(level="province").values_list("region_id", flat=True)) == (
        provinces
    )


def test_reference_crime_thresholds():
    rows = {
        t.province_id: (t.single_worker_amount, t.group_amount)
        for t in CrimeThreshold.objects.all()
    }
    assert rows == {
        None: (Decimal("5000.00"), Decimal("30000.00")),
        "210000": (Decimal("10000.00"), Decimal("50000.00")),
        "410000": (Decimal("8000.00"), Decimal("40000.00")),
        "430000": (Decimal("6000.00"), Decimal("40000.00")),
    }


def test_reference_campaigns_end_on_spring_festival_eve():
    ends = sorted(Campaign.objects.values_list("ends_on", flat=True))
    assert ends == [datetime.date(2022, 1, 31), datetime.date(2027, 2, 5)]


def test_reference_roles_exist_with_view_pii_only_for_case_workers():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    holders = set(
        Group.objects.filter(permissions__codename="view_pii").values_list("name", flat=True)
    )
    assert holders == {"inspector", "supervisor"}


def test_create_staff_command_puts_user_in_region_office():
    out = io.StringIO()
    call_command(
        "create_staff", "wang", role="inspector", region="150902", password="s3cret-Pw!", stdout=out
    )
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.select_related("office").get(username="wang")
    assert user.office.region_id == "150902"
    assert user.office.name == "乌兰察布市集宁区劳动保障监察大队"
    assert list(user.groups.values_list("name", flat=True)) == ["inspector"]
    assert user.check_password("s3cret-Pw!")
    assert "inspector" in out.getvalue()


@pytest.mark.parametrize(("role", "region"), [("boss", "150902"), ("inspector", "999999")])
def test_create_staff_command_rejects_unknown_role_or_region(role, region):
    from django.contrib.auth import get_user_model

    with pytest.raises((CommandError, SystemExit)):
        call_command("create_staff", "li", role=role, region=region, password="x")
    assert not get_user_model().objects.filter(username="li").exists()


def test_reference_office_names_tell_same_named_districts_apart():
    from arrears.reference import ensure_office

    assert ensure_office("110105").name == "北京市朝阳区劳动保障监察大队"
    assert ensure_office("220104").name == "长春市朝阳区劳动保障监察大队"
    assert ensure_office("419001").name == "济源市劳动保障监察大队"
