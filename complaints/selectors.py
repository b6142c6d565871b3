"""Reads over complaints shared by every entry point: scope (DESIGN §6) and flags (DESIGN §5)."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import (
    Coalesce,
    Concat,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    Substr,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy

from arrears.models import (
    BlacklistEntry,
    CrimeThreshold,
    Employer,
    Office,
    PiiAccess,
    Project,
    User,
)
from arrears.pii import id_hash, mask_free_text
from arrears.roles import AnyUser, user_roles
from arrears.selectors import blacklist_in_force
from arrears.validators import fold, normalize_employer_name, normalize_resident_id

from . import clocks
from .codes import access_code_matches
from .models import Claim, Complaint, Document, Event
from .workflow import ENFORCEMENT_STAGES, OPEN_STAGES, Role, Stage, public_status

GROUP_WORKERS = 10
MAJOR_GROUP_WORKERS = 30
MINOR_AGE = 16
CRIME_MONTHS = 3


def _scope(user: AnyUser) -> tuple[Q, Q] | None:
    """Return the conditions (may act on, may see) on complaints for `user`, or None when
    they may see nothing (DESIGN §6)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Q(), Q()
    roles = user_roles(user)
    if not roles:
        return None
    if roles == {Role.API_CLIENT}:
        mine = Q(created_by=user)
        return mine, mine
    office = user.office
    if office is None:
        return None
    prefix = office.prefix
    # Two small look-ups first, so that every branch below is a plain condition on an indexed
    # column of the complaint table and PostgreSQL can combine them (BitmapOr) at any size.
    offices_here = list(
        Office.objects.filter(region__code__startswith=prefix).values_list("pk", flat=True)
    )
    transferred_away = list(
        Complaint.past_offices.through.objects.filter(office_id=office.pk).values_list(
            "complaint_id", flat=True
        )
    )
    in_charge = Q(office_id__in=offices_here) | Q(work_region__code__startswith=prefix)
    # Read-only: what the office transferred away, and what an office of the subtree took in
    # for another (a worker complaining at home about work elsewhere, DESIGN §1).
    followed = Q(pk__in=transferred_away) | Q(intake_office_id__in=offices_here)
    return in_charge, in_charge | followed


def complaints_visible_to(user: AnyUser, *, acting: bool = False) -> QuerySet[Complaint]:
    """Return the complaints `user` may see: those whose office or work region lies in the
    user's office subtree, those the user's office transferred away and those an office of
    the subtree took in for another office (the last two read-only); for an API client only
    the ones it created; nothing for anyone without a role.

    With `acting`, only the ones the user may act on: the read-only ones are left out.
    """
    scope = _scope(user)
    if scope is None:
        return Complaint.objects.none()
    act, see = scope
    return Complaint.objects.filter(act if acting else see)


def complaint_access(user: AnyUser, complaint: Complaint) -> str | None:
    """Return "act" if `user` may act on `complaint`, "read" if they may only follow it,
    None if it is out of their scope."""
    scope = _scope(user)
    if scope is None:
        return None
    act, see = scope
    if not act:  # everything: a superuser
        return "act" if Complaint.objects.filter(pk=complaint.pk).exists() else None
    found = (
        Complaint.objects.filter(see, pk=complaint.pk)
        .annotate(_act=Case(When(act, then=Value(True)), default=Value(False)))
        .values_list("_act", flat=True)
        .first()
    )
    if found is None:
        return None
    return "act" if found else "read"


def _threshold(field: str) -> Coalesce:
    province = Concat(Substr(OuterRef("work_region_id"), 1, 2), Value("0000"))
    own = CrimeThreshold.objects.filter(province_id=province).values(field)[:1]
    national = CrimeThreshold.objects.filter(province__isnull=True).values(field)[:1]
    return Coalesce(Subquery(own), Subquery(national))


def _date_key(year: Combinable, month: Combinable, day: Combinable) -> ExpressionWrapper:
    return ExpressionWrapper(year * 10000 + month * 100 + day, output_field=IntegerField())


