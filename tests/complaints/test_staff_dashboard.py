"""The staff dashboard in the back office: the public figures unhidden, in the reader's scope,
plus overdue by clock, workload, the employers owing most, crime-threshold and group cases,
each figure a link to the list it counts."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from complaints.dashboard import staff_extras
from complaints.models import Complaint
from tests.complaints.test_dashboard import TODAY
from tests.factories import move, staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

URL = "/admin/dashboard/"


def test_staff_extras_are_the_hand_counted_ones(cases):
    extras = staff_extras(Complaint.objects.all(), TODAY)
    assert extras["overdue"] == {"acceptance": 0, "investigation": 0, "order": 0}
    assert [(row["assignees__username"], row["open"], row["overdue"]) for row in
            extras["workload"]] == [("i1", 1, 0), ("i2", 1, 0)]  # fmt: skip
    # Four open complaints (one submitted and one filed in 511403, two in 150902), each
    # against its own employer and owing its claim of 12,000.
    assert [(row["complaints"], row["owed"]) for row in extras["employers"]] == [
        (1, Decimal("12000"))
    ] * 4
    assert (extras["crime_threshold"], extras["group"], extras["major_group"]) == (0, 0, 0)


def test_staff_extras_count_what_is_still_owed_and_group_cases(cases):
    inspector, sup = cases["inspector"], staff("sup", "supervisor")
    big = submit(workers_affected=31, amount_claimed=Decimal("310000")).complaint
    big = move(big, "file", inspector, assignees=["i1", "i2"])
    move(big, "record_payment", inspector, amount="10000", paid_on="2026-11-30", source="employer")
    extras = staff_extras(Complaint.objects.all(), TODAY)
    assert extras["employers"][0]["owed"] == Decimal("300000")  # claimed less paid
    assert (extras["group"], extras["major_group"]) == (1, 1)
    assert sup  # the supervisor exists for the scope of the office


def test_staff_dashboard_shows_the_scope_of_each_reader(client, cases):
    client.force_login(cases["inspector"])  # 511403: sees its own nine
    own = client.get(URL)
    assert own.status_code == 200
    assert own.context["totals"]["received"] == 9
    far = staff("far", "inspector", region="150902")
    client.force_login(far)
    page = client.get(URL)
    assert page.context["totals"]["received"] == 2
    assert page.context["totals"]["accepted"] == 0  # not hidden for staff: a real zero
    assert client.get(URL, {"region": "510000"}).context["totals"]["received"] == 0


def test_staff_dashboard_links_each_figure_to_its_list(client, cases):
    client.force_login(cases["inspector"])
    page = client.get(URL, {"region": "511400"})
    links = page.context["links"]
    query = parse_qs(urlsplit(links["overdue_acceptance"]).query)
    assert query["overdue"] == ["acceptance"] and query["region"] == ["511400"]
    assert "campaign__id__exact" in query
    for url in [*links.values(), *(row["url"] for row in page.context["sector_rows"])]:
        assert client.get(url).status_code == 200, url  # every link opens a list


@pytest.mark.parametrize("role", ["clerk", "inspector", "supervisor", "analyst"])
def test_staff_dashboard_renders_for_each_role_in_bounded_queries(
    client,
    cases,
    role,
    django_assert_max_num_queries,
):
    client.force_login(staff(f"reader-{role}", role))
    # About 20 figure queries, the session, the roles, the scope and the campaign list; the
    # database cache fills the campaign end once. None of them per row.
    with django_assert_max_num_queries(34):
        page = client.get(URL)
    assert page.status_code == 200
    assert "Campaign dashboard" in page.text


def test_staff_dashboard_needs_a_log_in(client, cases):
    page = client.get(URL)
    assert page.status_code == 302 and "/admin/login/" in page["Location"]
