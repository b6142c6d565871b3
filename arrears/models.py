"""Who owes whom: regions, offices, sectors, employers, projects, workers, campaigns, calendar,
crime thresholds, blacklist, staff users and the PII access log."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .pii import EncryptedTextField, mask_free_text, mask_id, mask_name, mask_phone
from .validators import (
    normalize_employer_name,
    normalize_uscc,
    validate_uscc,
    validate_visible_name,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("province")
    CITY = "city", _("city")
    COUNTY = "county", _("county")


def region_prefix(code: str, level: str) -> str:
    """Return the code prefix that every region under `code` starts with."""
    return {RegionLevel.PROVINCE: code[:2], RegionLevel.CITY: code[:4]}.get(level, code)


class Region(models.Model):
    """A GB/T 2260 administrative division; its subtree is the codes sharing its prefix."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=8, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent region"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=RegionLevel.values), name="region_level_valid"
            ),
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{6}$"), name="region_code_6d"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def full_name(self) -> str:
        """The name with its city's (or province's) in front for a county: 28 county names
        repeat across the country (南山区 is in Shenzhen and in Hegang). Load `parent` with it."""
        if self.level == RegionLevel.COUNTY and self.parent_id:
            return f"{self.parent.name}{self.name}"
        return self.name

    @property
    def autocomplete_label(self) -> str:
        return f"{self.full_name} ({self.code})"

    @property
    def prefix(self) -> str:
        return region_prefix(self.code, self.level)

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"


