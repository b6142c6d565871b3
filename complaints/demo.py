"""Load a realistic demo data set, entirely through the services (DESIGN §3–§5).

Staff users are made by `staff_create`; complaints by `complaint_submit` and moved only by
`complaint_transition`, with `at=` back-dating every step in order, so the data holds nothing
the workflow could not have produced: stages, clocks, case numbers, money and events are all
the services' own work. Reference rows that no workflow owns (the projects of the known cases,
with their main contractor and wage guarantee) are created directly.

The data is drawn from `random.Random(seed)`, so two loads on the same day give the same
complaints apart from the random references, access codes and passwords.
"""

from __future__ import annotations

import datetime
import os
import random
import secrets
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

from arrears.models import (
    BlacklistCriterion,
    BlacklistEntry,
    Campaign,
    Employer,
    EmployerKind,
    Project,
    Region,
    RegionLevel,
    Sector,
    User,
)
from arrears.reference import ensure_office
from arrears.services import (
    EmployerInput,
    WorkerInput,
    employer_clean,
    employer_find_or_create,
    staff_create,
)
from arrears.validators import normalize_resident_id

from .models import Channel, Complaint, DisputeProcess, Kind, PaymentSource
from .selectors import complaint_flags
from .services import ComplainantActor, SubmitResult, complaint_submit, complaint_transition
from .workflow import OPEN_STAGES, Outcome, RejectReason, Role, Stage

DAY = datetime.timedelta(days=1)
YUAN = Decimal("1")
ADMIN_USERNAME = "admin"


# --- offices and users ------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeSpec:
    """A demo office: a slug for usernames, its region, the place name its employers carry."""

    slug: str
    code: str
    place: str
    extra_users: tuple[tuple[str, str], ...] = ()  # (username, role)


OFFICES = (
    OfficeSpec("pengshan", "511403", "眉山彭山"),
    OfficeSpec(
        "meishan",
        "511400",
        "眉山",
        (("meishan.analyst", Role.ANALYST), ("platform.api", Role.API_CLIENT)),
    ),
    OfficeSpec("ulanqab", "150900", "乌兰察布", (("ulanqab.analyst", Role.ANALYST),)),
    OfficeSpec("jining", "150902", "乌兰察布集宁"),
    OfficeSpec("nanshan", "440305", "深圳"),
    OfficeSpec("yuelu", "430104", "长沙"),
    OfficeSpec("jinshui", "410105", "郑州"),
    OfficeSpec("heping", "210102", "沈阳"),
    OfficeSpec("chaoyang", "110105", "北京", (("legalaid.api", Role.API_CLIENT),)),
)
# Share of complaints whose work was done in each office's territory.
OFFICE_WEIGHTS = {
    "pengshan": 14,
    "meishan": 11,
    "ulanqab": 12,
    "jining": 9,
    "nanshan": 14,
    "yuelu": 10,
    "jinshui": 11,
    "heping": 9,
    "chaoyang": 10,
}
BASE_ROLES = (
    ("clerk", Role.CLERK),
    ("inspector1", Role.INSPECTOR),
    ("inspector2", Role.INSPECTOR),
    ("supervisor", Role.SUPERVISOR),
)
# The API clients: the national lead platform forwards leads, a legal-aid app files for workers.
API_CLIENT_FOR_CHANNEL = {Channel.NATIONAL_PLATFORM: "platform.api", Channel.API: "legalaid.api"}


def demo_usernames() -> list[tuple[str, str, str]]:
    """Return (username, role, region code) of every demo staff user, in a stable order."""
    users = []
    for spec in OFFICES:
        for suffix, role in BASE_ROLES:
            users.append((f"{spec.slug}.{suffix}", role, spec.code))
        for username, role in spec.extra_users:
            users.append((username, role, spec.code))
    return users


# --- the report -------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    office: str
    password: str = field(repr=False)  # printed once by the command, never logged


@dataclass
class DemoReport:
    """What `demo_load` did: the log-ins and the complaints in the database afterwards."""

    logins: list[DemoLogin]
    complaints_created: int
    complaints_skipped: bool
    by_stage: dict[str, int]
    by_outcome: dict[str, int]
    overdue: int
    extended: int
    transferred: int
    with_payments: int
    amount_recovered: Decimal
    known_cases: dict[str, str]  # label -> reference


