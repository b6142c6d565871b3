"""Errors of the complaint workflow; see arrears.errors for the base class."""

from arrears.errors import DomainError, OutOfScope, ReadOnly, RoleNotAllowed


class InvalidTransition(DomainError):
    """The action is unknown or not allowed from the complaint's current stage."""

    code = "invalid_transition"
    status = 409


class StaleVersion(DomainError):
    """The complaint changed since the caller read it (optimistic lock)."""

    code = "stale_version"
    status = 412


class ThresholdNotMet(DomainError):
    """Referral to the police needs the legal conditions or an explicit override reason."""

    code = "threshold_not_met"
    status = 409


__all__ = [
    "DomainError",
    "InvalidTransition",
    "OutOfScope",
    "ReadOnly",
    "RoleNotAllowed",
    "StaleVersion",
    "ThresholdNotMet",
]
