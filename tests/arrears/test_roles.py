"""Roles: the named sets and the one rule that a superuser acts as a supervisor."""

import pytest

from arrears.models import User
from arrears.roles import (
    CALLER_ROLES,
    CASE_ROLES,
    INTAKE_ROLES,
    OFFICE_ROLES,
    Role,
    effective_roles,
    user_roles,
)
from tests.factories import staff

pytestmark = pytest.mark.django_db


def test_roles_named_sets_are_distinct():
    assert Role.API_CLIENT in CALLER_ROLES and Role.API_CLIENT not in OFFICE_ROLES
    assert CALLER_ROLES - OFFICE_ROLES == {Role.API_CLIENT}
    assert CASE_ROLES < INTAKE_ROLES < OFFICE_ROLES
    assert Role.ANALYST not in INTAKE_ROLES


def test_roles_a_superuser_acts_as_a_supervisor_and_nobody_else_does():
    root = User.objects.create_superuser("root", password="pw-not-used")
    assert user_roles(root) == frozenset()
    assert effective_roles(root) == {Role.SUPERVISOR}
    inspector = staff("i1", Role.INSPECTOR)
    assert effective_roles(inspector) == {Role.INSPECTOR}
    root.is_active = False
    assert effective_roles(root) == frozenset()