def with_flags(complaints: QuerySet[Complaint], today: datetime.date | None = None) -> QuerySet:
    """Annotate `flag_overdue`, `flag_campaign_risk`, `flag_group`, `flag_major_group`,
    `flag_crime_threshold` and `flag_minor`, computed from stored dates and amounts."""
    today = today or timezone.localdate()
    money = DecimalField(max_digits=14, decimal_places=2)
    claim_amount = Case(
        When(amount_verified__gt=0, then=F("amount_verified")),
        default=F("amount_owed"),
        output_field=money,
    )
    single_worker_claims = (
        Claim.objects.filter(complaint_id=OuterRef("pk"), months_owed__gte=CRIME_MONTHS)
        .annotate(_amount=claim_amount)
        .filter(_amount__gte=OuterRef("_single_threshold"))
    )
    # Under 16 on the day of receipt: (y, m, d) of birth after (y - 16, m, d) of receipt.
    born = _date_key(
        ExtractYear("complainant__birth_date"),
        ExtractMonth("complainant__birth_date"),
        ExtractDay("complainant__birth_date"),
    )
    received_minus_16y = _date_key(
        ExtractYear("received_at") - MINOR_AGE,
        ExtractMonth("received_at"),
        ExtractDay("received_at"),
    )
    return complaints.annotate(
        _single_threshold=_threshold("single_worker_amount"),
        _group_threshold=_threshold("group_amount"),
        _born=born,
        _received_minus_16y=received_minus_16y,
    ).annotate(
        flag_overdue=clocks.overdue(today),
        flag_campaign_risk=clocks.at_risk(today),
        flag_group=Q(workers_affected__gte=GROUP_WORKERS),
        flag_major_group=Q(workers_affected__gte=MAJOR_GROUP_WORKERS),
        flag_crime_threshold=Q(stage__in=ENFORCEMENT_STAGES)
        & Q(order_due__lt=today)
        & Q(amount_recovered__lt=F("amount_verified"))
        & (
            Exists(single_worker_claims)
            | (
                Q(workers_affected__gte=GROUP_WORKERS)
                & Q(amount_verified__gte=F("_group_threshold"))
            )
        ),
        flag_minor=Q(_born__gt=F("_received_minus_16y")),
    )


FLAG_NAMES = ("overdue", "campaign_risk", "group", "major_group", "crime_threshold", "minor")


def complaint_flags(complaint: Complaint, today: datetime.date | None = None) -> dict[str, bool]:
    """Return the flags of one complaint, by the same query the lists use."""
    row = (
        with_flags(Complaint.objects.filter(pk=complaint.pk), today)
        .values(*(f"flag_{name}" for name in FLAG_NAMES))
        .get()
    )
    return {name: bool(row[f"flag_{name}"]) for name in FLAG_NAMES}


def staff_landing(user: User, today: datetime.date | None = None) -> dict:
    """Return what the back office's front page shows a staff member, in a few cheap queries:
    their open complaints by next due date, overdue counts by clock, complaints at campaign
    risk, and the days left to the current campaign's end (Spring Festival eve)."""
    today = today or timezone.localdate()
    visible = complaints_visible_to(user)
    mine = list(
        visible.filter(assignees=user, stage__in=OPEN_STAGES)
        .select_related("employer")
        .annotate(flag_overdue=clocks.overdue(today))
        .order_by(F("next_due").asc(nulls_last=True), "received_at")[:15]
    )
    overdue = visible.aggregate(**clocks.overdue_by_clock(today))
    campaign = clocks.current_campaign(today)
    days = clocks.days_to_spring_festival(campaign, today)
    return {
        "mine": mine,
        "overdue": overdue,
        "overdue_total": sum(overdue.values()),
        "campaign": campaign if days is not None else None,
        "days_to_spring_festival": days,
        "at_risk": visible.filter(clocks.at_risk(today, campaign)).count()
        if days is not None
        else None,
        "today": today,
    }


