"""GET /api/v1/employers/ and /employers/{id}/: staff only; figures over the caller's scope."""

import datetime
from decimal import Decimal

import pytest
from knox.models import AuthToken

from arrears.models import BlacklistEntry, Employer, User
from arrears.reference import ensure_office
from arrears.services import EmployerInput
from complaints.selectors import employer_summary
from tests.arrears.api.helpers import count_queries, token_header
from tests.factories import WorkerInputFactory, credit_code, move, resident_id, staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

URL = "/api/v1/employers/"
NOT_AUTHENTICATED = {
    "code": "not_authenticated",
    "detail": "Authentication credentials were not provided.",
    "fields": {},
}
PERMISSION_DENIED = {
    "code": "permission_denied",
    "detail": "You do not have permission to perform this action.",
    "fields": {},
}
ZERO = {
    "open_complaints": 0,
    "workers_affected": 0,
    "amount_claimed": "0.00",
    "amount_verified": "0.00",
    "amount_recovered": "0.00",
}


@pytest.fixture
def team():
    """Inspectors and a supervisor at the Pengshan (Sichuan) county office, an inspector at the
    Nanshan (Guangdong) one, and a superuser who sees every complaint."""
    ensure_office("511403")
    return {
        "i1": staff("i1", "inspector"),
        "i2": staff("i2", "inspector"),
        "sup": staff("sup", "supervisor"),
        "gd": staff("gd", "inspector", region="440305"),
        "root": User.objects.create_superuser("root", password="pw-not-used"),
    }


@pytest.fixture
def builder_uscc():
    return credit_code("511403")


@pytest.fixture
def cases(team, builder_uscc):
    """One employer with complaints in two provinces: in Sichuan one carried to an order, a
    part payment and a blacklisting, and one rejected; in Guangdong one just submitted. A
    second employer (a Shenzhen factory) with one complaint in Guangdong."""
    builder = EmployerInput(name="眉山市华西建筑劳务有限公司", uscc=builder_uscc)
    complaint = submit(
        employer=builder,
        amount_claimed=Decimal("12000.00"),
        workers_affected=3,
        complainant=WorkerInputFactory(
            name="李秀英", phone="13812345678", id_number=resident_id("511403")
        ),
    ).complaint
    complaint = move(complaint, "file", team["i1"], assignees=["i1", "i2"])
    complaint = move(complaint, "issue_order", team["sup"], amount="10000", order_due="2026-12-15")
    complaint = move(
        complaint,
        "record_payment",
        team["i1"],
        amount="4000",
        paid_on="2026-11-30",
        source="employer",
    )
    move(complaint, "blacklist", team["sup"], criterion="amount")
    rejected = submit(employer=builder, amount_claimed=Decimal("8000.50")).complaint
    move(rejected, "reject", team["i1"], reason="duplicate", note="重复投诉")
    submit(
        employer=builder,
        work_region="440305",
        amount_claimed=Decimal("30000.00"),
        workers_affected=12,
    )
    submit(
        employer=EmployerInput(name="深圳市南山电子厂", uscc=credit_code("440305")),
        work_region="440305",
        sector="manufacturing",
        amount_claimed=Decimal("5600.00"),
        workers_affected=2,
    )
    return {
        "builder": Employer.objects.get(uscc=builder_uscc),
        "factory": Employer.objects.get(name="深圳市南山电子厂"),
    }


def builder_body(cases, **figures) -> dict:
    builder = cases["builder"]
    return {
        "id": builder.pk,
        "name": "眉山市华西建筑劳务有限公司",
        "uscc": builder.uscc,
        "kind": "company",
        "region": "511403",
        "sector": "construction_building",
        **figures,
    }


def factory_body(cases, **figures) -> dict:
    factory = cases["factory"]
    return {
        "id": factory.pk,
        "name": "深圳市南山电子厂",
        "uscc": factory.uscc,
        "kind": "company",
        "region": "440305",
        "sector": "manufacturing",
        **figures,
    }


def page(*results: dict) -> dict:
    return {"count": len(results), "next": None, "previous": None, "results": list(results)}


