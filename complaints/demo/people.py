"""The demo's offices and staff: who works where, with which role, and their log-ins."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from arrears.models import User
from arrears.reference import ensure_office
from arrears.roles import NATIONAL
from arrears.services import staff_create

from ..models import Channel
from ..workflow import Role

ADMIN_USERNAME = "admin"


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
    OfficeSpec(
        "chaoyang",
        "110105",
        "北京",
        # The national administrator who keeps the working-day calendar (no complaints).
        (("legalaid.api", Role.API_CLIENT), ("national.calendar", NATIONAL)),
    ),
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
TRANSFERS = {  # from office slug -> (to office slug, note)
    "pengshan": ("meishan", "涉及人数较多，报请市支队提级办理。"),
    "meishan": ("pengshan", "经核实，用人单位住所地及用工地在彭山区，移交属地办理。"),
    "jining": ("ulanqab", "涉及跨旗县用工，报请市支队提级办理。"),
    "ulanqab": ("jining", "经核实，工程项目位于集宁区，移交属地办理。"),
    "nanshan": ("pengshan", "经核实，实际用工地在四川省眉山市彭山区，按首问负责制移送属地办理。"),
}


def demo_usernames() -> list[tuple[str, str, str]]:
    """Return (username, role, region code) of every demo staff user, in a stable order."""
    users = []
    for spec in OFFICES:
        for suffix, role in BASE_ROLES:
            users.append((f"{spec.slug}.{suffix}", role, spec.code))
        for username, role in spec.extra_users:
            users.append((username, role, spec.code))
    return users


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    office: str
    password: str = field(repr=False)  # printed once by the command, never logged


def ensure_users() -> dict[str, User]:
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


def set_passwords(
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
