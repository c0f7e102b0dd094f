"""Customers reads."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from mostrador.core.errors import InvalidInput, NotFound
from mostrador.customers.choices import ConsentPurpose, ContactKind
from mostrador.customers.models import Consent, ContactPoint, Customer
from mostrador.customers.normalisation import normalise_email, normalise_phone, phone_prefix


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


# The most matching customers a search counts: past it the screen says "more than 100", so
# the count stays a bounded scan however many customers there are.
COUNT_CAP = 100


@dataclass(frozen=True)
class CustomerMatches:
    """The first customers matching a search, best first, and how many match in all, counted
    up to ``COUNT_CAP`` (``capped`` then says that ``total`` is a floor)."""

    customers: list[Customer]
    total: int
    capped: bool = False

    @property
    def more(self) -> bool:
        return self.total > len(self.customers)


def _exact_contact(query: str) -> Q | None:
    """The contact points that are exactly the address or number typed, in any written form."""
    if "@" in query:
        with contextlib.suppress(InvalidInput):
            return Q(kind=ContactKind.EMAIL, value=normalise_email(query))
        return None
    with contextlib.suppress(InvalidInput):
        return Q(kind=ContactKind.PHONE, value=normalise_phone(query))
    return None


def _starting_contact(query: str) -> Q:
    """The contact points that start with what is typed: an address, or a number so far."""
    starting = Q(kind=ContactKind.EMAIL, value__startswith=query.lower())
    prefix = phone_prefix(query)
    if prefix:
        starting |= Q(kind=ContactKind.PHONE, value__startswith=prefix)
    return starting


def _matching_customers(query: str) -> QuerySet[Customer]:
    """Customers whose name holds every word typed, or one of whose contacts holds the text."""
    contacts = Q(value__icontains=query.lower())
    exact = _exact_contact(query)
    if exact is not None:
        contacts |= exact
    digits = re.sub(r"\D", "", query)
    if phone_prefix(query):
        # Part of a number as people say it ("612 34"): phones are stored as +34612345678.
        contacts |= Q(kind=ContactKind.PHONE, value__contains=digits)
    name = Q()
    for word in query.split():
        name &= Q(name__icontains=word)
    matching_contacts = ContactPoint.objects.filter(contacts).values("customer_id")
    return Customer.objects.filter(name | Q(id__in=matching_contacts))


def _ranked(query: str) -> QuerySet[Customer]:
    """``_matching_customers`` best first: the exact email or phone number, then what starts
    with the text (name, address, number), then a word of the name starting with it, then the
    rest (part of a number, words anywhere); by name and id within each."""
    own = ContactPoint.objects.filter(customer=OuterRef("pk"))
    tiers: list[When] = []
    exact = _exact_contact(query)
    if exact is not None:
        tiers.append(When(Exists(own.filter(exact)), then=Value(0)))
    tiers += [
        When(Q(name__istartswith=query), then=Value(1)),
        When(Exists(own.filter(_starting_contact(query))), then=Value(1)),
        When(Q(name__icontains=f" {query}"), then=Value(2)),
    ]
    rank = Case(*tiers, default=Value(3), output_field=IntegerField())
    return _with_contacts(
        _matching_customers(query).annotate(match_rank=rank).order_by("match_rank", "name", "id")
    )


def search_customers(query: str, *, limit: int = 20) -> list[Customer]:
    """Customers whose name, email or phone matches what an operator is typing, best first
    (see ``_ranked``). Two queries."""
    query = query.strip()
    if len(query) < 2:
        return []
    return list(_ranked(query)[:limit])


def search_customers_counted(query: str, *, limit: int) -> CustomerMatches:
    """The first ``limit`` customers of ``search_customers`` and how many match in all.

    One more row is fetched to know whether there are more; only then are they counted, and
    never past ``COUNT_CAP``. Two queries, or three when there are more.
    """
    query = query.strip()
    if len(query) < 2:
        return CustomerMatches(customers=[], total=0)
    found = list(_ranked(query)[: limit + 1])
    if len(found) <= limit:
        return CustomerMatches(customers=found, total=len(found))
    total = _matching_customers(query).order_by().values("pk")[: COUNT_CAP + 1].count()
    return CustomerMatches(
        customers=found[:limit], total=min(total, COUNT_CAP), capped=total > COUNT_CAP
    )


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
