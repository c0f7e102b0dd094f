"""Customers writes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mostrador.core import timeutils
from mostrador.core.errors import Conflict, InvalidInput
from mostrador.core.services import record_event
from mostrador.customers.choices import ConsentPurpose, ContactKind, CustomerKind
from mostrador.customers.models import Consent, ContactPoint, Customer
from mostrador.customers.normalisation import normalise_contact


def _check_language(language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise InvalidInput(fields={"language": [_("Unknown language.")]})


@transaction.atomic
def create_customer(
    *,
    name: str,
    actor: Any,
    kind: str = CustomerKind.PERSON,
    language: str | None = None,
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    tax_id: str = "",
) -> Customer:
    """Create a customer with their emails and phones (normalised; the first of each is primary).

    Raises ``InvalidInput`` for an empty name, an unknown kind or language, or a malformed
    contact. Records ``customers.customer.created``.
    """
    name = name.strip()
    if not name:
        raise InvalidInput(fields={"name": [_("The name is required.")]})
    if kind not in CustomerKind.values:
        raise InvalidInput(fields={"kind": [_("Unknown kind of customer.")]})
    language = language or settings.LANGUAGE_CODE
    _check_language(language)
    customer = Customer.objects.create(name=name[:200], kind=kind, language=language, tax_id=tax_id)
    for contact_kind, values in ((ContactKind.EMAIL, emails), (ContactKind.PHONE, phones)):
        for position, value in enumerate(
            dict.fromkeys(normalise_contact(contact_kind, v) for v in values)
        ):
            ContactPoint.objects.create(
                customer=customer, kind=contact_kind, value=value, is_primary=position == 0
            )
    record_event(customer, "customers.customer.created", actor=actor)
    return customer


@transaction.atomic
def add_contact_point(
    customer: Customer, *, kind: str, value: str, actor: Any, primary: bool = False, label: str = ""
) -> ContactPoint:
    """Add an email or phone to ``customer``; the first of its kind becomes primary.

    Raises ``InvalidInput`` for a malformed value and ``Conflict`` if the customer has it already.
    Records ``customers.contact.added``.
    """
    if kind not in ContactKind.values:
        raise InvalidInput(fields={"kind": [_("Unknown kind of contact.")]})
    normalised = normalise_contact(kind, value)
    has_primary = customer.contacts.filter(kind=kind, is_primary=True).exists()
    if primary and has_primary:
        customer.contacts.filter(kind=kind, is_primary=True).update(is_primary=False)
    try:
        with transaction.atomic():
            contact = ContactPoint.objects.create(
                customer=customer,
                kind=kind,
                value=normalised,
                label=label[:50],
                is_primary=primary or not has_primary,
            )
    except IntegrityError:
        raise Conflict(
            _("This customer already has the contact %(value)s.") % {"value": normalised},
            code="duplicate_contact",
        ) from None
    record_event(
        customer, "customers.contact.added", actor=actor, data={"kind": kind, "value": normalised}
    )
    return contact


@transaction.atomic
def record_consent(
    customer: Customer, *, purpose: str, granted: bool, actor: Any, source: str = ""
) -> Consent:
    """Record the customer's current decision on ``purpose``; earlier decisions stay as history.

    Raises ``InvalidInput`` for an unknown purpose. Records ``customers.consent.recorded``.
    """
    if purpose not in ConsentPurpose.values:
        raise InvalidInput(fields={"purpose": [_("Unknown purpose.")]})
    user = actor if getattr(actor, "is_authenticated", False) else None
    consent = Consent.objects.create(
        customer=customer,
        purpose=purpose,
        granted=granted,
        source=source[:100],
        recorded_at=timeutils.now(),
        recorded_by=user,
    )
    record_event(
        customer,
        "customers.consent.recorded",
        actor=actor,
        data={"purpose": purpose, "granted": granted, "source": source},
    )
    return consent


@transaction.atomic
def set_customer_language(customer: Customer, *, language: str, actor: Any) -> Customer:
    """Change the language the customer is answered in. Raises ``InvalidInput``."""
    _check_language(language)
    if customer.language != language:
        previous = customer.language
        customer.language = language
        customer.save(update_fields=["language", "updated_at"])
        record_event(
            customer,
            "customers.customer.language_changed",
            actor=actor,
            data={"from": previous, "to": language},
        )
    return customer


@transaction.atomic
def _oldest_holder(kind: str, normalised: str) -> ContactPoint | None:
    """The contact point with this value of the oldest customer who has it, if any."""
    return (
        ContactPoint.objects.select_related("customer")
        .filter(kind=kind, value=normalised)
        .order_by("customer_id")
        .first()
    )


def find_or_create_by_contact(
    *,
    actor: Any,
    email: str | None = None,
    phone: str | None = None,
    name: str = "",
    language: str | None = None,
) -> tuple[Customer, ContactPoint]:
    """Return the customer behind an email or phone (and that contact), creating them if new.

    When several customers share the address, the oldest is taken. Raises ``InvalidInput``
    when neither an email nor a phone is given, or one is malformed.
    """
    if email:
        kind, value = ContactKind.EMAIL, email
    elif phone:
        kind, value = ContactKind.PHONE, phone
    else:
        raise InvalidInput(fields={"customer": [_("Give the customer's email address or phone.")]})
    normalised = normalise_contact(kind, value)
    contact = _oldest_holder(kind, normalised)
    if contact is not None:
        return contact.customer, contact
    customer = create_customer(
        name=name.strip() or normalised,
        language=language,
        actor=actor,
        emails=[normalised] if kind == ContactKind.EMAIL else [],
        phones=[normalised] if kind == ContactKind.PHONE else [],
    )
    return customer, customer.contacts.get()


@transaction.atomic
def identify_caller(
    *, actor: Any, name: str = "", phone: str = "", email: str = ""
) -> tuple[Customer, ContactPoint]:
    """The customer an operator is talking to, found by phone or email, or created with both.

    The contact returned is the one they reached us by: the phone when given, else the email.
    Raises ``InvalidInput`` when neither is given or one is malformed.
    """
    phone, email = phone.strip(), email.strip()
    for kind, value in ((ContactKind.PHONE, phone), (ContactKind.EMAIL, email)):
        contact = _oldest_holder(kind, normalise_contact(kind, value)) if value else None
        if contact is not None:
            return contact.customer, contact
    if not (phone or email):
        raise InvalidInput(fields={"phone": [_("Give the customer's email address or phone.")]})
    customer = create_customer(
        name=name.strip() or phone or email,
        actor=actor,
        emails=[normalise_contact(ContactKind.EMAIL, email)] if email else [],
        phones=[normalise_contact(ContactKind.PHONE, phone)] if phone else [],
    )
    kind = ContactKind.PHONE if phone else ContactKind.EMAIL
    return customer, customer.contacts.filter(kind=kind).order_by("id")[0]
