"""The receipt of a case (justificante / resguard): reference, date, time and content.

Shown right after a customer files a case, before they sign in, through a signed link that
expires: the reference alone, which the customer may read out on the phone, opens nothing.
Sources: shared/docs/regulation.md §1.1 #4-5 (Ley 10/2025 art. 11-12), §1.2 (TRLGDCU 21.2), §2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db.models import Prefetch

from mostrador.cases.choices import MessageKind
from mostrador.cases.models import Attachment, Case, Message
from mostrador.cases.selectors_customer import answer_due
from mostrador.core import timeutils
from mostrador.core.errors import NotFound

SALT = "mostrador.cases.receipt"


def receipt_token(case: Case) -> str:
    """A link token that opens ``case``'s receipt for ``PORTAL_RECEIPT_LINK_HOURS``."""
    return signing.dumps(case.reference, salt=SALT)


def get_case_for_receipt(token: str) -> Case:
    """The case a receipt token names, or ``NotFound`` for a forged or expired token."""
    max_age = dt.timedelta(hours=settings.PORTAL_RECEIPT_LINK_HOURS)
    try:
        reference = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:  # expired tokens included
        raise NotFound() from None
    case = Case.objects.select_related("customer", "contact").filter(reference=reference).first()
    if case is None:
        raise NotFound()
    return case


@dataclass(frozen=True)
class Receipt:
    reference: str
    created_local: dt.datetime
    type_label: str
    channel_label: str
    subject: str
    body: str
    remedy_label: str
    amount: Decimal | None
    attachments: list[Attachment]
    customer_name: str
    contact: str
    answer_due: dt.datetime | None
    legal_source: str


def build_receipt(case: Case) -> Receipt:
    """What ``case``'s receipt says: its first customer message is the content received."""
    first = (
        Message.objects.filter(case=case, kind=MessageKind.INBOUND)
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
        .order_by("created_at", "id")
        .first()
    )
    due = answer_due(case)
    return Receipt(
        reference=case.reference,
        created_local=timeutils.to_zone(case.created_at),
        type_label=case.get_type_display(),
        channel_label=case.get_channel_display(),
        subject=case.subject,
        body=first.body if first else "",
        remedy_label=case.get_remedy_display() if case.remedy else "",
        amount=case.amount,
        attachments=list(first.attachments.all()) if first else [],
        customer_name=case.customer.name,
        contact=case.contact.value if case.contact else "",
        answer_due=timeutils.to_zone(due) if due else None,
        legal_source=case.legal_source if due and due == case.legal_due else "",
    )
