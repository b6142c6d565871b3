"""Campaign-sized data for benchmarks (`manage.py generate_complaints N`).

N complaints are cloned, in bulk inserts, from the demo's complaints — which the workflow
itself made, step by step through the services — so every generated history is one the
workflow can produce. Each clone gets its own place of work anywhere in the country (and the
office that covers it, with that office's staff), its own employer and workers (personal data
encrypted and hashed as the services store them), its own reference, access code and case
number, and its whole history moved to a day of the running campaign, intake rising towards
Spring Festival.

Kept: a stage with its outcome, dates and clocks; claims, payments and documents as the
template had them, so each complaint's amounts still add up (recovered = its payments);
events in order with their clocks. Not kept: due dates are moved by whole weeks, so the
weekdays hold but public holidays are not counted again; transfers are not repeated (a clone
has one office); notifications and evidence files are not copied.
"""

from __future__ import annotations

import datetime
import multiprocessing
import random
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from django.db import connection, connections, reset_queries, transaction
from django.utils import timezone
from stdnum.cn import ric

from arrears.models import Campaign, Employer, Office, Region, RegionLevel, User, Worker
from arrears.pii import id_hash
from arrears.roles import user_roles
from arrears.selectors import offices_for_regions
from arrears.services import staff_create
from arrears.validators import normalize_employer_name

from ..codes import REFERENCE_ALPHABET, access_code_hash, random_code
from ..models import CaseNumberCounter, Claim, Complaint, Document, Event, Payment
from ..workflow import Role
from .vocabulary import BRANDS, GIVEN, INDUSTRY, SURNAMES

GENERATED_PREFIX = "QG"  # references of generated complaints: QG-XXXX-XXXX
ROLES = (Role.CLERK, Role.INSPECTOR, Role.SUPERVISOR)


@dataclass
class Report:
    complaints: int
    rows: int
    seconds: float


@dataclass
class Template:
    complaint: dict
    claims: list[dict]
    payments: list[dict]
    documents: list[dict]
    events: list[dict]
    assignees: int
    last: datetime.date


