"""The customer portal in tests."""

from __future__ import annotations

from typing import Any

from django.test import Client


def signed_in(customer: Any) -> Client:
    """A browser whose portal session is the customer's (the link flow is tested on its own)."""
    client = Client()
    session = client.session
    session["portal_customer_id"] = customer.pk
    session.save()
    return client
