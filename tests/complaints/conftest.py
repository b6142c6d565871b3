"""Data sets shared by the complaint tests."""

import datetime

import pytest

from arrears.reference import ensure_office
from tests.factories import NOW, move, staff, submit


@pytest.fixture
def cases():
    """In 511403 (眉山市彭山区): five complaints received 2, 4, 6, 8 and 10 days ago, mediated,
    paid 12,000 each and closed (resolved); two filed, one of them closed as unfounded the same
    day; one rejected; one still submitted. In 150902 (乌兰察布市集宁区): two submitted."""
    ensure_office("511403")
    ensure_office("150902")
    clerk = staff("clerk", "clerk")
    inspector, sup = staff("i1", "inspector"), staff("sup", "supervisor")
    staff("i2", "inspector")
    for days in (2, 4, 6, 8, 10):
        c = submit(actor=clerk, received_at=NOW - datetime.timedelta(days=days)).complaint
        c = move(c, "mediate", inspector)
        c = move(
            c, "record_payment", inspector, amount="12000", paid_on="2026-11-30", source="employer"
        )
        move(c, "close", inspector, outcome="paid_in_full")
    for closed in (True, False):
        c = move(submit().complaint, "file", inspector, assignees=["i1", "i2"])
        if closed:
            move(c, "close", sup, outcome="unfounded")
    move(submit().complaint, "reject", inspector, reason="not_labour_matter", note="非劳动关系。")
    submit()
    for _ in range(2):
        submit(work_region="150902", sector="tutoring")
    return {"inspector": inspector}