# --- vocabulary -------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂建华文辉力永健世广志义兴良海山仁波宁贵福"
    "生龙元全国胜学祥才发武新利清飞彬富顺信昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振会思"
)
BRANDS = (
    "恒泰 宏远 鑫达 华盛 瑞丰 盛世 远航 嘉禾 宏图 众成 博源 中恒 天成 鼎盛 永兴 汇通 锦程 德信 "
    "荣达 新锐 凯旋 安泰 合力 弘业 顺安 广厦 利民 东升 北辰 金穗"
).split()
INDUSTRY = {
    "construction_building": ("建筑工程", "建设工程", "建筑劳务"),
    "construction_municipal": ("市政工程", "燃气工程", "管网工程"),
    "construction_transport": ("路桥工程", "交通建设", "公路工程"),
    "construction_water": ("水利水电工程", "水务工程"),
    "real_estate": ("房地产开发", "置业", "建设集团"),
    "manufacturing": ("机械制造", "服装", "电子科技", "食品"),
    "catering_services": ("餐饮管理", "酒店管理", "家政服务"),
    "tutoring": ("教育科技", "文化培训", "教育咨询"),
    "other": ("物流", "商贸", "物业服务", "网络科技"),
}
PROJECT_KINDS = {
    "construction_building": ("小区住宅工程", "安置房项目", "产业园厂房工程", "学校教学楼工程"),
    "construction_municipal": ("燃气管网改造工程", "雨污分流工程", "老旧小区改造工程"),
    "construction_transport": ("县道改扩建工程", "高速连接线工程", "桥梁加固工程"),
    "construction_water": ("灌区续建配套工程", "水库除险加固工程", "河道综合治理工程"),
    "real_estate": ("商住楼项目", "花园小区项目", "公寓项目"),
}
TRADES = {
    "construction_building": ("钢筋工", "木工", "泥瓦工", "架子工", "水电安装工", "抹灰工"),
    "construction_municipal": ("燃气管道安装工", "市政管网工", "路灯安装工", "绿化工"),
    "construction_transport": ("路基工", "桥梁工", "沥青摊铺工", "隧道工"),
    "construction_water": ("渠道衬砌工", "管道工", "混凝土工"),
    "real_estate": ("装修工", "水电安装工", "保安", "置业顾问"),
    "manufacturing": ("车间操作工", "焊工", "缝纫工", "质检员"),
    "catering_services": ("厨师", "服务员", "洗碗工", "保洁员"),
    "tutoring": ("英语教师", "数学教师", "课程顾问", "班主任"),
    "other": ("快递分拣员", "仓库管理员", "电商客服", "保安"),
}
EXCUSES_CONSTRUCTION = (
    "包工头称工程款未结算",
    "总包单位称建设单位未拨付工程进度款",
    "老板以工程质量有问题为由拒付",
    "包工头更换手机号后失联",
)
EXCUSES_OTHER = (
    "老板称经营困难",
    "公司称资金周转困难",
    "负责人失联",
    "公司以试用期考核不合格为由拒付",
)
# Source provinces of migrant workers: Sichuan, Chongqing, Guizhou, Henan, Hunan, Anhui,
# Gansu, Jiangxi, Guangxi, Inner Mongolia.
HOME_PROVINCES = ("51", "50", "52", "41", "43", "34", "62", "36", "45", "15")
# Construction is most of the arrears the campaign handles.
SECTOR_DECK = (
    *("construction_building",) * 4,
    *("construction_municipal", "construction_transport", "real_estate") * 2,
    "construction_water",
    *("manufacturing", "catering_services") * 2,
    "tutoring",
    "other",
)
STAFF_CHANNELS = (
    Channel.HOTLINE,
    Channel.HOTLINE,
    Channel.HOTLINE,
    Channel.WALK_IN,
    Channel.WALK_IN,
    Channel.LETTER,
    Channel.INSPECTION,
    Channel.API,
    Channel.NATIONAL_PLATFORM,
    Channel.NATIONAL_PLATFORM,
)
API_CHANNELS = frozenset({Channel.API, Channel.NATIONAL_PLATFORM})
TRANSFERS = {  # from office slug -> (to office slug, note)
    "pengshan": ("meishan", "涉及人数较多，报请市支队提级办理。"),
    "meishan": ("pengshan", "经核实，用人单位住所地及用工地在彭山区，移交属地办理。"),
    "jining": ("ulanqab", "涉及跨旗县用工，报请市支队提级办理。"),
    "ulanqab": ("jining", "经核实，工程项目位于集宁区，移交属地办理。"),
    "nanshan": ("pengshan", "经核实，实际用工地在四川省眉山市彭山区，按首问负责制移送属地办理。"),
}
# The public note of a refusal says where to go instead (DESIGN §4).
REJECT_NOTES = {
    RejectReason.TIME_BARRED: (
        "欠薪行为终止已超过两年，超出劳动保障监察时效。"
        "请向劳动人事争议仲裁委员会申请仲裁或向人民法院起诉，可拨打12348申请法律援助。"
    ),
    RejectReason.IN_DISPUTE_PROCESS: (
        "该争议已进入劳动仲裁程序，请等待仲裁结果；仲裁裁决生效后可申请法院强制执行。"
    ),
    RejectReason.NOT_LABOUR_MATTER: (
        "反映事项属货款(买卖合同)纠纷，不属于劳动保障监察范围，请向人民法院起诉。"
    ),
    RejectReason.NO_IDENTIFIABLE_EMPLOYER: (
        "无法确定用人单位名称及地址，请补充工地名称、老板姓名等信息后重新投诉。"
    ),
    RejectReason.DUPLICATE: "与已受理的投诉重复，合并办理。",
}


