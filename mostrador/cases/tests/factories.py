"""Helpers that open cases the way users do: through the service."""

from __future__ import annotations

from typing import Any

from mostrador.cases import services
from mostrador.cases.models import Case
from mostrador.customers import services as customer_services
from mostrador.customers.models import Customer


def make_customer(
    name: str = "Núria Puig", email: str = "nuria@example.cat", language: str = "ca"
) -> Customer:
    return customer_services.create_customer(
        name=name, emails=[email], language=language, actor=None
    )


def open_case(**overrides: Any) -> Case:
    values: dict[str, Any] = {
        "type": "information",
        "channel": "email",
        "subject": "La rentadora no centrifuga",
        "body": "Des de dimarts la rentadora no centrifuga i fa un soroll estrany.",
        "actor": None,
    }
    values.update(overrides)
    if "customer" not in values:
        values["customer"] = make_customer()
    return services.open_case(**values)
