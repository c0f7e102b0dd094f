"""The receipt of a case (justificante / resguard): reference, date, time and content.

Shown right after a customer files a case, before they sign in, through a signed link that
expires: the reference alone, which the customer may read out on the phone, opens nothing.
Whoever filed it may be anyone who typed the customer's address, so a receipt says what was
filed (the name given, ``Case.filed_name``; the contact it came by) and nothing stored about
the customer.
Sources: shared/docs/regulation.md §1.1 #4-5 (Ley 10/2025 art. 11-12), §1.2 (TRLGDCU 21.2), §2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db.models import Prefetch

from mostrador.cases import details
from mostrador.cases.choices import MessageKind
from mostrador.cases.models import Attachment, Case, Message
from mostrador.cases.selectors_customer import answer_due
from mostrador.compliance import selectors as compliance_selectors
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
    case = (
        Case.objects.select_related("contact", *details.related_names())
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise NotFound()
    return case


@dataclass(frozen=True)
class LegalDeadline:
    """The legal deadline that applies to the case, in the reader's language."""

    rule: str  # the key the case records: "es-ct:complaint.answer_deadline"
    name: str
    source: str
    source_url: str
    due: dt.datetime  # local time


@dataclass(frozen=True)
class Receipt:
    """What the customer is given on filing (justificante, resguard): the same content by
    email, on the portal, as a PDF and in the API's answer."""

    reference: str
    created_at: dt.datetime
    created_local: dt.datetime
    type: str
    type_label: str
    channel: str
    channel_label: str
    subject: str
    body: str
    attachments: list[Attachment]
    customer_name: str  # the name it was filed under, not the customer's stored one
    contact: str
    contact_label: str
    # What the case's type adds (a claim's remedy and amount), as a person reads it.
    facts: list[tuple[str, str]]
    claim: dict[str, Any] | None
    answer_due: dt.datetime | None
    legal: LegalDeadline | None


def _legal(case: Case) -> LegalDeadline | None:
    if case.legal_due is None or not case.legal_rule:
        return None
    text = compliance_selectors.rule_text(case.legal_rule)
    return LegalDeadline(
        rule=case.legal_rule,
        name=text.name if text else case.legal_rule,
        source=text.source if text else case.legal_source,
        source_url=text.source_url if text else "",
        due=timeutils.to_zone(case.legal_due),
    )


def _first_inbound(case: Case) -> Message | None:
    prefetched = getattr(case, "_prefetched_objects_cache", {}).get("messages")
    if prefetched is not None:  # the page or answer that shows the case read them already
        inbound = [m for m in prefetched if m.kind == MessageKind.INBOUND]
        return min(inbound, key=lambda m: (m.created_at, m.pk), default=None)
    return (
        Message.objects.filter(case=case, kind=MessageKind.INBOUND)
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
        .order_by("created_at", "id")
        .first()
    )


def build_receipt(case: Case) -> Receipt:
    """What ``case``'s receipt says, in the active language: its first customer message is the
    content received (without the quoted history an email brings)."""
    first = _first_inbound(case)
    due = answer_due(case)
    return Receipt(
        reference=case.reference,
        created_at=case.created_at,
        created_local=timeutils.to_zone(case.created_at),
        type=case.type,
        type_label=str(case.get_type_display()),
        channel=case.channel,
        channel_label=str(case.get_channel_display()),
        subject=case.subject,
        body=first.lead if first else "",
        attachments=list(first.attachments.all()) if first else [],
        customer_name=case.filed_name,
        contact=case.contact.value if case.contact else "",
        contact_label=str(case.contact.get_kind_display()) if case.contact else "",
        facts=details.facts(case),
        claim=details.CLAIM.read(case),
        answer_due=timeutils.to_zone(due) if due else None,
        legal=_legal(case),
    )