# --- who may call -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "1/"])
def test_employers_without_credentials_is_401(client, path):
    response = client.get(URL + path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == NOT_AUTHENTICATED


def test_employers_with_a_wrong_token_is_401(client):
    response = client.get(URL, headers={"Authorization": "Token 0123456789abcdef"})
    assert response.status_code == 401
    assert response.json() == {
        "code": "authentication_failed",
        "detail": "Invalid token.",
        "fields": {},
    }


@pytest.mark.parametrize("path", ["", "detail"])
def test_employers_refuses_an_api_client(client, cases, path):
    platform = staff("platform", "api_client")
    url = URL if not path else f"{URL}{cases['builder'].pk}/"
    response = client.get(url, headers=token_header(platform))
    assert response.status_code == 403
    assert response.json() == PERMISSION_DENIED


def test_employers_refuses_a_user_without_a_role(client):
    nobody = User.objects.create_user("nobody", password="pw-not-used")
    response = client.get(URL, headers=token_header(nobody))
    assert response.status_code == 403
    assert response.json() == PERMISSION_DENIED


@pytest.mark.parametrize("role", ["clerk", "inspector", "supervisor", "analyst"])
def test_employers_open_to_every_staff_role_by_token(client, role):
    user = staff(f"u-{role}", role)
    _token, key = AuthToken.objects.create(user=user)
    response = client.get(URL, headers={"Authorization": f"Token {key}"})
    assert response.status_code == 200
    assert response.json() == page()


def test_employers_staff_without_an_office_see_no_figures(client, cases):
    from django.contrib.auth.models import Group

    # A user put in a role group by hand, outside `create_staff`, and given no office.
    loose = User.objects.create_user("loose", password="pw-not-used")
    loose.groups.add(Group.objects.get(name="analyst"))
    response = client.get(URL, headers=token_header(loose))
    assert response.status_code == 200
    # no office, no complaint in scope: only what the published blacklist names
    assert response.json() == page(builder_body(cases, **ZERO, blacklisted=True))


def test_employers_open_to_a_staff_session(client, team, cases):
    client.force_login(team["gd"])
    response = client.get(f"{URL}{cases['factory'].pk}/")
    assert response.status_code == 200
    assert response.json()["name"] == "深圳市南山电子厂"


# --- figures in scope ---------------------------------------------------------------------------


def test_employers_list_counts_only_complaints_in_the_callers_scope(client, team, cases):
    sichuan = client.get(URL, headers=token_header(team["i1"]))
    assert sichuan.status_code == 200
    # The Shenzhen factory has no complaint in Sichuan: a Sichuan inspector does not see it.
    assert sichuan.json() == page(
        builder_body(
            cases,
            open_complaints=1,
            workers_affected=3,
            amount_claimed="20000.50",
            amount_verified="10000.00",
            amount_recovered="4000.00",
            blacklisted=True,
        ),
    )

    guangdong = client.get(URL, headers=token_header(team["gd"]))
    assert guangdong.status_code == 200
    assert guangdong.json() == page(
        factory_body(
            cases,
            open_complaints=1,
            workers_affected=2,
            amount_claimed="5600.00",
            amount_verified="0.00",
            amount_recovered="0.00",
            blacklisted=False,
        ),
        builder_body(
            cases,
            open_complaints=1,
            workers_affected=12,
            amount_claimed="30000.00",
            amount_verified="0.00",
            amount_recovered="0.00",
            blacklisted=True,
        ),
    )

    everything = client.get(URL, headers=token_header(team["root"]))
    assert everything.status_code == 200
    assert everything.json()["results"][1] == builder_body(
        cases,
        open_complaints=2,
        workers_affected=15,
        amount_claimed="50000.50",
        amount_verified="10000.00",
        amount_recovered="4000.00",
        blacklisted=True,
    )


@pytest.mark.parametrize("who", ["i1", "gd", "root"])
def test_employers_figures_agree_with_the_back_office_summary(client, team, cases, who):
    user = team[who]
    summary = employer_summary(cases["builder"], user)
    body = client.get(f"{URL}{cases['builder'].pk}/", headers=token_header(user)).json()
    assert (
        body["open_complaints"],
        body["workers_affected"],
        Decimal(body["amount_claimed"]),
        Decimal(body["amount_verified"]),
        Decimal(body["amount_recovered"]),
    ) == (
        summary["open"],
        summary["workers"],
        summary["claimed"],
        summary["verified"],
        summary["recovered"],
    )


def test_employers_detail_shows_the_blacklist_history(client, team, cases):
    # Older decisions recorded in the back office: one run out, one lifted after payment.
    builder = cases["builder"]
    BlacklistEntry.objects.create(
        employer=builder, criterion="mass_incident", decided_on=datetime.date(2022, 3, 1)
    )
    BlacklistEntry.objects.create(
        employer=builder,
        criterion="amount",
        decided_on=datetime.date(2025, 6, 1),
        removed_on=datetime.date(2025, 9, 1),
        removal_reason="已全额清偿并公开承诺",
    )
    response = client.get(f"{URL}{builder.pk}/", headers=token_header(team["gd"]))
    assert response.status_code == 200
    assert response.json() == builder_body(
        cases,
        open_complaints=1,
        workers_affected=12,
        amount_claimed="30000.00",
        amount_verified="0.00",
        amount_recovered="0.00",
        blacklisted=True,
        blacklist=[
            {
                "criterion": "amount",
                "decided_on": "2026-11-30",
                "expires_on": "2029-11-30",
                "removed_on": None,
                "removal_reason": "",
                "active": True,
            },
            {
                "criterion": "amount",
                "decided_on": "2025-06-01",
                "expires_on": "2028-06-01",
                "removed_on": "2025-09-01",
                "removal_reason": "已全额清偿并公开承诺",
                "active": False,
            },
            {
                "criterion": "mass_incident",
                "decided_on": "2022-03-01",
                "expires_on": "2025-03-01",
                "removed_on": None,
                "removal_reason": "",
                "active": False,
            },
        ],
    )


def test_employers_expired_or_removed_entries_do_not_blacklist(client, team, cases):
    factory = cases["factory"]
    BlacklistEntry.objects.create(
        employer=factory, criterion="amount", decided_on=datetime.date(2023, 11, 29)
    )
    BlacklistEntry.objects.create(
        employer=factory,
        criterion="amount",
        decided_on=datetime.date(2026, 1, 5),
        removed_on=datetime.date(2026, 3, 1),
        removal_reason="信用修复",
    )
    response = client.get(f"{URL}{factory.pk}/", headers=token_header(team["gd"]))
    assert response.status_code == 200
    body = response.json()
    assert (body["blacklisted"], [e["active"] for e in body["blacklist"]]) == (
        False,
        [False, False],
    )


def test_employers_out_of_scope_are_not_found(client, team, cases):
    """An employer of another region with no complaint in scope and not blacklisted."""
    response = client.get(f"{URL}{cases['factory'].pk}/", headers=token_header(team["i1"]))
    assert response.status_code == 404
    listed = client.get(URL, {"q": "电子厂"}, headers=token_header(team["i1"]))
    assert listed.json() == page()


def test_employers_detail_of_an_unknown_employer_is_404(client, team):
    response = client.get(f"{URL}999999/", headers=token_header(team["i1"]))
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found.", "fields": {}}


def test_employers_never_show_worker_data(client, team, cases):
    headers = token_header(team["sup"])
    for url in (URL, f"{URL}{cases['builder'].pk}/"):
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        text = response.content.decode()
        for secret in ("李秀英", "李*", "13812345678", "138****5678", "511403198"):
            assert secret not in text, (url, secret)


# --- filters, ordering, pages -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "华西建筑"}, ["builder"]),
        ({"q": "眉山市 华西建筑劳务"}, ["builder"]),  # spaces ignored, as in matching
        ({"q": "电子厂"}, ["factory"]),
        ({"q": "有限公司"}, ["builder"]),  # a bare suffix matches only names containing it
        ({"q": "nothing like it"}, []),
        ({"region": "510000"}, ["builder"]),
        ({"region": "511400"}, ["builder"]),
        ({"region": "440000"}, ["factory"]),
        ({"region": "511402"}, []),
        ({"sector": "manufacturing"}, ["factory"]),
        ({"sector": "construction_building", "region": "440000"}, []),
    ],
)
def test_employers_filters(client, team, cases, params, expected):
    response = client.get(URL, params, headers=token_header(team["root"]))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [
        cases[name].pk for name in expected
    ]