# --- scenarios ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """A path through the workflow: the stage it ends in and what its receipt needs."""

    run: Callable[[_Case], None]
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


@dataclass
class _Intake:
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


class _Case:
    """One complaint being driven through the workflow, with its own clock cursor."""

    def __init__(
        self, loader: _Loader, result: SubmitResult, plan: Plan, pace: float = 1.0
    ) -> None:
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
        at = _moment(day, 8, 30) + datetime.timedelta(minutes=rng.randint(0, 540))
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
        later = _moment(self.complaint.order_due, 9) + (self.rng.randint(lo, hi) - 1) * DAY
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
            employer_id=c.employer_id, removed_on__isnull=True, expires_on__gt=day
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


def _moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """Return `day` at hour:minute in the project's time zone."""
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=tz)


def _months_back(end: datetime.date, months: int) -> datetime.date:
    """Return the first day of the month `months - 1` months before `end`'s month."""
    index = end.year * 12 + end.month - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """Split `total` into `parts` instalments, round hundreds but the last, summing exactly."""
    weights = [rng.randint(2, 5) for _ in range(parts)]
    hundred = Decimal(100)
    amounts = [(total * w / sum(weights) / hundred).quantize(YUAN) * hundred for w in weights[:-1]]
    last = total - sum(amounts)
    if parts < 2 or last <= 0 or min(amounts) <= 0:
        return [total]
    return [*amounts, last]


# Each scenario's path, from a freshly submitted complaint.


def _sc_submitted(case: _Case) -> None:
    if case.complaint.channel != Channel.WEB:
        case.maybe_transfer(0.05)


def _sc_submitted_info(case: _Case) -> None:
    case.request_info()
    case.provide_info()


def _sc_needs_info(case: _Case) -> None:
    case.maybe_transfer(0.05)
    case.request_info()


def _sc_mediating(case: _Case) -> None:
    case.intake()
    case.do("mediate", case.inspector(), 0.5, 3, note="约谈用人单位，组织协调。")
    if case.rng.random() < 0.4:
        case.pay_part()


def _sc_investigating(case: _Case) -> None:
    case.intake()
    if case.rng.random() < 0.25:
        case.do("mediate", case.inspector(), 0.5, 3, note="先行协调。")
        case.file(3, 10)
    else:
        case.file()
    if case.rng.random() < 0.3:
        case.pay_part()


def _sc_investigating_extended(case: _Case) -> None:
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


def _sc_order_issued(case: _Case) -> None:
    case.intake()
    case.file()
    case.order(8, 20)
    if case.rng.random() < 0.4:
        case.pay_part()


def _sc_order_overdue(case: _Case) -> None:
    case.intake()
    case.file()
    case.order(15, 40)
    if case.rng.random() < 0.3:
        case.wait_past_order_due(1, 10)
        case.compensation()


def _sc_referred_police(case: _Case) -> None:
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


def _sc_referred_override(case: _Case) -> None:
    case.intake()
    case.file()
    case.order(5, 15)
    case.refer_police()


def _sc_court_enforcement(case: _Case) -> None:
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


def _sc_closed_mediation_paid(case: _Case) -> None:
    case.intake()
    case.do("mediate", case.inspector(), 0.5, 3, note="约谈用人单位，组织协调。")
    case.pay_in_full()
    case.close(Outcome.PAID_IN_FULL, note="经协调，用人单位已足额支付。")


def _sc_closed_settled(case: _Case) -> None:
    case.intake()
    case.do("mediate", case.inspector(), 0.5, 3, note="组织双方协调。")
    if case.rng.random() < 0.5:
        case.pay_part()
    case.close(Outcome.SETTLED_BY_MEDIATION, note="双方达成调解协议，劳动者同意结案。")


def _sc_closed_order_paid(case: _Case) -> None:
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


def _sc_closed_partial(case: _Case) -> None:
    case.intake()
    case.file()
    case.order()
    case.pay_part()
    case.close(
        Outcome.PAID_PARTIALLY, lo=10, hi=30, note="部分清偿，余款已告知劳动者通过诉讼途径主张。"
    )


def _sc_closed_police_paid(case: _Case) -> None:
    case.intake()
    case.file()
    case.order(15, 30)
    case.wait_past_order_due(3, 15)
    case.refer_police()
    case.pay_in_full(PaymentSource.POLICE_RECOVERY, parts=1)
    case.close(Outcome.PAID_IN_FULL, note="公安机关立案后，犯罪嫌疑人家属代为清偿全部欠薪。")


