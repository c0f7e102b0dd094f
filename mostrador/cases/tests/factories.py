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
    """Open a case for a known customer (a new Núria Puig unless given). ``remedy`` and
    ``amount`` stand for the claim's details, ``authority`` for the report's."""
    details = dict(overrides.pop("details", {}))
    remedy, amount = overrides.pop("remedy", None), overrides.pop("amount", None)
    if remedy is not None or amount is not None:
        details["claim"] = {"remedy": remedy or "", "amount_asked": amount}
    if "authority" in overrides:
        details["authority_report"] = {"authority": overrides.pop("authority")}
    overrides["details"] = details
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
