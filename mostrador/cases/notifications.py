"""Telling customers and staff what happened, through queued email tasks.

Every function here schedules work for after the current transaction commits, so a rolled-back
change never sends an email. Threading, retries and the outbound log come with the email channel.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from mostrador.accounts.models import User
from mostrador.cases import tasks
from mostrador.cases.models import Case, Message


def _queue(case_id: int, template: str, message_id: int | None = None) -> None:
    transaction.on_commit(
        lambda: tasks.send_customer_email.enqueue(
            case_id=case_id, template=template, message_id=message_id
        )
    )


def send_receipt(case: Case) -> None:
    """The receipt: reference, date and time, channel and a copy of what the customer asked."""
    _queue(case.pk, "receipt")


def send_reply(message: Message) -> None:
    _queue(message.case_id, "reply", message.pk)


def send_resolution(case: Case) -> None:
    _queue(case.pk, "resolution")


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
    ids = sorted({user.pk for user in users if user.email and user.is_active})
    if ids:
        transaction.on_commit(
            lambda: tasks.send_staff_email.enqueue(user_ids=ids, notice=notice, case_id=case.pk)
        )