class Office(models.Model):
    """A labour-inspection office (监察机构) whose jurisdiction is its region's subtree."""

    name = models.CharField(_("name"), max_length=128, validators=[validate_visible_name])
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="offices", verbose_name=_("region")
    )
    level = models.CharField(_("level"), max_length=8, choices=RegionLevel.choices)
    hotline = models.CharField(_("hotline"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    duty_24h = models.BooleanField(_("on 24-hour duty"), default=False)
    public = models.BooleanField(_("listed publicly"), default=True)

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.UniqueConstraint(fields=["region"], name="office_one_per_region"),
            models.CheckConstraint(
                condition=Q(level__in=RegionLevel.values), name="office_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return region_prefix(self.region_id, self.level)


class User(AbstractUser):
    """A staff account (or an API client) belonging to one office."""

    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("office"),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"


class Sector(models.Model):
    code = models.SlugField(_("code"), max_length=32, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=64)
    is_construction = models.BooleanField(_("construction"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name


class EmployerKind(models.TextChoices):
    COMPANY = "company", _("company")
    INDIVIDUAL_BUSINESS = "individual_business", _("individual business")
    CREW_LEADER = "crew_leader", _("unqualified contractor / crew leader")


class Employer(models.Model):
    """An employer (用人单位); matched by USCC when known, else by normalised name."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_visible_name])
    name_key = models.CharField(_("matching key"), max_length=200, db_index=True, editable=False)
    uscc = models.CharField(  # noqa: DJ001 - NULL when unknown, so uniqueness holds when present
        _("unified social credit code"),
        max_length=18,
        null=True,
        blank=True,
        validators=[validate_uscc],
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("sector")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    legal_representative = models.CharField(
        _("legal representative"), max_length=64, blank=True, validators=[validate_visible_name]
    )
    kind = models.CharField(
        _("kind"), max_length=24, choices=EmployerKind.choices, default=EmployerKind.COMPANY
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"], condition=Q(uscc__isnull=False), name="employer_uscc_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EmployerKind.values), name="employer_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        # Shown on complaint pages, lists and autocompletes: a mobile typed into a name on the
        # public form is masked there, as in any free text.
        return mask_free_text(self.name)

    def save(self, *args, **kwargs) -> None:
        self.name_key = normalize_employer_name(self.name)
        if self.uscc == "":
            self.uscc = None
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.uscc:
            self.uscc = normalize_uscc(self.uscc)


class Project(models.Model):
    """A construction project (工程项目)."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_visible_name])
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    client = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="client_projects",
        verbose_name=_("client (建设单位)"),
    )
    main_contractor = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracted_projects",
        verbose_name=_("main contractor"),
    )
    has_wage_account = models.BooleanField(_("has a dedicated wage account"), default=False)
    wage_guarantee_amount = models.DecimalField(
        _("wage guarantee"), **MONEY, default=0, validators=[MinValueValidator(0)]
    )
    government_funded = models.BooleanField(_("government funded"), default=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(wage_guarantee_amount__gte=0), name="project_guarantee_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Worker(models.Model):
    """A worker (劳动者); ID number and phone are encrypted, matched by a keyed hash."""

    name = models.CharField(
        pgettext_lazy("person", "name"), max_length=64, validators=[validate_visible_name]
    )
    phone = EncryptedTextField(_("phone"), blank=True)
    id_number = EncryptedTextField(_("ID number"), blank=True)
    # NULL, not "", when unknown: the unique constraint must allow many workers without one.
    id_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    birth_date = models.DateField(_("birth date"), null=True, blank=True, editable=False)
    home_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("home region")
    )
    is_migrant = models.BooleanField(_("migrant worker"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        permissions = [("view_pii", _("Can reveal full ID numbers and phones (audited)"))]
        constraints = [
            models.UniqueConstraint(
                fields=["id_hash"], condition=Q(id_hash__isnull=False), name="worker_id_hash_unique"
            ),
        ]

    def __str__(self) -> str:
        return mask_name(self.name)

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)


class PiiAccess(models.Model):
    """An audited reveal of a worker's full ID number and phone."""

    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="pii_accesses", verbose_name=_("worker")
    )
    user = models.ForeignKey(
        "arrears.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    reason = models.CharField(_("reason"), max_length=500)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("complaint"),
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("PII access")
        verbose_name_plural = _("PII access log")
        # A user's reveals of the last minutes, counted before every reveal.
        indexes = [models.Index(fields=["user", "at"], name="piiaccess_user_at")]

    def __str__(self) -> str:
        return f"{self.user_id} → worker {self.worker_id} @ {self.at:%Y-%m-%d %H:%M}"


class Campaign(models.Model):
    """A winter campaign; a complaint belongs to the one whose dates contain its receipt date."""

    name = models.CharField(_("name"), max_length=128, validators=[validate_visible_name])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on (Spring Festival eve)"))
    goal = models.TextField(_("goal"), blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="campaign_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarDay(models.Model):
    """An override of the working-day calendar (e.g. the State Council's annual notice)."""

    date = models.DateField(_("date"), primary_key=True)
    is_workday = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=128, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {'work' if self.is_workday else 'off'}"


class AuditEvent(models.Model):
    """Append-only record of a change to reference data every office depends on (the
    working-day calendar); a complaint's own changes are its Events."""

    action = models.CharField(_("action"), max_length=32)
    actor = models.ForeignKey(
        "arrears.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"))
    subject = models.CharField(_("subject"), max_length=128)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("reference data change")
        verbose_name_plural = _("reference data changes")

    def __str__(self) -> str:
        return f"{self.action} {self.subject} @ {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")


class CrimeThreshold(models.Model):
    """Amounts at which refusing to pay wages is prosecuted; province empty = national default."""

    province = models.OneToOneField(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"level": RegionLevel.PROVINCE},
        verbose_name=_("province"),
    )
    single_worker_amount = models.DecimalField(
        _("single worker (≥ 3 months owed)"), **MONEY, validators=[MinValueValidator(0)]
    )
    group_amount = models.DecimalField(
        _("group (≥ 10 workers)"), **MONEY, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["province_id"]
        verbose_name = _("crime threshold")
        verbose_name_plural = _("crime thresholds")
        constraints = [
            # At most one national default (the row without a province).
            models.UniqueConstraint(
                Coalesce("province", Value("000000")), name="crime_threshold_one_per_province"
            ),
            models.CheckConstraint(
                condition=Q(single_worker_amount__gte=0) & Q(group_amount__gte=0),
                name="crime_threshold_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province_id or 'national'}: {self.single_worker_amount}/{self.group_amount}"


class BlacklistCriterion(models.TextChoices):
    AMOUNT = "amount", _("amount threshold")
    MASS_INCIDENT = "mass_incident", _("mass incident")


class BlacklistEntry(models.Model):
    """An entry on the arrears blacklist (失信联合惩戒名单), for three years unless removed."""

    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        related_name="blacklist_entries",
        verbose_name=_("employer"),
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("complaint"),
    )
    criterion = models.CharField(_("criterion"), max_length=16, choices=BlacklistCriterion.choices)
    decided_on = models.DateField(_("decided on"))
    expires_on = models.DateField(_("expires on"), editable=False)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.CharField(_("removal reason"), max_length=255, blank=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("blacklist entry")
        verbose_name_plural = _("blacklist entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(criterion__in=BlacklistCriterion.values),
                name="blacklist_criterion_valid",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("decided_on")), name="blacklist_expiry_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} ({self.decided_on:%Y-%m-%d})"

    def save(self, *args, **kwargs) -> None:
        self.expires_on = add_years(self.decided_on, 3)
        super().save(*args, **kwargs)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """Return the same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
