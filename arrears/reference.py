"""Reference data that every installation needs: regions, sectors, offices, crime thresholds,
campaigns. Each loader is idempotent: running it twice changes nothing the second time."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import Campaign, CrimeThreshold, Office, Region, RegionLevel, Sector

REGIONS_CSV = Path(__file__).resolve().parent / "data" / "regions.csv"

# (code, Chinese name, English name, is_construction); codes are part of the API (DESIGN §7.3).
SECTORS = [
    ("construction_building", "房屋建筑工程", "Construction: buildings", True),
    ("construction_municipal", "市政工程", "Construction: municipal works", True),
    ("construction_transport", "交通工程", "Construction: transport", True),
    ("construction_water", "水利工程", "Construction: water works", True),
    ("real_estate", "房地产开发", "Real-estate development", True),
    ("manufacturing", "制造业", "Manufacturing", False),
    ("catering_services", "餐饮服务业", "Catering and services", False),
    ("tutoring", "校外培训", "Off-campus tutoring", False),
    ("other", "其他行业", "Other", False),
]

# Criminal Law art. 276-1 as interpreted by the Supreme People's Court (2013): one worker owed
# at least 3 months' pay of 5,000–20,000 yuan, or 10+ workers owed 30,000–100,000 yuan; each
# province fixes its figures within the band. National row = the bottom of the band.
CRIME_THRESHOLDS = [
    (None, Decimal("5000"), Decimal("30000")),
    ("210000", Decimal("10000"), Decimal("50000")),  # Liaoning
    ("410000", Decimal("8000"), Decimal("40000")),  # Henan
    ("430000", Decimal("6000"), Decimal("40000")),  # Hunan
]

CAMPAIGNS = [
    (
        "2021—2022年度根治欠薪冬季专项行动",
        datetime.date(2021, 11, 15),
        datetime.date(2022, 1, 31),  # eve of Spring Festival, 1 Feb 2022
        "确保农民工工资基本无拖欠，春节前应发尽发、应清尽清。",
    ),
    (
        "2026—2027年度治理欠薪冬季行动",
        datetime.date(2026, 11, 1),
        datetime.date(2027, 2, 5),  # eve of Spring Festival, 6 Feb 2027
        "查实的欠薪案件春节前动态清零，确保农民工按时足额拿到工资返乡过年。",
    ),
]

HOTLINE = "12333"
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})


@transaction.atomic
def load_regions(path: Path = REGIONS_CSV) -> tuple[int, int]:
    """Create or update every region of the CSV; return (created, updated)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    existing = {r.code: r for r in Region.objects.all()}
    new, changed = [], []
    for row in rows:
        parent = row["parent_code"] or None
        region = existing.get(row["code"])
        if region is None:
            new.append(
                Region(code=row["code"], name=row["name"], level=row["level"], parent_id=parent)
            )
        elif (region.name, region.level, region.parent_id) != (row["name"], row["level"], parent):
            region.name, region.level, region.parent_id = row["name"], row["level"], parent
            changed.append(region)
    # Parents first, so the foreign keys hold row by row on every database.
    order = {RegionLevel.PROVINCE: 0, RegionLevel.CITY: 1, RegionLevel.COUNTY: 2}
    new.sort(key=lambda r: (order[r.level], r.code))
    Region.objects.bulk_create(new, batch_size=500)
    Region.objects.bulk_update(changed, ["name", "level", "parent"], batch_size=500)
    return len(new), len(changed)


def load_sectors() -> None:
    """Create or update the sectors of DESIGN §7.3."""
    for position, (code, name, name_en, construction) in enumerate(SECTORS):
        Sector.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "is_construction": construction,
                "position": position,
            },
        )


def office_name(region: Region) -> str:
    """Return the conventional name of the inspection office for `region`."""
    if region.level == RegionLevel.PROVINCE:
        return f"{region.name}劳动保障监察总队"
    if region.level == RegionLevel.CITY:
        return f"{region.name}劳动保障监察支队"
    # Name the city (or municipality) too: 朝阳区 exists in Beijing and in Changchun. A county
    # administered directly by a province (济源市) is named alone.
    parent = region.parent
    prefix = ""
    if parent and (parent.level == RegionLevel.CITY or parent.code in MUNICIPALITIES):
        prefix = parent.name
    return f"{prefix}{region.name}劳动保障监察大队"


def ensure_office(code: str, *, duty_24h: bool = True) -> Office:
    """Return the office for region `code`, creating it with the conventional name."""
    region = Region.objects.select_related("parent").get(code=code)
    office, _created = Office.objects.get_or_create(
        region=region,
        defaults={
            "name": office_name(region),
            "level": region.level,
            "hotline": HOTLINE,
            "duty_24h": duty_24h,
            "public": True,
        },
    )
    return office


def load_offices() -> None:
    """Create one office per provincial-level region."""
    for code in Region.objects.filter(level=RegionLevel.PROVINCE).values_list("code", flat=True):
        ensure_office(code)


def load_thresholds() -> None:
    """Create or update the national default and the provincial crime thresholds."""
    for province, single, group in CRIME_THRESHOLDS:
        CrimeThreshold.objects.update_or_create(
            province_id=province,
            defaults={"single_worker_amount": single, "group_amount": group},
        )


def load_campaigns() -> None:
    """Create or update the campaigns."""
    for name, starts, ends, goal in CAMPAIGNS:
        Campaign.objects.update_or_create(
            starts_on=starts, defaults={"name": name, "ends_on": ends, "goal": goal}
        )


@transaction.atomic
def load_reference() -> dict[str, int]:
    """Load all reference data; return counts for the report."""
    from .roles import roles_ensure

    created, updated = load_regions()
    load_sectors()
    load_offices()
    load_thresholds()
    load_campaigns()
    roles_ensure()
    return {
        "regions_created": created,
        "regions_updated": updated,
        "regions": Region.objects.count(),
        "offices": Office.objects.count(),
        "sectors": Sector.objects.count(),
    }
