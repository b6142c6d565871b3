"""Who may call which API view, beyond DRF's deny-by-default IsAuthenticated."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from arrears.roles import user_roles
from complaints.workflow import Role

# The back-office roles; an API client (national platform, legal aid, …) is not staff.
STAFF_ROLES = frozenset(Role.values) - {Role.API_CLIENT}


class IsStaff(BasePermission):
    """Allow a superuser or a user holding a back-office role (clerk, inspector, supervisor,
    analyst); refuse an account that is only an API client, or has no role at all."""

    def has_permission(self, request, view) -> bool:  # noqa: ANN001
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return bool(user.is_superuser or user_roles(user) & STAFF_ROLES)
