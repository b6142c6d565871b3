"""The campaign dashboard (DESIGN §7.4): every figure against a small data set computed by
hand, small cells hidden for the public, the page in a bounded number of queries."""

import datetime
import os
from decimal import Decimal

import pytest

from arrears.models import Region
from complaints import clocks
from complaints.dashboard import dashboard
from complaints.figures import figures_scope
from complaints.models import Complaint
from tests.factories import NOW, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

TODAY = NOW.date()


def figures(region: str | None = None, public: bool = False) -> dict:
    campaign = clocks.current_campaign(TODAY)
    place = Region.objects.get(code=region) if region else None
    complaints = figures_scope(Complaint.objects.all(), campaign=campaign, region=place)
    return dashboard(complaints, campaign=campaign, region=place, today=TODAY, public=public)


def test_dashboard_figures_for_staff_are_the_hand_counted_ones(cases):
    totals = figures()["totals"]
    amounts = {"amount_recovered", "amount_claimed", "amount_verified"}
    assert {key: totals[key] for key in totals if key not in amounts} == {
        "received": 11,
        "accepted": 7,  # 11 less one submitted and one rejected in 511403, two in 150902
        "filed": 2,
        "ordered": 0,
        "resolved": 5,
        "filed_closed": 1,
        "closed_in_time": 1,
        "workers_covered": 5,
        "open": 4,  # one submitted and one filed in 511403, two in 150902
        "at_risk": 1,  # the filed one: 60 working days from 30 November end after 5 February
        "referred_police": 0,
        "blacklisted_employers": 0,
        "median_days_to_resolve": 6.0,
        "resolution_rate": 71.4,  # 5 / 7
        "closed_in_time_rate": 100.0,
        "recovered_per_worker": Decimal("12000.00"),
    }
    assert totals["amount_recovered"] == Decimal("60000")
    assert totals["amount_claimed"] == Decimal("132000")  # eleven claims of 12,000
    assert totals["amount_verified"] == Decimal("0")


def test_dashboard_charts_count_each_complaint_once_in_its_place(cases):
    charts = figures()["charts"]
    assert [row["count"] for row in charts["funnel"]] == [11, 7, 2, 0, 5]
    assert {row["key"]: row["count"] for row in charts["channels"]} == {"hotline": 5, "web": 6}
    assert {row["key"]: row["count"] for row in charts["sectors"]} == {
        "construction_building": 9,
        "tutoring": 2,
    }
    assert [row["count"] for row in charts["ageing"]] == [4, 0, 0, 0, 0]
    this_week, last_week = charts["weekly"][-1], charts["weekly"][-2]
    assert this_week == {"week": datetime.date(2026, 11, 30), "received": 6, "resolved": 5}
    assert last_week["received"] == 3  # received 2, 4 and 6 days before Monday 30 November
    assert sum(week["received"] for week in charts["weekly"]) == 11


def test_dashboard_region_table_rolls_up_one_level_below(cases):
    provinces = {row["region"]["code"]: row for row in figures()["regions"]}
    assert {code: row["received"] for code, row in provinces.items()} == {
        "510000": 9,
        "150000": 2,
    }
    cities = figures(region="510000")["regions"]
    assert [(row["region"]["code"], row["received"], row["resolved"]) for row in cities] == [
        ("511400", 9, 5)
    ]
    counties = figures(region="511400")["regions"]
    assert [(row["region"]["code"], row["received"]) for row in counties] == [("511403", 9)]


def test_dashboard_for_the_public_hides_small_cells_and_what_gives_them_back(cases):
    public = figures(public=True)
    totals = public["totals"]
    assert (totals["received"], totals["accepted"], totals["resolved"]) == (11, 7, 5)
    for hidden in ("filed", "ordered", "filed_closed", "closed_in_time", "open", "at_risk"):
        assert totals[hidden] is None, hidden
    assert totals["closed_in_time_rate"] is None
    assert totals["resolution_rate"] == 71.4
    # Two provinces, 9 and 2: the 2 is hidden, and the 9 with it (it would be 11 - 2).
    assert [row["received"] for row in public["regions"]] == [None, None]
    assert all(row["amount_recovered"] is None for row in public["regions"])
    assert [row["count"] for row in public["charts"]["funnel"]] == [11, 7, None, None, 5]
    channels = {row["key"]: row["count"] for row in public["charts"]["channels"]}
    assert channels == {"hotline": 5, "web": 6}


def test_dashboard_page_shows_no_names_and_reads_in_bounded_queries(
    client, cases, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):  # no snapshot yet: counted for the page
        page = client.get("/dashboard/")
    assert page.status_code == 200
    # Kept by the reader's browser only: a shared cache would hand one language to everyone.
    assert "private" in page["Cache-Control"]
    html = page.text
    assert "Wages recovered for <strong>5</strong> workers: <strong>60,000</strong> yuan" in html
    for complaint in Complaint.objects.select_related("employer", "complainant"):
        assert complaint.employer.name not in html
        assert complaint.complainant is None or complaint.complainant.name not in html
    city = client.get("/dashboard/", {"region": "511400"})
    assert city.status_code == 200 and "彭山区" in city.text
    assert client.get("/dashboard/", {"region": "999999"}).status_code == 404
    assert client.get("/dashboard/", {"campaign": "x"}).status_code == 404


def test_dashboard_snapshots_hold_the_same_figures_until_counted_again(client, cases):
    from django.core.management import call_command

    from complaints.dashboard import counts_from_json, dashboard_publish
    from complaints.models import DashboardSnapshot

    # given the dashboards counted ahead
    call_command("refresh_dashboards", stdout=open(os.devnull, "w"))
    codes = set(DashboardSnapshot.objects.values_list("region_code", flat=True))
    assert codes == {"", "510000", "511400", "511403", "150000", "150900", "150902"}
    campaign = clocks.current_campaign(TODAY)
    for code in codes:
        region = Region.objects.get(code=code) if code else None
        snapshot = DashboardSnapshot.objects.get(region_code=code)
        for public in (True, False):
            kept = dashboard_publish(
                counts_from_json(snapshot.counts),
                campaign=campaign,
                region=region,
                today=TODAY,
                public=public,
            )
            assert kept == figures(code or None, public=public), (code, public)
    # when a complaint comes in, the page and the API still show the counted figures
    submit()
    page = client.get("/dashboard/")
    assert page.context["totals"]["received"] == 11
    assert "Figures as of" in page.text
    stats = client.get("/api/v1/public/stats/").json()
    assert stats["received"] == 11 and stats["counted_at"] is not None
    # then counted again, they show it
    call_command("refresh_dashboards", stdout=open(os.devnull, "w"))
    assert client.get("/dashboard/").context["totals"]["received"] == 12
