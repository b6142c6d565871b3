"""The transition table itself: pure, no database."""

import datetime

import pytest

from complaints import clocks
from complaints.workflow import (
    CLOSED_STAGES,
    COMPLAINANT,
    OPEN_STAGES,
    TRANSITIONS,
    PublicStatus,
    Role,
    Stage,
    allowed_actions,
    public_status,
    target_stage,
)


def test_workflow_every_stage_is_reachable_from_submitted():
    reached, frontier = {Stage.SUBMITTED}, [Stage.SUBMITTED]
    while frontier:
        stage = frontier.pop()
        for t in TRANSITIONS.values():
            if stage in t.sources:
                nxt = target_stage(t, stage)
                if nxt not in reached:
                    reached.add(nxt)
                    frontier.append(nxt)
    assert reached == set(Stage.values)


def test_workflow_closed_stages_accept_only_reopen_and_blacklisting():
    for stage in CLOSED_STAGES:
        actions = {t.action for t in TRANSITIONS.values() if stage in t.sources}
        assert actions == ({"reopen", "blacklist"} if stage == Stage.CLOSED else set())


@pytest.mark.parametrize(
    ("stage", "roles", "expected"),
    [
        (Stage.SUBMITTED, {Role.CLERK}, []),
        (Stage.SUBMITTED, {Role.ANALYST}, []),
        (
            Stage.SUBMITTED,
            {Role.INSPECTOR},
            ["request_info", "reject", "mediate", "file", "withdraw", "record_claim"],
        ),
        (
            Stage.SUBMITTED,
            {Role.SUPERVISOR},
            [
                "request_info",
                "reject",
                "transfer",
                "mediate",
                "file",
                "assign",
                "withdraw",
                "record_claim",
            ],
        ),
        (Stage.NEEDS_INFO, {COMPLAINANT}, ["provide_info", "withdraw"]),
        (
            Stage.ORDER_ISSUED,
            {Role.SUPERVISOR},
            [
                "transfer",
                "assign",
                "refer_police",
                "apply_enforcement",
                "record_payment",
                "close",
                "withdraw",
                "order_compensation",
                "impose_penalty",
                "blacklist",
                "record_claim",
            ],
        ),
        (
            Stage.ORDER_ISSUED,
            {Role.INSPECTOR},
            ["record_payment", "close", "withdraw", "record_claim"],
        ),
        (Stage.CLOSED, {Role.INSPECTOR}, []),
        (Stage.CLOSED, {Role.SUPERVISOR}, ["blacklist", "reopen"]),
        (Stage.REJECTED, {Role.SUPERVISOR}, []),
    ],
)
def test_workflow_allowed_actions_by_stage_and_role(stage, roles, expected):
    assert allowed_actions(stage, frozenset(roles)) == expected


def test_workflow_same_stage_actions_keep_the_stage():
    for action in (
        "transfer",
        "assign",
        "extend",
        "record_payment",
        "order_compensation",
        "impose_penalty",
        "blacklist",
        "record_claim",
    ):
        t = TRANSITIONS[action]
        for stage in t.sources:
            assert target_stage(t, stage) == stage


def test_workflow_running_clock_per_stage():
    dates = {
        "acceptance_due": datetime.date(2026, 12, 7),
        "investigation_due": datetime.date(2027, 3, 1),
        "order_due": datetime.date(2026, 12, 20),
    }
    assert clocks.next_due(Stage.SUBMITTED, **dates) == dates["acceptance_due"]
    assert clocks.next_due(Stage.INVESTIGATING, **dates) == dates["investigation_due"]
    assert clocks.next_due(Stage.ORDER_ISSUED, **dates) == dates["order_due"]
    for stage in (Stage.NEEDS_INFO, Stage.MEDIATING, Stage.REFERRED_POLICE, Stage.CLOSED):
        assert clocks.next_due(stage, **dates) is None


def test_workflow_public_status_map():
    assert public_status(Stage.NEEDS_INFO) == PublicStatus.RECEIVED
    assert public_status(Stage.MEDIATING) == PublicStatus.BEING_HANDLED
    assert public_status(Stage.COURT_ENFORCEMENT) == PublicStatus.ENFORCEMENT
    assert public_status(Stage.CLOSED, "paid_in_full") == PublicStatus.RESOLVED
    assert public_status(Stage.CLOSED, "withdrawn") == PublicStatus.CLOSED
    assert public_status(Stage.REJECTED) == PublicStatus.NOT_ACCEPTED
    assert {public_status(s) for s in OPEN_STAGES} <= set(PublicStatus.values)


def test_workflow_every_event_action_is_one_choice():
    from complaints.workflow import EventAction

    outside = {"submit", "update", "serve_document", "employer_merged", "blacklist_removed"}
    outside |= {"reveal_burst", "attachment_added"}
    assert set(TRANSITIONS) == set(EventAction.values) - outside
    for action, transition in TRANSITIONS.items():
        assert transition.label == EventAction(action).label
    assert str(TRANSITIONS["close"].label) == "Close"
