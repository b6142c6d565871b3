"""Writes over reference data: workers, employers, staff, the audited PII reveal."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import RevealTooFast, RoleNotAllowed
from .models import (
    AuditEvent,
    CalendarDay,
    Employer,
    EmployerKind,
    PiiAccess,
    Region,
    Sector,
    User,
    Worker,
)
from .pii import id_hash
from .reference import ensure_office
from .roles import NATIONAL, Role, roles_ensure
from .validators import (
    birth_date_of,
    fold,
    normalize_employer_name,
    normalize_mobile,
    normalize_resident_id,
    normalize_uscc,
    tidy,
    validate_visible_name,
)


@dataclass(frozen=True)
class WorkerInput:
    name: str
    id_number: str = ""
    phone: str = ""
    home_region: str = ""


@dataclass(frozen=True)
class EmployerInput:
    name: str
    uscc: str = ""
    kind: str = EmployerKind.COMPANY


def worker_clean(data: WorkerInput, *, prefix: str = "complainant") -> WorkerInput:
    """Return `data` normalised; raise ValidationError naming each bad field as `prefix.field`."""
    errors: dict[str, list[str]] = {}

    def key(field: str) -> str:
        return f"{prefix}.{field}" if prefix else field

    name = tidy(data.name)
    if not name:
        errors[key("name")] = [_("Enter the worker's name.")]
    else:
        try:
            validate_visible_name(name)
        except ValidationError as exc:
            errors[key("name")] = exc.messages
    id_number = phone = ""
    if data.id_number:
        try:
            id_number = normalize_resident_id(data.id_number)
        except ValidationError as exc:
            errors[key("id_number")] = exc.messages
    if data.phone:
        try:
            phone = normalize_mobile(data.phone)
        except ValidationError as exc:
            errors[key("phone")] = exc.messages
    home = fold(data.home_region)
    if home and not Region.objects.filter(code=home).exists():
        errors[key("home_region")] = [_("Unknown region code.")]
    if errors:
        raise ValidationError(errors)
    return WorkerInput(name=name, id_number=id_number, phone=phone, home_region=home)


def worker_upsert(*, data: WorkerInput) -> Worker:
    """Return the worker with this ID number (matched by keyed hash), or a new one.

    A known worker's name, phone and home region are only filled in where they are blank,
    never replaced: an ID number is no proof of identity, and whoever files with someone
    else's must not redirect that worker's messages or rename them on their complaints.
    Staff correct a worker's details in the back office. `data` must already be cleaned by
    `worker_clean`.
    """
    worker = None
    if data.id_number:
        worker = Worker.objects.filter(id_hash=id_hash(data.id_number)).first()
    if worker is None:
        worker = Worker(
            id_number=data.id_number,
            id_hash=id_hash(data.id_number) if data.id_number else None,
            birth_date=birth_date_of(data.id_number) if data.id_number else None,
        )
    if not worker.name:
        worker.name = data.name
    if data.phone and not worker.phone:
        worker.phone = data.phone
    if worker.home_region_id is None and data.home_region:
        worker.home_region_id = data.home_region
    elif data.id_number and worker.home_region_id is None:
        # The first six digits are the birth place; keep it when it is still a current code.
        birth_place = data.id_number[:6]
        if Region.objects.filter(code=birth_place).exists():
            worker.home_region_id = birth_place
    worker.save()
    return worker


def employer_clean(data: EmployerInput, *, prefix: str = "employer") -> EmployerInput:
    """Return `data` normalised; raise ValidationError naming each bad field."""
    errors: dict[str, list[str]] = {}
    name = tidy(data.name)
    if not name:
        errors[f"{prefix}.name"] = [_("Enter the employer's name.")]
    else:
        try:
            validate_visible_name(name)
        except ValidationError as exc:
            errors[f"{prefix}.name"] = exc.messages
    code = ""
    if data.uscc:
        try:
            code = normalize_uscc(data.uscc)
        except ValidationError as exc:
            errors[f"{prefix}.uscc"] = exc.messages
    if data.kind not in EmployerKind.values:
        errors[f"{prefix}.kind"] = [_("Unknown kind of employer.")]
    if errors:
        raise ValidationError(errors)
    return EmployerInput(name=name, uscc=code, kind=data.kind)


def employer_find_or_create(
    *, data: EmployerInput, region: Region | None, sector: Sector | None
) -> Employer:
    """Return the employer with this USCC, else one with the same name key in the same province
    without a USCC, else a new one. `data` must already be cleaned by `employer_clean`."""
    if data.uscc:
        found = Employer.objects.filter(uscc=data.uscc).first()
        if found:
            return found
    candidates = Employer.objects.filter(name_key=normalize_employer_name(data.name))
    if region is not None:
        candidates = candidates.filter(region__code__startswith=region.code[:2])
    found = candidates.filter(uscc__isnull=True).order_by("id").first()
    if found:
        if data.uscc:
            found.uscc = data.uscc
            found.save(update_fields=["uscc"])
        return found
    if data.uscc or not candidates.exists():
        return Employer.objects.create(
            name=data.name, uscc=data.uscc or None, region=region, sector=sector, kind=data.kind
        )
    return candidates.order_by("id").first()


def worker_reveal(
    *, worker: Worker, user: User, reason: str, complaint: models.Model | None = None
) -> dict[str, str]:
    """Return the worker's full name, ID number and phone and log who saw them and why.

    Raise RoleNotAllowed without the `view_pii` permission and ValidationError without a reason.
    The caller checks that the worker is in the user's scope (a complaint of theirs).
    """
    if not user.has_perm("arrears.view_pii"):
        raise RoleNotAllowed(_("You may not see full personal data."))
    reason = tidy(reason)
    if len(reason) < 4:
        raise ValidationError({"reason": [_("Say why you need to see the full data.")]})
    with transaction.atomic():
        # One user's reveals one after another, so that the count below is exact.
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
        _check_reveal_rate(user)
        PiiAccess.objects.create(worker=worker, user=user, reason=reason, complaint=complaint)
    return {"name": worker.name, "id_number": worker.id_number, "phone": worker.phone}


RATE_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def reveal_rate() -> tuple[int, datetime.timedelta]:
    """Return how many reveals a user may make in how long (setting PII_REVEAL_RATE, "N/period")."""
    count, _sep, period = settings.PII_REVEAL_RATE.partition("/")
    return int(count), datetime.timedelta(seconds=RATE_PERIODS[period.strip()])


def _check_reveal_rate(user: User) -> None:
    """Raise RevealTooFast if `user` already made the allowed number of reveals in the window."""
    limit, window = reveal_rate()
    now = timezone.now()
    recent = PiiAccess.objects.filter(user=user, at__gt=now - window).aggregate(
        n=Count("id"), first=Min("at")
    )
    if recent["n"] >= limit:
        wait = max(1, math.ceil((recent["first"] + window - now).total_seconds()))
        raise RevealTooFast(
            _(
                "Too many reveals of personal data in a short time; your office's supervisors "
                "have been told. Try again in %(seconds)d seconds."
            )
            % {"seconds": wait},
            wait=wait,
            reveals=recent["n"],
        )


@transaction.atomic
def staff_create(
    *, username: str, role: str, region_code: str, password: str | None = None
) -> User:
    """Create a staff user in the office for `region_code` with one role, or move an existing
    user there and give them that role instead of their old one (operators re-run it to
    reassign people). Return the user; raise ValidationError for an unknown role or region.
    """
    errors: dict[str, list[str]] = {}
    roles = [*Role.values, NATIONAL]
    if role not in roles:
        errors["role"] = [_("Unknown role; one of: %(roles)s") % {"roles": ", ".join(roles)}]
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        errors["region"] = [_("Unknown region code.")]
    if errors:
        raise ValidationError(errors)
    groups = roles_ensure()
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(username=username)
    user.office = ensure_office(region.code)
    user.is_staff = role != Role.API_CLIENT
    if password:
        user.set_password(password)
    elif _created:
        user.set_unusable_password()
    user.save()
    user.groups.set([groups[role]])
    return user


def _require_calendar_keeper(actor: User) -> None:
    if not (actor.is_superuser or actor.has_perm("arrears.change_calendarday")):
        raise RoleNotAllowed(_("Only the national administrator changes the working-day calendar."))


@transaction.atomic
def calendar_day_set(
    *, day: datetime.date, is_workday: bool, note: str, actor: User
) -> CalendarDay:
    """Declare `day` a working day or a day off (the State Council's notice), overriding the
    built-in calendar for every office's deadlines from now on; record who did it and what it
    was before. RoleNotAllowed unless the actor holds the national role."""
    _require_calendar_keeper(actor)
    before = CalendarDay.objects.select_for_update().filter(date=day).first()
    entry = before or CalendarDay(date=day)
    was = None if before is None else {"is_workday": before.is_workday, "note": before.note}
    entry.is_workday = is_workday
    entry.note = tidy(note)
    entry.full_clean()
    entry.save()
    AuditEvent.objects.create(
        action="calendar_day_set",
        actor=actor,
        at=timezone.now(),
        subject=day.isoformat(),
        data={"was": was, "now": {"is_workday": is_workday, "note": entry.note}},
    )
    return entry


@transaction.atomic
def calendar_day_remove(*, day: datetime.date, actor: User) -> None:
    """Drop the override of `day`: the built-in calendar applies again; recorded."""
    _require_calendar_keeper(actor)
    entry = CalendarDay.objects.select_for_update().filter(date=day).first()
    if entry is None:
        return
    was = {"is_workday": entry.is_workday, "note": entry.note}
    entry.delete()
    AuditEvent.objects.create(
        action="calendar_day_remove",
        actor=actor,
        at=timezone.now(),
        subject=day.isoformat(),
        data={"was": was, "now": None},
    )