def _row(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _templates() -> list[Template]:
    complaints = Complaint.objects.filter(reference__startswith="QX-").prefetch_related(
        "claims", "payments", "documents", "events", "assignees"
    )
    templates = []
    for c in complaints:
        events = sorted((_row(e) for e in c.events.all()), key=lambda e: (e["at"], e["id"]))
        dates = [timezone.localdate(e["at"]) for e in events]
        dates += [p.paid_on for p in c.payments.all()]
        dates += [d for doc in c.documents.all() for d in (doc.issued_on, doc.served_on) if d]
        templates.append(
            Template(
                complaint=_row(c),
                claims=[_row(x) for x in c.claims.all()],
                payments=[_row(x) for x in c.payments.all()],
                documents=[_row(x) for x in c.documents.all()],
                events=events,
                assignees=len(c.assignees.all()),
                last=max(dates),
            )
        )
    return templates


class Generator:
    """One run: the pools, the counters and the batches being built."""

    def __init__(self, seed: int, today: datetime.date, part: int = 0, parts: int = 1) -> None:
        # Several processes may generate at once: each draws ID serial numbers, references and
        # case numbers from its own share, so that they never collide.
        self.part, self.parts = part, parts
        self.rng = random.Random(seed * 1000 + part)  # noqa: S311 - test data, not secrets
        self.today = today
        self.templates = _templates()
        if not self.templates:
            raise RuntimeError("No demo complaints to clone: run `manage.py load_demo` first.")
        self.campaign = Campaign.objects.filter(starts_on__lte=today).order_by("-starts_on").first()
        if self.campaign is None:
            raise RuntimeError("No campaign has started: load the reference data first.")
        self.counties = list(
            Region.objects.filter(level=RegionLevel.COUNTY).values_list("code", flat=True)
        )
        covering = offices_for_regions(self.counties)
        self.counties = [county for county in self.counties if covering[county] is not None]
        self.offices: dict[str, Office] = covering
        self.staff: dict[int, dict[str, list[User]]] = {}
        self.roles: dict[int, str] = {}
        self.employers: dict[str, list[int]] = defaultdict(list)
        self.ids: set[str] = set(
            Worker.objects.exclude(id_hash=None).values_list("id_hash", flat=True)
        )
        self.references: set[str] = set(
            Complaint.objects.filter(reference__startswith=GENERATED_PREFIX).values_list(
                "reference", flat=True
            )
        )
        self.counters = self._case_counters()
        self.case_numbers: dict[tuple[int, int], int] = {}  # this process's own, counted

    def _case_counters(self) -> dict[tuple[int, int], int]:
        """Return the last case number per office and year: the counters, or the numbers
        already given where a run stopped half-way before updating them."""
        counters = {(c.office_id, c.year): c.last for c in CaseNumberCounter.objects.all()}
        offices = dict(Office.objects.values_list("region_id", "pk"))
        numbers = Complaint.objects.exclude(case_number=None).values_list("case_number", flat=True)
        for number in numbers.iterator(chunk_size=10000):
            region, year, serial = number.split("-")
            key = (offices.get(region), int(year))
            counters[key] = max(counters.get(key, 0), int(serial))
        return counters

    # places and people
    def staff_of(self, office: Office) -> dict[str, list[User]]:
        staff = self.staff.get(office.pk)
        if staff is None:
            staff = {
                role: [
                    staff_create(
                        username=f"gen-{office.region_id}-{role}-{n}",
                        role=role,
                        region_code=office.region_id,
                    )
                    for n in range(1, 3 if role == Role.INSPECTOR else 2)
                ]
                for role in ROLES
            }
            staff[Role.INSPECTOR].append(staff[Role.INSPECTOR][0])  # at least two to file
            self.staff[office.pk] = staff
        return staff

    def role_of(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        if user_id not in self.roles:
            roles = user_roles(User.objects.get(pk=user_id))
            self.roles[user_id] = next((r for r in ROLES if r in roles), "")
        return self.roles[user_id] or None

    def person(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))

    def worker(self, county: str) -> Worker:
        rng = self.rng
        while True:
            home = rng.choice(self.counties) if rng.random() < 0.6 else county
            born = datetime.date(rng.randint(1966, 2003), rng.randint(1, 12), rng.randint(1, 28))
            serial = rng.randrange(self.part, 1000, self.parts)
            first17 = f"{home}{born:%Y%m%d}{serial:03d}"
            number = first17 + ric.calc_check_digit(first17 + "0")
            hashed = id_hash(number)
            if hashed not in self.ids:
                self.ids.add(hashed)
                break
        phone = f"1{rng.choice('3578')}{rng.randint(0, 10**9 - 1):09d}"
        return Worker(
            name=self.person(),
            phone=phone,
            id_number=number,
            id_hash=hashed,
            birth_date=born,
            home_region_id=home,
        )

    def employer(self, county: str, sector: str, new: list[Employer]) -> Employer | int:
        pool = self.employers[county[:4]]
        if pool and self.rng.random() < 0.3:
            return self.rng.choice(pool)
        kinds = INDUSTRY.get(sector) or next(iter(INDUSTRY.values()))
        name = f"{self.rng.choice(BRANDS)}{self.rng.choice(kinds)}有限公司"
        employer = Employer(
            name=name, name_key=normalize_employer_name(name), region_id=county, sector_id=sector
        )
        new.append(employer)
        return employer

    def reference(self) -> str:
        while True:
            first = self.rng.choice(REFERENCE_ALPHABET[self.part :: self.parts])
            reference = f"{GENERATED_PREFIX}-{first}{random_code(3)}-{random_code(4)}"
            if reference not in self.references:
                self.references.add(reference)
                return reference

    def shift(self, template: Template) -> datetime.timedelta:
        """Whole weeks that move the template's history onto a campaign day: at most to
        today, intake rising towards Spring Festival (square-root draw)."""
        received = timezone.localdate(template.complaint["received_at"])
        low = (self.campaign.starts_on - received).days
        high = (self.today - template.last).days
        if high < low:
            return datetime.timedelta(weeks=high // 7)
        days = low + (high - low) * self.rng.random() ** 0.5
        return datetime.timedelta(weeks=int(days // 7))

    # one batch
    def batch(self, size: int) -> int:
        """Build and insert `size` complaints with everything they own; return the rows."""
        rng = self.rng
        clones = []
        workers: list[Worker] = []
        employers: list[Employer] = []
        for _ in range(size):
            t = rng.choice(self.templates)
            county = rng.choice(self.counties)
            office = self.offices[county]
            delta = self.shift(t)
            clone = dict(t.complaint)
            complainant = self.worker(county) if clone["complainant_id"] else None
            if complainant is not None:
                workers.append(complainant)
            claim_workers = [
                complainant if complainant is not None and i == 0 else self.worker(county)
                for i in range(len(t.claims))
            ]
            workers.extend(w for w in claim_workers if w is not complainant)
            employer = self.employer(county, clone["sector_id"], employers)
            clones.append((t, county, office, delta, clone, complainant, claim_workers, employer))

        with transaction.atomic():
            Worker.objects.bulk_create(workers, batch_size=2000)
            Employer.objects.bulk_create(employers, batch_size=2000)
            for employer in employers:
                self.employers[employer.region_id[:4]].append(employer.pk)
            complaints = []
            for _t, county, office, delta, clone, complainant, _workers, employer in clones:
                staff = self.staff_of(office)
                clone.update(
                    id=None,
                    reference=self.reference(),
                    access_code_hash=access_code_hash(random_code(8)),
                    source_ref="",
                    complainant_id=complainant.pk if complainant else None,
                    contact_phone=complainant.phone if complainant else "",
                    contact_name=complainant.name if complainant else "",
                    employer_id=employer if isinstance(employer, int) else employer.pk,
                    project_id=None,
                    work_region_id=county,
                    office_id=office.pk,
                    intake_office_id=office.pk if clone["intake_office_id"] else None,
                    created_by_id=staff[Role.CLERK][0].pk if clone["created_by_id"] else None,
                    campaign_id=self.campaign.pk,
                    duplicate_of_id=None,
                    case_number=self.case_number(office, clone, delta),
                )
                for field in ("received_at", "filed_at", "closed_at"):
                    if clone[field] is not None:
                        clone[field] += delta
                for field in ("arrears_from", "arrears_to", "acceptance_due",
                              "investigation_due", "order_due", "next_due"):  # fmt: skip
                    if clone[field] is not None:
                        clone[field] += delta
                complaints.append(Complaint(**clone))
            Complaint.objects.bulk_create(complaints, batch_size=2000)
            rows = len(workers) + len(employers) + len(complaints)
            rows += self.children(clones, complaints)
        return rows

    def case_number(self, office: Office, clone: dict, delta: datetime.timedelta) -> str | None:
        if not clone["case_number"]:
            return None
        year = timezone.localdate(clone["filed_at"] + delta).year
        mine = self.case_numbers.get((office.pk, year), 0) + 1
        self.case_numbers[(office.pk, year)] = mine
        number = self.counters.get((office.pk, year), 0) + (mine - 1) * self.parts + self.part + 1
        return f"{office.region_id}-{year}-{number:05d}"

    def last_numbers(self) -> dict[tuple[int, int], int]:
        """Return the highest case number this process handed out, per office and year."""
        return {
            key: self.counters.get(key, 0) + (mine - 1) * self.parts + self.part + 1
            for key, mine in self.case_numbers.items()
        }

    def children(self, clones: list, complaints: list[Complaint]) -> int:
        claims, payments, documents, events, assignees = [], [], [], [], []
        through = Complaint.assignees.through
        for (t, _county, office, delta, _clone, _c, workers, _e), complaint in zip(
            clones, complaints, strict=True
        ):
            staff = self.staff_of(office)

            def person(user_id: int | None, staff=staff) -> int | None:
                role = self.role_of(user_id)
                return staff[role][0].pk if role else None

            for row, worker in zip(t.claims, workers, strict=True):
                claim = {**row, "id": None, "complaint_id": complaint.pk, "worker_id": worker.pk}
                claim.update(contact_name=worker.name, contact_phone=worker.phone)
                claims.append(Claim(**claim))
            for row in t.payments:
                payment = {**row, "id": None, "complaint_id": complaint.pk}
                payment.update(
                    paid_on=row["paid_on"] + delta,
                    recorded_at=row["recorded_at"] + delta,
                    recorded_by_id=person(row["recorded_by_id"]),
                )
                payments.append(Payment(**payment))
            for row in t.documents:
                moved = {k: row[k] + delta for k in ("issued_on", "due_on", "served_on") if row[k]}
                documents.append(
                    Document(**{**row, **moved, "id": None, "complaint_id": complaint.pk})
                )
            for row in t.events:
                event = {**row, "id": None, "complaint_id": complaint.pk, "at": row["at"] + delta}
                event.update(
                    data=_moved_data(row["data"], delta, office.pk, complaint.case_number),
                    actor_id=person(row["actor_id"]),
                )
                events.append(Event(**event))
            inspectors = staff[Role.INSPECTOR]
            for user in {u.pk for u in inspectors[: t.assignees]}:
                assignees.append(through(complaint_id=complaint.pk, user_id=user))
        Claim.objects.bulk_create(claims, batch_size=2000)
        Payment.objects.bulk_create(payments, batch_size=2000)
        Document.objects.bulk_create(documents, batch_size=2000)
        Event.objects.bulk_create(events, batch_size=2000)
        through.objects.bulk_create(assignees, batch_size=2000)
        return len(claims) + len(payments) + len(documents) + len(events) + len(assignees)


def _moved_data(data: dict, delta: datetime.timedelta, office: int, case_number: str | None):
    """An event's data with its clocks moved by `delta` and the clone's office and number."""
    if not data:
        return data
    data = dict(data)
    if "office" in data:
        data["office"] = office
    if "case_number" in data and case_number:
        data["case_number"] = case_number
    for key in ("clock", "clocks"):
        if key in data:
            clocks = data[key] if isinstance(data[key], list) else [data[key]]
            moved = [_moved_clock(c, delta) for c in clocks]
            data[key] = moved if isinstance(data[key], list) else moved[0]
    return data


def _moved_clock(clock: dict, delta: datetime.timedelta) -> dict:
    clock = dict(clock)
    for key in ("start", "due"):
        if clock.get(key):
            clock[key] = (datetime.date.fromisoformat(clock[key]) + delta).isoformat()
    for key in ("skipped", "extra_workdays"):
        if clock.get(key):
            clock[key] = [(datetime.date.fromisoformat(d) + delta).isoformat() for d in clock[key]]
    return clock


def _part(n: int, seed: int, batch: int, part: int, parts: int, verbose: bool, staff) -> tuple:
    """Generate `n` complaints in one process, with the offices' `staff` made beforehand;
    return (rows, last case numbers)."""
    generator = Generator(seed, timezone.localdate(), part, parts)
    generator.staff = staff
    done = rows = 0
    while done < n:
        size = min(batch, n - done)
        rows += generator.batch(size)
        reset_queries()  # with DEBUG on, Django keeps every query: not a million of them
        done += size
        if verbose and done % (batch * 50) == 0:
            print(f"  process {part + 1}/{parts}: {done:,d} complaints", flush=True)
    return rows, generator.last_numbers()


def _child_part(*args) -> tuple:
    """`_part` in a process of its own, which closes its connection when done."""
    try:
        return _part(*args)
    finally:
        connection.close()


def generate(
    n: int,
    *,
    seed: int = 1,
    batch: int = 1000,
    processes: int = 1,
    verbose: bool = False,
) -> Report:
    """Add `n` generated complaints (see the module) with `processes` processes (PostgreSQL
    only; one on SQLite, which has one writer); return how many rows and how long."""
    started = time.monotonic()
    processes = max(1, processes if connection.vendor == "postgresql" else 1)
    prepared = Generator(seed, timezone.localdate())
    for office in {prepared.offices[county] for county in prepared.counties}:
        prepared.staff_of(office)  # before the processes part, so that none races another
    shares = [n // processes + (1 if i < n % processes else 0) for i in range(processes)]
    if processes == 1:
        results = [_part(n, seed, batch, 0, 1, verbose, prepared.staff)]
    else:
        connections.close_all()  # each process opens its own
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(processes, mp_context=context) as pool:
            futures = [
                pool.submit(
                    _child_part, share, seed, batch, part, processes, verbose, prepared.staff
                )
                for part, share in enumerate(shares)
            ]
            results = [future.result() for future in futures]
    last: dict[tuple[int, int], int] = {}
    for _rows, numbers in results:
        for key, number in numbers.items():
            last[key] = max(last.get(key, 0), number)
    with transaction.atomic():
        for (office, year), number in last.items():
            CaseNumberCounter.objects.update_or_create(
                office_id=office, year=year, defaults={"last": number}
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rows = sum(rows for rows, _numbers in results)
    return Report(complaints=n, rows=rows, seconds=time.monotonic() - started)