def _sc_closed_court_paid(case: _Case) -> None:
    case.intake()
    case.file()
    case.order(15, 30)
    case.wait_past_order_due(20, 40)
    case.do("apply_enforcement", case.supervisor(), 0, 1, note="申请人民法院强制执行。")
    case.pay_in_full(PaymentSource.COURT_ENFORCEMENT, parts=1)
    case.close(Outcome.PAID_IN_FULL, note="法院强制执行到位，款项已发放至劳动者。")


def _sc_closed_unfounded(case: _Case) -> None:
    case.intake()
    case.file()
    case.close(
        Outcome.UNFOUNDED,
        case.supervisor(),
        10,
        30,
        note="经调查，工资已按约定结清，投诉事项不成立。",
    )


def _sc_closed_revoked(case: _Case) -> None:
    case.intake()
    case.file()
    case.close(
        Outcome.FILING_REVOKED, case.supervisor(), 5, 20, note="劳动者已申请仲裁，撤销立案。"
    )


def _sc_closed_withdrawn(case: _Case) -> None:
    case.maybe_transfer(0.05)
    if case.rng.random() < 0.5:
        case.do("mediate", case.inspector(), 0.5, 3, note="约谈用人单位。")
    actor = case.complainant() if case.rng.random() < 0.5 else case.inspector()
    case.do("withdraw", actor, 1, 6, note="劳动者与用人单位自行协商解决，撤回投诉。")


def _sc_reopened(case: _Case) -> None:
    case.intake(0)
    case.file()
    case.order()
    case.pay_part()
    case.close(Outcome.PAID_PARTIALLY, lo=10, hi=20)
    case.do("reopen", case.supervisor(), 5, 20, note="劳动者反映结案后发现新的欠薪事实，重新调查。")


def _reject(reason: str, info: bool = False) -> Callable[[_Case], None]:
    def run(case: _Case) -> None:
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


def _plan(n: int, rng: random.Random) -> list[Plan]:
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


# --- the loader ---------------------------------------------------------------------------


