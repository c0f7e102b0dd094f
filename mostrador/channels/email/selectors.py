"""Email channel reads for the case page and the staff who may see the case."""

from __future__ import annotations

from dataclasses import dataclass

from mostrador.accounts.models import User
from mostrador.cases import permissions
from mostrador.cases.models import Case
from mostrador.channels.email.choices import OutboundStatus, StaffSender
from mostrador.channels.email.models import InboundEmail, OutboundEmail
from mostrador.core.errors import NotFound


@dataclass(frozen=True)
class CaseEmail:
    """How the emails of a case fared: the one that carried each reply, and the failures."""

    deliveries: dict[int, OutboundEmail]
    undelivered: list[OutboundEmail]
    originals: set[int]  # the messages that came as an email, whose original can be downloaded
    # The messages from a staff address without proof that they wrote it, with that address.
    unproven: dict[int, str]


def case_email(case: Case) -> CaseEmail:
    """What the case page shows about the emails of ``case``, in two queries."""
    emails = (
        # The customer's emails: staff notices about the case are not part of its story.
        OutboundEmail.objects.filter(case=case, recipient_user__isnull=True)
        .only(
            "kind",
            "case_message_id",
            "status",
            "to_address",
            "subject",
            "last_error",
            "attempts",
            "created_at",
            "sent_at",
            "failed_at",
        )
        .order_by("created_at", "id")
    )
    deliveries: dict[int, OutboundEmail] = {}
    undelivered = []
    for email in emails:
        if email.case_message_id:
            deliveries[email.case_message_id] = email
        if email.status in (OutboundStatus.FAILED, OutboundStatus.BOUNCED):
            undelivered.append(email)
    received = InboundEmail.objects.filter(case_message__case=case).values_list(
        "case_message_id", "staff_sender", "from_address"
    )
    originals: set[int] = set()
    unproven: dict[int, str] = {}
    for message_id, staff_sender, sender in received:
        if message_id is None:
            continue
        originals.add(message_id)
        if staff_sender == StaffSender.UNPROVEN:
            unproven[message_id] = sender
    return CaseEmail(
        deliveries=deliveries, undelivered=undelivered[::-1], originals=originals, unproven=unproven
    )


def original_email_for_user(message_id: int, user: User) -> InboundEmail:
    """The email as received that became message ``message_id``, if ``user`` may see its case."""
    email = (
        InboundEmail.objects.select_related("case_message__case")
        .filter(case_message_id=message_id)
        .first()
    )
    if email is None or email.case_message is None:
        raise NotFound()
    if not permissions.can_view_case(user, email.case_message.case):
        raise NotFound()
    return email
