"""The scenarios: each a path through the workflow, and the plan that deals them out."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from ..models import Channel, Kind, PaymentSource
from ..workflow import Outcome, RejectReason, Stage
from .case import Case
from .vocabulary import REJECT_NOTES


@dataclass(frozen=True)
class Scenario:
    """A path through the workflow: the stage it ends in and what its receipt needs."""

    run: Callable[[Case], None]
    stage: str
    min_age: int  # days the path needs between receipt and now
    periods: tuple[str, ...] = ("campaign", "earlier")
    weight: float = 1.0
    variant: str = ""  # how the intake differs: time_barred, dispute, not_labour, ...


@dataclass(frozen=True)
class Plan:
    scenario: str
    period: str = ""  # "" = pick one the scenario allows
    channel: str = ""
    transfer: bool = False


# Each scenario's path, from a freshly submitted complaint.


def _sc_submitted(case: Case) -> None:
    if case.complaint.channel != Channel.WEB:
        case.maybe_transfer(0.05)


def _sc_submitted_info(case: Case) -> None:
    case.request_info()
    case.provide_info()


def _sc_needs_info(case: Case) -> None:
    case.maybe_transfer(0.05)
    case.request_info()


def _sc_mediating(case: Case) -> None:
    case.intake()
    case.do("mediate", case.inspector(), 0.5, 3, note="约谈用人单位，组织协调。")
    if case.rng.random() < 0.4:
        case.pay_part()


def _sc_investigating(case: Case) -> None:
    case.intake()
    if case.rng.random() < 0.25:
        case.do("mediate", case.inspector(), 0.5, 3, note="先行协调。")
        case.file(3, 10)
    else:
        case.file()
    if case.rng.random() < 0.3:
        case.pay_part()


def _sc_investigating_extended(case: Case) -> None:
    case.intake()
    case.file()
    case.do(
        "extend",
        case.supervisor(),
        70,
        84,
        note="案情复杂，需赴外省调查取证，经批准延长30个工作日。",
    )
    if case.rng.random() < 0.3:
        case.pay_part()


def _sc_order_issued(case: Case) -> None:
    case.intake()
    case.file()
    case.order(8, 20)
    if case.rng.random() < 0.4:
        case.pay_part()


def _sc_order_overdue(case: Case) -> None:
    case.intake()
    case.file()
    case.order(15, 40)
    if case.rng.random() < 0.3:
        case.wait_past_order_due(1, 10)
        case.compensation()


def _sc_referred_police(case: Case) -> None:
    case.intake()
    case.file()
    case.order(15, 35)
    case.wait_past_order_due(3, 20)
    if case.rng.random() < 0.4:
        case.compensation()
    case.refer_police()
    if case.rng.random() < 0.6:
        case.blacklist()
    if case.rng.random() < 0.4:
        case.pay_part(PaymentSource.POLICE_RECOVERY)


def _sc_referred_override(case: Case) -> None:
    case.intake()
    case.file()
    case.order(5, 15)
    case.refer_police()


def _sc_court_enforcement(case: Case) -> None:
    case.intake()
    case.file()
    case.order(15, 35)
    case.wait_past_order_due(20, 60)
    case.do("apply_enforcement", case.supervisor(), 0, 1, note="逾期未履行，申请人民法院强制执行。")
    if case.rng.random() < 0.3:
        case.penalty()
    if case.rng.random() < 0.3:
        case.blacklist()
    if case.rng.random() < 0.4:
        case.pay_part(PaymentSource.COURT_ENFORCEMENT)


def _sc_closed_mediation_paid(case: Case) -> None:
    case.intake()
    case.do("mediate", case.inspector(), 0.5, 3, note="约谈用人单位，组织协调。")
    case.pay_in_full()
    case.close(Outcome.PAID_IN_FULL, note="经协调，用人单位已足额支付。")


def _sc_closed_settled(case: Case) -> None:
    case.intake()
    case.do("mediate", case.inspector(), 0.5, 3, note="组织双方协调。")
    if case.rng.random() < 0.5:
        case.pay_part()
    case.close(Outcome.SETTLED_BY_MEDIATION, note="双方达成调解协议，劳动者同意结案。")


def _sc_closed_order_paid(case: Case) -> None:
    case.intake()
    case.file()
    case.order()
    source = PaymentSource.EMPLOYER
    if case.complaint.sector.is_construction and case.rng.random() < 0.3:
        source = case.rng.choice(
            (
                PaymentSource.MAIN_CONTRACTOR,
                PaymentSource.CLIENT_ADVANCE,
                PaymentSource.EMERGENCY_FUND,  # the local emergency wage fund advances
            )
        )
    case.pay_in_full(source)
    case.close(Outcome.PAID_IN_FULL, note="拖欠工资已全部支付到位。")


def _sc_closed_partial(case: Case) -> None:
    case.intake()
    case.file()
    case.order()
    case.pay_part()
    case.close(
        Outcome.PAID_PARTIALLY, lo=10, hi=30, note="部分清偿，余款已告知劳动者通过诉讼途径主张。"
    )


def _sc_closed_police_paid(case: Case) -> None:
    case.intake()
    case.file()
    case.order(15, 30)
    case.wait_past_order_due(3, 15)
    case.refer_police()
    case.pay_in_full(PaymentSource.POLICE_RECOVERY, parts=1)
    case.close(Outcome.PAID_IN_FULL, note="公安机关立案后，犯罪嫌疑人家属代为清偿全部欠薪。")


def _sc_closed_court_paid(case: Case) -> None:
    case.intake()
    case.file()
    case.order(15, 30)
    case.wait_past_order_due(20, 40)
    case.do("apply_enforcement", case.supervisor(), 0, 1, note="申请人民法院强制执行。")
    case.pay_in_full(PaymentSource.COURT_ENFORCEMENT, parts=1)
    case.close(Outcome.PAID_IN_FULL, note="法院强制执行到位，款项已发放至劳动者。")


def _sc_closed_unfounded(case: Case) -> None:
    case.intake()
    case.file()
    case.close(
        Outcome.UNFOUNDED,
        case.supervisor(),
        10,
        30,
        note="经调查，工资已按约定结清，投诉事项不成立。",
    )


def _sc_closed_revoked(case: Case) -> None:
    case.intake()
    case.file()
    case.close(
        Outcome.FILING_REVOKED, case.supervisor(), 5, 20, note="劳动者已申请仲裁，撤销立案。"
    )


def _sc_closed_withdrawn(case: Case) -> None:
    case.maybe_transfer(0.05)
    if case.rng.random() < 0.5:
        case.do("mediate", case.inspector(), 0.5, 3, note="约谈用人单位。")
    # A worker withdraws their own complaint; a report is not its author's to end.
    by_worker = case.rng.random() < 0.5 and case.complaint.kind == Kind.COMPLAINT
    actor = case.complainant() if by_worker else case.inspector()
    case.do("withdraw", actor, 1, 6, note="劳动者与用人单位自行协商解决，撤回投诉。")


def _sc_reopened(case: Case) -> None:
    case.intake(0)
    case.file()
    case.order()
    case.pay_part()
    case.close(Outcome.PAID_PARTIALLY, lo=10, hi=20)
    case.do("reopen", case.supervisor(), 5, 20, note="劳动者反映结案后发现新的欠薪事实，重新调查。")


def _reject(reason: str, info: bool = False) -> Callable[[Case], None]:
    def run(case: Case) -> None:
        if info or case.rng.random() < 0.2:
            case.request_info()
        note = REJECT_NOTES[reason]
        original = case.complaint.duplicate_of
        if reason == RejectReason.DUPLICATE and original is not None:
            note = f"与投诉{original.reference}重复，合并办理。"
        case.do("reject", case.inspector(), 0.5, 4, reason=reason, note=note)

    return run


SCENARIOS: dict[str, Scenario] = {
    "submitted": Scenario(_sc_submitted, Stage.SUBMITTED, 0, ("campaign",), 12),
    "submitted_info": Scenario(_sc_submitted_info, Stage.SUBMITTED, 8, ("campaign",), 3),
    "needs_info": Scenario(_sc_needs_info, Stage.NEEDS_INFO, 3, ("campaign",), 5),
    "mediating": Scenario(_sc_mediating, Stage.MEDIATING, 6, weight=7),
    "investigating": Scenario(_sc_investigating, Stage.INVESTIGATING, 8, weight=9),
    "investigating_extended": Scenario(
        _sc_investigating_extended, Stage.INVESTIGATING, 120, ("earlier",), 3
    ),
    "reopened": Scenario(_sc_reopened, Stage.INVESTIGATING, 120, ("earlier",), 1),
    "order_issued": Scenario(_sc_order_issued, Stage.ORDER_ISSUED, 25, weight=6),
    "order_overdue": Scenario(_sc_order_overdue, Stage.ORDER_ISSUED, 90, ("earlier",), 4),
    "referred_police": Scenario(
        _sc_referred_police, Stage.REFERRED_POLICE, 110, ("earlier", "old"), 3
    ),
    "referred_override": Scenario(_sc_referred_override, Stage.REFERRED_POLICE, 40, ("earlier",)),
    "court_enforcement": Scenario(
        _sc_court_enforcement, Stage.COURT_ENFORCEMENT, 150, ("earlier", "old"), 4
    ),
    "closed_mediation_paid": Scenario(
        _sc_closed_mediation_paid, Stage.CLOSED, 14, ("campaign", "earlier", "old"), 10
    ),
    "closed_settled": Scenario(
        _sc_closed_settled, Stage.CLOSED, 14, ("campaign", "earlier", "old"), 5
    ),
    "closed_order_paid": Scenario(_sc_closed_order_paid, Stage.CLOSED, 70, ("earlier", "old"), 8),
    "closed_partial": Scenario(_sc_closed_partial, Stage.CLOSED, 100, ("earlier", "old"), 3),
    "closed_police_paid": Scenario(
        _sc_closed_police_paid, Stage.CLOSED, 130, ("earlier", "old"), 1
    ),
    "closed_court_paid": Scenario(_sc_closed_court_paid, Stage.CLOSED, 150, ("earlier", "old"), 1),
    "closed_unfounded": Scenario(_sc_closed_unfounded, Stage.CLOSED, 40, weight=2),
    "closed_revoked": Scenario(_sc_closed_revoked, Stage.CLOSED, 30, weight=1),
    "closed_withdrawn": Scenario(_sc_closed_withdrawn, Stage.CLOSED, 10, weight=3),
    "rejected_time_barred": Scenario(
        _reject(RejectReason.TIME_BARRED),
        Stage.REJECTED,
        5,
        ("campaign", "earlier", "old"),
        2,
        "time_barred",
    ),
    "rejected_dispute": Scenario(
        _reject(RejectReason.IN_DISPUTE_PROCESS), Stage.REJECTED, 5, weight=1.5, variant="dispute"
    ),
    "rejected_not_labour": Scenario(
        _reject(RejectReason.NOT_LABOUR_MATTER), Stage.REJECTED, 5, weight=1.5, variant="not_labour"
    ),
    "rejected_no_employer": Scenario(
        _reject(RejectReason.NO_IDENTIFIABLE_EMPLOYER, info=True),
        Stage.REJECTED,
        12,
        weight=1.5,
        variant="no_employer",
    ),
    "rejected_duplicate": Scenario(
        _reject(RejectReason.DUPLICATE), Stage.REJECTED, 5, weight=1, variant="duplicate"
    ),
    "investigating_minor": Scenario(
        _sc_investigating, Stage.INVESTIGATING, 8, ("campaign",), 0, "minor"
    ),
}
# How fast paths run in each period of receipt (a factor on every gap between steps).
PACE = {"campaign": 0.5, "earlier": 1.0, "old": 1.0}
# Complaints in the 2021–22 campaign: long settled, or "won but never paid".
OLD_SCENARIOS = (
    "closed_order_paid",
    "rejected_time_barred",
    "court_enforcement",
    "closed_mediation_paid",
    "closed_partial",
    "closed_court_paid",
    "closed_settled",
    "referred_police",
)


def draw_plans(n: int, rng: random.Random) -> list[Plan]:
    """Return n plans: each scenario once (so every stage, outcome and reason appears), a
    handful in the old campaign, the rest drawn by weight; duplicates go last."""
    must = [Plan(name) for name in SCENARIOS]
    must += [
        Plan("submitted", channel=Channel.WEB),
        Plan("submitted", channel=Channel.WEB),
        Plan("needs_info", channel=Channel.WEB),
        Plan("mediating", transfer=True),
        Plan("investigating", transfer=True),
        Plan("order_issued", period="earlier", transfer=True),
    ]
    old = [Plan(OLD_SCENARIOS[i % len(OLD_SCENARIOS)], "old") for i in range(max(2, n // 50))]
    names = [name for name, s in SCENARIOS.items() if s.weight]
    weights = [SCENARIOS[name].weight for name in names]
    rest = [Plan(name) for name in rng.choices(names, weights, k=max(0, n - len(must) - len(old)))]
    plans = (must + old + rest)[:n]
    rng.shuffle(plans)
    plans.sort(key=lambda p: SCENARIOS[p.scenario].variant == "duplicate")
    return plans
