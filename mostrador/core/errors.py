"""Domain errors: what services raise, and what the interfaces turn into 4xx answers.

Each error carries a stable machine-readable ``code``, a translated human ``message`` and,
for input errors, ``fields`` mapping a field name to its messages. The API renders them as
``{"code": ..., "message": ..., "fields": {...}}`` with the error's HTTP status; the web UI shows
the message, and the field messages beside their fields.
"""

from __future__ import annotations

from typing import ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    status: ClassVar[int] = 400
    default_code: ClassVar[str] = "invalid_request"
    default_message: ClassVar[str | Promise] = _("The request cannot be carried out.")

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
    ) -> None:
        self.code = code or self.default_code
        # Translated when raised, so the message is in the language active for the request.
        self.message = str(message if message is not None else self.default_message)
        self.fields = fields or {}
        super().__init__(self.message)

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "fields": self.fields}

    def explain(self) -> str:
        """One sentence for a person: what each field says is wrong, else the message."""
        if self.fields:
            return " ".join(str(text) for texts in self.fields.values() for text in texts)
        return self.message


class InvalidInput(DomainError):
    """The input breaks a business rule; ``fields`` says which fields and why."""

    status = 422
    default_code = "invalid"
    default_message = _("Some of the data is not valid.")

    @classmethod
    def combine(cls, errors: list[InvalidInput]) -> InvalidInput:
        """One error saying everything ``errors`` say; a single one keeps its code and message."""
        if len(errors) == 1:
            return errors[0]
        fields: dict[str, list[str]] = {}
        for error in errors:
            for field, messages in error.fields.items():
                fields.setdefault(field, []).extend(messages)
        return cls(fields=fields)


class NotFound(DomainError):
    """The object does not exist, or the actor may not know that it does."""

    status = 404
    default_code = "not_found"
    default_message = _("Not found.")


class Forbidden(DomainError):
    """The actor is known but may not do this."""

    status = 403
    default_code = "forbidden"
    default_message = _("You do not have permission to do this.")


class Conflict(DomainError):
    """The request clashes with the current state (a duplicate, an illegal transition)."""

    status = 409
    default_code = "conflict"
    default_message = _("This conflicts with the current state.")
