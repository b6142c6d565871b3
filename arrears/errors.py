"""Domain errors with stable codes and the HTTP status each maps to."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every rule a service refuses; `code` is stable, `status` is the HTTP status."""

    code = "domain_error"
    status = 400

    def __init__(self, detail: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.fields = fields or {}


class OutOfScope(DomainError):
    """The object lies outside the actor's office scope; callers answer 404."""

    code = "not_found"
    status = 404


class ReadOnly(DomainError):
    """The actor sees the object only to follow it (their office took it in or transferred it
    away, DESIGN §6): no step, correction, upload or reveal."""

    code = "read_only"
    status = 403


class RoleNotAllowed(DomainError):
    """The actor's role may not do this."""

    code = "permission_denied"
    status = 403


class RevealTooFast(DomainError):
    """The user asked for more full personal data in a short time than the audit allows."""

    code = "throttled"
    status = 429

    def __init__(self, detail: str, *, wait: int, reveals: int) -> None:
        super().__init__(detail)
        self.wait = wait
        self.reveals = reveals
