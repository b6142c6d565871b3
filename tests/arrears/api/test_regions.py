"""GET /api/v1/regions/: anonymous, the provinces by default, children, search, pagination."""

import pytest

from tests.arrears.api.helpers import REGION_ROWS, count_queries, region_body

pytestmark = pytest.mark.django_db

URL = "/api/v1/regions/"


def test_regions_lists_the_31_provinces_to_anyone_by_default(client):
    response = client.get(URL)
    provinces = [region_body(r) for r in REGION_ROWS if r["level"] == "province"]
    assert len(provinces) == 31
    assert response.status_code == 200
    assert response.json() == {"count": 31, "next": None, "previous": None, "results": provinces}


def test_regions_parent_gives_the_children_of_a_region(client):
    response = client.get(URL, {"parent": "511400"})
    assert response.status_code == 200
    assert response.json() == {
        "count": 6,
        "next": None,
        "previous": None,
        "results": [
            {"code": code, "name": name, "level": "county", "parent": "511400"}
            for code, name in [
                ("511402", "东坡区"),
                ("511403", "彭山区"),
                ("511421", "仁寿县"),
                ("511423", "洪雅县"),
                ("511424", "丹棱县"),
                ("511425", "青神县"),
            ]
        ],
    }


def test_regions_parent_of_a_province_gives_its_cities(client):
    response = client.get(URL, {"parent": "510000"})
    cities = [region_body(r) for r in REGION_ROWS if r["parent_code"] == "510000"]
    assert response.status_code == 200
    assert response.json() == {
        "count": len(cities),
        "next": None,
        "previous": None,
        "results": cities,
    }
    assert {c["level"] for c in cities} == {"city"}


def test_regions_q_searches_names_across_the_whole_tree(client):
    response = client.get(URL, {"q": "朝阳"})
    assert response.status_code == 200
    assert response.json() == {
        "count": 4,
        "next": None,
        "previous": None,
        "results": [
            {"code": "110105", "name": "朝阳区", "level": "county", "parent": "110000"},
            {"code": "211300", "name": "朝阳市", "level": "city", "parent": "210000"},
            {"code": "211321", "name": "朝阳县", "level": "county", "parent": "211300"},
            {"code": "220104", "name": "朝阳区", "level": "county", "parent": "220100"},
        ],
    }


def test_regions_level_and_q_combine(client):
    response = client.get(URL, {"q": "朝阳", "level": "city"})
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [{"code": "211300", "name": "朝阳市", "level": "city", "parent": "210000"}],
    }


def test_regions_parent_with_nothing_under_it_is_an_empty_list(client):
    response = client.get(URL, {"parent": "511403"})
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"parent": "5114"}, {"parent": ["Enter a 6-digit region code."]}),
        ({"parent": ""}, {"parent": ["Give a value, or leave the parameter out."]}),
        ({"level": ""}, {"level": ["Give a value, or leave the parameter out."]}),
        (
            {"level": "town"},
            {"level": ["Select a valid choice. town is not one of the available choices."]},
        ),
    ],
)
def test_regions_refuses_bad_filters(client, params, fields):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some values are not valid.",
        "fields": fields,
    }


def test_regions_page_size_is_capped_at_200(client):
    response = client.get(URL, {"level": "county", "page_size": 500})
    counties = [region_body(r) for r in REGION_ROWS if r["level"] == "county"]
    assert response.status_code == 200
    assert response.json() == {
        "count": len(counties),
        "next": "http://testserver/api/v1/regions/?level=county&page=2&page_size=500",
        "previous": None,
        "results": counties[:200],
    }


def test_regions_pages_through_with_the_default_size_of_50(client):
    response = client.get(URL, {"level": "county", "page": 2})
    counties = [region_body(r) for r in REGION_ROWS if r["level"] == "county"]
    assert response.status_code == 200
    assert response.json() == {
        "count": len(counties),
        "next": "http://testserver/api/v1/regions/?level=county&page=3",
        "previous": "http://testserver/api/v1/regions/?level=county",
        "results": counties[50:100],
    }


def test_regions_page_past_the_end_is_not_found(client):
    response = client.get(URL, {"page": 2})
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Invalid page.", "fields": {}}


def test_regions_ignore_a_stale_token(client):
    response = client.get(URL, {"parent": "511400"}, headers={"Authorization": "Token nope"})
    assert response.status_code == 200
    assert response.json()["count"] == 6


def test_regions_queries_do_not_grow_with_rows(client):
    few, few_body = count_queries(client, f"{URL}?parent=511400")
    many, many_body = count_queries(client, f"{URL}?level=county&page_size=200")
    assert (len(few_body["results"]), len(many_body["results"])) == (6, 200)
    assert few == many == 2  # count, page
