"""The case driver: one complaint moved step by step through the workflow service."""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from arrears.models import BlacklistCriterion, BlacklistEntry, User
from arrears.selectors import blacklist_in_force

from ..models import PaymentSource
from ..selectors import complaint_flags
from ..services import ComplainantActor, SubmitResult, complaint_transition
from ..workflow import Role
from .clock import DAY, moment
from .people import TRANSFERS

if TYPE_CHECKING:
    from .loader import Loader
    from .scenarios import Plan

YUAN = Decimal("1")


class Case:
    """One complaint being driven through the workflow, with its own clock cursor."""

    def __init__(self, loader: Loader, result: SubmitResult, plan: Plan, pace: float = 1.0) -> None:
        self.loader = loader
        self.rng = loader.rng
        self.complaint = result.complaint
        self.access_code = result.access_code
        self.plan = plan
        self.pace = pace  # < 1: the campaign's push makes every step come sooner
        self.t = result.complaint.received_at

    # people
    def staff(self, role: str) -> list[User]:
        return self.loader.staff[self.complaint.office_id][role]

    def inspector(self) -> User:
        return self.rng.choice(self.staff(Role.INSPECTOR))

    def supervisor(self) -> User:
        return self.staff(Role.SUPERVISOR)[0]

    def complainant(self) -> ComplainantActor:
        return ComplainantActor(self.access_code)

    # time
    def advance(self, lo: float, hi: float) -> datetime.datetime:
        """Move the cursor lo–hi days on, into office hours; never back, never past now."""
        rng = self.rng
        gap = datetime.timedelta(days=rng.uniform(lo, hi) * self.pace)
        local = timezone.localtime(self.t + gap)
        day = local.date()
        if day.weekday() >= 5 and rng.random() < 0.85:  # campaign teams work some weekends
            day += (7 - day.weekday()) * DAY
        at = moment(day, 8, 30) + datetime.timedelta(minutes=rng.randint(0, 540))
        if at <= self.t:
            at = self.t + datetime.timedelta(minutes=rng.randint(5, 120))
        now = timezone.now()
        if at > now:  # a path longer than the time since receipt: squeeze the rest
            at = self.t + (now - self.t) * rng.uniform(0.3, 0.7)
        self.t = at
        return at

    # actions
    def do(
        self, action: str, actor: object, lo: float = 0.5, hi: float = 3, **fields: object
    ) -> None:
        """Take `action` lo–hi days after the previous step; callables in `fields` get the day."""
        self.apply(action, actor, self.advance(lo, hi), **fields)

    def apply(self, action: str, actor: object, at: datetime.datetime, **fields: object) -> None:
        """Take `action` at `at`, through the workflow service."""
        day = timezone.localdate(at)
        values = {k: v(day) if callable(v) else v for k, v in fields.items() if v is not None}
        self.complaint = complaint_transition(
            complaint=self.complaint,
            action=action,
            actor=actor,
            version=self.complaint.version,
            at=at,
            **values,
        )

    def maybe_transfer(self, chance: float = 0.08) -> None:
        slug = self.loader.slug_of_office[self.complaint.office_id]
        if slug in TRANSFERS and (self.plan.transfer or self.rng.random() < chance):
            target, note = TRANSFERS[slug]
            office = self.loader.offices[target]
            self.do("transfer", self.supervisor(), 0.2, 2, office=office, note=note)

    def intake(self, info_chance: float = 0.12) -> None:
        """Transfer and ask for material, sometimes, as offices do before accepting."""
        self.maybe_transfer()
        if self.rng.random() < info_chance:
            self.request_info()
            self.provide_info()

    def request_info(self) -> None:
        note = self.rng.choice(
            (
                "请补充劳动合同、工资条或欠条等证明材料。",
                "请提供工地名称、具体地址及包工头联系方式。",
                "请补充考勤记录或工友证言。",
            )
        )
        self.do("request_info", self.inspector(), 0.3, 3, note=note)

    def provide_info(self) -> None:
        by_worker = self.complaint.complainant_id and self.rng.random() < 0.6
        actor = self.complainant() if by_worker else self.inspector()
        self.do("provide_info", actor, 1, 8, note="已补充欠条照片及工友证言。")

    def file(self, lo: float = 0.5, hi: float = 4) -> None:
        names = [u.username for u in self.staff(Role.INSPECTOR)]
        self.do(
            "file", self.inspector(), lo, hi, assignees=names, note="证据初步确实，予以立案调查。"
        )

    def verified(self) -> Decimal:
        claimed = self.complaint.amount_claimed
        share = Decimal(self.rng.choice((80, 85, 90, 95, 100, 100, 100))) / 100
        return max(YUAN, (claimed * share).quantize(YUAN))

    def order(self, lo: float = 10, hi: float = 35, due: tuple[int, int] = (10, 20)) -> None:
        days = self.rng.randint(*due)
        self.do(
            "issue_order",
            self.supervisor(),
            lo,
            hi,
            amount=self.verified(),
            order_due=lambda d: d + days * DAY,
            note="下达劳动保障监察责令改正指令书，责令限期支付拖欠工资。",
        )

    def owed(self) -> Decimal:
        c = self.complaint
        base = c.amount_verified if c.amount_verified > 0 else c.amount_claimed
        return max(Decimal(0), base - c.amount_recovered)

    def pay(
        self,
        amount: Decimal,
        source: str = PaymentSource.EMPLOYER,
        lo: float = 3,
        hi: float = 15,
        note: str = "",
    ) -> None:
        c = self.complaint
        total = c.amount_verified if c.amount_verified > 0 else c.amount_claimed
        workers = max(1, min(c.workers_affected, round(c.workers_affected * amount / total)))
        self.do(
            "record_payment",
            self.inspector(),
            lo,
            hi,
            amount=amount,
            paid_on=lambda d: d,
            source=source,
            workers_paid=workers,
            note=note or "工资已通过银行转账发放至劳动者本人账户。",
        )

    def pay_in_full(self, source: str = PaymentSource.EMPLOYER, parts: int = 0) -> None:
        owed = self.owed()
        if owed > 0:
            for amount in _split(owed, parts or self.rng.choice((1, 1, 2, 3)), self.rng):
                self.pay(amount, source)

    def pay_part(self, source: str = PaymentSource.EMPLOYER) -> None:
        share = Decimal(self.rng.choice((20, 30, 40, 50, 60))) / 100
        amount = (self.owed() * share).quantize(YUAN)
        if amount >= YUAN:
            self.pay(amount, source)

    def wait_past_order_due(self, lo: int, hi: int) -> None:
        """Move the cursor to about lo–hi days after the payment deadline (not past now)."""
        later = moment(self.complaint.order_due, 9) + (self.rng.randint(lo, hi) - 1) * DAY
        self.t = max(self.t, min(later, timezone.now()))

    def refer_police(self, lo: float = 1, hi: float = 5) -> None:
        """Refer to the police; give an override reason when the threshold is not met."""
        at = self.advance(lo, hi)
        override = None
        if not complaint_flags(self.complaint, timezone.localdate(at))["crime_threshold"]:
            override = self.rng.choice(
                (
                    "用人单位负责人逃匿，有转移财产迹象。",
                    "用人单位以转移财产方式逃避支付，情节严重。",
                )
            )
        note = "涉嫌拒不支付劳动报酬罪，移送公安机关。"
        self.apply("refer_police", self.supervisor(), at, override_reason=override, note=note)

    def compensation(self) -> None:
        """Order extra compensation of 50–100 % of what is still owed (劳动合同法 art. 85)."""
        owed = self.complaint.amount_verified - self.complaint.amount_recovered
        share = Decimal(self.rng.choice((50, 50, 80, 100))) / 100
        amount = min(owed, (owed * share).quantize(YUAN, rounding=ROUND_CEILING))
        if amount >= YUAN:
            days = self.rng.randint(10, 15)
            self.do(
                "order_compensation",
                self.supervisor(),
                0,
                2,
                amount=amount,
                due_on=lambda d: d + days * DAY,
                note="逾期未支付，责令按应付金额加付赔偿金。",
            )

    def penalty(self) -> None:
        amount = Decimal(self.rng.choice((2000, 5000, 10000, 20000)))
        note = "违反劳动保障法律法规，依法作出行政处罚决定。"
        self.do("impose_penalty", self.supervisor(), 1, 10, amount=amount, note=note)

    def blacklist(self) -> None:
        """Propose the employer for the blacklist unless it is on it already."""
        c = self.complaint
        day = timezone.localdate(self.t)
        listed = BlacklistEntry.objects.filter(
            blacklist_in_force(day), employer_id=c.employer_id
        ).exists()
        if not listed:
            criterion = (
                BlacklistCriterion.MASS_INCIDENT
                if c.workers_affected >= 30
                else BlacklistCriterion.AMOUNT
            )
            note = "拖欠农民工工资数额较大，列入失信联合惩戒名单。"
            self.do("blacklist", self.supervisor(), 3, 20, criterion=criterion, note=note)

    def close(
        self, outcome: str, actor: User | None = None, lo: float = 1, hi: float = 5, note: str = ""
    ) -> None:
        self.do("close", actor or self.inspector(), lo, hi, outcome=outcome, note=note or None)


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """Split `total` into `parts` instalments, round hundreds but the last, summing exactly."""
    weights = [rng.randint(2, 5) for _ in range(parts)]
    hundred = Decimal(100)
    amounts = [(total * w / sum(weights) / hundred).quantize(YUAN) * hundred for w in weights[:-1]]
    last = total - sum(amounts)
    if parts < 2 or last <= 0 or min(amounts) <= 0:
        return [total]
    return [*amounts, last]
