"""The four cases the campaign is known for, scripted step by step on their real dates."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from arrears.models import Employer, EmployerKind, Project, Region, Sector
from arrears.services import EmployerInput, WorkerInput, employer_clean, employer_find_or_create

from ..models import Channel, Complaint, Kind, PaymentSource
from ..services import complaint_submit
from ..workflow import Outcome
from .case import Case
from .clock import moment
from .scenarios import Plan

if TYPE_CHECKING:
    from .loader import Loader


def _at(loader: Loader, day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """Return `day` at hour:minute, or now if that is still to come."""
    return min(moment(day, hour, minute), loader.now)


def _contractor(loader: Loader, name: str, region: str, sector: str) -> Employer:
    data = employer_clean(EmployerInput(name=name, uscc=loader.draw.credit_code(region)))
    return employer_find_or_create(
        data=data,
        region=Region.objects.get(code=region),
        sector=Sector.objects.get(code=sector),
    )


def _project(
    loader: Loader,
    name: str,
    region: str,
    client: tuple[str, str],
    main_contractor: tuple[str, str],
    **defaults: object,
) -> Employer:
    """Create a known case's project (a reference row no workflow owns) unless it exists.

    `client` and `main_contractor` are (name, sector) of firms found or created in `region`;
    return the main contractor.
    """
    client_firm = _contractor(loader, client[0], region, client[1])
    main = _contractor(loader, main_contractor[0], region, main_contractor[1])
    Project.objects.get_or_create(
        name=name,
        region_id=region,
        defaults={
            "client": client_firm,
            "main_contractor": main,
            "has_wage_account": True,
            **defaults,
        },
    )
    return main


def _fixed_id(loader: Loader, prefix: str, born: datetime.date) -> str:
    for _attempt in range(20):
        number = loader.draw.resident_id(prefix, born)
        if number:
            return number
    raise RuntimeError(f"cannot make a resident ID for {prefix}")  # pragma: no cover


def _script(case: Case, steps: list[tuple[str, object, datetime.date, dict]]) -> Complaint:
    """Run fixed steps at 09:00–17:00 on their dates (clamped to now, never backwards)."""
    rng = case.rng
    for action, actor, day, fields in steps:
        at = max(case.t, _at(case.loader, day, rng.randint(9, 16), rng.randint(0, 59)))
        case.t = at
        case.apply(action, actor, at, **fields)
    return case.complaint


def case_gas_fitter(loader: Loader) -> Complaint:
    """A gas-pipe fitter from Pengshan (Meishan, Sichuan) owed 110,000 yuan in Ulanqab.

    Back home in Pengshan in July 2026, he went to the counter of the Pengshan district
    brigade. The clerk registered the complaint (首问负责制) with the place of work as he
    could name it — Ulanqab city — so the service routed it to the Ulanqab city detachment.
    Its supervisor found the company and the site in Jining district and transferred the
    case to the Jining district brigade, which filed it and ordered payment. The company
    paid in three instalments from September to November; the case closed paid in full.
    """
    pengshan_clerk = loader.users["pengshan.clerk"]
    worker = WorkerInput(
        name="何建军",
        # Issued in 1979 under Pengshan's code of the time (512628, Leshan prefecture).
        id_number=_fixed_id(loader, "512628", datetime.date(1979, 3, 12)),
        phone="13778561209",
        home_region="511403",
    )
    result = complaint_submit(
        actor=pengshan_clerk,
        kind=Kind.COMPLAINT,
        channel=Channel.WALK_IN,
        complainant=worker,
        employer=EmployerInput(
            name="乌兰察布市恒泰燃气工程有限公司", uscc=loader.draw.credit_code("150902")
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
        received_at=_at(loader, datetime.date(2026, 7, 8), 9, 40),
    )
    case = Case(loader, result, Plan("closed_order_paid"))
    ulanqab_sup = loader.users["ulanqab.supervisor"]
    jining = loader.offices["jining"]
    steps = [
        ("transfer", ulanqab_sup, datetime.date(2026, 7, 10), {
            "office": jining,
            "note": "经核实，用人单位住所地及施工现场均在集宁区，"
            "移交集宁区劳动保障监察大队办理；两地保持会商，彭山区大队协助联系劳动者。",
        }),
        ("file", loader.users["jining.inspector1"], datetime.date(2026, 7, 14), {
            "assignees": ["jining.inspector1", "jining.inspector2"],
            "note": "调取工资结算单、考勤记录，予以立案。",
        }),
        ("issue_order", loader.users["jining.supervisor"], datetime.date(2026, 8, 21), {
            "amount": Decimal("110000"), "order_due": datetime.date(2026, 9, 15),
            "note": "责令于2026年9月15日前支付拖欠工资110000元。",
        }),
        ("record_payment", loader.users["jining.inspector2"], datetime.date(2026, 9, 11), {
            "amount": Decimal("30000"), "paid_on": datetime.date(2026, 9, 11),
            "source": PaymentSource.EMPLOYER, "note": "第一笔，转账至劳动者本人账户。",
        }),
        ("record_payment", loader.users["jining.inspector1"], datetime.date(2026, 10, 16), {
            "amount": Decimal("40000"), "paid_on": datetime.date(2026, 10, 16),
            "source": PaymentSource.EMPLOYER, "note": "第二笔，经约谈后支付。",
        }),
        ("record_payment", loader.users["jining.inspector1"], datetime.date(2026, 11, 18), {
            "amount": Decimal("40000"), "paid_on": datetime.date(2026, 11, 18),
            "source": PaymentSource.EMPLOYER, "note": "第三笔，余款全部付清。",
        }),
        ("close", loader.users["jining.inspector1"], datetime.date(2026, 11, 20), {
            "outcome": Outcome.PAID_IN_FULL,
            "note": "110000元已分三次全部支付到位，劳动者确认收款，赶在春节前返乡。",
        }),
    ]  # fmt: skip
    return _script(case, steps)


def case_crew_leader_fled(loader: Loader) -> Complaint:
    """A crew of 40 whose crew leader fled; the main contractor pays first (条例 art. 30)."""
    region = "410105"
    project_name = "金水区金穗安置房项目二标段"
    _project(
        loader,
        project_name,
        region,
        client=("郑州金穗置业有限公司", "real_estate"),
        main_contractor=("河南中恒建工集团有限公司", "construction_building"),
    )
    result = complaint_submit(
        actor=loader.users["jinshui.clerk"],
        kind=Kind.COMPLAINT,
        channel=Channel.HOTLINE,
        complainant=loader.draw.worker(region),
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
        received_at=_at(loader, datetime.date(2026, 11, 3), 8, 50),
    )
    case = Case(loader, result, Plan("closed_order_paid"))
    steps = [
        ("file", loader.users["jinshui.inspector1"], datetime.date(2026, 11, 4), {
            "assignees": ["jinshui.inspector1", "jinshui.inspector2"],
            "note": "群体性欠薪，当日赴工地核查，立案调查。",
        }),
        ("issue_order", loader.users["jinshui.supervisor"], datetime.date(2026, 11, 9), {
            "amount": Decimal("368000"), "order_due": datetime.date(2026, 11, 20),
            "note": "依据《保障农民工工资支付条例》第三十条，责令施工总承包单位先行清偿。",
        }),
        ("record_payment", loader.users["jinshui.inspector2"], datetime.date(2026, 11, 17), {
            "amount": Decimal("300000"), "paid_on": datetime.date(2026, 11, 17),
            "source": PaymentSource.MAIN_CONTRACTOR, "workers_paid": 33,
            "note": "总包单位通过农民工工资专用账户代发。",
        }),
        ("record_payment", loader.users["jinshui.inspector1"], datetime.date(2026, 11, 24), {
            "amount": Decimal("68000"), "paid_on": datetime.date(2026, 11, 24),
            "source": PaymentSource.MAIN_CONTRACTOR, "workers_paid": 7,
            "note": "核对考勤后补发其余7人。",
        }),
        ("close", loader.users["jinshui.inspector1"], datetime.date(2026, 11, 25), {
            "outcome": Outcome.PAID_IN_FULL,
            "note": "总包先行清偿全部欠薪，总包单位可依法向包工头追偿；包工头线索已移交公安。",
        }),
    ]  # fmt: skip
    return _script(case, steps)


def case_tutoring(loader: Loader) -> Complaint:
    """An off-campus tutoring school that closed overnight, owing 15 teachers."""
    region = "110105"
    result = complaint_submit(
        actor=loader.users["platform.api"],
        kind=Kind.COMPLAINT,
        channel=Channel.NATIONAL_PLATFORM,
        complainant=loader.draw.worker(region),
        employer=EmployerInput(
            name="北京博源文化培训有限公司", uscc=loader.draw.credit_code(region)
        ),
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
        received_at=_at(loader, datetime.date(2026, 11, 6), 14, 5),
    )
    case = Case(loader, result, Plan("order_issued"))
    steps = [
        ("file", loader.users["chaoyang.inspector2"], datetime.date(2026, 11, 9), {
            "assignees": ["chaoyang.inspector1", "chaoyang.inspector2"],
            "note": "群体性欠薪，立案调查，联合教育部门核查办学许可及预收费资金监管账户。",
        }),
        ("issue_order", loader.users["chaoyang.supervisor"], datetime.date(2026, 11, 20), {
            "amount": Decimal("256500"), "order_due": datetime.date(2026, 12, 4),
            "note": "责令于2026年12月4日前支付15名教师工资。",
        }),
        ("record_payment", loader.users["chaoyang.inspector1"], datetime.date(2026, 11, 27), {
            "amount": Decimal("68400"), "paid_on": datetime.date(2026, 11, 27),
            "source": PaymentSource.EMPLOYER, "workers_paid": 4,
            "note": "机构先行支付4名教师工资，其余承诺限期内付清。",
        }),
    ]  # fmt: skip
    return _script(case, steps)


def case_wage_guarantee(loader: Loader) -> Complaint:
    """A real-estate project whose workers were paid from its wage guarantee."""
    region = "210102"
    project_name = "和平区盛世花园小区项目"
    builder = _project(
        loader,
        project_name,
        region,
        client=("沈阳盛世房地产开发有限公司", "real_estate"),
        main_contractor=("辽宁广厦建设集团有限公司", "real_estate"),
        wage_guarantee_amount=Decimal("500000"),
    )
    result = complaint_submit(
        actor=loader.users["heping.clerk"],
        kind=Kind.COMPLAINT,
        channel=Channel.LETTER,
        complainant=loader.draw.worker(region),
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
        received_at=_at(loader, datetime.date(2026, 9, 14), 10, 20),
    )
    case = Case(loader, result, Plan("closed_order_paid"))
    steps = [
        ("file", loader.users["heping.inspector1"], datetime.date(2026, 9, 17), {
            "assignees": ["heping.inspector1", "heping.inspector2"],
            "note": "立案调查，冻结项目农民工工资专用账户。",
        }),
        ("issue_order", loader.users["heping.supervisor"], datetime.date(2026, 10, 22), {
            "amount": Decimal("386400"), "order_due": datetime.date(2026, 11, 5),
            "note": "责令施工总承包单位于2026年11月5日前支付。",
        }),
        ("record_payment", loader.users["heping.inspector2"], datetime.date(2026, 11, 13), {
            "amount": Decimal("386400"), "paid_on": datetime.date(2026, 11, 13),
            "source": PaymentSource.WAGE_GUARANTEE, "workers_paid": 28,
            "note": "逾期未支付，依法动用工资保证金386400元，由银行直接发放至28名工人账户。",
        }),
        ("close", loader.users["heping.inspector1"], datetime.date(2026, 11, 16), {
            "outcome": Outcome.PAID_IN_FULL,
            "note": "工资保证金支付到位；责令施工单位限期补足保证金。",
        }),
    ]  # fmt: skip
    return _script(case, steps)


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
