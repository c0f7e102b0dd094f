"""Telling customers and staff what happened, by email.

Every function here logs the email in the email channel's outbound log inside the current
transaction; it is composed and sent by a task after the commit, so a rolled-back change never
sends an email and a committed one never forgets to (see ``channels.email.outbound``).
"""

from __future__ import annotations

from collections.abc import Iterable

from mostrador.accounts.models import User
from mostrador.cases.models import Case, Message
from mostrador.channels.email import outbound
from mostrador.channels.email.choices import OutboundKind


def send_receipt(case: Case) -> None:
    """The receipt: reference, date and time, channel and a copy of what the customer asked."""
    outbound.queue_case_email(case, kind=OutboundKind.RECEIPT, template="receipt")


def send_reply(message: Message) -> None:
    outbound.queue_case_email(
        message.case, kind=OutboundKind.REPLY, template="reply", message=message
    )


def send_resolution(case: Case) -> None:
    outbound.queue_case_email(case, kind=OutboundKind.RESOLUTION, template="resolution")


STAFF_NOTICES = {
    "assigned",
    "consultation_requested",
    "consultation_answered",
    "approval_requested",
    "approval_decided",
    "escalated",
    "at_risk",
    "breached",
}


def notify_staff(users: Iterable[User], notice: str, case: Case) -> None:
    """Email each of ``users`` (with an address) about ``case``, in their own language."""
    if notice not in STAFF_NOTICES:
        raise ValueError(f"unknown staff notice {notice!r}")
    recipients = {user.pk: user for user in users if user.email and user.is_active}
    outbound.queue_staff_email(
        [recipients[pk] for pk in sorted(recipients)], notice=notice, case=case
    )
