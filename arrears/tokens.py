"""API tokens (django-rest-knox): stored hashed, expiring, revoked by log-out or by a new password.

Only a hash of each token (SHA-512) is in the database; the key itself is shown once, in the
answer that issues it. A token dies at its expiry (`API_TOKEN_TTL_HOURS`), on log-out (that
token) or log-out-all (every token of the user), and when the user's password changes by any
way (the back office's forms, `manage.py changepassword`, `set_password` then `save`).
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models.signals import post_save, pre_save
from django.http import HttpRequest
from knox.models import AuthToken

from arrears.models import User


def _note_password_change(
    sender: type[User],
    instance: User,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs,
) -> None:
    """Remember whether this save changes the stored password (compared with the database)."""
    instance._password_changed = False
    if raw or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = stored is not None and stored != instance.password


def _revoke_tokens_on_password_change(sender: type[User], instance: User, **kwargs) -> None:
    """Delete every API token of a user whose password was just changed."""
    if getattr(instance, "_password_changed", False):
        AuthToken.objects.filter(user=instance).delete()
        instance._password_changed = False


def connect() -> None:
    """Connect the revocation on password change (called once, from the app's ready())."""
    pre_save.connect(_note_password_change, sender=User, dispatch_uid="tokens-note-password")
    post_save.connect(
        _revoke_tokens_on_password_change, sender=User, dispatch_uid="tokens-revoke-on-password"
    )


class AuthTokenAdmin(admin.ModelAdmin):
    """Issued API tokens, for superusers only: who holds one, since when, until when; never a
    key or its hash. Deleting a row revokes the token; tokens are issued only by the API."""

    list_display = ("user", "created", "expiry")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    fields = ("user", "created", "expiry")
    readonly_fields = fields
    ordering = ("-created",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: AuthToken | None = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: AuthToken | None = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuthToken | None = None) -> bool:
        return False
