"""Import of the national lead platform's spreadsheet export (CSV or XLSX).

Every row is filed through complaint_submit, so imported leads are routed, clocked and
checked for duplicates exactly like any other. A file is all or nothing: a dry run, or any
row with an error, rolls the whole file back.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrears.errors import DomainError
from arrears.models import User
from arrears.services import EmployerInput, WorkerInput
from arrears.validators import ascii_digits, fold, tidy

from ..models import Channel, Complaint, DisputeProcess, Kind
from ..selectors import complaints_visible_to
from .intake import complaint_submit

# Column header (as the platform exports it) → our field. README.md documents them.
COLUMNS = {
    "线索编号": "source_ref",
    "接收时间": "received_at",
    "类型": "kind",
    "姓名": "name",
    "身份证号": "id_number",
    "手机号": "phone",
    "户籍地代码": "home_region",
    "用人单位": "employer_name",
    "统一社会信用代码": "employer_uscc",
    "工作地代码": "work_region",
    "行业": "sector",
    "项目名称": "project_name",
    "欠薪起始日期": "arrears_from",
    "欠薪截止日期": "arrears_to",
    "欠薪金额": "amount_claimed",
    "涉及人数": "workers_affected",
    "情况描述": "description",
    "已进入程序": "in_dispute_process",
}
REQUIRED = (
    "线索编号",
    "接收时间",
    "类型",
    "用人单位",
    "工作地代码",
    "行业",
    "欠薪起始日期",
    "欠薪截止日期",
    "欠薪金额",
)
KINDS = {
    "投诉": Kind.COMPLAINT,
    "举报": Kind.REPORT,
    "complaint": Kind.COMPLAINT,
    "report": Kind.REPORT,
}
DISPUTES = {
    "": DisputeProcess.NONE,
    "无": DisputeProcess.NONE,
    "调解": DisputeProcess.MEDIATION,
    "仲裁": DisputeProcess.ARBITRATION,
    "诉讼": DisputeProcess.COURT,
    **{v: v for v in DisputeProcess.values},
}
MAX_ROWS = 5000


@dataclass
class RowResult:
    line: int  # the spreadsheet's row number, header = 1
    source_ref: str
    reference: str = ""
    office: str = ""
    acceptance_due: datetime.date | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    # What the importer should know before saving: the row is valid, but …
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowResult]
    header_errors: list[str]
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not self.header_errors and all(not r.errors for r in self.rows)

    @property
    def saved(self) -> bool:
        return self.ok and not self.dry_run


def read_table(content: bytes, filename: str) -> tablib.Dataset:
    """Return the rows of a CSV (UTF-8, with or without BOM) or XLSX file."""
    if filename.lower().endswith(".xlsx"):
        return tablib.Dataset().load(content, format="xlsx")
    text = content.decode("utf-8-sig")
    return tablib.Dataset().load(text, format="csv")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets turn 12000 into 12000.0 and codes into numbers
    return fold(str(value))


def _number_cell(value: object, name: str, errors: dict) -> str:
    """Return a numeric cell as text in ASCII digits (full-width folded); note other scripts'."""
    if isinstance(value, str):
        try:
            value = ascii_digits(value)
        except ValidationError as error:
            errors[name] = error.messages
            return ""
    return _cell(value)


def _date(value: object, name: str, errors: dict) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(_cell(value).replace("/", "-"))
    except ValueError:
        errors[name] = [_("Enter a date as YYYY-MM-DD.")]
        return None


def _datetime(value: object, errors: dict) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        try:
            parsed = datetime.datetime.fromisoformat(_cell(value).replace("/", "-"))
        except ValueError:
            errors["received_at"] = [_("Enter the time as YYYY-MM-DD HH:MM.")]
            return None
    if parsed.tzinfo is None:
        # The platform exports Beijing time without an offset.
        parsed = parsed.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return parsed