def employer_summary(employer: Employer, user: AnyUser) -> dict:
    """Return, over the complaints against `employer` that `user` may see: open complaints,
    workers affected, amounts claimed / verified / recovered, and the open complaints
    themselves (most urgent first)."""
    complaints = complaints_visible_to(user).filter(employer=employer)
    totals = complaints.aggregate(
        complaints=Count("pk"),
        open=Count("pk", filter=Q(stage__in=OPEN_STAGES)),
        workers=Sum("workers_affected", filter=Q(stage__in=OPEN_STAGES)),
        claimed=Sum("amount_claimed"),
        verified=Sum("amount_verified"),
        recovered=Sum("amount_recovered"),
    )
    open_complaints = list(
        complaints.filter(stage__in=OPEN_STAGES)
        .select_related("work_region")
        .order_by(F("next_due").asc(nulls_last=True), "received_at")[:50]
    )
    return {**totals, "open_complaints": open_complaints}


def employers_visible_to(
    user: AnyUser,
    today: datetime.date | None = None,
    complaints: QuerySet[Complaint] | None = None,
    *,
    acting: bool = False,
) -> QuerySet[Employer]:
    """Return the employers `user` may see (DESIGN §6): located in the user's office subtree,
    named in a complaint the user may see, or on the blacklist in force (a published list).
    A crew leader is a person; the employers of other regions' complaints are not everyone's
    to browse. Every employer for a superuser, none without a role. `complaints` is the user's
    `complaints_visible_to`, when the caller has it already.

    With `acting`, only those the user may edit or merge: located in the subtree or named in
    a complaint the user acts on (a published blacklist entry is for reading only)."""
    employers = Employer.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return employers.none()
    if user.is_superuser:
        return employers
    roles = user_roles(user)
    if not roles:
        return employers.none()
    if acting:
        named = Exists(
            complaints_visible_to(user, acting=True).filter(employer_id=OuterRef("pk")).order_by()
        )
        office = user.office if roles != {Role.API_CLIENT} else None
        if office is None:
            return employers.none()
        return employers.filter(Q(region__code__startswith=office.prefix) | named)
    if complaints is None:
        complaints = complaints_visible_to(user)
    named = Exists(complaints.filter(employer_id=OuterRef("pk")).order_by())
    listed = Exists(
        BlacklistEntry.objects.filter(
            blacklist_in_force(today or timezone.localdate()), employer_id=OuterRef("pk")
        )
    )
    office = user.office if roles != {Role.API_CLIENT} else None
    if office is None:
        return employers.filter(named | listed)
    return employers.filter(Q(region__code__startswith=office.prefix) | named | listed)


_TOTAL = DecimalField(max_digits=20, decimal_places=2)


def employers_with_totals(user: AnyUser, today: datetime.date | None = None) -> QuerySet[Employer]:
    """Return the employers `user` may see (`employers_visible_to`), annotated with
    `open_complaints`, `workers_affected` (over the open ones), `amount_claimed`,
    `amount_verified`, `amount_recovered` (over all of them), counting only the complaints
    `user` may see, and `blacklisted`; one correlated subquery per figure, so a page costs one
    query whatever its size.

    The figures are those of `complaints.selectors.employer_summary` for a single employer.
    """
    today = today or timezone.localdate()
    # One group per employer: clear the complaint ordering so it does not enter the GROUP BY.
    visible = complaints_visible_to(user)
    scoped = visible.filter(employer_id=OuterRef("pk")).order_by()
    per_employer = scoped.values("employer_id")
    open_ = per_employer.filter(stage__in=OPEN_STAGES)

    def total(
        rows: QuerySet, aggregate: Count | Sum, output: IntegerField | DecimalField
    ) -> Coalesce:
        figure = Subquery(rows.annotate(figure=aggregate).values("figure")[:1], output_field=output)
        return Coalesce(figure, Value(0), output_field=output)

    return employers_visible_to(user, today, complaints=visible).annotate(
        open_complaints=total(open_, Count("pk"), IntegerField()),
        workers_affected=total(open_, Sum("workers_affected"), IntegerField()),
        amount_claimed=total(per_employer, Sum("amount_claimed"), _TOTAL),
        amount_verified=total(per_employer, Sum("amount_verified"), _TOTAL),
        amount_recovered=total(per_employer, Sum("amount_recovered"), _TOTAL),
        blacklisted=Exists(
            BlacklistEntry.objects.filter(blacklist_in_force(today), employer_id=OuterRef("pk"))
        ),
    )


