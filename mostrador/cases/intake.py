"""One intake for every channel: whoever the customer is and however they came, a case.

The portal, the staff intake screen, ``POST /api/v1/cases`` and email placement all call
``file_case``; chat, phone and messaging will too. It checks everything first (the customer's
emails and phones, the type and its details, the files), then, in one transaction, finds or
creates the customer with every contact point given, opens the case, stores its details and
attachments and records its events and notices. A refused request leaves nothing behind: no
customer, contact point, event or notice (rolled back), no task (queued only on commit), no
file (deleted again, ``core.transactions``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from mostrador.accounts.models import Department
from mostrador.cases import services
from mostrador.cases.choices import Channel
from mostrador.cases.models import Case
from mostrador.core import transactions
from mostrador.core.errors import InvalidInput
from mostrador.customers import services as customer_services
from mostrador.customers.choices import ContactKind
from mostrador.customers.models import ContactPoint, Customer

# The contact point a case records is the one the customer reached us by.
_REACHED_BY_PHONE = frozenset({Channel.PHONE, Channel.COUNTER, Channel.VISIT, Channel.LETTER})


@dataclass(frozen=True)
class Who:
    """Who the customer is, as a channel knows them: a customer chosen by id, or their name,
    emails and phones (all of them kept; the first of each is how they reached us)."""

    customer: Customer | None = None
    name: str = ""
    emails: Sequence[str] = ()
    phones: Sequence[str] = ()
    language: str | None = None


@dataclass(frozen=True)
class Filing:
    """What a customer asks, as any channel hands it over."""

    channel: str
    subject: str
    body: str
    type: str | None = None
    details: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    department: Department | None = None
    priority: str | None = None
    language: str | None = None
    attachments: Sequence[UploadedFile[bytes]] = ()
    # The department whose mailbox received it, when no routing rule says otherwise.
    fallback_department: Department | None = None
    html: str = ""
    fold_at: int | None = None
    acknowledge: bool = True


def check_filing(who: Who, filing: Filing) -> customer_services.Contacts:
    """Check everything about a filing, writing nothing; raise ``InvalidInput`` with every
    field that is wrong (``email``, ``phone``, ``customer``, ``claim.remedy``...)."""
    found: list[InvalidInput] = []
    contacts = customer_services.Contacts()
    try:
        contacts = customer_services.check_contacts(emails=who.emails, phones=who.phones)
    except InvalidInput as error:
        found.append(error)
    if who.customer is None and not contacts and not found:
        found.append(
            InvalidInput(fields={"customer": [_("Give the customer's email address or phone.")]})
        )
    try:
        services.check_opening(
            type=filing.type,
            channel=filing.channel,
            subject=filing.subject,
            body=filing.body,
            customer=who.customer,
            priority=filing.priority,
            details=filing.details,
            attachments=filing.attachments,
        )
    except InvalidInput as error:
        found.append(error)
    if found:
        raise InvalidInput.combine(found)
    return contacts


def _contact_for(channel: str, points: list[ContactPoint]) -> ContactPoint | None:
    by_phone = channel in _REACHED_BY_PHONE
    preferred = ContactKind.PHONE if by_phone else ContactKind.EMAIL
    return next(
        (point for point in points if point.kind == preferred), points[0] if points else None
    )


def _filed_name(
    who: Who, customer: Customer, contacts: customer_services.Contacts, actor: Any
) -> str:
    """The name the case is filed under, which its receipt shows: the one given; else, when
    it is sure who the customer is (named by id: signed in, or chosen by staff; or a member of
    staff logs it), their own; else the address or phone given. Never the stored name of a
    customer found by an address anyone can type."""
    if who.name.strip():
        return who.name.strip()
    if who.customer is not None or actor is not None:
        return customer.name
    return (contacts.emails + contacts.phones)[0]


def file_case(who: Who, filing: Filing, *, actor: Any) -> Case:
    """File a case: identify or create the customer with every contact point given, open the
    case with its details and attachments, issue the receipt; all of it or nothing.

    ``actor`` is the member of staff who logs it (phone, counter, API), who then owns it, or
    None when the customer wrote in: a customer found by a contact then gets nothing added
    (``customers.services.identify_customer``) and the receipt shows only what was given
    (``_filed_name``). Raises ``InvalidInput`` naming every field that is wrong. Records
    ``customers.customer.created`` (or ``customers.contact.added``) and ``cases.case.opened``;
    the receipt and staff notices go out after the commit.
    """
    contacts = check_filing(who, filing)
    with transactions.undone_on_error(), transaction.atomic():
        customer, points = customer_services.identify_customer(
            contacts=contacts,
            actor=actor,
            name=who.name,
            language=who.language,
            customer=who.customer,
        )
        return services.open_case(
            customer=customer,
            contact=_contact_for(filing.channel, points),
            filed_name=_filed_name(who, customer, contacts, actor),
            type=filing.type,
            channel=filing.channel,
            subject=filing.subject,
            body=filing.body,
            actor=actor,
            department=filing.department,
            priority=filing.priority,
            details=filing.details,
            language=filing.language,
            attachments=filing.attachments,
            fallback_department=filing.fallback_department,
            html=filing.html,
            fold_at=filing.fold_at,
            acknowledge=filing.acknowledge,
        )
