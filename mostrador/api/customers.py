"""Customer endpoints: find, read and create customers."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field as SchemaField
from ninja import Query, Router, Schema, Status

from mostrador.api.schemas import CustomerIn, CustomerOut, ErrorOut, Id
from mostrador.customers import selectors, services
from mostrador.customers.models import Customer

router = Router(tags=["customers"])


class CustomerFilter(Schema):
    q: str = SchemaField(min_length=2, max_length=200, description="Name, email or phone.")


@router.get("", response=list[CustomerOut])
def search_customers(request: HttpRequest, filters: Query[CustomerFilter]) -> list[Customer]:
    """Customers whose name, email address or phone number matches ``q`` (at most 20)."""
    return selectors.search_customers(filters.q)


@router.get("/{customer_id}", response={200: CustomerOut, 404: ErrorOut})
def get_customer(request: HttpRequest, customer_id: Id) -> Customer:
    """One customer with their contact points."""
    return selectors.get_customer(customer_id)


@router.post("", response={201: CustomerOut, 422: ErrorOut})
def create_customer(request: HttpRequest, payload: CustomerIn) -> Status[Customer]:
    """Create a customer; emails and phones are normalised (phones to E.164)."""
    customer = services.create_customer(
        name=payload.name,
        kind=payload.kind,
        language=payload.language,
        emails=payload.emails,
        phones=payload.phones,
        actor=request.auth,  # type: ignore[attr-defined]
    )
    return Status(201, selectors.get_customer(customer.pk))
