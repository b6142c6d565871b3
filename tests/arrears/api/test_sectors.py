"""GET /api/v1/sectors/: anonymous, the fixed list of DESIGN §7.3, not paginated."""

import pytest

from arrears.models import Sector
from tests.arrears.api.helpers import count_queries

pytestmark = pytest.mark.django_db

URL = "/api/v1/sectors/"


def test_sectors_lists_the_design_codes_to_anyone_unpaginated(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == [
        {
            "code": "construction_building",
            "name": "房屋建筑工程",
            "name_en": "Construction: buildings",
            "is_construction": True,
        },
        {
            "code": "construction_municipal",
            "name": "市政工程",
            "name_en": "Construction: municipal works",
            "is_construction": True,
        },
        {
            "code": "construction_transport",
            "name": "交通工程",
            "name_en": "Construction: transport",
            "is_construction": True,
        },
        {
            "code": "construction_water",
            "name": "水利工程",
            "name_en": "Construction: water works",
            "is_construction": True,
        },
        {
            "code": "real_estate",
            "name": "房地产开发",
            "name_en": "Real-estate development",
            "is_construction": True,
        },
        {
            "code": "manufacturing",
            "name": "制造业",
            "name_en": "Manufacturing",
            "is_construction": False,
        },
        {
            "code": "catering_services",
            "name": "餐饮服务业",
            "name_en": "Catering and services",
            "is_construction": False,
        },
        {
            "code": "tutoring",
            "name": "校外培训",
            "name_en": "Off-campus tutoring",
            "is_construction": False,
        },
        {"code": "other", "name": "其他行业", "name_en": "Other", "is_construction": False},
    ]


def test_sectors_ignores_page_parameters(client):
    response = client.get(URL, {"page": 2, "page_size": 1})
    assert response.status_code == 200
    assert len(response.json()) == 9


def test_sectors_queries_do_not_grow_with_rows(client):
    few, few_body = count_queries(client, URL)
    Sector.objects.bulk_create(
        Sector(code=f"extra_{n}", name=f"其他{n}", name_en=f"Extra {n}", position=100 + n)
        for n in range(20)
    )
    many, many_body = count_queries(client, URL)
    assert (len(few_body), len(many_body)) == (9, 29)
    assert few == many == 1
