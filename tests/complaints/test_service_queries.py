"""The number of queries of the main services is pinned, as the lists' are: a change that adds
a query per step (a lookup in a loop, a lost select_related) fails here first."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from complaints.services import complaint_transition
from tests.factories import staff, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

# At most this many queries (measured on SQLite, whose cache is the database; on PostgreSQL
# with Redis there are fewer).
SUBMIT_QUERIES = 19
STEP_QUERIES = {
    "request_info": 13,
    "provide_info": 11,
    "mediate": 11,
    "file": 28,
    "assign": 24,
    "extend": 10,
    "record_claim": 19,
    "issue_order": 12,
    "record_payment": 13,
    "order_compensation": 11,
    "impose_penalty": 11,
    "apply_enforcement": 11,
    "blacklist": 12,
    "close": 11,
    "reopen": 11,
    "withdraw": 11,
    "reject": 12,
    "transfer": 14,
    "refer_police": 20,
}


@pytest.fixture
def people():
    from arrears.reference import ensure_office

    ensure_office("440305")
    return {
        "i1": staff("i1", "inspector"),
        "i2": staff("i2", "inspector"),
        "sup": staff("sup", "supervisor"),
    }


def test_service_queries_submit(django_assert_max_num_queries):
    submit()  # the campaign end and the calendar are cached from here on
    with django_assert_max_num_queries(SUBMIT_QUERIES):
        submit()


STEPS = [
    ("request_info", "i1", {"note": "请补充工资条"}),
    ("provide_info", "i1", {"note": "已补充"}),
    ("mediate", "i1", {}),
    ("file", "i1", {"assignees": ["i1", "i2"]}),
    ("assign", "sup", {"assignees": ["i1", "sup"]}),
    ("extend", "sup", {"note": "需异地调查"}),
    ("record_claim", "i1", {"name": "王五", "id_number": None, "amount_owed": "3000"}),
    ("issue_order", "sup", {"amount": "12000", "order_due": "2026-12-20"}),
    ("record_payment", "i1", {"amount": "100", "paid_on": "2026-11-30", "source": "employer"}),
    ("order_compensation", "sup", {"amount": "11900", "due_on": "2026-12-30"}),
    ("impose_penalty", "sup", {"amount": "5000"}),
    ("apply_enforcement", "sup", {}),
    ("blacklist", "sup", {"criterion": "amount"}),
    ("close", "i1", {"outcome": "paid_partially"}),
    ("reopen", "sup", {"note": "新证据"}),
    ("withdraw", "i1", {}),
]


def _step(django_assert_max_num_queries, complaint, action, actor, fields, measured):
    with django_assert_max_num_queries(STEP_QUERIES[action]) as ctx:
        complaint = complaint_transition(
            complaint=complaint, action=action, actor=actor, version=complaint.version, **fields
        )
    measured[action] = len(ctx.captured_queries)
    return complaint


def test_service_queries_every_workflow_step(people, django_assert_max_num_queries):
    from tests.factories import resident_id

    submit()
    cache.clear()
    measured: dict[str, int] = {}
    complaint = submit().complaint
    for action, who, fields in STEPS:
        if action == "record_claim":
            fields = {**fields, "id_number": resident_id()}
        complaint = _step(
            django_assert_max_num_queries, complaint, action, people[who], fields, measured
        )
    rejected = submit().complaint
    _step(
        django_assert_max_num_queries,
        rejected,
        "reject",
        people["i1"],
        {"reason": "not_labour_matter", "note": "不属于劳动争议"},
        measured,
    )
    from arrears.models import Office

    elsewhere = Office.objects.get(region_id="440305")
    moved = submit().complaint
    _step(
        django_assert_max_num_queries,
        moved,
        "transfer",
        people["sup"],
        {"office": elsewhere.pk},
        measured,
    )
    referred = submit().complaint
    for action, who, fields in [
        ("file", "i1", {"assignees": ["i1", "i2"]}),
        ("issue_order", "sup", {"amount": "12000", "order_due": "2026-12-20"}),
    ]:
        referred = complaint_transition(
            complaint=referred,
            action=action,
            actor=people[who],
            version=referred.version,
            **fields,
        )
    _step(
        django_assert_max_num_queries,
        referred,
        "refer_police",
        people["sup"],
        {"override_reason": "雇主已逃匿"},
        measured,
    )
    assert set(measured) == set(STEP_QUERIES)
