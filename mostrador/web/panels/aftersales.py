"""The after-sales panels: the product a technical case is about."""

from __future__ import annotations

from typing import Any

from mostrador.accounts.models import User
from mostrador.aftersales.details import TECHNICAL
from mostrador.aftersales.models import TechnicalRequest
from mostrador.cases.details import get_row
from mostrador.cases.models import Case
from mostrador.web.panels import case_panel


@case_panel("technical", "web/panels/technical.html", order=10)
def technical(case: Case, user: User) -> dict[str, Any] | None:
    row = get_row(case, TECHNICAL, TechnicalRequest)
    if row is None:
        return None
    return {"request": row, "facts": TECHNICAL.facts(case)}
