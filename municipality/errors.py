"""Typed domain errors raised by services; one exception view per channel renders them."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of the errors a service may raise; ``status`` is the HTTP status it maps to."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    def __str__(self) -> str:
        """The message in English, placeholders filled (for logs, the CLI and the API)."""
        interpolate = getattr(self.detail, "interpolate", None)
        return interpolate() if interpolate else str(self.detail)


class NotFound(DomainError):
    """The object does not exist, or is not visible to the caller (same answer on purpose)."""

    status = 404
    title = "Not found"


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    status = 403
    title = "Forbidden"


class InvalidTransition(DomainError):
    """A workflow action that is not open from the object's current state."""

    status = 409
    title = "Invalid transition"


class Conflict(DomainError):
    """The request clashes with the current state of stored data."""

    status = 409
    title = "Conflict"


class ValidationFailed(DomainError):
    """Input that does not satisfy a rule; ``errors`` maps field names to messages."""

    status = 422
    title = "Validation failed"

    def __init__(self, detail: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(detail, errors=errors or {})
        self.errors = errors or {}
