"""Who may call which API view, beyond DRF's deny-by-default IsAuthenticated."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from arrears.roles import OFFICE_ROLES, effective_roles


class IsStaff(BasePermission):
    """Allow a superuser or a user holding a back-office role (clerk, inspector, supervisor,
    analyst); refuse an account that is only an API client, or has no role at all."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return bool(effective_roles(user) & OFFICE_ROLES)
