"""Checks shared by the business rules of every app's services."""

from django.core.exceptions import ValidationError


def require_text(text: str | None, message: str, error: type[ValidationError]) -> None:
    """Refuses, with ``error(message)``, a required text that is missing or only whitespace."""
    if not (text or "").strip():
        raise error(message)
