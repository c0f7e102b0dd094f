"""The customers app's panels on the customer page: how to reach them, what they agreed to."""

from __future__ import annotations

from typing import Any

from mostrador.accounts.models import User
from mostrador.customers import selectors
from mostrador.customers.choices import ConsentPurpose
from mostrador.customers.models import Customer
from mostrador.web.panels import customer_panel


def reach(customer: Customer) -> dict[str, Any]:
    """How to reach the customer and what they agreed to: the card the customer page and the
    case page's customer panel both show (``web/panels/customer_card.html``). Two queries."""
    return {
        "customer": customer,
        "contacts": list(customer.contacts.all()),
        "consents": [
            (ConsentPurpose(purpose).label, granted)
            for purpose, granted in selectors.current_consents(customer).items()
        ],
    }


@customer_panel("contacts", "web/panels/customer_contacts.html", order=10, column="side")
def contacts(customer: Customer, user: User) -> dict[str, Any]:
    return reach(customer)
