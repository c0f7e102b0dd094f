"""Customers writes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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


def _oldest_holder(kind: str, normalised: str) -> ContactPoint | None:
    """The contact point with this value of the oldest customer who has it, if any."""
    return (
        ContactPoint.objects.select_related("customer")
        .filter(kind=kind, value=normalised)
        .order_by("customer_id")
        .first()
    )


@dataclass(frozen=True)
class Contacts:
    """The emails and phones someone gave, normalised, in the order given, each once."""

    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.emails or self.phones)

    def of(self, kind: str) -> tuple[str, ...]:
        return self.emails if kind == ContactKind.EMAIL else self.phones


def check_contacts(*, emails: Iterable[str] = (), phones: Iterable[str] = ()) -> Contacts:
    """Normalise every email and phone given, or raise ``InvalidInput`` naming each bad one
    (fields ``email`` and ``phone``). Writes nothing."""
    found: dict[str, list[str]] = {ContactKind.EMAIL: [], ContactKind.PHONE: []}
    errors: dict[str, list[str]] = {}
    for kind, values in ((ContactKind.EMAIL, emails), (ContactKind.PHONE, phones)):
        for value in values:
            if not value or not value.strip():
                continue
            try:
                found[kind].append(normalise_contact(kind, value))
            except InvalidInput as error:
                errors.setdefault(kind, []).append(error.message)
    if errors:
        raise InvalidInput(fields=errors)
    return Contacts(
        emails=tuple(dict.fromkeys(found[ContactKind.EMAIL])),
        phones=tuple(dict.fromkeys(found[ContactKind.PHONE])),
    )


def identify_customer(
    *,
    contacts: Contacts,
    actor: Any,
    name: str = "",
    language: str | None = None,
    customer: Customer | None = None,
) -> tuple[Customer, list[ContactPoint]]:
    """The customer behind ``contacts`` (from ``check_contacts``), created if new, with every
    contact point given; return them and those contact points, emails first.

    ``customer`` names them when known (chosen at the counter, signed in). Otherwise the oldest
    customer holding one of the emails, else one of the phones, is the one meant. A known
    customer gets the contact points they lack, except those another customer holds already
    (possibly the same person: merging is a person's decision), and except when they were only
    found by a contact and nobody on staff vouches (``actor`` None: someone wrote in, and anyone
    can type an address): then nothing about them changes. Nothing here changes a known
    customer's name or language. Raises ``InvalidInput`` when there is neither a customer nor
    a contact. Records ``customers.customer.created`` or ``customers.contact.added``.
    """
    if customer is None and not contacts:
        raise InvalidInput(fields={"customer": [_("Give the customer's email address or phone.")]})
    # Refused above, before the transaction: what follows joins the caller's without a
    # savepoint of its own.
    with transaction.atomic(savepoint=False):
        found = _holder_of(contacts) if customer is None else None
        if found is not None:
            customer = found.customer
        if customer is None:
            customer = create_customer(
                name=name.strip() or (contacts.emails + contacts.phones)[0],
                language=language,
                actor=actor,
                emails=contacts.emails,
                phones=contacts.phones,
            )
            return customer, list(customer.contacts.order_by("kind", "id"))
        if found is not None and contacts.emails + contacts.phones == (found.value,):
            return customer, [found]  # the one contact given is the one they were found by
        vouched = found is None or actor is not None
        return customer, _complete(customer, contacts, actor=actor, add=vouched)


def _holder_of(contacts: Contacts) -> ContactPoint | None:
    """The contact point, of the oldest customer holding it, of the first email (else phone)
    someone holds."""
    for kind in (ContactKind.EMAIL, ContactKind.PHONE):
        for value in contacts.of(kind):
            holder = _oldest_holder(kind, value)
            if holder is not None:
                return holder
    return None


def _complete(
    customer: Customer, contacts: Contacts, *, actor: Any, add: bool
) -> list[ContactPoint]:
    """``customer``'s contact points for ``contacts``, adding those nobody has yet if ``add``."""
    wanted = [(kind, value) for kind in ContactKind.values for value in contacts.of(kind)]
    if not wanted:
        return []
    points = list(ContactPoint.objects.filter(value__in=[value for _kind, value in wanted]))
    mine = {(p.kind, p.value): p for p in points if p.customer_id == customer.pk}
    taken = {(p.kind, p.value) for p in points}
    found = []
    for kind, value in wanted:
        if (kind, value) in mine:
            found.append(mine[kind, value])
        elif add and (kind, value) not in taken:
            found.append(add_contact_point(customer, kind=kind, value=value, actor=actor))
    return found
