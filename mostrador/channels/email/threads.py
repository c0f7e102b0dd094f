"""Which case an incoming email continues, and whether its sender may write on it.

Headers first: In-Reply-To and References name the messages a reply answers, and every
Message-ID Mostrador sent or received is stored with its case. Then the case reference in the
subject, for clients that drop those headers. A match is only a candidate: the sender must
belong to the case, so a reply from a stranger never lands in someone else's case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings

from mostrador.accounts.models import User
from mostrador.cases import permissions
from mostrador.cases.models import Case
from mostrador.channels.email.choices import Outcome
from mostrador.channels.email.models import InboundEmail, OutboundEmail
from mostrador.channels.email.parsing import ParsedEmail
from mostrador.customers.choices import ContactKind
from mostrador.customers.models import ContactPoint

# A case merged into another was merged into a third at most a few times; the bound only
# guards against a cycle someone made by hand in the database.
_MAX_MERGE_HOPS = 10


@dataclass(frozen=True)
class Thread:
    """The case a message continues, and what showed it: "headers" or "subject"."""

    case: Case
    found_by: str


@cache
def _reference_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])({re.escape(prefix)}-\d{{4}}-\d{{6,}})(?![\w-])", re.I)


def reference_in(text: str) -> str | None:
    """The first case reference written in ``text`` (SAC-2026-000123), upper-cased."""
    match = _reference_pattern(settings.CASE_REFERENCE_PREFIX).search(text)
    return match.group(1).upper() if match else None


def find_thread(parsed: ParsedEmail, *, quoted: str = "") -> Thread | None:
    """The case ``parsed`` continues (following merges), or None for a new matter.

    ``quoted`` is the quoted history of its text: when a relay rewrote our Message-IDs and the
    subject lost the reference, the one reference quoted from our own message still tells.
    """
    case_id = _case_of_message_ids(parsed.thread_ids)
    if case_id is not None:
        return Thread(case=follow_merges(case_id), found_by="headers")
    for found_by, reference in (
        ("subject", reference_in(parsed.subject)),
        ("quoted", _only_reference(quoted)),
    ):
        case_id = _case_with_reference(reference)
        if case_id is not None:
            return Thread(case=follow_merges(case_id), found_by=found_by)
    return None


def _case_with_reference(reference: str | None) -> int | None:
    if not reference:
        return None
    return Case.objects.filter(reference=reference).values_list("pk", flat=True).first()


def _only_reference(text: str) -> str | None:
    found = {m.upper() for m in _reference_pattern(settings.CASE_REFERENCE_PREFIX).findall(text)}
    return found.pop() if len(found) == 1 else None


def _case_of_message_ids(ids: list[str]) -> int | None:
    if not ids:
        return None
    sent = dict(
        OutboundEmail.objects.filter(message_id__in=ids, case__isnull=False).values_list(
            "message_id", "case_id"
        )
    )
    # A Message-ID may have been reused by another message; the latest one received wins.
    received = dict(
        InboundEmail.objects.filter(message_id__in=ids, case__isnull=False)
        .exclude(outcome=Outcome.DUPLICATE)
        .order_by("received_at", "id")
        .values_list("message_id", "case_id")
    )
    for message_id in ids:
        case_id = sent.get(message_id) or received.get(message_id)
        if case_id is not None:
            return case_id
    return None


def follow_merges(case_id: int) -> Case:
    """The case ``case_id`` ended up in: itself, or the last of the cases it was merged into."""
    cases = Case.objects.select_related("customer", "contact", "department")
    case = cases.get(pk=case_id)
    for _hop in range(_MAX_MERGE_HOPS):
        if case.merged_into_id is None:
            break
        case = cases.get(pk=case.merged_into_id)
    return case


def staff_with_address(address: str) -> User | None:
    """The active staff member who uses ``address``, if exactly one does."""
    users = list(User.objects.filter(email__iexact=address, is_active=True)[:2])
    return users[0] if len(users) == 1 else None


def sender_role(case: Case, address: str, *, staff: User | None) -> str | None:
    """How the sender ``address`` belongs to ``case``: "staff" (who may work on it),
    "customer" (one of the customer's addresses, or the case's contact), or None."""
    if staff is not None and permissions.can_work_on_case(staff, case):
        return "staff"
    if case.contact is not None and case.contact.value == address:
        return "customer"
    has_address = ContactPoint.objects.filter(
        customer_id=case.customer_id, kind=ContactKind.EMAIL, value=address
    ).exists()
    return "customer" if has_address else None
