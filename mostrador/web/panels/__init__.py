"""Panels: the case page and the customer page are assembled from what apps contribute.

A panel is a template and a function that gives its context for one case (or customer) and
one reader, or None when it has nothing to show. Each app contributes its panels in its own
module of this package (``panels/cases.py``, ``panels/aftersales.py``...), registered with
``case_panel`` or ``customer_panel``; every module here is loaded when Django starts. So the
after-sales, knowledge and survey panels never make ``cases`` import them, and a new app adds
a module and a template without touching the pages.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from mostrador.accounts.models import User
from mostrador.cases.models import Case
from mostrador.customers.models import Customer

Column = Literal["main", "side"]
CaseContext = Callable[[Case, User], dict[str, Any] | None]
CustomerContext = Callable[[Customer, User], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[[Any, User], dict[str, Any] | None]
    order: int
    column: Column


@dataclass(frozen=True)
class Shown:
    """A panel with its context, ready for ``{% include panel.template with ... %}``."""

    name: str
    template: str
    context: dict[str, Any]
    column: Column


_CASE: dict[str, Panel] = {}
_CUSTOMER: dict[str, Panel] = {}


def case_panel(
    name: str, template: str, *, order: int = 100, column: Column = "side"
) -> Callable[[CaseContext], CaseContext]:
    """Register the decorated function as the context of a panel of the case page."""

    def register(context: CaseContext) -> CaseContext:
        _CASE[name] = Panel(name, template, context, order, column)
        return context

    return register


def customer_panel(
    name: str, template: str, *, order: int = 100, column: Column = "main"
) -> Callable[[CustomerContext], CustomerContext]:
    """Register the decorated function as the context of a panel of the customer page."""

    def register(context: CustomerContext) -> CustomerContext:
        _CUSTOMER[name] = Panel(name, template, context, order, column)
        return context

    return register


def _show(panels: dict[str, Panel], subject: Any, user: User) -> list[Shown]:
    shown = []
    for panel in sorted(panels.values(), key=lambda panel: (panel.order, panel.name)):
        context = panel.context(subject, user)
        if context is not None:
            shown.append(Shown(panel.name, panel.template, context, panel.column))
    return shown


def for_case(case: Case, user: User) -> list[Shown]:
    """The case page's panels with something to show ``user``, in order."""
    return _show(_CASE, case, user)


def for_customer(customer: Customer, user: User) -> list[Shown]:
    """The customer page's panels with something to show ``user``, in order."""
    return _show(_CUSTOMER, customer, user)


def load() -> None:
    """Import every module of this package, so that each registers its panels."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