def test_employers_q_and_uscc_find_the_exact_credit_code(client, team, cases, builder_uscc):
    headers = token_header(team["i1"])
    spaced = f"{builder_uscc[:6]} {builder_uscc[6:]}".lower()
    for params in ({"q": builder_uscc.lower()}, {"uscc": spaced}, {"uscc": builder_uscc}):
        response = client.get(URL, params, headers=headers)
        assert response.status_code == 200
        assert [row["id"] for row in response.json()["results"]] == [cases["builder"].pk]
    partial = client.get(URL, {"uscc": builder_uscc[:17]}, headers=headers)
    assert partial.status_code == 200
    assert partial.json() == page()


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"region": "51"}, {"region": ["Enter a 6-digit region code."]}),
        ({"region": ""}, {"region": ["Give a value, or leave the parameter out."]}),
        (
            {"sector": "mining"},
            {"sector": ["Select a valid choice. mining is not one of the available choices."]},
        ),
    ],
)
def test_employers_refuse_malformed_filters(client, team, params, fields):
    response = client.get(URL, params, headers=token_header(team["i1"]))
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some values are not valid.",
        "fields": fields,
    }


def test_employers_of_a_region_that_does_not_exist_are_none(client, team, cases):
    response = client.get(URL, {"region": "999999"}, headers=token_header(team["i1"]))
    assert response.status_code == 200
    assert response.json() == page()


