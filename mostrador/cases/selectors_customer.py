"""Cases as their customer sees them: only their own, and only what may be shown to them.

Every getter takes the customer's id and answers ``NotFound`` for anything that is not theirs:
a case of another customer is, for the portal, a case that does not exist. Internal notes never
leave here (``selectors.public_messages``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from mostrador.cases import details, selectors
from mostrador.cases.choices import OPEN_STATUSES, CaseStatus, MessageKind
from mostrador.cases.models import Attachment, Case
from mostrador.core.errors import NotFound


class CustomerStatus(models.TextChoices):
    """The status a customer is shown: who is waiting for whom, not how we work inside."""

    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_FOR_YOU = "waiting_for_you", _("Waiting for your reply")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# Consultations and approvals are our business: to the customer the case is in progress.
STATUS_FOR_CUSTOMER = {
    CaseStatus.NEW: CustomerStatus.RECEIVED,
    CaseStatus.OPEN: CustomerStatus.IN_PROGRESS,
    CaseStatus.WAITING_CUSTOMER: CustomerStatus.WAITING_FOR_YOU,
    CaseStatus.WAITING_DEPARTMENT: CustomerStatus.IN_PROGRESS,
    CaseStatus.WAITING_AUTHORISATION: CustomerStatus.IN_PROGRESS,
    CaseStatus.RESOLVED: CustomerStatus.RESOLVED,
    CaseStatus.CLOSED: CustomerStatus.CLOSED,
}


def customer_status(case: Case) -> CustomerStatus:
    return STATUS_FOR_CUSTOMER[CaseStatus(case.status)]


def answer_due(case: Case) -> dt.datetime | None:
    """When the customer is owed an answer: the legal deadline where one applies, else our
    resolution target; None once the case is resolved or closed.

    The legal deadline first, because it is the customer's right; the service target is ours
    and is shown only where the law sets none.
    """
    if case.status not in OPEN_STATUSES:
        return None
    return case.legal_due or case.resolution_due


@dataclass(frozen=True)
class CaseSummary:
    """One row of a customer's "My cases"."""

    reference: str
    subject: str
    type_label: str
    status: CustomerStatus
    created_at: dt.datetime
    answer_due: dt.datetime | None


def list_case_summaries(customer_id: int) -> list[CaseSummary]:
    """The customer's own cases, newest first, in one query however many there are."""
    return [
        CaseSummary(
            reference=case.reference,
            subject=case.subject,
            type_label=case.get_type_display(),
            status=customer_status(case),
            created_at=case.created_at,
            answer_due=answer_due(case),
        )
        for case in selectors.list_cases_for_customer(customer_id)
    ]


def get_case_of_customer(reference: str, customer_id: int) -> Case:
    """The customer's case with ``reference`` (merged ones included, so an old reference still
    leads somewhere), or ``NotFound``."""
    case = (
        Case.objects.select_related("merged_into", *details.related_names())
        .filter(reference=reference, customer_id=customer_id)
        .first()
    )
    if case is None:
        raise NotFound()
    return case


def get_attachment_of_customer(pk: int, customer_id: int) -> Attachment:
    """A file of a message the customer may read on one of their own cases, or ``NotFound``."""
    attachment = (
        Attachment.objects.filter(
            pk=pk, message__case__customer_id=customer_id, message__hidden_from_customer=False
        )
        .exclude(message__kind=MessageKind.NOTE)
        .first()
    )
    if attachment is None:
        raise NotFound()
    return attachment