def with_blacklist(employers: QuerySet[Employer], today: datetime.date | None = None) -> QuerySet:
    """Prefetch each employer's blacklist entries, latest first, each annotated `active`."""
    today = today or timezone.localdate()
    entries = BlacklistEntry.objects.annotate(active=blacklist_in_force(today)).order_by(
        "-decided_on", "-id"
    )
    return employers.prefetch_related(Prefetch("blacklist_entries", queryset=entries))


def projects_visible_to(user: AnyUser, *, acting: bool = False) -> QuerySet[Project]:
    """Return the construction projects `user` may see: located in the user's office subtree
    or named in a complaint the user may see; with `acting`, those they may edit: in the
    subtree or named in a complaint they act on. Every project for a superuser, none for an
    API client or anyone without an office."""
    projects = Project.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return projects.none()
    if user.is_superuser:
        return projects
    roles = user_roles(user)
    office = user.office
    if not roles or roles == {Role.API_CLIENT} or office is None:
        return projects.none()
    named = Exists(
        complaints_visible_to(user, acting=acting).filter(project_id=OuterRef("pk")).order_by()
    )
    return projects.filter(Q(region__code__startswith=office.prefix) | named)


def pii_accesses_visible_to(user: AnyUser) -> QuerySet[PiiAccess]:
    """Return the reveal log entries about complaints `user` may see (who looked at whose data
    is as private as the data): every entry for a superuser."""
    accesses = PiiAccess.objects.all()
    if getattr(user, "is_superuser", False) and user.is_active:
        return accesses
    return accesses.filter(complaint__in=complaints_visible_to(user).values("pk"))


def possible_duplicates(
    *,
    id_hash: str,
    employer_ids: list[int],
    arrears_from: datetime.date,
    arrears_to: datetime.date,
) -> QuerySet[Complaint]:
    """Return the complaints, earliest first, by the worker with this ID hash against one of
    these employers whose unpaid period overlaps the given one (rejected ones excluded)."""
    return (
        Complaint.objects.filter(
            complainant__id_hash=id_hash,
            employer_id__in=employer_ids,
            arrears_from__lte=arrears_to,
            arrears_to__gte=arrears_from,
        )
        .exclude(stage=Stage.REJECTED)
        .order_by("received_at", "id")
    )


def intake_duplicates(
    user: AnyUser,
    *,
    id_number: str,
    employer: Employer | None,
    employer_name: str,
    employer_uscc: str,
    arrears_from: datetime.date,
    arrears_to: datetime.date,
    limit: int = 10,
) -> list[tuple[Complaint, bool]]:
    """Return earlier complaints that look like an intake being typed (same worker by ID
    hash, same employer, overlapping period), for the clerk to check before filing, each with
    whether `user` may open it (one filed elsewhere is shown by reference and office only)."""
    try:
        id_number = normalize_resident_id(id_number) if id_number else ""
    except ValidationError:
        return []
    if not id_number:
        return []
    if employer is not None:
        employer_ids = [employer.pk]
    else:
        matches = Q(name_key=normalize_employer_name(employer_name))
        if employer_uscc:
            matches |= Q(uscc=employer_uscc.strip().upper())
        employer_ids = list(Employer.objects.filter(matches).values_list("pk", flat=True))
    if not employer_ids:
        return []
    found = possible_duplicates(
        id_hash=id_hash(id_number),
        employer_ids=employer_ids,
        arrears_from=arrears_from,
        arrears_to=arrears_to,
    ).select_related("office")[:limit]
    visible = set(complaints_visible_to(user).filter(pk__in=found).values_list("pk", flat=True))
    return [(c, c.pk in visible) for c in found]


def normalise_reference(reference: str) -> str:
    """Return `reference` as stored ("QX-7F3K-9Q2M"), however it was typed: lower case,
    without dashes, with spaces or full-width characters."""
    compact = re.sub(r"[^0-9A-Z]", "", fold(reference).upper())
    if len(compact) == 10 and compact.startswith("QX"):
        return f"{compact[:2]}-{compact[2:6]}-{compact[6:]}"
    return compact


