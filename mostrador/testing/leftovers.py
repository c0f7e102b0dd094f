"""What a request may leave behind: rows of every kind it could write, and stored files.

A refused request must leave nothing: take ``Leftovers.now()`` before it and compare after.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.storage import default_storage

from mostrador.cases.models import Attachment, Case, Message
from mostrador.channels.email.models import OutboundEmail
from mostrador.core.models import Event, Notice
from mostrador.customers.models import ContactPoint, Customer


def stored_files(folder: str = "attachments") -> set[str]:
    """Every file name under ``folder`` of the default storage."""
    if not default_storage.exists(folder):
        return set()
    found: set[str] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        folders, files = default_storage.listdir(current)
        found.update(f"{current}/{name}" for name in files)
        pending.extend(f"{current}/{name}" for name in folders)
    return found


@dataclass(frozen=True)
class Leftovers:
    customers: int
    contacts: int
    cases: int
    messages: int
    attachments: int
    events: int
    notices: int
    emails: int
    files: frozenset[str]

    @classmethod
    def now(cls) -> Leftovers:
        return cls(
            customers=Customer.objects.count(),
            contacts=ContactPoint.objects.count(),
            cases=Case.objects.count(),
            messages=Message.objects.count(),
            attachments=Attachment.objects.count(),
            events=Event.objects.count(),
            notices=Notice.objects.count(),
            emails=OutboundEmail.objects.count(),
            files=frozenset(stored_files()),
        )
