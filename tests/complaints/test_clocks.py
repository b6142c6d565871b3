"""The clock module: the one definition of overdue, at risk, the current campaign, the days
to Spring Festival and the explanation of a due date."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from arrears.models import Campaign
from arrears.selectors import work_calendar
from complaints import clocks
from complaints.models import Complaint
from complaints.workflow import Stage
from tests.factories import move, staff, submit

pytestmark = pytest.mark.django_db

D = datetime.date


def test_clocks_explain_spring_festival_2022_in_both_languages():
    # 2022 notice: 1月31日至2月6日放假调休；1月29日（周六）、1月30日（周日）上班。
    clock = clocks.start(work_calendar(), "acceptance_due", D(2022, 1, 28), 5)
    assert clock["due"] == "2022-02-09"
    english = (
        "5 working days from 2022-01-28: due 2022-02-09. Public holidays not counted: "
        "2022-01-31, 2022-02-01, 2022-02-02, 2022-02-03, 2022-02-04. Swapped working "
        "weekend days counted: 2022-01-29, 2022-01-30."
    )
    assert clocks.explain(clock) == english
    assert clock["explanation"] == english  # the record keeps the same text, in English
    with translation.override("zh-hans"):
        chinese = clocks.explain(clock)
    assert chinese != english
    assert "2022-02-09" in chinese and "工作日" in chinese


def test_clocks_explain_one_day():
    clock = clocks.start(work_calendar(), "acceptance_due", D(2023, 3, 13), 1)
    assert clocks.explain(clock) == "1 working day from 2023-03-13: due 2023-03-14."


def test_clocks_pause_and_clear_remember_where_the_clock_stood():
    complaint = Complaint(acceptance_due=D(2026, 12, 7), investigation_due=D(2027, 3, 1))
    assert clocks.pause(complaint, "acceptance_due") == {"paused_acceptance_due": "2026-12-07"}
    assert complaint.acceptance_due is None
    assert clocks.pause(complaint, "acceptance_due") == {"paused_acceptance_due": None}
    clocks.clear(complaint, "investigation_due")
    assert complaint.investigation_due is None


def test_clocks_overdue_per_clock_and_at_risk(frozen_now):
    inspector = staff("i1", "inspector")
    staff("i2", "inspector")
    waiting = submit().complaint  # acceptance due in 5 working days
    filed = move(submit().complaint, "file", inspector, assignees=["i1", "i2"])
    today = frozen_now.date()
    later = today + datetime.timedelta(days=10)
    ids = [waiting.pk, filed.pk]
    rows = Complaint.objects.filter(pk__in=ids)
    assert set(rows.filter(clocks.overdue(later)).values_list("pk", flat=True)) == {waiting.pk}
    assert not rows.filter(clocks.overdue(later, "investigation")).exists()
    assert rows.filter(clocks.overdue(later, "acceptance")).get() == waiting
    counts = rows.aggregate(**clocks.overdue_by_clock(later))
    assert counts == {"acceptance": 1, "investigation": 0, "order": 0}
    assert clocks.is_overdue(waiting.acceptance_due, later)
    assert not clocks.is_overdue(None, later)
    # The 2026—2027 campaign ends on Spring Festival eve (5 February 2027): the 60 working
    # days of the investigation run past it, the 5 days of acceptance do not.
    assert filed.investigation_due > D(2027, 2, 5)
    assert rows.filter(clocks.at_risk(today)).get() == filed
    # In summer no campaign runs: nothing is at risk.
    assert not rows.filter(clocks.at_risk(D(2026, 7, 1))).exists()


def test_clocks_current_campaign_and_days_to_spring_festival():
    running = clocks.current_campaign(D(2026, 11, 30))
    assert running is not None and running.ends_on == D(2027, 2, 5)
    assert clocks.days_to_spring_festival(running, D(2026, 11, 30)) == 68
    assert clocks.days_to_spring_festival(running, D(2027, 2, 5)) == 1
    # After the campaign its figures stay the current ones, with no countdown.
    after = clocks.current_campaign(D(2027, 7, 1))
    assert after == running
    assert clocks.days_to_spring_festival(after, D(2027, 7, 1)) is None
    assert clocks.days_to_spring_festival(None, D(2027, 7, 1)) is None
    first = Campaign.objects.order_by("starts_on").first()
    assert clocks.current_campaign(first.starts_on - datetime.timedelta(days=1)) is None


def test_clocks_next_due_is_the_running_clock():
    dates = {
        "acceptance_due": D(2026, 12, 7),
        "investigation_due": D(2027, 3, 1),
        "order_due": D(2026, 12, 20),
    }
    assert clocks.next_due(Stage.NEEDS_INFO, **dates) is None
    assert clocks.next_due(Stage.ORDER_ISSUED, **dates) == D(2026, 12, 20)
