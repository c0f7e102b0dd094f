"""System endpoints: health."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from mostrador.api.schemas import HealthOut
from mostrador.core import selectors

router = Router(tags=["system"])


@router.get("/health", auth=None, response={200: HealthOut, 503: HealthOut})
def health(request: HttpRequest) -> Status[dict[str, Any]]:
    """Report the database, the task worker and the scheduler; 503 when the database is down."""
    report = selectors.get_system_health()
    return Status(503 if report.status == "error" else 200, asdict(report))
