"""GET /api/v1/public/offices/: anonymous, public offices only, by region and 24-hour duty."""

import pytest

from arrears.models import Office, Region
from arrears.reference import ensure_office
from tests.arrears.api.helpers import REGION_ROWS, count_queries

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/offices/"


def office(name: str, code: str, region_name: str, level: str, duty_24h: bool = True) -> dict:
    return {
        "name": name,
        "region": {"code": code, "name": region_name},
        "level": level,
        "hotline": "12333",
        "address": "",
        "duty_24h": duty_24h,
    }


SICHUAN = office("四川省劳动保障监察总队", "510000", "四川省", "province")
MEISHAN = office("眉山市劳动保障监察支队", "511400", "眉山市", "city")
PENGSHAN = office("眉山市彭山区劳动保障监察大队", "511403", "彭山区", "county")
DONGPO = office("眉山市东坡区劳动保障监察大队", "511402", "东坡区", "county", duty_24h=False)


@pytest.fixture
def sichuan_offices():
    """Offices of Meishan city and two of its counties, one not on 24-hour duty, a private
    office in another county, and a county office in another province."""
    ensure_office("511400")
    ensure_office("511403")
    ensure_office("511402", duty_24h=False)
    ensure_office("440305")
    Office.objects.create(
        name="仁寿县内部值班室",
        region=Region.objects.get(code="511421"),
        level="county",
        public=False,
    )


def test_offices_lists_the_provincial_offices_to_anyone(client):
    response = client.get(URL)
    provinces = [r for r in REGION_ROWS if r["level"] == "province"]
    assert response.status_code == 200
    assert response.json() == {
        "count": 31,
        "next": None,
        "previous": None,
        "results": [
            office(f"{r['name']}劳动保障监察总队", r["code"], r["name"], "province")
            for r in provinces
        ],
    }


def test_offices_for_a_county_are_its_office_and_those_above_it(client, sichuan_offices):
    response = client.get(URL, {"region": "511403"})
    assert response.status_code == 200
    assert response.json() == {
        "count": 3,
        "next": None,
        "previous": None,
        "results": [SICHUAN, MEISHAN, PENGSHAN],
    }


def test_offices_for_a_city_add_the_public_offices_inside_it(client, sichuan_offices):
    response = client.get(URL, {"region": "511400"})
    assert response.status_code == 200
    assert response.json() == {
        "count": 4,
        "next": None,
        "previous": None,
        "results": [SICHUAN, MEISHAN, DONGPO, PENGSHAN],
    }


def test_offices_for_a_county_without_its_own_office_are_those_above_it(client, sichuan_offices):
    response = client.get(URL, {"region": "511421"})
    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [SICHUAN, MEISHAN],
    }


def test_offices_filter_by_24_hour_duty(client, sichuan_offices):
    response = client.get(URL, {"region": "511400", "duty_24h": "false"})
    assert response.status_code == 200
    assert response.json() == {"count": 1, "next": None, "previous": None, "results": [DONGPO]}
    on_duty = client.get(URL, {"region": "511400", "duty_24h": "true"})
    assert on_duty.status_code == 200
    assert on_duty.json()["results"] == [SICHUAN, MEISHAN, PENGSHAN]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("5114", "Enter a 6-digit region code."),
        ("彭山", "Enter a 6-digit region code."),
        ("", "Give a value, or leave the parameter out."),
    ],
)
def test_offices_refuse_a_malformed_region(client, code, message):
    response = client.get(URL, {"region": code})
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some values are not valid.",
        "fields": {"region": [message]},
    }


def test_offices_of_a_region_that_does_not_exist_are_none(client):
    response = client.get(URL, {"region": "999999"})
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_offices_queries_do_not_grow_with_rows(client):
    few, few_body = count_queries(client, f"{URL}?region=440000&page_size=200")
    for row in REGION_ROWS:
        if row["code"].startswith("44") and row["level"] != "province":
            ensure_office(row["code"])
    many, many_body = count_queries(client, f"{URL}?region=440000&page_size=200")
    assert few_body["count"] == 1
    assert many_body["count"] > 100
    assert few == many == 3  # the region looked up, count, page