def complaint_for_tracking(reference: str, access_code: str) -> Complaint | None:
    """Return the complaint with this reference whose access code is `access_code`, or None:
    a wrong reference and a wrong code look the same (nothing to enumerate)."""
    complaint = Complaint.objects.filter(reference=normalise_reference(reference)).first()
    if complaint is None or not access_code_matches(complaint, access_code):
        return None
    return complaint


def tracking(complaint: Complaint) -> dict:
    """Return what the worker sees of their complaint: its public status, the public events
    (each with the status it led to and its note), the running deadline and the amount
    recovered."""
    timeline = [
        {
            "at": event.at,
            "public_status": public_status(event.to_stage, event.data.get("outcome", "")).value,
            # The public never sees a number typed into a note (a phone, an ID number).
            "note": mask_free_text(event.note),
        }
        for event in complaint.events.filter(public=True).order_by("at", "id")
    ]
    return {
        "reference": complaint.reference,
        "public_status": public_status(complaint.stage, complaint.outcome).value,
        "timeline": timeline,
        "next_due": complaint.next_due,
        "amount_recovered": complaint.amount_recovered,
    }


def events_visible_to(user: AnyUser, events: list[Event]) -> list[Event]:
    """Return `events` as `user` may read them: a possible duplicate is named only to those
    who may see it (that a worker complained to another office is not everyone's to know).
    The Events are not saved; the redacted ones carry a copy of their data."""
    linked = {event.data.get("possible_duplicate_of") for event in events} - {None}
    visible = set(
        complaints_visible_to(user).filter(reference__in=linked).values_list("reference", flat=True)
    )
    for event in events:
        if event.data.get("possible_duplicate_of") not in visible | {None}:
            event.data = {k: v for k, v in event.data.items() if k != "possible_duplicate_of"}
    return events


FLAG_LABELS = {
    "overdue": gettext_lazy("overdue"),
    "campaign_risk": gettext_lazy("due after Spring Festival eve"),
    "group": gettext_lazy("group case"),
    "major_group": gettext_lazy("major group case"),
    "crime_threshold": gettext_lazy("crime threshold met"),
    "minor": gettext_lazy("minor (under 16)"),
}


def related_complaints(complaint: Complaint, user: AnyUser) -> QuerySet[Complaint]:
    """Return other complaints the user may see against the same employer for an overlapping
    period: the other workers of a group, or the same worker filing twice."""
    return (
        complaints_visible_to(user)
        .filter(
            employer_id=complaint.employer_id,
            arrears_from__lte=complaint.arrears_to,
            arrears_to__gte=complaint.arrears_from,
        )
        .exclude(pk=complaint.pk)
        .order_by("received_at", "id")
    )


def document_awaiting_service(complaint: Complaint, kind: str) -> Document | None:
    """Return the complaint's latest document of `kind` not served yet, or None."""
    return (
        complaint.documents.filter(kind=kind, served_on__isnull=True)
        .order_by("-issued_on", "-id")
        .first()
    )


def free_texts_with_pii(complaint: Complaint) -> list[dict]:
    """Return the free texts of `complaint` in which mask_free_text hides a number, whole, in
    the order they were written: [{"where", "at", "text"}]. For the audited reveal only: every
    other surface shows these texts masked."""
    candidates: list[tuple[str, datetime.datetime | None, str]] = [
        ("description", complaint.received_at, complaint.description),
        ("outcome_note", None, complaint.outcome_note),
    ]
    candidates += [("event", e.at, e.note) for e in complaint.events.order_by("at", "id")]
    candidates += [("payment", None, p.note) for p in complaint.payments.order_by("paid_on", "id")]
    candidates += [
        ("attachment", a.uploaded_at, a.description) for a in complaint.attachments.order_by("id")
    ]
    return [
        {"where": where, "at": at, "text": text}
        for where, at, text in candidates
        if text and mask_free_text(text) != text
    ]
