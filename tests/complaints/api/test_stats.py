"""Campaign figures: public (small cells hidden) and staff (in scope)."""

import pytest

from arrears.reference import ensure_office
from tests.factories import move, staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


@pytest.fixture
def campaign_cases():
    """Its own data set, not the shared `world`: five complaints paid and closed in 511403, two
    received in 150902 (tutoring), so that every published cell is known."""
    ensure_office("511403")
    ensure_office("150902")
    inspector, sup = staff("i1", "inspector"), staff("sup", "supervisor")
    for _ in range(5):
        c = submit(work_region="511403").complaint
        c = move(c, "mediate", inspector)
        c = move(
            c, "record_payment", inspector, amount="12000", paid_on="2026-11-30", source="employer"
        )
        move(c, "close", inspector, outcome="paid_in_full")
    for _ in range(2):
        submit(work_region="150902", sector="tutoring")
    return {"inspector": inspector, "sup": sup}


@pytest.mark.parametrize(
    ("received", "shown"),
    [
        ([10, 8, 3], [10, None, None]),  # 3 alone would be the total minus 18
        ([10, 6, 4, 3], [10, 6, None, None]),  # 4 + 3 hidden together: 7, at least 5
        ([10, 2, 1], [None, None, None]),  # 2 + 1 is still small: the next one goes too
        ([12, 9], [12, 9]),
        ([3], [None]),
        ([], []),
    ],
)
def test_small_sector_cells_are_hidden_so_the_total_cannot_give_them_back(received, shown):
    from complaints.figures import suppress_small_rows

    rows = [
        {"sector_id": f"s{i}", "received": n, "resolved": n, "amount_recovered": n * 1000}
        for i, n in enumerate(received)
    ]
    out = suppress_small_rows(rows, count_keys=("received", "resolved"))
    assert [row["received"] for row in out] == shown
    assert [row["resolved"] for row in out] == shown
    assert [row["amount_recovered"] is None for row in out] == [s is None for s in shown]


def test_public_stats_hide_small_cells(api, campaign_cases):
    response = api().get("/api/v1/public/stats/")
    assert response.status_code == 200
    body = response.json()
    assert body["campaign"]["name"] == "2026—2027年度治理欠薪冬季行动"
    assert body["days_to_spring_festival"] == 68
    assert (body["received"], body["accepted"], body["resolved"]) == (7, 5, 5)
    assert body["workers_covered"] == 5
    assert body["amount_recovered"] == "60000.00"
    sectors = {row["sector"]: row for row in body["by_sector"]}
    # Tutoring's 2 are hidden, and construction's 5 with them: 7 - 5 would give the 2 away.
    assert sectors["construction_building"] == {
        "sector": "construction_building",
        "received": None,
        "resolved": None,
        "amount_recovered": None,
    }
    assert sectors["tutoring"] == {
        "sector": "tutoring",
        "received": None,
        "resolved": None,
        "amount_recovered": None,
    }
    small = api().get("/api/v1/public/stats/", {"region": "150902"}).json()
    assert (small["received"], small["amount_recovered"], small["workers_covered"]) == (
        None,
        None,
        None,
    )


def test_staff_stats_in_scope_without_suppression(api, campaign_cases):
    response = api(campaign_cases["inspector"]).get("/api/v1/stats/")
    assert response.status_code == 200
    body = response.json()
    assert (body["received"], body["resolved"], body["amount_recovered"]) == (5, 5, "60000.00")
    assert body["overdue_acceptance"] == 0
    assert body["at_risk"] == 0
    assert api().get("/api/v1/stats/").status_code == 401
    unknown = api(campaign_cases["inspector"]).get("/api/v1/stats/", {"region": "999999"})
    assert unknown.status_code == 404
    assert (
        api(campaign_cases["inspector"]).get("/api/v1/stats/", {"campaign": "999"}).status_code
        == 404
    )
    bad = api(campaign_cases["inspector"]).get("/api/v1/stats/", {"region": "51", "campaign": "0"})
    assert bad.status_code == 400
    assert bad.json()["fields"] == {
        "campaign": ["Ensure this value is greater than or equal to 1."],
        "region": ["Enter a 6-digit region code."],
    }


def test_stats_run_a_fixed_number_of_queries(api, campaign_cases, django_assert_max_num_queries):
    client = api(campaign_cases["sup"])
    # The first requests fill the shared cache (the calendar, the cached figures); counted after.
    client.get("/api/v1/stats/")
    api().get("/api/v1/public/stats/")
    # The figures, the orders and referrals, the blacklist, the median, the sectors; for staff
    # also the scope, the overdue counts and the flagged cases. None of them per row.
    with django_assert_max_num_queries(15):
        assert client.get("/api/v1/stats/").status_code == 200
    with django_assert_max_num_queries(7):  # and the snapshot looked for
        assert api().get("/api/v1/public/stats/").status_code == 200