def _submit_kwargs(row: dict[str, object], errors: dict) -> dict:
    """Turn one row into complaint_submit's arguments, noting what cannot be read."""
    kind = KINDS.get(_cell(row.get("类型")))
    if kind is None:
        errors["kind"] = [_("Type must be 投诉 or 举报.")]
    dispute = DISPUTES.get(_cell(row.get("已进入程序")))
    if dispute is None:
        errors["in_dispute_process"] = [_("Must be 无, 调解, 仲裁 or 诉讼.")]
    workers = _number_cell(row.get("涉及人数"), "workers_affected", errors) or "1"
    if not re.fullmatch(r"[0-9]{1,9}", workers) and "workers_affected" not in errors:
        errors["workers_affected"] = [_("Enter a whole number of workers.")]
    name = tidy(_cell(row.get("姓名")))
    complainant = None
    if name or _cell(row.get("身份证号")) or _cell(row.get("手机号")):
        complainant = WorkerInput(
            name=name,
            id_number=_cell(row.get("身份证号")),
            phone=_cell(row.get("手机号")),
            home_region=_cell(row.get("户籍地代码")),
        )
    return {
        "kind": kind or Kind.COMPLAINT,
        "channel": Channel.NATIONAL_PLATFORM,
        "source_ref": _cell(row.get("线索编号")),
        "received_at": _datetime(row.get("接收时间"), errors),
        "complainant": complainant,
        "employer": EmployerInput(
            name=tidy(_cell(row.get("用人单位"))), uscc=_cell(row.get("统一社会信用代码"))
        ),
        "work_region": _cell(row.get("工作地代码")),
        "sector": _cell(row.get("行业")),
        "project_name": tidy(_cell(row.get("项目名称"))),
        "arrears_from": _date(row.get("欠薪起始日期"), "arrears_from", errors),
        "arrears_to": _date(row.get("欠薪截止日期"), "arrears_to", errors),
        "amount_claimed": _number_cell(row.get("欠薪金额"), "amount_claimed", errors),
        "workers_affected": int(workers) if re.fullmatch(r"[0-9]{1,9}", workers) else 1,
        "description": tidy(_cell(row.get("情况描述"))),
        "in_dispute_process": dispute or DisputeProcess.NONE,
    }


def _warnings(complaint: Complaint, actor: User, today: datetime.date) -> list[str]:
    """Return what is worth a second look about a lead that files without error."""
    warnings = []
    if not complaints_visible_to(actor, acting=True).filter(pk=complaint.pk).exists():
        warnings.append(
            _("Goes to %(office)s, outside your scope: your office follows it read-only.")
            % {"office": complaint.office.name}
        )
    if complaint.acceptance_due and complaint.acceptance_due < today:
        warnings.append(
            _("Acceptance was due on %(date)s: overdue as soon as it is imported.")
            % {"date": complaint.acceptance_due.isoformat()}
        )
    if complaint.duplicate_of_id:
        warnings.append(
            _("Possibly the same case as %(reference)s.")
            % {"reference": complaint.duplicate_of.reference}
        )
    return warnings


def national_platform_import(*, table: tablib.Dataset, actor: User, dry_run: bool) -> ImportReport:
    """File every row of `table` through complaint_submit; keep them only if no row fails and
    this is not a dry run. Return the per-row report."""
    headers = [fold(str(h or "")) for h in (table.headers or [])]
    missing = [h for h in REQUIRED if h not in headers]
    header_errors = []
    if missing:
        header_errors.append(_("Missing columns: %(cols)s") % {"cols": ", ".join(missing)})
    if len(table) > MAX_ROWS:
        header_errors.append(_("At most %(n)d rows per file.") % {"n": MAX_ROWS})
    if not len(table):
        header_errors.append(_("The file has no rows."))
    if header_errors:
        return ImportReport(rows=[], header_errors=header_errors, dry_run=dry_run)

    results: list[RowResult] = []
    today = timezone.localdate()
    with transaction.atomic():
        for index, values in enumerate(table, start=2):
            row = dict(zip(headers, values, strict=False))
            errors: dict[str, list[str]] = {}
            kwargs = _submit_kwargs(row, errors)
            result = RowResult(line=index, source_ref=kwargs["source_ref"], errors=errors)
            results.append(result)
            if errors:
                continue
            try:
                with transaction.atomic():
                    submitted = complaint_submit(actor=actor, **kwargs)
            except ValidationError as exc:
                result.errors = exc.message_dict
            except DomainError as exc:
                result.errors = {"": [exc.detail]}
            else:
                c = submitted.complaint
                result.reference = c.reference
                result.office = c.office.name
                result.acceptance_due = c.acceptance_due
                result.warnings = _warnings(c, actor, today)
        report = ImportReport(rows=results, header_errors=[], dry_run=dry_run)
        if not report.saved:
            transaction.set_rollback(True)
    return report