class _Loader:
    """The state of one `demo_load`: users, pools of employers and projects, the decks."""

    def __init__(self, rng: random.Random, users: dict[str, User]) -> None:
        self.rng = rng
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.users = users
        self.offices = {spec.slug: ensure_office(spec.code) for spec in OFFICES}
        self.slug_of_office = {office.pk: slug for slug, office in self.offices.items()}
        self.specs = {spec.slug: spec for spec in OFFICES}
        self.staff: dict[int, dict[str, list]] = {}
        for username, role, code in demo_usernames():
            office = self.offices[next(s.slug for s in OFFICES if s.code == code)]
            self.staff.setdefault(office.pk, {}).setdefault(role, []).append(users[username])
        self.regions = self._territories()
        self.region_names = dict(Region.objects.values_list("code", "name"))
        self.home_counties = sorted(
            Region.objects.filter(level=RegionLevel.COUNTY)
            .filter(code__regex=rf"^({'|'.join(HOME_PROVINCES)})")
            .values_list("code", flat=True)
        )
        self.employers: dict[tuple[str, str], list[EmployerInput]] = {}
        self.projects: dict[tuple[str, str], list[str]] = {}
        self.past: list[tuple[Complaint, _Intake]] = []
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
        at = _moment(day, 0) + datetime.timedelta(minutes=minutes)
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
    def intake(self, plan: Plan) -> _Intake:
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
        intake = _Intake(
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
        intake.arrears_from, intake.arrears_to = _months_back(end, months), end
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

    def _duplicate_intake(self) -> _Intake:
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
        return _Intake(
            office=first.office, region=first.region, sector=first.sector, channel=channel,
            received_at=received, period=first.period, kind=first.kind,
            complainant=first.complainant,
            employer=first.employer, project_name=first.project_name, workers=first.workers,
            amount=first.amount, arrears_from=first.arrears_from, arrears_to=first.arrears_to,
            description=first.description + "(此前已通过其他渠道反映。)",
        )  # fmt: skip

    def describe(self, intake: _Intake, variant: str, months: int) -> str:
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

    def submit(self, intake: _Intake) -> SubmitResult:
        if intake.channel == Channel.WEB:
            actor = None
        elif intake.channel in API_CHANNELS:
            actor = self.users[API_CLIENT_FOR_CHANNEL[intake.channel]]
        else:
            actor = self.staff[self.offices[intake.office.slug].pk][Role.CLERK][0]
        return complaint_submit(
            actor=actor,
            kind=intake.kind,
            channel=intake.channel,
            complainant=intake.complainant,
            employer=intake.employer,
            work_region=intake.region,
            sector=intake.sector,
            arrears_from=intake.arrears_from,
            arrears_to=intake.arrears_to,
            amount_claimed=intake.amount,
            workers_affected=intake.workers,
            project_name=intake.project_name,
            description=intake.description,
            in_dispute_process=intake.dispute,
            received_at=intake.received_at,
            consent=True,
        )

    def run(self, plan: Plan) -> Complaint:
        intake = self.intake(plan)
        result = self.submit(intake)
        case = _Case(self, result, plan, PACE.get(intake.period, 1.0))
        SCENARIOS[plan.scenario].run(case)
        if intake.kind == Kind.COMPLAINT and intake.channel != Channel.WEB:
            self.past.append((case.complaint, intake))
        return case.complaint

    # --- the four cases the campaign is known for ------------------------------------------

    def at(self, day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
        """Return `day` at hour:minute, or now if that is still to come."""
        return min(_moment(day, hour, minute), self.now)

    def contractor(self, name: str, region: str, sector: str) -> Employer:
        data = employer_clean(EmployerInput(name=name, uscc=self.credit_code(region)))
        return employer_find_or_create(
            data=data,
            region=Region.objects.get(code=region),
            sector=Sector.objects.get(code=sector),
        )

    def case_gas_fitter(self) -> Complaint:
        """A gas-pipe fitter from Pengshan (Meishan, Sichuan) owed 110,000 yuan in Ulanqab.

        Back home in Pengshan in July 2026, he went to the counter of the Pengshan district
        brigade. The clerk registered the complaint (首问负责制) with the place of work as he
        could name it — Ulanqab city — so the service routed it to the Ulanqab city detachment.
        Its supervisor found the company and the site in Jining district and transferred the
        case to the Jining district brigade, which filed it and ordered payment. The company
        paid in three instalments from September to November; the case closed paid in full.
        """
        pengshan_clerk = self.users["pengshan.clerk"]
        worker = WorkerInput(
            name="何建军",
            # Issued in 1979 under Pengshan's code of the time (512628, Leshan prefecture).
            id_number=self._fixed_id("512628", datetime.date(1979, 3, 12)),
            phone="13778561209",
            home_region="511403",
        )
        result = complaint_submit(
            actor=pengshan_clerk,
            kind=Kind.COMPLAINT,
            channel=Channel.WALK_IN,
            complainant=worker,
            employer=EmployerInput(
                name="乌兰察布市恒泰燃气工程有限公司", uscc=self.credit_code("150902")
            ),
            work_region="150900",
            sector="construction_municipal",
            project_name="集宁区老旧小区燃气管网改造工程",
            arrears_from=datetime.date(2025, 10, 1),
            arrears_to=datetime.date(2026, 5, 31),
            amount_claimed=Decimal("110000"),
            description=(
                "本人系四川省眉山市彭山区人，燃气管道安装工。2025年10月至2026年5月在内蒙古乌兰察布市"
                "老旧小区燃气管网改造工程从事燃气管道安装，用工单位乌兰察布市恒泰燃气工程有限公司拖欠"
                "工资110000元，多次电话催要，对方以甲方未结算为由拒付。本人已返回彭山，持工资结算单、"
                "工友证言来窗口投诉，县法律援助中心已指派律师协助。"
            ),
            received_at=self.at(datetime.date(2026, 7, 8), 9, 40),
        )
        case = _Case(self, result, Plan("closed_order_paid"))
        ulanqab_sup = self.users["ulanqab.supervisor"]
        jining = self.offices["jining"]
        steps = [
            ("transfer", ulanqab_sup, datetime.date(2026, 7, 10), {
                "office": jining,
                "note": "经核实，用人单位住所地及施工现场均在集宁区，"
                "移交集宁区劳动保障监察大队办理；两地保持会商，彭山区大队协助联系劳动者。",
            }),
            ("file", self.users["jining.inspector1"], datetime.date(2026, 7, 14), {
                "assignees": ["jining.inspector1", "jining.inspector2"],
                "note": "调取工资结算单、考勤记录，予以立案。",
            }),
            ("issue_order", self.users["jining.supervisor"], datetime.date(2026, 8, 21), {
                "amount": Decimal("110000"), "order_due": datetime.date(2026, 9, 15),
                "note": "责令于2026年9月15日前支付拖欠工资110000元。",
            }),
            ("record_payment", self.users["jining.inspector2"], datetime.date(2026, 9, 11), {
                "amount": Decimal("30000"), "paid_on": datetime.date(2026, 9, 11),
                "source": PaymentSource.EMPLOYER, "note": "第一笔，转账至劳动者本人账户。",
            }),
            ("record_payment", self.users["jining.inspector1"], datetime.date(2026, 10, 16), {
                "amount": Decimal("40000"), "paid_on": datetime.date(2026, 10, 16),
                "source": PaymentSource.EMPLOYER, "note": "第二笔，经约谈后支付。",
            }),
            ("record_payment", self.users["jining.inspector1"], datetime.date(2026, 11, 18), {
                "amount": Decimal("40000"), "paid_on": datetime.date(2026, 11, 18),
                "source": PaymentSource.EMPLOYER, "note": "第三笔，余款全部付清。",
            }),
            ("close", self.users["jining.inspector1"], datetime.date(2026, 11, 20), {
                "outcome": Outcome.PAID_IN_FULL,
                "note": "110000元已分三次全部支付到位，劳动者确认收款，赶在春节前返乡。",
            }),
        ]  # fmt: skip
        return self._script(case, steps)

    def case_crew_leader_fled(self) -> Complaint:
        """A crew of 40 whose crew leader fled; the main contractor pays first (条例 art. 30)."""
        region = "410105"
        client = self.contractor("郑州金穗置业有限公司", region, "real_estate")
        main = self.contractor("河南中恒建工集团有限公司", region, "construction_building")
        project_name = "金水区金穗安置房项目二标段"
        Project.objects.get_or_create(
            name=project_name,
            region_id=region,
            defaults={"client": client, "main_contractor": main, "has_wage_account": True},
        )
        result = complaint_submit(
            actor=self.users["jinshui.clerk"],
            kind=Kind.COMPLAINT,
            channel=Channel.HOTLINE,
            complainant=self.worker(region),
            employer=EmployerInput(name="刘长顺(包工头)", kind=EmployerKind.CREW_LEADER),
            work_region=region,
            sector="construction_building",
            project_name=project_name,
            arrears_from=datetime.date(2026, 6, 1),
            arrears_to=datetime.date(2026, 10, 31),
            amount_claimed=Decimal("368000"),
            workers_affected=40,
            description=(
                "我们40名工人跟随包工头刘长顺在金水区金穗安置房项目二标段干主体结构，2026年6月至10月"
                "工资合计368000元未发。10月底包工头收到总包单位拨付的人工费后关机失联。总承包单位为"
                "河南中恒建工集团有限公司，请求责令总包先行清偿。"
            ),
            received_at=self.at(datetime.date(2026, 11, 3), 8, 50),
        )
        case = _Case(self, result, Plan("closed_order_paid"))
        steps = [
            ("file", self.users["jinshui.inspector1"], datetime.date(2026, 11, 4), {
                "assignees": ["jinshui.inspector1", "jinshui.inspector2"],
                "note": "群体性欠薪，当日赴工地核查，立案调查。",
            }),
            ("issue_order", self.users["jinshui.supervisor"], datetime.date(2026, 11, 9), {
                "amount": Decimal("368000"), "order_due": datetime.date(2026, 11, 20),
                "note": "依据《保障农民工工资支付条例》第三十条，责令施工总承包单位先行清偿。",
            }),
            ("record_payment", self.users["jinshui.inspector2"], datetime.date(2026, 11, 17), {
                "amount": Decimal("300000"), "paid_on": datetime.date(2026, 11, 17),
                "source": PaymentSource.MAIN_CONTRACTOR, "workers_paid": 33,
                "note": "总包单位通过农民工工资专用账户代发。",
            }),
            ("record_payment", self.users["jinshui.inspector1"], datetime.date(2026, 11, 24), {
                "amount": Decimal("68000"), "paid_on": datetime.date(2026, 11, 24),
                "source": PaymentSource.MAIN_CONTRACTOR, "workers_paid": 7,
                "note": "核对考勤后补发其余7人。",
            }),
            ("close", self.users["jinshui.inspector1"], datetime.date(2026, 11, 25), {
                "outcome": Outcome.PAID_IN_FULL,
                "note": "总包先行清偿全部欠薪，总包单位可依法向包工头追偿；包工头线索已移交公安。",
            }),
        ]  # fmt: skip
        return self._script(case, steps)

    def case_tutoring(self) -> Complaint:
        """An off-campus tutoring school that closed overnight, owing 15 teachers."""
        region = "110105"
        result = complaint_submit(
            actor=self.users["platform.api"],
            kind=Kind.COMPLAINT,
            channel=Channel.NATIONAL_PLATFORM,
            complainant=self.worker(region),
            employer=EmployerInput(name="北京博源文化培训有限公司", uscc=self.credit_code(region)),
            work_region=region,
            sector="tutoring",
            arrears_from=datetime.date(2026, 8, 1),
            arrears_to=datetime.date(2026, 9, 30),
            amount_claimed=Decimal("256500"),
            workers_affected=15,
            description=(
                "朝阳区某校外培训机构(北京博源文化培训有限公司)于2026年9月底突然停课闭店，以“转型"
                "经营困难”为由辞退全部15名教师，拖欠2026年8月至9月工资合计256500元，负责人拒接电话。"
                "我们是英语、数学教师和班主任，请求帮助追讨。"
            ),
            received_at=self.at(datetime.date(2026, 11, 6), 14, 5),
        )
        case = _Case(self, result, Plan("order_issued"))
        steps = [
            ("file", self.users["chaoyang.inspector2"], datetime.date(2026, 11, 9), {
                "assignees": ["chaoyang.inspector1", "chaoyang.inspector2"],
                "note": "群体性欠薪，立案调查，联合教育部门核查办学许可及预收费资金监管账户。",
            }),
            ("issue_order", self.users["chaoyang.supervisor"], datetime.date(2026, 11, 20), {
                "amount": Decimal("256500"), "order_due": datetime.date(2026, 12, 4),
                "note": "责令于2026年12月4日前支付15名教师工资。",
            }),
            ("record_payment", self.users["chaoyang.inspector1"], datetime.date(2026, 11, 27), {
                "amount": Decimal("68400"), "paid_on": datetime.date(2026, 11, 27),
                "source": PaymentSource.EMPLOYER, "workers_paid": 4,
                "note": "机构先行支付4名教师工资，其余承诺限期内付清。",
            }),
        ]  # fmt: skip
        return self._script(case, steps)

    def case_wage_guarantee(self) -> Complaint:
        """A real-estate project whose workers were paid from its wage guarantee."""
        region = "210102"
        developer = self.contractor("沈阳盛世房地产开发有限公司", region, "real_estate")
        builder = self.contractor("辽宁广厦建设集团有限公司", region, "real_estate")
        project_name = "和平区盛世花园小区项目"
        Project.objects.get_or_create(
            name=project_name,
            region_id=region,
            defaults={
                "client": developer,
                "main_contractor": builder,
                "has_wage_account": True,
                "wage_guarantee_amount": Decimal("500000"),
            },
        )
        result = complaint_submit(
            actor=self.users["heping.clerk"],
            kind=Kind.COMPLAINT,
            channel=Channel.LETTER,
            complainant=self.worker(region),
            employer=EmployerInput(name=builder.name, uscc=builder.uscc),
            work_region=region,
            sector="real_estate",
            project_name=project_name,
            arrears_from=datetime.date(2026, 4, 1),
            arrears_to=datetime.date(2026, 8, 31),
            amount_claimed=Decimal("386400"),
            workers_affected=28,
            description=(
                "我们28名工人在和平区盛世花园小区项目从事主体及装修施工，2026年4月至8月工资合计386400元"
                "未发放。开发商资金链断裂，施工单位称无力支付。该项目按规定存储了工资保证金，"
                "请求动用保证金支付。"
            ),
            received_at=self.at(datetime.date(2026, 9, 14), 10, 20),
        )
        case = _Case(self, result, Plan("closed_order_paid"))
        steps = [
            ("file", self.users["heping.inspector1"], datetime.date(2026, 9, 17), {
                "assignees": ["heping.inspector1", "heping.inspector2"],
                "note": "立案调查，冻结项目农民工工资专用账户。",
            }),
            ("issue_order", self.users["heping.supervisor"], datetime.date(2026, 10, 22), {
                "amount": Decimal("386400"), "order_due": datetime.date(2026, 11, 5),
                "note": "责令施工总承包单位于2026年11月5日前支付。",
            }),
            ("record_payment", self.users["heping.inspector2"], datetime.date(2026, 11, 13), {
                "amount": Decimal("386400"), "paid_on": datetime.date(2026, 11, 13),
                "source": PaymentSource.WAGE_GUARANTEE, "workers_paid": 28,
                "note": "逾期未支付，依法动用工资保证金386400元，由银行直接发放至28名工人账户。",
            }),
            ("close", self.users["heping.inspector1"], datetime.date(2026, 11, 16), {
                "outcome": Outcome.PAID_IN_FULL,
                "note": "工资保证金支付到位；责令施工单位限期补足保证金。",
            }),
        ]  # fmt: skip
        return self._script(case, steps)

    def _fixed_id(self, prefix: str, born: datetime.date) -> str:
        for _attempt in range(20):
            number = self.resident_id(prefix, born)
            if number:
                return number
        raise RuntimeError(f"cannot make a resident ID for {prefix}")  # pragma: no cover

    def _script(
        self, case: _Case, steps: list[tuple[str, object, datetime.date, dict]]
    ) -> Complaint:
        """Run fixed steps at 09:00–17:00 on their dates (clamped to now, never backwards)."""
        for action, actor, day, fields in steps:
            at = max(case.t, self.at(day, self.rng.randint(9, 16), self.rng.randint(0, 59)))
            case.t = at
            case.complaint = complaint_transition(
                complaint=case.complaint,
                action=action,
                actor=actor,
                version=case.complaint.version,
                at=at,
                **fields,
            )
        return case.complaint


# --- known cases lookup -------------------------------------------------------------------

KNOWN_CASES = {
    "gas_fitter": "燃气管道安装工。2025年10月",
    "crew_leader_fled": "跟随包工头刘长顺",
    "tutoring": "校外培训机构(北京博源",
    "wage_guarantee": "请求动用保证金支付",
}


def known_case_references() -> dict[str, str]:
    """Return the references of the known cases present, found by their descriptions."""
    found = {}
    for label, marker in KNOWN_CASES.items():
        complaint = (
            Complaint.objects.filter(description__contains=marker).order_by("received_at").first()
        )
        if complaint is not None:
            found[label] = complaint.reference
    return found


# --- users ----------------------------------------------------------------------------------


def _ensure_users() -> dict[str, User]:
    """Create or update every demo user with `staff_create`, and the superuser `admin`.

    Passwords are set afterwards, from hashes computed in the background.
    """
    for spec in OFFICES:
        ensure_office(spec.code)  # the conventional office name, before staff_create needs one
    users = {
        username: staff_create(username=username, role=role, region_code=code)
        for username, role, code in demo_usernames()
    }
    admin, _created = get_user_model().objects.get_or_create(username=ADMIN_USERNAME)
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    users[ADMIN_USERNAME] = admin
    return users


def _set_passwords(
    users: dict[str, User], passwords: dict[str, str], hashes: dict[str, Future[str]]
) -> list[DemoLogin]:
    """Store each hashed password (what `set_password` does) and return the log-ins."""
    roles = {username: role for username, role, _code in demo_usernames()}
    logins = []
    for username, user in users.items():
        user.password = hashes[username].result()
        user.save(update_fields=["password"])
        office = user.office.name if user.office_id else ""
        role = roles.get(username, "superuser")
        logins.append(DemoLogin(username, role, office, passwords[username]))
    return logins


# --- entry point ----------------------------------------------------------------------------


def demo_complaints_exist() -> bool:
    """Return whether demo complaints are already loaded (filed by a demo user)."""
    names = [username for username, _role, _code in demo_usernames()]
    return Complaint.objects.filter(created_by__username__in=names).exists()


def demo_load(*, seed: int = 2026, complaints: int = 300) -> DemoReport:
    """Create the demo users (resetting their passwords) and, unless demo complaints exist,
    `complaints` complaints driven through the workflow; return what was done.

    Everything happens in one transaction: a failure leaves the database as it was.
    """
    usernames = [u for u, _r, _c in demo_usernames()] + [ADMIN_USERNAME]
    passwords = {name: secrets.token_urlsafe(12) for name in usernames}
    # Hash in threads while the complaints are loaded: PBKDF2 releases the GIL, and at
    # Django's iteration count forty hashes in a row would take most of a minute.
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    try:
        hashes = {name: pool.submit(make_password, pw) for name, pw in passwords.items()}
        with transaction.atomic():
            users = _ensure_users()
            skipped = demo_complaints_exist()
            created = 0
            if not skipped:
                created = _load_complaints(users, random.Random(seed), complaints)  # noqa: S311
            logins = _set_passwords(users, passwords, hashes)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return _report(logins, created, skipped)


def _load_complaints(users: dict[str, User], rng: random.Random, n: int) -> int:
    loader = _Loader(rng, users)
    known = [
        loader.case_gas_fitter,
        loader.case_crew_leader_fled,
        loader.case_tutoring,
        loader.case_wage_guarantee,
    ]
    for make in known[:n]:
        make()
    for plan in _plan(max(0, n - len(known)), rng):
        loader.run(plan)
    return n


def _report(logins: list[DemoLogin], created: int, skipped: bool) -> DemoReport:
    today = timezone.localdate()
    complaints = Complaint.objects.all()
    by_stage = {stage: 0 for stage in Stage.values}
    by_stage.update(dict(complaints.values_list("stage").annotate(n=Count("id")).order_by()))
    by_outcome = dict(
        complaints.exclude(outcome="").values_list("outcome").annotate(n=Count("id")).order_by()
    )
    return DemoReport(
        logins=logins,
        complaints_created=created,
        complaints_skipped=skipped,
        by_stage=by_stage,
        by_outcome=by_outcome,
        overdue=complaints.filter(stage__in=OPEN_STAGES, next_due__lt=today).count(),
        extended=complaints.filter(extended=True).count(),
        transferred=complaints.filter(past_offices__isnull=False).distinct().count(),
        with_payments=complaints.filter(payments__isnull=False).distinct().count(),
        amount_recovered=complaints.aggregate(total=Sum("amount_recovered"))["total"] or Decimal(0),
        known_cases=known_case_references(),
    )


__all__ = ["DemoLogin", "DemoReport", "demo_load", "known_case_references"]
