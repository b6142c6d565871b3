"""The receipt of a complaint, drawn at random: who, against whom, where, when, how much."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

from arrears.models import Campaign, EmployerKind, Region, RegionLevel
from arrears.services import EmployerInput, WorkerInput
from arrears.validators import normalize_resident_id

from ..models import Channel, Complaint, DisputeProcess, Kind
from ..workflow import Stage
from .clock import DAY, moment, months_back
from .people import OFFICE_WEIGHTS, OFFICES, OfficeSpec
from .scenarios import PACE, SCENARIOS, Plan, Scenario
from .vocabulary import (
    BRANDS,
    EXCUSES_CONSTRUCTION,
    EXCUSES_OTHER,
    GIVEN,
    HOME_PROVINCES,
    INDUSTRY,
    PROJECT_KINDS,
    SECTOR_DECK,
    STAFF_CHANNELS,
    SURNAMES,
    TRADES,
)


@dataclass
class Intake:
    """The receipt of one complaint, before it is submitted."""

    office: OfficeSpec
    region: str
    sector: str
    channel: str
    received_at: datetime.datetime | None
    kind: str = Kind.COMPLAINT
    complainant: WorkerInput | None = None
    employer: EmployerInput | None = None
    project_name: str = ""
    workers: int = 1
    amount: Decimal = Decimal(0)
    arrears_from: datetime.date | None = None
    arrears_to: datetime.date | None = None
    description: str = ""
    dispute: str = DisputeProcess.NONE
    period: str = ""


class Draw:
    """The random side of one `demo_load`: pools of employers and projects, the decks."""

    def __init__(self, rng: random.Random, now: datetime.datetime) -> None:
        self.rng = rng
        self.now = now
        self.today = timezone.localdate(self.now)
        self.specs = {spec.slug: spec for spec in OFFICES}
        self.regions = self._territories()
        self.region_names = dict(Region.objects.values_list("code", "name"))
        self.home_counties = sorted(
            Region.objects.filter(level=RegionLevel.COUNTY)
            .filter(code__regex=rf"^({'|'.join(HOME_PROVINCES)})")
            .values_list("code", flat=True)
        )
        self.employers: dict[tuple[str, str], list[EmployerInput]] = {}
        self.projects: dict[tuple[str, str], list[str]] = {}
        self.past: list[tuple[Complaint, Intake]] = []
        self.sector_deck: list[str] = []
        self.channel_deck: list[str] = []
        self._periods()

    def _territories(self) -> dict[str, list[str]]:
        """Return the work-region codes that route to each office (county office first)."""
        own = {spec.code for spec in OFFICES}
        result = {}
        for spec in OFFICES:
            region = Region.objects.get(code=spec.code)
            if region.level == RegionLevel.COUNTY:
                result[spec.slug] = [spec.code]
            else:
                codes = Region.objects.filter(code__startswith=region.prefix).values_list(
                    "code", flat=True
                )
                result[spec.slug] = sorted(c for c in codes if c not in own or c == spec.code)
        return result

    def _periods(self) -> None:
        campaigns = list(Campaign.objects.order_by("starts_on"))
        current = next((c for c in reversed(campaigns) if c.starts_on <= self.today), None)
        start = current.starts_on if current else self.today - 30 * DAY
        self.windows = {
            "campaign": (start, min(self.today, current.ends_on) if current else self.today),
            "earlier": (datetime.date(start.year, 1, 5), start - DAY),
        }
        old = campaigns[0] if campaigns and campaigns[0] is not current else None
        self.windows["old"] = (
            (old.starts_on, old.ends_on)
            if old
            else (datetime.date(2021, 11, 15), datetime.date(2022, 1, 31))
        )

    # drawing
    def deal(self, deck: list[str], cards: tuple[str, ...]) -> str:
        if not deck:
            deck.extend(cards)
            self.rng.shuffle(deck)
        return deck.pop()

    def person(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))

    def phone(self) -> str:
        return f"1{self.rng.choice('3578')}{self.rng.randint(0, 10**9 - 1):09d}"

    def resident_id(self, home: str, born: datetime.date) -> str | None:
        """Return a valid resident ID issued in `home` for `born`, or None if that county code
        did not exist in the birth year (python-stdnum's historical table), so that the demo
        holds no number that could not have been issued."""
        first17 = f"{home}{born:%Y%m%d}{self.rng.randint(0, 999):03d}"
        number = first17 + ric.calc_check_digit(first17 + "0")
        try:
            ric.validate(number)
            return normalize_resident_id(number)
        except (ValidationError, StdnumError):
            return None

    def worker(self, work_region: str, *, minor_on: datetime.date | None = None) -> WorkerInput:
        rng = self.rng
        for _attempt in range(50):
            if rng.random() < 0.4:  # a local worker
                local = [c for c in self.home_counties if c[:2] == work_region[:2]]
                home = rng.choice(local or self.home_counties)
            else:
                home = rng.choice(self.home_counties)
            if minor_on:
                born = minor_on - datetime.timedelta(days=rng.randint(15 * 365 + 30, 16 * 365 - 30))
            else:
                born = datetime.date(
                    rng.randint(1966, 2003), rng.randint(1, 12), rng.randint(1, 28)
                )
            number = self.resident_id(home, born)
            if number:
                break
        else:  # pragma: no cover - 50 draws without a valid code does not happen
            raise RuntimeError("no valid resident ID drawn")
        phone = self.phone() if rng.random() < 0.85 else ""
        return WorkerInput(name=self.person(), id_number=number, phone=phone, home_region=home)

    def credit_code(self, region: str, individual: bool = False) -> str:
        org = "".join(self.rng.choices("0123456789ABCDEFGHJKLMNPQRTUWXY", k=9))
        first17 = f"9{'2' if individual else '1'}{region}{org}"
        return first17 + uscc.calc_check_digit(first17)

    def employer(self, slug: str, region: str, sector: str) -> EmployerInput:
        rng = self.rng
        pool = self.employers.setdefault((slug, sector), [])
        if pool and rng.random() < 0.45:
            return rng.choice(pool)
        place = self.specs[slug].place
        construction = sector in PROJECT_KINDS
        if construction and rng.random() < 0.25:
            data = EmployerInput(name=f"{self.person()}(包工头)", kind=EmployerKind.CREW_LEADER)
        elif sector == "catering_services" and rng.random() < 0.4:
            shop = rng.choice(("餐馆", "面馆", "火锅店", "农家乐"))
            data = EmployerInput(
                name=f"{place}{self.person()}{shop}",
                uscc=self.credit_code(region, individual=True),
                kind=EmployerKind.INDIVIDUAL_BUSINESS,
            )
        else:
            name = f"{place}{rng.choice(BRANDS)}{rng.choice(INDUSTRY[sector])}有限公司"
            code = self.credit_code(region) if rng.random() < 0.85 else ""
            data = EmployerInput(name=name, uscc=code)
        pool.append(data)
        return data

    def project(self, region: str, sector: str) -> str:
        pool = self.projects.setdefault((region, sector), [])
        if pool and self.rng.random() < 0.5:
            return self.rng.choice(pool)
        county = self.region_names.get(region, "") if region[4:] != "00" else ""
        name = f"{county}{self.rng.choice(BRANDS)}{self.rng.choice(PROJECT_KINDS[sector])}"
        pool.append(name)
        return name

    def received(self, scenario: Scenario, period: str, channel: str) -> datetime.datetime:
        """Draw a receipt time in `period` that leaves the scenario's path room before now."""
        rng = self.rng
        lo, hi = self.windows[period]
        if period != "old":
            hi = min(hi, self.today - round(scenario.min_age * PACE[period]) * DAY)
        if scenario.stage == Stage.SUBMITTED and rng.random() < 0.8:
            lo = max(lo, hi - 6 * DAY)  # most are accepted or refused within 5 working days
        day = lo + rng.randint(0, max(0, (hi - lo).days)) * DAY
        if channel in {Channel.WALK_IN, Channel.LETTER, Channel.INSPECTION} and day.weekday() >= 5:
            day -= (day.weekday() - 4) * DAY
        minutes = (
            rng.randint(8 * 60, 21 * 60)
            if channel == Channel.HOTLINE
            else rng.randint(8 * 60 + 30, 17 * 60 + 30)
        )
        at = moment(day, 0) + datetime.timedelta(minutes=minutes)
        return min(at, self.now - datetime.timedelta(minutes=rng.randint(5, 240)))

    def period_for(self, scenario: Scenario, plan: Plan) -> str:
        if plan.period:
            return plan.period
        choices = [p for p in scenario.periods if p != "old"]
        lo, hi = self.windows["campaign"]
        if "campaign" in choices and (hi - lo).days < scenario.min_age * PACE["campaign"] + 2:
            choices.remove("campaign")
        if len(choices) > 1:
            return "campaign" if self.rng.random() < 0.75 else choices[1]
        return choices[0] if choices else "earlier"

    # intake
    def intake(self, plan: Plan) -> Intake:
        rng = self.rng
        scenario = SCENARIOS[plan.scenario]
        if scenario.variant == "duplicate" and self.past:
            return self._duplicate_intake()
        slug = rng.choices(list(OFFICE_WEIGHTS), list(OFFICE_WEIGHTS.values()))[0]
        region = rng.choice(self.regions[slug])
        sector = self.deal(self.sector_deck, SECTOR_DECK)
        if scenario.variant == "minor":
            sector = "manufacturing"
        channel = plan.channel
        if not channel and plan.scenario == "submitted" and rng.random() < 0.4:
            channel = Channel.WEB  # filed by the worker just now, not yet looked at
        channel = channel or self.deal(self.channel_deck, STAFF_CHANNELS)
        web = channel == Channel.WEB
        period = "campaign" if web else self.period_for(scenario, plan)
        received = None if web else self.received(scenario, period, channel)
        day = timezone.localdate(received) if received else self.today
        intake = Intake(
            office=self.specs[slug], region=region, sector=sector, channel=channel,
            received_at=received, period=period,
        )  # fmt: skip
        report = channel == Channel.INSPECTION or (
            scenario.variant in {"", "no_employer"} and rng.random() < 0.12
        )
        if scenario.variant == "minor":
            report = False
        if report:
            intake.kind = Kind.REPORT
            if rng.random() < 0.25:  # a named informant, reachable by phone only
                intake.complainant = WorkerInput(name=self.person(), phone=self.phone())
        else:
            minor_on = day if scenario.variant == "minor" else None
            intake.complainant = self.worker(region, minor_on=minor_on)
        roll = rng.random()
        intake.workers = (
            1 if roll < 0.6 else rng.randint(2, 9) if roll < 0.85 else rng.randint(10, 29)
            if roll < 0.96 else rng.randint(30, 60)
        )  # fmt: skip
        if scenario.variant == "minor":
            intake.workers = 1
        months = rng.choice((1, 2, 2, 3, 3, 4, 5, 6, 8, 10))
        monthly = rng.randint(35, 95) * 100
        intake.amount = Decimal(min(400_000, max(3_000, intake.workers * months * monthly)))
        if intake.workers > 1 and intake.amount == 400_000:
            intake.amount -= rng.randint(0, 500) * 100
        end = day - rng.randint(0, 45) * DAY
        if scenario.variant == "time_barred":
            end = day - rng.randint(800, 1300) * DAY
        end = end.replace(day=1) - DAY  # the last day of the previous month
        intake.arrears_from, intake.arrears_to = months_back(end, months), end
        intake.employer = self.employer(slug, region, sector)
        if sector in PROJECT_KINDS and rng.random() < 0.8:
            intake.project_name = self.project(region, sector)
        intake.description = self.describe(intake, scenario.variant, months)
        if scenario.variant == "dispute":
            intake.dispute = rng.choice((DisputeProcess.ARBITRATION, DisputeProcess.COURT))
        if scenario.variant == "no_employer":
            intake.employer = EmployerInput(name="某工地老板", kind=EmployerKind.CREW_LEADER)
            intake.project_name = ""
        return intake

    def _duplicate_intake(self) -> Intake:
        """Return the same worker's complaint against the same employer, sent again later."""
        earlier = self.now - 2 * DAY
        candidates = [
            (c, i) for c, i in self.past if c.stage != Stage.REJECTED and c.received_at < earlier
        ]
        original, first = self.rng.choice(candidates or self.past)
        received = min(
            original.received_at + datetime.timedelta(days=self.rng.uniform(1, 20)),
            self.now - datetime.timedelta(minutes=30),
        )
        channel = self.rng.choice((Channel.HOTLINE, Channel.LETTER, Channel.NATIONAL_PLATFORM))
        return Intake(
            office=first.office, region=first.region, sector=first.sector, channel=channel,
            received_at=received, period=first.period, kind=first.kind,
            complainant=first.complainant,
            employer=first.employer, project_name=first.project_name, workers=first.workers,
            amount=first.amount, arrears_from=first.arrears_from, arrears_to=first.arrears_to,
            description=first.description + "(此前已通过其他渠道反映。)",
        )  # fmt: skip

    def describe(self, intake: Intake, variant: str, months: int) -> str:
        rng = self.rng
        sector = intake.sector
        trade, other = rng.sample(TRADES[sector], 2)
        site = intake.project_name or intake.employer.name
        place = f"在{site}"
        if intake.employer.kind == EmployerKind.CREW_LEADER and not intake.project_name:
            place = f"跟着包工头{intake.employer.name.removesuffix('(包工头)')}"
        start, end = intake.arrears_from, intake.arrears_to
        period = f"{start.year}年{start.month}月"
        if (start.year, start.month) != (end.year, end.month):
            period += f"至{end.year}年{end.month}月"
        amount = f"{int(intake.amount)}元"
        excuse = rng.choice(EXCUSES_CONSTRUCTION if sector in PROJECT_KINDS else EXCUSES_OTHER)
        unpaid = f"{period}共{months}个月工资{amount}未发放。"
        if variant == "not_labour":
            goods = rng.choice(("钢材", "砂石", "水泥", "门窗"))
            return (
                f"本人向{intake.employer.name}供应{goods}，"
                f"{period}的货款{amount}至今未结清，对方一再拖延。"
            )
        if variant == "no_employer":
            county = self.region_names.get(intake.region, "")
            return (
                f"在{county}一处工地干了{months}个月{trade}，不知道老板姓名和公司名称，"
                "只有一个微信号，现已联系不上。"
            )
        if variant == "minor":
            return f"本人{place}车间做{trade}，{unpaid}本人今年15岁，入职时老板未查看身份证。"
        text = (
            f"本人{place}做{trade}，{unpaid}"
            if intake.workers == 1
            else f"我们{intake.workers}人{place}做{trade}、{other}等工作，{period}共{months}个月"
            f"工资合计{amount}未发放。"
        )
        if intake.kind == Kind.REPORT:
            text = f"有人反映{site}拖欠{intake.workers}名{trade}{period}的工资约{amount}。"
        text += f"{excuse}，多次催要无果。"
        if variant == "dispute":
            text += "本人已向劳动人事争议仲裁委员会申请仲裁，尚未裁决。"
        if variant == "time_barred":
            text += "当年一直在外地打工，没有及时投诉。"
        return text
