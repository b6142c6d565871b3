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


def _fields_read(function, module, seen: set | None = None) -> set[str]:
    """Return the input names a step handler reads, following the module's own helpers."""
    import inspect
    import re

    seen = seen if seen is not None else set()
    seen.add(function.__name__)
    source = inspect.getsource(function)
    names = set(
        re.findall(r"fields(?:\[|\.get\()\"(\w+)\"|_field\(\"(\w+)\"|require\(\"(\w+)\"", source)
    )
    read = {name for group in names for name in group if name}
    for helper in set(re.findall(r"\b(_\w+)\(", source)) - seen:
        if inspect.isfunction(getattr(module, helper, None)):
            read |= _fields_read(getattr(module, helper), module, seen)
    return read


def test_workflow_every_handler_reads_exactly_its_rows_inputs():
    from complaints.services import steps

    assert set(steps.HANDLERS) == set(TRANSITIONS)
    for action, handler in steps.HANDLERS.items():
        inputs = set(TRANSITIONS[action].inputs)
        # The note is the Event's, written by complaint_transition for every action.
        assert _fields_read(handler, steps) - {"note"} == inputs - {"note"}, action


def test_workflow_every_input_kind_has_a_field_on_every_surface():
    from complaints.admin.forms import _field
    from complaints.api.serializers import _input_field
    from complaints.models import Complaint
    from complaints.workflow import Input, InputKind, Outcome

    for kind in InputKind.values:
        spec = Input("x", kind, "x", choices=Outcome, max_length=10, min_value=0)
        assert _input_field(spec, True).required
        assert _field(spec, Complaint()) is not None