def test_employers_ordering_by_amount_claimed_in_scope(client, team, cases):
    headers = token_header(team["gd"])
    response = client.get(URL, {"ordering": "-amount_claimed"}, headers=headers)
    assert response.status_code == 200
    assert [row["amount_claimed"] for row in response.json()["results"]] == [
        "30000.00",
        "5600.00",
    ]
    response = client.get(URL, {"ordering": "amount_claimed"}, headers=headers)
    assert [row["id"] for row in response.json()["results"]] == [
        cases["factory"].pk,
        cases["builder"].pk,
    ]


def test_employers_paginate(client, team, cases):
    response = client.get(URL, {"page_size": 1, "page": 2}, headers=token_header(team["gd"]))
    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": "http://testserver/api/v1/employers/?page_size=1",
        "results": [
            builder_body(
                cases,
                open_complaints=1,
                workers_affected=12,
                amount_claimed="30000.00",
                amount_verified="0.00",
                amount_recovered="0.00",
                blacklisted=True,
            )
        ],
    }


# --- queries ------------------------------------------------------------------------------------


def add_employers(n: int, team: dict) -> None:
    """Add `n` employers, each with two complaints (one in each province), blacklisted."""
    for _ in range(n):
        employer = EmployerInput(name="某建筑劳务有限公司", uscc=credit_code())
        complaint = submit(employer=employer).complaint
        submit(employer=employer, work_region="440305")
        complaint = move(complaint, "file", team["i1"], assignees=["i1", "i2"])
        complaint = move(
            complaint, "issue_order", team["sup"], amount="5000", order_due="2026-12-20"
        )
        move(complaint, "blacklist", team["sup"], criterion="amount")


@pytest.mark.parametrize("auth", ["token", "session"])
def test_employers_list_queries_do_not_grow_with_rows(client, team, auth):
    headers = {}
    if auth == "token":
        headers = token_header(team["i1"])
    else:
        client.force_login(team["i1"])
    url = f"{URL}?page_size=200&sector=construction_building&region=510000&ordering=-amount_claimed"
    add_employers(2, team)
    few, few_body = count_queries(client, url, headers)
    add_employers(6, team)
    many, many_body = count_queries(client, url, headers)
    assert (few_body["count"], len(many_body["results"])) == (2, 8)
    assert many_body["results"][0]["blacklisted"] is True
    assert few == many
    # token (with its user) or session + user, roles, office, scope (2 look-ups), the region
    # and the sector looked up, count, page
    assert many <= {"token": 9, "session": 10}[auth]


def test_employers_detail_queries_do_not_grow_with_rows(client, team, builder_uscc):
    headers = token_header(team["i1"])
    one = submit(employer=EmployerInput(name="甲劳务公司", uscc=credit_code())).complaint
    few, few_body = count_queries(client, f"{URL}{one.employer_id}/", headers)

    busy = EmployerInput(name="乙劳务公司", uscc=builder_uscc)
    complaint = submit(employer=busy).complaint
    for _ in range(5):
        submit(employer=busy)
    complaint = move(complaint, "file", team["i1"], assignees=["i1", "i2"])
    complaint = move(complaint, "issue_order", team["sup"], amount="5000", order_due="2026-12-20")
    move(complaint, "blacklist", team["sup"], criterion="amount")
    for year in (2019, 2022):
        BlacklistEntry.objects.create(
            employer_id=complaint.employer_id,
            criterion="amount",
            decided_on=datetime.date(year, 5, 1),
        )
    many, many_body = count_queries(client, f"{URL}{complaint.employer_id}/", headers)
    assert (few_body["open_complaints"], len(few_body["blacklist"])) == (1, 0)
    assert (many_body["open_complaints"], len(many_body["blacklist"])) == (6, 3)
    assert few == many
    # auth (the token, then its user's expired tokens pruned), roles, office, scope (2 look-ups),
    # employer, blacklist
    assert many <= 8


def test_employers_detail_with_a_non_numeric_id_is_404(client, team):
    response = client.get(f"{URL}abc/", headers=token_header(team["i1"]))
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found.", "fields": {}}
