"""Customers reads."""

from __future__ import annotations

import contextlib
import re

from django.db.models import Prefetch, Q, QuerySet

from mostrador.core.errors import InvalidInput, NotFound
from mostrador.customers.choices import ConsentPurpose, ContactKind
from mostrador.customers.models import Consent, ContactPoint, Customer
from mostrador.customers.normalisation import normalise_email, normalise_phone


def _with_contacts(queryset: QuerySet[Customer]) -> QuerySet[Customer]:
    return queryset.prefetch_related(
        Prefetch("contacts", queryset=ContactPoint.objects.order_by("kind", "-is_primary", "value"))
    )


def get_customer(pk: int) -> Customer:
    """Return one customer with their contacts, or raise ``NotFound``."""
    customer = _with_contacts(Customer.objects.filter(pk=pk)).first()
    if customer is None:
        raise NotFound()
    return customer


def customer_with_email(email: str) -> Customer | None:
    """The customer who signs in with ``email``: the oldest one with that address, as when
    ``services.identify_customer`` files a case for it, so both see the same cases."""
    contact = (
        ContactPoint.objects.select_related("customer")
        .filter(kind=ContactKind.EMAIL, value=email)
        .order_by("customer_id")
        .first()
    )
    return contact.customer if contact else None


def find_customers_by_contact(value: str) -> QuerySet[Customer]:
    """Customers who have this email address or phone number (in any written form)."""
    value = value.strip()
    if "@" in value:
        kind, normalised = ContactKind.EMAIL, normalise_email(value)
    else:
        kind, normalised = ContactKind.PHONE, normalise_phone(value)
    return _with_contacts(
        Customer.objects.filter(contacts__kind=kind, contacts__value=normalised).distinct()
    )


def search_customers(query: str, *, limit: int = 20) -> list[Customer]:
    """Customers whose name, email or phone matches what an operator is typing."""
    query = query.strip()
    if len(query) < 2:
        return []
    contacts = Q(value__icontains=query.lower())
    # Not a phone number: the name and email conditions stand alone.
    with contextlib.suppress(InvalidInput):
        contacts |= Q(kind=ContactKind.PHONE, value=normalise_phone(query))
    digits = re.sub(r"\D", "", query)
    if len(digits) >= 3 and re.fullmatch(r"[\d\s+().-]+", query):
        # Part of a number as people say it ("612 34"): phones are stored as +34612345678.
        contacts |= Q(kind=ContactKind.PHONE, value__contains=digits)
    matching_contacts = ContactPoint.objects.filter(contacts).values("customer_id")
    customers = Customer.objects.filter(Q(name__icontains=query) | Q(id__in=matching_contacts))
    return list(_with_contacts(customers).order_by("name", "id")[:limit])


def current_consents(customer: Customer) -> dict[str, bool]:
    """The latest decision per purpose; a purpose never asked about counts as not granted."""
    decisions = dict.fromkeys(ConsentPurpose.values, False)
    latest_first = Consent.objects.filter(customer=customer).order_by(
        "purpose", "-recorded_at", "-id"
    )
    seen: set[str] = set()
    for purpose, granted in latest_first.values_list("purpose", "granted"):
        if purpose not in seen:
            decisions[purpose] = granted
            seen.add(purpose)
    return decisions
