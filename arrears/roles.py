"""Staff roles as Django groups, with the model permissions each holds (DESIGN §6)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import User

# Whoever a request carries: a staff account, or nobody logged in.
AnyUser = User | AnonymousUser


class Role(models.TextChoices):
    CLERK = "clerk", _("intake clerk")
    INSPECTOR = "inspector", _("inspector")
    SUPERVISOR = "supervisor", _("supervisor")
    ANALYST = "analyst", _("analyst")
    API_CLIENT = "api_client", _("API client")


# Named sets of roles; each name means one set everywhere.
# People of an office: the back office.
OFFICE_ROLES = frozenset(Role.values) - {Role.API_CLIENT}
# Who may call the staff API: office staff and API clients.
CALLER_ROLES = frozenset(Role.values)
# Take complaints in, correct their details, attach evidence.
INTAKE_ROLES = frozenset({Role.CLERK, Role.INSPECTOR, Role.SUPERVISOR})
# Work a case: its workflow steps, the service of its documents.
CASE_ROLES = frozenset({Role.INSPECTOR, Role.SUPERVISOR})

# What inspectors hold; supervisors hold the same and a little more.
_INSPECTOR = {
    "complaints.complaint": ("view", "add", "change"),
    "complaints.claim": ("view", "add", "change"),
    "complaints.payment": ("view", "add"),
    "complaints.document": ("view", "add", "change"),
    "complaints.event": ("view",),
    "complaints.attachment": ("view", "add"),
    "arrears.employer": ("view", "add", "change"),
    "arrears.worker": ("view", "add", "change", "view_pii"),
    "arrears.project": ("view", "add", "change"),
    "arrears.region": ("view",),
    "arrears.office": ("view",),
    "arrears.sector": ("view",),
    "arrears.blacklistentry": ("view",),
}

# Model permissions per role; the workflow table decides who may move a complaint.
# Not an office role: the national administrator who enters the State Council's holiday notice
# into the working-day calendar, which every office's deadlines are counted on. Sees no
# complaints (no office scope).
NATIONAL = "national"

ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.CLERK: {
        "complaints.complaint": ("view", "add"),
        "arrears.employer": ("view", "add"),
        "arrears.worker": ("view", "add"),
        "arrears.project": ("view", "add"),
        "arrears.region": ("view",),
        "arrears.office": ("view",),
        "arrears.sector": ("view",),
        "complaints.attachment": ("view", "add"),
    },
    Role.INSPECTOR: _INSPECTOR,
    Role.SUPERVISOR: {
        **_INSPECTOR,
        "arrears.blacklistentry": ("view", "add", "change"),
        "arrears.calendarday": ("view",),
        "arrears.piiaccess": ("view",),
    },
    Role.ANALYST: {
        "complaints.complaint": ("view",),
        "complaints.payment": ("view",),
        "arrears.employer": ("view",),
        "arrears.region": ("view",),
        "arrears.office": ("view",),
        "arrears.sector": ("view",),
        "arrears.blacklistentry": ("view",),
    },
    Role.API_CLIENT: {
        "complaints.complaint": ("view", "add"),
    },
    NATIONAL: {
        "arrears.calendarday": ("view", "add", "change", "delete"),
        "arrears.auditevent": ("view",),
    },
}


def _codename(model_label: str, verb: str) -> tuple[str, str]:
    app_label, model = model_label.split(".")
    return app_label, verb if "_" in verb else f"{verb}_{model}"


def roles_ensure() -> dict[str, Group]:
    """Create or update the role groups so each holds exactly its permissions; idempotent."""
    wanted = {
        role: {_codename(label, verb) for label, verbs in perms.items() for verb in verbs}
        for role, perms in ROLE_PERMISSIONS.items()
    }
    all_pairs = set().union(*wanted.values())
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            content_type__app_label__in={a for a, _ in all_pairs},
            codename__in={c for _, c in all_pairs},
        )
    }
    missing = all_pairs - found.keys()
    if missing:
        raise LookupError(f"permissions missing (run migrate first): {sorted(missing)}")
    groups = {}
    for role, pairs in wanted.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([found[p] for p in pairs])
        groups[role] = group
    return groups


def effective_roles(user: AnyUser) -> frozenset[str]:
    """Return the roles `user` acts with: their groups' roles, and for a superuser a
    supervisor's besides (the one place that says so)."""
    roles = user_roles(user)
    if roles is not None and getattr(user, "is_superuser", False) and user.is_active:
        return roles | {Role.SUPERVISOR}
    return roles


def user_roles(user: AnyUser) -> frozenset[str]:
    """Return the role names of `user` (cached on the instance)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
        user._role_names = cached
    return cached
